// Volume anomaly detection on fixed time bins (default 5 minutes), one detector per
// series (brand total, brand negatives, brand complaints, brand negative share).
// Baseline: level x hour-of-day factor x weekday factor, i.e. an hour-of-week
// profile that learns within a day and refines over weeks. It is robust to past
// incidents: values are winsorised at expected + 3 sd before they update the
// baseline, and bins that look anomalous (or are covered by a calendar entry)
// do not update it at all, so last week's crisis does not become this week's normal.
// The statistic is a multi-scale over-dispersed Poisson z-score (5 min, 15 min, 1 h)
// so a sharp burst and a slow ramp are both caught.
// Pure: the caller supplies bin times; nothing reads the clock.

export type Sensitivity = "fewer" | "balanced" | "more";

export interface SensitivityPreset {
  /** z-score to cross. */
  z: number;
  /** Consecutive bins the score must stay above z before alarming. */
  persistBins: number;
}

/** Presets: "fewer" trades delay for quiet, "more" alarms earlier and more often. */
export const SENSITIVITY_PRESETS: Record<Sensitivity, SensitivityPreset> = {
  fewer: { z: 4, persistBins: 3 },
  balanced: { z: 3, persistBins: 2 },
  more: { z: 2.25, persistBins: 2 },
};

export interface VolumeDetectorOptions {
  /** Bin width in ms. @default 300_000 */
  binMs?: number;
  /** @default "balanced" */
  sensitivity?: Sensitivity;
  /** Overrides the preset's z threshold. */
  zThreshold?: number;
  /** Overrides the preset's persistence, in minutes ("must hold for N minutes"). */
  persistMinutes?: number;
  /** No second alarm within this many minutes of the last one (escalations excepted). @default 360 */
  cooldownMinutes?: number;
  /** Bins of history needed before alarming. @default 288 (one day of 5-minute bins) */
  warmupBins?: number;
  /** Aggregation scales in bins. @default [1, 6, 24] (5 min, 30 min, 2 h) */
  scales?: number[];
  /**
   * How per-scale z-scores combine: "mean" asks for agreement across time scales
   * (a one-bin blip or a slow drift alone does not alarm), "max" alarms on any scale.
   * @default "mean"
   */
  combine?: "mean" | "max";
  /** Offset of the brand's local time from UTC in minutes, for the daily/weekly profile. @default 0 */
  utcOffsetMinutes?: number;
  /** Level EWMA memory in bins. @default 288 */
  levelMemoryBins?: number;
  /** Memory of the empirical residual variance in bins. @default 864 (three days of 5-minute bins) */
  varianceMemoryBins?: number;
  /** Memory of the all-inclusive residual variance (burstiness), in bins. @default 4032 (two weeks) */
  burstinessMemoryBins?: number;
  /** Multiple of the burstiness variance that floors the z denominator (0 disables). @default 2 */
  burstinessWeight?: number;
}

export interface VolumeStep {
  binStart: number;
  value: number;
  expected: number;
  /** Combined z over scales (mean by default; <= 0 during warm-up). */
  z: number;
  /** z per aggregation scale, in the order of options.scales. */
  zByScale: number[];
  /** The z the detector compares against. */
  threshold: number;
  alarm: "open" | "escalate" | "resolve" | null;
  /** True when a calendar entry suppressed an alarm that would otherwise have fired. */
  suppressed: boolean;
}

interface ScaleState { w: number; sumX: number; sumE: number; phi: number; varR: number; varAll: number }

