import { describe, expect, it } from "vitest";
import { groupKey, matchRoutes } from "../../alerts/routing/tree.ts";
import { routingConfigSchema } from "../../alerts/routing/config.ts";
import { baseRouting } from "./fixtures.ts";

const cfg = routingConfigSchema.parse(baseRouting);
const receivers = (labels: Record<string, string>) => matchRoutes(cfg.route, labels).map((r) => r.receiver);

describe("routing tree", () => {
  it("falls back to the root receiver", () => {
    expect(receivers({ brand: "acme-air", severity: "warning", category: "price", language: "en" })).toEqual(["support"]);
  });
  it("matches brand + category (any of a list)", () => {
    expect(receivers({ brand: "acme-air", severity: "warning", category: "integrity" })).toEqual(["legal"]);
    expect(receivers({ brand: "other", severity: "warning", category: "integrity" })).toEqual(["support"]);
  });
  it("continues past a matching route with continue: true, then stops at the first match", () => {
    expect(receivers({ brand: "acme-air", severity: "critical", category: "safety", language: "zh" })).toEqual(["oncall", "legal"]);
  });
  it("matches language and inherits timing, overriding group_by", () => {
    const [r] = matchRoutes(cfg.route, { brand: "b", severity: "info", language: "zh", source: "weibo" });
    expect(r).toMatchObject({ receiver: "china-team", groupBy: ["brand", "source"], groupWaitMs: 30_000, groupIntervalMs: 300_000, repeatIntervalMs: 14_400_000 });
  });
  it("anchors match_re and combines it with match (source + incident type)", () => {
    expect(receivers({ brand: "b", severity: "info", source: "reddit-brand", type: "story" })).toEqual(["social"]);
    expect(receivers({ brand: "b", severity: "info", source: "old-reddit-brand", type: "story" })).toEqual(["support"]);
    expect(receivers({ brand: "b", severity: "info", source: "reddit-brand", type: "volume_spike" })).toEqual(["support"]);
  });
  it("builds group keys from group_by labels ('...' = all labels)", () => {
    const [r] = matchRoutes(cfg.route, { brand: "b", severity: "info" });
    expect(groupKey(r, { brand: "b", severity: "info", story: "1" })).toBe(groupKey(r, { brand: "b", severity: "info", story: "2" }));
    const all = { ...r, groupBy: ["..."] };
    expect(groupKey(all, { brand: "b", story: "1" })).not.toBe(groupKey(all, { brand: "b", story: "2" }));
  });
});
