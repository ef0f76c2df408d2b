// The Numenta Anomaly Benchmark scoring rules (Lavin & Ahmad 2015; numenta/NAB
// nab/sweeper.py and config/profiles.json), re-implemented so the bench can score
// detections in-process. Rules reproduced:
//  - probationary period: min(floor(0.15 * rows), 0.15 * 5000) rows, not scored;
//  - inside a window: scaledSigmoid(-(rightIndex - i + 1) / width) * tpWeight / scaledSigmoid(-1),
//    only the best (= earliest) detection of each window counts, a missed window costs -fnWeight;
//  - outside: scaledSigmoid(|prevRightIndex - i| / (prevWidth - 1)) * fpWeight, or -fpWeight before
//    the first window; every detected row counts;
//  - normalised score = 100 * (raw - null) / (perfect - null), null = all windows missed,
//    perfect = every window detected at its left edge.

export interface Profile { tpWeight: number; fpWeight: number; fnWeight: number }

export const NAB_PROFILES: Record<"standard" | "reward_low_FP_rate" | "reward_low_FN_rate", Profile> = {
  standard: { tpWeight: 1.0, fpWeight: 0.11, fnWeight: 1.0 },
  reward_low_FP_rate: { tpWeight: 1.0, fpWeight: 0.22, fnWeight: 1.0 },
  reward_low_FN_rate: { tpWeight: 1.0, fpWeight: 0.11, fnWeight: 2.0 },
};

export function scaledSigmoid(x: number): number {
  if (x >= 3.0) return -1.0;
  return 2 / (1 + Math.exp(5 * x)) - 1;
}

export interface NabSeries {
  name: string;
  times: number[];      // ms
  stamps: string[];     // as in the file
  values: number[];
  /** [leftIndex, rightIndex] of each labelled window. */
  windows: Array<[number, number]>;
}

/** Per-row weight and window id, independent of the detector (NAB's calcSweepScore). */
export function sweepRows(s: NabSeries, p: Profile): { score: Float64Array; window: Int32Array; probation: number } {
  const n = s.times.length;
  const probation = Math.min(Math.floor(0.15 * n), 0.15 * 5000);
  const score = new Float64Array(n);
  const window = new Int32Array(n).fill(-1);
  const maxTP = scaledSigmoid(-1.0);
  let w = 0;
  let cur: [number, number] | null = null;
  let curId = -1;
  let prevRight = -1, prevWidth = 0;
  for (let i = 0; i < n; i++) {
    if (!cur && w < s.windows.length && i === s.windows[w][0]) { cur = s.windows[w]; curId = w; w++; }
    if (cur) {
      const width = cur[1] - cur[0] + 1;
      score[i] = (scaledSigmoid(-(cur[1] - i + 1) / width) * p.tpWeight) / maxTP;
      window[i] = curId;
    } else {
      const pos = prevRight < 0 ? 3.0 : Math.abs(prevRight - i) / (prevWidth - 1);
      score[i] = scaledSigmoid(pos) * p.fpWeight;
    }
    if (cur && i === cur[1]) { prevRight = i; prevWidth = cur[1] - cur[0] + 1; cur = null; }
  }
  return { score, window, probation };
}

export interface RawScore { raw: number; tp: number; fp: number; fn: number; windows: number }

/** Raw NAB score of binary detections (row indices) on one series. */
export function rawScore(s: NabSeries, detections: readonly number[], p: Profile, rows = sweepRows(s, p)): RawScore {
  const best = new Map<number, number>();
  let fpSum = 0, fp = 0;
  const counted = new Set<number>();
  for (let w = 0; w < s.windows.length; w++) if (s.windows[w][0] >= rows.probation) counted.add(w);
  for (const i of detections) {
    if (i < rows.probation) continue;
    const w = rows.window[i];
    if (w >= 0) best.set(w, Math.max(best.get(w) ?? -Infinity, rows.score[i]));
    else { fpSum += rows.score[i]; fp++; }
  }
  let raw = fpSum, tp = 0, fn = 0;
  for (const w of counted) {
    const b = best.get(w);
    if (b === undefined) { raw -= p.fnWeight; fn++; } else { raw += Math.max(-p.fnWeight, b); tp++; }
  }
  return { raw, tp, fp, fn, windows: counted.size };
}

export function normalise(raw: number, windows: number, p: Profile): number {
  const nul = -p.fnWeight * windows, perfect = p.tpWeight * windows;
  return (100 * (raw - nul)) / (perfect - nul);
}

/** Reads a NAB data file (timestamp,value) and its windows from labels.json content. */
export function parseNabSeries(name: string, csv: string, windows: Array<[string, string]>): NabSeries {
  const lines = csv.trim().split(/\r?\n/);
  const header = lines.shift();
  if (!header || !/timestamp\s*,\s*value/i.test(header)) throw new Error(`${name}: expected header "timestamp,value", got ${JSON.stringify(header)}`);
  const stamps: string[] = [], times: number[] = [], values: number[] = [];
  for (const [li, line] of lines.entries()) {
    const [ts, v] = line.split(",");
    const t = Date.parse(ts.replace(" ", "T") + "Z");
    const val = Number(v);
    if (!Number.isFinite(t) || !Number.isFinite(val)) throw new Error(`${name} line ${li + 2}: cannot read timestamp/value from ${JSON.stringify(line)}`);
    stamps.push(ts); times.push(t); values.push(val);
  }
  const idx = new Map<number, number>();
  times.forEach((t, i) => idx.set(t, i));
  const win: Array<[number, number]> = windows.map(([a, b]) => {
    const ta = Date.parse(a.replace(" ", "T").replace(/\.\d+$/, "") + "Z"), tb = Date.parse(b.replace(" ", "T").replace(/\.\d+$/, "") + "Z");
    const ia = idx.get(ta), ib = idx.get(tb);
    if (ia === undefined || ib === undefined) throw new Error(`${name}: window ${a}..${b} does not match a row timestamp`);
    return [ia, ib];
  });
  return { name, times, stamps, values, windows: win };
}
