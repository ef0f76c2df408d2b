import { describe, expect, it } from "vitest";
import { EarlyWarningEngine, type EarlyWarningSignal, type EngineMention } from "../../analysis/early-warning/index.ts";
import { HOUR, MIN, T0, mention, poisson, rng } from "./helpers.ts";

/** A day of ordinary chatter plus, from 20:00, an angry story spreading through reposts. */
function scenario(withIncident: boolean): EngineMention[] {
  const r = rng(11);
  const out: EngineMention[] = [];
  const topics = ["app update", "store hours", "new flavour", "delivery time", "loyalty points", "price change"];
  for (let t = T0; t < T0 + 30 * HOUR; t += MIN) {
    const n = poisson(r, 1.5);
    for (let j = 0; j < n; j++) {
      const neg = r() < 0.2;
      out.push(mention({ at: t + j * 1000, text: `acme ${topics[Math.floor(r() * topics.length)]} ${neg ? "annoying" : "fine"} ${Math.floor(r() * 1e5)}`, sentiment: neg ? "negative" : "neutral", followers: Math.floor(50 / (1 - r())) }));
    }
  }
  if (withIncident) {
    const start = T0 + 20 * HOUR;
    out.push(mention({ at: start, text: "Acme Air baggage crew broke my guitar and refused to pay https://youtu.be/brokeguitar1", sentiment: "negative", complaint: "complaint", followers: 900, handle: "dave" }));
    let t = start;
    for (let i = 0; i < 400; i++) {
      t += Math.floor((6 * MIN) / (1 + i / 20)); // accelerating reposts
      const variant = i % 3 === 0
        ? `RT @dave: Acme Air baggage crew broke my guitar and refused to pay https://youtu.be/brokeguitar1`
        : i % 3 === 1 ? `this is awful, acme air broke his guitar and won't pay https://youtu.be/brokeguitar1`
        : `Acme Air baggage crew broke a musician's guitar and refused to pay for it`;
      out.push(mention({ at: t, text: variant, sentiment: "negative", complaint: i % 2 ? "complaint" : "grumble", followers: i === 150 ? 250_000 : Math.floor(100 / (1 - r())), platform: i % 5 === 0 ? "youtube" : "x", stakeholder: i === 200 ? "media" : null }));
    }
  }
  return out.sort((a, b) => a.publishedAt.getTime() - b.publishedAt.getTime());
}

function runAll(ms: EngineMention[], eng = new EarlyWarningEngine()) {
  const signals: EarlyWarningSignal[] = [];
  for (const m of ms) signals.push(...eng.ingest(m).signals);
  signals.push(...eng.advance(new Date(T0 + 40 * HOUR)));
  return { signals, eng };
}

describe("EarlyWarningEngine", () => {
  it("opens exactly one story incident for the angry story, early, with explained reasons, then resolves it", () => {
    const { signals, eng } = runAll(scenario(true));
    const opens = signals.filter((s) => s.type === "open" && s.kind === "story");
    expect(opens).toHaveLength(1);
    const o = opens[0];
    expect(o.title).toMatch(/guitar/);
    expect(o.firstPostAt.getTime()).toBe(T0 + 20 * HOUR);
    expect(o.detectedAt.getTime() - o.firstPostAt.getTime()).toBeLessThan(3 * HOUR);
    expect(o.reasons.join(" ")).toMatch(/negativity/);
    expect(o.components?.map((c) => c.name)).toEqual(["negativity", "complaint", "virality", "predicted_size"]);
    expect(o.predictedSize).toBeGreaterThan(5);
    const view = eng.story(o.storyKey!)!;
    expect(view.mentionCount).toBeGreaterThan(300); // reposts, rewordings and the video link all joined
    expect(view.platforms).toEqual(["x", "youtube"]);
    expect(view.mediaPickup).toBe(true);
    expect(view.stats.topBroadcaster?.followers).toBe(250_000);
    expect(signals.some((s) => s.type === "resolve" && s.key === o.key)).toBe(true);
  });

  it("stays quiet on the same day without the incident", () => {
    const { signals } = runAll(scenario(false));
    expect(signals.filter((s) => s.type === "open")).toHaveLength(0);
  });

  it("one episode per brand: the outage's complaint surge and its angry story are one open, the rest timeline entries", () => {
    // the angry story of scenario(true) arrives together with a step in complaints from many posters
    const ms = scenario(true);
    const r = rng(12);
    const start = T0 + 20 * HOUR;
    for (let t = start; t < start + 2 * HOUR; t += 20_000) {
      ms.push(mention({ at: t, text: `acme app down again cannot log in ${Math.floor(r() * 1e6)}`, sentiment: "negative", complaint: "complaint", followers: 50 }));
    }
    ms.sort((a, b) => a.publishedAt.getTime() - b.publishedAt.getTime());
    const { signals } = runAll(ms);
    const opens = signals.filter((s) => s.type === "open");
    expect(opens).toHaveLength(1);
    expect(opens[0].key).toBe("episode:acme");
    const attached = signals.filter((s) => s.type === "escalate" && s.detection?.attached && s.detection.type === "open");
    const kinds = new Set([opens[0].kind, ...attached.map((s) => s.kind)]);
    expect(kinds.has("story")).toBe(true);
    expect(kinds.has("volume_complaints")).toBe(true);
    expect(attached.every((s) => s.key === "episode:acme" && s.reasons[0].startsWith("also detected"))).toBe(true);
    const resolves = signals.filter((s) => s.type === "resolve");
    expect(resolves).toHaveLength(1);
    expect(resolves[0].detectedAt.getTime()).toBeGreaterThan(Math.max(...attached.map((s) => s.detectedAt.getTime())));
    // without episodes the same stream opens one incident per detector series and story
    const flood = runAll(ms, new EarlyWarningEngine({ episodes: false })).signals.filter((s) => s.type === "open");
    expect(flood.length).toBeGreaterThan(1);
  });

  it("is deterministic: a replay produces identical signals", () => {
    const a = runAll(scenario(true)).signals;
    const b = runAll(scenario(true)).signals;
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it("engagement snapshots raise engagement and reach of the story", () => {
    const eng = new EarlyWarningEngine();
    const m = mention({ at: T0, text: "acme support ignored my refund request for a month", sentiment: "negative", complaint: "complaint", followers: 200 });
    const key = eng.ingest(m).storyKey;
    eng.onSnapshot(m.id, new Date(T0 + 10 * MIN), { likes: 500, reposts: 300 });
    const v = eng.story(key)!;
    expect(v.engagement).toBe(800);
    expect(v.reach).toBeGreaterThan(200 + 300 * 100);
  });

  it("rejects a mention with an invalid date, naming it", () => {
    const eng = new EarlyWarningEngine();
    const bad = mention({ at: NaN, text: "x" });
    expect(() => eng.ingest(bad)).toThrow(/publishedAt/);
  });
});
