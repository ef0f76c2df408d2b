// The early-warning engine: stories, volume anomalies, virality, size prediction
// and risk, updated incrementally as mentions arrive. Pure: no database, no clock.
// Time comes only from mentions (publishedAt), snapshots and advance(at), so a
// replay of stored mentions produces exactly the signals the live run produced.
// The caller persists what it wants (Story rows, Incidents) from the returned
// signals and from story(key).

import type { StoredMention } from "../types.ts";
import { complaintWeight, EARLY_REACTION_MS, outsideArrivalsValue, scoreRisk, type RiskComponent } from "./risk.ts";
import { DELAY_KERNEL, predictFinalSize, type KernelParams, type SizePrediction } from "./size-predictor.ts";
import { StoryClusterer, type StoryClustererOptions } from "./story-clusterer.ts";
import { ArrivalLog, DistinctCounter, OUTSIDE_ARRIVALS, OutsideArrivals } from "./story-stats.ts";
import { SeasonalVolumeDetector, ShareDetector, SENSITIVITY_PRESETS, type Sensitivity, type VolumeDetectorOptions } from "./volume-detector.ts";

/** The fields of a stored mention the engine reads. */
export type EngineMention = Pick<StoredMention, "id" | "brandId" | "text" | "publishedAt" | "platform" | "canonicalUrl"> & {
  author?: { handle: string; followers?: number | null } | null;
  engagement?: { likes?: number; reposts?: number; replies?: number; views?: number } | null;
  analysis: {
    sentiment: { label: string };
    complaint: { kind: string; severity: string | null };
    stakeholder: string | null;
  };
};

export interface EngagementCounts { likes?: number; reposts?: number; replies?: number; views?: number }

/** A planned event (launch, campaign) whose positive burst must not alarm. */
export interface CalendarEntry { brandId: string; start: Date; end: Date; label: string }

export interface EarlyWarningOptions {
  /** Volume detector preset. @default "balanced" */
  sensitivity?: Sensitivity;
  /** Story risk (0-100) at which an incident opens (config: brand riskThreshold x 100). @default 60 */
  riskThreshold?: number;
  /** Per-brand risk thresholds overriding riskThreshold. */
  brandThresholds?: Record<string, number>;
  /** Mentions a story needs before it can open an incident. @default 5 */
  minStoryMentions?: number;
  /**
   * A young story whose posts are mostly outside arrivals (the outside_arrivals risk
   * term is above 0: independent posters its audiences do not explain) is scored from
   * this many mentions instead of minStoryMentions. @default 3
   */
  minOutsideMentions?: number;
  /** Escalate when the predicted size grows by this factor since the last signal. @default 3 */
  escalateFactor?: number;
  /** A story quiet this long resolves its incident. @default 6 h */
  resolveAfterQuietMs?: number;
  /** An open story whose risk stays below half its threshold this long resolves too. @default 2 h */
  resolveAfterCalmMs?: number;
  /** Planned launches: total-volume alarms are suppressed inside an entry. */
  calendar?: CalendarEntry[];
  /** Audience credited per repost seen in an engagement snapshot. @default 150 */
  repostAudience?: number;
  /** Volume detectors on total, negatives and complaints per brand. @default true */
  volume?: boolean;
  volumeOptions?: VolumeDetectorOptions;
  /** Options for the negative-count and complaint-count detectors. @default scales [1,3,12], combine "max", z 5 (balanced) */
  negativeVolumeOptions?: VolumeDetectorOptions;
  clusterer?: StoryClustererOptions;
  /** Reaction-time kernel of the size prediction (the rate stays windowed). @default DELAY_KERNEL (see ENGINE_SIZE_PREDICTION) */
  kernel?: KernelParams;
  /** Horizon of the size prediction. @default 72 h */
  horizonMs?: number;
  /**
   * One incident per brand episode: the first detection of a brand opens an episode
   * (signal key `episode:<brand>`); every later detection of that brand while the
   * episode is open (another volume series, the negative share, a story, an
   * escalation) is an "escalate" signal on the same key carrying a timeline entry,
   * and the episode resolves when the last of its detections has resolved. With
   * false, every detector series and story signals on its own key (the old
   * behaviour, several incidents per real event). @default true
   */
  episodes?: boolean;
  /**
   * Negative and complaint counts alarm from inside the open 5-minute bin, at the
   * mention whose arrival makes the bin's count improbable for a whole bin (a tail
   * test against the seasonal expectation), instead of at the bin's end. @default true
   */
  earlyVolume?: boolean;
}

export type SignalKind = "story" | "volume_total" | "volume_negative" | "volume_complaints" | "negative_share";

