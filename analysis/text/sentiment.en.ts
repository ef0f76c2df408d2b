// Rule-based English valence in the VADER tradition (Hutto & Gilbert 2014), rewritten
// so that every rule that fires leaves a readable trace in `why`, and extended with the
// project's service vocabulary, emoji and emoticons.
import { BOOSTERS, CONTRAST, EMOJI_LEXICON, EMOTICONS, NEGATORS, buildEnglishLexicon } from "./lexicon.en.ts";
import type { Token } from "./tokenize.en.ts";

const CAPS_BOOST = 0.733;
const ELONGATION_BOOST = 0.3;
const NEGATION_SCALAR = -0.74;

export interface EnglishValence {
  /** VADER-style compound in [-1, 1]. */
  compound: number;
  pos: number;
  neg: number;
  negations: number;
  /** Number of tokens that carried valence. */
  hits: number;
  /** Strongest single positive and negative token valence (after the rules), >= 0. */
  maxPos: number;
  maxNeg: number;
  /** Valence of the last valence-bearing token (the verdict often comes last). */
  last: number;
  why: string[];
  /** Each token's entry in `table` (undefined: not a known word), for a model sharing the table. */
  entries: Array<WordEntry | undefined>;
  table: WordTable;
}

/**
 * One record per known word, looked up once per token and shared by the rules (valence,
 * intensifier, negator, contrast) and by the sparse model attached to the same table
 * (weight offsets): one string lookup per word instead of several.
 */
export interface WordEntry {
  /** Lexicon valence (-4..+4); 0 when `lex` is false. */
  v: number;
  lex: boolean;
  /** Intensifier (BOOSTERS) scale, 0 when not an intensifier. */
  boost: number;
  /** A negator (opens a negation scope). */
  neg: boolean;
  contrast: boolean;
  /** Model weight offsets (-1: no such feature): unigram, negated unigram, first word. */
  u: number;
  n: number;
  f: number;
  /** The model has bigrams starting with this word (they live in the model's bigram table). */
  next: boolean;
  /**
   * Bit filter over the ids of the words that follow this one in the model's bigrams
   * (8 bits per bigram): a clear bit skips the table probe. Frequent words' filters stay
   * in cache; the table itself does not.
   */
  follow: Uint32Array | null;
  /** Position in its table (small integer keys make bigram lookups cheap). */
  id: number;
  /**
   * The English complaint model's fields when it is hosted in the same table
   * (complaint.ts, hostComplaintModel): unigram weight (0: none), a bit filter over the
   * ids of the words that follow it in the model's bigrams (as `follow`) and the
   * topic-list bits (service/personal/brand).
   */
  cu: number;
  cfollow: Uint32Array | null;
  ct: number;
  /** Function-word bits set by the engine's language check (markWords); 0 otherwise. */
  fn: number;
}
export type WordTable = Map<string, WordEntry>;

let nextId = 0;
export const bigramHash = (a: number, b: number) => (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b)) >>> 0;
/** Bit of word `id` in a follower filter of `bits` bits (a power of two, >= 32). */
export const followBit = (id: number, bits: number) => (Math.imul(id, 0x9e3779b1) >>> 0) & (bits - 1);
export function hasFollower(f: Uint32Array, id: number): boolean {
  const b = followBit(id, f.length * 32);
  return (f[b >>> 5] & (1 << (b & 31))) !== 0;
}
/**
 * The entry of `w`, created blank when missing. A blank entry reads exactly like a missing
 * one to the rules and the sentiment model (no valence, no weights, negator only by the
 * "n't" rule), so other users of the table (the complaint model) may add words.
 */
export function tableEntry(table: WordTable, w: string): WordEntry {
  let e = table.get(w);
  if (e === undefined) {
    e = { v: 0, lex: false, boost: 0, neg: NEGATORS.has(w) || w.endsWith("n't"), contrast: false, u: -1, n: -1, f: -1, next: false, follow: null, id: nextId++, cu: 0, cfollow: null, ct: 0, fn: 0 };
    table.set(w, e);
  }
  return e;
}

