// Microsoft Teams "Workflows" webhook payload: a message with one Adaptive Card
// attachment (the Office 365 connector MessageCard format is retired). TextBlock
// text is a Markdown subset; event strings go through escapeTeams.
import type { AlertEvent } from "../types.ts";
import { escapeTeams } from "../escape.ts";
import { viewOf } from "../render-common.ts";

export interface TeamsPayload {
  type: "message";
  attachments: Array<{ contentType: "application/vnd.microsoft.card.adaptive"; contentUrl: null; content: Record<string, unknown> }>;
}

const COLOR = { info: "Accent", warning: "Warning", critical: "Attention" } as const;

export function renderTeams(event: AlertEvent): TeamsPayload {
  const v = viewOf(event);
  const body: Array<Record<string, unknown>> = [
    { type: "TextBlock", text: `${v.severityMark} ${v.kindLabel}`, weight: "Bolder", color: COLOR[v.severity], size: "Medium", wrap: true },
    { type: "TextBlock", text: escapeTeams(v.title), weight: "Bolder", wrap: true },
    { type: "TextBlock", text: escapeTeams(v.summary), wrap: true },
  ];
  if (v.facts.length) body.push({ type: "FactSet", facts: v.facts.map((f) => ({ title: f.label, value: escapeTeams(f.value) })) });
  for (const m of v.mentions) {
    body.push({
      type: "Container", style: "emphasis",
      items: [
        { type: "TextBlock", text: `\u201c${escapeTeams(m.text)}\u201d`, wrap: true, isSubtle: false },
        { type: "TextBlock", text: `${escapeTeams(m.author ?? "unknown author")} on ${escapeTeams(m.platform)}, ${escapeTeams(m.publishedAt)}`, wrap: true, isSubtle: true, size: "Small" },
      ],
      ...(m.url ? { selectAction: { type: "Action.OpenUrl", url: m.url } } : {}),
    });
  }
  for (const i of v.items) {
    body.push({ type: "TextBlock", text: `\u2022 ${escapeTeams(i.title)} (${escapeTeams(i.severity)}): ${escapeTeams(i.summary)}`, wrap: true });
  }
  if (v.moreItems) body.push({ type: "TextBlock", text: `\u2026and ${v.moreItems} more`, isSubtle: true, wrap: true });
  const card: Record<string, unknown> = {
    $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
    type: "AdaptiveCard",
    version: "1.4",
    msteams: { width: "Full" },
    body,
  };
  if (v.links.length) card.actions = v.links.map((l) => ({ type: "Action.OpenUrl", title: l.label, url: l.url }));
  return { type: "message", attachments: [{ contentType: "application/vnd.microsoft.card.adaptive", contentUrl: null, content: card }] };
}