export interface EarlyWarningSignal {
  type: "open" | "escalate" | "resolve";
  /**
   * With episodes on: the detection behind this episode signal (its own key, kind and
   * type); "attached" when it joined an already open episode (a timeline entry, not
   * a new incident).
   */
  detection?: { key: string; kind: SignalKind; type: "open" | "escalate" | "resolve"; attached: boolean };
  /** Dedup key: one open incident per key. */
  key: string;
  kind: SignalKind;
  brandId: string;
  storyKey?: string;
  title: string;
  risk: number;
  reasons: string[];
  components?: RiskComponent[];
  predictedSize: number;
  predictedLow?: number;
  predictedHigh?: number;
  firstPostAt: Date;
  detectedAt: Date;
}

export interface StoryView {
  key: string;
  brandId: string;
  title: string;
  signature: string;
  firstAt: Date;
  lastAt: Date;
  mentionCount: number;
  authorCount: number;
  negativeCount: number;
  complaintCount: number;
  reach: number;
  engagement: number;
  platforms: string[];
  mediaPickup: boolean;
  prediction: SizePrediction | null;
  risk: number;
  mergedInto: string | null;
  stats: { rateFast: number; rateSlow: number; acceleration: number; topBroadcaster: { handle: string; followers: number } | null; continues: string | null };
}

export interface IngestResult {
  storyKey: string;
  storyRisk: number;
  /** Highest volume z / threshold of the brand's series at the last closed bin (>= 1 means alarming). */
  volumeLevel: number;
  /** Bins closed by this call (any brand): end time and their level (z / threshold, >= 1 alarms). */
  closedBins: Array<{ brandId: string; end: number; level: number }>;
  /** Level of the brand's negative / complaint counts in the still-open bin (see earlyVolume). */
  openBinLevel: number;
  signals: EarlyWarningSignal[];
}

const H = 3_600_000;

/**
 * How the engine calls predictFinalSize for a story (kernel and horizon can be
 * overridden by EarlyWarningOptions.kernel / horizonMs): SEISMIC's windowed rate and
 * the log-normal DELAY_KERNEL (summary statistics of Twitter15 delays, not fitted by
 * prediction error), the same model as predictTreeSize. Measured on Twitter15 through
 * the engine's own event path in bench/early-warning/cascades.ts ("Engine path" rows:
 * 22.2% median abs. relative error after 1 h, where the previous whole-life rate +
 * power law 6 min / 0.28 scored 36.5%).
 * branchingPrior (2026-11-25): a Gamma prior on the branching ratio so a story of 5-6
 * posts in one early burst is not multiplied by 1 / (1 - 0.95) = 20 (Tweets.csv opened
 * two incidents on such stories, predicted ~5,800). Constants set by reasoning, not
 * fitted on any score: mean 0.5, the middle of the subcritical range [0, 1) that a
 * finite final size presupposes (no side favoured); 5 pseudo-reactions, as many as the
 * smallest story the engine scores (minStoryMentions default 5), so a story must show
 * more triggered reactions than that before its own rate outweighs the prior.
 */
export const ENGINE_SIZE_PREDICTION: { kernel: KernelParams; rate: "windowed" | "whole-life"; horizonMs: number; branchingPrior: { mean: number; pseudoReactions: number } } = { kernel: DELAY_KERNEL, rate: "windowed", horizonMs: 72 * H, branchingPrior: { mean: 0.5, pseudoReactions: 5 } };

interface Decay { v: number; at: number }
function bump(d: Decay, at: number, tau: number, by = 1) {
  if (at > d.at) { d.v *= Math.exp(-(at - d.at) / tau); d.at = at; }
  d.v += by;
}
function read(d: Decay, at: number, tau: number): number {
  return at > d.at ? d.v * Math.exp(-(at - d.at) / tau) : d.v;
}

interface StoryState {
  key: string;
  brandId: string;
  title: string;
  signature: string;
  continues: string | null;
  firstAt: number;
  lastAt: number;
  count: number;
  negative: number;
  complaints: number;
  complaintW: number;
  /** Distinct authors: exact to 256, then a 1 KB sketch (bounded). */
  authors: DistinctCounter;
  reach: number;
  engagement: number;
  top: { handle: string; followers: number } | null;
  platforms: Set<string>;
  media: boolean;
  official: boolean;
  fast: Decay;
  slow: Decay;
  eng: Decay;
  /**
   * Reactions (posts after the first, plus engagement seen) inside the story's first
   * EARLY_REACTION_MS, and the largest audience among its posts in that window.
   */
  early: { reactions: number; followers: number };
  /** The story's first posts with their audiences, for the outside-arrivals test (bounded). */
  outside: OutsideArrivals;
  /** Arrivals in bounded time buckets (plus the first post and the largest audiences exact) for the size predictor. */
  arrivals: ArrivalLog;
  pred: SizePrediction | null;
  predCount: number;
  predAt: number;
  risk: number;
  open: boolean;
  signalledSize: number;
  signalledRisk: number;
  mergedInto: string | null;
  /** Since when an open story's risk has stayed below half its threshold (unset: not calm). */
  lowSince?: number;
}

