// Chinese valence: Weibo bracket emoticons are read first, Traditional is folded to
// Simplified, jieba segments (with the project lexicon added as user words so that
// "难吃" or "态度差" stay whole), then negators, degree adverbs and contrast apply.
import fs from "node:fs";
import { createRequire } from "node:module";
import type { Jieba as JiebaType } from "@node-rs/jieba";
import { WEIBO_EMOTICONS, ZH_CONTRAST, ZH_DEGREE, ZH_LEXICON, ZH_NEGATORS, ZH_SUMMARY, ZH_CONCESSIVE } from "./lexicon.zh.ts";
import { toSimplified } from "./trad2simp.ts";
import { ConfigError, describeError } from "../../core/errors.ts";

// @node-rs/jieba is a CommonJS native addon; require keeps the loading synchronous.
const require = createRequire(import.meta.url);

/** The shipped Chinese model (see MODEL_CARD.md and `npm run model:build:zh`). */
export const DEFAULT_ZH_MODEL = new URL("../../models/sentiment-zh.json", import.meta.url);

/**
 * A binary logistic model stacked on the lexicon: z = bias + lexWeight * lexicon sum +
 * the weights of the post's jieba words, word bigrams and negation-scoped words.
 */
export interface ZhModelFile {
  format: "earshot-zh-linear";
  version: number;
  name: string;
  trainedOn: string[];
  bias: number;
  lexWeight: number;
  weights: Record<string, number>;
}

export interface ChineseSentimentOptions {
  /** Path of the stacked model; default models/sentiment-zh.json. `null` = lexicon rules only. */
  model?: string | URL | null;
}

export function loadZhModel(file: string | URL): ZhModelFile {
  let data: ZhModelFile;
  try {
    data = JSON.parse(fs.readFileSync(file, "utf8")) as ZhModelFile;
  } catch (err) {
    throw new ConfigError(`cannot read Chinese sentiment model ${String(file)}: ${describeError(err)}`, [], { cause: err });
  }
  if (data.format !== "earshot-zh-linear" || typeof data.bias !== "number" || typeof data.lexWeight !== "number" || !data.weights) {
    throw new ConfigError(`Chinese sentiment model ${String(file)} is not an earshot-zh-linear model (format=${JSON.stringify(data.format)})`);
  }
  return data;
}

/**
 * The model's word features of a segmented post, in one pass: "u:" word, "b:" word
 * bigram inside a clause, "n:" word inside a negator's scope (to the clause end).
 * Shared by the model build (bench/text/zh-model-build.ts) and scoring.
 */
export function forEachZhFeature(tokens: readonly string[], emit: (key: string) => void): void {
  let prev = "";
  let negScope = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t === " " || isPunct(t)) { prev = ""; negScope = false; continue; }
    emit("u:" + t);
    if (prev) emit("b:" + prev + "|" + t);
    if (negScope) emit("n:" + t);
    if (ZH_NEGATORS.has(t)) negScope = true;
    prev = t;
  }
}

/** One word's weights, indexed so that scoring a post needs no string building. */
interface WordWeights { u: number; n: number; next: Map<string, number> | null; negator: boolean }

function indexWeights(weights: Record<string, number>): Map<string, WordWeights> {
  const index = new Map<string, WordWeights>();
  const entry = (w: string) => { let e = index.get(w); if (!e) index.set(w, e = { u: 0, n: 0, next: null, negator: ZH_NEGATORS.has(w) }); return e; };
  // Every negator gets an entry, so that a token missing from the index is known not to be one.
  for (const w of ZH_NEGATORS) entry(w);
  for (const [key, v] of Object.entries(weights)) {
    const kind = key.slice(0, 2), rest = key.slice(2);
    if (kind === "u:") entry(rest).u = v;
    else if (kind === "n:") entry(rest).n = v;
    else if (kind === "b:") {
      const bar = rest.indexOf("|");
      const e = entry(rest.slice(0, bar));
      (e.next ??= new Map()).set(rest.slice(bar + 1), v);
    }
  }
  return index;
}

