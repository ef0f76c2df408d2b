// Mastodon: hashtag timelines (public, no token) and, with a token, status search,
// across several instances. A post federates to many instances under different local
// ids, so the externalId is its ActivityPub uri: the same toot read on two instances is
// one mention. Each token is sent only to the instance it belongs to.
import { z } from "zod";
import { defineCollector, type CollectorContext, type EngagementCounts } from "../types.ts";
import type { RawPost } from "../../analysis/types.ts";
import { StreamTracker, engagement, joinUrl, readJson, toDate } from "../kit/collect-kit.ts";

const instance = z.object({
  /** Instance base URL, e.g. https://mastodon.social. */
  url: z.string().url(),
  /** Hashtags (without #). Default: single-word brand keywords. */
  hashtags: z.array(z.string().regex(/^[\p{L}\p{N}_]+$/u, "hashtag without # or spaces")).optional(),
  /** Full-text status searches (need a token on most instances). Default none. */
  searches: z.array(z.string().min(1)).default([]),
}).strict();

const params = z.object({
  instances: z.array(instance).min(1),
  /**
   * Access tokens by instance host, e.g. { "mastodon.social": "${MASTODON_SOCIAL_TOKEN}" }
   * (secret). A token is only ever sent to the instance whose host is its key; it enables `searches`.
   */
  tokens: z.record(z.string(), z.string().min(1)).default({}),
  /** Statuses per page (max 40). Default 40. */
  limit: z.number().int().min(1).max(40).default(40),
  /** Pages per stream per run. Default 3. */
  maxPages: z.number().int().min(1).max(20).default(3),
}).strict();

type Params = z.infer<typeof params>;
type Instance = z.infer<typeof instance>;

/** The token for this instance only: looked up by the instance's own host. */
function tokenFor(p: Params, inst: Instance): string | undefined {
  return p.tokens[new URL(inst.url).host];
}

interface StatusShape {
  id: string; uri: string; url?: string | null; created_at: string; content: string; language?: string | null;
  spoiler_text?: string | null; in_reply_to_id?: string | null;
  replies_count?: number | null; reblogs_count?: number | null; favourites_count?: number | null;
  account: { acct: string; display_name?: string | null; followers_count?: number | null; bot?: boolean | null; url?: string | null };
  reblog?: StatusShape | null;
  quote?: { quoted_status?: { uri: string } | null } | null;
  in_reply_to_account_id?: string | null;
}

const status: z.ZodType<StatusShape> = z.lazy(() => z.object({
  id: z.string(),
  uri: z.string(),
  url: z.string().nullish(),
  created_at: z.string(),
  content: z.string(),
  language: z.string().nullish(),
  spoiler_text: z.string().nullish(),
  in_reply_to_id: z.string().nullish(),
  replies_count: z.number().nullish(),
  reblogs_count: z.number().nullish(),
  favourites_count: z.number().nullish(),
  account: z.object({
    acct: z.string(),
    display_name: z.string().nullish(),
    followers_count: z.number().nullish(),
    bot: z.boolean().nullish(),
    url: z.string().nullish(),
  }).loose(),
  reblog: status.nullish(),
  quote: z.object({ quoted_status: z.object({ uri: z.string() }).loose().nullish() }).loose().nullish(),
}).loose()) as z.ZodType<StatusShape>;

function toPost(s: StatusShape, host: string): RawPost {
  const acct = s.account.acct.includes("@") ? s.account.acct : `${s.account.acct}@${host}`;
  return {
    externalId: s.uri,
    text: [s.spoiler_text, s.content].filter(Boolean).join("\n"),
    url: s.url ?? s.uri,
    publishedAt: toDate(s.created_at, `mastodon ${s.uri} created_at`),
    language: s.language ?? null,
    author: { handle: `@${acct}`, displayName: s.account.display_name || null, followers: s.account.followers_count ?? null },
    engagement: engagement({ likes: s.favourites_count, reposts: s.reblogs_count, replies: s.replies_count }),
    // in_reply_to_id is the instance-local id; keep it prefixed so it cannot collide with a uri.
    parentExternalId: s.in_reply_to_id ? `${host}:${s.in_reply_to_id}` : null,
    quotedExternalId: s.quote?.quoted_status?.uri ?? null,
  };
}

