import { describe, expect, it } from "vitest";
import { EarlyWarningEngine, SeasonalVolumeDetector, ShareDetector } from "../../analysis/early-warning/index.ts";
import { HOUR, MIN, T0, mention, poisson, rng } from "./helpers.ts";

const BIN = 5 * MIN;
/** Daily cycle: night:day about 1:5, like the synthetic benchmark's background. */
const daily = (t: number) => 1 + 0.7 * Math.sin(((t / HOUR) % 24 - 9) / 24 * 2 * Math.PI);

function run(det: SeasonalVolumeDetector, series: number[]) {
  return series.map((v, i) => det.observe(T0 + i * BIN, v));
}

describe("SeasonalVolumeDetector", () => {
  it("alarms within minutes of a step and not before it", () => {
    const r = rng(1);
    const stepAt = 3 * 288;
    const series = Array.from({ length: 4 * 288 }, (_, i) => poisson(r, i >= stepAt ? 20 * 4 : 20));
    const steps = run(new SeasonalVolumeDetector(), series);
    const alarms = steps.map((s, i) => (s.alarm === "open" ? i : -1)).filter((i) => i >= 0);
    expect(alarms.length).toBeGreaterThan(0);
    expect(alarms[0]).toBeGreaterThanOrEqual(stepAt);
    expect(alarms[0] - stepAt).toBeLessThanOrEqual(3); // persistence of 2 bins at "balanced"
  });

  it("catches a slow ramp after it starts, through the hourly scale", () => {
    const r = rng(2);
    const rampAt = 2 * 288;
    const series = Array.from({ length: 4 * 288 }, (_, i) => poisson(r, 30 * (i < rampAt ? 1 : 1 + (i - rampAt) / 24)));
    const steps = run(new SeasonalVolumeDetector(), series);
    const first = steps.findIndex((s) => s.alarm === "open");
    expect(first).toBeGreaterThan(rampAt);
    expect(first - rampAt).toBeLessThan(48); // within 4 hours (rate has at most tripled by then)
  });

  it("stays quiet through ordinary seasonal days", () => {
    const r = rng(3);
    const series = Array.from({ length: 7 * 288 }, (_, i) => poisson(r, 40 * daily(T0 + i * BIN)));
    const steps = run(new SeasonalVolumeDetector(), series);
    expect(steps.filter((s) => s.alarm === "open")).toHaveLength(0);
    // and the learnt profile follows the cycle: expected at 15:00 > 2x expected at 03:00 on day 7
    const day7 = 6 * 288;
    expect(steps[day7 + 15 * 12].expected).toBeGreaterThan(2 * steps[day7 + 3 * 12].expected);
  });

  it("sensitivity presets order the number of alarms", () => {
    const r = rng(4);
    const series = Array.from({ length: 5 * 288 }, (_, i) => poisson(r, 25 * daily(T0 + i * BIN) * (i % 500 > 490 ? 2.2 : 1)));
    const count = (s: "fewer" | "balanced" | "more") => run(new SeasonalVolumeDetector({ sensitivity: s, cooldownMinutes: 30 }), series).filter((x) => x.alarm === "open").length;
    expect(count("fewer")).toBeLessThanOrEqual(count("balanced"));
    expect(count("balanced")).toBeLessThanOrEqual(count("more"));
    expect(count("more")).toBeGreaterThan(0);
  });

  it("does not learn an incident into its baseline (robust), and respects cool-down", () => {
    const r = rng(5);
    // two identical bursts 8 hours apart: both must alarm (the first must not raise the baseline)
    const series = Array.from({ length: 3 * 288 }, (_, i) => poisson(r, 20 * ((i >= 400 && i < 424) || (i >= 500 && i < 524) ? 5 : 1)));
    const steps = run(new SeasonalVolumeDetector({ cooldownMinutes: 60 }), series);
    const opens = steps.map((s, i) => (s.alarm === "open" ? i : -1)).filter((i) => i >= 0);
    expect(opens.some((i) => i >= 400 && i < 410)).toBe(true);
    expect(opens.some((i) => i >= 500 && i < 510)).toBe(true);
    // with a 12 h cool-down, the second burst is not a new alarm
    const steps2 = run(new SeasonalVolumeDetector({ cooldownMinutes: 720 }), series);
    expect(steps2.filter((s, i) => s.alarm === "open" && i >= 500 && i < 524)).toHaveLength(0);
  });
});

