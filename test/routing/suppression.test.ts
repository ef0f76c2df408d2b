// Silences (with expiry and reason) and inhibition, with a fake clock.
import { describe, expect, it } from "vitest";
import { alert, engine, M, S } from "./fixtures.ts";
import { findSilence, type SilenceRule } from "../../alerts/routing/silences.ts";

const silence = (over: Partial<SilenceRule> = {}): SilenceRule => ({
  id: 1, matchers: { brand: "acme-air", category: "price" }, reason: "fare sale, expected noise", createdBy: "ana",
  startsAt: new Date("2026-11-24T10:00:00Z"), endsAt: new Date("2026-11-24T11:00:00Z"), ...over,
});

describe("silences", () => {
  it("mutes matching alerts until they expire, and reports the reason", () => {
    const { e, clock } = engine();
    e.setSilences([silence()]);
    const r = e.ingest(alert("p1", { brand: "acme-air", category: "price" }));
    expect(r).toMatchObject({ status: "silenced", silence: { reason: "fare sale, expected noise" } });
    expect(e.ingest(alert("q1", { brand: "acme-air", category: "service" })).status).toBe("grouped");
    clock.set("2026-11-24T11:00:00Z");
    expect(e.ingest(alert("p2", { brand: "acme-air", category: "price" })).status).toBe("grouped");
  });

  it("does not match before it starts or when a label differs; list values match any", () => {
    const s = silence({ matchers: { brand: ["acme-air", "acme-rail"] }, startsAt: new Date("2026-11-24T12:00:00Z"), endsAt: new Date("2026-11-24T13:00:00Z") });
    expect(findSilence({ brand: "acme-rail" }, [s], Date.parse("2026-11-24T11:59:59Z"))).toBeNull();
    expect(findSilence({ brand: "acme-rail" }, [s], Date.parse("2026-11-24T12:00:00Z"))).toBe(s);
    expect(findSilence({ brand: "other" }, [s], Date.parse("2026-11-24T12:30:00Z"))).toBeNull();
  });

  it("drops an already grouped alert at notify time when a silence is added meanwhile", () => {
    const { e, clock } = engine();
    e.ingest(alert("p1", { brand: "acme-air", category: "price" }));
    e.setSilences([silence()]);
    clock.advance(30 * S);
    expect(e.tick()).toEqual([]);
  });
});

describe("inhibition", () => {
  const story = (fp: string, storyId: string) => alert(fp, { brand: "acme-air", scope: "story", story: storyId });
  const incident = (fp: string, storyId: string) => alert(fp, { brand: "acme-air", scope: "incident", story: storyId, type: "story" }, "critical");

  it("an incident alert mutes its per-story alerts (same brand and story) but not other stories", () => {
    const { e, clock } = engine();
    e.ingest(incident("inc-9", "9"));
    expect(e.ingest(story("s9a", "9"))).toMatchObject({ status: "inhibited", inhibition: { by: "inc-9" } });
    expect(e.ingest(story("s5", "5")).status).toBe("grouped");
    clock.advance(30 * S);
    const firing = e.tick().flatMap((d) => d.firing.map((a) => a.fingerprint));
    expect(firing).toContain("inc-9");
    expect(firing).toContain("s5");
    expect(firing).not.toContain("s9a");
  });

  it("mutes story alerts already waiting in a group when the incident arrives before the flush", () => {
    const { e, clock } = engine();
    e.ingest(story("s9a", "9"));
    clock.advance(10 * S);
    e.ingest(incident("inc-9", "9"));
    clock.advance(20 * S);
    const firing = e.tick().flatMap((d) => d.firing.map((a) => a.fingerprint));
    expect(firing).not.toContain("s9a");
  });

  it("lifts when the incident resolves", () => {
    const { e, clock } = engine();
    e.ingest(incident("inc-9", "9"));
    e.resolve("inc-9");
    clock.advance(1 * M);
    expect(e.ingest(story("s9b", "9")).status).toBe("grouped");
  });
});
