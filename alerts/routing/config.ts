// Routing configuration: an Alertmanager-style tree under `alerts.routing`.
// Keys follow Alertmanager (group_by, group_wait, ...) so its documentation applies.
// Durations are strings like "30s", "5m", "4h", "1d" (or "0s").
import { z } from "zod";

/** Labels every Earshot alert carries (others may be added by rules). */
export const STANDARD_LABELS = ["brand", "severity", "category", "language", "source", "type", "alertname", "scope", "incident", "story"] as const;

const DURATION_RE = /^(\d+(ms|s|m|h|d|w))+$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Parses "1h30m" style durations into ms; throws a RangeError quoting the value when malformed. */
export function parseDuration(text: string): number {
  if (!DURATION_RE.test(text)) throw new RangeError(`duration must look like 30s, 5m, 4h or 1h30m, received ${JSON.stringify(text)}`);
  let total = 0;
  for (const m of text.matchAll(/(\d+)(ms|s|m|h|d|w)/g)) total += Number(m[1]) * UNIT_MS[m[2]];
  return total;
}

export const durationSchema = z.string().regex(DURATION_RE, "a duration such as 30s, 5m, 4h or 1h30m");
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "a time of day HH:MM (24 h)");
const weekday = z.enum(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]);
const severity = z.enum(["info", "warning", "critical"]);
const timezone = z.string().refine((tz) => {
  try { new Intl.DateTimeFormat("en-US", { timeZone: tz }); return true; } catch { return false; }
}, "an IANA time zone such as Europe/Paris or Asia/Shanghai");

/** Label value or any of several values. */
const matchValue = z.union([z.string(), z.array(z.string()).min(1)]);
export const matchersSchema = z.record(z.string().regex(/^[a-z_][a-z0-9_]*$/, "a label name"), matchValue);
const regexMatchers = z.record(z.string(), z.string().refine((r) => { try { new RegExp(r); return true; } catch { return false; } }, "a valid regular expression"));

export interface RouteConfig {
  receiver?: string;
  match?: Record<string, string | string[]>;
  match_re?: Record<string, string>;
  continue?: boolean;
  group_by?: string[];
  group_wait?: string;
  group_interval?: string;
  repeat_interval?: string;
  routes?: RouteConfig[];
}

export const routeSchema: z.ZodType<RouteConfig> = z.lazy(() => z.object({
  receiver: z.string().optional().describe("Receiver name; inherited from the parent route when absent"),
  match: matchersSchema.optional().describe("Label equality (a list means any of): brand, severity, category, language, source, type, ..."),
  match_re: regexMatchers.optional().describe("Label regular expressions, anchored"),
  continue: z.boolean().optional().describe("Keep matching sibling routes after this one matched (default false)"),
  group_by: z.array(z.string()).optional().describe("Labels that split alerts into groups; ['...'] = every label. Root default []"),
  group_wait: durationSchema.optional().describe("Wait before the first notification of a new group. Root default 30s"),
  group_interval: durationSchema.optional().describe("Wait before notifying about alerts added to a group. Root default 5m"),
  repeat_interval: durationSchema.optional().describe("Wait before re-sending a notification that has not changed. Root default 4h"),
  routes: z.array(routeSchema).optional(),
}).strict());

export const timeWindowSchema = z.object({
  timezone,
  days: z.array(weekday).min(1).default(["mon", "tue", "wed", "thu", "fri"]),
  start: hhmm,
  end: hhmm.describe("May be earlier than start: the window then runs overnight"),
}).strict();

export const receiverSchema = z.object({
  name: z.string().min(1),
  channels: z.array(z.string()).min(1).describe("Channel names from the top-level `channels` list"),
  business_hours: timeWindowSchema.optional().describe("When this receiver is staffed; outside it, alerts go to after_hours_receiver"),
  after_hours_receiver: z.string().optional(),
  quiet_hours: timeWindowSchema.extend({
    allow_severity: severity.default("critical").describe("Alerts at or above this severity still go out (to after_hours_receiver when set)"),
  }).strict().optional().describe("Alerts below allow_severity are held until the quiet hours end"),
  escalation: z.object({
    after: durationSchema.describe("Escalate when nobody acknowledged within this time"),
    to: z.string().describe("Receiver name to escalate to"),
  }).strict().optional(),
}).strict();

