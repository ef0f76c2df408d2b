// The tree predictor's defaults: log-normal delay kernel (closed forms, ML fit) and
// SEISMIC's windowed time-varying rate, on simulated cascades with known parameters.
import { describe, expect, it } from "vitest";
import {
  DELAY_KERNEL, DEFAULT_KERNEL, chiSquareQuantile, fitDelayKernel, kernelCdf, kernelCdfIntegral, predictFinalSize, predictTreeSize, seismicWindowMs, windowedExposure,
  type CascadeEvent, type KernelParams, type LogNormalKernel, type TreeNode,
} from "../../analysis/early-warning/index.ts";
import { HOUR, gauss, poisson, rng } from "./helpers.ts";

const MIN = 60_000, DAY = 24 * HOUR, HORIZON = 7 * DAY;
const med = (a: number[]) => a.slice().sort((x, y) => x - y)[Math.floor(a.length / 2)];

/** Midpoint-rule integral, the slow way, to check the closed forms against. */
function numeric(f: (x: number) => number, a: number, b: number, n = 20_000): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += f(a + ((i + 0.5) * (b - a)) / n);
  return (s * (b - a)) / n;
}

describe("log-normal kernel", () => {
  it("has half its mass at the median and is increasing", () => {
    expect(kernelCdf(DELAY_KERNEL.medianMs, DELAY_KERNEL)).toBeCloseTo(0.5, 6);
    expect(kernelCdf(0, DELAY_KERNEL)).toBe(0);
    expect(kernelCdf(HOUR, DELAY_KERNEL)).toBeLessThan(kernelCdf(DAY, DELAY_KERNEL));
    expect(kernelCdf(DAY, DELAY_KERNEL)).toBeLessThan(1);
  });

  it("kernelCdfIntegral and windowedExposure match numerical integration for both kernel shapes", () => {
    for (const k of [DELAY_KERNEL, DEFAULT_KERNEL] as KernelParams[]) {
      for (const x of [2 * MIN, HOUR, 3 * DAY]) {
        const exact = kernelCdfIntegral(x, k);
        expect(Math.abs(exact - numeric((u) => kernelCdf(u, k), 0, x)) / exact).toBeLessThan(1e-3);
      }
      // a triangular window of 30 min ending at 1 h, for a post at 10 min
      const t = HOUR, w = 30 * MIN, ti = 10 * MIN, h = 1_000;
      const slow = numeric((s) => (1 - (t - s) / w) * (kernelCdf(s + h - ti, k) - kernelCdf(s - h - ti, k)) / (2 * h), t - w, t);
      expect(Math.abs(windowedExposure(ti, t, w, k) - slow)).toBeLessThan(1e-4);
      // triangular weights are <= 1: never more than the post's plain share of the window
      expect(windowedExposure(ti, t, w, k)).toBeLessThan(kernelCdf(t - ti, k) - kernelCdf(t - w - ti, k));
      expect(windowedExposure(t + 1, t, w, k)).toBe(0);
    }
  });

  it("fitDelayKernel recovers known parameters from simulated delays, truncated at the cap", () => {
    const r = rng(7);
    const truth: LogNormalKernel = { shape: "lognormal", medianMs: 40 * MIN, sigma: 2 };
    const cap = DAY; // about 5% of the delays fall beyond and are not seen
    const delays: number[] = [];
    while (delays.length < 20_000) {
      const d = truth.medianMs * Math.exp(truth.sigma * gauss(r));
      if (d <= cap) delays.push(d);
    }
    const fit = fitDelayKernel(delays, cap);
    expect(Math.abs(fit.medianMs / truth.medianMs - 1)).toBeLessThan(0.06);
    expect(Math.abs(fit.sigma / truth.sigma - 1)).toBeLessThan(0.04);
    // ignoring the truncation would bias both down: the fit must do better than the naive moments
    const logs = delays.map(Math.log), m = logs.reduce((a, b) => a + b, 0) / logs.length;
    expect(Math.abs(fit.medianMs - truth.medianMs)).toBeLessThan(Math.abs(Math.exp(m) - truth.medianMs));
    expect(() => fitDelayKernel([5], cap)).toThrow(/fitDelayKernel/);
  });
});