export class SeasonalVolumeDetector {
  readonly binMs: number;
  readonly threshold: number;
  readonly persistBins: number;
  private readonly cooldownBins: number;
  private readonly warmupBins: number;
  private readonly offsetMs: number;
  private readonly aLevel: number;
  private readonly aVar: number;
  private readonly aTail: number;
  private readonly combine: "mean" | "max";
  private readonly tailWeight: number;
  private level = NaN;
  private readonly hod = new Float64Array(24).fill(1);
  private readonly dow = new Float64Array(7).fill(1);
  private readonly scales: ScaleState[];
  private readonly ringX: Float64Array;
  private readonly ringE: Float64Array;
  private ringPos = 0;
  private bins = 0;
  private above = 0;
  private lastAlarmBin = -Infinity;
  private lastAlarmZ = 0;
  private active = false;
  private calm = 0;

  constructor(opts: VolumeDetectorOptions = {}) {
    this.binMs = opts.binMs ?? 300_000;
    const preset = SENSITIVITY_PRESETS[opts.sensitivity ?? "balanced"];
    this.threshold = opts.zThreshold ?? preset.z;
    this.persistBins = opts.persistMinutes != null ? Math.max(1, Math.ceil((opts.persistMinutes * 60_000) / this.binMs)) : preset.persistBins;
    this.cooldownBins = Math.round(((opts.cooldownMinutes ?? 360) * 60_000) / this.binMs);
    this.warmupBins = opts.warmupBins ?? Math.round(86_400_000 / this.binMs);
    this.offsetMs = (opts.utcOffsetMinutes ?? 0) * 60_000;
    this.aLevel = 1 / (opts.levelMemoryBins ?? Math.round(86_400_000 / this.binMs));
    this.aVar = 1 / (opts.varianceMemoryBins ?? Math.round((3 * 86_400_000) / this.binMs));
    this.aTail = 1 / (opts.burstinessMemoryBins ?? Math.round((14 * 86_400_000) / this.binMs));
    this.tailWeight = opts.burstinessWeight ?? 2;
    const scales = opts.scales ?? [1, 6, 24];
    this.combine = opts.combine ?? "mean";
    this.scales = scales.map((w) => ({ w, sumX: 0, sumE: 0, phi: 0.05, varR: NaN, varAll: NaN }));
    const maxW = Math.max(...scales);
    this.ringX = new Float64Array(maxW);
    this.ringE = new Float64Array(maxW);
  }

  /** Expected value for a bin under the current baseline. */
  expected(binStart: number): number {
    if (!Number.isFinite(this.level)) return 0;
    const local = binStart + this.offsetMs;
    const hour = Math.floor(local / 3_600_000) % 24;
    const day = (Math.floor(local / 86_400_000) + 4) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
    return Math.max(1e-3, this.level * this.hod[hour] * this.dow[day]);
  }

  /**
   * The combined z the still-open bin would get if it closed now with `partial` in it,
   * without touching any state. Counts only grow inside a bin, so once the partial
   * count alone is improbable for a whole bin (a tail test against the seasonal
   * expectation) the bin will alarm: the caller can raise the alarm at that mention
   * instead of waiting for the bin to end.
   */
  peek(binStart: number, partial: number): number {
    if (this.bins + 1 <= this.warmupBins || !Number.isFinite(this.level)) return 0;
    const E = this.expected(binStart);
    const maxW = this.ringX.length;
    const zs: number[] = [];
    for (const s of this.scales) {
      const drop = (this.ringPos - s.w + maxW * 2) % maxW;
      const sumX = s.sumX - (this.bins >= s.w ? this.ringX[drop] : 0) + partial;
      const sumE = s.sumE - (this.bins >= s.w ? this.ringE[drop] : 0) + E;
      let v2 = sumE + s.phi * sumE * sumE + 1;
      if (Number.isFinite(s.varR)) v2 = Math.max(v2, s.varR);
      if (Number.isFinite(s.varAll)) v2 = Math.max(v2, this.tailWeight * s.varAll);
      zs.push(this.bins + 1 >= s.w ? (sumX - sumE) / Math.sqrt(v2) : 0);
    }
    return this.combine === "max" ? Math.max(0, ...zs) : zs.reduce((a, b) => a + b, 0) / zs.length;
  }

