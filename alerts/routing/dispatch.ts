// Glue between the routing engine and the outbox: a group notification becomes one
// Alert row (with an acknowledge link) and Delivery rows for the receiver's channels;
// unacknowledged alerts are escalated to the next receiver after the configured time.
import type { PrismaClient } from "../../core/db/index.ts";
import type { EarshotConfig } from "../../core/config/schema.ts";
import type { AlertEvent } from "../notifiers/types.ts";
import { enqueueAlert } from "../outbox.ts";
import { createAckUrl } from "../ack.ts";
import { parseDuration, type RoutingConfig } from "./config.ts";
import type { Dispatch } from "./engine.ts";
import { dueEscalations, type Unacknowledged } from "./escalation.ts";
import { buildDigestEvent, digestWindow } from "./digest.ts";

/** What the pipeline hands the engine as an alert's data. */
export interface RoutedAlertData {
  event: Omit<AlertEvent, "alertId">;
  rule: string;
  brandId: string | null;
  incidentId: number | null;
}

type OutboxConfig = Pick<EarshotConfig, "channels" | "delivery"> & { alerts: { publicUrl?: string } };
const RANK = { info: 0, warning: 1, critical: 2 } as const;

export interface AckOptions {
  secret: string;
  ttlMs: number;
}

/** Builds the one event a group notification shows: the single alert, or the most severe one listing the others. */
export function groupEvent(d: Dispatch<RoutedAlertData>): { event: Omit<AlertEvent, "alertId">; top: RoutedAlertData; fingerprint: string } {
  const all = [...d.firing, ...d.resolved];
  const sorted = [...all].sort((a, b) => RANK[b.data.data.event.severity] - RANK[a.data.data.event.severity] || b.startsAt - a.startsAt);
  const top = sorted[0].data.data;
  if (all.length === 1) {
    const only = all[0];
    const event = only.firing ? top.event : { ...top.event, kind: "resolved" as const };
    return { event, top, fingerprint: only.fingerprint };
  }
  const items = sorted.map((a) => ({
    title: a.data.data.event.title,
    summary: `${a.firing ? "firing" : "resolved"}: ${a.data.data.event.summary}`,
    severity: a.data.data.event.severity,
    url: a.data.data.event.incident?.url ?? null,
  }));
  const kind = d.firing.length === 0 ? "resolved" as const : top.event.kind;
  return {
    event: { ...top.event, kind, title: `${top.event.title} (+${all.length - 1} more)`, items },
    top,
    fingerprint: `group:${d.groupKey}`,
  };
}

/** Writes a dispatch to the outbox; returns the Alert id. */
export async function dispatchToOutbox(prisma: PrismaClient, config: OutboxConfig, d: Dispatch<RoutedAlertData>, ack: AckOptions | null, now = new Date(d.at)): Promise<number> {
  const { event, top, fingerprint } = groupEvent(d);
  const labels = { ...event.labels, receiver: d.receiver, notified_at: String(now.getTime()), group: d.groupKey };
  const base = config.alerts.publicUrl;
  const ackUrl = ack && base && event.kind !== "resolved"
    ? createAckUrl(base, { fingerprint, incidentId: top.incidentId, receiver: d.receiver }, ack.secret, { now: now.getTime(), ttlMs: ack.ttlMs })
    : null;
  const { alertId } = await enqueueAlert(prisma, config, {
    kind: event.kind, rule: top.rule, severity: event.severity, title: event.title, summary: event.summary,
    brandId: top.brandId, incidentId: top.incidentId, fingerprint, labels, event: { ...event, labels, ackUrl }, channels: d.channels,
  }, now);
  if (top.incidentId !== null) {
    await prisma.incidentEvent.create({
      data: { incidentId: top.incidentId, at: now, kind: "alert", message: `Alert #${alertId} (${event.kind}) routed to ${d.receiver}${d.receiver !== d.routedTo ? ` (instead of ${d.routedTo}: ${d.hours.replace(/_/g, " ")})` : ""} via ${d.channels.join(", ")}` },
    });
  }
  return alertId;
}

const ESCALATABLE = ["incident_opened", "escalated", "source_silent"];

/**
 * Escalates every alert nobody acknowledged in time: a new "escalated" Alert (same
 * fingerprint, so one acknowledge covers both) goes to the next receiver's channels,
 * and the incident timeline records it. Returns the new Alert ids.
 */
