// The pure, per-post part of ingest: text cleanup, brand matching, canonical URL,
// content hash, and the text analysis toward the primary brand. It depends on nothing
// but the post and the brand config, so an analysis worker runs exactly this code on
// a chunk while the main thread stores another (analysis/analysis-pool.ts), and the
// inline pipeline runs the same code on the main thread.
import type { BrandMatchConfig } from "../collectors/types.ts";
import type { AnalyzeInput, RawPost, TextAnalysis, TextAnalyzer } from "./types.ts";
import { canonicalizeUrl, contentHash, htmlToText, plainText } from "./normalize.ts";
import { compileBrandMatcher, matchBrands, type BrandMatcher } from "./match.ts";
import { whyJson } from "../core/db/mention-store.ts";

/** What preparation reads of a raw post. */
export type PrepInput = Pick<RawPost, "text" | "title" | "url" | "language" | "author">;

export interface PrepOptions {
  /** See IngestOptions.textFormat. Default "html". */
  textFormat?: "html" | "text";
  /** Brands this source serves (default: all). */
  brandIds?: string[];
}

export interface PreparedText {
  /** Title and text as one plain text (what matching, hashing and analysis see). */
  text: string;
  title: string | null;
  canonicalUrl: string | null;
  contentHash: string;
  /** Every brand matched, in config order (first = primary). */
  brandIds: string[];
}

export type Prepared = PreparedText | { skip: "empty text" | "unmatched" };
/** analysisJson: the stored `analysis` column, serialised where the analysis ran (off the main thread with workers). */
export type PreparedAndAnalysed = (PreparedText & { analysis: TextAnalysis; analysisJson: string | null }) | { skip: "empty text" | "unmatched" };

export class PostPreparer {
  readonly #matchers: BrandMatcher[];
  readonly #byFilter = new Map<string, BrandMatcher[]>();
  // What the analyzer is told about each brand: built once, not per post.
  readonly #brandInputs: Map<string, NonNullable<AnalyzeInput["brand"]>>;

  constructor(brands: BrandMatchConfig[]) {
    this.#matchers = brands.map((b) => compileBrandMatcher(b));
    this.#brandInputs = new Map(brands.map((b) => [b.id, { id: b.id, name: b.name, keywords: [...b.keywords, ...b.aliases], competitors: b.competitors }]));
  }

  /** Matchers of the brands a source serves. */
  matchers(brandIds?: string[]): BrandMatcher[] {
    if (!brandIds?.length) return this.#matchers;
    const key = brandIds.join("\u0000");
    let m = this.#byFilter.get(key);
    if (!m) this.#byFilter.set(key, m = this.#matchers.filter((x) => brandIds.includes(x.brandId)));
    return m;
  }

  /** Clean text, brands, canonical URL and hash of one post; or why it is dropped. */
  prepare(p: PrepInput, matchers: BrandMatcher[], textFormat: PrepOptions["textFormat"]): Prepared {
    const toText = textFormat === "text" ? plainText : htmlToText;
    const text = toText(String(p.text ?? "")).slice(0, 20_000);
    const title = p.title ? toText(p.title).slice(0, 1000) : null;
    const haystack = title && !text.includes(title) ? `${title}\n${text}` : text;
    if (!haystack.trim()) return { skip: "empty text" };
    const brandIds = matchBrands(matchers, haystack);
    if (!brandIds.length) return { skip: "unmatched" };
    return { text: haystack, title, canonicalUrl: canonicalizeUrl(p.url), contentHash: contentHash(haystack), brandIds };
  }