  /**
   * Raises the open alarm from inside the bin (see peek) when a one-bin persistence
   * allows it and no surge is active or cooling down. Returns true when it opened;
   * the bin's own observe() then sees the surge as already active.
   */
  openEarly(binStart: number, partial: number): { opened: boolean; z: number } {
    const z = this.peek(binStart, partial);
    if (this.persistBins > 1 || z < this.threshold || this.active || this.bins + 1 - this.lastAlarmBin <= this.cooldownBins) return { opened: false, z };
    this.active = true; this.lastAlarmBin = this.bins + 1; this.lastAlarmZ = z; this.calm = 0;
    return { opened: true, z };
  }

  /**
   * Feeds one closed bin. `suppress` marks a calendar entry (a planned launch):
   * the bin neither alarms nor teaches the baseline.
   */
  observe(binStart: number, value: number, suppress = false): VolumeStep {
    const local = binStart + this.offsetMs;
    const hour = Math.floor(local / 3_600_000) % 24;
    const day = (Math.floor(local / 86_400_000) + 4) % 7;
    if (!Number.isFinite(this.level)) this.level = Math.max(value, 0.5);
    const E = this.expected(binStart);

    // multi-scale sums over the ring buffer
    const maxW = this.ringX.length;
    const outPos = this.ringPos;
    let z = 0;
    const zByScale: number[] = [];
    for (const s of this.scales) {
      const drop = (outPos - s.w + maxW * 2) % maxW;
      if (this.bins >= s.w) { s.sumX -= this.ringX[drop]; s.sumE -= this.ringE[drop]; }
      s.sumX += value; s.sumE += E;
      const n = Math.min(this.bins + 1, s.w);
      // variance: the larger of over-dispersed Poisson and the empirical residual variance at this scale
      const vPois = s.sumE + s.phi * s.sumE * s.sumE + 1;
      let v2 = Number.isFinite(s.varR) ? Math.max(vPois, s.varR) : vPois;
      if (Number.isFinite(s.varAll)) v2 = Math.max(v2, this.tailWeight * s.varAll);
      const sd = Math.sqrt(v2);
      const zs = (s.sumX - s.sumE) / sd;
      zByScale.push(n === s.w ? zs : 0);
    }
    z = this.combine === "max" ? Math.max(0, ...zByScale) : zByScale.reduce((a, b) => a + b, 0) / zByScale.length;
    // burstiness memory: residual variance including past bursts (long memory), so a
    // brand whose normal life is spiky needs a bigger surprise than a calm one
    for (const s of this.scales) {
      if (this.bins < s.w) continue;
      const r = s.sumX - s.sumE;
      s.varAll = Number.isFinite(s.varAll) ? s.varAll + this.aTail * (r * r - s.varAll) : r * r;
    }
    this.ringX[outPos] = value; this.ringE[outPos] = E;
    this.ringPos = (outPos + 1) % maxW;
    this.bins++;
    if (this.bins <= this.warmupBins) z = Math.min(z, 0);

    // learn, robustly
    const suspect = z >= this.threshold * 0.6 || suppress;
    if (!suspect) {
      const sdBin = Math.sqrt(E + this.scales[0].phi * E * E + 1);
      const v = Math.min(value, E + 3 * sdBin);
      const deseason = v / (this.hod[hour] * this.dow[day]);
      this.level += this.aLevel * (deseason - this.level);
      const ratioH = v / Math.max(1e-3, this.level * this.dow[day]);
      this.hod[hour] += 0.04 * (Math.min(5, ratioH) - this.hod[hour]);
      const ratioD = v / Math.max(1e-3, this.level * this.hod[hour]);
      this.dow[day] += 0.004 * (Math.min(5, ratioD) - this.dow[day]);
      for (const s of this.scales) {
        if (this.bins < s.w) continue;
        const r = s.sumX - s.sumE;
        const target = Math.max(0, (r * r - s.sumE) / Math.max(1, s.sumE * s.sumE));
        s.phi += 0.01 * (Math.min(1, target) - s.phi);
        const cap = Number.isFinite(s.varR) ? 9 * s.varR : r * r;
        s.varR = Number.isFinite(s.varR) ? s.varR + this.aVar * (Math.min(r * r, cap) - s.varR) : Math.max(r * r, s.sumE);
      }
    }

    // alarm state machine: persistence, cool-down, escalation, resolution
    let alarm: VolumeStep["alarm"] = null;
    let suppressed = false;
    const bin = this.bins;
    if (z >= this.threshold) this.above++; else this.above = 0;
    if (this.above >= this.persistBins) {
      if (suppress) suppressed = true;
      // a new alarm needs the previous one resolved and the cool-down over: one incident per surge
      else if (!this.active && bin - this.lastAlarmBin > this.cooldownBins) {
        alarm = "open"; this.lastAlarmBin = bin; this.lastAlarmZ = z; this.active = true; this.calm = 0;
      } else if (this.active && z >= 2 * this.lastAlarmZ) {
        alarm = "escalate"; this.lastAlarmZ = z; this.active = true; this.calm = 0;
      }
    }
    if (this.active && alarm === null) {
      if (z < this.threshold / 2) this.calm++; else this.calm = 0;
      if (this.calm >= 12) { alarm = "resolve"; this.active = false; }
    }
    return { binStart, value, expected: E, z, zByScale, threshold: this.threshold, alarm, suppressed };
  }
}

