// Complaint kind, category, SERVQUAL dimension, reason, severity and churn from the
// rule tables in complaint.rules.ts. Every decision appends the words that drove it.
import type { ComplaintCategory, ComplaintKind, SentimentLabel, Servqual, Severity, Stakeholder, TextAnalysis } from "../types.ts";
import fs from "node:fs";
import { BRAND_WORDS, CATEGORY_RULES, CHURN, DEMAND, FAILURE, PERSONAL_WORDS, PRAISE, QUESTION_START, REASONS, SERVICE_WORDS, SERVQUAL_RULES, SEVERITY, isBrandHandle, ruleExec, type CueRule } from "./complaint.rules.ts";
import { tokenizeEnglish, type Token } from "./tokenize.en.ts";
import { bigramHash, followBit, hasFollower, tableEntry, type WordEntry, type WordTable } from "./sentiment.en.ts";
import { ConfigError } from "../../core/errors.ts";
import { readModelJson } from "./model-json.ts";

export interface ComplaintInput {
  /** Lower-cased English text or Simplified Chinese text. */
  text: string;
  lang: "en" | "zh" | "other";
  sentiment: SentimentLabel;
  score: number;
  /** The post names the brand or addresses someone (@handle, "you"). */
  addressed: boolean;
  /** The post names the configured brand or one of its keywords. Default false. */
  brandNamed?: boolean;
  competitors: string[];
  stakeholder: Stakeholder | null;
  /** FAILURE / CHURN matches when the caller has already run them (undefined = match here). */
  failure?: string | null;
  churnWords?: string | null;
  /** English tokens of the post when the caller already has them (undefined = tokenize here). */
  tokens?: Token[];
  /** Complaint model for English; undefined = the shipped models/complaint-en.json, null = rules only. */
  model?: ComplaintModel | null;
  /**
   * The English sentiment rules' word table and each token's entry in it (EnglishValence
   * `table` / `entries`, same tokens): the shipped model is then scored from those entries
   * instead of a second string lookup per token. Optional; results are the same without.
   */
  table?: WordTable;
  entries?: Array<WordEntry | undefined>;
}

/** The shipped English complaint model (see MODEL_CARD.md and `npm run model:build:complaint`). */
export const DEFAULT_COMPLAINT_MODEL = new URL("../../models/complaint-en.json", import.meta.url);

/** models/complaint-en.json: a binary logistic regression over complaintFeatures(). */
export interface ComplaintModelFile {
  format: "earshot-complaint-linear";
  version: number;
  name: string;
  trainedOn: string[];
  /** p(complaint) at or above which a post is a complaint or grumble. */
  threshold: number;
  bias: number;
  weights: Record<string, number>;
}

/**
 * A loaded complaint model. Weights are split by feature kind so that scoring looks up
 * the token strings themselves (one Map lookup per unigram, one per bigram).
 */
export interface ComplaintModel {
  id: string;
  threshold: number;
  bias: number;
  signals: Map<string, number>;
  /** word -> its unigram weight (0 if none) and the weights of the bigrams it starts. */
  words: Map<string, { u: number; next: Map<string, number> | undefined }>;
}

export function complaintModelFrom(data: ComplaintModelFile, source = "complaint model"): ComplaintModel {
  if (data?.format !== "earshot-complaint-linear" || typeof data.bias !== "number" || !data.weights || typeof data.threshold !== "number") {
    throw new ConfigError(`${source} is not an earshot-complaint-linear model (format=${JSON.stringify(data?.format)})`);
  }
  const m: ComplaintModel = { id: `${data.name}@${data.version}`, threshold: data.threshold, bias: data.bias, signals: new Map(), words: new Map() };
  const entry = (w: string) => { let e = m.words.get(w); if (!e) m.words.set(w, (e = { u: 0, next: undefined })); return e; };
  for (const [name, w] of Object.entries(data.weights)) {
    if (typeof w !== "number") throw new ConfigError(`${source}: weight of '${name}' is not a number`);
    if (name.startsWith("u:")) entry(name.slice(2)).u = w;
    else if (name.startsWith("g:")) {
      const sp = name.indexOf(" ", 2);
      const e = entry(name.slice(2, sp));
      (e.next ??= new Map()).set(name.slice(sp + 1), w);
    } else m.signals.set(name, w);
  }
  return m;
}

