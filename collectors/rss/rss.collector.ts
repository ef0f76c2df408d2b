// RSS/Atom feeds (also the base of news-search feeds). Conditional GET keeps polling
// cheap; the cursor remembers ETag/Last-Modified and the ids already seen so a
// restart never re-ingests, even for feeds that reorder or re-date items.
import Parser from "rss-parser";
import iconv from "iconv-lite";
import { z } from "zod";
import { defineCollector, type CollectorContext, type CollectResult } from "../types.ts";
import { ParseError } from "../../core/errors.ts";
import type { RawPost } from "../../analysis/types.ts";
import type { HttpResponse } from "../../core/http.ts";

export interface FeedCursor {
  etag?: string | null;
  lastModified?: string | null;
  /** Recently seen item ids (bounded) so reordered feeds do not re-ingest. */
  seen?: string[];
}

const SEEN_LIMIT = 2000;
const parser = new Parser({ customFields: { item: [["dc:creator", "creator"], ["author", "author"]] } });

/** Decodes a feed body honouring the charset from the XML prolog or Content-Type (non-UTF-8 feeds exist). */
export function decodeFeedBody(body: Buffer, contentType: string | null): string {
  const head = body.subarray(0, 200).toString("latin1");
  const fromProlog = /<\?xml[^>]*encoding=["']([\w-]+)["']/i.exec(head)?.[1];
  const fromHeader = /charset=([\w-]+)/i.exec(contentType ?? "")?.[1];
  const charset = (fromProlog ?? fromHeader ?? "utf-8").toLowerCase();
  if (charset === "utf-8" || charset === "utf8" || !iconv.encodingExists(charset)) return body.toString("utf8");
  // rss-parser re-reads the prolog; after decoding, the text is UTF-8.
  return iconv.decode(body, charset).replace(/(<\?xml[^>]*encoding=["'])[\w-]+(["'])/i, "$1utf-8$2");
}

export async function parseFeed(xml: string, label: string): Promise<RawPost[]> {
  const trimmed = xml.trimStart();
  if (/^<!doctype html|^<html[\s>]/i.test(trimmed)) {
    throw new ParseError(`${label}: the server returned an HTML page, not an RSS/Atom feed (check the URL)`);
  }
  let feed: Awaited<ReturnType<typeof parser.parseString>>;
  try {
    feed = await parser.parseString(xml);
  } catch (err) {
    throw new ParseError(`${label}: malformed feed XML: ${(err as Error).message.split("\n")[0]}`, { cause: err });
  }
  if (!Array.isArray(feed.items)) throw new ParseError(`${label}: no RSS <item> or Atom <entry> elements found`);
  const posts: RawPost[] = [];
  for (const item of feed.items) {
    const externalId = item.guid || (item as { id?: string }).id || item.link || (item.title ? `${item.title}|${item.pubDate ?? ""}` : null);
    if (!externalId) continue;
    const date = new Date(item.isoDate ?? item.pubDate ?? Date.now());
    const text = [item.content, item.contentSnippet, item.summary].find((v) => typeof v === "string" && v.trim()) ?? "";
    const author = (item.creator ?? item.author) as string | undefined;
    posts.push({
      externalId: String(externalId),
      title: item.title ?? null,
      text: item.title && !String(text).includes(item.title) ? `${item.title}\n${text}` : String(text),
      url: item.link ?? null,
      publishedAt: Number.isNaN(date.getTime()) ? new Date() : date,
      author: author ? { handle: String(author).slice(0, 200) } : null,
      language: (feed as { language?: string }).language?.slice(0, 2).toLowerCase() ?? null,
    });
  }
  return posts;
}

/** Fetch + parse + cursor bookkeeping, shared by rss, news-search and rsshub. */
export async function collectFeed(ctx: CollectorContext<unknown>, url: string, cursorIn: unknown, label = url): Promise<CollectResult> {
  const cursor = (cursorIn ?? {}) as FeedCursor;
  const res: HttpResponse = await ctx.http.get(url, { etag: cursor.etag, lastModified: cursor.lastModified, signal: ctx.signal, headers: { accept: "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1" } });
  if (res.notModified) return { posts: [], cursor, notes: ["not modified (304)"] };
  const posts = await parseFeed(decodeFeedBody(res.body, res.headers.get("content-type")), label);
  const seen = new Set(cursor.seen ?? []);
  const fresh = posts.filter((p) => !seen.has(p.externalId));
  const nextSeen = [...fresh.map((p) => p.externalId), ...(cursor.seen ?? [])].slice(0, SEEN_LIMIT);
  return { posts: fresh, cursor: { etag: res.etag, lastModified: res.lastModified, seen: nextSeen } satisfies FeedCursor };
}

export const rssCollector = defineCollector({
  id: "rss",
  title: "RSS / Atom feed",
  description: "Any RSS 2.0, RSS 1.0 or Atom feed; conditional GET; non-UTF-8 feeds decoded.",
  platform: "web",
  params: z.object({
    url: z.string().url().describe("Feed URL"),
  }).strict(),
  defaultSchedule: "*/15 * * * *",
  perMinute: 30,
  collect: (ctx) => collectFeed(ctx, ctx.params.url, ctx.cursor, `source ${ctx.source.id}`),
});
