// The engine's stories are sized by SEISMIC's windowed rate with the log-normal delay
// kernel (ENGINE_SIZE_PREDICTION): a story that has gone quiet is projected to end
// close to its current size, one still arriving at a steady pace to keep growing.
import { describe, expect, it } from "vitest";
import { EarlyWarningEngine, type EngineMention } from "../../analysis/early-warning/index.ts";
import { ENGINE_SIZE_PREDICTION } from "../../analysis/early-warning/engine.ts";
import { DEFAULT_KERNEL, DELAY_KERNEL } from "../../analysis/early-warning/size-predictor.ts";
import { MIN, T0, mention } from "./helpers.ts";

/** 120 posts about one incident of `brand`: evenly over 60 min (steady), or all in the first 20 min then one at 60 min (fading). */
function story(brand: string, fading: boolean): EngineMention[] {
  const out: EngineMention[] = [];
  const url = `https://example.test/${brand}/recall-notice`;
  for (let i = 0; i < 120; i++) {
    const at = fading ? (i === 119 ? T0 + 60 * MIN : T0 + Math.round((i * 20 * MIN) / 119)) : T0 + Math.round((i * 60 * MIN) / 119);
    out.push(mention({ brandId: brand, at, text: `${brand} recall notice: the heater overheats, stop using it ${url}`, canonicalUrl: url, sentiment: "negative", complaint: "complaint", followers: 100 }));
  }
  return out;
}

function predictedAfterOneHour(opts?: ConstructorParameters<typeof EarlyWarningEngine>[0]) {
  const eng = new EarlyWarningEngine(opts);
  const keys = new Map<string, string>();
  const all = [...story("steady", false), ...story("fading", true)].sort((a, b) => a.publishedAt.getTime() - b.publishedAt.getTime());
  for (const m of all) keys.set(m.brandId, eng.ingest(m).storyKey);
  const view = (b: string) => eng.story(keys.get(b)!)!;
  return { steady: view("steady"), fading: view("fading") };
}

describe("engine size prediction (windowed rate, log-normal kernel)", () => {
  it("ships the windowed rate and DELAY_KERNEL", () => {
    expect(ENGINE_SIZE_PREDICTION.rate).toBe("windowed");
    expect(ENGINE_SIZE_PREDICTION.kernel).toEqual(DELAY_KERNEL);
  });

  it("projects a story that went quiet smaller than one arriving at a steady pace, with the same posts seen", () => {
    const { steady, fading } = predictedAfterOneHour();
    expect(steady.mentionCount).toBe(120);
    expect(fading.mentionCount).toBe(120);
    const sp = steady.prediction!, fp = fading.prediction!;
    // re-fitted on the engine's schedule (every 25% of growth, or after a quiet stretch)
    expect(sp.observed).toBeGreaterThanOrEqual(96);
    expect(fp.observed).toBe(120);
    // the steady story keeps its pace: it has at least as much again to come
    expect(sp.predicted).toBeGreaterThan(2 * sp.observed);
    // the fading one: almost nothing in SEISMIC's window, so little still to come
    expect(fp.predicted - fp.observed).toBeLessThan(0.25 * (sp.predicted - sp.observed));
    // (the previous whole-life rate with the power law read the same posts as a final 222: 85% more)
    expect(fp.predicted).toBeLessThan(1.15 * fp.observed);
    expect(fp.low).toBeLessThanOrEqual(fp.predicted);
    expect(fp.high).toBeGreaterThanOrEqual(fp.predicted);
  });

  it("still honours a kernel override", () => {
    const dflt = predictedAfterOneHour().steady.prediction!.predicted;
    const pl = predictedAfterOneHour({ kernel: DEFAULT_KERNEL }).steady.prediction!.predicted;
    expect(pl).not.toBeCloseTo(dflt, 0);
  });
});