function hashtagsOf(ctx: CollectorContext<Params>, inst: Instance): string[] {
  if (inst.hashtags) return inst.hashtags;
  return [...new Set(ctx.brands.flatMap((b) => [...b.keywords, ...b.aliases]).map((k) => k.replace(/[\s\-']/g, "").toLowerCase()).filter((k) => /^[\p{L}\p{N}_]+$/u.test(k)))];
}

export const mastodonCollector = defineCollector({
  id: "mastodon",
  title: "Mastodon",
  description: "Hashtag timelines and (with a token) status search across several Mastodon instances.",
  platform: "mastodon",
  params,
  secrets: ["tokens"],
  defaultSchedule: "*/10 * * * *",
  perMinute: 60,
  async collect(ctx) {
    const p = ctx.params;
    const tracker = new StreamTracker(ctx.cursor);
    const posts: RawPost[] = [];
    const notes: string[] = [];
    for (const inst of p.instances) {
      const host = new URL(inst.url).host;
      const headers: Record<string, string> = { accept: "application/json" };
      const token = tokenFor(p, inst);
      if (token) headers.authorization = `Bearer ${token}`;
      const streams: { key: string; path: string; query: Record<string, string>; pick: (b: unknown) => StatusShape[] }[] = [];
      for (const tag of hashtagsOf(ctx, inst)) {
        streams.push({ key: `${host}#${tag}`, path: `/api/v1/timelines/tag/${encodeURIComponent(tag)}`, query: {}, pick: (b) => b as StatusShape[] });
      }
      for (const q of inst.searches) {
        if (!token) { notes.push(`${host}: search ${JSON.stringify(q)} skipped: needs a token for this instance`); continue; }
        streams.push({ key: `${host}?${q}`, path: "/api/v2/search", query: { q, type: "statuses", resolve: "false" }, pick: (b) => (b as { statuses: StatusShape[] }).statuses });
      }
      for (const s of streams) {
        const delivered: RawPost[] = [];
        let maxId: string | null = null;
        for (let page = 0; page < p.maxPages; page++) {
          const u = new URL(joinUrl(inst.url, s.path));
          for (const [k, v] of Object.entries({ ...s.query, limit: String(p.limit) })) u.searchParams.set(k, v);
          if (maxId) u.searchParams.set("max_id", maxId);
          const res = await ctx.http.get(u.toString(), { signal: ctx.signal, headers });
          const label = `mastodon ${s.key} page ${page}`;
          const list = s.path.includes("search")
            ? readJson(res, z.object({ statuses: z.array(status) }).loose(), label).statuses
            : readJson(res, z.array(status), label);
          const statuses = list.map((x) => x.reblog ?? x);
          const pagePosts = statuses.map((x) => toPost(x, host));
          delivered.push(...tracker.fresh(s.key, pagePosts));
          if (list.length < p.limit || pagePosts.some((x) => tracker.isBehind(s.key, x))) break;
          maxId = list[list.length - 1].id;
        }
        tracker.advance(s.key, delivered);
        posts.push(...delivered);
      }
    }
    return { posts, cursor: tracker.toJSON(), notes };
  },
  async refresh(ctx, externalIds) {
    // A status is re-read on its home instance when that instance is configured, else
    // resolved by uri through a configured instance that has a token (no calls to unknown hosts).
    const out = new Map<string, EngagementCounts>();
    const searcher = ctx.params.instances.find((i) => tokenFor(ctx.params, i));
    for (const uri of externalIds) {
      const m = /^https?:\/\/([^/]+)\/users\/[^/]+\/statuses\/(\d+)$/.exec(uri);
      const home = m ? ctx.params.instances.find((i) => new URL(i.url).host === m[1]) : undefined;
      const inst = home ?? searcher;
      if (!inst) continue;
      const headers: Record<string, string> = { accept: "application/json" };
      const token = tokenFor(ctx.params, inst);
      if (token) headers.authorization = `Bearer ${token}`;
      let s: StatusShape | undefined;
      if (home && m) {
        const res = await ctx.http.get(joinUrl(inst.url, `/api/v1/statuses/${m[2]}`), { signal: ctx.signal, headers, okStatuses: [404, 410] });
        if (res.status === 200) s = readJson(res, status, `mastodon refresh ${uri}`);
      } else {
        const u = new URL(joinUrl(inst.url, "/api/v2/search"));
        for (const [k, v] of Object.entries({ q: uri, type: "statuses", resolve: "true", limit: "1" })) u.searchParams.set(k, v);
        const res = await ctx.http.get(u.toString(), { signal: ctx.signal, headers });
        s = readJson(res, z.object({ statuses: z.array(status) }).loose(), `mastodon refresh ${uri}`).statuses.find((x) => x.uri === uri);
      }
      const e = s ? toPost(s, new URL(inst.url).host).engagement : null;
      if (e) out.set(uri, e);
    }
    return out;
  },
});