  /** What the analyzer sees of a post (analysed toward its primary brand). */
  analyzeInput(p: PrepInput, prepared: Pick<PreparedText, "text" | "brandIds">): AnalyzeInput {
    return { text: prepared.text, language: p.language ?? null, author: p.author ?? null, brand: this.#brandInputs.get(prepared.brandIds[0]) ?? null };
  }

  /** prepare() and analyse each post of a chunk. */
  prepareAndAnalyse(posts: PrepInput[], o: PrepOptions, analyzer: TextAnalyzer): PreparedAndAnalysed[] {
    const matchers = this.matchers(o.brandIds);
    return posts.map((p) => {
      const prepared = this.prepare(p, matchers, o.textFormat);
      if ("skip" in prepared) return prepared;
      const analysis = analyzer.analyze(this.analyzeInput(p, prepared));
      return { ...prepared, analysis, analysisJson: whyJson(analysis.why) };
    });
  }
}

// --- Results crossing from an analysis worker to the main thread --------------------------
// Everything a worker sends is copied (structured clone) into the main thread's heap, and
// a batch's results live there until the batch is stored: long enough to survive young-GC
// and be promoted. The main thread's GC and peak RSS grew with what each result carried,
// so a chunk crosses as a few flat arrays instead of ~15 objects and strings per post:
// - the strings a post needs (hash, URL, title, stored column) in one array; not as
//   slices of one long text, which would be cheaper to send but would keep a whole
//   chunk's text alive for as long as any cache or story keeps one post's hash or URL,
// - the labels (language, sentiment, complaint fields, stakeholder, engine, brand ids) as
//   indexes into a small table of the chunk's distinct values,
// - no copy of the text when cleaning left the post's own text unchanged,
// - no `why` array: the stored column (analysisJson) carries the same reasons and the
//   main thread rebuilds them only if someone reads them (ShippedAnalysis).

/** One chunk of prepared and analysed posts as it crosses from a worker (see toWire/fromWire). */
export interface WireChunk {
  /** Per post: FIELDS ints (below), then its brand ids as `table` indexes. */
  ints: Int32Array;
  /** Sentiment scores, one per post (NaN for a skipped post). */
  scores: Float64Array;
  /** The strings of the chunk's posts, referred to by position. */
  strings: string[];
  /** Distinct label values of the chunk. */
  table: string[];
}

// Per-post int fields. A string field holds the number of its string in `strings`, or
// NONE (null) or SAME_TEXT (the input's text); a label field holds a `table` index or NONE.
const F_STATUS = 0, F_TEXT = 1, F_TITLE = 2, F_URL = 3, F_HASH = 4, F_JSON = 5, F_LANG = 6, F_LABEL = 7, F_KIND = 8, F_CATEGORY = 9,
  F_SERVQUAL = 10, F_REASON = 11, F_SEVERITY = 12, F_STAKEHOLDER = 13, F_ENGINE = 14, F_CHURN = 15, F_BRANDS = 16, FIELDS = 17;
const NONE = -1, SAME_TEXT = -2;
const OK = 0, SKIP_EMPTY = 1, SKIP_UNMATCHED = 2;

/** Worker side: the chunk's results as flat buffers (see WireChunk). */
export function toWire(results: PreparedAndAnalysed[], inputs: PrepInput[]): WireChunk {
  const ints: number[] = [];
  const scores = new Float64Array(results.length);
  const strings: string[] = [];
  const table: string[] = [];
  const index = new Map<string, number>();
  const str = (v: string | null): number => {
    if (v === null) return NONE;
    strings.push(v);
    return strings.length - 1;
  };
  const label = (v: string | null): number => {
    if (v === null) return NONE;
    let i = index.get(v);
    if (i === undefined) { index.set(v, i = table.length); table.push(v); }
    return i;
  };
  for (let p = 0; p < results.length; p++) {
    const r = results[p];
    const at = ints.length;
    for (let f = 0; f < FIELDS; f++) ints.push(NONE);
    if ("skip" in r) {
      ints[at + F_STATUS] = r.skip === "empty text" ? SKIP_EMPTY : SKIP_UNMATCHED;
      ints[at + F_BRANDS] = 0;
      scores[p] = NaN;
      continue;
    }
    const a = r.analysis, c = a.complaint;
    ints[at + F_STATUS] = OK;
    ints[at + F_TEXT] = r.text === String(inputs[p].text ?? "") ? SAME_TEXT : str(r.text);
    ints[at + F_TITLE] = str(r.title);
    ints[at + F_URL] = str(r.canonicalUrl);
    ints[at + F_HASH] = str(r.contentHash);
    ints[at + F_JSON] = str(r.analysisJson);
    ints[at + F_LANG] = label(a.language);
    ints[at + F_LABEL] = label(a.sentiment.label);
    ints[at + F_KIND] = label(c.kind);
    ints[at + F_CATEGORY] = label(c.category);
    ints[at + F_SERVQUAL] = label(c.servqual);
    ints[at + F_REASON] = label(c.reason);
    ints[at + F_SEVERITY] = label(c.severity);
    ints[at + F_STAKEHOLDER] = label(a.stakeholder);
    ints[at + F_ENGINE] = label(a.engine);
    ints[at + F_CHURN] = a.churn ? 1 : 0;
    ints[at + F_BRANDS] = r.brandIds.length;
    for (const b of r.brandIds) ints.push(label(b));
    scores[p] = a.sentiment.score;
  }
  return { ints: Int32Array.from(ints), scores, strings, table };
}

const STORED = Symbol("analysisJson");
const WHY = Symbol("why");

/**
 * A TextAnalysis whose `why` is read from the stored column (analysisJson) when first
 * asked for: most posts are stored and counted without anyone reading their reasons.
 * Serialises (toJSON) exactly as the plain object would; a structured clone (postMessage)
 * would drop `why`, so it is not sent across threads as it is.
 */
export class ShippedAnalysis implements TextAnalysis {
  language: TextAnalysis["language"];
  sentiment: TextAnalysis["sentiment"];
  complaint: TextAnalysis["complaint"];
  churn: boolean;
  stakeholder: TextAnalysis["stakeholder"];
  engine: string;
  // Kept out of the object's enumerable fields (not #private: equality checkers and
  // copies read getters with other receivers), so it compares and copies as a plain analysis.
  declare [STORED]: string | null;
  declare [WHY]: string[] | undefined;

