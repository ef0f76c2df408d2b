// Configuration of the case workflow (the `cases:` section of earshot.yml): SLA
// policies per severity and channel, business-hours calendars with holidays, which
// channels receive SLA-breach alerts and when incidents open cases automatically.
import { z } from "zod";

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "HH:MM, e.g. 09:00");
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "YYYY-MM-DD");

export const calendarSchema = z.object({
  timezone: z.string().default("UTC").describe("IANA time zone, e.g. Europe/London or Asia/Shanghai"),
  /** Working weekdays, 0 = Sunday. Default Monday-Friday. */
  days: z.array(z.number().int().min(0).max(6)).min(1).default([1, 2, 3, 4, 5]),
  start: hhmm.default("09:00"),
  end: hhmm.default("17:00"),
  holidays: z.array(day).default([]).describe("Dates (local) with no business hours"),
  /** true: the clock runs around the clock (start/end/days/holidays ignored). */
  always: z.boolean().default(false),
}).strict().refine((c) => c.always || c.start < c.end, { message: "start must be before end", path: ["end"] });
export type CalendarConfig = z.infer<typeof calendarSchema>;

const targets = z.object({
  firstResponseMinutes: z.number().int().positive(),
  nextResponseMinutes: z.number().int().positive(),
  resolutionMinutes: z.number().int().positive(),
  calendar: z.string().default("business").describe("Name of a calendar in cases.calendars"),
}).strict();

export const slaPolicySchema = targets.extend({
  severity: z.enum(["general", "serious", "malicious", "*"]).default("*"),
  channel: z.string().default("*").describe("Platform/channel, e.g. twitter, email; * for any"),
}).strict();
export type SlaPolicy = z.infer<typeof slaPolicySchema>;

export const DEFAULT_SLA_POLICIES: SlaPolicy[] = [
  // Serious complaints are watched around the clock: the guitar went viral over a weekend.
  { severity: "serious", channel: "*", firstResponseMinutes: 60, nextResponseMinutes: 240, resolutionMinutes: 2 * 24 * 60, calendar: "always" },
  { severity: "*", channel: "*", firstResponseMinutes: 4 * 60, nextResponseMinutes: 8 * 60, resolutionMinutes: 5 * 8 * 60, calendar: "business" },
];

export const casesConfigSchema = z.object({
  calendars: z.record(z.string(), calendarSchema).default({}).describe("Named business-hours calendars; 'business' and 'always' exist by default"),
  sla: z.array(slaPolicySchema).default(DEFAULT_SLA_POLICIES).describe("First matching policy wins (severity, then channel)"),
  alertChannels: z.array(z.string()).default([]).describe("Channels that receive SLA-breach alerts (default: the channels of the first alert rule)"),
  autoOpen: z.object({
    minSeverity: z.enum(["info", "warning", "critical", "never"]).default("never").describe("Open a case automatically for incidents at or above this severity"),
  }).strict().prefault({}),
}).strict();
export type CasesConfig = z.infer<typeof casesConfigSchema>;

export const DEFAULT_CALENDARS: Record<string, CalendarConfig> = {
  business: { timezone: "UTC", days: [1, 2, 3, 4, 5], start: "09:00", end: "17:00", holidays: [], always: false },
  always: { timezone: "UTC", days: [0, 1, 2, 3, 4, 5, 6], start: "00:00", end: "23:59", holidays: [], always: true },
};

export function resolveCasesConfig(c: Partial<CasesConfig> | undefined): CasesConfig {
  const parsed = casesConfigSchema.parse(c ?? {});
  return { ...parsed, calendars: { ...DEFAULT_CALENDARS, ...parsed.calendars } };
}

/** First policy matching severity and channel (wildcards last resort). */
export function pickPolicy(policies: SlaPolicy[], severity: string | null | undefined, channel: string | null | undefined): SlaPolicy {
  const sev = severity ?? "general";
  const ch = channel ?? "*";
  const score = (p: SlaPolicy) => (p.severity === sev ? 2 : p.severity === "*" ? 0 : -10) + (p.channel === ch ? 1 : p.channel === "*" ? 0 : -10);
  const ranked = policies.map((p, i) => ({ p, s: score(p), i })).filter((x) => x.s >= 0).sort((a, b) => b.s - a.s || a.i - b.i);
  return ranked[0]?.p ?? DEFAULT_SLA_POLICIES[DEFAULT_SLA_POLICIES.length - 1];
}
