import { describe, expect, it } from "vitest";
import { VolumeSpikeDetector } from "../../analysis/spike.ts";
import type { StoredMention } from "../../analysis/types.ts";

let nextId = 1;
function mention(brandId: string, at: number): StoredMention {
  return {
    id: nextId++, brandId, brandIds: [brandId], sourceId: "s", externalId: String(nextId), platform: "web", text: "Acme Air", canonicalUrl: null,
    contentHash: "h", fetchedAt: new Date(at), publishedAt: new Date(at), authorId: null, duplicateOfId: null,
    analysis: { language: "en", sentiment: { label: "negative", score: -0.5 }, complaint: { kind: "complaint", category: null, servqual: null, reason: null, severity: "general" }, churn: false, stakeholder: null, why: [], engine: "t" },
  };
}

const T0 = Date.UTC(2026, 0, 5, 0, 0); // a Monday
const MIN = 60_000;

/** Feeds `perHour(h)` evenly spread mentions for each hour, returns the signals. */
function run(det: VolumeSpikeDetector, hours: number, perHour: (h: number) => number, brand = "acme") {
  const signals = [];
  for (let h = 0; h < hours; h++) {
    const n = perHour(h);
    for (let i = 0; i < n; i++) signals.push(...det.onMention(mention(brand, T0 + h * 60 * MIN + Math.floor((i * 60 * MIN) / n))));
    signals.push(...det.tick(brand, new Date(T0 + (h + 1) * 60 * MIN - 1)));
  }
  return signals;
}

describe("volume spike rule", () => {
  it("stays quiet on a steady stream", () => {
    const det = new VolumeSpikeDetector({ windowMinutes: 60, baselineHours: 24, minCount: 10 });
    expect(run(det, 72, () => 20)).toEqual([]);
  });

  it("opens on a step up and resolves when volume returns to normal", () => {
    const det = new VolumeSpikeDetector({ windowMinutes: 60, baselineHours: 24, minCount: 10, cooldownMinutes: 60 });
    const s = run(det, 40, (h) => (h >= 30 && h < 33 ? 200 : 20));
    const open = s.filter((x) => x.type === "open");
    const resolve = s.filter((x) => x.type === "resolve");
    expect(open).toHaveLength(1);
    expect(open[0].at.getTime()).toBeGreaterThanOrEqual(T0 + 30 * 60 * MIN);
    expect(open[0].at.getTime()).toBeLessThan(T0 + 31 * 60 * MIN);
    expect(open[0].reasons.join(" ")).toMatch(/threshold/);
    expect(open[0].examples?.length).toBeGreaterThan(0);
    expect(resolve).toHaveLength(1);
    expect(resolve[0].at.getTime()).toBeGreaterThan(open[0].at.getTime());
  });

  it("waits for enough history before firing on a fresh install", () => {
    const det = new VolumeSpikeDetector({ minCount: 10, minHistoryMinutes: 180 });
    expect(run(det, 3, () => 50)).toEqual([]);
  });

  it("needs the minimum count before it has a baseline", () => {
    const det = new VolumeSpikeDetector({ minCount: 10, minHistoryMinutes: 0 });
    expect(run(det, 1, () => 9)).toEqual([]);
    const det2 = new VolumeSpikeDetector({ minCount: 10, minHistoryMinutes: 0 });
    expect(run(det2, 1, () => 10).filter((s) => s.type === "open")).toHaveLength(1);
  });

  it("keeps brands apart", () => {
    const det = new VolumeSpikeDetector({ minCount: 10 });
    run(det, 30, () => 20, "a");
    const s = run(det, 30, (h) => (h === 29 ? 300 : 20), "b");
    expect(s.filter((x) => x.type === "open").map((x) => x.brandId)).toEqual(["b"]);
  });

  it("respects the cool-down after a resolution", () => {
    const det = new VolumeSpikeDetector({ minCount: 10, cooldownMinutes: 6 * 60 });
    const s = run(det, 40, (h) => (h === 30 || h === 33 ? 300 : 20));
    expect(s.filter((x) => x.type === "open")).toHaveLength(1);
  });

  it("ignores mentions older than its memory and rejects bad options", () => {
    const det = new VolumeSpikeDetector({ minCount: 2, baselineHours: 1, minHistoryMinutes: 0 });
    det.onMention(mention("a", T0 + 10 * 3600_000));
    expect(det.onMention(mention("a", T0))).toEqual([]);
    expect(() => new VolumeSpikeDetector({ windowMinutes: 0 })).toThrow(/windowMinutes must be >= 1, received 0/);
  });
});

describe("volume spike titles", () => {
  it("name the brand, not its id", () => {
    const det = new VolumeSpikeDetector({ minCount: 5, minHistoryMinutes: 0 }, undefined, new Map([["acme", "Acme Air"]]));
    const s = run(det, 1, () => 10);
    expect(s.find((x) => x.type === "open")?.title).toBe("Mention volume spike for Acme Air");
  });
});
