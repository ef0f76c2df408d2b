// Baseline detectors the issue names, on a binned count series (one value per bin).
// Each returns a per-bin statistic; alarms() turns a statistic into detections with
// the same threshold / persistence / cool-down rules for every detector, so the
// comparison is about the statistic and nothing else.
// Earshot's own statistic comes from the product's SeasonalVolumeDetector.

import { SeasonalVolumeDetector } from "../../analysis/early-warning/volume-detector.ts";

export type Statistic = (values: readonly number[], times: readonly number[], binMs: number, threshold: number) => Float64Array;

export interface DetectorSpec {
  id: string;
  label: string;
  stat: Statistic;
  /** Candidate thresholds swept by the benchmark (the NAB optimiser's role). */
  thresholds: number[];
  /** The statistic depends on the threshold (robust learning); otherwise it is computed once. */
  thresholdAware?: boolean;
}

const range = (a: number, b: number, step: number) => { const out: number[] = []; for (let x = a; x <= b + 1e-9; x += step) out.push(Math.round(x * 1000) / 1000); return out; };

/** Turns a statistic into detections: crossing threshold for `persist` bins, then silent for `cooldown` bins. */
export function alarms(stat: Float64Array, threshold: number, cooldownBins: number, persist = 1): number[] {
  const out: number[] = [];
  let last = -Infinity, above = 0;
  for (let i = 0; i < stat.length; i++) {
    if (stat[i] >= threshold) above++; else above = 0;
    if (above >= persist && i - last > cooldownBins) { out.push(i); last = i; }
  }
  return out;
}

/** Fixed threshold on the raw count, expressed as a multiple of the median of the first day. */
export const fixedThreshold: DetectorSpec = {
  id: "fixed-threshold", label: "fixed threshold (x median of day 1)",
  thresholds: range(1.5, 8, 0.25),
  stat: (v, _t, binMs) => {
    const day = Math.max(12, Math.round(86_400_000 / binMs));
    const first = v.slice(0, day).slice().sort((a, b) => a - b);
    const med = Math.max(1, first[Math.floor(first.length / 2)] ?? 1);
    return Float64Array.from(v, (x) => x / med);
  },
};

/** Hour-of-week z-score: value against mean/sd of the same hour-of-week slot in all past weeks (falls back to hour-of-day). */
export const hourOfWeekZ: DetectorSpec = {
  id: "hour-of-week-z", label: "hour-of-week z-score",
  thresholds: range(2, 12, 0.5),
  stat: (v, t) => {
    const out = new Float64Array(v.length);
    const wk = new Map<number, [number, number, number]>(), hd = new Map<number, [number, number, number]>();
    for (let i = 0; i < v.length; i++) {
      const how = Math.floor(t[i] / 3_600_000) % 168, hod = Math.floor(t[i] / 3_600_000) % 24;
      const a = wk.get(how), b = hd.get(hod);
      const s = a && a[0] >= 24 ? a : b && b[0] >= 24 ? b : null;
      if (s) { const m = s[1] / s[0]; const sd = Math.sqrt(Math.max(1, s[2] / s[0] - m * m)); out[i] = (v[i] - m) / sd; }
      for (const [map, k] of [[wk, how], [hd, hod]] as const) { const e = map.get(k) ?? [0, 0, 0]; e[0]++; e[1] += v[i]; e[2] += v[i] * v[i]; map.set(k, e); }
    }
    return out;
  },
};

/** EWMA control chart (lambda 0.2) against an exponentially weighted mean and sd (memory ~1 day). */
export const ewmaChart: DetectorSpec = {
  id: "ewma", label: "EWMA chart (lambda 0.2)",
  thresholds: range(2, 14, 0.5),
  stat: (v, _t, binMs) => {
    const out = new Float64Array(v.length);
    const lam = 0.2, a = 1 / Math.max(12, Math.round(86_400_000 / binMs));
    let z = v[0] ?? 0, mu = v[0] ?? 0, m2 = 1;
    for (let i = 0; i < v.length; i++) {
      z = lam * v[i] + (1 - lam) * z;
      const sd = Math.sqrt(Math.max(1, m2)) * Math.sqrt(lam / (2 - lam));
      out[i] = i < 288 ? 0 : (z - mu) / sd;
      const d = v[i] - mu; mu += a * d; m2 = (1 - a) * (m2 + a * d * d);
    }
    return out;
  },
};

