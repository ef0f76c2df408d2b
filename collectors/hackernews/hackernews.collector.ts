// Hacker News through the Algolia search API (search_by_date: newest first), stories
// and comments. One stream per query; pages until it reaches what the previous run
// already delivered, so a restart never re-ingests.
import { z } from "zod";
import { defineCollector, type CollectorContext } from "../types.ts";
import type { RawPost } from "../../analysis/types.ts";
import { StreamTracker, brandQuery, engagement, joinUrl, readJson, toDate } from "../kit/collect-kit.ts";

const params = z.object({
  /** Algolia HN API base. Default https://hn.algolia.com (configurable so tests and mirrors work). */
  baseUrl: z.string().url().default("https://hn.algolia.com"),
  /** Search queries; default: one per brand, built from its keywords and aliases. */
  queries: z.array(z.string().min(1)).optional(),
  /** Which item kinds to fetch. Default both. */
  tags: z.array(z.enum(["story", "comment"])).default(["story", "comment"]),
  /** Hits per page (Algolia max 1000). Default 100. */
  hitsPerPage: z.number().int().min(1).max(1000).default(100),
  /** Pages fetched per query per run (bounds the first run). Default 5. */
  maxPages: z.number().int().min(1).max(50).default(5),
}).strict();

type Params = z.infer<typeof params>;

const hit = z.object({
  objectID: z.string(),
  created_at: z.string().optional(),
  created_at_i: z.number(),
  author: z.string().nullish(),
  title: z.string().nullish(),
  url: z.string().nullish(),
  story_text: z.string().nullish(),
  comment_text: z.string().nullish(),
  points: z.number().nullish(),
  num_comments: z.number().nullish(),
  parent_id: z.number().nullish(),
  story_id: z.number().nullish(),
  _tags: z.array(z.string()).default([]),
}).loose();

const searchResponse = z.object({
  hits: z.array(hit),
  page: z.number(),
  nbPages: z.number(),
}).loose();

const itemResponse = z.object({
  id: z.number(),
  points: z.number().nullish(),
  children: z.array(z.unknown()).default([]),
}).loose();

export function hitToPost(h: z.infer<typeof hit>): RawPost {
  const isComment = h._tags.includes("comment") || (h.comment_text != null && !h.title);
  const text = (isComment ? h.comment_text : [h.title, h.story_text].filter(Boolean).join("\n")) ?? "";
  return {
    externalId: h.objectID,
    title: isComment ? null : (h.title ?? null),
    text,
    url: `https://news.ycombinator.com/item?id=${h.objectID}`,
    publishedAt: toDate(h.created_at_i, `hackernews item ${h.objectID} created_at_i`),
    language: null,
    author: h.author ? { handle: h.author } : null,
    engagement: engagement({ likes: h.points, replies: h.num_comments }),
    parentExternalId: isComment && h.parent_id != null ? String(h.parent_id) : null,
    quotedExternalId: null,
  };
}

function queriesOf(ctx: CollectorContext<Params>): string[] {
  if (ctx.params.queries?.length) return ctx.params.queries;
  // Algolia does not understand OR/-exclusions: one plain query per keyword instead.
  return [...new Set(ctx.brands.flatMap((b) => [...b.keywords, ...b.aliases]))];
}

export const hackernewsCollector = defineCollector({
  id: "hackernews",
  title: "Hacker News",
  description: "Stories and comments from the Algolia HN search API, newest first.",
  platform: "hackernews",
  params,
  defaultSchedule: "*/10 * * * *",
  perMinute: 60,
  async collect(ctx) {
    const p = ctx.params;
    const tracker = new StreamTracker(ctx.cursor);
    const posts: RawPost[] = [];
    const tagFilter = p.tags.length > 1 ? `(${p.tags.join(",")})` : p.tags[0];
    for (const q of queriesOf(ctx)) {
      const since = tracker.get(q)?.since;
      const delivered: RawPost[] = [];
      for (let page = 0; page < p.maxPages; page++) {
        const u = new URL(joinUrl(p.baseUrl, "/api/v1/search_by_date"));
        u.searchParams.set("query", q);
        u.searchParams.set("tags", tagFilter);
        u.searchParams.set("hitsPerPage", String(p.hitsPerPage));
        u.searchParams.set("page", String(page));
        // Server-side filter: only items from the last watermark on (minus an hour of slack for ties).
        if (since) u.searchParams.set("numericFilters", `created_at_i>=${Math.floor(Date.parse(since) / 1000) - 3600}`);
        const res = await ctx.http.get(u.toString(), { signal: ctx.signal, headers: { accept: "application/json" } });
        const body = readJson(res, searchResponse, `hackernews search ${JSON.stringify(q)} page ${page}`);
        const pagePosts = body.hits.map(hitToPost);
        delivered.push(...tracker.fresh(q, pagePosts));
        if (page + 1 >= body.nbPages || body.hits.length === 0) break;
        if (pagePosts.some((x) => tracker.isBehind(q, x))) break;
      }
      tracker.advance(q, delivered);
      posts.push(...delivered);
    }
    return { posts, cursor: tracker.toJSON() };
  },
  async refresh(ctx, externalIds) {
    const out = new Map<string, NonNullable<RawPost["engagement"]>>();
    for (const id of externalIds) {
      const res = await ctx.http.get(joinUrl(ctx.params.baseUrl, `/api/v1/items/${encodeURIComponent(id)}`), { signal: ctx.signal, okStatuses: [404] });
      if (res.status === 404) continue;
      const item = readJson(res, itemResponse, `hackernews item ${id}`);
      out.set(id, { likes: item.points ?? 0, replies: item.children.length });
    }
    return out;
  },
});