interface Episode { key: string; kind: SignalKind; members: Set<string>; storyKey: string | undefined; firstPostAt: Date; openedAt: number }

interface SeriesGate { above: number; lastOpen: number; active: boolean; calm: number; runStart: number; peak: number }

interface BrandState {
  bin: number; // start ms of the open bin
  total: number; neg: number; comp: number;
  det: { total: SeasonalVolumeDetector; negative: SeasonalVolumeDetector; complaints: SeasonalVolumeDetector };
  share: ShareDetector;
  shareGate: SeriesGate;
  runStart: Record<string, number>;
  level: number;
  /** Highest in-bin level of the open bin so far. */
  openLevel: number;
  /** Last levels per series, for the persistence-aware level. */
  zHist: Record<string, number[]>;
  /** Running mean of log(1 + followers) over the brand's authors: the typical audience of the outside-arrivals test. */
  logF: number;
  logFn: number;
}

const TAU_FAST = 0.25 * H, TAU_SLOW = 2 * H;

export class EarlyWarningEngine {
  private readonly o: EarlyWarningOptions;
  private readonly clusterer: StoryClusterer;
  private readonly stories = new Map<string, StoryState>();
  private readonly brands = new Map<string, BrandState>();
  private readonly mentionIndex = new Map<number | string, { story: string; at: number; counts: EngagementCounts }>();
  private readonly mentionQ: Array<number | string> = [];
  private mentionQHead = 0;
  private readonly openStories = new Set<string>();
  private readonly episodes = new Map<string, Episode>();
  private closed: Array<{ brandId: string; end: number; level: number }> = [];
  private readonly binMs: number;
  private now = -Infinity;

  constructor(opts: EarlyWarningOptions = {}) {
    this.o = opts;
    this.clusterer = new StoryClusterer(opts.clusterer);
    this.binMs = opts.volumeOptions?.binMs ?? 300_000;
  }

  private threshold(brandId: string): number {
    return this.o.brandThresholds?.[brandId] ?? this.o.riskThreshold ?? 60;
  }

  /** Processes one mention; returns the signals it caused (possibly several, e.g. a bin closing). */
  ingest(m: EngineMention): IngestResult {
    const at = m.publishedAt.getTime();
    if (!Number.isFinite(at)) throw new TypeError(`early-warning: mention ${m.id} has an invalid publishedAt`);
    const signals: EarlyWarningSignal[] = [];
    this.closed = [];
    const brand = this.brandState(m.brandId, at);
    if (at > this.now) { this.now = at; this.advanceInternal(at, signals); }
    // count in the open bin (a late mention counts in the current bin: replays stay identical)
    const negative = m.analysis.sentiment.label === "negative";
    const cw = complaintWeight(m.analysis.complaint.kind, m.analysis.complaint.severity);
    brand.total++; if (negative) brand.neg++; if (cw > 0) brand.comp++;
    const openBinLevel = negative || cw > 0 ? this.earlyVolume(m.brandId, brand, at, signals) : brand.openLevel;

    const c = this.clusterer.assign({ brandId: m.brandId, text: m.text, canonicalUrl: m.canonicalUrl, at });
    for (const k of this.clusterer.drainEvicted()) { this.stories.delete(k); this.openStories.delete(k); }
    let s = this.stories.get(c.storyKey);
    if (!s) {
      s = {
        key: c.storyKey, brandId: m.brandId, title: m.text.replace(/\s+/g, " ").slice(0, 140), signature: c.signature, continues: c.continues,
        firstAt: at, lastAt: at, count: 0, negative: 0, complaints: 0, complaintW: 0, authors: new DistinctCounter(), reach: 0, engagement: 0, top: null,
        platforms: new Set(), media: false, official: false, fast: { v: 0, at }, slow: { v: 0, at }, eng: { v: 0, at }, early: { reactions: 0, followers: 0 }, outside: new OutsideArrivals(),
        arrivals: new ArrivalLog(), pred: null, predCount: 0, predAt: at, risk: 0, open: false, signalledSize: 0, signalledRisk: 0, mergedInto: null,
      };
      this.stories.set(c.storyKey, s);
    }
    for (const mk of c.merged) this.mergeInto(s, mk);

    const followers = Math.max(0, m.author?.followers ?? 0);
    const known = m.author?.followers != null && Number.isFinite(m.author.followers);
    if (known) {
      // typical audience of the brand's authors (geometric mean; a running mean that settles to a ~2,000-post memory)
      brand.logFn = Math.min(brand.logFn + 1, 2000);
      brand.logF += (Math.log1p(followers) - brand.logF) / brand.logFn;
    }
    if (at - s.firstAt <= OUTSIDE_ARRIVALS.windowMs) {
      // an author whose audience is unknown counts as typical
      // an arrival is a complaint in its own words: reposts, near-duplicates and shared links are reactions by definition
      const own = (c.via === "rewording" || c.via === "new") && !/^\s*RT @/i.test(m.text);
      s.outside.add(at, known ? Math.sqrt(followers / Math.max(1, Math.expm1(brand.logF))) : 1, cw > 0 && own, m.author?.handle);
    }
    const e0 = m.engagement ?? {};
    const eng0 = (e0.likes ?? 0) + (e0.reposts ?? 0) + (e0.replies ?? 0);
    if (at - s.firstAt <= EARLY_REACTION_MS) {
      // every later post of the story in its first minutes is a reaction to it
      if (s.count > 0) s.early.reactions++;
      s.early.reactions += eng0;
      if (followers > s.early.followers) s.early.followers = followers;
    }
    s.count++;
    if (at > s.lastAt) s.lastAt = at;
    if (at < s.firstAt) s.firstAt = at;
    if (negative) s.negative++;
    if (cw > 0) { s.complaints++; s.complaintW += cw; }
    if (m.author?.handle) s.authors.add(m.author.handle);
    s.reach += followers;
    if (!s.top || followers > s.top.followers) s.top = { handle: m.author?.handle ?? "?", followers };
    s.platforms.add(m.platform);
    if (m.analysis.stakeholder === "media" || m.analysis.stakeholder === "journalist") s.media = true;
    if (m.analysis.stakeholder === "official") s.official = true;
    bump(s.fast, at, TAU_FAST); bump(s.slow, at, TAU_SLOW);
    if (eng0 > 0) { s.engagement += eng0; bump(s.eng, at, TAU_FAST, eng0); }
    s.arrivals.add(at, Math.max(1, followers) + (e0.reposts ?? 0) * (this.o.repostAudience ?? 150), m.id);
    this.remember(m.id, { story: s.key, at, counts: { ...e0 } });

    this.evaluateStory(s, at, signals);
    return { storyKey: s.key, storyRisk: s.risk, volumeLevel: brand.level, closedBins: this.closed, openBinLevel, signals: this.group(signals) };
  }