/** Huginn Peak Detector: (value - mean) / sd over the trailing two weeks, newest point excluded. */
export const huginnPeak: DetectorSpec = {
  id: "huginn-peak", label: "mean + k sd over 2 weeks (Huginn)",
  thresholds: range(2, 12, 0.5),
  stat: (v, _t, binMs) => {
    const W = Math.round((14 * 86_400_000) / binMs);
    const out = new Float64Array(v.length);
    let s = 0, s2 = 0;
    for (let i = 0; i < v.length; i++) {
      const n = Math.min(i, W);
      if (n >= 12) { const m = s / n; const sd = Math.sqrt(Math.max(1e-9, s2 / n - m * m)); out[i] = (v[i] - m) / Math.max(sd, 1); }
      s += v[i]; s2 += v[i] * v[i];
      if (i >= W) { s -= v[i - W]; s2 -= v[i - W] * v[i - W]; }
    }
    return out;
  },
};

/** Meltwater-style: mentions in the last hour / average hourly mentions of the previous 12 hours. */
export const lastHourVs12: DetectorSpec = {
  id: "last-hour-vs-12h", label: "last hour vs previous 12 h",
  thresholds: range(1.5, 12, 0.25),
  stat: (v, _t, binMs) => {
    const h = Math.max(1, Math.round(3_600_000 / binMs));
    const pre = new Float64Array(v.length + 1);
    for (let i = 0; i < v.length; i++) pre[i + 1] = pre[i] + v[i];
    return Float64Array.from(v, (_x, i) => {
      if (i < 13 * h) return 0;
      const last = pre[i + 1] - pre[i + 1 - h];
      const prev = (pre[i + 1 - h] - pre[i + 1 - 13 * h]) / 12;
      return last / Math.max(prev, 1);
    });
  },
};

/** Socialmetrix-style: (24 h average - 7 day average) / sd of the hourly counts over 7 days. */
export const dayVsWeek: DetectorSpec = {
  id: "24h-vs-7d", label: "24 h avg > 7 d avg + k sd",
  thresholds: range(0.25, 6, 0.25),
  stat: (v, _t, binMs) => {
    const h = Math.max(1, Math.round(3_600_000 / binMs));
    const D = 24 * h, W = 7 * D;
    const pre = new Float64Array(v.length + 1), pre2 = new Float64Array(v.length + 1);
    for (let i = 0; i < v.length; i++) { pre[i + 1] = pre[i] + v[i]; pre2[i + 1] = pre2[i] + v[i] * v[i]; }
    return Float64Array.from(v, (_x, i) => {
      if (i < 2 * D) return 0;
      const n = Math.min(W, i + 1);
      const m7 = (pre[i + 1] - pre[i + 1 - n]) / n;
      const sd = Math.sqrt(Math.max(1e-9, (pre2[i + 1] - pre2[i + 1 - n]) / n - m7 * m7));
      const m24 = (pre[i + 1] - pre[i + 1 - D]) / D;
      return (m24 - m7) / Math.max(sd, 0.5);
    });
  },
};

/** Earshot's product detector (robust seasonal multi-scale z); learning depends on the threshold. */
export const earshotVolume: DetectorSpec = {
  id: "earshot", label: "Earshot seasonal multi-scale z",
  thresholds: range(1.5, 10, 0.25),
  thresholdAware: true,
  stat: (v, t, binMs, thr) => {
    const det = new SeasonalVolumeDetector({ binMs, zThreshold: thr, persistMinutes: binMs / 60_000, cooldownMinutes: 0 });
    return Float64Array.from(v, (x, i) => det.observe(t[i], x).z);
  },
};

export const NAB_DETECTORS = [earshotVolume, fixedThreshold, hourOfWeekZ, ewmaChart, huginnPeak];
export const SYNTHETIC_DETECTORS = [earshotVolume, fixedThreshold, hourOfWeekZ, ewmaChart, huginnPeak, lastHourVs12, dayVsWeek];
