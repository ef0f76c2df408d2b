// Reddit: search and subreddit listings (posts, optionally comments). With a client
// id/secret it uses OAuth app-only (client credentials) against oauth.reddit.com, the
// supported way (100 requests/min); otherwise the public .json endpoints with a
// descriptive User-Agent, which Reddit throttles and sometimes blocks (403).
import { z } from "zod";
import { defineCollector, type CollectorContext, type EngagementCounts } from "../types.ts";
import { PermanentError, RetryableError } from "../../core/errors.ts";
import type { HttpResponse } from "../../core/http.ts";
import type { RawPost } from "../../analysis/types.ts";
import { StreamTracker, brandQuery, engagement, joinUrl, readJson, toDate } from "../kit/collect-kit.ts";

const params = z.object({
  /** Search queries (Reddit syntax); default: one per brand from keywords, aliases and exclusions. */
  searches: z.array(z.string().min(1)).optional(),
  /** Subreddits whose newest posts are read in full (no "r/" prefix). Default none. */
  subreddits: z.array(z.string().regex(/^[A-Za-z0-9_]+$/, "subreddit name without r/")).default([]),
  /** Also read the newest comments of each subreddit. Default false. */
  subredditComments: z.boolean().default(false),
  /** OAuth app client id (secret: ${ENV}). Without id+secret the public JSON is used. */
  clientId: z.string().min(1).optional(),
  /** OAuth app client secret (secret: ${ENV}). */
  clientSecret: z.string().min(1).optional(),
  /** Reddit asks for "<platform>:<app id>:<version> (by /u/<user>)". Default: Earshot's. */
  userAgent: z.string().min(1).default("server:earshot:0.1 (self-hosted social listening)"),
  /** Public JSON base. Default https://www.reddit.com. */
  baseUrl: z.string().url().default("https://www.reddit.com"),
  /** OAuth API base. Default https://oauth.reddit.com. */
  oauthBaseUrl: z.string().url().default("https://oauth.reddit.com"),
  /** Token endpoint. Default https://www.reddit.com/api/v1/access_token. */
  tokenUrl: z.string().url().default("https://www.reddit.com/api/v1/access_token"),
  /** Items per page (max 100). Default 100. */
  limit: z.number().int().min(1).max(100).default(100),
  /** Pages per stream per run. Default 3. */
  maxPages: z.number().int().min(1).max(20).default(3),
}).strict().refine((p) => !!p.clientId === !!p.clientSecret, { message: "set both clientId and clientSecret, or neither", path: ["clientSecret"] });

type Params = z.infer<typeof params>;

const thing = z.object({
  kind: z.string(),
  data: z.object({
    name: z.string(),
    id: z.string(),
    created_utc: z.number(),
    author: z.string().nullish(),
    title: z.string().nullish(),
    selftext: z.string().nullish(),
    body: z.string().nullish(),
    permalink: z.string().nullish(),
    url: z.string().nullish(),
    score: z.number().nullish(),
    ups: z.number().nullish(),
    num_comments: z.number().nullish(),
    parent_id: z.string().nullish(),
    link_id: z.string().nullish(),
    crosspost_parent: z.string().nullish(),
    subreddit: z.string().nullish(),
    view_count: z.number().nullish(),
  }).loose(),
});

const listing = z.object({
  kind: z.literal("Listing"),
  data: z.object({ after: z.string().nullish(), children: z.array(thing) }).loose(),
});

function toPost(t: z.infer<typeof thing>): RawPost {
  const d = t.data;
  const isComment = t.kind === "t1";
  return {
    externalId: d.name,
    title: isComment ? null : (d.title ?? null),
    text: isComment ? (d.body ?? "") : [d.title, d.selftext].filter(Boolean).join("\n"),
    url: d.permalink ? `https://www.reddit.com${d.permalink}` : (d.url ?? null),
    publishedAt: toDate(d.created_utc, `reddit ${d.name} created_utc`),
    language: null,
    author: d.author && d.author !== "[deleted]" ? { handle: `u/${d.author}` } : null,
    engagement: engagement({ likes: d.score ?? d.ups, replies: d.num_comments, views: d.view_count }),
    parentExternalId: isComment ? (d.parent_id ?? null) : null,
    quotedExternalId: d.crosspost_parent ?? null,
  };
}

const tokenResponse = z.object({ access_token: z.string().min(1), expires_in: z.number().default(3600) }).loose();
// Tokens live for an hour; cached per app so every run does not cost a token request.
const tokenCache = new Map<string, { token: string; expiresAt: number }>();

