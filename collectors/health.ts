// Source health. Silence is a signal: a source with no successful run for
// silentAfterIntervals (default 3) x its expected interval raises a "source_silent"
// alert through the normal path (alert rules of kind source_silent -> outbox), once,
// and clears when the source succeeds again. `earshot sources` lists every source with
// last success, last error and items today.
import type { PrismaClient } from "../core/db/index.ts";
import type { EarshotConfig, SourceConfig } from "../core/config/schema.ts";
import { enqueueAlert } from "../alerts/outbox.ts";
import { ruleMatches } from "../alerts/incidents.ts";
import type { AlertEvent } from "../alerts/notifiers/types.ts";

// ---------------------------------------------------------------- cron interval

const NAMES: Record<string, Record<string, number>> = {
  month: { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 },
  dow: { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 },
};

function field(expr: string, min: number, max: number, names?: Record<string, number>): Set<number> | null {
  const out = new Set<number>();
  for (const part of expr.toLowerCase().split(",")) {
    const m = /^(\*|[a-z0-9]+(?:-[a-z0-9]+)?)(?:\/(\d+))?$/.exec(part);
    if (!m) return null;
    const val = (s: string) => (names && s in names ? names[s] : Number(s));
    let lo = min, hi = max;
    if (m[1] !== "*") {
      const [a, b] = m[1].split("-");
      lo = val(a); hi = b !== undefined ? val(b) : (m[2] ? max : lo);
    }
    const step = m[2] ? Number(m[2]) : 1;
    if (![lo, hi, step].every(Number.isFinite) || step < 1 || lo < min || hi > max + (max === 6 ? 1 : 0)) return null;
    for (let v = lo; v <= hi; v += step) out.add(max === 6 && v === 7 ? 0 : v);
  }
  return out;
}

/**
 * The longest gap, in minutes, between two firings of a cron expression (5 fields, or
 * 6 with seconds first as node-cron allows), found by walking 8 days minute by minute.
 * The longest gap, not the typical one: "weekdays at 9" must not look silent on Sunday.
 * Returns null when the expression is not understood.
 */
export function cronIntervalMinutes(expr: string): number | null {
  let parts = expr.trim().split(/\s+/);
  if (parts.length === 6) parts = parts.slice(1);
  if (parts.length !== 5) return null;
  const [mi, h, dom, mon, dow] = [
    field(parts[0], 0, 59), field(parts[1], 0, 23), field(parts[2], 1, 31), field(parts[3], 1, 12, NAMES.month), field(parts[4], 0, 6, NAMES.dow),
  ];
  if (!mi || !h || !dom || !mon || !dow) return null;
  const domAny = parts[2] === "*", dowAny = parts[4] === "*";
  const start = Date.UTC(2026, 0, 5); // a Monday; any fixed date works
  let prev: number | null = null, first: number | null = null, longest = 0;
  for (let t = start, end = start + 8 * 86_400_000; t < end; t += 60_000) {
    const d = new Date(t);
    if (!mi.has(d.getUTCMinutes()) || !h.has(d.getUTCHours()) || !mon.has(d.getUTCMonth() + 1)) continue;
    // Standard cron: when both day fields are restricted, either may match.
    const dayOk = domAny || dowAny ? dom.has(d.getUTCDate()) && dow.has(d.getUTCDay()) : dom.has(d.getUTCDate()) || dow.has(d.getUTCDay());
    if (!dayOk) continue;
    if (prev !== null) longest = Math.max(longest, (t - prev) / 60_000);
    else first = t;
    prev = t;
  }
  if (prev === null) return null;
  if (first === prev) return 7 * 24 * 60; // fires once in 8 days: call it weekly (or rarer)
  return longest;
}

/** Expected minutes between successful runs: the config's expectedIntervalMinutes, else from the cron schedule, else 60. */
export function expectedIntervalMinutes(source: Pick<SourceConfig, "schedule" | "expectedIntervalMinutes">): number {
  return source.expectedIntervalMinutes ?? cronIntervalMinutes(source.schedule) ?? 60;
}

// ---------------------------------------------------------------- silent detection

export interface SilentCheckResult {
  /** Sources that became silent in this check (an alert was raised). */
  silenced: string[];
  /** Sources that were silent and have succeeded since. */
  recovered: string[];
  alertIds: number[];
}

export interface SilentCheckOptions {
  now?: Date;
  /** Base URL of the console for links; default config.alerts.publicUrl. */
  publicUrl?: string;
}

/**
 * Checks every enabled source. A source counts from its last success, or from when it
 * was first configured if it never succeeded. Raising is idempotent: Source.silentSince
 * marks an open silence, so each silence alerts once.
 */