/** The same sum as adding the weight of every key forEachZhFeature emits. */
function modelSum(index: Map<string, WordWeights>, tokens: readonly string[]): number {
  let z = 0;
  let prev: WordWeights | undefined;
  let hasPrev = false;
  let negScope = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t === " " || isPunct(t)) { hasPrev = false; prev = undefined; negScope = false; continue; }
    const e = index.get(t);
    if (hasPrev && prev?.next) z += prev.next.get(t) ?? 0;
    if (e) {
      z += e.u;
      if (negScope) z += e.n;
      if (e.negator) negScope = true;
    }
    prev = e; hasPrev = true;
  }
  return z;
}

export interface ChineseValence {
  compound: number;
  pos: number;
  neg: number;
  hits: number;
  traditional: boolean;
  /** Segmented Simplified tokens, reused by complaint rules and learned models. */
  tokens: string[];
  simplified: string;
  /** The lexicon's raw valence sum (emoticons, words, rules) before the model. */
  lexiconSum: number;
  why: string[];
}

const EMOTICON_RE = /\[([^\[\]\s]{1,8})\]/g;
const PUNCT_RE = /^[，。！？!?,.；;、…~\s]+$/;
// Maps instead of object property lookups: measurably faster for thousands of CJK keys.
const LEX = new Map(Object.entries(ZH_LEXICON));
const DEGREE = new Map(Object.entries(ZH_DEGREE));
// Most tokens are Han words: one character-code test settles them before any string search.
const isPunct = (t: string) => {
  const c = t.charCodeAt(0);
  if (c >= 0x4e00 && c <= 0x9fff) return false;
  return t.length === 1 ? "，。！？!?,.；;、…~ \t\n".includes(t) : PUNCT_RE.test(t);
};
const SENTENCE_END = new Set(["。", "！", "？", "!", "?", "；", ";", "\n", "…", "……"]);

/**
 * Contrast and summary inside one sentence (to 。！？；): before 但是/不过/可是 the clause
 * counts half and after it one and a half times; a contrast word opening a sentence sets
 * it against the sentence before. The verdict after 总体/总的来说/总之 counts 1.5 times.
 * Scoping to the sentence keeps a long review's closing "但是早餐一般" from halving every
 * earlier sentence.
 */
function weighClauses(tokens: readonly string[], vals: number[], why: string[]): void {
  let start = 0, prevStart = -1;
  for (let i = 0; i <= tokens.length; i++) {
    if (i < tokens.length && !SENTENCE_END.has(tokens[i])) continue;
    let c = -1;
    for (let k = start; k < i; k++) if (ZH_CONTRAST.has(tokens[k]) && k > 0) c = k;
    if (c >= 0) {
      const from = c === start && prevStart >= 0 ? prevStart : start;
      let touched = false;
      for (let k = from; k < i; k++) if (vals[k] !== 0) { vals[k] *= k < c ? 0.5 : 1.5; touched = true; }
      if (touched) why.push(`rule: contrast '${tokens[c]}' weights the later clause`);
    }
    for (let k = start; k < i; k++) {
      if (!ZH_CONCESSIVE.has(tokens[k])) continue;
      for (let m = k + 1; m < i && !isPunct(tokens[m]); m++) vals[m] *= 0.5;
      why.push(`rule: concession '${tokens[k]}' halves its clause`);
    }
    for (let k = start; k < i; k++) {
      if (!ZH_SUMMARY.has(tokens[k])) continue;
      let touched = false;
      for (let m = k + 1; m < i; m++) if (vals[m] !== 0) { vals[m] *= 1.5; touched = true; }
      if (touched) why.push(`rule: summary '${tokens[k]}' weights the verdict`);
      break;
    }
    if (i > start) prevStart = start;
    start = i + 1;
  }
}

/** Scale of the model's score when the lexicon found nothing (see score()). */
const NO_HIT_DAMPING = 0.15;
const fmt = (v: number) => (v > 0 ? "+" : "") + v.toFixed(1);

export class ChineseSentiment {
  readonly #jieba: JiebaType;
  readonly #model: ZhModelFile | null;
  readonly #weights: Map<string, WordWeights> | null;