describe("in-bin tail test (openEarly)", () => {
  it("opens inside the step's bin, at a count below the bin's final count, and only once", () => {
    const r = rng(8);
    const det = new SeasonalVolumeDetector({ scales: [1, 3, 12], combine: "max", zThreshold: 5, persistMinutes: 5 });
    for (let i = 0; i < 2 * 288; i++) det.observe(T0 + i * BIN, poisson(r, 3));
    const bin = T0 + 2 * 288 * BIN;
    const final = 40;
    let openedAt = -1;
    for (let c = 1; c <= final; c++) if (det.openEarly(bin, c).opened) { expect(openedAt).toBe(-1); openedAt = c; }
    expect(openedAt).toBeGreaterThan(3); // a few complaints are ordinary
    expect(openedAt).toBeLessThan(final / 2);
    expect(det.observe(bin, final).alarm).not.toBe("open"); // the bin's own close sees the surge already open (at most an escalation)
  });

  it("never opens early during warm-up or on an ordinary count", () => {
    const r = rng(9);
    const det = new SeasonalVolumeDetector({ scales: [1, 3, 12], combine: "max", zThreshold: 5, persistMinutes: 5 });
    expect(det.openEarly(T0, 500).opened).toBe(false); // no baseline yet
    let early = 0;
    for (let i = 0; i < 3 * 288; i++) {
      const v = poisson(r, 6 * daily(T0 + i * BIN));
      for (let c = 1; c <= v; c++) if (det.openEarly(T0 + i * BIN, c).opened) early++;
      det.observe(T0 + i * BIN, v);
    }
    expect(early).toBe(0);
  });
});

describe("ShareDetector", () => {
  it("flags a jump in negative share at constant volume", () => {
    const r = rng(6);
    const det = new ShareDetector();
    let maxBefore = 0, maxAfter = 0;
    for (let i = 0; i < 3 * 288; i++) {
      const n = poisson(r, 30);
      const p = i >= 2 * 288 ? 0.55 : 0.2;
      let k = 0; for (let j = 0; j < n; j++) if (r() < p) k++;
      const z = det.observe(T0 + i * BIN, k, n).z;
      if (i < 2 * 288) maxBefore = Math.max(maxBefore, z); else maxAfter = Math.max(maxAfter, z);
    }
    expect(maxBefore).toBeLessThan(5);
    expect(maxAfter).toBeGreaterThan(5);
  });
});

describe("launch calendar", () => {
  // two quiet days, then a launch: a 6x burst of positive posts for an hour
  function stream() {
    const r = rng(7);
    const out = [];
    const launch = T0 + 2 * 24 * HOUR + 14 * HOUR;
    for (let t = T0; t < T0 + 3 * 24 * HOUR; t += MIN) {
      const burst = t >= launch && t < launch + HOUR;
      const n = poisson(r, 2 * (burst ? 6 : 1));
      for (let j = 0; j < n; j++) {
        const positive = burst || r() < 0.5;
        out.push(mention({ at: t + j, text: `${positive ? "love" : "meh"} the new acme phone ${Math.floor(r() * 1e6)}`, sentiment: positive ? "positive" : r() < 0.4 ? "negative" : "neutral" }));
      }
    }
    return { out, launch };
  }
  it("a launch burst alarms without a calendar entry and is silent with one", () => {
    const { out, launch } = stream();
    const volumeOpens = (eng: EarlyWarningEngine) => out.flatMap((m) => eng.ingest(m).signals).filter((s) => s.type === "open" && s.kind.startsWith("volume"));
    const plain = volumeOpens(new EarlyWarningEngine());
    expect(plain.some((s) => s.kind === "volume_total" && s.detectedAt.getTime() >= launch)).toBe(true);
    const withCal = volumeOpens(new EarlyWarningEngine({ calendar: [{ brandId: "acme", start: new Date(launch - 30 * MIN), end: new Date(launch + 2 * HOUR), label: "phone launch" }] }));
    expect(withCal).toHaveLength(0);
  });
});
