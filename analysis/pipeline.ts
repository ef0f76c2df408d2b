// The ingest pipeline every path shares (scheduled collectors, push ingest, file
// import and `earshot replay`): normalise -> match brands -> dedupe -> analyse ->
// store -> detect -> incidents/alerts. Stages before `store` are pure and
// synchronous; detection is incremental and driven by event time, so a backtest is
// the same code as live monitoring.
import type { BrandConfig, EarshotConfig } from "../core/config/schema.ts";
import type { NormalizedPost, RawPost, StoredMention, TextAnalysis, TextAnalyzer } from "./types.ts";
import type { Detector, DetectorSignal } from "./detectors.ts";
import type { MentionStore, AnalysedPost } from "../core/db/mention-store.ts";
import { PostPreparer, type PrepInput, type PrepOptions, type PreparedAndAnalysed, type PreparedText } from "./prepare.ts";
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

/**
 * Prepares (cleans, matches, hashes) and analyses chunks of posts off the main thread
 * (analysis/analysis-pool.ts), with the same PostPreparer and analyzer as inline.
 */
export interface BatchAnalyzer {
  prepareAndAnalyse(posts: PrepInput[], o: PrepOptions): Promise<PreparedAndAnalysed[]>;
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

/** A batch begun with Pipeline.begin(). */
export interface PendingBatch {
  readonly sourceId: string;
  readonly posts: RawPost[];
  readonly o: IngestOptions;
  /** Chunks sent to the analysis pool (null: inline, done in finish()). */
  readonly dispatched: Dispatched | null;
}

/** A batch whose accepted posts were sent to the analysis pool, chunk by chunk. */
interface Dispatched {
  sourceId: string;
  o: IngestOptions;
  fetchedAt: Date;
  /** Accepted posts in event-time order, with their place in the batch. */
  accepted: Array<{ p: RawPost; externalId: string; at: number; t: number }>;
  rejected: Array<{ at: number; r: IngestResult["rejected"][number] }>;
  /** Results of chunk c, once back (cleared when stored). */
  ready: Array<PreparedAndAnalysed[] | undefined>;
  chunks: Array<Promise<void>>;
  analysisStarted: number;
  analysisDone: number;
}

/** Fields #normalized sets itself; any other field of a raw post is copied as it is. */
const NORMALIZED_KEYS: ReadonlySet<string> = new Set(["externalId", "sourceId", "platform", "text", "title", "url", "publishedAt", "language", "author", "engagement",
  "parentExternalId", "quotedExternalId", "canonicalUrl", "contentHash", "brandIds", "fetchedAt"]);

/** Posts per chunk sent to the analysis pool. */
const POOL_CHUNK = 125;
/** At most this many posts per store transaction on the pool path. */
const MAX_STORE_GROUP = 1000;

export class Pipeline {
  #prep: PostPreparer;
  #brands: Map<string, BrandConfig>;

  constructor(private opts: PipelineOptions) {
    if (!opts.analyzer && !opts.analysisPool) throw new Error("Pipeline needs an analyzer or an analysisPool");
    this.#prep = new PostPreparer(opts.brands);
    this.#brands = new Map(opts.brands.map((b) => [b.id, b]));
  }

  /** Stops the analysis workers, if any (the pipeline must not be used afterwards). */
  async close(): Promise<void> {
    await this.opts.analysisPool?.close?.();
  }

  /** The checks that need the whole batch: an externalId, a valid date, first delivery of an id wins. */
  #accept(p: RawPost, seen: Set<string>, rejected: IngestResult["rejected"]): string | null {
    const externalId = String(p.externalId ?? "").slice(0, 500);
    if (!externalId) { rejected.push({ externalId: "(none)", reason: "missing externalId" }); return null; }
    if (!(p.publishedAt instanceof Date) || Number.isNaN(p.publishedAt.getTime())) {
      rejected.push({ externalId, reason: "publishedAt is not a valid date" }); return null;
    }
    // In-batch dedupe by externalId; the DB unique key is the backstop.
    if (seen.has(externalId)) return null;
    seen.add(externalId);
    return externalId;
  }

