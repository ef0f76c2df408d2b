// YouTube: channel and playlist Atom feeds need no key (views and rating counts come in
// media:community). With a Data API key it also searches videos by the brand's
// keywords and reads the newest comment threads on the matching videos: a complaint
// like "United Breaks Guitars" lives in the comments as much as in the video.
import Parser from "rss-parser";
import { z } from "zod";
import { defineCollector, type CollectorContext, type EngagementCounts } from "../types.ts";
import { ParseError, PermanentError } from "../../core/errors.ts";
import type { RawPost } from "../../analysis/types.ts";
import { StreamTracker, brandQuery, engagement, joinUrl, readJson, toDate } from "../kit/collect-kit.ts";

const params = z.object({
  /** Channel ids (UC...) whose uploads feed is read. */
  channels: z.array(z.string().regex(/^UC[\w-]{10,}$/, "a channel id starting with UC")).default([]),
  /** Playlist ids whose feed is read. */
  playlists: z.array(z.string().min(10)).default([]),
  /** Feed host. Default https://www.youtube.com. */
  feedBaseUrl: z.string().url().default("https://www.youtube.com"),
  /** YouTube Data API v3 key (secret: ${ENV}); enables search and comments. */
  apiKey: z.string().min(1).optional(),
  /** Data API base. Default https://www.googleapis.com/youtube/v3. */
  apiBaseUrl: z.string().url().default("https://www.googleapis.com/youtube/v3"),
  /** Video searches; default (with apiKey): one per brand. */
  searches: z.array(z.string().min(1)).optional(),
  /** Pages of search results per query per run (50 each; 100 quota units per page). Default 1. */
  maxSearchPages: z.number().int().min(1).max(10).default(1),
  /** Read comment threads of this many newest matching videos per run. Default 5 (0 = none). */
  commentVideos: z.number().int().min(0).max(50).default(5),
  /** Pages of comment threads per video per run (100 each). Default 1. */
  maxCommentPages: z.number().int().min(1).max(10).default(1),
}).strict();

type Params = z.infer<typeof params>;

type FeedItem = { id?: string; "yt:videoId"?: string; "media:group"?: Record<string, unknown> };
const feedParser = new Parser<Record<string, unknown>, FeedItem>({ customFields: { item: ["yt:videoId", "media:group", "id"] } });

function attr(node: unknown, path: string[], name: string): string | undefined {
  let cur: unknown = node;
  for (const k of path) cur = Array.isArray(cur) ? (cur[0] as Record<string, unknown>)?.[k] : (cur as Record<string, unknown>)?.[k];
  const first = Array.isArray(cur) ? cur[0] : cur;
  return (first as { $?: Record<string, string> } | undefined)?.$?.[name];
}

export async function parseYoutubeFeed(xml: string, label: string): Promise<RawPost[]> {
  if (/^\s*<(!doctype html|html)/i.test(xml)) throw new ParseError(`${label}: the server returned an HTML page, not a YouTube feed`);
  let feed: Awaited<ReturnType<typeof feedParser.parseString>>;
  try {
    feed = await feedParser.parseString(xml);
  } catch (err) {
    throw new ParseError(`${label}: malformed feed XML: ${(err as Error).message.split("\n")[0]}`, { cause: err });
  }
  return feed.items.map((it) => {
    const videoId = it["yt:videoId"] ?? String(it.id ?? it.link ?? "").replace(/^yt:video:/, "");
    if (!videoId) throw new ParseError(`${label}: an entry has neither yt:videoId nor id`);
    const group = it["media:group"];
    const desc = (group?.["media:description"] as string[] | undefined)?.[0];
    const views = attr(group, ["media:community", "media:statistics"], "views");
    const likes = attr(group, ["media:community", "media:starRating"], "count");
    const author = (it as { author?: string }).author ?? it.creator;
    return {
      externalId: `yt:video:${videoId}`,
      title: it.title ?? null,
      text: [it.title, typeof desc === "string" ? desc : ""].filter(Boolean).join("\n"),
      url: it.link ?? `https://www.youtube.com/watch?v=${videoId}`,
      publishedAt: toDate(it.isoDate ?? it.pubDate, `${label} entry ${videoId} published`),
      language: null,
      author: author ? { handle: String(author) } : null,
      engagement: engagement({ views, likes }),
    } satisfies RawPost;
  });
}

const searchResponse = z.object({
  nextPageToken: z.string().nullish(),
  items: z.array(z.object({
    id: z.object({ videoId: z.string().optional() }).loose(),
    snippet: z.object({ publishedAt: z.string(), channelId: z.string(), channelTitle: z.string().nullish(), title: z.string(), description: z.string().nullish(), defaultAudioLanguage: z.string().nullish() }).loose(),
  }).loose()),
}).loose();

