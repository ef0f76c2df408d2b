// The outside-arrivals risk term: many small accounts complaining about the same failure
// in their own words within minutes (an outage) open an incident at the third or fourth
// complaint; an ordinary day, a repost wave under one small account, a large account's
// thread and a harmless burst of neutral posts on one topic do not get it.
import { describe, expect, it } from "vitest";
import { EarlyWarningEngine, outsideArrivalsValue, scoreRisk, type EarlyWarningSignal, type EngineMention } from "../../analysis/early-warning/index.ts";
import { OutsideArrivals, outsideKernelCdf, OUTSIDE_ARRIVALS, poissonSurprise } from "../../analysis/early-warning/story-stats.ts";
import { HOUR, MIN, T0, mention, rng } from "./helpers.ts";

/** An ordinary day for the brand: varied posts by ordinary accounts, a few scattered complaints. */
function ordinaryDay(seed: number, hours = 24): EngineMention[] {
  const r = rng(seed);
  const topics = [
    "Flew Acme Air to Denver today, smooth flight",
    "Acme Air lounge coffee is decent this morning",
    "Booked Acme Air for the summer, good price",
    "Acme Air crew were friendly on the late flight",
    "Acme Air seat was a bit narrow but fine",
    "Anyone know if Acme Air allows two carry-ons",
    "Acme Air boarding took forever at gate 12",
    "Acme Air lost my bag once, found it the next day",
  ];
  const out: EngineMention[] = [];
  for (let t = T0; t < T0 + hours * HOUR; t += (4 + 8 * r()) * MIN) {
    const i = Math.floor(r() * topics.length);
    const neg = i >= 6;
    out.push(mention({ at: Math.round(t), text: `${topics[i]} ${Math.floor(r() * 1000)}`, sentiment: neg ? "negative" : "neutral", complaint: neg && r() < 0.5 ? "complaint" : "none", followers: 20 + Math.floor(r() * 400), handle: `day${Math.floor(r() * 5000)}` }));
  }
  return out;
}

/** The same failure reported by `n` different small accounts in their own words, one every `gapMs`. */
function outage(start: number, n: number, gapMs: number): EngineMention[] {
  const words = [
    "Acme Air app is down, cannot check in for my flight",
    "cannot check in, the Acme Air app keeps crashing at check in",
    "Acme Air check in is broken again, app down for me too",
    "is the Acme Air app down? check in fails every time",
    "Acme Air app down, check in impossible, great timing",
    "app crashing on check in, Acme Air please fix it",
  ];
  return Array.from({ length: n }, (_, i) => mention({ at: start + i * gapMs, text: words[i % words.length], sentiment: "negative", complaint: "complaint", followers: 30 + 17 * i, handle: `traveller${i}` }));
}

function run(ms: EngineMention[]) {
  // volume off: these series are about a story's own risk, not the brand's counts
  const eng = new EarlyWarningEngine({ volume: false });
  const signals: EarlyWarningSignal[] = [];
  for (const m of ms.slice().sort((a, b) => a.publishedAt.getTime() - b.publishedAt.getTime())) signals.push(...eng.ingest(m).signals);
  return { opens: signals.filter((s) => s.type === "open"), eng };
}

