// Chinese valence: Weibo bracket emoticons are read first, Traditional is folded to
// Simplified, jieba segments (with the project lexicon added as user words so that
// "难吃" or "态度差" stay whole), then negators, degree adverbs and contrast apply.
import { createRequire } from "node:module";
import type { Jieba as JiebaType } from "@node-rs/jieba";
import { WEIBO_EMOTICONS, ZH_CONTRAST, ZH_DEGREE, ZH_LEXICON, ZH_NEGATORS, ZH_SUMMARY, ZH_CONCESSIVE } from "./lexicon.zh.ts";
import { toSimplified } from "./trad2simp.ts";
import { ConfigError } from "../../core/errors.ts";
import { readModelJson } from "./model-json.ts";

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
  const data = readModelJson<ZhModelFile>(file, "Chinese sentiment model");
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

/**
 * Everything the scorer knows about each word, so that a post costs one map lookup per
 * token (word -> id) and the rest are typed-array reads: lexicon valence, degree
 * multiplier, clause marker, negator, and the stacked model's unigram, negation-scope and
 * bigram weights (no string building per token).
 */
interface TokenTable {
  ids: Map<string, number>;
  /** ids.get(w) for one-character words, by character code (-1: none): no hashing for them. */
  single: Int32Array;
  lex: Float64Array;
  degree: Float64Array;
  /** 0 none, else CONTRAST / SUMMARY / CONCESSIVE. */
  mark: Uint8Array;
  negator: Uint8Array;
  u: Float64Array;
  n: Float64Array;
  /**
   * Bigrams by (first, second) word id: a per-word bit filter over its followers' ids
   * (null: it starts no bigram), then an open-addressing table (keys side by side,
   * weights in bgW). Every bigram's second word has an id, so a token without one ends
   * no bigram.
   */
  follow: Array<Uint32Array | null>;
  bgKeys: Int32Array;
  bgW: Float64Array;
  bgMask: number;
}

const pairHash = (a: number, b: number) => (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b)) >>> 0;
const followBit = (id: number, bits: number) => (Math.imul(id, 0x9e3779b1) >>> 0) & (bits - 1);

