// WeCom (WeChat Work) group bot payload: markdown message (WeCom's subset: headings,
// bold, links, quotes, <font color>, <@userid> mentions). Post text is escaped with
// escapeChatMarkdown, so it cannot open tags, mention <@all> or add links.
import type { AlertEvent } from "../types.ts";
import { escapeChatMarkdown as md } from "../escape.ts";
import { viewOf } from "../render-common.ts";

export interface WeComPayload {
  msgtype: "markdown";
  markdown: { content: string };
}

/** WeCom rejects markdown content over 4096 bytes (UTF-8). */
export const WECOM_MAX_BYTES = 4096;

const COLOR = { info: "info", warning: "warning", critical: "warning" } as const;

function capBytes(text: string, max: number): string {
  if (Buffer.byteLength(text) <= max) return text;
  const chars = Array.from(text);
  let out = "";
  let size = 0;
  for (const c of chars) {
    const n = Buffer.byteLength(c);
    if (size + n > max - 3) break;
    out += c;
    size += n;
  }
  return out + "\u2026";
}

export function renderWeCom(event: AlertEvent, opts: { mentionUserIds?: string[] } = {}): WeComPayload {
  const v = viewOf(event);
  const lines: string[] = [`### ${v.severityMark} <font color="${COLOR[v.severity]}">${v.kindLabel}</font>: ${md(v.title)}`, md(v.summary)];
  for (const f of v.facts) lines.push(`> ${f.label}: <font color="comment">${md(f.value)}</font>`);
  for (const m of v.mentions) lines.push(`> \u201c${md(m.text)}\u201d \u2014 ${md(m.author ?? "unknown author")} \u00b7 ${md(m.platform)}${m.url ? ` [post](${m.url})` : ""}`);
  for (const i of v.items) lines.push(`- **${md(i.title)}** (${md(i.severity)})${i.url ? ` [open](${i.url})` : ""}: ${md(i.summary)}`);
  if (v.moreItems) lines.push(`- \u2026and ${v.moreItems} more`);
  if (v.links.length) lines.push(v.links.map((l) => `[${l.label}](${l.url})`).join(" | "));
  const mentions = (opts.mentionUserIds ?? []).map((id) => `<@${id}>`).join(" ");
  // Mentions go last so truncation of a long digest never drops them.
  const body = capBytes(lines.join("\n"), WECOM_MAX_BYTES - Buffer.byteLength(mentions) - 1);
  return { msgtype: "markdown", markdown: { content: mentions ? `${body}\n${mentions}` : body } };
}
