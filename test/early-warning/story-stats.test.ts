// Bounded per-story state: the arrival log keeps the predictor's inputs in a fixed
// number of time buckets, and the author counter stays within a few percent.
import { describe, expect, it } from "vitest";
import { ArrivalLog, DistinctCounter } from "../../analysis/early-warning/story-stats.ts";
import { predictFinalSize, type CascadeEvent } from "../../analysis/early-warning/index.ts";
import { HOUR, MIN, T0, rng } from "./helpers.ts";

describe("ArrivalLog", () => {
  it("holds a bounded number of buckets however many posts arrive, and keeps counts and audience exactly", () => {
    const log = new ArrivalLog(64, 4);
    const r = rng(3);
    let t = T0, audience = 0;
    for (let i = 0; i < 50_000; i++) {
      t += Math.floor(r() * 2 * MIN);
      const n = 1 + Math.floor(r() * 1000);
      audience += n;
      log.add(t, n, i);
    }
    expect(log.count).toBe(50_000);
    expect(log.size).toBeLessThanOrEqual(64 + 4 + 1 + 1);
    const ev = log.events(T0 + MIN);
    expect(ev.reduce((a, e) => a + (e.m ?? 1), 0)).toBe(50_000);
    expect(ev.reduce((a, e) => a + e.n, 0)).toBe(audience);
    expect(ev[0].t).toBe(log.first!.t - (T0 + MIN));
    for (let i = 2; i < ev.length; i++) expect(ev[i].t).toBeGreaterThanOrEqual(ev[i - 1].t);
  });

  it("hands over member ids once, bounded, and moves them on merge", () => {
    const a = new ArrivalLog(), b = new ArrivalLog();
    for (let i = 0; i < 10; i++) a.add(T0 + i * MIN, 10, i);
    for (let i = 10; i < 13; i++) b.add(T0 + i * MIN, 10, i);
    a.merge(b);
    expect(a.count).toBe(13);
    expect(a.takeMembers().sort((x, y) => Number(x) - Number(y))).toEqual([...Array(13).keys()]);
    expect(a.takeMembers()).toEqual([]);
    expect(b.takeMembers()).toEqual([]);
    const big = new ArrivalLog();
    for (let i = 0; i < 30_000; i++) big.add(T0 + i, 1, i);
    expect(big.takeMembers().length).toBeLessThanOrEqual(10_000);
  });

  it("predicts about what the full event list predicts (SEISMIC-style cascade)", () => {
    const r = rng(9);
    const events: CascadeEvent[] = [{ t: 0, n: 5_000 }];
    let t = 0;
    for (let i = 0; i < 3_000; i++) { t += -Math.log(1 - r()) * (2_000 + i * 3); events.push({ t, n: Math.floor(20 / (1 - r())) }); }
    const log = new ArrivalLog();
    for (const e of events) log.add(T0 + e.t, e.n);
    const now = t;
    const full = predictFinalSize(events, now, { horizonMs: 72 * HOUR });
    const bucketed = predictFinalSize(log.events(T0), now, { horizonMs: 72 * HOUR });
    expect(bucketed.observed).toBe(full.observed);
    expect(Math.abs(bucketed.predicted - full.predicted) / full.predicted).toBeLessThan(0.05);
  });
});

describe("DistinctCounter", () => {
  it("is exact for small sets and within 8% for large ones, merges included", () => {
    const a = new DistinctCounter();
    for (let i = 0; i < 100; i++) a.add(`user${i % 50}`);
    expect(a.size).toBe(50);
    const big = new DistinctCounter(), other = new DistinctCounter();
    for (let i = 0; i < 40_000; i++) big.add(`h${i}`);
    for (let i = 20_000; i < 60_000; i++) other.add(`h${i}`);
    expect(Math.abs(big.size - 40_000) / 40_000).toBeLessThan(0.08);
    big.merge(other);
    expect(Math.abs(big.size - 60_000) / 60_000).toBeLessThan(0.08);
    const small = new DistinctCounter();
    small.add("x");
    small.merge(big);
    expect(Math.abs(small.size - 60_000) / 60_000).toBeLessThan(0.08);
  });
});