  #normalized(p: RawPost, externalId: string, sourceId: string, o: IngestOptions, prepared: PreparedText, fetchedAt: Date): NormalizedPost {
    // Spelled out rather than `{ ...p, ...}`: spreading a post and overriding half its
    // fields made a slow dictionary-mode object (about 10 us per post, and slower reads in
    // every later stage). Fields a source adds beyond RawPost are still carried along.
    const n: NormalizedPost = {
      externalId, sourceId, platform: p.platform ?? o.platform, text: prepared.text, title: prepared.title, url: p.url, publishedAt: p.publishedAt,
      language: p.language, author: p.author, engagement: p.engagement, parentExternalId: p.parentExternalId, quotedExternalId: p.quotedExternalId,
      canonicalUrl: prepared.canonicalUrl, contentHash: prepared.contentHash, brandIds: prepared.brandIds, fetchedAt,
    };
    for (const k in p) if (!NORMALIZED_KEYS.has(k) && Object.hasOwn(p, k)) (n as unknown as Record<string, unknown>)[k] = (p as unknown as Record<string, unknown>)[k];
    return n;
  }

  /** Pure: raw posts to normalised, brand-matched posts. */
  normalize(sourceId: string, posts: RawPost[], o: IngestOptions, result: Pick<IngestResult, "unmatched" | "rejected">): NormalizedPost[] {
    const fetchedAt = o.fetchedAt ?? new Date();
    const matchers = this.#prep.matchers(o.brandIds);
    const out: NormalizedPost[] = [];
    const seen = new Set<string>();
    for (const p of posts) {
      const externalId = this.#accept(p, seen, result.rejected);
      if (externalId === null) continue;
      const prepared = this.#prep.prepare(p, matchers, o.textFormat);
      if ("skip" in prepared) {
        if (prepared.skip === "empty text") result.rejected.push({ externalId, reason: "empty text" });
        else result.unmatched++;
        continue;
      }
      out.push(this.#normalized(p, externalId, sourceId, o, prepared, fetchedAt));
    }
    return out;
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
      const ap = this.#withAnalysis(p, analyzer.analyze(this.#prep.analyzeInput(p, p)), result);
      if (ap) out.push(ap);
    }
    return out;
  }

  async ingest(sourceId: string, posts: RawPost[], o: IngestOptions): Promise<IngestResult> {
    const result: IngestResult = { seen: posts.length, new: 0, existing: 0, unmatched: 0, rejected: [], stored: [], signals: [] };
    const pool = this.opts.analysisPool;
    const { stored, existing } = pool ? await this.#collect(this.#dispatch(sourceId, posts, o, pool), result, false) : await this.#analyseAndStore(sourceId, posts, o, result);
    return this.#finishResult(result, stored, existing);
  }

  /**
   * Starts a batch: with an analysis pool its posts are sent to the workers now, and
   * `finish()` stores them (one transaction) and runs detection. A caller with batches
   * in a row (replay, import) calls `begin()` for the next batch before `finish()` of
   * this one, so the workers analyse batch N+1 while the main thread stores batch N.
   * Without a pool the work is done in `finish()`. `finish(begin(...))` gives exactly
   * what `ingest()` gives; batches must be finished in the order they were begun.
   */
  begin(sourceId: string, posts: RawPost[], o: IngestOptions): PendingBatch {
    const pool = this.opts.analysisPool;
    return { sourceId, posts, o, dispatched: pool ? this.#dispatch(sourceId, posts, o, pool) : null };
  }

  /** Stores a batch begun with `begin()` and runs detection: the result `ingest()` would give. */
  async finish(batch: PendingBatch): Promise<IngestResult> {
    const { sourceId, posts, o, dispatched } = batch;
    const result: IngestResult = { seen: posts.length, new: 0, existing: 0, unmatched: 0, rejected: [], stored: [], signals: [] };
    const { stored, existing } = dispatched ? await this.#collect(dispatched, result, true) : await this.#analyseAndStore(sourceId, posts, o, result);
    return this.#finishResult(result, stored, existing);
  }

  async #finishResult(result: IngestResult, stored: StoredMention[], existing: number): Promise<IngestResult> {
    result.existing = existing;
    result.new = stored.length;
    result.stored = stored;
    this.#detect(stored, result);
    if (this.opts.sink && result.signals.length) await this.opts.sink.handle(result.signals);
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
   * With an analysis pool the main thread only checks ids and dates and sorts the batch
   * by event time; workers prepare (clean, match, hash) and analyse it chunk by chunk in
   * that order. ingest() stores each chunk as soon as it is back, so storing one chunk
   * overlaps preparing the next (a few transactions per batch); finish() stores the
   * batch in one transaction, the overlap coming from the next batch begun before it.
   * Same posts, order, analysis and counts as the inline path (rejections are reported
   * in arrival order, as inline).
   */
  #dispatch(sourceId: string, posts: RawPost[], o: IngestOptions, pool: BatchAnalyzer): Dispatched {
    const fetchedAt = o.fetchedAt ?? new Date();
    const seen = new Set<string>();
    const rejected: Array<{ at: number; r: IngestResult["rejected"][number] }> = [];
    const early: IngestResult["rejected"] = [];
    const accepted: Array<{ p: RawPost; externalId: string; at: number; t: number }> = [];
    for (let i = 0; i < posts.length; i++) {
      const externalId = this.#accept(posts[i], seen, early);
      if (early.length) { rejected.push({ at: i, r: early.pop()! }); continue; }
      if (externalId !== null) accepted.push({ p: posts[i], externalId, at: i, t: posts[i].publishedAt.getTime() });
    }
    // Event-time order (stable, as the inline sort) so detection windows see history as it happened.
    accepted.sort((a, b) => a.t - b.t || a.at - b.at);
    const prepOpts: PrepOptions = { textFormat: o.textFormat, brandIds: o.brandIds };
    const d: Dispatched = { sourceId, o, fetchedAt, accepted, rejected, ready: [], chunks: [], analysisStarted: performance.now(), analysisDone: 0 };
    d.analysisDone = d.analysisStarted;
    for (let c = 0; c * POOL_CHUNK < accepted.length; c++) {
      // Only what preparation reads crosses to the worker.
      const part: PrepInput[] = accepted.slice(c * POOL_CHUNK, (c + 1) * POOL_CHUNK).map(({ p }) => ({ text: p.text, title: p.title, url: p.url, language: p.language, author: p.author }));
      const done = pool.prepareAndAnalyse(part, prepOpts).then((r) => { d.ready[c] = r; d.analysisDone = performance.now(); });
      done.catch(() => {}); // awaited in #collect; this only keeps an early failure from counting as unhandled
      d.chunks.push(done);
    }
    return d;
  }

  /**
   * Stores the chunks of a dispatched batch as they come back (`oneTransaction`: all of
   * them at once, after the last one) and reports rejections in arrival order.
   */
  async #collect(d: Dispatched, result: IngestResult, oneTransaction: boolean): Promise<{ stored: StoredMention[]; existing: number }> {
    const { sourceId, o, fetchedAt, accepted, rejected, ready, chunks } = d;
    const stored: StoredMention[] = [];
    let existing = 0;
    let analysed = 0;
    try {
      if (oneTransaction) await Promise.all(chunks);
      for (let c = 0; c < chunks.length;) {
        if (!ready[c]) await chunks[c];
        // Every chunk back by now goes in this transaction: one chunk while the workers
        // are ahead, several when storing falls behind.
        const group: AnalysedPost[] = [];
        for (; c < chunks.length && ready[c] && (oneTransaction || group.length < MAX_STORE_GROUP); c++) {
          const r = ready[c]!;
          for (let j = 0; j < r.length; j++) {
            const a = accepted[c * POOL_CHUNK + j];
            const x = r[j];
            if ("skip" in x) {
              if (x.skip === "empty text") rejected.push({ at: a.at, r: { externalId: a.externalId, reason: "empty text" } });
              else result.unmatched++;
              continue;
            }
            analysed++;
            const ap = this.#withAnalysis(this.#normalized(a.p, a.externalId, sourceId, o, x, fetchedAt), x.analysis, result);
            if (!ap) continue;
            ap.analysisJson = x.analysisJson;
            group.push(ap);
          }
          ready[c] = undefined;
        }
        if (!group.length) continue;
        const r = await this.opts.store.insertBatch(group);
        existing += r.existing;
        for (const m of r.stored) stored.push(m);
      }
    } finally {
      await Promise.allSettled(chunks);
      observeAnalysis(sourceId, analysed, d.analysisDone - d.analysisStarted);
      rejected.sort((a, b) => a.at - b.at);
      for (const x of rejected) result.rejected.push(x.r);
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