const videosResponse = z.object({
  items: z.array(z.object({
    id: z.string(),
    snippet: z.object({ defaultAudioLanguage: z.string().nullish(), defaultLanguage: z.string().nullish() }).loose().nullish(),
    statistics: z.object({ viewCount: z.string().nullish(), likeCount: z.string().nullish(), commentCount: z.string().nullish() }).loose().nullish(),
  }).loose()),
}).loose();

const channelsResponse = z.object({
  items: z.array(z.object({ id: z.string(), statistics: z.object({ subscriberCount: z.string().nullish(), hiddenSubscriberCount: z.boolean().nullish() }).loose().nullish() }).loose()).default([]),
}).loose();

const commentSnippet = z.object({
  textOriginal: z.string().nullish(), textDisplay: z.string().nullish(),
  authorDisplayName: z.string().nullish(), authorChannelId: z.object({ value: z.string() }).loose().nullish(),
  likeCount: z.number().nullish(), publishedAt: z.string(), videoId: z.string().nullish(),
}).loose();

const commentThreadsResponse = z.object({
  nextPageToken: z.string().nullish(),
  items: z.array(z.object({
    id: z.string(),
    snippet: z.object({
      videoId: z.string().nullish(),
      totalReplyCount: z.number().nullish(),
      topLevelComment: z.object({ id: z.string(), snippet: commentSnippet }).loose(),
    }).loose(),
  }).loose()),
}).loose();

async function api<S extends z.ZodType>(ctx: CollectorContext<Params>, path: string, query: Record<string, string>, schema: S, label: string): Promise<z.infer<S>> {
  const u = new URL(joinUrl(ctx.params.apiBaseUrl, path));
  for (const [k, v] of Object.entries(query)) u.searchParams.set(k, v);
  u.searchParams.set("key", ctx.params.apiKey!);
  try {
    return readJson(await ctx.http.get(u.toString(), { signal: ctx.signal, headers: { accept: "application/json" } }), schema, label);
  } catch (err) {
    if (err instanceof PermanentError && err.details.status === 403) {
      throw new PermanentError(`${label}: YouTube Data API refused the request (HTTP 403): daily quota exceeded or the API key is not allowed; see the Google Cloud console`, err.details, { cause: err });
    }
    throw err;
  }
}

