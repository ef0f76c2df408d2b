// A small multinomial logistic regression over sparse named features. It is shared by
// the shipped English sentiment layer (models/sentiment-en.json) and by per-workspace
// models trained from triage labels (learn.ts). Pure: no I/O, deterministic training.
import type { Token } from "./tokenize.en.ts";
import type { EnglishValence } from "./sentiment.en.ts";
import { NEGATORS } from "./lexicon.en.ts";
import { stem } from "./stem.ts";

export type Features = Map<string, number>;

/** What a linear model file holds. `weights[f][k]` is feature f's weight for classes[k]. */
export interface LinearModelData {
  classes: string[];
  bias: number[];
  weights: Record<string, number[]>;
}

/** Training options. */
export interface TrainOptions {
  /** L2 penalty per example. Default 1e-4. */
  l2?: number;
  /** Passes over the data. Default 30. */
  epochs?: number;
  /** Initial learning rate (AdaGrad). Default 0.3. */
  rate?: number;
  /** Drop features seen in fewer examples than this. Default 2. */
  minCount?: number;
  /** Weight classes by inverse frequency (helps macro-F1 on skewed labels). Default true. */
  balance?: boolean;
  /** Average the weights over epochs (after the first). Default true. */
  average?: boolean;
}

export function predictProba(model: LinearModelData, f: Features): number[] {
  const z = model.bias.slice();
  for (const [name, x] of f) {
    const w = model.weights[name];
    if (!w) continue;
    for (let k = 0; k < z.length; k++) z[k] += w[k] * x;
  }
  let max = -Infinity;
  for (const v of z) if (v > max) max = v;
  let s = 0;
  for (let k = 0; k < z.length; k++) { z[k] = Math.exp(z[k] - max); s += z[k]; }
  for (let k = 0; k < z.length; k++) z[k] /= s;
  return z;
}

export function argmax(p: number[]): number {
  let best = 0;
  for (let k = 1; k < p.length; k++) if (p[k] > p[best]) best = k;
  return best;
}

/** Deterministic shuffle (mulberry32) so training and folds replay identically. */
export function seededOrder(n: number, seed = 1): number[] {
  const idx = Array.from({ length: n }, (_, i) => i);
  let a = seed >>> 0;
  const rnd = () => { a = (a + 0x6d2b79f5) >>> 0; let t = a; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
  for (let i = n - 1; i > 0; i--) { const j = Math.floor(rnd() * (i + 1)); [idx[i], idx[j]] = [idx[j], idx[i]]; }
  return idx;
}

/** Fits a softmax regression with AdaGrad SGD; classes are balanced by inverse frequency. */
export function trainLinear(xs: Features[], ys: string[], opts: TrainOptions = {}): LinearModelData {
  const l2 = opts.l2 ?? 1e-4, epochs = opts.epochs ?? 30, rate = opts.rate ?? 0.3, minCount = opts.minCount ?? 2;
  if (xs.length !== ys.length) throw new Error(`trainLinear: ${xs.length} feature rows but ${ys.length} labels`);
  const classes = [...new Set(ys)].sort();
  const K = classes.length;
  const counts = new Map<string, number>();
  for (const f of xs) for (const name of f.keys()) counts.set(name, (counts.get(name) ?? 0) + 1);
  const keep = new Set([...counts].filter(([n, c]) => c >= minCount || n.startsWith("b:")).map(([n]) => n));
  const weights: Record<string, number[]> = {};
  const g2: Record<string, number[]> = {};
  for (const n of keep) { weights[n] = new Array(K).fill(0); g2[n] = new Array(K).fill(1e-8); }
  const bias = new Array(K).fill(0), bg2 = new Array(K).fill(1e-8);
  const yi = ys.map((y) => classes.indexOf(y));
  const freq = classes.map((_, k) => yi.filter((v) => v === k).length);
  const cw = freq.map((c) => (c ? (opts.balance ?? true ? ys.length / (K * c) : 1) : 0));
  const model: LinearModelData = { classes, bias, weights };
  // Epoch-level weight averaging (from the second epoch on) smooths SGD's last-sample noise.
  const avgW: Record<string, number[]> = {};
  const avgB = new Array(K).fill(0);
  let snaps = 0;
  for (let e = 0; e < epochs; e++) {
    for (const i of seededOrder(xs.length, e + 1)) {
      const p = predictProba(model, xs[i]);
      const c = cw[yi[i]];
      for (let k = 0; k < K; k++) {
        const g = c * (p[k] - (k === yi[i] ? 1 : 0));
        bg2[k] += g * g; bias[k] -= (rate / Math.sqrt(bg2[k])) * g;
        for (const [name, x] of xs[i]) {
          const w = weights[name];
          if (!w) continue;
          const gg = g * x + l2 * w[k];
          g2[name][k] += gg * gg;
          w[k] -= (rate / Math.sqrt(g2[name][k])) * gg;
        }
      }
    }
    if (e >= Math.min(1, epochs - 1)) {
      snaps++;
      for (const n in weights) { const a = (avgW[n] ??= new Array(K).fill(0)); const w = weights[n]; for (let k = 0; k < K; k++) a[k] += w[k]; }
      for (let k = 0; k < K; k++) avgB[k] += bias[k];
    }
  }
  if (opts.average ?? true) {
    for (const n of Object.keys(weights)) weights[n] = avgW[n].map((v) => v / snaps);
    for (let k = 0; k < K; k++) bias[k] = avgB[k] / snaps;
  }
  // Round and prune so the JSON file stays small and diffs stay readable.
  for (const n of Object.keys(weights)) {
    const w = weights[n].map((v) => Math.round(v * 1e4) / 1e4);
    if (w.every((v) => Math.abs(v) < 1e-3)) delete weights[n]; else weights[n] = w;
  }
  return { classes, bias: bias.map((v) => Math.round(v * 1e4) / 1e4), weights };
}

/**
 * Sentence features for English: lexicon summary ("b:" dense), unigrams with a NOT_
 * prefix inside a negation scope, bigrams, and emoji. Shared by the shipped model and
 * workspace models so both see the same text the same way.
 */
export function englishFeatures(tokens: Token[], val: EnglishValence, ngrams = true): Features {
  const f: Features = new Map();
  f.set("b:compound", val.compound);
  f.set("b:pos", Math.min(val.pos, 8) / 4);
  f.set("b:neg", Math.min(val.neg, 8) / 4);
  if (val.hits === 0) f.set("b:nohit", 1);
  if (!ngrams) return f;
  let negScope = false;
  let prev = "";
  for (const t of tokens) {
    if (t.kind === "punct") { negScope = false; if (t.w.includes("?")) f.set("b:question", 1); if (t.w.includes("!")) f.set("b:exclaim", 1); prev = ""; continue; }
    // Which account a post addresses is itself a strong prior in a workspace (one brand's
    // mentions run more negative than another's).
    if (t.kind === "mention") { f.set("m:" + t.w, 1); prev = ""; continue; }
    if (t.kind === "emoji" || t.kind === "emoticon") { f.set("e:" + t.w, 1); continue; }
    const w = /^\d+$/.test(t.w) ? "<num>" : t.w;
    f.set((negScope ? "n:" : "u:") + w, 1);
    if (w.length > 4) f.set("s:" + stem(w), 1);
    if (prev) f.set("g:" + prev + " " + w, 1);
    prev = w;
    if (NEGATORS.has(w) || w.endsWith("n't")) negScope = true;
  }
  return f;
}