describe("SEISMIC window", () => {
  it("is half the age clipped to [5 min, 2 h], widened to the 5th-last reaction when the window is sparse", () => {
    const dense = Array.from({ length: 100 }, (_, i) => i * MIN);
    expect(seismicWindowMs(HOUR, dense)).toBe(30 * MIN);
    expect(seismicWindowMs(2 * MIN, dense.slice(0, 3))).toBe(5 * MIN);
    expect(seismicWindowMs(10 * HOUR, Array.from({ length: 600 }, (_, i) => i * MIN))).toBe(2 * HOUR);
    // only 2 reactions in the last 30 min: reach back to the 5th-last (at 2 min)
    expect(seismicWindowMs(HOUR, [0, MIN, 2 * MIN, 3 * MIN, 5 * MIN, 40 * MIN, 50 * MIN])).toBe(58 * MIN);
  });
});

/**
 * A tree cascade with known parameters: the root gets Poisson(rootSize) reactions, every
 * reaction Poisson(branching) of its own, all delays log-normal (kernel k). A cascade
 * that "fades" loses interest at fadeAt: the root's later reactions are kept with
 * probability 0.15 (a time-varying infectiousness, what SEISMIC's window is for).
 */
function simulateTree(seed: number, k: LogNormalKernel, rootSize: number, branching: number, fadeAt = Infinity) {
  const r = rng(seed);
  const raw: Array<{ t: number; parent: number }> = [{ t: 0, parent: -1 }];
  for (let i = 0; i < raw.length && raw.length < 20_000; i++) {
    const kids = poisson(r, i === 0 ? rootSize : branching);
    for (let j = 0; j < kids; j++) {
      const t = raw[i].t + k.medianMs * Math.exp(k.sigma * gauss(r));
      if (t >= HORIZON) continue;
      if (i === 0 && t > fadeAt && r() > 0.15) continue;
      raw.push({ t, parent: i });
    }
  }
  // time order, parents re-indexed (a parent always precedes its children)
  const order = raw.map((_, i) => i).sort((a, b) => raw[a].t - raw[b].t);
  const pos = new Array<number>(raw.length);
  order.forEach((o, i) => { pos[o] = i; });
  const nodes: TreeNode[] = order.map((o) => ({ t: raw[o].t, parent: raw[o].parent < 0 ? -1 : pos[raw[o].parent] }));
  return { nodes, final: nodes.length };
}

describe("predictTreeSize defaults on simulated cascades with known parameters", () => {
  const k: LogNormalKernel = { shape: "lognormal", medianMs: 30 * MIN, sigma: 2 };

  it("with the true kernel, predicts the final size from the first hour within 25% (median) and far better than 'final = observed'", () => {
    const errs: number[] = [], naive: number[] = [];
    let covered = 0;
    const widths: number[] = [];
    for (let seed = 1; seed <= 40; seed++) {
      const { nodes, final } = simulateTree(seed, k, 150 + 10 * seed, 0.4);
      const seen = nodes.filter((n) => n.t <= HOUR);
      const pred = predictTreeSize(seen, HOUR, { kernel: k, horizonMs: HORIZON });
      expect(pred.low).toBeLessThanOrEqual(pred.predicted);
      expect(pred.high).toBeGreaterThanOrEqual(pred.predicted);
      if (final >= pred.low && final <= pred.high) covered++;
      widths.push(pred.high / pred.low);
      errs.push(Math.abs(pred.predicted - final) / final);
      naive.push(Math.abs(seen.length - final) / final);
    }
    expect(med(errs)).toBeLessThan(0.25);
    expect(med(errs)).toBeLessThan(med(naive) * 0.5);
    // SEISMIC's chi-square interval on the window count: a real interval, neither empty nor everything
    expect(covered / 40).toBeGreaterThan(0.7);
    expect(med(widths)).toBeLessThan(2);
  });

  it("chiSquareQuantile is close to tabulated values", () => {
    expect(chiSquareQuantile(1.96, 10)).toBeCloseTo(20.483, 1);
    expect(chiSquareQuantile(-1.96, 10)).toBeCloseTo(3.247, 1);
    expect(chiSquareQuantile(1.96, 200)).toBeCloseTo(241.058, 1);
    expect(chiSquareQuantile(-1.96, 200)).toBeCloseTo(162.728, 1);
  });

  it("the windowed rate follows a cascade that loses interest; the whole-life rate over-predicts it", () => {
    const win: number[] = [], whole: number[] = [], winBias: number[] = [], wholeBias: number[] = [];
    for (let seed = 50; seed < 90; seed++) {
      const { nodes, final } = simulateTree(seed, k, 400, 0.4, (20 + (seed % 20)) * MIN);
      const seen = nodes.filter((n) => n.t <= HOUR);
      const a = predictTreeSize(seen, HOUR, { kernel: k, horizonMs: HORIZON }).predicted;
      const b = predictTreeSize(seen, HOUR, { kernel: k, horizonMs: HORIZON, rate: "whole-life" }).predicted;
      win.push(Math.abs(a - final) / final); whole.push(Math.abs(b - final) / final);
      winBias.push(Math.log(a / final)); wholeBias.push(Math.log(b / final));
    }
    expect(med(wholeBias)).toBeGreaterThan(0.2); // the whole-life rate keeps projecting the early pace
    expect(Math.abs(med(winBias))).toBeLessThan(med(wholeBias) / 2);
    expect(med(win)).toBeLessThan(med(whole) * 0.7);
  });

  it("defaults to DELAY_KERNEL and the windowed rate", () => {
    const { nodes } = simulateTree(3, DELAY_KERNEL, 300, 0.3);
    const seen = nodes.filter((n) => n.t <= HOUR);
    expect(predictTreeSize(seen, HOUR).predicted).toBe(predictTreeSize(seen, HOUR, { kernel: DELAY_KERNEL, rate: "windowed", horizonMs: HORIZON }).predicted);
    expect(predictTreeSize(seen, HOUR).predicted).not.toBe(predictTreeSize(seen, HOUR, { rate: "whole-life" }).predicted);
  });
});

