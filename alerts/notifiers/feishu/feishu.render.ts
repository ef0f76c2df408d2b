// Feishu/Lark custom bot payload: an interactive message card (header + lark_md
// blocks + buttons). Event strings go through escapeChatMarkdown, so a post cannot
// produce links, <at id=all> mentions or layout.
import type { AlertEvent } from "../types.ts";
import { escapeChatMarkdown as md } from "../escape.ts";
import { viewOf } from "../render-common.ts";

export interface FeishuPayload {
  msg_type: "interactive";
  card: Record<string, unknown>;
}

const TEMPLATE = { info: "blue", warning: "orange", critical: "red" } as const;

export function renderFeishu(event: AlertEvent): FeishuPayload {
  const v = viewOf(event);
  const elements: Array<Record<string, unknown>> = [
    { tag: "div", text: { tag: "lark_md", content: md(v.summary) } },
  ];
  if (v.facts.length) {
    elements.push({ tag: "div", fields: v.facts.map((f) => ({ is_short: true, text: { tag: "lark_md", content: `**${f.label}**\n${md(f.value)}` } })) });
  }
  for (const m of v.mentions) {
    const link = m.url ? ` [post](${m.url})` : "";
    elements.push({ tag: "div", text: { tag: "lark_md", content: `\u201c${md(m.text)}\u201d\n${md(m.author ?? "unknown author")} \u00b7 ${md(m.platform)} \u00b7 ${md(m.publishedAt)}${link}` } });
  }
  if (v.items.length) {
    elements.push({ tag: "div", text: { tag: "lark_md", content: v.items.map((i) => `\u2022 **${md(i.title)}** (${md(i.severity)})${i.url ? ` [open](${i.url})` : ""}\n${md(i.summary)}`).join("\n") } });
  }
  if (v.moreItems) elements.push({ tag: "note", elements: [{ tag: "plain_text", content: `\u2026and ${v.moreItems} more` }] });
  if (v.links.length) {
    elements.push({
      tag: "action",
      actions: v.links.map((l) => ({ tag: "button", text: { tag: "plain_text", content: l.label }, url: l.url, type: l.label === "Acknowledge" ? "primary" : "default" })),
    });
  }
  return {
    msg_type: "interactive",
    card: {
      config: { wide_screen_mode: true },
      header: { template: TEMPLATE[v.severity], title: { tag: "plain_text", content: `${v.severityMark} ${v.kindLabel}: ${md(v.title)}` } },
      elements,
    },
  };
}