const fmt = (v: number) => (v > 0 ? "+" : "") + v.toFixed(1);

export class EnglishSentiment {
  // A Map, not a null-prototype dictionary: with the fresh token strings of each post the
  // Map lookup measured ~8% faster on score + model (the dictionary has to find each
  // string in V8's string table first).
  readonly #table: WordTable = new Map();
  #hosted = false;
  #vals = new Float64Array(256);

  constructor() {
    for (const [w, v] of buildEnglishLexicon()) { const e = tableEntry(this.#table, w); e.v = v; e.lex = true; }
    for (const [w, b] of Object.entries(BOOSTERS)) tableEntry(this.#table, w).boost = b;
    for (const w of NEGATORS) tableEntry(this.#table, w).neg = true;
    for (const w of CONTRAST) tableEntry(this.#table, w).contrast = true;
  }

  /** Valence of a single word as the lexicon knows it (0 when unknown). */
  valence(w: string): number {
    return this.#table.get(w)?.v ?? 0;
  }

  /**
   * The word table, handed once to the sparse model that scores this instance's output
   * (it adds its weight offsets to the entries); null when a model already holds it.
   */
  hostModel(): WordTable | null {
    if (this.#hosted) return null;
    this.#hosted = true;
    return this.#table;
  }

  /** Sets `bit` in the `fn` field of each word's entry (entries are created blank when missing). */
  markWords(words: Iterable<string>, bit: number): void {
    for (const w of words) tableEntry(this.#table, w).fn |= bit;
  }

  /** Each word token's entry in the table (undefined for other tokens and unknown words). */
  lookup(tokens: Token[]): Array<WordEntry | undefined> {
    const table = this.#table;
    const entries = new Array<WordEntry | undefined>(tokens.length);
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      if (t.kind === "word") entries[i] = table.get(t.w);
    }
    return entries;
  }

  #lookup(t: Token, e: WordEntry | undefined): number {
    if (t.kind === "emoji") return EMOJI_LEXICON[t.w] ?? EMOJI_LEXICON[t.w.replace(/\uFE0F/g, "")] ?? 0;
    if (t.kind === "emoticon") return EMOTICONS[t.w] ?? 0;
    if (t.kind !== "word") return 0;
    if (e !== undefined && e.lex) return e.v;
    if (t.elongated) return this.#table.get(t.w.replace(/(\p{L})\1+/gu, "$1"))?.v ?? 0;
    return 0;
  }

  /** `entries`: lookup(tokens) when the caller already made it (one table lookup per word per post). */
  score(tokens: Token[], entries: Array<WordEntry | undefined> = this.lookup(tokens)): EnglishValence {
    const why: string[] = [];
    const table = this.#table;
    let words = 0;
    let capsWords = 0;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      if (t.kind === "word") { words++; if (t.caps) capsWords++; }
    }
    // Capitals only signal shouting when the rest of the post is not shouting too.
    const capsMatter = capsWords > 0 && capsWords < words;
    // Per-token valences in a reused scratch buffer (score() is synchronous); zeroed here.
    if (this.#vals.length < tokens.length) this.#vals = new Float64Array(Math.max(tokens.length, this.#vals.length * 2));
    const vals = this.#vals;
    const nTok = tokens.length;
    vals.fill(0, 0, nTok);
    let negations = 0;
    let hits = 0;
    let contrastAt = -1;
    let exclaim = 0;
    let question = 0;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      if (t.kind === "punct") {
        for (const ch of t.w) ch === "!" ? exclaim++ : question++;
        continue;
      }
      const e = entries[i];
      if (e !== undefined && e.contrast && i > 0) contrastAt = i;
      let v = this.#lookup(t, e);
      if (v === 0) continue;
      hits++;
      const sign = v > 0 ? 1 : -1;
      if (t.kind === "word") {
        if (t.caps && capsMatter) { v += sign * CAPS_BOOST; why.push(`rule: ALL CAPS '${t.w}'`); }
        if (t.elongated) { v += sign * ELONGATION_BOOST; why.push(`rule: elongation '${t.w}'`); }
        let negated = false;
        for (let k = 1; k <= 3 && i - k >= 0; k++) {
          const p = tokens[i - k];
          if (p.kind !== "word") { if (p.kind === "punct") break; continue; }
          const pe = entries[i - k];
          const b = pe !== undefined ? pe.boost : 0;
          if (b) {
            const scaled = b * (1 - 0.05 * (k - 1)) * sign;
            v += p.caps && capsMatter ? scaled + sign * CAPS_BOOST * 0.5 : scaled;
            why.push(`rule: intensifier '${p.w}' on '${t.w}'`);
          }
          if (!negated && (pe !== undefined ? pe.neg : p.w.endsWith("n't"))) negated = true;
        }
        if (negated) { v *= NEGATION_SCALAR; negations++; why.push(`rule: negation flips '${t.w}'`); }
      }
      vals[i] = v;
      why.push(`${v > 0 ? "pos" : "neg"}: '${t.w}' ${fmt(v)}`);
    }
    if (contrastAt > 0) {
      let touched = false;
      for (let i = 0; i < nTok; i++) {
        if (vals[i] === 0) continue;
        vals[i] *= i < contrastAt ? 0.5 : 1.5;
        touched = true;
      }
      if (touched) why.push(`rule: contrast '${tokens[contrastAt].w}' weights the later clause`);
    }
    let sum = 0;
    let pos = 0;
    let neg = 0;
    let maxPos = 0, maxNeg = 0, last = 0;
    for (let i = 0; i < nTok; i++) {
      const v = vals[i];
      if (v === 0) continue;
      sum += v;
      last = v;
      if (v > 0) { pos += v; if (v > maxPos) maxPos = v; } else { neg -= v; if (-v > maxNeg) maxNeg = -v; }
    }
    if (sum !== 0 && exclaim > 0) {
      const amp = Math.min(exclaim, 4) * 0.292;
      sum += sum > 0 ? amp : -amp;
      why.push(`rule: ${exclaim} exclamation mark(s) amplify`);
    }
    if (sum !== 0 && question > 1) sum += (sum > 0 ? 1 : -1) * Math.min(question * 0.18, 0.96);
    const compound = sum === 0 ? 0 : sum / Math.sqrt(sum * sum + 15);
    return { compound, pos, neg, negations, hits, maxPos, maxNeg, last, why, entries, table };
  }
}

// ---------------------------------------------------------------------------------
// Sparse English sentiment model (models/sentiment-en.json with features "sparse").
// A softmax regression over the rule summary above plus word unigrams (negation-scoped
// ones marked apart), word bigrams, emoji, and where the post is addressed: a brand
// handle at the start, questions, the first word after the handles ("why", "thanks",
// "what"). `sparseFeatures` names the features for training (bench/text/model-build.ts);
// `SparseSentimentModel` scores the same features without building any name strings:
// one Map lookup per token, and bigrams through the first word's own small Map.

/** Words after a negator that count as negated (VADER looks three words back). */
const NEG_SCOPE = 3;

const isNumber = (w: string) => { for (let i = 0; i < w.length; i++) { const c = w.charCodeAt(i); if (c < 48 || c > 57) return false; } return w.length > 0; };
const wordKey = (w: string) => (isNumber(w) ? "<num>" : w);
const isNegator = (w: string) => NEGATORS.has(w) || w.endsWith("n't");

/** The dense part: rule summary and post shape. Shared by training and scoring. */
function denseFeatures(tokens: Token[], val: EnglishValence, failure: boolean, out: (name: string, x: number) => void): void {
  out("b:compound", val.compound);
  out("b:pos", Math.min(val.pos, 8) / 4);
  out("b:neg", Math.min(val.neg, 8) / 4);
  if (val.hits === 0) out("b:nohit", 1);
  if (failure) out("b:failure", 1);
  out("b:maxpos", Math.min(val.maxPos, 4) / 4);
  out("b:maxneg", Math.min(val.maxNeg, 4) / 4);
  out("b:last", Math.max(-4, Math.min(4, val.last)) / 4);
  let q = false, x = false, mention = false;
  for (const t of tokens) {
    if (t.kind === "punct") { if (!q && t.w.includes("?")) q = true; if (!x && t.w.includes("!")) x = true; }
    else if (t.kind === "mention") mention = true;
  }
  if (tokens.length > 0 && tokens[0].kind === "mention") out("b:addressed", 1);
  else if (mention) out("b:mention", 1);
  if (q) out("b:question", 1);
  if (x) out("b:exclaim", 1);
}

/** Feature names and counts of a post, for training; `SparseSentimentModel.proba` sums the same. */
export function sparseFeatures(tokens: Token[], val: EnglishValence, failure = false): Map<string, number> {
  const f = new Map<string, number>();
  const add = (k: string, x = 1) => f.set(k, (f.get(k) ?? 0) + x);
  denseFeatures(tokens, val, failure, add);
  let first = true;
  let negLeft = 0;
  let prev: string | null = null;
  for (const t of tokens) {
    if (t.kind === "punct") { negLeft = 0; prev = null; continue; }
    if (t.kind === "mention") { prev = null; continue; }
    if (t.kind !== "word") { add("e:" + t.w); prev = null; continue; }
    const w = wordKey(t.w);
    if (first) { add("f:" + w); first = false; }
    add((negLeft > 0 ? "n:" : "u:") + w);
    if (prev !== null) add("g:" + prev + " " + w);
    prev = w;
    if (negLeft > 0) negLeft--;
    if (isNegator(t.w)) negLeft = NEG_SCOPE;
  }
  return f;
}

/** What a sentiment model file holds (format "earshot-linear"). */
export interface SparseModelData {
  classes: string[];
  bias: number[];
  weights: Record<string, number[]>;
}

export interface SparseScore {
  /** Probabilities in the model's class order. */
  p: number[];
  /** The words that pushed hardest toward the winning class (for `why`). */
  top: string[];
}

export class SparseSentimentModel {
  readonly classes: string[];
  readonly #K: number;
  /** Every weight vector back to back (K numbers each): one cache-friendly block. */
  readonly #W: Float64Array;
  readonly #bias: Float64Array;
  /** Word entries: the host EnglishSentiment's table when it was free, else the model's own. */
  readonly #words: WordTable;
  readonly #emoji: Record<string, number> = Object.create(null);
  readonly #dense: Record<string, number> = Object.create(null);
  // Dense feature offsets (-1: absent from the model), resolved once.
  readonly #dCompound: number; readonly #dPos: number; readonly #dNeg: number; readonly #dNohit: number;
  readonly #dMaxPos: number; readonly #dMaxNeg: number; readonly #dLast: number;
  readonly #dFailure: number; readonly #dAddressed: number; readonly #dMention: number; readonly #dQuestion: number; readonly #dExclaim: number;
  // Scratch: the post's accumulated scores and the words that contributed (no allocation per post).
  readonly #z: Float64Array;
  readonly #bgKeys: Int32Array; readonly #bgW: Float32Array; readonly #bgMask: number;
  readonly #hitW: string[] = new Array(256);
  readonly #hitO = new Int32Array(256);

  /** `host`: the EnglishSentiment whose score() output this model reads (shares its word table). */
  constructor(data: SparseModelData, host?: EnglishSentiment) {
    this.classes = data.classes;
    const K = (this.#K = data.classes.length);
    if (data.bias.length !== K) throw new Error(`sentiment model: ${data.bias.length} biases for ${K} classes`);
    this.#bias = Float64Array.from(data.bias);
    const names = Object.keys(data.weights);
    const W = (this.#W = new Float64Array(names.length * K));
    const words = (this.#words = host?.hostModel() ?? new Map() as WordTable);
    const entry = (w: string) => tableEntry(words, w);
    for (const w of NEGATORS) entry(w).neg = true;
    const bigrams: number[] = [];
    const bigramFirst: WordEntry[] = [];
    names.forEach((name, i) => {
      const ws = data.weights[name];
      if (!Array.isArray(ws) || ws.length !== K) throw new Error(`sentiment model: feature '${name}' needs ${K} weights (one per class)`);
      const off = i * K;
      for (let k = 0; k < K; k++) W[off + k] = ws[k];
      const kind = name.slice(0, 2);
      const rest = name.slice(2);
      if (kind === "b:") this.#dense[name] = off;
      else if (kind === "u:") entry(rest).u = off;
      else if (kind === "n:") entry(rest).n = off;
      else if (kind === "f:") entry(rest).f = off;
      else if (kind === "e:") this.#emoji[rest] = off;
      else if (kind === "g:") {
        const sp = rest.indexOf(" ");
        const a = entry(rest.slice(0, sp));
        a.next = true;
        bigrams.push(a.id, entry(rest.slice(sp + 1)).id, off);
        bigramFirst.push(a);
      }
      // Unknown prefixes come from newer model files; ignoring them keeps old engines loading.
    });
    // Bigrams in one open-addressing table keyed by the two word ids, the pair of keys side
    // by side and the slot's weights in a parallel array: a probe touches one cache line and
    // a hit one more. (A Map per first word measured ~2.6 µs per post, most of the model's
    // time; the miss-bound lookups are what the shared 2-core machine makes slow.)
    let size = 16;
    while (size < (bigrams.length / 3) * 2) size *= 2; // load factor <= 1/2
    const keys = (this.#bgKeys = new Int32Array(size * 2).fill(-1));
    // Float32: weights are stored with 4 decimals, and half the bytes means fewer cache misses.
    const bw = (this.#bgW = new Float32Array(size * K));
    this.#bgMask = size - 1;
    const followers = new Map<WordEntry, number[]>();
    for (let j = 0; j < bigrams.length; j += 3) (followers.get(bigramFirst[j / 3]) ?? followers.set(bigramFirst[j / 3], []).get(bigramFirst[j / 3])!).push(bigrams[j + 1]);
    for (const [e, ids] of followers) {
      let bits = 32;
      while (bits < ids.length * 8) bits *= 2;
      const f = (e.follow = new Uint32Array(bits / 32));
      for (const id of ids) { const b = followBit(id, bits); f[b >>> 5] |= 1 << (b & 31); }
    }
    for (let j = 0; j < bigrams.length; j += 3) {
      let h = bigramHash(bigrams[j], bigrams[j + 1]) & this.#bgMask;
      while (keys[2 * h] !== -1) h = (h + 1) & this.#bgMask;
      keys[2 * h] = bigrams[j]; keys[2 * h + 1] = bigrams[j + 1];
      for (let k = 0; k < K; k++) bw[h * K + k] = W[bigrams[j + 2] + k];
    }
    this.#z = new Float64Array(K);
    const d = (n: string) => this.#dense[n] ?? -1;
    this.#dCompound = d("b:compound"); this.#dPos = d("b:pos"); this.#dNeg = d("b:neg"); this.#dNohit = d("b:nohit");
    this.#dMaxPos = d("b:maxpos"); this.#dMaxNeg = d("b:maxneg"); this.#dLast = d("b:last");
    this.#dFailure = d("b:failure"); this.#dAddressed = d("b:addressed"); this.#dMention = d("b:mention"); this.#dQuestion = d("b:question"); this.#dExclaim = d("b:exclaim");
  }

  /** z += x * W[off..off+K). */
  #add(off: number, x: number): void {
    if (off < 0) return;
    const z = this.#z, W = this.#W;
    for (let k = 0; k < this.#K; k++) z[k] += W[off + k] * x;
  }

  /** `failure`: the post matched the complaint rules' service-failure wording (FAILURE in complaint.rules.ts). */
  proba(tokens: Token[], val: EnglishValence, failure = false): SparseScore {
    const K = this.#K;
    const z = this.#z, W = this.#W;
    z.set(this.#bias);
    // The dense part (same features as denseFeatures(), without naming them).
    this.#add(this.#dCompound, val.compound);
    this.#add(this.#dPos, Math.min(val.pos, 8) / 4);
    this.#add(this.#dNeg, Math.min(val.neg, 8) / 4);
    if (val.hits === 0) this.#add(this.#dNohit, 1);
    if (failure) this.#add(this.#dFailure, 1);
    this.#add(this.#dMaxPos, Math.min(val.maxPos, 4) / 4);
    this.#add(this.#dMaxNeg, Math.min(val.maxNeg, 4) / 4);
    this.#add(this.#dLast, Math.max(-4, Math.min(4, val.last)) / 4);
    const words = this.#words;
    // Entries the rules already looked up, when this model shares their table.
    const shared = val.table === words ? val.entries : null;
    const numEntry = words.get("<num>");
    const hitW = this.#hitW, hitO = this.#hitO;
    let hits = 0;
    let first = true;
    let negLeft = 0;
    let prev: WordEntry | undefined;
    let q = false, x = false, mention = false;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      const kind = t.kind;
      if (kind === "word") {
        const num = isNumber(t.w);
        const w = num ? "<num>" : t.w;
        const e: WordEntry | undefined = num ? numEntry : shared !== null ? shared[i] : words.get(w);
        if (prev !== undefined && prev.follow !== null && e !== undefined && hasFollower(prev.follow, e.id)) {
          const a = prev.id, b = e.id;
          const keys = this.#bgKeys, mask = this.#bgMask;
          let h = bigramHash(a, b) & mask;
          for (let c = keys[2 * h]; c !== -1; h = (h + 1) & mask, c = keys[2 * h]) {
            if (c === a && keys[2 * h + 1] === b) { const bw = this.#bgW, g = h * K; for (let k = 0; k < K; k++) z[k] += bw[g + k]; break; }
          }
        }
        if (e !== undefined) {
          if (first && e.f >= 0) for (let k = 0; k < K; k++) z[k] += W[e.f + k];
          const o = negLeft > 0 ? e.n : e.u;
          if (o >= 0) {
            for (let k = 0; k < K; k++) z[k] += W[o + k];
            if (hits < 256) { hitW[hits] = negLeft > 0 ? "not " + w : w; hitO[hits++] = o; }
          }
        }
        first = false;
        prev = e;
        if (negLeft > 0) negLeft--;
        if (e !== undefined ? e.neg : t.w.endsWith("n't")) negLeft = NEG_SCOPE;
      } else if (kind === "punct") {
        negLeft = 0; prev = undefined;
        if (!q && t.w.includes("?")) q = true;
        if (!x && t.w.includes("!")) x = true;
      } else if (kind === "mention") {
        prev = undefined; mention = true;
      } else {
        const o = this.#emoji[t.w];
        if (o !== undefined) for (let k = 0; k < K; k++) z[k] += W[o + k];
        prev = undefined;
      }
    }
    if (tokens.length > 0 && tokens[0].kind === "mention") this.#add(this.#dAddressed, 1);
    else if (mention) this.#add(this.#dMention, 1);
    if (q) this.#add(this.#dQuestion, 1);
    if (x) this.#add(this.#dExclaim, 1);
    let max = -Infinity;
    for (let k = 0; k < K; k++) if (z[k] > max) max = z[k];
    let s = 0;
    const p = new Array<number>(K);
    for (let k = 0; k < K; k++) { p[k] = Math.exp(z[k] - max); s += p[k]; }
    let win = 0;
    for (let k = 0; k < K; k++) { p[k] /= s; if (p[k] > p[win]) win = k; }
    // The two words whose weight for the winning class most exceeds their mean weight
    // for the other classes: what a person reads in `why`.
    let b1 = -1, b2 = -1, s1 = 0.25, s2 = 0.25;
    for (let i = 0; i < hits; i++) {
      const o = hitO[i];
      let other = 0;
      for (let k = 0; k < K; k++) if (k !== win) other += W[o + k];
      const d = W[o + win] - other / (K - 1);
      if (d > s1) { b2 = b1; s2 = s1; b1 = i; s1 = d; } else if (d > s2 && hitW[i] !== hitW[b1]) { b2 = i; s2 = d; }
    }
    const top = b1 < 0 ? [] : b2 < 0 ? [hitW[b1]] : [hitW[b1], hitW[b2]];
    return { p, top };
  }
}