export function loadComplaintModel(file: string | URL): ComplaintModel {
  const data = readModelJson<ComplaintModelFile>(file, "complaint model");
  return complaintModelFrom(data, `complaint model ${String(file)}`);
}

// Loaded on the first English post; a checkout without the file runs the rules alone
// (and says so in `why`) rather than failing every analysis.
let defaultModel: ComplaintModel | null | undefined;
let defaultModelNote = "";
function shippedModel(): ComplaintModel | null {
  if (defaultModel === undefined) {
    if (fs.existsSync(DEFAULT_COMPLAINT_MODEL)) defaultModel = loadComplaintModel(DEFAULT_COMPLAINT_MODEL);
    else { defaultModel = null; defaultModelNote = "complaint model: models/complaint-en.json not found, rules only"; }
  }
  return defaultModel;
}

/** The rule signals the complaint model sees next to the words. */
export interface ComplaintSignals {
  failure: string | null;
  demand: string | null;
  question: boolean;
  praise: string | null;
  sentiment: SentimentLabel;
  score: number;
  addressed: boolean;
  churn: boolean;
  /** A product or service word (SERVICE_WORDS), English only. */
  service: boolean;
  /** A personal-life topic word (PERSONAL_WORDS), English only. */
  personal: boolean;
  /** Aimed at a company: the configured brand, or a known brand's @handle or name. */
  brand: boolean;
}

// Word -> which topic lists it is in (bit 1 service, 2 personal, 4 brand): one lookup per word.
const WORD_FLAGS = new Map<string, number>();
for (const w of SERVICE_WORDS) WORD_FLAGS.set(w, (WORD_FLAGS.get(w) ?? 0) | 1);
for (const w of PERSONAL_WORDS) WORD_FLAGS.set(w, (WORD_FLAGS.get(w) ?? 0) | 2);
for (const w of BRAND_WORDS) WORD_FLAGS.set(w, (WORD_FLAGS.get(w) ?? 0) | 4);

/**
 * Service / personal / brand flags of a post's tokens (bits as in WORD_FLAGS); with
 * `entries` (a hosted table, see HostedModel) the bits come from each word's entry.
 */
function topicFlags(tokens: Token[], entries?: Array<WordEntry | undefined>): number {
  let f = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === "word") {
      if (entries === undefined) f |= WORD_FLAGS.get(t.w) ?? 0;
      else { const e = entries[i]; if (e !== undefined) f |= e.ct; }
    } else if (t.kind === "mention" && !(f & 4) && isBrandHandle(t.w)) f |= 4;
  }
  return f;
}

/**
 * A complaint model whose weights also live in the English sentiment rules' word table:
 * the rules look up every token once (EnglishValence.entries), and the complaint scorer
 * reads its unigram weight, bigram followers (by entry id) and topic bits from the same
 * entry instead of two more string lookups per token. Every word the model knows (also
 * as a bigram's second word) and every WORD_FLAGS word gets an entry, so a token without
 * an entry has no weight, starts and ends no bigram and has no topic bits.
 */
interface HostedModel {
  model: ComplaintModel;
  table: WordTable;
  /** Bigrams by (first, second) entry id, open addressing (load <= 1/2); weights in bgW. */
  bgKeys: Int32Array; bgW: Float64Array; bgMask: number;
  /** Entries of the fixed token forms: start of post, handle, number, "?", "!". */
  start: WordEntry; at: WordEntry; zero: WordEntry; q: WordEntry; bang: WordEntry;
}
const hosted = new WeakMap<WordTable, HostedModel>();

