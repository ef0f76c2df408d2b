// Linear SVM for workspace models: one-vs-rest L2-regularised squared-hinge SVMs fitted
// by dual coordinate descent (Hsieh et al., ICML 2008, the LIBLINEAR solver), over
// sublinear TF-IDF features scaled per class by naive-Bayes log-count ratios (NBSVM,
// Wang & Manning, ACL 2012), with class weights for macro-F1 and the penalty C chosen
// by inner cross-validation. Measured against the softmax regression in linear.ts on
// 5-fold CV of the airline tweets as triage labels (see MODEL_CARD.md): 0.740 -> 0.78.
// Pure and deterministic: no I/O, seeded shuffles.
import type { Features } from "./linear.ts";

/** Feature-name prefixes that are dense engine signals, not counts: no tf/idf transform. */
const DENSE_PREFIXES = ["eng:", "b:"];
const isDense = (name: string) => name.startsWith(DENSE_PREFIXES[0]) || name.startsWith(DENSE_PREFIXES[1]);

/** What a fitted SVM field model holds (JSON-serialisable). */
export interface SvmModelData {
  kind: "svm";
  classes: string[];
  bias: number[];
  /**
   * weights[f] = [w_0 .. w_{K-1}, idf]: per-class weights (NB ratio folded in) and the
   * feature's idf, applied before the post's vector is L2-normalised.
   */
  weights: Record<string, number[]>;
  /** The penalty the inner cross-validation chose. */
  C: number;
}

export interface SvmOptions {
  /** Candidate penalties; more than one = chosen by inner CV on the training rows. Default [0.03, 0.1, 0.3]. */
  C?: number[];
  /** Folds of the inner CV that picks C. Default 3. */
  innerFolds?: number;
  /** Maximum passes of coordinate descent per class. Default 40. */
  epochs?: number;
  /** Stop a class once the largest projected gradient of a pass is below this (LIBLINEAR uses 0.1). Default 0.1. */
  tolerance?: number;
  /** Drop count features seen in fewer training rows than this. Default 2. */
  minCount?: number;
  /** Weight classes by inverse frequency (for macro-F1). Default true. */
  balance?: boolean;
  /** Scale features by naive-Bayes log-count ratios per class. Default true. */
  nb?: boolean;
}

/** Rows as compressed sparse rows over integer feature ids, L2-normalised. */
interface Csr { ptr: Int32Array; ids: Int32Array; vals: Float64Array }

const tf = (v: number) => (v > 0 ? 1 + Math.log(v) : v);

function shuffle(n: number, seed: number): Int32Array {
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  let a = seed >>> 0;
  for (let i = n - 1; i > 0; i--) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const j = Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * (i + 1));
    const s = idx[i]; idx[i] = idx[j]; idx[j] = s;
  }
  return idx;
}

/** Macro-F1 over integer labels 0..K-1 (classes absent from gold are skipped). */
function macroF1Int(gold: ArrayLike<number>, pred: ArrayLike<number>, K: number): number {
  let sum = 0, n = 0;
  for (let k = 0; k < K; k++) {
    let tp = 0, fp = 0, fn = 0;
    for (let i = 0; i < gold.length; i++) {
      const g = gold[i] === k, p = pred[i] === k;
      if (g && p) tp++; else if (p) fp++; else if (g) fn++;
    }
    if (tp + fn === 0) continue;
    n++;
    sum += tp ? (2 * tp) / (2 * tp + fp + fn) : 0;
  }
  return n ? sum / n : 0;
}

/**
 * Fits K one-vs-rest SVMs on the rows `rows` of `X`; returns weights per class over
 * feature ids (NB ratio folded in) and biases.
 */