describe("outside-arrivals statistics", () => {
  it("poissonSurprise is -log10 of the Poisson upper tail", () => {
    expect(poissonSurprise(0, 0.5)).toBe(0);
    expect(poissonSurprise(2, 3)).toBe(0); // fewer than expected: not surprising
    // P(N >= 2 | 0.1) = 1 - e^-0.1 (1 + 0.1) = 0.004679
    expect(poissonSurprise(2, 0.1)).toBeCloseTo(-Math.log10(1 - Math.exp(-0.1) * 1.1), 6);
    // P(N >= 1 | 1) = 1 - e^-1
    expect(poissonSurprise(1, 0.999999)).toBeCloseTo(-Math.log10(1 - Math.exp(-1)), 4);
    expect(poissonSurprise(5, 0.1)).toBeGreaterThan(poissonSurprise(4, 0.1));
  });

  it("the kernel is flat for s0, reaches theta/(1+theta) there, and tends to 1", () => {
    const head = OUTSIDE_ARRIVALS.theta / (1 + OUTSIDE_ARRIVALS.theta);
    expect(outsideKernelCdf(0)).toBe(0);
    expect(outsideKernelCdf(OUTSIDE_ARRIVALS.s0Ms / 2)).toBeCloseTo(head / 2, 9);
    expect(outsideKernelCdf(OUTSIDE_ARRIVALS.s0Ms)).toBeCloseTo(head, 9);
    expect(outsideKernelCdf(1e12)).toBeGreaterThan(0.95);
    expect(outsideKernelCdf(HOUR)).toBeGreaterThan(outsideKernelCdf(10 * MIN));
  });

  it("a large account explains quick complaints; small accounts do not", () => {
    const big = new OutsideArrivals(), small = new OutsideArrivals();
    big.add(T0, Math.sqrt(200_000 / 50), true, "big");
    small.add(T0, 1, true, "a");
    for (let i = 1; i <= 3; i++) { big.add(T0 + i * 40_000, 1, true, `f${i}`); small.add(T0 + i * 40_000, 1, true, `s${i}`); }
    const b = big.test(T0 + 2 * MIN), s = small.test(T0 + 2 * MIN);
    expect(s.reactions).toBe(3);
    expect(b.reactions).toBe(3);
    expect(s.surprise).toBeGreaterThan(3);
    expect(b.surprise).toBeLessThan(1);
  });

  it("counts an author once and only independent complaints", () => {
    const o = new OutsideArrivals();
    o.add(T0, 1, true, "a");
    o.add(T0 + 10_000, 1, true, "b");
    o.add(T0 + 20_000, 1, true, "b"); // the same author again
    o.add(T0 + 30_000, 1, false, "c"); // a repost or a non-complaint
    expect(o.test(T0 + MIN).reactions).toBe(1);
  });

  it("is a named component with its reason, worth 0 at p 0.1 and its full weight at p 0.001", () => {
    expect(outsideArrivalsValue(1)).toBe(0);
    expect(outsideArrivalsValue(3)).toBe(1);
    const base = { count: 4, negative: 4, complaintWeight: 3.4, rateFast: 16, rateSlow: 2, engagementRate: 0, reach: 200, maxFollowers: 80, platforms: 1, media: false, official: false, predictedSize: 6 };
    const r = scoreRisk({ ...base, outside: { reactions: 3, expected: 0.2, surprise: 3.2, minutes: 2 } });
    const c = r.components.find((x) => x.name === "outside_arrivals");
    expect(c?.contribution).toBeCloseTo(25, 6);
    expect(c?.detail).toContain("3 complaints after the first post");
    expect(r.risk).toBeGreaterThan(scoreRisk(base).risk + 20);
  });
});

describe("outside-arrivals in the engine", () => {
  it("an outage burst (one complaint a minute by different small accounts) opens an incident by its fourth post", () => {
    const start = T0 + 20 * HOUR;
    const { opens } = run([...ordinaryDay(7), ...outage(start, 6, MIN)]);
    expect(opens).toHaveLength(1);
    expect(opens[0].detectedAt.getTime() - start).toBeLessThanOrEqual(3 * MIN);
    expect(opens[0].components?.find((c) => c.name === "outside_arrivals")?.contribution).toBeGreaterThan(10);
    expect(opens[0].reasons.some((r) => r.startsWith("outside_arrivals"))).toBe(true);
  });

  it("an ordinary day does not open anything", () => {
    const { opens } = run(ordinaryDay(7));
    expect(opens).toHaveLength(0);
  });

  it("the same complaints spread over hours do not (their rate, not their count, is the evidence)", () => {
    const start = T0 + 10 * HOUR;
    const { opens } = run([...ordinaryDay(7), ...outage(start, 6, 2 * HOUR)]);
    expect(opens).toHaveLength(0);
  });

  it("a repost wave under one small account does not get the term (reposts are reactions)", () => {
    const root = "Acme Air app is down, cannot check in for my flight";
    const ms = [mention({ at: T0, text: root, sentiment: "negative", complaint: "complaint", followers: 300, handle: "op" })];
    for (let i = 1; i <= 5; i++) ms.push(mention({ at: T0 + i * 30_000, text: `RT @op: ${root}`, sentiment: "negative", complaint: "complaint", followers: 40 + i, handle: `rt${i}` }));
    const eng = new EarlyWarningEngine({ volume: false });
    const risks: number[] = [];
    const signals: EarlyWarningSignal[] = [];
    for (const m of ms) { const r = eng.ingest(m); risks.push(r.storyRisk); signals.push(...r.signals); }
    // not scored before the usual five mentions: the term never fired
    expect(risks.slice(0, 4)).toEqual([0, 0, 0, 0]);
    expect(risks[4]).toBeGreaterThan(0);
    // five complaints in two minutes may still open on the other terms, but not on this one
    for (const s of signals) expect(s.components?.find((c) => c.name === "outside_arrivals")?.value ?? 0).toBe(0);
    // the same five posts in the complainers' own words do get it
    const own = outage(T0 + HOUR, 5, 30_000);
    const eng2 = new EarlyWarningEngine({ volume: false });
    const risks2 = own.map((m) => eng2.ingest(m).storyRisk);
    expect(risks2[2]).toBeGreaterThan(0);
  });

  it("a harmless burst of neutral posts on one topic does not open anything", () => {
    const ms = ordinaryDay(11, 12);
    for (let i = 0; i < 12; i++) ms.push(mention({ at: T0 + 6 * HOUR + i * 20_000, text: `Acme Air new summer routes to Lisbon announced, ${["nice", "cool", "finally", "wow"][i % 4]} ${i}`, sentiment: "neutral", followers: 25 + i, handle: `fan${i}` }));
    const { opens } = run(ms);
    expect(opens).toHaveLength(0);
  });
});