export const youtubeCollector = defineCollector({
  id: "youtube",
  title: "YouTube",
  description: "Channel and playlist feeds; with an API key, video search and comment threads on matching videos.",
  platform: "youtube",
  params,
  secrets: ["apiKey"],
  defaultSchedule: "*/30 * * * *",
  perMinute: 60,
  async collect(ctx) {
    const p = ctx.params;
    const tracker = new StreamTracker(ctx.cursor);
    const posts: RawPost[] = [];
    const feeds = [...p.channels.map((c) => ["channel_id", c]), ...p.playlists.map((pl) => ["playlist_id", pl])];
    for (const [kind, id] of feeds) {
      const key = `feed:${id}`;
      const res = await ctx.http.get(`${joinUrl(p.feedBaseUrl, "/feeds/videos.xml")}?${kind}=${encodeURIComponent(id)}`, { signal: ctx.signal });
      const fresh = tracker.fresh(key, await parseYoutubeFeed(res.text(), `youtube feed ${id}`));
      tracker.advance(key, fresh);
      posts.push(...fresh);
    }
    const notes: string[] = [];
    if (!p.apiKey) {
      if (p.searches?.length) notes.push("searches ignored: they need apiKey");
      return { posts, cursor: tracker.toJSON(), notes };
    }
    const videos: RawPost[] = [];
    const searches = p.searches ?? ctx.brands.map((b) => brandQuery(b)).filter(Boolean);
    for (const q of searches) {
      const key = `search:${q}`;
      const since = tracker.get(key)?.since;
      let pageToken: string | null | undefined;
      const delivered: RawPost[] = [];
      for (let page = 0; page < p.maxSearchPages; page++) {
        const query: Record<string, string> = { part: "snippet", q, type: "video", order: "date", maxResults: "50" };
        if (since) query.publishedAfter = new Date(Date.parse(since) - 3600_000).toISOString();
        if (pageToken) query.pageToken = pageToken;
        const body = await api(ctx, "/search", query, searchResponse, `youtube search ${JSON.stringify(q)} page ${page}`);
        const pagePosts: RawPost[] = body.items.filter((i) => i.id.videoId).map((i) => ({
          externalId: `yt:video:${i.id.videoId}`,
          title: i.snippet.title,
          text: [i.snippet.title, i.snippet.description].filter(Boolean).join("\n"),
          url: `https://www.youtube.com/watch?v=${i.id.videoId}`,
          publishedAt: toDate(i.snippet.publishedAt, `youtube search item ${i.id.videoId} publishedAt`),
          language: i.snippet.defaultAudioLanguage ?? null,
          author: { handle: i.snippet.channelTitle ?? i.snippet.channelId, displayName: i.snippet.channelTitle ?? null, channelId: i.snippet.channelId } as NonNullable<RawPost["author"]>,
          engagement: null,
        }));
        delivered.push(...tracker.fresh(key, pagePosts));
        pageToken = body.nextPageToken;
        if (!pageToken || pagePosts.length === 0) break;
      }
      tracker.advance(key, delivered);
      videos.push(...delivered);
    }
    // Counts and subscriber numbers: one videos.list and one channels.list call per 50.
    const stats = await videoStats(ctx, videos.map((v) => v.externalId.slice("yt:video:".length)));
    const channelIds = [...new Set(videos.map((v) => (v.author as { channelId?: string }).channelId).filter((c): c is string => !!c))];
    const subs = new Map<string, number>();
    for (let i = 0; i < channelIds.length; i += 50) {
      const body = await api(ctx, "/channels", { part: "statistics", id: channelIds.slice(i, i + 50).join(","), maxResults: "50" }, channelsResponse, "youtube channels");
      for (const c of body.items) if (c.statistics?.subscriberCount && !c.statistics.hiddenSubscriberCount) subs.set(c.id, Number(c.statistics.subscriberCount));
    }
    for (const v of videos) {
      const s = stats.get(v.externalId);
      if (s) v.engagement = s;
      const author = v.author as NonNullable<RawPost["author"]> & { channelId?: string };
      author.followers = author.channelId ? (subs.get(author.channelId) ?? null) : null;
      delete author.channelId;
    }
    posts.push(...videos);
    // Comments on the newest matching videos (new ones from this run first, then the rest).
    const targets = [...new Set([...videos, ...posts].sort((a, b) => b.publishedAt.getTime() - a.publishedAt.getTime()).map((v) => v.externalId))].slice(0, p.commentVideos);
    for (const vid of targets) {
      const videoId = vid.slice("yt:video:".length);
      const key = `comments:${videoId}`;
      let pageToken: string | null | undefined;
      const delivered: RawPost[] = [];
      for (let page = 0; page < p.maxCommentPages; page++) {
        const query: Record<string, string> = { part: "snippet", videoId, order: "time", maxResults: "100", textFormat: "plainText" };
        if (pageToken) query.pageToken = pageToken;
        const body = await api(ctx, "/commentThreads", query, commentThreadsResponse, `youtube comments on ${videoId} page ${page}`);
        const pagePosts: RawPost[] = body.items.map((t) => {
          const c = t.snippet.topLevelComment;
          return {
            externalId: `yt:comment:${c.id}`,
            text: c.snippet.textOriginal ?? c.snippet.textDisplay ?? "",
            url: `https://www.youtube.com/watch?v=${videoId}&lc=${c.id}`,
            publishedAt: toDate(c.snippet.publishedAt, `youtube comment ${c.id} publishedAt`),
            language: null,
            author: c.snippet.authorDisplayName ? { handle: c.snippet.authorDisplayName } : null,
            engagement: engagement({ likes: c.snippet.likeCount, replies: t.snippet.totalReplyCount }),
            parentExternalId: vid,
          };
        });
        delivered.push(...tracker.fresh(key, pagePosts));
        pageToken = body.nextPageToken;
        if (!pageToken || pagePosts.some((x) => tracker.isBehind(key, x))) break;
      }
      tracker.advance(key, delivered);
      posts.push(...delivered);
    }
    return { posts, cursor: tracker.toJSON(), notes };
  },
  async refresh(ctx, externalIds) {
    if (!ctx.params.apiKey) return new Map();
    const ids = externalIds.filter((e) => e.startsWith("yt:video:")).map((e) => e.slice("yt:video:".length));
    return videoStats(ctx, ids);
  },
});

async function videoStats(ctx: CollectorContext<Params>, ids: string[]): Promise<Map<string, EngagementCounts>> {
  const out = new Map<string, EngagementCounts>();
  for (let i = 0; i < ids.length; i += 50) {
    const body = await api(ctx, "/videos", { part: "statistics,snippet", id: ids.slice(i, i + 50).join(","), maxResults: "50" }, videosResponse, "youtube videos");
    for (const v of body.items) {
      const e = engagement({ views: v.statistics?.viewCount, likes: v.statistics?.likeCount, replies: v.statistics?.commentCount });
      if (e) out.set(`yt:video:${v.id}`, e);
    }
  }
  return out;
}