  /** An engagement snapshot for a known mention: updates velocity, reach and the predictor. */
  onSnapshot(mentionId: number | string, at: Date, counts: EngagementCounts): EarlyWarningSignal[] {
    const signals: EarlyWarningSignal[] = [];
    this.closed = [];
    const t = at.getTime();
    if (t > this.now) { this.now = t; this.advanceInternal(t, signals); }
    const rec = this.mentionIndex.get(mentionId);
    if (!rec) return this.group(signals);
    const s = this.stories.get(this.clusterer.resolve(rec.story));
    if (!s) return this.group(signals);
    const d = (k: keyof EngagementCounts) => Math.max(0, (counts[k] ?? 0) - (rec.counts[k] ?? 0));
    const dEng = d("likes") + d("reposts") + d("replies");
    const dRep = d("reposts");
    rec.counts = { ...rec.counts, ...counts };
    if (dEng > 0) { s.engagement += dEng; bump(s.eng, t, TAU_FAST, dEng); }
    if (dEng > 0 && t - s.firstAt <= EARLY_REACTION_MS) s.early.reactions += dEng;
    if (dRep > 0) {
      // reposts widen the audience of the original post: an extra exposure at its time, no extra post
      s.arrivals.boost(rec.at, dRep * (this.o.repostAudience ?? 150));
      s.reach += dRep * (this.o.repostAudience ?? 150);
      s.predCount = 0; // force a fresh prediction with the new audience
    }
    this.evaluateStory(s, Math.max(t, s.lastAt), signals);
    return this.group(signals);
  }

  /** Moves time forward without a mention (live ticks): closes bins and resolves quiet stories. */
  advance(at: Date): EarlyWarningSignal[] {
    const signals: EarlyWarningSignal[] = [];
    this.closed = [];
    const t = at.getTime();
    if (t > this.now) { this.now = t; this.advanceInternal(t, signals); }
    return this.group(signals);
  }

  /** Open episodes (brand id -> episode key and its live detection keys), for inspection. */
  openEpisodes(): Array<{ brandId: string; key: string; members: string[] }> {
    return [...this.episodes].map(([brandId, e]) => ({ brandId, key: e.key, members: [...e.members].sort() }));
  }

  /** Ids of mentions that joined the story since the last call (bounded), so the owner can set Mention.storyId. */
  takeMembers(key: string): Array<number | string> {
    const s = this.stories.get(this.clusterer.resolve(key));
    return s ? s.arrivals.takeMembers() : [];
  }

