// Email body: a subject, a plain-text part and an HTML part with the same content.
// Every event string is HTML-escaped in the HTML part; the subject is one line so a
// post cannot inject headers.
import type { AlertEvent } from "../types.ts";
import { escapeHtml, truncate } from "../escape.ts";
import { headline, viewOf } from "../render-common.ts";

export interface EmailPayload {
  subject: string;
  text: string;
  html: string;
}

const COLOR = { info: "#2563eb", warning: "#d97706", critical: "#dc2626" } as const;

export function renderEmail(event: AlertEvent, opts: { subjectPrefix?: string } = {}): EmailPayload {
  const v = viewOf(event);
  const prefix = opts.subjectPrefix ? `${opts.subjectPrefix} ` : "";
  const subject = truncate(`${prefix}${headline(event)}`.replace(/[\r\n\t\u0000-\u001f\u007f]+/g, " ").trim(), 200);

  const text: string[] = [`${v.kindLabel}: ${v.title}`, "", v.summary, ""];
  for (const f of v.facts) text.push(`${f.label}: ${f.value}`);
  if (v.mentions.length) text.push("", "Example posts:");
  for (const m of v.mentions) text.push(`- "${m.text}" (${m.author ?? "unknown author"} on ${m.platform}, ${m.publishedAt})${m.url ? ` ${m.url}` : ""}`);
  if (v.items.length) text.push("", "Items:");
  for (const i of v.items) text.push(`- ${i.title} (${i.severity}): ${i.summary}${i.url ? ` ${i.url}` : ""}`);
  if (v.moreItems) text.push(`...and ${v.moreItems} more`);
  if (v.links.length) text.push("");
  for (const l of v.links) text.push(`${l.label}: ${l.url}`);

  const e = escapeHtml;
  const html: string[] = [
    "<!doctype html><html><body style=\"font-family:Arial,Helvetica,sans-serif;color:#111\">",
    `<h2 style="margin:0 0 8px;color:${COLOR[v.severity]}">${e(v.kindLabel)}: ${e(v.title)}</h2>`,
    `<p>${e(v.summary)}</p>`,
  ];
  if (v.facts.length) {
    html.push("<table cellpadding=\"4\" style=\"border-collapse:collapse\">");
    for (const f of v.facts) html.push(`<tr><th align="left">${e(f.label)}</th><td>${e(f.value)}</td></tr>`);
    html.push("</table>");
  }
  if (v.mentions.length) {
    html.push("<h3>Example posts</h3>");
    for (const m of v.mentions) {
      const link = m.url ? ` <a href="${e(m.url)}">post</a>` : "";
      html.push(`<blockquote style="border-left:3px solid #ccc;margin:8px 0;padding-left:8px">${e(m.text)}<br><small>${e(m.author ?? "unknown author")} on ${e(m.platform)}, ${e(m.publishedAt)}${link}</small></blockquote>`);
    }
  }
  if (v.items.length) {
    html.push("<ul>");
    for (const i of v.items) html.push(`<li><b>${e(i.title)}</b> (${e(i.severity)})${i.url ? ` <a href="${e(i.url)}">open</a>` : ""}<br>${e(i.summary)}</li>`);
    html.push("</ul>");
    if (v.moreItems) html.push(`<p>&hellip;and ${v.moreItems} more</p>`);
  }
  if (v.links.length) html.push(`<p>${v.links.map((l) => `<a href="${e(l.url)}">${e(l.label)}</a>`).join(" &middot; ")}</p>`);
  html.push("</body></html>");
  return { subject, text: text.join("\n"), html: html.join("\n") };
}
