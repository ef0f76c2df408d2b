// Daily and weekly digests (for executives): when the next one is due, which window
// it covers, and the digest event built from the alerts in that window.
import type { AlertEvent } from "../notifiers/types.ts";
import { labelsMatch, type DigestConfig } from "./config.ts";
import { localTime, zonedTimeToEpoch } from "./hours.ts";

const DAY = 86_400_000;
const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

/** Next digest time strictly after `now`. */
export function nextDigestAt(d: DigestConfig, now: number): number {
  const minutes = Number(d.at.slice(0, 2)) * 60 + Number(d.at.slice(3, 5));
  for (let offset = 0; offset <= 8; offset++) {
    const lt = localTime(now + offset * DAY, d.timezone);
    if (d.schedule === "weekly" && lt.weekday !== d.weekday) continue;
    const at = zonedTimeToEpoch(lt.year, lt.month, lt.day, minutes, d.timezone);
    if (at > now) return at;
  }
  throw new RangeError(`digest ${d.name}: no next occurrence found`);
}

/** The period a digest sent at `at` covers: the previous day or week. */
export function digestWindow(d: DigestConfig, at: number): { from: number; to: number } {
  return { from: at - (d.schedule === "weekly" ? 7 * DAY : DAY), to: at };
}

export interface DigestInput {
  id: number;
  kind: string;
  title: string;
  summary: string;
  severity: string;
  labels: Record<string, string>;
  createdAt: Date;
  url: string | null;
  acknowledgedBy?: string | null;
}

const RANK: Record<string, number> = { critical: 0, warning: 1, info: 2 };

/** Builds the digest event from the window's alerts (most severe first, then newest). */
export function buildDigestEvent(d: DigestConfig, at: number, alerts: DigestInput[]): Omit<AlertEvent, "alertId"> {
  const { from, to } = digestWindow(d, at);
  const picked = alerts
    .filter((a) => a.kind !== "digest" && a.kind !== "test" && a.createdAt.getTime() >= from && a.createdAt.getTime() < to && labelsMatch(a.labels, d.match))
    .sort((a, b) => (RANK[a.severity] ?? 3) - (RANK[b.severity] ?? 3) || b.createdAt.getTime() - a.createdAt.getTime());
  const counts = { critical: 0, warning: 0, info: 0 } as Record<string, number>;
  for (const a of picked) counts[a.severity] = (counts[a.severity] ?? 0) + 1;
  const period = d.schedule === "weekly" ? "Weekly" : "Daily";
  const lt = localTime(at, d.timezone);
  return {
    kind: "digest",
    title: `${period} digest ${d.name} (${lt.year}-${String(lt.month).padStart(2, "0")}-${String(lt.day).padStart(2, "0")})`,
    summary: picked.length
      ? `${picked.length} alert(s): ${counts.critical} critical, ${counts.warning} warning, ${counts.info} info.`
      : "No alerts in this period.",
    severity: counts.critical ? "warning" : "info",
    brand: null, incident: null, source: null, mentions: [],
    items: picked.map((a) => ({
      title: a.title,
      summary: `${a.kind.replace(/_/g, " ")}, ${new Date(a.createdAt).toISOString()}${a.acknowledgedBy ? `, acknowledged by ${a.acknowledgedBy}` : ""}: ${a.summary}`,
      severity: a.severity, url: a.url,
    })),
    labels: { alertname: "digest", digest: d.name },
    ackUrl: null,
    createdAt: new Date(at).toISOString(),
  };
}

export { WEEKDAYS };
