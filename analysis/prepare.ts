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
// so a result crosses without what the main thread already has or can rebuild on demand:
// no copy of the text when cleaning left the post's own text unchanged, and no `why`
// array (the stored column, analysisJson, carries the same reasons). Label strings are
// shared (interned) on arrival instead of kept as one copy per post.

/** A result as it crosses from a worker: `text` absent = the input's text; `analysis` without `why`. */
export type WireResult =
  | { skip: "empty text" | "unmatched" }
  | (Omit<PreparedText, "text"> & { text?: string; analysis: Omit<TextAnalysis, "why">; analysisJson: string | null });

/** Worker side: what crosses for each result (see WireResult). */
export function toWire(results: PreparedAndAnalysed[], inputs: PrepInput[]): WireResult[] {
  return results.map((r, i) => {
    if ("skip" in r) return r;
    const a = r.analysis;
    const w: WireResult = {
      title: r.title, canonicalUrl: r.canonicalUrl, contentHash: r.contentHash, brandIds: r.brandIds,
      analysis: { language: a.language, sentiment: a.sentiment, complaint: a.complaint, churn: a.churn, stakeholder: a.stakeholder, engine: a.engine },
      analysisJson: r.analysisJson,
    };
    if (r.text !== String(inputs[i].text ?? "")) w.text = r.text;
    return w;
  });
}

/**
 * A TextAnalysis whose `why` is read from the stored column (analysisJson) when first
 * asked for: most posts are stored and counted without anyone reading their reasons.
 * Serialises (toJSON) exactly as the plain object would.
 */
const STORED = Symbol("analysisJson");
const WHY = Symbol("why");

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

/** Main side: one shared copy of each short label-like string (bounded, so odd values cannot grow it). */
export class StringInterner {
  #m = new Map<string, string>();
  constructor(private readonly limit = 4096) {}
  intern<T extends string | null>(s: T): T {
    if (s === null) return s;
    const known = this.#m.get(s);
    if (known !== undefined) return known as T;
    if (this.#m.size < this.limit) this.#m.set(s, s);
    return s;
  }
}

/** Main side: rebuilds the results of a chunk (PreparedAndAnalysed, as inline) from what crossed. */
export function fromWire(wire: WireResult[], inputs: PrepInput[], strings: StringInterner): PreparedAndAnalysed[] {
  const out: PreparedAndAnalysed[] = new Array(wire.length);
  for (let i = 0; i < wire.length; i++) {
    const w = wire[i];
    if ("skip" in w) { out[i] = w; continue; }
    const a = w.analysis;
    a.language = strings.intern(a.language);
    a.engine = strings.intern(a.engine);
    a.stakeholder = strings.intern(a.stakeholder);
    a.sentiment.label = strings.intern(a.sentiment.label);
    const c = a.complaint;
    c.kind = strings.intern(c.kind); c.category = strings.intern(c.category); c.servqual = strings.intern(c.servqual);
    c.reason = strings.intern(c.reason); c.severity = strings.intern(c.severity);
    const brandIds = w.brandIds;
    for (let j = 0; j < brandIds.length; j++) brandIds[j] = strings.intern(brandIds[j]);
    out[i] = {
      text: w.text ?? String(inputs[i].text ?? ""), title: w.title, canonicalUrl: w.canonicalUrl, contentHash: w.contentHash, brandIds,
      analysis: new ShippedAnalysis(a, w.analysisJson), analysisJson: w.analysisJson,
    };
  }
  return out;
}