  story(key: string): StoryView | null {
    const s = this.stories.get(this.clusterer.resolve(key));
    if (!s) return null;
    const rf = read(s.fast, this.now, TAU_FAST) / (TAU_FAST / H), rs = read(s.slow, this.now, TAU_SLOW) / (TAU_SLOW / H);
    return {
      key: s.key, brandId: s.brandId, title: s.title, signature: s.signature, firstAt: new Date(s.firstAt), lastAt: new Date(s.lastAt),
      mentionCount: s.count, authorCount: s.authors.size, negativeCount: s.negative, complaintCount: s.complaints, reach: s.reach,
      engagement: s.engagement, platforms: [...s.platforms].sort(), mediaPickup: s.media, prediction: s.pred, risk: s.risk, mergedInto: s.mergedInto,
      stats: { rateFast: rf, rateSlow: rs, acceleration: rf - rs, topBroadcaster: s.top, continues: s.continues },
    };
  }

  get liveStories(): number { return this.stories.size; }

  // ---------------------------------------------------------------- internals

  private remember(id: number | string, rec: { story: string; at: number; counts: EngagementCounts }) {
    this.mentionIndex.set(id, rec);
    this.mentionQ.push(id);
    // snapshots for a mention are accepted for a bounded number of later mentions (memory stays flat)
    while (this.mentionQ.length - this.mentionQHead > 200_000) this.mentionIndex.delete(this.mentionQ[this.mentionQHead++]);
    if (this.mentionQHead > 100_000) { this.mentionQ.splice(0, this.mentionQHead); this.mentionQHead = 0; }
  }

  private mergeInto(s: StoryState, otherKey: string) {
    const o = this.stories.get(otherKey);
    if (!o || o === s) return;
    s.count += o.count; s.negative += o.negative; s.complaints += o.complaints; s.complaintW += o.complaintW;
    s.authors.merge(o.authors); // bounded: O(256) exact keys or O(1,024) sketch registers
    s.reach += o.reach; s.engagement += o.engagement;
    if (o.top && (!s.top || o.top.followers > s.top.followers)) s.top = o.top;
    for (const p of o.platforms) s.platforms.add(p);
    s.media ||= o.media; s.official ||= o.official;
    const firstAt = Math.min(s.firstAt, o.firstAt);
    // the other story's early reactions (and its first post) count when they fall in the merged window
    if (Math.max(s.firstAt, o.firstAt) - firstAt <= EARLY_REACTION_MS) {
      s.early = { reactions: s.early.reactions + o.early.reactions + (o.count > 0 ? 1 : 0), followers: Math.max(s.early.followers, o.early.followers) };
    }
    if (Math.max(s.firstAt, o.firstAt) - firstAt <= OUTSIDE_ARRIVALS.windowMs) s.outside.merge(o.outside);
    s.firstAt = firstAt; s.lastAt = Math.max(s.lastAt, o.lastAt);
    for (const d of [["fast", TAU_FAST], ["slow", TAU_SLOW], ["eng", TAU_FAST]] as const) {
      const tau = d[1];
      const t = Math.max(s[d[0]].at, o[d[0]].at);
      s[d[0]] = { v: read(s[d[0]], t, tau) + read(o[d[0]], t, tau), at: t };
    }
    s.arrivals.merge(o.arrivals); // bounded buckets: O(buckets) per merge
    s.predCount = 0;
    if (o.open && !s.open) { s.open = true; s.signalledRisk = o.signalledRisk; s.signalledSize = o.signalledSize; this.openStories.add(s.key); }
    this.openStories.delete(o.key);
    o.mergedInto = s.key;
    this.stories.delete(otherKey);
  }

  private predict(s: StoryState, at: number) {
    // doubling-style schedule: re-fit when the story grew by 25%, or after a quarter of its age (>= 30 min)
    const age = at - s.firstAt;
    const due = s.predCount === 0 || s.count >= s.predCount * 1.25 || (at - s.predAt >= Math.max(0.5 * H, age / 4) && s.count > s.predCount);
    if (!due || s.count < 2) return;
    // at most ~2 x 256 bucketed events go to the predictor, so each fit costs O(1) in the story's size
    const ev = s.arrivals.events(s.firstAt);
    s.pred = predictFinalSize(ev, Math.max(age, 60_000), { kernel: this.o.kernel ?? ENGINE_SIZE_PREDICTION.kernel, rate: ENGINE_SIZE_PREDICTION.rate, horizonMs: this.o.horizonMs ?? ENGINE_SIZE_PREDICTION.horizonMs, branchingPrior: ENGINE_SIZE_PREDICTION.branchingPrior });
    s.predCount = s.count; s.predAt = at;
  }

