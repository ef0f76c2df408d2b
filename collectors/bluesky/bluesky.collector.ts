// Bluesky: app.bsky.feed.searchPosts (sort=latest) with cursor paging. With an app
// password the collector opens a session (com.atproto.server.createSession) and
// searches through the PDS; logged out it uses the public AppView, which may return
// only the first page. Follower counts come from one getProfiles call per 25 authors.
import { z } from "zod";
import { defineCollector, type CollectorContext, type EngagementCounts } from "../types.ts";
import { PermanentError } from "../../core/errors.ts";
import type { RawPost } from "../../analysis/types.ts";
import { StreamTracker, brandQuery, engagement, joinUrl, readJson, toDate } from "../kit/collect-kit.ts";

const params = z.object({
  /** Search queries (Lucene-like); default: one per brand from its keywords. */
  queries: z.array(z.string().min(1)).optional(),
  /** Handle or DID for createSession (with appPassword). */
  identifier: z.string().min(1).optional(),
  /** App password (secret: ${ENV}); never the account password. */
  appPassword: z.string().min(1).optional(),
  /** PDS used when authenticated. Default https://bsky.social. */
  pdsUrl: z.string().url().default("https://bsky.social"),
  /** Public AppView used when logged out. Default https://public.api.bsky.app. */
  publicUrl: z.string().url().default("https://public.api.bsky.app"),
  /** Restrict to one language (ISO 639-1). Default: all. */
  lang: z.string().min(2).max(8).optional(),
  /** Posts per page (max 100). Default 100. */
  limit: z.number().int().min(1).max(100).default(100),
  /** Pages per query per run. Default 5. */
  maxPages: z.number().int().min(1).max(50).default(5),
  /** Fetch follower counts of authors (one extra request per 25 authors). Default true. */
  followers: z.boolean().default(true),
}).strict().refine((p) => !!p.identifier === !!p.appPassword, { message: "set both identifier and appPassword, or neither", path: ["appPassword"] });

type Params = z.infer<typeof params>;

const postView = z.object({
  uri: z.string(),
  author: z.object({ did: z.string(), handle: z.string(), displayName: z.string().nullish() }).loose(),
  record: z.object({
    text: z.string().default(""),
    createdAt: z.string(),
    langs: z.array(z.string()).nullish(),
    reply: z.object({ parent: z.object({ uri: z.string() }).loose() }).loose().nullish(),
    embed: z.object({ record: z.object({ uri: z.string().optional() }).loose().nullish() }).loose().nullish(),
  }).loose(),
  replyCount: z.number().nullish(),
  repostCount: z.number().nullish(),
  likeCount: z.number().nullish(),
  quoteCount: z.number().nullish(),
  indexedAt: z.string().nullish(),
}).loose();

const searchResponse = z.object({ cursor: z.string().nullish(), posts: z.array(postView) }).loose();
const profilesResponse = z.object({ profiles: z.array(z.object({ did: z.string(), handle: z.string(), followersCount: z.number().nullish() }).loose()) }).loose();
const sessionResponse = z.object({ accessJwt: z.string().min(1), did: z.string() }).loose();

function toPost(v: z.infer<typeof postView>): RawPost {
  const rkey = v.uri.split("/").pop();
  const e = engagement({ likes: v.likeCount, reposts: (v.repostCount ?? 0) + (v.quoteCount ?? 0), replies: v.replyCount });
  return {
    externalId: v.uri,
    text: v.record.text,
    url: `https://bsky.app/profile/${v.author.handle}/post/${rkey}`,
    publishedAt: toDate(v.record.createdAt, `bluesky ${v.uri} record.createdAt`),
    language: v.record.langs?.[0] ?? null,
    author: { handle: `@${v.author.handle}`, displayName: v.author.displayName || null },
    engagement: e,
    parentExternalId: v.record.reply?.parent.uri ?? null,
    quotedExternalId: v.record.embed?.record?.uri ?? null,
  };
}

const sessions = new Map<string, { jwt: string; expiresAt: number }>();