  constructor(a: Omit<TextAnalysis, "why">, json: string | null) {
    this.language = a.language;
    this.sentiment = a.sentiment;
    this.complaint = a.complaint;
    this.churn = a.churn;
    this.stakeholder = a.stakeholder;
    this.engine = a.engine;
    Object.defineProperty(this, STORED, { value: json, writable: true });
  }

  get why(): string[] {
    let why = this[WHY];
    if (why === undefined) {
      const json = this[STORED];
      why = json == null ? [] : (JSON.parse(json) as { why: string[] }).why;
      Object.defineProperty(this, WHY, { value: why, writable: true });
    }
    return why;
  }

  set why(v: string[]) {
    Object.defineProperty(this, WHY, { value: v, writable: true });
  }

  toJSON(): TextAnalysis {
    return { language: this.language, sentiment: this.sentiment, complaint: this.complaint, churn: this.churn, stakeholder: this.stakeholder, why: this.why, engine: this.engine };
  }
}

/** Main side: one shared copy of each label-like string (bounded, so odd values cannot grow it). */
export class StringInterner {
  #m = new Map<string, string>();
  constructor(private readonly limit = 4096) {}
  intern(s: string): string {
    const known = this.#m.get(s);
    if (known !== undefined) return known;
    if (this.#m.size < this.limit) this.#m.set(s, s);
    return s;
  }
}

/** Main side: the results of a chunk (PreparedAndAnalysed, exactly as inline) from what crossed. */
export function fromWire(w: WireChunk, inputs: PrepInput[], strings: StringInterner): PreparedAndAnalysed[] {
  const { ints, scores } = w;
  const table = w.table.map((t) => strings.intern(t));
  const all = w.strings;
  const str = (i: number): string | null => (i === NONE ? null : all[i]);
  const label = (i: number): string | null => (i === NONE ? null : table[i]);
  const out: PreparedAndAnalysed[] = new Array(inputs.length);
  let at = 0;
  for (let p = 0; p < inputs.length; p++) {
    const status = ints[at + F_STATUS];
    if (status !== OK) {
      out[p] = { skip: status === SKIP_EMPTY ? "empty text" : "unmatched" };
      at += FIELDS;
      continue;
    }
    const nBrands = ints[at + F_BRANDS];
    const brandIds: string[] = new Array(nBrands);
    for (let b = 0; b < nBrands; b++) brandIds[b] = table[ints[at + FIELDS + b]];
    const t = ints[at + F_TEXT];
    const analysisJson = str(ints[at + F_JSON]);
    const analysis = new ShippedAnalysis({
      language: label(ints[at + F_LANG]),
      sentiment: { label: label(ints[at + F_LABEL]) as TextAnalysis["sentiment"]["label"], score: scores[p] },
      complaint: {
        kind: label(ints[at + F_KIND]) as TextAnalysis["complaint"]["kind"],
        category: label(ints[at + F_CATEGORY]) as TextAnalysis["complaint"]["category"],
        servqual: label(ints[at + F_SERVQUAL]) as TextAnalysis["complaint"]["servqual"],
        reason: label(ints[at + F_REASON]),
        severity: label(ints[at + F_SEVERITY]) as TextAnalysis["complaint"]["severity"],
      },
      churn: ints[at + F_CHURN] === 1,
      stakeholder: label(ints[at + F_STAKEHOLDER]) as TextAnalysis["stakeholder"],
      engine: label(ints[at + F_ENGINE])!,
    }, analysisJson);
    out[p] = {
      text: t === SAME_TEXT ? String(inputs[p].text ?? "") : str(t)!, title: str(ints[at + F_TITLE]), canonicalUrl: str(ints[at + F_URL]),
      contentHash: str(ints[at + F_HASH])!, brandIds, analysis, analysisJson,
    };
    at += FIELDS + nBrands;
  }
  if (at !== ints.length) throw new Error(`analysis worker sent ${ints.length} fields for ${inputs.length} posts (expected ${at})`);
  return out;
}