export interface ShareDetectorOptions {
  /** z to cross. @default 5 */
  zThreshold?: number;
  /** Bins summed per test. @default 12 (one hour of 5-minute bins) */
  windowBins?: number;
  /** Minimum posts in the window before testing. @default 30 */
  minTotal?: number;
  /** Relative extra variance of the share (day-to-day drift). @default 0.15 */
  drift?: number;
  /** @default 288 */
  warmupBins?: number;
}

/**
 * Negative share (or complaint share) per brand: binomial z of the last hour's
 * share against a slowly learnt baseline share, with a drift allowance so a big
 * brand's natural wobble does not look significant.
 */
export class ShareDetector {
  private p0 = NaN;
  private readonly k: Float64Array;
  private readonly n: Float64Array;
  private pos = 0;
  private sumK = 0;
  private sumN = 0;
  private bins = 0;
  constructor(private readonly opts: ShareDetectorOptions = {}) {
    const w = opts.windowBins ?? 12;
    this.k = new Float64Array(w);
    this.n = new Float64Array(w);
  }

  observe(binStart: number, k: number, n: number): { binStart: number; share: number; baseline: number; z: number } {
    const w = this.k.length;
    this.sumK += k - this.k[this.pos]; this.sumN += n - this.n[this.pos];
    this.k[this.pos] = k; this.n[this.pos] = n; this.pos = (this.pos + 1) % w;
    this.bins++;
    if (!Number.isFinite(this.p0) && this.sumN >= 20) this.p0 = this.sumK / this.sumN;
    if (!Number.isFinite(this.p0)) return { binStart, share: 0, baseline: 0, z: 0 };
    const p0 = Math.min(0.98, Math.max(0.02, this.p0));
    const N = this.sumN, K = this.sumK;
    const drift = (this.opts.drift ?? 0.15) * p0 * N;
    const z = N >= (this.opts.minTotal ?? 30) && this.bins > (this.opts.warmupBins ?? 288)
      ? (K - p0 * N) / Math.sqrt(N * p0 * (1 - p0) + drift * drift + 1)
      : 0;
    // the baseline share remembers roughly the last 3,000 posts and skips suspicious hours
    if (z < (this.opts.zThreshold ?? 5) * 0.6 && n > 0) this.p0 += Math.min(0.05, n / 3000) * (k / n - this.p0);
    return { binStart, share: N > 0 ? K / N : 0, baseline: p0, z };
  }
}