export const inhibitRuleSchema = z.object({
  source_match: matchersSchema,
  target_match: matchersSchema,
  equal: z.array(z.string()).default([]).describe("Labels that must be equal on source and target"),
}).strict();

export const digestSchema = z.object({
  name: z.string().min(1),
  receiver: z.string(),
  schedule: z.enum(["daily", "weekly"]),
  at: hhmm.default("09:00"),
  weekday: weekday.default("mon").describe("Weekly digests only"),
  timezone,
  match: matchersSchema.optional().describe("Only alerts with these labels (default: all)"),
}).strict();

/** The default inhibition: an incident alert silences the per-story alerts of the same brand and story. */
export const DEFAULT_INHIBIT_RULES = [{ source_match: { scope: "incident" }, target_match: { scope: "story" }, equal: ["brand", "story"] }];

export const routingConfigSchema = z.object({
  route: routeSchema,
  receivers: z.array(receiverSchema).min(1),
  inhibit_rules: z.array(inhibitRuleSchema).default(DEFAULT_INHIBIT_RULES),
  digests: z.array(digestSchema).default([]),
  ack: z.object({
    secret: z.string().min(16).optional().describe("HMAC key for acknowledge links (use ${ENV_VAR}); EARSHOT_ACK_SECRET otherwise"),
    ttl: durationSchema.default("7d").describe("How long an acknowledge link stays valid"),
  }).strict().default({ ttl: "7d" }),
}).strict().superRefine((cfg, ctx) => {
  const names = new Set<string>();
  cfg.receivers.forEach((r, i) => {
    if (names.has(r.name)) ctx.addIssue({ code: "custom", path: ["receivers", i, "name"], message: `receiver ${JSON.stringify(r.name)} is declared twice` });
    names.add(r.name);
  });
  const need = (name: string | undefined, path: (string | number)[]) => {
    if (name !== undefined && !names.has(name)) ctx.addIssue({ code: "custom", path, message: `unknown receiver ${JSON.stringify(name)}; declared: ${[...names].join(", ")}` });
  };
  if (!cfg.route.receiver) ctx.addIssue({ code: "custom", path: ["route", "receiver"], message: "the root route needs a receiver (the default for unmatched alerts)" });
  const walk = (r: RouteConfig, path: (string | number)[]) => {
    need(r.receiver, [...path, "receiver"]);
    r.routes?.forEach((c, i) => walk(c, [...path, "routes", i]));
  };
  walk(cfg.route, ["route"]);
  cfg.receivers.forEach((r, i) => {
    need(r.after_hours_receiver, ["receivers", i, "after_hours_receiver"]);
    need(r.escalation?.to, ["receivers", i, "escalation", "to"]);
  });
  cfg.digests.forEach((d, i) => need(d.receiver, ["digests", i, "receiver"]));
});

export type RoutingConfig = z.infer<typeof routingConfigSchema>;
export type ReceiverConfig = z.infer<typeof receiverSchema>;
export type TimeWindow = z.infer<typeof timeWindowSchema>;
export type InhibitRule = z.infer<typeof inhibitRuleSchema>;
export type DigestConfig = z.infer<typeof digestSchema>;

/** Cross-check with the top-level channel list (the routing schema cannot see it). Returns readable issues. */
export function checkRoutingChannels(cfg: RoutingConfig, channelNames: string[]): string[] {
  const known = new Set(channelNames);
  const issues: string[] = [];
  cfg.receivers.forEach((r, i) => r.channels.forEach((c, j) => {
    if (!known.has(c)) issues.push(`alerts.routing.receivers[${i}].channels[${j}]: unknown channel ${JSON.stringify(c)} (receiver ${r.name})`);
  }));
  return issues;
}

/** Does a label set satisfy equality matchers (a list value means any of)? */
export function labelsMatch(labels: Record<string, string>, match: Record<string, string | string[]> | undefined, matchRe?: Record<string, string>): boolean {
  for (const [k, want] of Object.entries(match ?? {})) {
    const v = labels[k];
    if (v === undefined) return false;
    if (Array.isArray(want) ? !want.includes(v) : v !== want) return false;
  }
  for (const [k, re] of Object.entries(matchRe ?? {})) {
    if (!new RegExp(`^(?:${re})$`).test(labels[k] ?? "")) return false;
  }
  return true;
}
