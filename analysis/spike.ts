// The Foundation's per-brand volume spike rule: the count in the last window against
// the mean and spread of the windows in the trailing baseline. Minute buckets in a
// ring keep it O(1) per mention; event time (publishedAt) drives it, so a replay of
// history raises what live ingestion would have raised.
import type { Detector, DetectorSignal } from "./detectors.ts";
import type { StoredMention } from "./types.ts";

export interface SpikeRuleOptions {
  /** Window length in minutes. Default 60. */
  windowMinutes: number;
  /** Trailing baseline in hours (excluding the window). Default 24. */
  baselineHours: number;
  /** The window must reach factor x baseline mean. Default 3. */
  factor: number;
  /** ... and baseline mean + sd x standard deviation. Default 3. */
  sd: number;
  /** ... and at least this many mentions. Default 10. */
  minCount: number;
  /** After resolving, no new incident for this long. Default 60. */
  cooldownMinutes: number;
  /** History needed before the rule may fire (a fresh install has no baseline). Default 180. */
  minHistoryMinutes: number;
}

interface BrandState {
  ring: Int32Array;      // per-minute counts; index = minute % ring.length
  head: number;          // newest minute seen (event time)
  windowSum: number;     // sum of the newest windowMinutes buckets
  baseMean: number;
  baseSd: number;
  statsAt: number;       // head minute at which baseMean/baseSd were computed
  open: boolean;
  openedAt: number;
  peak: number;
  cooldownUntil: number; // minute
  examples: StoredMention[];
  firstMinute: number;
}

/** What a mention that raises nothing returns (called for every stored mention: no array each time). */
const NONE: DetectorSignal[] = Object.freeze([]) as unknown as DetectorSignal[];

export class VolumeSpikeDetector implements Detector {
  readonly id = "volume_spike";
  #opts: SpikeRuleOptions;
  #states = new Map<string, BrandState>();
  #brands: Set<string> | null;

  #names: Map<string, string>;
  #sums = new Float64Array(0);

  constructor(opts: Partial<SpikeRuleOptions> = {}, brands?: string[], brandNames: Map<string, string> = new Map()) {
    this.#names = brandNames;
    this.#opts = { windowMinutes: 60, baselineHours: 24, factor: 3, sd: 3, minCount: 10, cooldownMinutes: 60, minHistoryMinutes: 180, ...opts };
    for (const [k, v] of Object.entries(this.#opts)) {
      if (typeof v !== "number" || !Number.isFinite(v) || v < 0) throw new RangeError(`spike rule option ${k} must be a non-negative number, received ${JSON.stringify(v)}`);
    }
    if (this.#opts.windowMinutes < 1) throw new RangeError(`spike rule option windowMinutes must be >= 1, received ${this.#opts.windowMinutes}`);
    this.#brands = brands?.length ? new Set(brands) : null;
  }

  #state(brandId: string, minute: number): BrandState {
    let s = this.#states.get(brandId);
    if (!s) {
      const len = this.#opts.windowMinutes + this.#opts.baselineHours * 60;
      s = { ring: new Int32Array(len), head: minute, windowSum: 0, baseMean: 0, baseSd: 0, statsAt: -1, open: false, openedAt: 0, peak: 0, cooldownUntil: -1, examples: [], firstMinute: minute };
      this.#states.set(brandId, s);
    }
    return s;
  }

  #advance(s: BrandState, minute: number): void {
    const len = s.ring.length;
    const w = this.#opts.windowMinutes;
    const steps = Math.min(minute - s.head, len);
    for (let i = 1; i <= steps; i++) {
      const m = s.head + i;
      // The bucket leaving the window moves into the baseline; the oldest bucket is reused.
      s.windowSum -= s.ring[(((m - w) % len) + len) % len];
      s.ring[m % len] = 0;
    }
    if (minute - s.head > len) s.windowSum = 0;
    s.head = minute;
  }