function fitOvr(X: Csr, y: Int32Array, rows: Int32Array, K: number, dim: number, C: number, o: Required<SvmOptions>): { W: Float64Array[]; b: Float64Array } {
  const n = rows.length;
  const counts = new Float64Array(K);
  for (let r = 0; r < n; r++) counts[y[rows[r]]]++;
  const W: Float64Array[] = [];
  const b = new Float64Array(K);
  const { ptr, ids, vals } = X;
  const scaled = new Float64Array(ptr[ptr.length - 1]);
  const alpha = new Float64Array(n), Qd = new Float64Array(n), Cw = new Float64Array(n), yk = new Int8Array(n);
  for (let k = 0; k < K; k++) {
    // NB log-count ratio of each feature for class k vs the rest (binarised presence).
    const ratio = new Float64Array(dim).fill(1);
    if (o.nb) {
      const p = new Float64Array(dim).fill(1), q = new Float64Array(dim).fill(1);
      for (let r = 0; r < n; r++) {
        const i = rows[r], t = y[i] === k ? p : q;
        for (let j = ptr[i]; j < ptr[i + 1]; j++) if (vals[j] > 0) t[ids[j]]++;
      }
      let sp = 0, sq = 0;
      for (let f = 0; f < dim; f++) { sp += p[f]; sq += q[f]; }
      for (let f = 0; f < dim; f++) ratio[f] = 1 + Math.abs(Math.log((p[f] / sp) / (q[f] / sq)));
    }
    for (let j = 0; j < scaled.length; j++) scaled[j] = vals[j] * ratio[ids[j]];
    const w = new Float64Array(dim);
    let bias = 0;
    const pos = counts[k], neg = n - pos;
    for (let r = 0; r < n; r++) {
      const i = rows[r];
      yk[r] = y[i] === k ? 1 : -1;
      const cw = o.balance ? (yk[r] > 0 ? n / (2 * Math.max(pos, 1)) : n / (2 * Math.max(neg, 1))) : 1;
      Cw[r] = C * cw;
      let s = 1; // the bias is a constant feature of value 1
      for (let j = ptr[i]; j < ptr[i + 1]; j++) s += scaled[j] * scaled[j];
      Qd[r] = s + 0.5 / Cw[r];
      alpha[r] = 0;
    }
    for (let e = 0; e < o.epochs; e++) {
      const order = shuffle(n, 1000 * k + e + 1);
      let maxPG = 0;
      for (let o2 = 0; o2 < n; o2++) {
        const r = order[o2], i = rows[r];
        let g = bias;
        for (let j = ptr[i]; j < ptr[i + 1]; j++) g += w[ids[j]] * scaled[j];
        g = yk[r] * g - 1 + (alpha[r] * 0.5) / Cw[r];
        const pg = alpha[r] === 0 ? Math.min(g, 0) : g;
        if (Math.abs(pg) > maxPG) maxPG = Math.abs(pg);
        if (pg !== 0) {
          const old = alpha[r];
          alpha[r] = Math.max(old - g / Qd[r], 0);
          const d = (alpha[r] - old) * yk[r];
          if (d !== 0) {
            for (let j = ptr[i]; j < ptr[i + 1]; j++) w[ids[j]] += d * scaled[j];
            bias += d;
          }
        }
      }
      if (maxPG < o.tolerance) break;
    }
    for (let f = 0; f < dim; f++) w[f] *= ratio[f];
    W.push(w);
    b[k] = bias;
  }
  return { W, b };
}

function predictRow(X: Csr, i: number, W: Float64Array[], b: Float64Array): number {
  let best = 0, bestZ = -Infinity;
  for (let k = 0; k < W.length; k++) {
    const w = W[k];
    let z = b[k];
    for (let j = X.ptr[i]; j < X.ptr[i + 1]; j++) z += w[X.ids[j]] * X.vals[j];
    if (z > bestZ) { bestZ = z; best = k; }
  }
  return best;
}

/**
 * Posts' features interned once to integer ids, so that cross-validation can fit many
 * models on subsets of rows without touching strings again.
 */
export class SvmData {
  readonly names: string[] = [];
  readonly dense: boolean[] = [];
  readonly ptr: Int32Array;
  readonly ids: Int32Array;
  readonly raw: Float64Array;

