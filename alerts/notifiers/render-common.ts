// Channel-neutral view of an AlertEvent shared by every renderer, so each channel
// shows the same facts in the same order and differs only in markup. Values here
// are still raw: each renderer escapes them for its own target.
import type { AlertEvent, AlertEventKind } from "./types.ts";
import { safeUrl, truncate } from "./escape.ts";

export const KIND_LABEL: Record<AlertEventKind, string> = {
  incident_opened: "New incident",
  escalated: "Escalated",
  resolved: "Resolved",
  source_silent: "Source silent",
  digest: "Digest",
  test: "Test alert",
};

export const SEVERITY_MARK: Record<AlertEvent["severity"], string> = {
  info: "\u2139\ufe0f",
  warning: "\u26a0\ufe0f",
  critical: "\ud83d\udd34",
};

/** Most example posts shown in one message: enough to judge, short enough for SMS-like clients. */
export const MAX_MENTIONS = 3;
/** Longest post excerpt, in code points. */
export const MAX_MENTION_CHARS = 280;
/** Longest digest, in lines. */
export const MAX_DIGEST_ITEMS = 20;

export interface EventView {
  kind: AlertEventKind;
  kindLabel: string;
  severity: AlertEvent["severity"];
  severityMark: string;
  title: string;
  summary: string;
  facts: Array<{ label: string; value: string }>;
  mentions: Array<{ text: string; author: string | null; platform: string; publishedAt: string; url: string | null }>;
  items: Array<{ title: string; summary: string; severity: string; url: string | null }>;
  moreItems: number;
  links: Array<{ label: string; url: string }>;
}

export function viewOf(event: AlertEvent): EventView {
  const facts: EventView["facts"] = [];
  if (event.brand) facts.push({ label: "Brand", value: event.brand.name });
  facts.push({ label: "Severity", value: event.severity });
  if (event.incident) {
    facts.push({ label: "Incident", value: `#${event.incident.id} ${event.incident.kind} (${event.incident.status})` });
    facts.push({ label: "Risk", value: event.incident.riskScore.toFixed(2) });
    if (event.incident.predictedSize !== null) facts.push({ label: "Predicted reach", value: String(Math.round(event.incident.predictedSize)) });
    facts.push({ label: "Detected", value: event.incident.detectedAt });
  }
  if (event.source) {
    facts.push({ label: "Source", value: `${event.source.id} (${event.source.type})` });
    facts.push({ label: "Last success", value: event.source.lastSuccessAt ?? "never" });
    if (event.source.lastError) facts.push({ label: "Last error", value: truncate(event.source.lastError, 200) });
  }
  const links: EventView["links"] = [];
  const incidentUrl = safeUrl(event.incident?.url);
  if (incidentUrl) links.push({ label: "Open in Earshot", url: incidentUrl });
  const ackUrl = safeUrl(event.ackUrl);
  if (ackUrl && event.kind !== "resolved" && event.kind !== "digest") links.push({ label: "Acknowledge", url: ackUrl });
  const items = (event.items ?? []).slice(0, MAX_DIGEST_ITEMS).map((i) => ({ ...i, url: safeUrl(i.url) }));
  return {
    kind: event.kind,
    kindLabel: KIND_LABEL[event.kind],
    severity: event.severity,
    severityMark: SEVERITY_MARK[event.severity],
    title: event.title,
    summary: event.summary,
    facts,
    mentions: event.mentions.slice(0, MAX_MENTIONS).map((m) => ({
      text: truncate(m.text, MAX_MENTION_CHARS), author: m.author, platform: m.platform, publishedAt: m.publishedAt, url: safeUrl(m.url),
    })),
    items,
    moreItems: Math.max(0, (event.items?.length ?? 0) - items.length),
    links,
  };
}

/** Plain headline shared by subjects and notification previews (raw, escape per target). */
export function headline(event: AlertEvent): string {
  const brand = event.brand ? `[${event.brand.name}] ` : "";
  return `${KIND_LABEL[event.kind]}: ${brand}${event.title}`;
}
