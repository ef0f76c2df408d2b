// DingTalk robot payload: markdown message. Mentions only work when the mentioned
// mobile/user id appears as "@id" in the text AND in `at`, so both are rendered from
// the channel params; post text is escaped (＠ instead of @) and isAtAll is always false.
import type { AlertEvent } from "../types.ts";
import { escapeChatMarkdown as md, truncate } from "../escape.ts";
import { viewOf } from "../render-common.ts";

export interface DingTalkPayload {
  msgtype: "markdown";
  markdown: { title: string; text: string };
  at: { atMobiles: string[]; atUserIds: string[]; isAtAll: false };
}

export function renderDingTalk(event: AlertEvent, opts: { atMobiles?: string[]; atUserIds?: string[]; keyword?: string } = {}): DingTalkPayload {
  const v = viewOf(event);
  const lines: string[] = [`### ${v.severityMark} ${v.kindLabel}: ${md(v.title)}`, "", md(v.summary), ""];
  for (const f of v.facts) lines.push(`- **${f.label}**: ${md(f.value)}`);
  for (const m of v.mentions) {
    lines.push("", `> \u201c${md(m.text)}\u201d`, `> ${md(m.author ?? "unknown author")} \u00b7 ${md(m.platform)} \u00b7 ${md(m.publishedAt)}${m.url ? ` [post](${m.url})` : ""}`);
  }
  if (v.items.length) lines.push("");
  for (const i of v.items) lines.push(`- **${md(i.title)}** (${md(i.severity)})${i.url ? ` [open](${i.url})` : ""}: ${md(i.summary)}`);
  if (v.moreItems) lines.push(`- \u2026and ${v.moreItems} more`);
  if (v.links.length) lines.push("", v.links.map((l) => `[${l.label}](${l.url})`).join(" | "));
  const atMobiles = opts.atMobiles ?? [];
  const atUserIds = opts.atUserIds ?? [];
  const mentions = [...atMobiles, ...atUserIds].map((id) => `@${id}`).join(" ");
  if (mentions) lines.push("", mentions);
  // A robot with the "custom keyword" security setting drops messages without it.
  if (opts.keyword) lines.push("", opts.keyword);
  return {
    msgtype: "markdown",
    markdown: { title: truncate(`${v.kindLabel}: ${md(v.title)}`, 60), text: lines.join("\n") },
    at: { atMobiles, atUserIds, isAtAll: false },
  };
}