  constructor(xs: Features[]) {
    const index = new Map<string, number>();
    let nnz = 0;
    for (const f of xs) nnz += f.size;
    this.ptr = new Int32Array(xs.length + 1);
    this.ids = new Int32Array(nnz);
    this.raw = new Float64Array(nnz);
    let at = 0;
    xs.forEach((f, i) => {
      for (const [name, v] of f) {
        let id = index.get(name);
        if (id === undefined) { id = this.names.length; index.set(name, id); this.names.push(name); this.dense.push(isDense(name)); }
        this.ids[at] = id; this.raw[at] = v; at++;
      }
      this.ptr[i + 1] = at;
    });
  }

  get rows(): number { return this.ptr.length - 1; }
}

/** A fitted model over SvmData ids (export() turns it into the named JSON form). */
export interface SvmFit {
  classes: string[];
  C: number;
  /** Per feature id: idf, or 0 when the feature is outside the model's vocabulary. */
  idf: Float64Array;
  W: Float64Array[];
  b: Float64Array;
}

/** Same transform as svmScores(): sublinear tf x idf over the vocabulary, L2-normalised. */
function vectorise(d: SvmData, rows: ArrayLike<number>, idf: Float64Array): Csr {
  let nnz = 0;
  for (let r = 0; r < rows.length; r++) { const i = rows[r]; for (let j = d.ptr[i]; j < d.ptr[i + 1]; j++) if (idf[d.ids[j]] > 0) nnz++; }
  const X: Csr = { ptr: new Int32Array(rows.length + 1), ids: new Int32Array(nnz), vals: new Float64Array(nnz) };
  let at = 0;
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r], start = at;
    let n2 = 0;
    for (let j = d.ptr[i]; j < d.ptr[i + 1]; j++) {
      const id = d.ids[j], w = idf[id];
      if (!(w > 0)) continue;
      const x = d.dense[id] ? d.raw[j] : tf(d.raw[j]) * w;
      X.ids[at] = id; X.vals[at] = x; n2 += x * x; at++;
    }
    const norm = Math.sqrt(n2) || 1;
    for (let j = start; j < at; j++) X.vals[j] /= norm;
    X.ptr[r + 1] = at;
  }
  return X;
}

/** Fits on the given rows of `d` (labels `ys` are indexed like d's rows); C from inner CV when several are given. */
export function fitSvm(d: SvmData, ys: string[], rows: ArrayLike<number>, opts: SvmOptions = {}): SvmFit {
  const o: Required<SvmOptions> = { C: [0.03, 0.1, 0.3], innerFolds: 3, epochs: 40, tolerance: 0.1, minCount: 2, balance: true, nb: true, ...opts };
  const n = rows.length;
  const classes = [...new Set(Array.from(rows, (i) => ys[i]))].sort();
  const K = classes.length;
  const y = new Int32Array(n);
  for (let r = 0; r < n; r++) y[r] = classes.indexOf(ys[rows[r]]);
  // Vocabulary from these rows only: document frequency, idf.
  const dim = d.names.length;
  const df = new Int32Array(dim);
  for (let r = 0; r < n; r++) { const i = rows[r]; for (let j = d.ptr[i]; j < d.ptr[i + 1]; j++) df[d.ids[j]]++; }
  const idf = new Float64Array(dim);
  for (let f = 0; f < dim; f++) {
    if (df[f] === 0) continue;
    if (d.dense[f]) idf[f] = 1;
    else if (df[f] >= o.minCount) idf[f] = Math.log((n + 1) / (df[f] + 1)) + 1;
  }
  const X = vectorise(d, rows, idf);
  let C = o.C[0];
  if (o.C.length > 1 && K > 1) {
    // Inner CV on these rows only: the caller's held-out rows never influence C.
    const folds = Math.max(2, Math.min(o.innerFolds, n));
    const order = shuffle(n, 17);
    let bestF = -1;
    for (const c of o.C) {
      const pred = new Int32Array(n);
      for (let fold = 0; fold < folds; fold++) {
        const train: number[] = [], test: number[] = [];
        order.forEach((r, at) => (at % folds === fold ? test : train).push(r));
        const m = fitOvr(X, y, Int32Array.from(train), K, dim, c, o);
        for (const r of test) pred[r] = predictRow(X, r, m.W, m.b);
      }
      const f1 = macroF1Int(y, pred, K);
      if (f1 > bestF + 1e-9) { bestF = f1; C = c; }
    }
  }
  const all = new Int32Array(n);
  for (let r = 0; r < n; r++) all[r] = r;
  const { W, b } = fitOvr(X, y, all, K, dim, C, o);
  return { classes, C, idf, W, b };
}

