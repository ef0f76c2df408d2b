// The ingest pipeline every path shares (scheduled collectors, push ingest, file
// import and `earshot replay`): normalise -> match brands -> dedupe -> analyse ->
// store -> detect -> incidents/alerts. Stages before `store` are pure and
// synchronous; detection is incremental and driven by event time, so a backtest is
// the same code as live monitoring.
import type { BrandConfig, EarshotConfig } from "../core/config/schema.ts";
import type { AnalyzeInput, NormalizedPost, RawPost, StoredMention, TextAnalysis, TextAnalyzer } from "./types.ts";
import type { Detector, DetectorSignal } from "./detectors.ts";
import type { MentionStore, AnalysedPost } from "../core/db/mention-store.ts";
import { canonicalizeUrl, contentHash, htmlToText, plainText } from "./normalize.ts";
import { compileBrandMatcher, matchBrands, type BrandMatcher } from "./match.ts";
import { VolumeSpikeDetector } from "./spike.ts";
import { EarlyWarningDetector } from "./early-warning/detector.ts";
import { observeAnalysis } from "../core/metrics.ts";

export interface IngestOptions {
  /** Brands this source serves (default: all). */
  brandIds?: string[];
  fetchedAt?: Date;
  platform: string;
  /**
   * "html" (default: feeds and pages) strips markup; "text" (push, file import, replay:
   * what a person typed) only decodes entities, so a post that says "<img src=x>" keeps
   * saying it and is escaped wherever it is shown.
   */
  textFormat?: "html" | "text";
}

export interface IngestResult {
  seen: number;
  new: number;
  /** Already stored earlier (same source + external id). */
  existing: number;
  /** Matched no brand (or an exclusion / language filter). */
  unmatched: number;
  /** Rejected as unusable (empty text, bad date), with reasons. */
  rejected: Array<{ externalId: string; reason: string }>;
  stored: StoredMention[];
  signals: DetectorSignal[];
}

export interface SignalSink {
  handle(signals: DetectorSignal[]): Promise<void>;
}

/** Analyses chunks of posts off the main thread (analysis/analysis-pool.ts). */
export interface BatchAnalyzer {
  analyze(inputs: AnalyzeInput[]): Promise<TextAnalysis[]>;
  close?(): Promise<void>;
}

export interface PipelineOptions {
  brands: BrandConfig[];
  /** Inline analysis; required unless `analysisPool` is given. */
  analyzer?: TextAnalyzer;
  /**
   * Analysis on worker threads: a batch is cut into chunks, and while a worker analyses
   * one chunk the main thread normalises or stores another. Results are those of the
   * inline analyzer (the same analyzer runs in the worker). Default: none (inline).
   */
  analysisPool?: BatchAnalyzer;
  store: MentionStore;
  detectors: Detector[];
  sink?: SignalSink;
}

/** Builds the detectors the config asks for (the Foundation's volume spike rules). */
export function detectorsFromConfig(config: EarshotConfig): Detector[] {
  const detectors: Detector[] = config.alerts.rules
    .filter((r) => r.kind === "volume_spike")
    .map((r) => new VolumeSpikeDetector(r.params, r.brands, new Map(config.brands.map((b) => [b.id, b.name]))));
  // Stories, spikes and virality (issue 6): on when a rule routes detector incidents.
  if (config.alerts.rules.some((r) => r.kind === "incident")) detectors.push(new EarlyWarningDetector({ brands: config.brands }));
  return detectors;
}

/** Posts per chunk sent to the analysis pool. */
const POOL_CHUNK = 125;
/** At most this many posts per store transaction on the pool path. */
const MAX_STORE_GROUP = 1000;

export class Pipeline {
  #matchers: BrandMatcher[];
  #brands: Map<string, BrandConfig>;
  // What the analyzer is told about each brand: built once, not per post.
  #brandInputs: Map<string, NonNullable<AnalyzeInput["brand"]>>;

  constructor(private opts: PipelineOptions) {
    if (!opts.analyzer && !opts.analysisPool) throw new Error("Pipeline needs an analyzer or an analysisPool");
    this.#matchers = opts.brands.map((b) => compileBrandMatcher(b));
    this.#brands = new Map(opts.brands.map((b) => [b.id, b]));
    this.#brandInputs = new Map(opts.brands.map((b) => [b.id, { id: b.id, name: b.name, keywords: [...b.keywords, ...b.aliases], competitors: b.competitors }]));
  }

  /** Stops the analysis workers, if any (the pipeline must not be used afterwards). */
  async close(): Promise<void> {
    await this.opts.analysisPool?.close?.();
  }