async function bearer(ctx: CollectorContext<Params>): Promise<string | null> {
  const p = ctx.params;
  if (!p.clientId || !p.clientSecret) return null;
  const key = `${p.tokenUrl}|${p.clientId}`;
  const hit = tokenCache.get(key);
  if (hit && hit.expiresAt > Date.now() + 60_000) return hit.token;
  let res: HttpResponse;
  try {
    res = await ctx.http.request({
      url: p.tokenUrl, method: "POST", signal: ctx.signal,
      headers: {
        authorization: "Basic " + Buffer.from(`${p.clientId}:${p.clientSecret}`).toString("base64"),
        "content-type": "application/x-www-form-urlencoded",
        "user-agent": p.userAgent,
      },
      body: "grant_type=client_credentials",
    });
  } catch (err) {
    if (err instanceof PermanentError && (err.details.status === 401 || err.details.status === 403)) {
      throw new PermanentError(`reddit OAuth: the client id/secret were refused (HTTP ${err.details.status}); check the app credentials`, err.details, { cause: err });
    }
    throw err;
  }
  const t = readJson(res, tokenResponse, "reddit OAuth token");
  tokenCache.set(key, { token: t.access_token, expiresAt: Date.now() + t.expires_in * 1000 });
  return t.access_token;
}

async function getListing(ctx: CollectorContext<Params>, path: string, query: Record<string, string>, token: string | null, label: string) {
  const p = ctx.params;
  const u = new URL(token ? joinUrl(p.oauthBaseUrl, path) : joinUrl(p.baseUrl, `${path}.json`));
  for (const [k, v] of Object.entries({ ...query, raw_json: "1" })) u.searchParams.set(k, v);
  const headers: Record<string, string> = { "user-agent": p.userAgent, accept: "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  try {
    const res = await ctx.http.get(u.toString(), { signal: ctx.signal, headers });
    return readJson(res, listing, label);
  } catch (err) {
    const status = (err as RetryableError | PermanentError).details?.status;
    if (err instanceof RetryableError && status === 429) {
      throw new RetryableError(`${label}: reddit rate limit reached (HTTP 429); ${token ? "OAuth allows 100 requests/min" : "public JSON is heavily throttled: configure clientId/clientSecret for OAuth"}; will back off`, err.details, { cause: err });
    }
    if (err instanceof PermanentError && status === 403) {
      throw new PermanentError(`${label}: reddit refused the request (HTTP 403): ${token ? "the OAuth app lacks access to this listing" : "public JSON is blocked for this address or User-Agent; configure clientId/clientSecret for OAuth"}`, err.details, { cause: err });
    }
    if (err instanceof PermanentError && status === 401) {
      if (token) tokenCache.delete(`${p.tokenUrl}|${p.clientId}`);
      throw new PermanentError(`${label}: reddit rejected the credentials (HTTP 401)`, err.details, { cause: err });
    }
    throw err;
  }
}

export const redditCollector = defineCollector({
  id: "reddit",
  title: "Reddit",
  description: "Reddit search and subreddit listings; OAuth app-only when credentials are configured, public JSON otherwise.",
  platform: "reddit",
  params,
  secrets: ["clientId", "clientSecret"],
  defaultSchedule: "*/10 * * * *",
  perMinute: 60,
  async collect(ctx) {
    const p = ctx.params;
    const token = await bearer(ctx);
    const tracker = new StreamTracker(ctx.cursor);
    const streams: { key: string; path: string; query: Record<string, string> }[] = [];
    const searches = p.searches ?? ctx.brands.map((b) => brandQuery(b)).filter(Boolean);
    for (const q of searches) streams.push({ key: `search:${q}`, path: "/search", query: { q, sort: "new", t: "all", type: "link" } });
    for (const s of p.subreddits) {
      streams.push({ key: `r/${s}`, path: `/r/${s}/new`, query: {} });
      if (p.subredditComments) streams.push({ key: `r/${s}/comments`, path: `/r/${s}/comments`, query: {} });
    }
    const posts: RawPost[] = [];
    for (const s of streams) {
      let after: string | null | undefined;
      const delivered: RawPost[] = [];
      for (let page = 0; page < p.maxPages; page++) {
        const q: Record<string, string> = { ...s.query, limit: String(p.limit) };
        if (after) q.after = after;
        const body = await getListing(ctx, s.path, q, token, `reddit ${s.key} page ${page}`);
        const pagePosts = body.data.children.filter((c) => c.kind === "t3" || c.kind === "t1").map(toPost);
        delivered.push(...tracker.fresh(s.key, pagePosts));
        after = body.data.after;
        if (!after || pagePosts.length === 0 || pagePosts.some((x) => tracker.isBehind(s.key, x))) break;
      }
      tracker.advance(s.key, delivered);
      posts.push(...delivered);
    }
    return { posts, cursor: tracker.toJSON(), notes: token ? [] : ["public JSON (no OAuth credentials configured)"] };
  },
  async refresh(ctx, externalIds) {
    const token = await bearer(ctx);
    const out = new Map<string, EngagementCounts>();
    for (let i = 0; i < externalIds.length; i += 100) {
      const ids = externalIds.slice(i, i + 100);
      const body = await getListing(ctx, "/api/info", { id: ids.join(",") }, token, "reddit refresh");
      for (const c of body.data.children) {
        const post = toPost(c);
        if (post.engagement) out.set(post.externalId, post.engagement);
      }
    }
    return out;
  },
});
