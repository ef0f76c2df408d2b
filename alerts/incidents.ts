// Turns detector signals into Incidents with a 3W timeline (what we knew, when we knew
// it, what we did) and routes them through the alert rules into the outbox.
import type { PrismaClient } from "../core/db/index.ts";
import type { Incident } from "../core/db/generated/sqlite/client.ts";
import type { DetectorSignal } from "../analysis/detectors.ts";
import type { EarshotConfig, RuleConfig } from "../core/config/schema.ts";
import type { AlertEvent } from "./notifiers/types.ts";
import { enqueueAlert } from "./outbox.ts";
import { labelsForSignal, type RoutingRuntime } from "./routing/runtime.ts";

const SEVERITY_RANK = { info: 0, warning: 1, critical: 2 } as const;

export function ruleMatches(rule: RuleConfig, s: { kind: string; brandId: string | null; severity: keyof typeof SEVERITY_RANK }): boolean {
  // "incident" rules take every detector's incidents; the other kinds take their own.
  const kindMatches = rule.kind === "incident" ? s.kind !== "source_silent" : s.kind === rule.kind;
  if (!kindMatches) return false;
  if (rule.brands?.length && (!s.brandId || !rule.brands.includes(s.brandId))) return false;
  return SEVERITY_RANK[s.severity] >= SEVERITY_RANK[rule.minSeverity];
}

export class IncidentManager {
  /** key -> open incident id; rebuilt lazily from the database after a restart. */
  #open = new Map<string, number>();
  /**
   * incident id -> detection keys still live in it. One incident per brand episode:
   * a detection of a brand that already has an open incident (another detector, e.g.
   * the Foundation spike rule beside the early-warning engine, or another series)
   * attaches to it as a timeline entry instead of opening a second incident, and the
   * incident resolves when its last live detection resolves. After a restart only
   * the incident's own key is known live (attached keys re-attach on their next signal).
   */
  #live = new Map<number, Set<string>>();

  /** When `alerts.routing` is configured, the routing tree (not the rules' channel lists) decides who hears about an incident. */
  routing: RoutingRuntime | null = null;

  constructor(private prisma: PrismaClient, private config: EarshotConfig, private brandNames: Map<string, string>) {}

