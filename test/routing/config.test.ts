import { describe, expect, it } from "vitest";
import { checkRoutingChannels, parseDuration, routingConfigSchema } from "../../alerts/routing/config.ts";
import { baseRouting } from "./fixtures.ts";

describe("routing config", () => {
  it("parses a full tree and fills defaults (default inhibition, ack ttl)", () => {
    const cfg = routingConfigSchema.parse(baseRouting);
    expect(cfg.inhibit_rules[0]).toEqual({ source_match: { scope: "incident" }, target_match: { scope: "story" }, equal: ["brand", "story"] });
    expect(cfg.ack.ttl).toBe("7d");
  });

  it("names the path of an unknown receiver", () => {
    const bad = structuredClone(baseRouting) as any;
    bad.route.routes[1].receiver = "legl";
    bad.receivers[1].escalation.to = "nobody";
    const r = routingConfigSchema.safeParse(bad);
    expect(r.success).toBe(false);
    const msgs = r.error!.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    expect(msgs).toContain('route.routes.1.receiver: unknown receiver "legl"; declared: support, oncall, lead, director, legal, china-team, social');
    expect(msgs.some((m) => m.startsWith("receivers.1.escalation.to: unknown receiver \"nobody\""))).toBe(true);
  });

  it("rejects bad durations, time zones and times with the field named", () => {
    const bad = structuredClone(baseRouting) as any;
    bad.route.group_wait = "30 seconds";
    bad.receivers[0].business_hours = { timezone: "Mars/Olympus", start: "9:00", end: "18:00" };
    const r = routingConfigSchema.safeParse(bad);
    const paths = r.error!.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["route.group_wait", "receivers.0.business_hours.timezone", "receivers.0.business_hours.start"]));
  });

  it("requires a receiver on the root route and refuses duplicate receivers", () => {
    const r = routingConfigSchema.safeParse({ route: {}, receivers: [{ name: "a", channels: ["x"] }, { name: "a", channels: ["y"] }] });
    const msgs = r.error!.issues.map((i) => i.message).join("\n");
    expect(msgs).toMatch(/root route needs a receiver/);
    expect(msgs).toMatch(/declared twice/);
  });

  it("cross-checks channel names against the top-level channels", () => {
    const cfg = routingConfigSchema.parse(baseRouting);
    const issues = checkRoutingChannels(cfg, ["support-slack", "pd", "lead-mail", "director-mail", "legal-mail", "social-slack"]);
    expect(issues).toEqual(['alerts.routing.receivers[5].channels[0]: unknown channel "dingtalk-cn" (receiver china-team)']);
  });

  it("parses durations", () => {
    expect(parseDuration("1h30m")).toBe(5_400_000);
    expect(parseDuration("0s")).toBe(0);
    expect(() => parseDuration("5 min")).toThrow(/received "5 min"/);
  });
});