  private evaluateStory(s: StoryState, at: number, out: EarlyWarningSignal[]) {
    const age = at - s.firstAt;
    const outside = age <= OUTSIDE_ARRIVALS.windowMs && s.outside.size >= 2 ? { ...s.outside.test(at), minutes: age / 60_000 } : undefined;
    // independent posters are the evidence here: a young story they dominate is scored from fewer mentions
    const minN = outside && outsideArrivalsValue(outside.surprise) > 0 ? Math.min(this.o.minStoryMentions ?? 5, this.o.minOutsideMentions ?? 3) : this.o.minStoryMentions ?? 5;
    if (s.count < minN) { s.risk = 0; return; }
    this.predict(s, at);
    const rateFast = read(s.fast, at, TAU_FAST) / (TAU_FAST / H);
    const rateSlow = read(s.slow, at, TAU_SLOW) / (TAU_SLOW / H);
    const early = age <= EARLY_REACTION_MS
      ? { reactionsPerMin: s.early.reactions / Math.max(1, age / 60_000), followers: s.early.followers, minutes: age / 60_000 }
      : undefined;
    const r = scoreRisk({
      early, outside,
      count: s.count, negative: s.negative, complaintWeight: s.complaintW, rateFast, rateSlow,
      engagementRate: read(s.eng, at, TAU_FAST) / (TAU_FAST / H), reach: s.reach, maxFollowers: s.top?.followers ?? 0,
      platforms: s.platforms.size, media: s.media, official: s.official,
      // size that matters now: mentions of the last ~2 h plus those still predicted to come, so a
      // weeks-old mega-thread that is merely alive does not look like a fresh incident
      predictedSize: read(s.slow, at, TAU_SLOW) + Math.max(0, (s.pred?.predicted ?? s.count) - s.count),
    });
    s.risk = r.risk;
    const thr = this.threshold(s.brandId);
    if (s.open) s.lowSince = r.risk < thr / 2 ? s.lowSince ?? at : undefined;
    const predicted = Math.max(s.count, s.pred?.predicted ?? s.count);
    const mk = (type: EarlyWarningSignal["type"], extra: string[] = []): EarlyWarningSignal => ({
      type, key: `story:${s.brandId}:${s.key}`, kind: "story", brandId: s.brandId, storyKey: s.key, title: s.title,
      risk: Math.round(r.risk * 10) / 10, reasons: [...extra, ...r.reasons], components: r.components,
      predictedSize: Math.round(predicted), predictedLow: s.pred ? Math.round(s.pred.low) : undefined, predictedHigh: s.pred ? Math.round(s.pred.high) : undefined,
      firstPostAt: new Date(s.firstAt), detectedAt: new Date(at),
    });
    if (!s.open) {
      if (r.risk >= thr) {
        s.open = true; s.signalledRisk = r.risk; s.signalledSize = predicted; this.openStories.add(s.key);
        out.push(mk("open", [`risk ${r.risk.toFixed(1)} >= threshold ${thr}`]));
      }
    } else if (predicted >= s.signalledSize * (this.o.escalateFactor ?? 3) || r.risk >= s.signalledRisk + 20) {
      const why = predicted >= s.signalledSize * (this.o.escalateFactor ?? 3)
        ? `predicted size grew from ${Math.round(s.signalledSize)} to ${Math.round(predicted)}`
        : `risk grew from ${s.signalledRisk.toFixed(1)} to ${r.risk.toFixed(1)}`;
      s.signalledRisk = Math.max(s.signalledRisk, r.risk); s.signalledSize = Math.max(s.signalledSize, predicted);
      out.push(mk("escalate", [why]));
    }
  }

  /**
   * Folds detector-level signals into brand episodes (see options.episodes): one open
   * incident per brand while any of its detections is live.
   */
  private group(raw: EarlyWarningSignal[]): EarlyWarningSignal[] {
    if (this.o.episodes === false || raw.length === 0) return raw;
    const out: EarlyWarningSignal[] = [];
    for (const d of raw) {
      let e = this.episodes.get(d.brandId);
      const detection = (attached: boolean) => ({ key: d.key, kind: d.kind, type: d.type, attached });
      if (d.type === "open") {
        if (!e) {
          e = { key: `episode:${d.brandId}`, kind: d.kind, members: new Set([d.key]), storyKey: d.storyKey, firstPostAt: d.firstPostAt, openedAt: d.detectedAt.getTime() };
          this.episodes.set(d.brandId, e);
          out.push({ ...d, key: e.key, detection: detection(false) });
        } else {
          e.members.add(d.key);
          e.storyKey ??= d.storyKey;
          out.push({ ...d, type: "escalate", key: e.key, detection: detection(true), reasons: [`also detected: ${d.title}`, ...d.reasons] });
        }
      } else if (d.type === "escalate") {
        if (!e) continue; // its episode was resolved already; a lone escalation is not news
        e.members.add(d.key);
        out.push({ ...d, key: e.key, detection: detection(true) });
      } else {
        if (!e || !e.members.delete(d.key)) continue;
        if (e.members.size > 0) continue; // other detections of the episode are still live
        this.episodes.delete(d.brandId);
        out.push({ ...d, key: e.key, kind: e.kind, storyKey: d.storyKey ?? e.storyKey, firstPostAt: e.firstPostAt, detection: detection(false) });
      }
    }
    return out;
  }

