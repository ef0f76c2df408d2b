// PagerDuty Events API v2 event (without routing_key, which is a secret added at send
// time). One PagerDuty incident per Earshot incident: dedup_key ties trigger,
// acknowledge and resolve together.
import type { AlertEvent } from "../types.ts";
import { truncate } from "../escape.ts";
import { viewOf } from "../render-common.ts";

export interface PagerDutyEvent {
  event_action: "trigger" | "acknowledge" | "resolve";
  dedup_key: string;
  payload?: {
    summary: string;
    source: string;
    severity: "critical" | "error" | "warning" | "info";
    timestamp: string;
    component?: string;
    group?: string;
    class: string;
    custom_details: Record<string, unknown>;
  };
  links?: Array<{ href: string; text: string }>;
  client: string;
  client_url?: string;
}

export function pagerDutyDedupKey(event: AlertEvent): string {
  if (event.incident) return `earshot:incident:${event.incident.id}`;
  if (event.kind === "source_silent" && event.source) return `earshot:source:${event.source.id}`;
  return `earshot:alert:${event.alertId}`;
}

export function pagerDutyAction(event: AlertEvent): PagerDutyEvent["event_action"] {
  if (event.kind === "resolved") return "resolve";
  if (event.incident?.status === "acknowledged" && event.kind !== "escalated") return "acknowledge";
  return "trigger";
}

export function renderPagerDuty(event: AlertEvent, opts: { source?: string } = {}): PagerDutyEvent {
  const v = viewOf(event);
  const action = pagerDutyAction(event);
  const base = { event_action: action, dedup_key: pagerDutyDedupKey(event), client: "Earshot" } as PagerDutyEvent;
  const incidentUrl = v.links.find((l) => l.label === "Open in Earshot")?.url;
  if (incidentUrl) base.client_url = incidentUrl;
  if (action !== "trigger") return base;
  const summary = `${v.kindLabel}: ${event.brand ? `[${event.brand.name}] ` : ""}${v.title}`.replace(/\s+/g, " ");
  return {
    ...base,
    payload: {
      // PagerDuty shows summary in SMS and phone calls: plain text, at most 1024 chars.
      summary: truncate(summary, 1024),
      source: opts.source ?? "earshot",
      severity: event.severity,
      timestamp: event.createdAt,
      ...(event.brand ? { component: event.brand.id } : {}),
      ...(event.incident ? { group: event.incident.kind } : {}),
      class: event.kind,
      custom_details: {
        summary: event.summary,
        facts: Object.fromEntries(v.facts.map((f) => [f.label, f.value])),
        mentions: v.mentions.map((m) => ({ text: m.text, author: m.author, platform: m.platform, url: m.url })),
        ...(v.items.length ? { items: v.items } : {}),
        labels: event.labels,
      },
    },
    links: v.links.map((l) => ({ href: l.url, text: l.label })),
  };
}