/** The hosted form of `model` in `table`; null when the table already hosts another model. */
function hostComplaintModel(model: ComplaintModel, table: WordTable): HostedModel | null {
  const h = hosted.get(table);
  if (h !== undefined) return h.model === model ? h : null;
  const entry = (w: string) => tableEntry(table, w);
  const pairs: Array<[WordEntry, WordEntry, number]> = [];
  for (const [w, m] of model.words) {
    const e = entry(w);
    e.cu = m.u;
    if (m.next === undefined) continue;
    // Follower filter as in the sentiment model: 8 bits per bigram, a clear bit skips the probe.
    let bits = 32;
    while (bits < m.next.size * 8) bits *= 2;
    const f = (e.cfollow = new Uint32Array(bits / 32));
    for (const [second, g] of m.next) {
      const b = entry(second);
      pairs.push([e, b, g]);
      const bit = followBit(b.id, bits);
      f[bit >>> 5] |= 1 << (bit & 31);
    }
  }
  for (const [w, f] of WORD_FLAGS) entry(w).ct = f;
  let size = 16;
  while (size < pairs.length * 2) size *= 2;
  const bgKeys = new Int32Array(size * 2).fill(-1), bgW = new Float64Array(size), bgMask = size - 1;
  for (const [a, b, g] of pairs) {
    let h = bigramHash(a.id, b.id) & bgMask;
    while (bgKeys[2 * h] !== -1) h = (h + 1) & bgMask;
    bgKeys[2 * h] = a.id; bgKeys[2 * h + 1] = b.id; bgW[h] = g;
  }
  const made: HostedModel = { model, table, bgKeys, bgW, bgMask, start: entry("<s>"), at: entry("@"), zero: entry("0"), q: entry("?"), bang: entry("!") };
  hosted.set(table, made);
  return made;
}

/**
 * Features of an English post for the complaint model, handed one by one to `emit`
 * (no Map or array per post): rule signals ("r:"), word unigrams ("u:") and bigrams
 * ("g:", with "<s>" marking the start). Handles fold to "@", numbers to "0", runs of
 * "?"/"!" to one mark. Shared by the engine and the model build so both see the same.
 */
export function complaintFeatures(tokens: Token[], s: ComplaintSignals, emit: (name: string, x: number) => void): void {
  const n = signalFeatures(tokens, s);
  for (let i = 0; i < n; i++) emit(SIG_NAME[i], SIG_VALUE[i]);
  let prev = "<s>";
  for (const t of tokens) {
    const w = tokenForm(t);
    if (w === prev && (w === "@" || w === "0")) continue;
    emit("u:" + w, 1);
    emit("g:" + prev + " " + w, 1);
    prev = w;
  }
}

/** The form a token takes in the model: handles fold to "@", numbers to "0", "?!" runs to one mark. */
function tokenForm(t: Token): string {
  if (t.kind === "mention") return "@";
  if (t.kind === "punct") return t.w.includes("?") ? "?" : "!";
  if (t.kind === "word") { const c = t.w.charCodeAt(0); if (c >= 48 && c <= 57) return "0"; }
  return t.w;
}

// Scratch buffers for the rule-signal features of the post being scored: filled by
// signalFeatures() without allocating a closure or an array per post.
const SIG_NAME: string[] = [];
const SIG_VALUE: number[] = [];
let sigN = 0;
function emit(name: string, x: number): void { SIG_NAME[sigN] = name; SIG_VALUE[sigN] = x; sigN++; }