  #baseline(s: BrandState): void {
    if (s.statsAt === s.head) return;
    const { windowMinutes: w, baselineHours } = this.#opts;
    const len = s.ring.length;
    const windows = Math.floor((baselineHours * 60) / w);
    // Only the history we have actually observed counts (a brand-new brand has no baseline yet).
    const observed = Math.max(0, Math.min(windows, Math.floor((s.head - w - s.firstMinute + 1) / w)));
    // Recomputed at every new minute of event time: a reused buffer, not an array per minute.
    if (this.#sums.length < observed) this.#sums = new Float64Array(observed);
    const sums = this.#sums;
    let total = 0;
    for (let k = 0; k < observed; k++) {
      let sum = 0;
      const end = s.head - w - k * w;
      for (let m = end - w + 1; m <= end; m++) sum += s.ring[((m % len) + len) % len];
      sums[k] = sum;
      total += sum;
    }
    const mean = observed ? total / observed : 0;
    let squares = 0;
    for (let k = 0; k < observed; k++) squares += (sums[k] - mean) ** 2;
    const variance = observed > 1 ? squares / (observed - 1) : 0;
    s.baseMean = mean;
    s.baseSd = Math.sqrt(variance);
    s.statsAt = s.head;
  }

  threshold(brandId: string): number {
    const s = this.#states.get(brandId);
    if (!s) return this.#opts.minCount;
    this.#baseline(s);
    return Math.max(this.#opts.minCount, this.#opts.factor * s.baseMean, s.baseMean + this.#opts.sd * s.baseSd);
  }

  onMention(m: StoredMention): DetectorSignal[] {
    if (this.#brands && !this.#brands.has(m.brandId)) return NONE;
    const minute = Math.floor(m.publishedAt.getTime() / 60_000);
    const s = this.#state(m.brandId, minute);
    const len = s.ring.length;
    if (minute > s.head) this.#advance(s, minute);
    if (minute <= s.head - len) return NONE; // older than everything we keep: cannot affect the rule
    s.ring[minute % len]++;
    if (minute > s.head - this.#opts.windowMinutes) s.windowSum++;
    else return NONE; // a late arrival only changes the baseline
    if (m.analysis.sentiment.label === "negative" || s.examples.length < 3) {
      s.examples.push(m);
      if (s.examples.length > 3) s.examples.shift();
    }
    const threshold = this.threshold(m.brandId);
    if (!s.open && s.windowSum >= threshold && s.head >= s.cooldownUntil && s.head - s.firstMinute >= this.#opts.minHistoryMinutes) {
      s.open = true;
      s.openedAt = s.head;
      s.peak = s.windowSum;
      const ratio = s.baseMean > 0 ? s.windowSum / s.baseMean : Infinity;
      return [{
        type: "open", key: `volume_spike:${m.brandId}`, kind: "volume_spike", brandId: m.brandId,
        title: `Mention volume spike for ${this.#names.get(m.brandId) ?? m.brandId}`,
        summary: `${s.windowSum} mentions in the last ${this.#opts.windowMinutes} min vs a baseline of ${s.baseMean.toFixed(1)} (threshold ${threshold.toFixed(1)})`,
        severity: ratio >= 10 ? "critical" : "warning",
        risk: Math.min(1, s.windowSum / (2 * threshold)),
        reasons: [
          `window count ${s.windowSum} >= threshold ${threshold.toFixed(1)}`,
          `baseline mean ${s.baseMean.toFixed(2)} per ${this.#opts.windowMinutes} min, sd ${s.baseSd.toFixed(2)}`,
        ],
        at: new Date(s.head * 60_000), firstPostAt: new Date(m.publishedAt), examples: [...s.examples],
        data: { windowCount: s.windowSum, baselineMean: s.baseMean, baselineSd: s.baseSd, threshold },
      }];
    }
    if (s.open && s.windowSum > s.peak) s.peak = s.windowSum;
    return NONE;
  }

  /** Resolution check, called when time advances (on every mention and on ticks). */
  tick(brandId: string, now: Date): DetectorSignal[] {
    const s = this.#states.get(brandId);
    if (!s || !s.open) return [];
    const minute = Math.floor(now.getTime() / 60_000);
    if (minute > s.head) this.#advance(s, minute);
    this.#baseline(s);
    const calm = Math.max(this.#opts.minCount / 2, s.baseMean + s.baseSd);
    if (s.windowSum > calm) return [];
    s.open = false;
    s.cooldownUntil = s.head + this.#opts.cooldownMinutes;
    return [{
      type: "resolve", key: `volume_spike:${brandId}`, kind: "volume_spike", brandId,
      title: `Mention volume back to normal for ${this.#names.get(brandId) ?? brandId}`,
      summary: `${s.windowSum} mentions in the last ${this.#opts.windowMinutes} min (peak ${s.peak})`,
      severity: "info", risk: 0, reasons: [`window count ${s.windowSum} <= ${calm.toFixed(1)}`], at: new Date(s.head * 60_000),
    }];
  }

  brands(): string[] {
    return [...this.#states.keys()];
  }
}
