// Escaping of untrusted text (post texts, author names, titles built from posts)
// for each target's markup. A hostile post must not be able to ping a whole
// channel, inject a link or change the message layout. Links Earshot itself adds
// (console, acknowledge) are built by the renderers, never from post text.

/** Only http(s) URLs are ever turned into links; anything else (javascript:, data:) is dropped. */
export function safeUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === "http:" || u.protocol === "https:" ? u.toString() : null;
  } catch {
    return null;
  }
}

/** Breaks URL schemes and bare domains so chat clients do not auto-link them. */
function defangLinks(text: string): string {
  return text
    .replace(/:\/\//g, "[:]//")
    .replace(/\bwww\./gi, (m) => m.slice(0, 3) + "[.]");
}

/** Collapses line breaks so a post cannot start a heading, quote or list line. */
function oneLine(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, " ").replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "");
}

/**
 * Slack mrkdwn: & < > must be entities (Slack's own rule), which also kills
 * `<!channel>`, `<!here>` and `<http://x|label>`; plain @channel/@here/@everyone get a
 * zero-width space; formatting characters are replaced by look-alikes; URLs are defanged.
 */
export function escapeSlack(text: string): string {
  const defanged = defangLinks(oneLine(text)).replace(/\[:\]\/\//g, "\u2024//");
  return defanged
    .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/@(channel|here|everyone)\b/gi, "@\u200b$1")
    .replace(/!(channel|here|everyone)\b/gi, "!\u200b$1")
    .replace(/[*_~`]/g, (c) => ({ "*": "\u2217", _: "\uff3f", "~": "\u223c", "`": "\u02cb" })[c]!);
}

/** HTML text content and attribute values (email, Teams). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

const FULLWIDTH: Record<string, string> = {
  "[": "\uff3b", "]": "\uff3d", "(": "\uff08", ")": "\uff09", "<": "\uff1c", ">": "\uff1e",
  "*": "\uff0a", "_": "\uff3f", "`": "\uff40", "#": "\uff03", "~": "\uff5e", "|": "\uff5c",
  "@": "\uff20", "!": "\uff01", "\\": "\uff3c", "&": "\uff06",
};

/**
 * DingTalk, Feishu (lark_md) and WeCom markdown. Their renderers differ and none
 * documents a reliable backslash escape, so markup characters become full-width
 * look-alikes: readable (these are CJK clients) and inert everywhere. `@` becomes
 * `＠`, so `@all`, `@所有人` and `<at id=all>` cannot mention anyone.
 */
export function escapeChatMarkdown(text: string): string {
  return defangLinks(oneLine(text))
    .replace(/\[:\]\/\//g, "\uff1a//")
    .replace(/[[\]()<>*_`#~|@!\\&]/g, (c) => FULLWIDTH[c]!);
}

/**
 * Teams Adaptive Card TextBlock text: a Markdown subset, shown as text (no HTML).
 * HTML-sensitive characters are entity-escaped and Markdown link/emphasis
 * characters replaced by look-alikes; URLs are defanged.
 */
export function escapeTeams(text: string): string {
  return defangLinks(oneLine(text))
    .replace(/\[:\]\/\//g, "\uff1a//")
    .replace(/[[\]()*_`#~|\\]/g, (c) => FULLWIDTH[c]!)
    .replace(/@(channel|here|everyone|all)\b/gi, "\uff20$1")
    .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Cuts at a code point boundary and marks the cut. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : chars.slice(0, max - 1).join("") + "\u2026";
}