  constructor(opts: ChineseSentimentOptions = {}) {
    const file = opts.model === undefined ? DEFAULT_ZH_MODEL : opts.model;
    this.#model = file === null ? null : loadZhModel(file);
    this.#weights = this.#model ? indexWeights(this.#model.weights) : null;
    const { Jieba } = require("@node-rs/jieba") as typeof import("@node-rs/jieba");
    const { dict } = require("@node-rs/jieba/dict") as { dict: Uint8Array };
    this.#jieba = Jieba.withDict(dict);
    const words = [...Object.keys(ZH_LEXICON), ...ZH_NEGATORS].filter((w) => w.length > 1);
    this.#jieba.loadDict(Buffer.from(words.map((w) => `${w} 100000 n`).join("\n"), "utf8"));
  }

  segment(text: string): string[] {
    return this.#jieba.cut(text, true);
  }

  score(text: string): ChineseValence {
    const why: string[] = [];
    let sum = 0;
    let pos = 0;
    let neg = 0;
    let hits = 0;
    // One folding pass: the post is Traditional exactly when folding changed it.
    const folded = toSimplified(text);
    const traditional = folded !== text;
    if (traditional) why.push("rule: Traditional Chinese folded to Simplified");
    // Emoticons first: they are the strongest signal on Weibo and must not be segmented.
    const simplified = folded.replace(EMOTICON_RE, (whole, name: string) => {
      const v = WEIBO_EMOTICONS[name];
      if (v !== undefined && v !== 0) {
        sum += v; hits++;
        if (v > 0) pos += v; else neg -= v;
        why.push(`${v > 0 ? "pos" : "neg"}: emoticon ${whole} ${fmt(v)}`);
      }
      return " ";
    });
    const tokens = this.segment(simplified);
    const vals: number[] = new Array(tokens.length).fill(0);
    let marks = 0;
    let exclaim = 0;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      if (t === "！" || t === "!") { exclaim++; continue; }
      if ((ZH_CONTRAST.has(t) && i > 0) || ZH_SUMMARY.has(t) || ZH_CONCESSIVE.has(t)) { marks++; continue; }
      let v = LEX.get(t) ?? 0;
      // "好" and "太" are both words and degree adverbs: before a sentiment word they intensify.
      if (v !== 0 && DEGREE.get(t) && i + 1 < tokens.length && LEX.get(tokens[i + 1])) continue;
      let negatedInside = false;
      if (v === 0 && t.length > 1 && (t[0] === "不" || t[0] === "没")) {
        const rest = LEX.get(t.slice(1));
        if (rest) { v = rest; negatedInside = true; }
      }
      if (v === 0) continue;
      hits++;
      let mult = 1;
      let negated = negatedInside;
      for (let k = 1; k <= 3 && i - k >= 0; k++) {
        const p = tokens[i - k];
        if (isPunct(p)) break;
        const d = DEGREE.get(p);
        if (d && k <= 2) { mult *= d; why.push(`rule: degree '${p}' on '${t}'`); }
        if (ZH_NEGATORS.has(p)) negated = !negated;
      }
      v *= mult;
      if (negated) { v *= -0.74; why.push(`rule: negation flips '${t}'`); }
      vals[i] = v;
      why.push(`${v > 0 ? "pos" : "neg"}: '${t}' ${fmt(v)}`);
    }
    if (marks > 0) weighClauses(tokens, vals, why);
    for (const v of vals) { sum += v; if (v > 0) pos += v; else if (v < 0) neg -= v; }
    if (sum !== 0 && exclaim > 0) sum += (sum > 0 ? 1 : -1) * Math.min(exclaim, 4) * 0.292;
    let compound = sum === 0 ? 0 : sum / Math.sqrt(sum * sum + 15);
    if (this.#model) {
      const z = this.#model.bias + this.#model.lexWeight * sum + modelSum(this.#weights!, tokens);
      // tanh(z/2) = 2 p(positive) - 1: the same -1..+1 range as the lexicon's compound.
      compound = Math.tanh(z / 2);
      why.push(`model: ${this.#model.name}@${this.#model.version} p(pos)=${(1 / (1 + Math.exp(-z))).toFixed(2)} (lexicon sum ${fmt(sum)})`);
      if (hits === 0) {
        // Word weights alone, with no sentiment word or emoticon, are weak evidence: factual
        // posts, plans and questions should read neutral. The sign is kept.
        compound *= NO_HIT_DAMPING;
        why.push(`rule: no sentiment word or emoticon; model score damped x${NO_HIT_DAMPING}`);
      }
    }
    return { compound, pos, neg, hits, traditional, tokens, simplified, lexiconSum: sum, why };
  }
}