  /** In-bin tail test on the brand's negative and complaint counts (options.earlyVolume). */
  private earlyVolume(brandId: string, b: BrandState, at: number, out: EarlyWarningSignal[]): number {
    if (this.o.volume === false || this.o.earlyVolume === false) return 0;
    let level = 0;
    for (const [kind, det, value, noun] of [["volume_negative", b.det.negative, b.neg, "negative mentions"], ["volume_complaints", b.det.complaints, b.comp, "complaints"]] as const) {
      const r = det.openEarly(b.bin, value);
      level = Math.max(level, r.z / det.threshold);
      if (!r.opened) continue;
      b.runStart[kind] ??= b.bin;
      const E = det.expected(b.bin);
      out.push({
        type: "open", key: `${kind}:${brandId}`, kind, brandId, title: `${noun} spike`,
        risk: Math.round(Math.min(100, 35 + 5 * r.z) * 10) / 10,
        reasons: [`${value} ${noun} so far in the open ${this.binMs / 60_000}-min bin (${E.toFixed(1)} expected for the whole bin, hour-of-week baseline): z ${r.z.toFixed(1)} >= ${det.threshold} on the 5 min / 15 min / 1 h windows ending now`],
        predictedSize: value, firstPostAt: new Date(b.runStart[kind] ?? b.bin), detectedAt: new Date(at),
      });
    }
    b.openLevel = Math.max(b.openLevel, level);
    return b.openLevel;
  }

  /**
   * Negative and complaint counts: any time scale may alarm, after ONE bin above z
   * (the tail test replaces persistence: a z this high is not a wobble), so an outage
   * is flagged within minutes (see earlyVolume).
   */
  private negativeOptions(): VolumeDetectorOptions {
    const z = this.o.sensitivity === "fewer" ? 7 : this.o.sensitivity === "more" ? 4 : 5;
    return { scales: [1, 3, 12], combine: "max", zThreshold: z, persistMinutes: this.binMs / 60_000, binMs: this.binMs, ...this.o.negativeVolumeOptions };
  }

  private brandState(brandId: string, at: number): BrandState {
    let b = this.brands.get(brandId);
    if (!b) {
      const vo = { ...this.o.volumeOptions, sensitivity: this.o.sensitivity ?? this.o.volumeOptions?.sensitivity };
      b = {
        bin: Math.floor(at / this.binMs) * this.binMs, total: 0, neg: 0, comp: 0,
        // total volume wants agreement across time scales (launches, memes, news days are noisy);
        // negatives and complaints alarm on any scale, because a fast negative surge is the incident
        det: {
          total: new SeasonalVolumeDetector(vo),
          negative: new SeasonalVolumeDetector(this.negativeOptions()),
          complaints: new SeasonalVolumeDetector(this.negativeOptions()),
        },
        share: new ShareDetector({ zThreshold: SENSITIVITY_PRESETS[this.o.sensitivity ?? "balanced"].z + 3 }),
        shareGate: { above: 0, lastOpen: -Infinity, active: false, calm: 0, runStart: 0, peak: 0 },
        runStart: {}, level: 0, openLevel: 0, zHist: {}, logF: 0, logFn: 0,
      };
      this.brands.set(brandId, b);
    }
    return b;
  }

  private inCalendar(brandId: string, binStart: number): boolean {
    for (const c of this.o.calendar ?? []) {
      if (c.brandId === brandId && binStart + this.binMs > c.start.getTime() && binStart < c.end.getTime()) return true;
    }
    return false;
  }

  private advanceInternal(at: number, out: EarlyWarningSignal[]) {
    const target = Math.floor(at / this.binMs) * this.binMs;
    for (const [brandId, b] of this.brands) {
      if (b.bin >= target) continue;
      // close bins up to target; after a long silence only the last week is replayed as zeros
      if (target - b.bin > 7 * 24 * H) b.bin = target - 7 * 24 * H;
      while (b.bin < target) { this.closeBin(brandId, b, out); b.bin += this.binMs; b.total = 0; b.neg = 0; b.comp = 0; b.openLevel = 0; }
    }
    // resolve quiet stories (few are open at any time)
    const quiet = this.o.resolveAfterQuietMs ?? 6 * H;
    for (const key of this.openStories) {
      const s = this.stories.get(key);
      if (!s) { this.openStories.delete(key); continue; }
      // a story also leaves the incident when it stays calm (risk below half the threshold)
      // while still trickling: power-law stragglers must not keep a brand's episode open for days
      const calm = s.lowSince !== undefined && at - s.lowSince >= (this.o.resolveAfterCalmMs ?? 2 * H);
      if (at - s.lastAt >= quiet || calm) {
        s.open = false; s.lowSince = undefined; this.openStories.delete(key);
        out.push({
          type: "resolve", key: `story:${s.brandId}:${s.key}`, kind: "story", brandId: s.brandId, storyKey: s.key, title: s.title,
          risk: Math.round(s.risk * 10) / 10, reasons: [calm && at - s.lastAt < quiet ? `risk below half the threshold for ${((this.o.resolveAfterCalmMs ?? 2 * H) / H).toFixed(1)} h` : `no new mention for ${(quiet / H).toFixed(1)} h`],
          predictedSize: Math.round(Math.max(s.count, s.pred?.predicted ?? 0)), firstPostAt: new Date(s.firstAt), detectedAt: new Date(at),
        });
      }
    }
  }

