// The early-reaction risk term: a high-reach negative post drawing reactions within its
// first minute crosses the incident threshold; the same post with slow reactions, or
// with positive sentiment, does not.
import { describe, expect, it } from "vitest";
import { EarlyWarningEngine, earlyReactionValue, scoreRisk, type EarlyWarningSignal, type EngineMention } from "../../analysis/early-warning/index.ts";
import { MIN, T0, mention } from "./helpers.ts";

const ROOT = "Acme Air lost my wheelchair at the gate and staff laughed at me";

/** A post by an account with `followers`, then `n` reposts by small accounts every `gapMs`. */
function thread(opts: { followers: number; n: number; gapMs: number; sentiment: "negative" | "positive" }): EngineMention[] {
  const complaint = opts.sentiment === "negative" ? "complaint" : "none";
  const out = [mention({ at: T0, text: ROOT, sentiment: opts.sentiment, complaint, followers: opts.followers, handle: "bigaccount" })];
  for (let i = 1; i <= opts.n; i++) {
    out.push(mention({ at: T0 + i * opts.gapMs, text: `RT @bigaccount: ${ROOT}`, sentiment: opts.sentiment, complaint, followers: 40 + i, handle: `fan${i}` }));
  }
  return out;
}

function run(ms: EngineMention[]) {
  // volume off: the brand has no history, and this test is about the story's own risk
  const eng = new EarlyWarningEngine({ volume: false });
  const signals: EarlyWarningSignal[] = [];
  let maxRisk = 0;
  for (const m of ms) { const r = eng.ingest(m); signals.push(...r.signals); maxRisk = Math.max(maxRisk, r.storyRisk); }
  return { opens: signals.filter((s) => s.type === "open"), maxRisk };
}

describe("early-reaction risk term", () => {
  it("is reach x early velocity: both must be high", () => {
    expect(earlyReactionValue(8, 500_000)).toBeGreaterThan(0.6);
    expect(earlyReactionValue(8, 800)).toBe(0); // small account: reach term is zero
    expect(earlyReactionValue(0, 500_000)).toBe(0); // nobody reacted
    expect(earlyReactionValue(0.3, 500_000)).toBeLessThan(0.15);
    expect(earlyReactionValue(8, 500_000)).toBeGreaterThan(earlyReactionValue(2, 500_000));
  });

  it("is a named component with a reason, present only inside the early window", () => {
    const base = { count: 5, negative: 5, complaintWeight: 4, rateFast: 20, rateSlow: 3, engagementRate: 0, reach: 500_200, maxFollowers: 500_000, platforms: 1, media: false, official: false, predictedSize: 5 };
    const withEarly = scoreRisk({ ...base, early: { reactionsPerMin: 6, followers: 500_000, minutes: 0.7 } });
    const c = withEarly.components.find((x) => x.name === "early_reaction");
    expect(c?.contribution).toBeGreaterThan(10);
    expect(c?.detail).toContain("reactions/min");
    expect(withEarly.reasons.some((r) => r.startsWith("early_reaction"))).toBe(true);
    const without = scoreRisk(base);
    expect(without.components.some((x) => x.name === "early_reaction")).toBe(false);
    expect(withEarly.risk).toBeGreaterThan(without.risk);
  });

  it("a high-reach negative post with fast early reactions opens an incident within its first minute", () => {
    const { opens } = run(thread({ followers: 500_000, n: 6, gapMs: 10_000, sentiment: "negative" }));
    expect(opens).toHaveLength(1);
    expect(opens[0].detectedAt.getTime() - T0).toBeLessThanOrEqual(MIN);
    expect(opens[0].reasons.some((r) => r.startsWith("early_reaction"))).toBe(true);
  });

  it("the same post with slow reactions does not", () => {
    const { opens, maxRisk } = run(thread({ followers: 500_000, n: 6, gapMs: 4 * MIN, sentiment: "negative" }));
    expect(opens).toHaveLength(0);
    expect(maxRisk).toBeGreaterThan(0); // scored, just below the threshold
  });

  it("the same post with positive sentiment does not", () => {
    const { opens } = run(thread({ followers: 500_000, n: 6, gapMs: 10_000, sentiment: "positive" }));
    expect(opens).toHaveLength(0);
  });

  it("a small account's equally fast thread does not, in the same first minute", () => {
    const big = run(thread({ followers: 500_000, n: 4, gapMs: 10_000, sentiment: "negative" }));
    const small = run(thread({ followers: 300, n: 4, gapMs: 10_000, sentiment: "negative" }));
    expect(big.opens).toHaveLength(1);
    expect(small.opens).toHaveLength(0);
  });
});
