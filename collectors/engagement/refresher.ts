// Engagement over time: virality is growth, not one number. Posts younger than
// maxAgeHours (default 48 h) are re-read through their collector's refresh() on a
// back-off schedule (often while young, rarely later), and each observation becomes a
// MentionSnapshot row; the Mention's own counts are updated to the latest values.
// The scheduler runs refreshEngagement() every few minutes; it only touches what is due.
import type { Logger } from "pino";
import type { Db } from "../../core/db/index.ts";
import type { EarshotConfig } from "../../core/config/schema.ts";
import type { HttpClient } from "../../core/http.ts";
import { describeError, errorKind } from "../../core/errors.ts";
import { getCollector } from "../registry.ts";
import { brandsFor } from "../run-source.ts";
import type { EngagementCounts, SharedResources } from "../types.ts";

export interface RefresherOptions {
  db: Db;
  config: EarshotConfig;
  http: HttpClient;
  log: Logger;
  shared: SharedResources;
  /** Only posts published within this many hours are re-polled. Default 48. */
  maxAgeHours?: number;
  /**
   * Minutes to wait before the (n+1)-th observation, by number of snapshots taken so
   * far; the last value repeats. Default [15, 30, 60, 120, 240, 480].
   */
  backoffMinutes?: number[];
  /** Ids per refresh() call. Default 100. */
  batchSize?: number;
  /** Most posts re-polled per source per pass (oldest due first). Default 500. */
  maxPerSource?: number;
  now?: Date;
  /** Called for each stored observation after it commits (the early-warning engine's size prediction reads these). */
  onSnapshot?: (mentionId: number, at: Date, counts: EngagementCounts) => void | Promise<void>;
}

export interface RefreshSummary {
  sourceId: string;
  due: number;
  observed: number;
  error?: string;
  errorKind?: string;
}

export const DEFAULT_BACKOFF_MINUTES = [15, 30, 60, 120, 240, 480];

/** When a post with `snapshots` observations, last seen at `last`, is next due. */
export function nextDue(last: Date, snapshots: number, backoffMinutes = DEFAULT_BACKOFF_MINUTES): Date {
  const step = backoffMinutes[Math.min(snapshots, backoffMinutes.length - 1)];
  return new Date(last.getTime() + step * 60_000);
}

/** The first snapshot of a series is the ingest-time count, not a refresh. */
const refreshesDone = (snapshots: number) => Math.max(0, snapshots - 1);

export async function refreshEngagement(o: RefresherOptions): Promise<RefreshSummary[]> {
  const now = o.now ?? new Date();
  const maxAgeHours = o.maxAgeHours ?? 48;
  const backoff = o.backoffMinutes ?? DEFAULT_BACKOFF_MINUTES;
  if (!(maxAgeHours > 0)) throw new RangeError(`maxAgeHours must be > 0, received ${JSON.stringify(o.maxAgeHours)}`);
  if (!backoff.length || backoff.some((m) => !(m > 0))) throw new RangeError(`backoffMinutes must be positive numbers, received ${JSON.stringify(o.backoffMinutes)}`);
  const batchSize = o.batchSize ?? 100;
  const maxPerSource = o.maxPerSource ?? 500;
  const prisma = o.db.prisma;
  const out: RefreshSummary[] = [];
  for (const source of o.config.sources) {
    if (source.enabled === false) continue;
    const collector = getCollector(source.type);
    if (!collector?.refresh) continue;
    const rows = await prisma.mention.findMany({
      where: { sourceId: source.id, publishedAt: { gte: new Date(now.getTime() - maxAgeHours * 3600_000) } },
      select: {
        id: true, externalId: true, fetchedAt: true, likes: true, reposts: true, replies: true, views: true,
        _count: { select: { snapshots: true } },
        snapshots: { orderBy: { observedAt: "desc" }, take: 1, select: { observedAt: true } },
      },
    });
    const due = rows
      .map((r) => ({ ...r, first: r._count.snapshots === 0, at: nextDue(r.snapshots[0]?.observedAt ?? r.fetchedAt, refreshesDone(r._count.snapshots), backoff) }))
      .filter((r) => r.at.getTime() <= now.getTime())
      .sort((a, b) => a.at.getTime() - b.at.getTime())
      .slice(0, maxPerSource);
    const summary: RefreshSummary = { sourceId: source.id, due: due.length, observed: 0 };
    out.push(summary);
    if (!due.length) continue;
    const ctrl = new AbortController();
    const ctx = {
      source: { id: source.id, type: source.type, params: source.params }, params: source.params,
      brands: brandsFor(o.config, source),
      http: o.http.with({ allowPrivateNetwork: source.allowPrivateNetwork, perHostPerMinute: source.perMinute ?? collector.perMinute, timeoutMs: source.timeoutMs }),
      cursor: null, log: o.log.child({ source: source.id, task: "engagement" }), signal: ctrl.signal, now: () => now, shared: o.shared,
    };
    try {
      for (let i = 0; i < due.length; i += batchSize) {
        const batch = due.slice(i, i + batchSize);
        const counts: Map<string, EngagementCounts> = await collector.refresh(ctx, batch.map((b) => b.externalId));
        const observed = batch.filter((b) => counts.has(b.externalId));
        if (!observed.length) continue;
        await prisma.$transaction([
          prisma.mentionSnapshot.createMany({
            data: [
              // The counts seen at ingest become the first point of the series before they are overwritten.
              ...observed.filter((b) => b.first).map((b) => ({ mentionId: b.id, observedAt: b.fetchedAt, likes: b.likes, reposts: b.reposts, replies: b.replies, views: b.views })),
              ...observed.map((b) => {
                const c = counts.get(b.externalId)!;
                return { mentionId: b.id, observedAt: now, likes: c.likes ?? b.likes, reposts: c.reposts ?? b.reposts, replies: c.replies ?? b.replies, views: c.views ?? b.views };
              }),
            ],
          }),
          ...observed.map((b) => {
            const c = counts.get(b.externalId)!;
            // Only the counts the platform reported: an absent metric keeps its stored value.
            const data = Object.fromEntries(Object.entries({ likes: c.likes, reposts: c.reposts, replies: c.replies, views: c.views }).filter(([, v]) => v !== undefined));
            return prisma.mention.update({ where: { id: b.id }, data });
          }),
        ]);
        summary.observed += observed.length;
        if (o.onSnapshot) for (const b of observed) await o.onSnapshot(b.id, now, counts.get(b.externalId)!);
      }
    } catch (err) {
      summary.error = describeError(err);
      summary.errorKind = errorKind(err);
      o.log.warn({ source: source.id, errorKind: summary.errorKind }, `engagement refresh for ${source.id} failed: ${summary.error}`);
    }
  }
  return out;
}
