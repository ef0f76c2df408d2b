// The configuration schema. One YAML file declares brands, sources, alert rules and
// channels. Source params and channel params are validated by the plug-in's own zod
// schema (discriminated on `type`), so errors point at the exact field and
// `earshot config schema` gives editors per-type autocompletion.
import { z } from "zod";
import { collectors } from "../../collectors/registry.ts";
import { notifiers } from "../../alerts/notifiers/registry.ts";
import { routingConfigSchema } from "../../alerts/routing/config.ts";
import { casesConfigSchema } from "../../cases/case.config.ts";

const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "lower-case letters, digits and dashes, e.g. acme-air");

export const brandSchema = z.object({
  id,
  name: z.string().min(1),
  keywords: z.array(z.string().min(1)).min(1).describe("Words or phrases that identify a mention of the brand"),
  aliases: z.array(z.string().min(1)).default([]).describe("Other names, handles, product names"),
  exclusions: z.array(z.string().min(1)).default([]).describe("A mention containing any of these is ignored"),
  languages: z.array(z.string()).default([]).describe("ISO 639-1 codes to keep; empty keeps all"),
  competitors: z.array(z.string().min(1)).default([]).describe("Competitor names (share of voice, churn signals)"),
  riskThreshold: z.number().min(0).max(1).default(0.6).describe("Risk score (0-1) at which an incident opens"),
}).strict();

function sourceVariant(c: (typeof collectors)[number]) {
  return z.object({
    id,
    type: z.literal(c.id),
    brands: z.array(z.string()).optional().describe("Brand ids this source serves (default: all)"),
    schedule: z.string().default(c.defaultSchedule).describe("cron expression (node-cron, 5 or 6 fields)"),
    enabled: z.boolean().default(true),
    allowPrivateNetwork: z.boolean().default(false).describe("Allow loopback/private addresses (off: SSRF guard)"),
    perMinute: z.number().positive().optional().describe("Requests per minute per host"),
    timeoutMs: z.number().int().positive().optional(),
    expectedIntervalMinutes: z.number().positive().optional().describe("Health: silent after silentAfterIntervals x this"),
    silentAfterIntervals: z.number().positive().default(3),
    params: c.params,
  }).strict();
}

function channelVariant(n: (typeof notifiers)[number]) {
  return z.object({
    name: id,
    type: z.literal(n.id),
    params: n.params,
  }).strict();
}

const severity = z.enum(["info", "warning", "critical"]);

export const ruleSchema = z.object({
  id,
  kind: z.enum(["volume_spike", "incident", "source_silent"]).describe(
    "volume_spike: the built-in per-brand volume rule; incident: any incident opened by a detector; source_silent: collector health",
  ),
  brands: z.array(z.string()).optional().describe("Limit to these brands (default: all)"),
  minSeverity: severity.default("info"),
  channels: z.array(z.string()).min(1),
  params: z.object({
    windowMinutes: z.number().int().min(1).max(24 * 60).default(60),
    baselineHours: z.number().int().min(1).max(24 * 28).default(24),
    factor: z.number().min(1).default(3).describe("Window count must reach factor x the baseline mean"),
    sd: z.number().min(0).default(3).describe("... and the mean + sd x standard deviation"),
    minCount: z.number().int().min(1).default(10),
    cooldownMinutes: z.number().int().min(0).default(60),
    minHistoryMinutes: z.number().int().min(0).default(180).describe("History needed before the rule may fire (no baseline yet on a fresh install)"),
  }).strict().default({ windowMinutes: 60, baselineHours: 24, factor: 3, sd: 3, minCount: 10, cooldownMinutes: 60, minHistoryMinutes: 180 }),
}).strict();

export function buildConfigSchema() {
  const sources = collectors.map(sourceVariant);
  const channels = notifiers.map(channelVariant);
  return z.object({
    brands: z.array(brandSchema).min(1),
    sources: z.array(z.discriminatedUnion("type", sources as unknown as [ReturnType<typeof sourceVariant>])).default([]),
    channels: z.array(z.discriminatedUnion("type", channels as unknown as [ReturnType<typeof channelVariant>])).default([]),
    alerts: z.object({
      rules: z.array(ruleSchema).default([]),
      publicUrl: z.string().url().optional().describe("Base URL of this Earshot (links in alerts)"),
      routing: routingConfigSchema.optional().describe("Alertmanager-style routing tree, receivers, inhibition, digests, acknowledge links (alerts/routing/config.ts)"),
    }).strict().default({ rules: [] }),
    delivery: z.object({
      maxAttempts: z.number().int().min(1).max(100).default(8),
      backoffBaseMs: z.number().int().min(10).default(2_000),
      maxBackoffMs: z.number().int().min(10).default(15 * 60_000),
      pollMs: z.number().int().min(10).default(250).describe("How often the worker looks for due retries (new alerts wake it at once)"),
      leaseMs: z.number().int().min(100).default(60_000).describe("How long a claimed delivery is held before another worker may take it over (crash recovery)"),
    }).strict().default({ maxAttempts: 8, backoffBaseMs: 2_000, maxBackoffMs: 900_000, pollMs: 250, leaseMs: 60_000 }),
    analysis: z.object({
      workers: z.union([z.literal("auto"), z.number().int().min(0).max(64)]).default("auto").describe("Worker threads that prepare and analyse posts while the main thread stores them. \"auto\" (the default) = 1 when the machine has 2 or more CPUs, else 0; 0 = inline on the main thread (see resolveAnalysisWorkers)"),
    }).strict().default({ workers: "auto" }),
    database: z.object({
      url: z.string().optional().describe("file:./data/earshot.db (default) or postgres://...; DATABASE_URL overrides"),
    }).strict().default({}),
    cases: casesConfigSchema.prefault({}).describe("Complaint cases: SLA policies, business-hours calendars, breach alerts"),
    retention: z.object({
      mentionDays: z.number().int().min(0).default(0).describe("Delete raw mentions and snapshots older than this many days (0 = keep forever); rollups, incidents and cases stay"),
      schedule: z.string().default("17 3 * * *").describe("When the daily retention job runs (cron)"),
    }).strict().default({ mentionDays: 0, schedule: "17 3 * * *" }),
    server: z.object({
      host: z.string().default("127.0.0.1"),
      port: z.number().int().min(0).max(65535).default(8787),
    }).strict().default({ host: "127.0.0.1", port: 8787 }),
  }).strict();
}

export type EarshotConfig = z.infer<ReturnType<typeof buildConfigSchema>>;
export type BrandConfig = z.infer<typeof brandSchema>;
export type RuleConfig = z.infer<typeof ruleSchema>;
export type SourceConfig = EarshotConfig["sources"][number];
export type ChannelConfig = EarshotConfig["channels"][number];