/**
 * An audience-weighted cascade (the engine's setting) drawn from DEFAULT_KERNEL: each
 * post with audience n gets Poisson(p n) reactions. After fadeAt the story loses
 * interest: every later reaction is kept with probability 0.15.
 */
function simulateAudience(seed: number, p: number, fadeAt = Infinity): CascadeEvent[] {
  const r = rng(seed);
  const { s0Ms, theta } = DEFAULT_KERNEL;
  const head = theta / (1 + theta);
  const delay = (u: number) => (u <= head ? (u / head) * s0Ms : s0Ms * Math.pow((1 - u) / (1 - head), -1 / theta));
  const followers = () => Math.min(1e5, Math.floor(20 / Math.pow(1 - r(), 0.7)));
  const ev: CascadeEvent[] = [{ t: 0, n: 30_000 }];
  for (let i = 0; i < ev.length && ev.length < 30_000; i++) {
    const kids = poisson(r, p * ev[i].n);
    for (let j = 0; j < kids; j++) {
      const t = ev[i].t + delay(r());
      if (t >= 3 * DAY || (t > fadeAt && r() > 0.15)) continue;
      ev.push({ t, n: followers() });
    }
  }
  return ev.sort((a, b) => a.t - b.t);
}

describe("predictFinalSize with the windowed rate (opt-in; the engine keeps the whole-life default)", () => {
  it("follows a story that loses interest where the whole-life rate over-predicts it, and stays accurate on a steady one", () => {
    const fadeW: number[] = [], fadeL: number[] = [], steadyW: number[] = [], steadyNaive: number[] = [];
    for (let seed = 1; seed <= 30; seed++) {
      const o = { horizonMs: 3 * DAY, outsideArrivals: false } as const;
      const fading = simulateAudience(seed, 0.012, (20 + (seed % 20)) * MIN);
      const fSeen = fading.filter((e) => e.t <= HOUR);
      fadeW.push(Math.log(predictFinalSize(fSeen, HOUR, { ...o, rate: "windowed" }).predicted / fading.length));
      fadeL.push(Math.log(predictFinalSize(fSeen, HOUR, o).predicted / fading.length));
      const steady = simulateAudience(100 + seed, 0.012);
      const sSeen = steady.filter((e) => e.t <= HOUR);
      const pred = predictFinalSize(sSeen, HOUR, { ...o, rate: "windowed" });
      expect(pred.low).toBeLessThanOrEqual(pred.predicted);
      steadyW.push(Math.abs(pred.predicted - steady.length) / steady.length);
      steadyNaive.push(Math.abs(sSeen.length - steady.length) / steady.length);
    }
    expect(med(fadeL)).toBeGreaterThan(0.2); // whole-life: projects the early pace
    expect(Math.abs(med(fadeW))).toBeLessThan(med(fadeL) / 2);
    expect(med(steadyW)).toBeLessThan(0.3);
    expect(med(steadyW)).toBeLessThan(med(steadyNaive) * 0.6);
  });

  it("leaves the default (whole-life) prediction unchanged", () => {
    const ev = simulateAudience(5, 0.012).filter((e) => e.t <= HOUR);
    expect(predictFinalSize(ev, HOUR).predicted).toBe(predictFinalSize(ev, HOUR, { rate: "whole-life" }).predicted);
    expect(predictFinalSize(ev, HOUR).predicted).not.toBe(predictFinalSize(ev, HOUR, { rate: "windowed" }).predicted);
  });
});