  /**
   * Pure: raw posts to normalised, brand-matched posts. `seen` carries the in-batch
   * externalId dedupe across calls when one batch is normalised in parts.
   */
  normalize(sourceId: string, posts: RawPost[], o: IngestOptions, result: Pick<IngestResult, "unmatched" | "rejected">, seen = new Set<string>()): NormalizedPost[] {
    const fetchedAt = o.fetchedAt ?? new Date();
    const matchers = o.brandIds?.length ? this.#matchers.filter((m) => o.brandIds!.includes(m.brandId)) : this.#matchers;
    const out: NormalizedPost[] = [];
    const toText = o.textFormat === "text" ? plainText : htmlToText;
    // seen: in-batch dedupe by externalId; the DB unique key is the backstop
    for (const p of posts) {
      const externalId = String(p.externalId ?? "").slice(0, 500);
      if (!externalId) { result.rejected.push({ externalId: "(none)", reason: "missing externalId" }); continue; }
      if (!(p.publishedAt instanceof Date) || Number.isNaN(p.publishedAt.getTime())) {
        result.rejected.push({ externalId, reason: "publishedAt is not a valid date" }); continue;
      }
      if (seen.has(externalId)) continue;
      seen.add(externalId);
      const text = toText(String(p.text ?? "")).slice(0, 20_000);
      const title = p.title ? toText(p.title).slice(0, 1000) : null;
      const haystack = title && !text.includes(title) ? `${title}\n${text}` : text;
      if (!haystack.trim()) { result.rejected.push({ externalId, reason: "empty text" }); continue; }
      const brandIds = matchBrands(matchers, haystack);
      if (!brandIds.length) { result.unmatched++; continue; }
      out.push({
        ...p, externalId, sourceId, platform: p.platform ?? o.platform, text: haystack, title,
        canonicalUrl: canonicalizeUrl(p.url), contentHash: contentHash(haystack), brandIds, fetchedAt,
      });
    }
    return out;
  }

  /** What the analyzer sees of a post (analysed toward its primary brand). */
  #analyzeInput(p: NormalizedPost): AnalyzeInput {
    return { text: p.text, language: p.language ?? null, author: p.author ?? null, brand: this.#brandInputs.get(p.brandIds[0]) ?? null };
  }

