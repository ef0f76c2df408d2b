import { RoutingEngine, type RoutableAlert } from "../../alerts/routing/engine.ts";

/** A fake clock: tests move time explicitly. */
export function fakeClock(start = Date.parse("2026-11-24T10:00:00Z")) {
  let now = start;
  return { now: () => now, advance: (ms: number) => { now += ms; return now; }, set: (t: number | string) => { now = typeof t === "string" ? Date.parse(t) : t; } };
}

export const S = 1000;
export const M = 60 * S;
export const H = 60 * M;

export const baseRouting = {
  route: {
    receiver: "support",
    group_by: ["brand"],
    group_wait: "30s",
    group_interval: "5m",
    repeat_interval: "4h",
    routes: [
      { match: { severity: "critical" }, receiver: "oncall", continue: true },
      { match: { brand: "acme-air", category: ["safety", "integrity"] }, receiver: "legal" },
      { match: { language: "zh" }, receiver: "china-team", group_by: ["brand", "source"] },
      { match_re: { source: "reddit-.*" }, match: { type: "story" }, receiver: "social" },
    ],
  },
  receivers: [
    { name: "support", channels: ["support-slack"] },
    { name: "oncall", channels: ["pd"], escalation: { after: "15m", to: "lead" } },
    { name: "lead", channels: ["lead-mail"], escalation: { after: "30m", to: "director" } },
    { name: "director", channels: ["director-mail"] },
    { name: "legal", channels: ["legal-mail"] },
    { name: "china-team", channels: ["dingtalk-cn"] },
    { name: "social", channels: ["social-slack"] },
  ],
};

export function alert(fp: string, labels: Record<string, string>, severity: RoutableAlert["severity"] = "warning"): RoutableAlert<{ id: string }> {
  return { fingerprint: fp, labels, severity, data: { id: fp } };
}

export function engine(cfg: unknown = baseRouting, clock = fakeClock()) {
  return { e: new RoutingEngine<{ id: string }>(cfg, { clock: clock.now }), clock };
}