function buildTokenTable(weights: Record<string, number> | null): TokenTable {
  const ids = new Map<string, number>();
  const id = (w: string) => { let i = ids.get(w); if (i === undefined) ids.set(w, i = ids.size); return i; };
  const model = Object.entries(weights ?? {}).map(([key, v]) => {
    const kind = key.slice(0, 2), rest = key.slice(2);
    const bar = kind === "b:" ? rest.indexOf("|") : -1;
    return { kind, w: bar < 0 ? rest : rest.slice(0, bar), second: bar < 0 ? "" : rest.slice(bar + 1), v };
  });
  for (const w of Object.keys(ZH_LEXICON)) id(w);
  for (const w of Object.keys(ZH_DEGREE)) id(w);
  for (const w of ZH_NEGATORS) id(w);
  for (const w of MARKS.keys()) id(w);
  for (const m of model) id(m.w);
  // A word with an id but no lexicon entry or weight scores exactly like an unknown word.
  for (const m of model) if (m.kind === "b:") id(m.second);
  const size = ids.size;
  const t: TokenTable = {
    ids, lex: new Float64Array(size), degree: new Float64Array(size), mark: new Uint8Array(size), negator: new Uint8Array(size),
    u: new Float64Array(size), n: new Float64Array(size), follow: new Array<Uint32Array | null>(size).fill(null),
    bgKeys: new Int32Array(0), bgW: new Float64Array(0), bgMask: 0, single: new Int32Array(65536).fill(-1),
  };
  for (const [w, i] of ids) if (w.length === 1) t.single[w.charCodeAt(0)] = i;
  for (const [w, v] of Object.entries(ZH_LEXICON)) t.lex[id(w)] = v;
  for (const [w, d] of Object.entries(ZH_DEGREE)) t.degree[id(w)] = d;
  for (const w of ZH_NEGATORS) t.negator[id(w)] = 1;
  for (const [w, m] of MARKS) t.mark[id(w)] = m;
  const next = new Map<number, Map<number, number>>();
  for (const m of model) {
    const i = id(m.w);
    if (m.kind === "u:") t.u[i] = m.v;
    else if (m.kind === "n:") t.n[i] = m.v;
    else if (m.kind === "b:") (next.get(i) ?? next.set(i, new Map()).get(i)!).set(id(m.second), m.v);
  }
  let pairs = 0;
  for (const [a, followers] of next) {
    let bits = 32;
    while (bits < followers.size * 8) bits *= 2;
    const f = (t.follow[a] = new Uint32Array(bits / 32));
    for (const b of followers.keys()) { const bit = followBit(b, bits); f[bit >>> 5] |= 1 << (bit & 31); }
    pairs += followers.size;
  }
  let slots = 16;
  while (slots < pairs * 2) slots *= 2;
  t.bgKeys = new Int32Array(slots * 2).fill(-1);
  t.bgW = new Float64Array(slots);
  t.bgMask = slots - 1;
  for (const [a, followers] of next) {
    for (const [b, v] of followers) {
      let h = pairHash(a, b) & t.bgMask;
      while (t.bgKeys[2 * h] !== -1) h = (h + 1) & t.bgMask;
      t.bgKeys[2 * h] = a; t.bgKeys[2 * h + 1] = b; t.bgW[h] = v;
    }
  }
  return t;
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

/** What `\s` matches in a regex (ECMAScript WhiteSpace and LineTerminator). */
const isSpace = (c: number) =>
  c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
  c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
const PUNCT_RE = /^[，。！？!?,.；;、…~\s]+$/;
// Maps instead of object property lookups: measurably faster for thousands of CJK keys.
const LEX = new Map(Object.entries(ZH_LEXICON));
const EMOTICON_VALUES = new Map(Object.entries(WEIBO_EMOTICONS));
// Most tokens are Han words: one character-code test settles them before any string search.
const isPunct = (t: string) => {
  const c = t.charCodeAt(0);
  if (c >= 0x4e00 && c <= 0x9fff) return false;
  if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) return false;
  return t.length === 1 ? "，。！？!?,.；;、…~ \t\n".includes(t) : PUNCT_RE.test(t);
};
// Clause markers in one map, so the scoring loop pays one lookup per token for all three.
const CONTRAST = 1, SUMMARY = 2, CONCESSIVE = 3;
const MARKS = new Map<string, number>([
  ...[...ZH_CONTRAST].map((w) => [w, CONTRAST] as const),
  ...[...ZH_SUMMARY].map((w) => [w, SUMMARY] as const),
  ...[...ZH_CONCESSIVE].map((w) => [w, CONCESSIVE] as const),
]);
const SENTENCE_END = new Set(["。", "！", "？", "!", "?", "；", ";", "\n", "…", "……"]);

/**
 * Contrast and summary inside one sentence (to 。！？；): before 但是/不过/可是 the clause
 * counts half and after it one and a half times; a contrast word opening a sentence sets
 * it against the sentence before. The verdict after 总体/总的来说/总之 counts 1.5 times.
 * Scoping to the sentence keeps a long review's closing "但是早餐一般" from halving every
 * earlier sentence.
 */
