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