  /** Attaches the analysis, or drops the post (counted unmatched) when its brand's language filter excludes it. */
  #withAnalysis(p: NormalizedPost, analysis: TextAnalysis, result: Pick<IngestResult, "unmatched">): AnalysedPost | null {
    const brand = this.#brands.get(p.brandIds[0]);
    if (brand?.languages.length && analysis.language && !brand.languages.includes(analysis.language)) { result.unmatched++; return null; }
    // Extended in place: copying every post at every stage cost more in GC than the analysis.
    const ap = p as AnalysedPost;
    ap.analysis = analysis;
    return ap;
  }

  /** Pure: adds the text analysis (toward the primary brand) and applies brand language filters (inline analyzer). */
  analyse(posts: NormalizedPost[], result: Pick<IngestResult, "unmatched">): AnalysedPost[] {
    const analyzer = this.opts.analyzer;
    if (!analyzer) throw new Error("this pipeline analyses on worker threads: use ingest()");
    const out: AnalysedPost[] = [];
    for (const p of posts) {
      const ap = this.#withAnalysis(p, analyzer.analyze(this.#analyzeInput(p)), result);
      if (ap) out.push(ap);
    }
    return out;
  }

  async ingest(sourceId: string, posts: RawPost[], o: IngestOptions): Promise<IngestResult> {
    const result: IngestResult = { seen: posts.length, new: 0, existing: 0, unmatched: 0, rejected: [], stored: [], signals: [] };
    const { stored, existing } = this.opts.analysisPool ? await this.#analyseAndStoreInChunks(sourceId, posts, o, result, this.opts.analysisPool) : await this.#analyseAndStore(sourceId, posts, o, result);
    result.existing = existing;
    result.new = stored.length;
    result.stored = stored;
    this.#detect(stored, result);
    // the sink also runs for a batch without signals: it links new mentions to their persisted stories
    if (this.opts.sink && (result.signals.length || stored.length)) await this.opts.sink.handle(result.signals);
    return result;
  }

  /** Inline: normalise, analyse, then store the batch in event-time order in one transaction. */
  async #analyseAndStore(sourceId: string, posts: RawPost[], o: IngestOptions, result: IngestResult): Promise<{ stored: StoredMention[]; existing: number }> {
    const normalized = this.normalize(sourceId, posts, o, result);
    const analysisStarted = performance.now();
    const analysed = this.analyse(normalized, result);
    observeAnalysis(sourceId, normalized.length, performance.now() - analysisStarted);
    // Detection runs in event-time order so windows see history as it happened.
    analysed.sort((a, b) => a.publishedAt.getTime() - b.publishedAt.getTime());
    return this.opts.store.insertBatch(analysed);
  }

  /**
   * With an analysis pool: each chunk goes to a worker as soon as it is normalised, then
   * the batch is stored in event-time order, chunk by chunk, each as soon as its posts
   * are analysed, so storing one chunk overlaps analysing the next. Same posts, same
   * order, same analysis as the inline path; a few transactions per batch instead of one.
   */
  async #analyseAndStoreInChunks(sourceId: string, posts: RawPost[], o: IngestOptions, result: IngestResult, pool: BatchAnalyzer): Promise<{ stored: StoredMention[]; existing: number }> {
    const seen = new Set<string>();
    const opts = o.fetchedAt ? o : { ...o, fetchedAt: new Date() }; // one fetch time for the whole batch, as inline
    const normalized: NormalizedPost[] = [];
    const analyses: TextAnalysis[] = [];
    const chunkOf: number[] = [];
    const chunks: Array<Promise<void>> = [];
    const analysisStarted = performance.now();
    let analysisDone = analysisStarted;
    for (let i = 0; i < posts.length; i += POOL_CHUNK) {
      const part = this.normalize(sourceId, posts.length <= POOL_CHUNK ? posts : posts.slice(i, i + POOL_CHUNK), opts, result, seen);
      if (!part.length) continue;
      const base = normalized.length;
      const k = chunks.length;
      for (const p of part) { normalized.push(p); chunkOf.push(k); }
      const done = pool.analyze(part.map((p) => this.#analyzeInput(p))).then((r) => {
        for (let j = 0; j < r.length; j++) analyses[base + j] = r[j];
        analysisDone = performance.now();
      });
      done.catch(() => {}); // awaited below; this only keeps an early failure from counting as unhandled
      chunks.push(done);
    }
    // Detection runs in event-time order so windows see history as it happened (a stable
    // sort, as on the inline path).
    const times = normalized.map((p) => p.publishedAt.getTime());
    const order = normalized.map((_, i) => i).sort((a, b) => times[a] - times[b] || a - b);
    const stored: StoredMention[] = [];
    let existing = 0;
    try {
      for (let g = 0; g < order.length;) {
        if (analyses[order[g]] === undefined) await chunks[chunkOf[order[g]]];
        // Everything analysed by now goes in this transaction: small groups while the
        // workers are ahead, larger ones when storing falls behind.
        const group: AnalysedPost[] = [];
        const end = Math.min(order.length, g + MAX_STORE_GROUP);
        for (; g < end && analyses[order[g]] !== undefined; g++) {
          const ap = this.#withAnalysis(normalized[order[g]], analyses[order[g]], result);
          if (ap) group.push(ap);
        }
        if (!group.length) continue;
        const r = await this.opts.store.insertBatch(group);
        existing += r.existing;
        for (const m of r.stored) stored.push(m);
      }
    } finally {
      await Promise.allSettled(chunks);
      observeAnalysis(sourceId, normalized.length, analysisDone - analysisStarted);
    }
    return { stored, existing };
  }

  #detect(stored: StoredMention[], result: IngestResult): void {
    for (const m of stored) {
      for (const brandId of m.brandIds) {
        const ev = brandId === m.brandId ? m : { ...m, brandId };
        for (const d of this.opts.detectors) {
          const s = d.onMention(ev);
          if (s && s.length) result.signals.push(...s);
        }
      }
    }
    result.signals.push(...this.tick(stored.length ? stored[stored.length - 1].publishedAt : null));
  }

  /** Lets detectors resolve conditions as time passes; `now` is event time (replay) or wall time (live). */
  tick(now: Date | null): DetectorSignal[] {
    if (!now) return [];
    const out: DetectorSignal[] = [];
    for (const d of this.opts.detectors) {
      if (d instanceof VolumeSpikeDetector) for (const b of d.brands()) out.push(...d.tick(b, now));
      else if (d instanceof EarlyWarningDetector) out.push(...d.tick(now));
    }
    return out;
  }

  /** Engagement growth for a stored mention (from the refresher) goes to every detector that reads it. */
  async onSnapshot(mentionId: number, at: Date, counts: { likes?: number; reposts?: number; replies?: number; views?: number }): Promise<DetectorSignal[]> {
    const out: DetectorSignal[] = [];
    for (const d of this.opts.detectors) {
      const withSnapshots = d as Detector & { onSnapshot?: (id: number, at: Date, c: typeof counts) => DetectorSignal[] };
      if (typeof withSnapshots.onSnapshot === "function") out.push(...withSnapshots.onSnapshot(mentionId, at, counts));
    }
    if (this.opts.sink && out.length) await this.opts.sink.handle(out);
    return out;
  }

  async flushTick(now: Date): Promise<DetectorSignal[]> {
    const signals = this.tick(now);
    if (this.opts.sink && signals.length) await this.opts.sink.handle(signals);
    return signals;
  }
}
