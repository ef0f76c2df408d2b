// The ingest pipeline every path shares (scheduled collectors, push ingest, file
// import and `earshot replay`): normalise -> match brands -> dedupe -> analyse ->
// store -> detect -> incidents/alerts. Stages before `store` are pure and
// synchronous; detection is incremental and driven by event time, so a backtest is
// the same code as live monitoring.
import type { BrandConfig, EarshotConfig } from "../core/config/schema.ts";
import type { NormalizedPost, RawPost, StoredMention, TextAnalyzer } from "./types.ts";
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

export interface PipelineOptions {
  brands: BrandConfig[];
  analyzer: TextAnalyzer;
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

export class Pipeline {
  #matchers: BrandMatcher[];
  #brands: Map<string, BrandConfig>;

  constructor(private opts: PipelineOptions) {
    this.#matchers = opts.brands.map((b) => compileBrandMatcher(b));
    this.#brands = new Map(opts.brands.map((b) => [b.id, b]));
  }

  /** Pure: raw posts to normalised, brand-matched posts. */
  normalize(sourceId: string, posts: RawPost[], o: IngestOptions, result: Pick<IngestResult, "unmatched" | "rejected">): NormalizedPost[] {
    const fetchedAt = o.fetchedAt ?? new Date();
    const matchers = o.brandIds?.length ? this.#matchers.filter((m) => o.brandIds!.includes(m.brandId)) : this.#matchers;
    const out: NormalizedPost[] = [];
    const seen = new Set<string>(); // in-batch dedupe by externalId; the DB unique key is the backstop
    for (const p of posts) {
      const externalId = String(p.externalId ?? "").slice(0, 500);
      if (!externalId) { result.rejected.push({ externalId: "(none)", reason: "missing externalId" }); continue; }
      if (!(p.publishedAt instanceof Date) || Number.isNaN(p.publishedAt.getTime())) {
        result.rejected.push({ externalId, reason: "publishedAt is not a valid date" }); continue;
      }
      if (seen.has(externalId)) continue;
      seen.add(externalId);
      const toText = o.textFormat === "text" ? plainText : htmlToText;
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

  /** Pure: adds the text analysis (toward the primary brand) and applies brand language filters. */
  analyse(posts: NormalizedPost[], result: Pick<IngestResult, "unmatched">): AnalysedPost[] {
    const out: AnalysedPost[] = [];
    for (const p of posts) {
      const brand = this.#brands.get(p.brandIds[0]);
      const analysis = this.opts.analyzer.analyze({
        text: p.text, language: p.language ?? null, author: p.author ?? null,
        brand: brand ? { id: brand.id, name: brand.name, keywords: [...brand.keywords, ...brand.aliases], competitors: brand.competitors } : null,
      });
      if (brand?.languages.length && analysis.language && !brand.languages.includes(analysis.language)) { result.unmatched++; continue; }
      // Extended in place: copying every post at every stage cost more in GC than the analysis.
      const ap = p as AnalysedPost;
      ap.analysis = analysis;
      out.push(ap);
    }
    return out;
  }

  async ingest(sourceId: string, posts: RawPost[], o: IngestOptions): Promise<IngestResult> {
    const result: IngestResult = { seen: posts.length, new: 0, existing: 0, unmatched: 0, rejected: [], stored: [], signals: [] };
    const normalized = this.normalize(sourceId, posts, o, result);
    const analysisStarted = performance.now();
    const analysed = this.analyse(normalized, result);
    observeAnalysis(sourceId, normalized.length, performance.now() - analysisStarted);
    // Detection runs in event-time order so windows see history as it happened.
    analysed.sort((a, b) => a.publishedAt.getTime() - b.publishedAt.getTime());
    const { stored, existing } = await this.opts.store.insertBatch(analysed);
    result.existing = existing;
    result.new = stored.length;
    result.stored = stored;
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
    if (this.opts.sink && result.signals.length) await this.opts.sink.handle(result.signals);
    return result;
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
