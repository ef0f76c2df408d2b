// Slack incoming-webhook payload: Block Kit blocks plus a `text` fallback used for
// notifications. Every event string goes through escapeSlack (mrkdwn); only links
// Earshot builds (console, acknowledge, post permalinks) become clickable.
import type { AlertEvent } from "../types.ts";
import { escapeSlack } from "../escape.ts";
import { viewOf } from "../render-common.ts";

export interface SlackPayload {
  text: string;
  blocks: Array<Record<string, unknown>>;
  username?: string;
}

/** Slack link syntax is <url|label>: a URL must not carry the delimiters. */
function slackLink(url: string, label: string): string {
  return `<${url.replace(/\|/g, "%7C").replace(/>/g, "%3E").replace(/</g, "%3C")}|${escapeSlack(label)}>`;
}

export function renderSlack(event: AlertEvent, opts: { username?: string } = {}): SlackPayload {
  const v = viewOf(event);
  const title = `${v.severityMark} *${v.kindLabel}:* ${escapeSlack(v.title)}`;
  const blocks: SlackPayload["blocks"] = [
    { type: "section", text: { type: "mrkdwn", text: `${title}\n${escapeSlack(v.summary)}` } },
  ];
  if (v.facts.length) {
    blocks.push({ type: "section", fields: v.facts.slice(0, 10).map((f) => ({ type: "mrkdwn", text: `*${f.label}*\n${escapeSlack(f.value)}` })) });
  }
  for (const m of v.mentions) {
    const who = `${escapeSlack(m.author ?? "unknown author")} on ${escapeSlack(m.platform)}, ${escapeSlack(m.publishedAt)}`;
    const link = m.url ? ` ${slackLink(m.url, "post")}` : "";
    blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: `\u201c${escapeSlack(m.text)}\u201d \u2014 ${who}${link}` }] });
  }
  for (const i of v.items) {
    const link = i.url ? ` ${slackLink(i.url, "open")}` : "";
    blocks.push({ type: "section", text: { type: "mrkdwn", text: `\u2022 *${escapeSlack(i.title)}* (${escapeSlack(i.severity)})${link}\n${escapeSlack(i.summary)}` } });
  }
  if (v.moreItems) blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: `\u2026and ${v.moreItems} more` }] });
  if (v.links.length) {
    blocks.push({
      type: "actions",
      elements: v.links.map((l) => ({
        type: "button", text: { type: "plain_text", text: l.label }, url: l.url,
        ...(l.label === "Acknowledge" ? { style: "primary" } : {}),
      })),
    });
  }
  return { text: `${v.severityMark} ${v.kindLabel}: ${escapeSlack(v.title)}`, blocks, ...(opts.username ? { username: opts.username } : {}) };
}