  private closeBin(brandId: string, b: BrandState, out: EarlyWarningSignal[]) {
    if (this.o.volume === false) return;
    const binEnd = new Date(b.bin + this.binMs);
    const cal = this.inCalendar(brandId, b.bin);
    let level = 0;
    const series: Array<[SignalKind, SeasonalVolumeDetector, number, boolean, string]> = [
      ["volume_total", b.det.total, b.total, cal, "mentions"],
      ["volume_negative", b.det.negative, b.neg, false, "negative mentions"],
      ["volume_complaints", b.det.complaints, b.comp, false, "complaints"],
    ];
    for (const [kind, det, value, suppress, noun] of series) {
      const step = det.observe(b.bin, value, suppress);
      // the level is what the alarm rule sees: z / threshold held over the persistence
      // window, zero inside a calendar entry
      const hist = (b.zHist[kind] ??= []);
      hist.push(suppress ? 0 : step.z / step.threshold);
      if (hist.length > det.persistBins) hist.shift();
      level = Math.max(level, hist.length >= det.persistBins ? Math.min(...hist) : 0);
      if (step.z >= step.threshold * 0.6) { b.runStart[kind] ??= b.bin; } else if (!step.alarm) delete b.runStart[kind];
      if (!step.alarm) continue;
      const first = b.runStart[kind] ?? b.bin;
      const risk = Math.min(100, (kind === "volume_total" ? 20 : 35) + 5 * step.z);
      out.push({
        type: step.alarm, key: `${kind}:${brandId}`, kind, brandId, title: `${noun} spike`,
        risk: Math.round(risk * 10) / 10,
        reasons: step.alarm === "resolve"
          ? [`${noun} back near baseline`]
          : [`${value} ${noun} in 5 min vs ${step.expected.toFixed(1)} expected (hour-of-week baseline), z ${step.z.toFixed(1)} >= ${step.threshold} held ${this.binMs / 60_000 * (det.persistBins)} min`],
        predictedSize: value, firstPostAt: new Date(first), detectedAt: binEnd,
      });
    }
    // negative share with its own persistence and cool-down
    const sh = b.share.observe(b.bin, b.neg, b.total);
    const g = b.shareGate;
    // share tests pool an hour of posts and wobble more than counts: one z above the volume preset
    const thr = SENSITIVITY_PRESETS[this.o.sensitivity ?? "balanced"].z + 3;
    const sHist = (b.zHist.negative_share ??= []);
    sHist.push(sh.z / thr);
    if (sHist.length > 3) sHist.shift();
    level = Math.max(level, sHist.length >= 3 ? Math.min(...sHist) : 0);
    if (sh.z >= thr) { if (g.above === 0) g.runStart = b.bin; g.above++; } else g.above = 0;
    if (g.above >= 3 && !g.active && b.bin - g.lastOpen > 6 * H) {
      g.lastOpen = b.bin; g.active = true; g.calm = 0;
      out.push({
        type: "open", key: `negative_share:${brandId}`, kind: "negative_share", brandId, title: "negative share jump",
        risk: Math.round(Math.min(100, 35 + 5 * sh.z) * 10) / 10,
        reasons: [`negative share ${(sh.share * 100).toFixed(0)}% over the last hour vs ${(sh.baseline * 100).toFixed(0)}% baseline, z ${sh.z.toFixed(1)}`],
        predictedSize: 0, firstPostAt: new Date(g.runStart), detectedAt: binEnd,
      });
    } else if (g.active) {
      if (sh.z < thr / 2) g.calm++; else g.calm = 0;
      if (g.calm >= 12) {
        g.active = false;
        out.push({ type: "resolve", key: `negative_share:${brandId}`, kind: "negative_share", brandId, title: "negative share jump", risk: 0, reasons: ["negative share back near baseline"], predictedSize: 0, firstPostAt: new Date(g.runStart), detectedAt: binEnd });
      }
    }
    b.level = level;
    if (level > 0) this.closed.push({ brandId, end: b.bin + this.binMs, level });
  }
}