/** Class index the fitted model gives row i of `d`. */
export function predictSvmRow(fit: SvmFit, d: SvmData, i: number): number {
  const X = vectorise(d, [i], fit.idf);
  return predictRow(X, 0, fit.W, fit.b);
}

/** The named, JSON-serialisable form of a fit. */
export function exportSvm(fit: SvmFit, d: SvmData): SvmModelData {
  const weights: Record<string, number[]> = {};
  const r5 = (v: number) => Math.round(v * 1e5) / 1e5;
  for (let f = 0; f < fit.idf.length; f++) {
    // Every vocabulary feature is kept (even with zero weights) so that the norm a post
    // gets at prediction time is the norm it got in training.
    if (!(fit.idf[f] > 0)) continue;
    const row = fit.W.map((w) => r5(w[f]));
    row.push(r5(fit.idf[f]));
    weights[d.names[f]] = row;
  }
  return { kind: "svm", classes: fit.classes, bias: Array.from(fit.b, r5), weights, C: fit.C };
}

/** Fits an SVM field model on named sparse features (all rows). */
export function trainSvm(xs: Features[], ys: string[], opts: SvmOptions = {}): SvmModelData {
  if (xs.length !== ys.length) throw new Error(`trainSvm: ${xs.length} feature rows but ${ys.length} labels`);
  const d = new SvmData(xs);
  return exportSvm(fitSvm(d, ys, Array.from({ length: xs.length }, (_, i) => i), opts), d);
}

// A model's weights are indexed once, on first use, into one Map (name -> row) and one
// flat Float64Array: per post that is one Map lookup and one contiguous read per feature
// instead of a property lookup on an object of ~10^5 keys and a separate array.
interface FlatWeights { index: Map<string, number>; flat: Float64Array }
const flatCache = new WeakMap<SvmModelData, FlatWeights>();
function flatWeights(model: SvmModelData): FlatWeights {
  let fw = flatCache.get(model);
  if (!fw) {
    const K1 = model.classes.length + 1;
    const names = Object.keys(model.weights);
    const index = new Map<string, number>();
    const flat = new Float64Array(names.length * K1);
    names.forEach((name, r) => {
      index.set(name, r * K1);
      const row = model.weights[name];
      for (let k = 0; k < K1; k++) flat[r * K1 + k] = row[k] ?? 0;
    });
    fw = { index, flat };
    flatCache.set(model, fw);
  }
  return fw;
}

/** Decision values (one per class) of an SVM field model for one post's features. */
export function svmScores(model: SvmModelData, f: Features): number[] {
  const K = model.classes.length;
  const z = new Array<number>(K).fill(0);
  const { index, flat } = flatWeights(model);
  let n2 = 0;
  for (const [name, v] of f) {
    const at = index.get(name);
    if (at === undefined) continue;
    const x = isDense(name) ? v : tf(v) * flat[at + K];
    n2 += x * x;
    for (let k = 0; k < K; k++) z[k] += flat[at + k] * x;
  }
  const norm = Math.sqrt(n2) || 1;
  for (let k = 0; k < K; k++) z[k] = model.bias[k] + z[k] / norm;
  return z;
}
