import { describe, expect, it } from "vitest";
import { DEFAULT_KERNEL, kernelCdf, predictFinalSize, predictTreeSize, type CascadeEvent } from "../../analysis/early-warning/index.ts";
import { HOUR, poisson, rng } from "./helpers.ts";

const HORIZON = 72 * HOUR;

/** Inverse of kernelCdf: a reaction delay drawn from the model's own kernel. */
function sampleDelay(u: number): number {
  const { s0Ms, theta } = DEFAULT_KERNEL;
  const head = theta / (1 + theta);
  return u <= head ? (u / head) * s0Ms : s0Ms * Math.pow((1 - u) / (1 - head), -1 / theta);
}

/** A SEISMIC-style cascade with known infectiousness p: each post with audience n gets Poisson(p n) reactions. */
function simulate(seed: number, p: number) {
  const r = rng(seed);
  const followers = () => Math.min(1e5, Math.floor(20 / Math.pow(1 - r(), 0.7))); // heavy-tailed audiences
  const events: Array<CascadeEvent & { parent: number }> = [{ t: 0, n: 20_000, parent: -1 }];
  for (let i = 0; i < events.length && events.length < 50_000; i++) {
    const kids = poisson(r, p * events[i].n);
    for (let k = 0; k < kids; k++) {
      const t = events[i].t + sampleDelay(r());
      if (t < HORIZON) events.push({ t, n: followers(), parent: i });
    }
  }
  events.sort((a, b) => a.t - b.t);
  return events;
}

describe("kernel", () => {
  it("is a CDF: 0 at 0, continuous at s0, increasing, about half the mass within an hour", () => {
    expect(kernelCdf(0)).toBe(0);
    const s0 = DEFAULT_KERNEL.s0Ms;
    expect(Math.abs(kernelCdf(s0 - 1) - kernelCdf(s0 + 1))).toBeLessThan(1e-4);
    expect(kernelCdf(HOUR)).toBeGreaterThan(0.45);
    expect(kernelCdf(HOUR)).toBeLessThan(0.65);
    expect(kernelCdf(24 * HOUR)).toBeGreaterThan(kernelCdf(HOUR));
    expect(kernelCdf(24 * HOUR)).toBeLessThan(1);
  });
});

describe("predictFinalSize on simulated cascades with known parameters", () => {
  it("predicts the final size from the first hour far better than 'final = observed'", () => {
    const errs: number[] = [], naive: number[] = [], within: boolean[] = [];
    let covered = 0, n = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const ev = simulate(seed, 0.012); // mean audience ~ 47 -> branching ratio ~ 0.55
      const final = ev.length;
      if (final < 30) continue;
      const pred = predictFinalSize(ev, HOUR, { horizonMs: HORIZON, outsideArrivals: false });
      const seen = ev.filter((e) => e.t <= HOUR).length;
      errs.push(Math.abs(pred.predicted - final) / final);
      naive.push(Math.abs(seen - final) / final);
      within.push(pred.predicted <= 2 * final && pred.predicted >= final / 2);
      if (final >= pred.low && final <= pred.high) covered++;
      n++;
    }
    const med = (a: number[]) => a.slice().sort((x, y) => x - y)[Math.floor(a.length / 2)];
    expect(n).toBeGreaterThan(15);
    expect(med(errs)).toBeLessThan(0.3);
    expect(med(errs)).toBeLessThan(med(naive) * 0.6);
    expect(within.filter(Boolean).length / n).toBeGreaterThan(0.75);
    expect(covered / n).toBeGreaterThan(0.4); // the interval carries real information
  });

  it("recovers the infectiousness p (median over cascades) within 35%", () => {
    const ps: number[] = [];
    for (let seed = 200; seed < 220; seed++) ps.push(predictFinalSize(simulate(seed, 0.012), 6 * HOUR, { horizonMs: HORIZON, outsideArrivals: false }).p);
    const med = ps.sort((a, b) => a - b)[10];
    expect(med).toBeGreaterThan(0.012 * 0.65);
    expect(med).toBeLessThan(0.012 * 1.35);
  });

  it("the tree-aware variant uses parent links and beats 'final = observed'", () => {
    const errs: number[] = [], naive: number[] = [];
    for (let seed = 101; seed <= 130; seed++) {
      const ev = simulate(seed, 0.012);
      if (ev.length < 30) continue;
      // rebuild parent indices after sorting by time
      const final = ev.length;
      const seen = ev.filter((e) => e.t <= HOUR);
      const nodes = seen.map((e) => ({ t: e.t, parent: e.parent < 0 ? -1 : 0 }));
      // the simulation draws delays from DEFAULT_KERNEL (the tree predictor's own default is the log-normal DELAY_KERNEL)
      const pred = predictTreeSize(nodes, HOUR, { horizonMs: HORIZON, kernel: DEFAULT_KERNEL });
      errs.push(Math.abs(pred.predicted - final) / final);
      naive.push(Math.abs(seen.length - final) / final);
    }
    const med = (a: number[]) => a.slice().sort((x, y) => x - y)[Math.floor(a.length / 2)];
    expect(med(errs)).toBeLessThan(med(naive));
  });
});
