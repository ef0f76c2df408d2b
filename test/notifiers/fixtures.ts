// Hand-written alert events for renderer and contract tests (no data from the
// shared data sets). Fixed timestamps so snapshots are stable.
import type { AlertEvent, AlertEventKind } from "../../alerts/notifiers/types.ts";

export const EVENT_KINDS: AlertEventKind[] = ["incident_opened", "escalated", "resolved", "source_silent", "digest", "test"];

export function eventFor(kind: AlertEventKind, over: Partial<AlertEvent> = {}): AlertEvent {
  const incident = kind === "source_silent" || kind === "digest" || kind === "test" ? null : {
    id: 42, kind: "story", status: kind === "resolved" ? "resolved" : "open", riskScore: 0.8712,
    predictedSize: 1830.4, detectedAt: "2026-11-24T08:15:00.000Z", url: "https://earshot.example/incidents/42",
  };
  const base: AlertEvent = {
    kind,
    alertId: 7,
    title: kind === "source_silent" ? "No data from reddit-brand for 3 hours" : kind === "digest" ? "Daily digest for Acme Air" : kind === "test" ? "Test alert from Earshot" : "Broken guitar complaint is spreading",
    summary: kind === "resolved" ? "Mentions are back to the baseline." : "12 posts in 40 minutes about baggage handling at ORD, negative sentiment.",
    severity: kind === "escalated" ? "critical" : kind === "digest" || kind === "test" ? "info" : "warning",
    brand: { id: "acme-air", name: "Acme Air" },
    incident,
    source: kind === "source_silent" ? { id: "reddit-brand", type: "reddit", lastSuccessAt: "2026-11-24T05:00:00.000Z", lastError: "HTTP 503 from reddit" } : null,
    mentions: kind === "incident_opened" || kind === "escalated" ? [
      { text: "They threw my guitar on the tarmac and now the neck is snapped. Nobody answers.", url: "https://social.example/p/1", author: "dave_c", platform: "mastodon", publishedAt: "2026-11-24T07:58:00.000Z", sentiment: "negative" },
      { text: "Same thing happened to my cello last month with Acme Air", url: null, author: null, platform: "rss", publishedAt: "2026-11-24T08:01:00.000Z", sentiment: "negative" },
    ] : [],
    items: kind === "digest" ? [
      { title: "Broken guitar complaint", summary: "Story incident, risk 0.87, acknowledged by Ana", severity: "warning", url: "https://earshot.example/incidents/42" },
      { title: "Late refund thread", summary: "Volume spike, resolved in 2 h", severity: "info", url: null },
    ] : undefined,
    labels: { brand: "acme-air", severity: "warning", category: "service", language: "en" },
    ackUrl: kind === "resolved" || kind === "digest" ? null : "https://earshot.example/api/ack?token=abc.def",
    createdAt: "2026-11-24T08:16:00.000Z",
  };
  return { ...base, ...over };
}

/** Post texts written to break each target's markup. */
export const HOSTILE_TEXTS = [
  "<!channel> <!here> @channel @here @everyone please look",
  "<http://evil.example/phish|Click to verify your account> & win",
  "[click me](http://evil.example/x) ![img](http://evil.example/i.png) www.evil.example",
  "<script>alert(1)</script><img src=x onerror=alert(2)><a href=\"javascript:alert(3)\">x</a>",
  "@all @所有人 <at user_id=\"all\">所有人</at> <@all> <font color=\"red\">FAKE</font>",
  "*bold* _it_ ~strike~ `code` # heading\n> quote\n- list\r\n### big",
];

export function hostileEvent(kind: AlertEventKind): AlertEvent {
  const h = HOSTILE_TEXTS.join(" ");
  const ev = eventFor(kind);
  return {
    ...ev,
    title: HOSTILE_TEXTS[0] + " " + HOSTILE_TEXTS[4],
    summary: h,
    brand: { id: "acme-air", name: "Acme <b>Air</b> @channel" },
    mentions: HOSTILE_TEXTS.map((text, i) => ({ text, url: i === 3 ? "javascript:alert(1)" : null, author: "<!here> [x](http://evil.example)", platform: "rss", publishedAt: "2026-11-24T08:00:00.000Z", sentiment: null })),
    items: kind === "digest" ? HOSTILE_TEXTS.map((t) => ({ title: t, summary: t, severity: "warning", url: "javascript:alert(1)" })) : ev.items,
    source: ev.source ? { ...ev.source, lastError: HOSTILE_TEXTS[1] } : null,
  };
}