/** The rule-signal ("r:") features, into SIG_NAME/SIG_VALUE; returns how many. */
function signalFeatures(tokens: Token[], s: ComplaintSignals): number {
  sigN = 0;
  if (s.failure) emit("r:failure", 1);
  if (s.demand) emit("r:demand", 1);
  if (s.question) emit("r:question", 1);
  if (s.praise) emit("r:praise", 1);
  if (s.sentiment === "negative") emit("r:neg", 1);
  else if (s.sentiment === "positive") emit("r:pos", 1);
  if (s.score !== 0) emit("r:score", s.score);
  if (s.addressed) emit("r:addressed", 1);
  if (s.churn) emit("r:churn", 1);
  if (s.failure && s.addressed) emit("r:failure+addressed", 1);
  if (s.sentiment === "negative" && s.addressed) emit("r:neg+addressed", 1);
  // The hand-written rule decision (what the engine said before it had a model).
  if ((s.sentiment === "negative" || (s.failure && s.sentiment !== "positive")) && (s.failure || s.demand || s.addressed)) emit("r:rules", 1);
  if (s.service) emit("r:service", 1);
  if (s.personal) emit("r:personal", 1);
  if (s.failure && s.service) emit("r:failure+service", 1);
  if (s.sentiment === "negative" && s.personal && !s.service) emit("r:neg+personal-only", 1);
  if (s.brand) {
    emit("r:brand", 1);
    if (s.failure) emit("r:failure+brand", 1);
    if (s.sentiment === "negative") emit("r:neg+brand", 1);
    if (s.demand) emit("r:demand+brand", 1);
    if (s.question) emit("r:question+brand", 1);
    if (s.sentiment === "positive") emit("r:pos+brand", 1);
  }
  const t0 = tokens[0];
  if (t0 !== undefined && t0.kind === "mention") {
    // Handle shape: company care accounts ("@askacme", "@acmesupport", "@acmecares")
    // versus personal handles with digits or underscores ("@jen_k92"): replies between
    // people are rarely complaints.
    if (HANDLE_CARE.test(t0.w)) emit("r:care-handle", 1);
    if (HANDLE_PERSON.test(t0.w)) emit("r:person-handle", 1);
  }
  // Several handles up front is a conversation between people, rarely a complaint.
  if (tokens.length > 1 && tokens[0].kind === "mention" && tokens[1].kind === "mention") emit("r:multi-mention", 1);
  const n = tokens.length;
  emit(n <= 5 ? "r:len<=5" : n <= 12 ? "r:len<=12" : n <= 25 ? "r:len<=25" : "r:len>25", 1);
  return sigN;
}

const HANDLE_CARE = /^@(?:ask|help)|(?:help|support|care|cares|service|team)$/;
const HANDLE_PERSON = /\d|_/;

/**
 * Rule signals of a post, as analyzeComplaint() computes them (tokens: English tokens, for
 * the brand check; entries: their entries in a table hosting the model, see HostedModel).
 */
export function complaintSignals(c: ComplaintInput, tokens?: Token[], entries?: Array<WordEntry | undefined>): ComplaintSignals {
  const lang = c.lang === "zh" ? "zh" : "en";
  const t = c.text;
  const flags = lang === "en" && tokens !== undefined ? topicFlags(tokens, entries) : 0;
  return {
    failure: c.failure !== undefined ? c.failure : match(FAILURE, t, lang),
    demand: match(DEMAND, t, lang),
    question: lang === "en" ? (t.includes("?") || QUESTION_START.test(t)) : /[?？吗呢]/.test(t),
    praise: match(PRAISE, t, lang),
    sentiment: c.sentiment,
    score: c.score,
    addressed: c.addressed,
    churn: !!(c.churnWords !== undefined ? c.churnWords : match(CHURN, t, lang)),
    service: (flags & 1) !== 0,
    personal: (flags & 2) !== 0,
    brand: !!c.brandNamed || (flags & 4) !== 0,
  };
}

/**
 * The two largest positive contributions to a complaint score, kept as (previous word,
 * word) so that names are built only for the winners. One instance is reused: scoring is
 * synchronous and allocates nothing per contribution.
 */
class TopTwo {
  a1 = ""; a2 = ""; av = 0; b1 = ""; b2 = ""; bv = 0;
  reset(): this {
    this.a1 = this.a2 = this.b1 = this.b2 = "";
    this.av = this.bv = 0;
    return this;
  }
  offer(first: string, second: string, v: number): void {
    if (v > this.av) { this.b1 = this.a1; this.b2 = this.a2; this.bv = this.av; this.a1 = first; this.a2 = second; this.av = v; }
    else if (v > this.bv) { this.b1 = first; this.b2 = second; this.bv = v; }
  }
  names(): string[] {
    const out: string[] = [];
    if (this.a2) out.push(this.a1 ? this.a1 + " " + this.a2 : this.a2);
    if (this.b2) out.push(this.b1 ? this.b1 + " " + this.b2 : this.b2);
    return out;
  }
}
const TOP = new TopTwo();