export async function checkSilentSources(prisma: PrismaClient, config: EarshotConfig, o: SilentCheckOptions = {}): Promise<SilentCheckResult> {
  const now = o.now ?? new Date();
  const result: SilentCheckResult = { silenced: [], recovered: [], alertIds: [] };
  const rows = new Map((await prisma.source.findMany({ select: { id: true, type: true, lastSuccessAt: true, lastError: true, silentSince: true, createdAt: true } })).map((r) => [r.id, r]));
  for (const s of config.sources) {
    if (s.enabled === false) continue;
    const row = rows.get(s.id);
    if (!row) continue; // not synced yet: nothing to measure from
    const intervalMin = expectedIntervalMinutes(s);
    const limitMs = (s.silentAfterIntervals ?? 3) * intervalMin * 60_000;
    // A push source "succeeds" when someone pushes: its scheduled collect() always does.
    const since = s.type === "push" ? (await lastPushAt(prisma, s.id)) ?? row.createdAt : row.lastSuccessAt ?? row.createdAt;
    const silent = now.getTime() - since.getTime() > limitMs;
    if (silent && !row.silentSince) {
      await prisma.source.update({ where: { id: s.id }, data: { silentSince: now } });
      result.silenced.push(s.id);
      const hours = ((now.getTime() - since.getTime()) / 3600_000).toFixed(1);
      const title = `Source ${s.id} is silent`;
      const summary = `No successful run of ${s.id} (${s.type}) for ${hours} h, more than ${s.silentAfterIntervals ?? 3} x its expected interval of ${intervalMin} min.` +
        (row.lastError ? ` Last error: ${row.lastError}` : row.lastSuccessAt ? "" : " It has never succeeded.");
      const brandId = s.brands?.length === 1 ? s.brands[0] : null;
      const brand = brandId ? config.brands.find((b) => b.id === brandId) : undefined;
      const labels = { source: s.id, type: s.type, severity: "warning", kind: "source_silent" };
      const event: Omit<AlertEvent, "alertId"> = {
        kind: "source_silent", title, summary, severity: "warning",
        brand: brand ? { id: brand.id, name: brand.name } : null,
        incident: null,
        source: { id: s.id, type: s.type, lastSuccessAt: row.lastSuccessAt?.toISOString() ?? null, lastError: row.lastError },
        mentions: [], labels, ackUrl: null, createdAt: now.toISOString(),
      };
      for (const rule of config.alerts.rules) {
        if (!ruleMatches(rule, { kind: "source_silent", brandId, severity: "warning" })) continue;
        const { alertId } = await enqueueAlert(prisma, config, {
          kind: "source_silent", rule: rule.id, severity: "warning", title, summary, brandId, incidentId: null,
          fingerprint: `source_silent:${s.id}`, labels, event, channels: rule.channels,
        }, now);
        result.alertIds.push(alertId);
      }
    } else if (!silent && row.silentSince) {
      await prisma.source.update({ where: { id: s.id }, data: { silentSince: null } });
      result.recovered.push(s.id);
    }
  }
  return result;
}

async function lastPushAt(prisma: PrismaClient, sourceId: string): Promise<Date | null> {
  const m = await prisma.mention.findFirst({ where: { sourceId }, orderBy: { fetchedAt: "desc" }, select: { fetchedAt: true } });
  return m?.fetchedAt ?? null;
}

// ---------------------------------------------------------------- earshot sources

export interface SourceStatusRow {
  id: string;
  type: string;
  schedule: string;
  status: "ok" | "failing" | "silent" | "never run" | "disabled";
  lastSuccess: Date | null;
  lastError: string | null;
  itemsToday: number;
  runsToday: number;
}

/** One row per configured source (plus sources in the database no longer configured, as disabled). */
export async function listSources(prisma: PrismaClient, config: EarshotConfig, now = new Date()): Promise<SourceStatusRow[]> {
  const dayStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const rows = await prisma.source.findMany({ orderBy: { id: "asc" } });
  const today = await prisma.collectorRun.groupBy({
    by: ["sourceId"], where: { startedAt: { gte: dayStart } }, _sum: { itemsNew: true }, _count: { _all: true },
  });
  const byId = new Map(today.map((t) => [t.sourceId, t]));
  const configured = new Map(config.sources.map((s) => [s.id, s]));
  const ids = [...new Set([...config.sources.map((s) => s.id), ...rows.map((r) => r.id)])];
  // Push sources store what arrives through /api/ingest, not through runs: count and date their mentions.
  const push = new Map<string, { today: number; last: Date | null }>();
  for (const s of config.sources.filter((x) => x.type === "push")) {
    push.set(s.id, { today: await prisma.mention.count({ where: { sourceId: s.id, fetchedAt: { gte: dayStart } } }), last: await lastPushAt(prisma, s.id) });
  }
  return ids.map((id) => {
    const row = rows.find((r) => r.id === id);
    const cfg = configured.get(id);
    const t = byId.get(id);
    const enabled = cfg ? cfg.enabled !== false : false;
    const lastError = row?.lastError ?? null;
    const failing = !!lastError && (!row?.lastRunAt || !row.lastSuccessAt || row.lastRunAt > row.lastSuccessAt);
    const status: SourceStatusRow["status"] = !enabled ? "disabled" : row?.silentSince ? "silent" : failing ? "failing" : row?.lastSuccessAt ? "ok" : "never run";
    return {
      id, type: cfg?.type ?? row?.type ?? "?", schedule: cfg?.schedule ?? row?.schedule ?? "-", status,
      lastSuccess: push.has(id) ? push.get(id)!.last : row?.lastSuccessAt ?? null, lastError,
      itemsToday: push.has(id) ? push.get(id)!.today : t?._sum.itemsNew ?? 0, runsToday: t?._count._all ?? 0,
    };
  });
}
