// Turns what a collector saw into clean text and stable identities: HTML to text,
// entities decoded, whitespace folded, URLs canonicalised (tracking parameters
// stripped) and a content hash for exact dedupe.
import crypto, { createHash } from "node:crypto";
import { decodeHTML } from "entities";

const BLOCK_TAGS = /<\/?(p|div|br|li|ul|ol|h[1-6]|tr|td|th|blockquote|section|article|header|footer|pre)\b[^>]*>/gi;

// Text the folding below would leave exactly as it is: no control or zero-width character
// (a newline alone is kept), no tab or carriage return, no double space, no whitespace
// next to a newline, none at either end. Most posts are like that, and one test is
// cheaper than three replaces and a trim (every post goes through here).
const NEEDS_FOLDING = /[\u0000-\u0009\u000b-\u001f\u200b\ufeff]| {2}|\s\n|\n\s|^\s|\s$/;

/** Control characters dropped, runs of spaces folded, whitespace around newlines and at the ends removed. */
function fold(s: string): string {
  if (!NEEDS_FOLDING.test(s)) return s;
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u200b\ufeff]/g, "").replace(/[ \t\r\f\v]+/g, " ").replace(/\s*\n\s*/g, "\n").trim();
}

/** HTML (or plain text with entities) to plain text. Scripts and styles are dropped with their content. */
export function htmlToText(input: string): string {
  if (!input) return "";
  let s = input;
  if (s.includes("<")) {
    s = s
      .replace(/<!--[\s\S]*?-->/g, " ")
      .replace(/<(script|style|noscript|template)\b[\s\S]*?<\/\1\s*>/gi, " ")
      .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, "$1")
      .replace(BLOCK_TAGS, "\n")
      .replace(/<[^>]{0,2000}>/g, "");
  }
  if (s.includes("&")) s = decodeHTML(s);
  // Entities can decode to markup-looking text ("&lt;b&gt;"): that text is kept as text.
  return fold(s);
}

/** Plain text as typed: entities decoded, control characters dropped, whitespace folded; no markup stripped. */
export function plainText(input: string): string {
  if (!input) return "";
  return fold(input.includes("&") ? decodeHTML(input) : input);
}

const TRACKING = /^(utm_[a-z_]+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|igshid|yclid|_hsenc|_hsmi|ref_src|ref_url|spm|s_cid|cmpid|oly_anon_id|oly_enc_id|vero_id|mkt_tok)$/i;

/** Canonical form of a URL: lower-case host, no fragment, no tracking parameters, sorted query. */
export function canonicalizeUrl(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let u: URL;
  try { u = new URL(raw.trim()); } catch { return null; }
  if (u.protocol !== "http:" && u.protocol !== "https:") return null;
  // The parser already lower-cases http(s) hosts and drops default ports. Building the
  // string once costs a fraction of assigning hash, hostname, search and pathname in
  // turn (each assignment re-serialises the URL); the query is serialised exactly as
  // URLSearchParams.append would.
  if (!u.username && !u.password) {
    const params = [...u.searchParams].filter(([k]) => !TRACKING.test(k)).sort(([a], [b]) => a.localeCompare(b));
    const query = params.length ? `?${new URLSearchParams(params).toString()}` : "";
    const host = u.hostname.startsWith("www.") && u.hostname.length > 4 ? u.hostname.slice(4) : u.hostname;
    const pathname = u.pathname.length > 1 ? u.pathname.replace(/\/+$/, "") || "/" : u.pathname;
    return `${u.protocol}//${host}${u.port ? `:${u.port}` : ""}${pathname}${query}`;
  }
  u.hash = "";
  u.hostname = u.hostname.toLowerCase().replace(/^www\./, "");
  if ((u.protocol === "http:" && u.port === "80") || (u.protocol === "https:" && u.port === "443")) u.port = "";
  const params = [...u.searchParams.entries()].filter(([k]) => !TRACKING.test(k)).sort(([a], [b]) => a.localeCompare(b));
  u.search = "";
  for (const [k, v] of params) u.searchParams.append(k, v);
  if (u.pathname.length > 1) u.pathname = u.pathname.replace(/\/+$/, "");
  return u.toString();
}

const oneShotHash = (crypto as { hash?: (algorithm: string, data: string, encoding: "hex") => string }).hash;

/**
 * The first 64 bits (16 hex digits) of the sha1 of the text lower-cased with URLs removed
 * and whitespace folded: same words, same hash. 64 bits keep the dedupe index small (see
 * prisma/migrations/0004_content_hash_64bit) and still tell different texts apart.
 */
export function contentHash(text: string): string {
  let basis = text.toLowerCase();
  // Each replace only when it can change something (most posts have no link and single spaces).
  if (basis.includes("http")) basis = basis.replace(/https?:\/\/\S+/g, "");
  if (/[^\S ]| {2}/.test(basis)) basis = basis.replace(/\s+/g, " ");
  basis = basis.trim();
  // One-shot hashing (Node >= 20.12) skips the Hash object a post at a time.
  return (oneShotHash ? oneShotHash("sha1", basis, "hex") : createHash("sha1").update(basis).digest("hex")).slice(0, 16);
}