/** The model's bias plus its rule-signal terms, summed in feature order (both scorers start here). */
function addSignals(model: ComplaintModel, tokens: Token[], s: ComplaintSignals, top: TopTwo): number {
  let z = model.bias;
  const n = signalFeatures(tokens, s);
  for (let i = 0; i < n; i++) {
    const w = model.signals.get(SIG_NAME[i]);
    if (w === undefined) continue;
    const v = w * SIG_VALUE[i];
    z += v;
    top.offer("", SIG_NAME[i], v);
  }
  return z;
}

/** p(complaint) from the model, and the two words/signals that pushed it up most (for `why`). */
export function scoreComplaint(model: ComplaintModel, tokens: Token[], s: ComplaintSignals): { p: number; top: string[] } {
  const top = TOP.reset();
  let z = addSignals(model, tokens, s, top);
  // Words: one Map lookup per token gives its unigram weight and the bigrams it starts;
  // a second (in the previous word's followers) gives the bigram. The token strings are
  // used as they are: no feature-name strings are built.
  let prev = "<s>";
  let next = model.words.get(prev)?.next;
  for (const t of tokens) {
    const w = tokenForm(t);
    if (w === prev && (w === "@" || w === "0")) continue;
    const e = model.words.get(w);
    if (e !== undefined) {
      const u = e.u;
      z += u;
      top.offer("", w, u);
    }
    if (next !== undefined) {
      const g = next.get(w);
      if (g !== undefined) {
        z += g;
        top.offer(prev, w, g);
      }
    }
    next = e?.next;
    prev = w;
  }
  return { p: 1 / (1 + Math.exp(-z)), top: top.names() };
}

/**
 * scoreComplaint() for a hosted model: the same sums in the same order (so the same p),
 * with each token's entry taken from the sentiment rules' lookup instead of model.words.
 */
function scoreHosted(h: HostedModel, tokens: Token[], entries: Array<WordEntry | undefined>, s: ComplaintSignals): { p: number; top: string[] } {
  const top = TOP.reset();
  let z = addSignals(h.model, tokens, s, top);
  let prev = "<s>";
  // The previous token's entry id and bigram follower filter (null: it starts no bigram).
  let prevId = h.start.id;
  let follow = h.start.cfollow;
  const keys = h.bgKeys, mask = h.bgMask;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const kind = t.kind;
    // tokenForm(t) and its entry.
    let w: string;
    let e: WordEntry | undefined;
    if (kind === "word") {
      const c = t.w.charCodeAt(0);
      if (c >= 48 && c <= 57) { w = "0"; e = h.zero; } else { w = t.w; e = entries[i]; }
    } else if (kind === "mention") { w = "@"; e = h.at; }
    else if (kind === "punct") { if (t.w.includes("?")) { w = "?"; e = h.q; } else { w = "!"; e = h.bang; } }
    else { w = t.w; e = h.table.get(w); }
    if (w === prev && (w === "@" || w === "0")) continue;
    if (e === undefined) { follow = null; prev = w; continue; }
    // A word known only as a bigram's first word has weight 0: adding it changes nothing.
    const u = e.cu;
    if (u !== 0) {
      z += u;
      top.offer("", w, u);
    }
    if (follow !== null && hasFollower(follow, e.id)) {
      const b = e.id;
      for (let k = bigramHash(prevId, b) & mask, c = keys[2 * k]; c !== -1; k = (k + 1) & mask, c = keys[2 * k]) {
        if (c === prevId && keys[2 * k + 1] === b) {
          const g = h.bgW[k];
          z += g;
          top.offer(prev, w, g);
          break;
        }
      }
    }
    follow = e.cfollow;
    prevId = e.id;
    prev = w;
  }
  return { p: 1 / (1 + Math.exp(-z)), top: top.names() };
}

const REASON_SERVQUAL: Record<string, Servqual> = {
  delay: "reliability", cancellation: "reliability", lost_baggage: "reliability", damaged_baggage: "reliability",
  booking: "reliability", customer_service: "responsiveness", staff: "assurance", inflight: "tangibles",
  entertainment: "tangibles", terminal: "tangibles", queue: "responsiveness", checkin: "reliability", rewards: "reliability",
};

