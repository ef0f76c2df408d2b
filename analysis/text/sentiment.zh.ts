// Chinese valence: Weibo bracket emoticons are read first, Traditional is folded to
// Simplified, jieba segments (with the project lexicon added as user words so that
// "难吃" or "态度差" stay whole), then negators, degree adverbs and contrast apply.
import fs from "node:fs";
import { createRequire } from "node:module";
import type { Jieba as JiebaType } from "@node-rs/jieba";
import { WEIBO_EMOTICONS, ZH_CONTRAST, ZH_DEGREE, ZH_LEXICON, ZH_NEGATORS } from "./lexicon.zh.ts";
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
const isPunct = (t: string) => t.length === 1 ? "，。！？!?,.；;、…~ \t\n".includes(t) : PUNCT_RE.test(t);
const fmt = (v: number) => (v > 0 ? "+" : "") + v.toFixed(1);

export class ChineseSentiment {
  readonly #jieba: JiebaType;
  readonly #model: ZhModelFile | null;
  readonly #weights: Map<string, number> | null;

  constructor(opts: ChineseSentimentOptions = {}) {
    const file = opts.model === undefined ? DEFAULT_ZH_MODEL : opts.model;
    this.#model = file === null ? null : loadZhModel(file);
    this.#weights = this.#model ? new Map(Object.entries(this.#model.weights)) : null;
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
    let contrastAt = -1;
    let exclaim = 0;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      if (t === "！" || t === "!") { exclaim++; continue; }
      if (ZH_CONTRAST.has(t) && i > 0) { contrastAt = i; continue; }
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
    if (contrastAt > 0) {
      let touched = false;
      for (let i = 0; i < vals.length; i++) if (vals[i] !== 0) { vals[i] *= i < contrastAt ? 0.5 : 1.5; touched = true; }
      if (touched) why.push(`rule: contrast '${tokens[contrastAt]}' weights the later clause`);
    }
    for (const v of vals) { sum += v; if (v > 0) pos += v; else if (v < 0) neg -= v; }
    if (sum !== 0 && exclaim > 0) sum += (sum > 0 ? 1 : -1) * Math.min(exclaim, 4) * 0.292;
    let compound = sum === 0 ? 0 : sum / Math.sqrt(sum * sum + 15);
    if (this.#model) {
      const w = this.#weights!;
      let z = this.#model.bias + this.#model.lexWeight * sum;
      forEachZhFeature(tokens, (k) => { const x = w.get(k); if (x !== undefined) z += x; });
      // tanh(z/2) = 2 p(positive) - 1: the same -1..+1 range as the lexicon's compound.
      compound = Math.tanh(z / 2);
      why.push(`model: ${this.#model.name}@${this.#model.version} p(pos)=${(1 / (1 + Math.exp(-z))).toFixed(2)} (lexicon sum ${fmt(sum)})`);
    }
    return { compound, pos, neg, hits, traditional, tokens, simplified, lexiconSum: sum, why };
  }
}