export async function runEscalations(prisma: PrismaClient, config: OutboxConfig, routing: RoutingConfig, ack: AckOptions | null, now = new Date()): Promise<number[]> {
  const receivers = new Map(routing.receivers.map((r) => [r.name, r]));
  const rows = await prisma.alert.findMany({
    where: { status: "dispatched", acknowledgedAt: null, kind: { in: ESCALATABLE } },
    include: { incident: { select: { status: true } } },
    orderBy: { id: "asc" },
  });
  const items: Array<Unacknowledged & { row: (typeof rows)[number]; labels: Record<string, string> }> = [];
  for (const row of rows) {
    const labels = JSON.parse(row.labels) as Record<string, string>;
    if (!labels.receiver || labels.escalation_of) continue;
    if (row.incident && row.incident.status !== "open") continue;
    items.push({ alertId: row.id, receiver: labels.receiver, notifiedAt: Number(labels.notified_at ?? row.createdAt.getTime()), level: row.escalationLevel, row, labels });
  }
  const out: number[] = [];
  for (const step of dueEscalations(items, receivers, now.getTime())) {
    const it = items.find((i) => i.alertId === step.alertId)!;
    const to = receivers.get(step.to)!;
    const after = receivers.get(step.from)?.escalation?.after ?? "";
    const prev = JSON.parse(it.row.data) as Omit<AlertEvent, "alertId">;
    const labels = { ...it.labels, receiver: step.to, escalation_of: String(it.alertId), notified_at: String(now.getTime()) };
    const ackUrl = ack && config.alerts.publicUrl
      ? createAckUrl(config.alerts.publicUrl, { fingerprint: it.row.fingerprint, incidentId: it.row.incidentId, receiver: step.to }, ack.secret, { now: now.getTime(), ttlMs: ack.ttlMs })
      : prev.ackUrl;
    const title = `Not acknowledged after ${after}: ${prev.title}`;
    const { alertId } = await enqueueAlert(prisma, config, {
      kind: "escalated", rule: it.row.rule, severity: prev.severity, title, summary: prev.summary, brandId: it.row.brandId,
      incidentId: it.row.incidentId, fingerprint: it.row.fingerprint, labels, event: { ...prev, kind: "escalated", title, labels, ackUrl },
      channels: to.channels,
    }, now);
    await prisma.alert.update({
      where: { id: it.alertId },
      data: { escalationLevel: step.level, labels: JSON.stringify({ ...it.labels, receiver: step.to, notified_at: String(now.getTime()) }) },
    });
    if (it.row.incidentId !== null) {
      await prisma.incidentEvent.create({
        data: { incidentId: it.row.incidentId, at: now, kind: "escalated", message: `Not acknowledged within ${after}: escalated from ${step.from} to ${step.to} (alert #${alertId})` },
      });
    }
    out.push(alertId);
  }
  return out;
}

export function ackOptionsFrom(routing: RoutingConfig, secret: string): AckOptions {
  return { secret, ttlMs: parseDuration(routing.ack.ttl) };
}

/**
 * Sends one digest (daily or weekly) for the period ending at `at`: the window's
 * alerts, most severe first, to the digest receiver's channels. Idempotent per
 * digest and time: a scheduler that fires twice sends once. Returns the Alert id, or
 * null when this digest was already enqueued.
 */
export async function runDigest(prisma: PrismaClient, config: OutboxConfig, routing: RoutingConfig, name: string, at: Date): Promise<number | null> {
  const d = routing.digests.find((x) => x.name === name);
  if (!d) throw new RangeError(`no digest named ${JSON.stringify(name)}; digests: ${routing.digests.map((x) => x.name).join(", ") || "none"}`);
  const receiver = routing.receivers.find((r) => r.name === d.receiver)!;
  const fingerprint = `digest:${d.name}:${at.getTime()}`;
  if (await prisma.alert.findFirst({ where: { fingerprint }, select: { id: true } })) return null;
  const { from, to } = digestWindow(d, at.getTime());
  const rows = await prisma.alert.findMany({
    where: { createdAt: { gte: new Date(from), lt: new Date(to) }, kind: { notIn: ["digest", "test"] }, labels: { not: { contains: "\"escalation_of\"" } } },
    orderBy: { id: "asc" },
  });
  const base = config.alerts.publicUrl?.replace(/\/$/, "");
  const event = buildDigestEvent(d, at.getTime(), rows.map((r) => ({
    id: r.id, kind: r.kind, title: r.title, summary: r.summary, severity: r.severity, labels: JSON.parse(r.labels) as Record<string, string>,
    createdAt: r.createdAt, url: base && r.incidentId ? `${base}/incidents/${r.incidentId}` : null, acknowledgedBy: r.acknowledgedBy,
  })));
  const { alertId } = await enqueueAlert(prisma, config, {
    kind: "digest", rule: `digest:${d.name}`, severity: event.severity, title: event.title, summary: event.summary, brandId: null, incidentId: null,
    fingerprint, labels: { ...event.labels, receiver: receiver.name }, event, channels: receiver.channels,
  }, at);
  return alertId;
}