/** Empathy and assurance: explicit wording that beats a reason's SERVQUAL dimension. */
const SERVQUAL_STRONG = SERVQUAL_RULES.slice(0, 2);

function first<T extends string>(rules: CueRule<T>[], text: string, lang: "en" | "zh"): { value: T; word: string } | null {
  for (const r of rules) {
    const rx = lang === "en" ? r.en : r.zh;
    const m = rx === undefined ? null : ruleExec(rx, text);
    if (m) return { value: r.value, word: m[0] };
  }
  return null;
}

function match(rx: { en: RegExp; zh: RegExp }, text: string, lang: "en" | "zh"): string | null {
  const m = ruleExec(rx[lang], text);
  return m ? m[0] : null;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
// Competitor patterns are built once per (language, name): brands configure few competitors.
const competitorCache = new Map<string, RegExp>();
function competitorRe(lang: "en" | "zh", name: string): RegExp {
  const key = lang + "\u0000" + name;
  let rx = competitorCache.get(key);
  if (!rx) {
    const n = escapeRe(lang === "en" ? name.toLowerCase() : name);
    rx = lang === "en"
      ? new RegExp(String.raw`\b(?:switch(?:ing|ed)? to|go(?:ing)? with|fly(?:ing)?|try(?:ing)?|use|using|instead|better)\b[^.!?]{0,25}\b${n}\b|\b${n}\b[^.!?]{0,20}\b(?:instead|from now on|next time)\b`)
      : new RegExp(String.raw`(?:换|改|转|去).{0,4}${n}|${n}.{0,6}(?:更好|好多了)`);
    competitorCache.set(key, rx);
  }
  return rx;
}

export function analyzeComplaint(c: ComplaintInput, why: string[]): Pick<TextAnalysis, "complaint" | "churn"> {
  const none = { complaint: { kind: "none" as ComplaintKind, category: null, servqual: null, reason: null, severity: null }, churn: false };
  if (c.lang === "other") return none;
  const lang = c.lang;
  const t = c.text;
  const model = lang !== "en" ? null : c.model !== undefined ? c.model : shippedModel();
  const tokens = model ? c.tokens ?? tokenizeEnglish(t) : undefined;
  // The shipped model scored from the sentiment rules' entries (same figures, fewer
  // lookups). The post that first hosts the model has entries looked up before its words
  // were added, so it takes the plain path.
  let host: HostedModel | null = null;
  if (model && c.model === undefined && c.tokens !== undefined && c.table !== undefined && c.entries !== undefined) {
    const fresh = !hosted.has(c.table);
    host = hostComplaintModel(model, c.table);
    if (fresh) host = null;
  }
  const sig = complaintSignals(c, tokens, host !== null ? c.entries : undefined);
  const { failure, demand, question, praise } = sig;
  const malicious = match(SEVERITY.malicious, t, lang);
  if (lang === "en" && c.model === undefined && model === null) why.push(defaultModelNote);

  let kind: ComplaintKind;
  if (model) {
    // English: the fitted model decides complaint vs not (its features include the rule
    // signals below); a demand or an address to the brand makes it a complaint rather
    // than a grumble.
    const { p, top } = host !== null ? scoreHosted(host, tokens!, c.entries!, sig) : scoreComplaint(model, tokens!, sig);
    const note = `complaint model ${model.id}: p=${p.toFixed(2)}${top.length ? ` (${top.join(", ")})` : ""}`;
    if (p >= model.threshold) {
      // As in the rules: a demand, or a failure told to the brand, is a formal complaint;
      // the rest is public moaning (a grumble).
      kind = demand || (failure && c.addressed) ? "complaint" : "grumble";
      const cues = [failure && `failure '${failure}'`, demand && `demand '${demand}'`, c.addressed && "addressed to the brand"].filter(Boolean);
      why.push(`${kind}: ${cues.length ? cues.join(", ") + "; " : ""}${note}`);
    } else if (question) {
      kind = "question";
      why.push(`question: question form, ${note}`);
    } else if (c.sentiment === "positive") {
      kind = "praise";
      why.push(`praise: positive sentiment${praise ? ` ('${praise}')` : ""}, ${note}`);
    } else {
      kind = "none";
      why.push(`none: ${note}`);
    }
  }
  // A complaint needs a breached expectation (failure words) or a demand for a remedy;
  // plain bad mood ("mondays are the worst") is neither, unless aimed at the brand.
  else if ((c.sentiment === "negative" || (failure && c.sentiment !== "positive")) && (failure || demand || c.addressed)) {
    if ((demand && (failure || c.sentiment === "negative")) || (failure && c.addressed)) {
      kind = "complaint";
      why.push(`complaint: ${[failure && `failure '${failure}'`, demand && `demand '${demand}'`, c.addressed && "addressed to the brand"].filter(Boolean).join(", ")}`);
    } else {
      kind = "grumble";
      why.push(`grumble: negative${failure ? ` with failure '${failure}'` : " about the brand"} but no demand${c.addressed ? "" : " or address to the brand"}`);
    }
  } else if (question) {
    kind = "question";
    why.push("question: question form without a failure");
  } else if (c.sentiment === "positive") {
    kind = "praise";
    why.push(`praise: positive sentiment${praise ? ` ('${praise}')` : ""}`);
  } else {
    kind = "none";
  }
  if (malicious && (kind === "none" || kind === "praise" || kind === "question")) {
    kind = "complaint";
    why.push("complaint: threat or extortion wording");
  }

  let category: ComplaintCategory | null = null;
  let servqual: Servqual | null = null;
  let reason: string | null = null;
  let severity: Severity | null = null;
  const isComplaint = kind === "complaint" || kind === "grumble";
  // The reason is what the post is about, so praise and questions get one too.
  {
    const r = first(REASONS, t, lang);
    if (r) { reason = r.value; why.push(`reason: ${r.value} ('${r.word}')`); }
  }
  if (isComplaint) {
    const cat = first(CATEGORY_RULES, t, lang);
    if (cat) { category = cat.value; why.push(`category: ${cat.value} ('${cat.word}')`); }
    else if (reason) { category = "service"; why.push(`category: service (from reason ${reason})`); }
    // Explicit empathy/assurance wording beats the reason; the reason beats weaker cues
    // such as "hours" that would otherwise call a delay a responsiveness failure.
    const strong = first(SERVQUAL_STRONG, t, lang);
    const sq = strong ?? (reason && REASON_SERVQUAL[reason] ? null : first(SERVQUAL_RULES, t, lang));
    if (sq) { servqual = sq.value; why.push(`servqual: ${sq.value} ('${sq.word}')`); }
    else if (reason && REASON_SERVQUAL[reason]) { servqual = REASON_SERVQUAL[reason]; why.push(`servqual: ${servqual} (from reason ${reason})`); }

    const serious = match(SEVERITY.serious, t, lang);
    const hashtags = lang === "en" && t.includes("#") ? (t.match(/#\w+/g) ?? []).length : 0;
    if (malicious) { severity = "malicious"; why.push(`severity: malicious ('${malicious}')`); }
    else if (hashtags >= 6) { severity = "malicious"; why.push(`severity: malicious (hashtag flood: ${hashtags} tags, spam pattern)`); }
    else if (serious) { severity = "serious"; why.push(`severity: serious ('${serious}')`); }
    else if (c.stakeholder === "media" || c.stakeholder === "journalist" || c.stakeholder === "official") {
      severity = "serious"; why.push(`severity: serious (author is ${c.stakeholder})`);
    } else severity = "general";
  }

  let churn = false;
  const ch = c.churnWords !== undefined ? c.churnWords : match(CHURN, t, lang);
  if (ch && c.sentiment !== "positive") { churn = true; why.push(`churn: '${ch}'`); }
  else if (c.competitors.length && c.sentiment !== "positive") {
    for (const comp of c.competitors) {
      const rx = competitorRe(lang, comp);
      if (rx.test(t)) { churn = true; why.push(`churn: moving to competitor '${comp}'`); break; }
    }
  }
  return { complaint: { kind, category, servqual, reason, severity }, churn };
}