function weighClauses(tokens: readonly string[], vals: Float64Array, why: string[]): void {
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
  readonly #table: TokenTable;
  // Per-token scratch buffers, reused across posts (score() is synchronous), grown on demand.
  #ids = new Int32Array(256);
  #stop = new Uint8Array(256);
  #vals = new Float64Array(256);

  #grow(n: number): void {
    const size = Math.max(n, this.#ids.length * 2);
    this.#ids = new Int32Array(size);
    this.#stop = new Uint8Array(size);
    this.#vals = new Float64Array(size);
  }

  constructor(opts: ChineseSentimentOptions = {}) {
    const file = opts.model === undefined ? DEFAULT_ZH_MODEL : opts.model;
    this.#model = file === null ? null : loadZhModel(file);
    this.#table = buildTokenTable(this.#model?.weights ?? null);
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
    // folded.replace(EMOTICON_RE, " ") as a scan: each "[" followed by 1-8 characters that
    // are not brackets or white space (\s) and then "]" is one emoticon.
    let simplified = folded;
    let at = folded.indexOf("[");
    if (at >= 0) {
      let out = "";
      let last = 0;
      const len = folded.length;
      while (at >= 0) {
        let q = at + 1;
        while (q < len && q - at <= 8) {
          const c = folded.charCodeAt(q);
          if (c === 91 || c === 93 || isSpace(c)) break;
          q++;
        }
        if (q > at + 1 && q < len && folded.charCodeAt(q) === 93) {
          // Map first (a fresh string key costs an object lookup a string-table search);
          // a miss falls back to the object so the result is the property lookup's.
          const name = folded.slice(at + 1, q);
          const v = EMOTICON_VALUES.get(name) ?? WEIBO_EMOTICONS[name];
          if (v !== undefined && v !== 0) {
            sum += v; hits++;
            if (v > 0) pos += v; else neg -= v;
            why.push(`${v > 0 ? "pos" : "neg"}: emoticon ${folded.slice(at, q + 1)} ${fmt(v)}`);
          }
          out += folded.slice(last, at) + " ";
          last = q + 1;
          at = folded.indexOf("[", last);
        } else at = folded.indexOf("[", at + 1);
      }
      simplified = last === 0 ? folded : out + folded.slice(last);
    }
    const tokens = this.segment(simplified);
    const n = tokens.length;
    const T = this.#table;
    // Word ids (-1 = unknown word) and, per token, 1 = punctuation or space: it ends a
    // clause for negation scope, look-back and bigrams.
    if (this.#ids.length < n) this.#grow(n);
    const ids = this.#ids, stop = this.#stop, vals = this.#vals;
    for (let i = 0; i < n; i++) {
      const t = tokens[i];
      ids[i] = t.length === 1 ? T.single[t.charCodeAt(0)] : T.ids.get(t) ?? -1;
      stop[i] = t === " " || isPunct(t) ? 1 : 0;
      vals[i] = 0;
    }
    let marks = 0;
    let exclaim = 0;
    for (let i = 0; i < n; i++) {
      const t = tokens[i];
      if (t === "！" || t === "!") { exclaim++; continue; }
      const f = ids[i];
      if (f >= 0 && T.mark[f] !== 0 && (T.mark[f] !== CONTRAST || i > 0)) { marks++; continue; }
      let v = f >= 0 ? T.lex[f] : 0;
      // "好" and "太" are both words and degree adverbs: before a sentiment word they intensify.
      if (v !== 0 && T.degree[f] !== 0 && i + 1 < n && ids[i + 1] >= 0 && T.lex[ids[i + 1]] !== 0) continue;
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
        if (stop[i - k] === 1) break;
        const g = ids[i - k];
        if (g < 0) continue;
        const d = T.degree[g];
        if (d !== 0 && k <= 2) { mult *= d; why.push(`rule: degree '${tokens[i - k]}' on '${t}'`); }
        if (T.negator[g] === 1) negated = !negated;
      }
      v *= mult;
      if (negated) { v *= -0.74; why.push(`rule: negation flips '${t}'`); }
      vals[i] = v;
      why.push(`${v > 0 ? "pos" : "neg"}: '${t}' ${fmt(v)}`);
    }
    if (marks > 0) weighClauses(tokens, vals, why);
    for (let i = 0; i < n; i++) { const v = vals[i]; sum += v; if (v > 0) pos += v; else if (v < 0) neg -= v; }
    if (sum !== 0 && exclaim > 0) sum += (sum > 0 ? 1 : -1) * Math.min(exclaim, 4) * 0.292;
    let compound = sum === 0 ? 0 : sum / Math.sqrt(sum * sum + 15);
    if (this.#model) {
      // The same sum as adding the weight of every key forEachZhFeature emits.
      let z = this.#model.bias + this.#model.lexWeight * sum;
      let prev = -1;
      let negScope = false;
      for (let i = 0; i < n; i++) {
        if (stop[i] === 1) { prev = -1; negScope = false; continue; }
        const e = ids[i];
        if (prev >= 0 && e >= 0) {
          const f = T.follow[prev];
          if (f !== null) {
            const bit = followBit(e, f.length * 32);
            if ((f[bit >>> 5] & (1 << (bit & 31))) !== 0) {
              const keys = T.bgKeys, mask = T.bgMask;
              for (let h = pairHash(prev, e) & mask, c = keys[2 * h]; c !== -1; h = (h + 1) & mask, c = keys[2 * h]) {
                if (c === prev && keys[2 * h + 1] === e) { z += T.bgW[h]; break; }
              }
            }
          }
        }
        if (e >= 0) {
          z += T.u[e];
          if (negScope) z += T.n[e];
          if (T.negator[e] === 1) negScope = true;
        }
        prev = e;
      }
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