  async #findOpen(key: string): Promise<number | null> {
    const cached = this.#open.get(key);
    if (cached !== undefined) return cached;
    const row = await this.prisma.incident.findFirst({
      where: { dedupKey: { startsWith: `${key}@` }, status: { in: ["open", "acknowledged"] } },
      orderBy: { id: "desc" }, select: { id: true },
    });
    if (row) this.#open.set(key, row.id);
    return row?.id ?? null;
  }

  async handle(signals: DetectorSignal[]): Promise<void> {
    for (const s of signals) {
      if (s.type === "open") await this.#open_(s);
      else if (s.type === "update") await this.#update(s);
      else await this.#resolve(s);
    }
  }

  /** The brand's open detector incident (any key), re-read so a user's resolve is respected. */
  async #brandEpisode(s: DetectorSignal): Promise<{ id: number; key: string } | null> {
    if (!s.brandId || s.kind === "source_silent") return null;
    const row = await this.prisma.incident.findFirst({
      where: { brandId: s.brandId, status: { in: ["open", "acknowledged"] }, kind: { not: "source_silent" } },
      orderBy: { id: "desc" }, select: { id: true, dedupKey: true },
    });
    return row ? { id: row.id, key: row.dedupKey.slice(0, row.dedupKey.lastIndexOf("@")) } : null;
  }

  #liveKeys(id: number, ownKey: string): Set<string> {
    let live = this.#live.get(id);
    if (!live) { live = new Set([ownKey]); this.#live.set(id, live); }
    return live;
  }

  async #open_(s: DetectorSignal): Promise<void> {
    const existing = await this.#findOpen(s.key);
    if (existing !== null) return this.#update({ ...s, type: "update" });
    const host = await this.#brandEpisode(s);
    if (host) {
      this.#liveKeys(host.id, host.key).add(s.key);
      this.#open.set(s.key, host.id);
      return this.#update({ ...s, type: "update", data: { ...s.data, timeline: "detection" } });
    }
    const incident = await this.prisma.incident.create({
      data: {
        brandId: s.brandId, storyId: s.storyId ?? null, kind: s.kind, dedupKey: `${s.key}@${s.at.toISOString()}`,
        title: s.title, severity: s.severity, status: "open", riskScore: s.risk, peakRisk: s.risk,
        predictedSize: s.predictedSize ?? null, firstPostAt: s.firstPostAt ?? null, detectedAt: s.at,
        details: JSON.stringify({ key: s.key, reasons: s.reasons, ...(s.data ?? {}) }),
        events: {
          create: [
            ...(s.firstPostAt ? [{ at: s.firstPostAt, kind: "first_post", message: "Earliest post in the detection window" }] : []),
            { at: s.at, kind: "detected", message: s.summary, data: JSON.stringify({ reasons: s.reasons, risk: s.risk }) },
          ],
        },
      },
    });
    this.#open.set(s.key, incident.id);
    this.#live.set(incident.id, new Set([s.key]));
    await this.#alert(s, incident, "incident_opened");
  }

  async #update(s: DetectorSignal): Promise<void> {
    const id = await this.#findOpen(s.key);
    if (id === null) return;
    const inc = await this.prisma.incident.findUnique({ where: { id }, select: { peakRisk: true, severity: true, storyId: true } });
    if (!inc) return;
    const escalated = SEVERITY_RANK[s.severity] > SEVERITY_RANK[inc.severity as keyof typeof SEVERITY_RANK];
    // another detection joining the episode is a timeline entry (3W: what we knew, when), not a new alert
    const detection = s.data?.timeline === "detection";
    const eventData = JSON.stringify({ key: s.key, kind: s.kind, reasons: s.reasons, risk: s.risk });
    const events = [
      ...(detection ? [{ at: s.at, kind: "detection", message: s.summary, data: eventData }] : []),
      ...(escalated ? [{ at: s.at, kind: "escalated", message: s.summary, data: eventData }] : []),
    ];
    const updated = await this.prisma.incident.update({
      where: { id },
      data: {
        riskScore: s.risk, peakRisk: Math.max(inc.peakRisk, s.risk), predictedSize: s.predictedSize ?? undefined,
        ...(inc.storyId === null && s.storyId ? { storyId: s.storyId } : {}),
        ...(escalated ? { severity: s.severity } : {}),
        ...(events.length ? { events: { create: events } } : {}),
      },
    });
    if (escalated) await this.#alert(s, updated, "escalated");
  }

  async #resolve(s: DetectorSignal): Promise<void> {
    const id = await this.#findOpen(s.key);
    if (id === null) return;
    this.#open.delete(s.key);
    const live = this.#live.get(id);
    if (live) {
      live.delete(s.key);
      if (live.size > 0) {
        // the episode goes on: other detections of the brand are still live
        await this.prisma.incidentEvent.create({ data: { incidentId: id, at: s.at, kind: "detection", message: `${s.summary} (still live: ${[...live].join(", ")})` } });
        return;
      }
      this.#live.delete(id);
    }
    const resolved = await this.prisma.incident.update({
      where: { id },
      data: { status: "resolved", resolvedAt: s.at, events: { create: { at: s.at, kind: "resolved", message: s.summary } } },
    });
    this.#open.delete(s.key);
    await this.#alert(s, resolved, "resolved");
  }

  async #alert(s: DetectorSignal, inc: Incident, kind: AlertEvent["kind"]): Promise<void> {
    const incidentId = inc.id;
    // A resolution is reported with the severity of what it resolves, so it reaches the same people.
    const severity = (kind === "resolved" ? inc.severity : s.severity) as AlertEvent["severity"];
    const rules = this.config.alerts.rules.filter((r) => ruleMatches(r, { kind: s.kind, brandId: s.brandId, severity }));
    const base = this.config.alerts.publicUrl?.replace(/\/$/, "");
    const makeEvent = (ruleId: string): Omit<AlertEvent, "alertId"> => ({
        kind, title: s.title, summary: s.summary, severity,
        brand: { id: s.brandId, name: this.brandNames.get(s.brandId) ?? s.brandId },
        incident: {
          id: incidentId, kind: s.kind, status: inc.status, riskScore: s.risk, predictedSize: s.predictedSize ?? null,
          detectedAt: inc.detectedAt.toISOString(), url: base ? `${base}/incidents/${incidentId}` : null,
        },
        source: null,
        mentions: (s.examples ?? []).slice(0, 3).map((m) => ({
          text: m.text.slice(0, 500), url: m.url ?? null, author: m.author?.handle ?? null, platform: m.platform,
          publishedAt: m.publishedAt.toISOString(), sentiment: m.analysis.sentiment.label,
        })),
        labels: { brand: s.brandId, severity, type: s.kind, rule: ruleId },
        ackUrl: null,
        createdAt: s.at.toISOString(),
    });
    if (this.routing) {
      // One fingerprint per incident: escalations update the group, the resolution closes it.
      const fingerprint = `incident:${incidentId}`;
      if (kind === "resolved") await this.routing.resolve(fingerprint);
      else {
        const r = await this.routing.submit({ fingerprint, labels: labelsForSignal(s, incidentId), severity, data: { event: makeEvent("routing"), rule: "routing", brandId: s.brandId, incidentId } });
        await this.prisma.incidentEvent.create({
          data: { incidentId, at: s.at, kind: "alert", message: `Alert (${kind}) routed: ${r.status}` },
        });
      }
      return;
    }
    for (const rule of rules) {
      const event = makeEvent(rule.id);
      const { alertId } = await enqueueAlert(this.prisma, this.config, {
        kind, rule: rule.id, severity, title: s.title, summary: s.summary, brandId: s.brandId, incidentId,
        fingerprint: `${rule.id}:${s.key}`, labels: event.labels, event, channels: rule.channels,
      }, s.at);
      await this.prisma.incidentEvent.create({
        data: { incidentId, at: s.at, kind: "alert", message: `Alert #${alertId} (${kind}) queued for ${rule.channels.join(", ")} by rule ${rule.id}` },
      });
    }
  }
}