async function session(ctx: CollectorContext<Params>): Promise<string | null> {
  const p = ctx.params;
  if (!p.identifier || !p.appPassword) return null;
  const key = `${p.pdsUrl}|${p.identifier}`;
  const hit = sessions.get(key);
  if (hit && hit.expiresAt > Date.now()) return hit.jwt;
  try {
    const res = await ctx.http.postJson(joinUrl(p.pdsUrl, "/xrpc/com.atproto.server.createSession"), { identifier: p.identifier, password: p.appPassword }, { signal: ctx.signal });
    const s = readJson(res, sessionResponse, "bluesky createSession");
    // Access tokens last about two hours; renew well before.
    sessions.set(key, { jwt: s.accessJwt, expiresAt: Date.now() + 60 * 60_000 });
    return s.accessJwt;
  } catch (err) {
    if (err instanceof PermanentError && (err.details.status === 401 || err.details.status === 400)) {
      throw new PermanentError(`bluesky: createSession refused ${p.identifier} (HTTP ${err.details.status}); check the handle and app password`, err.details, { cause: err });
    }
    throw err;
  }
}

export const blueskyCollector = defineCollector({
  id: "bluesky",
  title: "Bluesky",
  description: "app.bsky.feed.searchPosts, newest first, cursor paging; app-password session when configured.",
  textFormat: "text",
  platform: "bluesky",
  params,
  secrets: ["appPassword"],
  defaultSchedule: "*/10 * * * *",
  perMinute: 60,
  async collect(ctx) {
    const p = ctx.params;
    const jwt = await session(ctx);
    const base = jwt ? p.pdsUrl : p.publicUrl;
    const headers: Record<string, string> = { accept: "application/json" };
    if (jwt) headers.authorization = `Bearer ${jwt}`;
    const tracker = new StreamTracker(ctx.cursor);
    const queries = p.queries ?? ctx.brands.map((b) => brandQuery(b, { exclusions: false })).filter(Boolean);
    const posts: RawPost[] = [];
    const notes: string[] = [];
    for (const q of queries) {
      const delivered: RawPost[] = [];
      let cursor: string | null | undefined;
      for (let page = 0; page < p.maxPages; page++) {
        const u = new URL(joinUrl(base, "/xrpc/app.bsky.feed.searchPosts"));
        u.searchParams.set("q", q);
        u.searchParams.set("sort", "latest");
        u.searchParams.set("limit", String(p.limit));
        if (p.lang) u.searchParams.set("lang", p.lang);
        if (cursor) u.searchParams.set("cursor", cursor);
        const res = await ctx.http.get(u.toString(), { signal: ctx.signal, headers });
        const body = readJson(res, searchResponse, `bluesky search ${JSON.stringify(q)} page ${page}`);
        const pagePosts = body.posts.map(toPost);
        delivered.push(...tracker.fresh(q, pagePosts));
        cursor = body.cursor;
        if (!cursor || pagePosts.length === 0 || pagePosts.some((x) => tracker.isBehind(q, x))) break;
      }
      tracker.advance(q, delivered);
      posts.push(...delivered);
    }
    if (!jwt) notes.push("logged out: the public AppView may return only the first page; configure identifier/appPassword");
    if (p.followers && posts.length) {
      const handles = [...new Set(posts.map((x) => x.author!.handle.slice(1)))];
      const followers = new Map<string, number>();
      for (let i = 0; i < handles.length; i += 25) {
        const u = new URL(joinUrl(base, "/xrpc/app.bsky.actor.getProfiles"));
        for (const h of handles.slice(i, i + 25)) u.searchParams.append("actors", h);
        const res = await ctx.http.get(u.toString(), { signal: ctx.signal, headers });
        const body = readJson(res, profilesResponse, "bluesky getProfiles");
        for (const pr of body.profiles) {
          if (pr.followersCount != null) followers.set(pr.handle, pr.followersCount);
        }
      }
      for (const x of posts) {
        const f = followers.get(x.author!.handle.slice(1));
        if (f != null) x.author!.followers = f;
      }
    }
    return { posts, cursor: tracker.toJSON(), notes };
  },
  async refresh(ctx, externalIds) {
    const jwt = await session(ctx);
    const base = jwt ? ctx.params.pdsUrl : ctx.params.publicUrl;
    const headers: Record<string, string> = { accept: "application/json" };
    if (jwt) headers.authorization = `Bearer ${jwt}`;
    const out = new Map<string, EngagementCounts>();
    for (let i = 0; i < externalIds.length; i += 25) {
      const u = new URL(joinUrl(base, "/xrpc/app.bsky.feed.getPosts"));
      for (const uri of externalIds.slice(i, i + 25)) u.searchParams.append("uris", uri);
      const res = await ctx.http.get(u.toString(), { signal: ctx.signal, headers });
      const body = readJson(res, z.object({ posts: z.array(postView) }).loose(), "bluesky getPosts");
      for (const v of body.posts) { const e = toPost(v).engagement; if (e) out.set(v.uri, e); }
    }
    return out;
  },
});
