// One scenario per registered collector: how to serve its fixtures, which params to
// give it, what must come out. contract.test.ts runs the same checks over all of
// them and fails when a registered collector has no scenario.
import fs from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import type { RawPost } from "../../analysis/types.ts";
import type { FixtureReply, FixtureRouter } from "./harness.ts";

export const FIXTURES = path.resolve(import.meta.dirname, "../fixtures/collectors");
export const fx = (id: string, name: string) => fs.readFileSync(path.join(FIXTURES, id, name), "utf8");
const json = (body: unknown): FixtureReply => ({ body: JSON.stringify(body), type: "application/json" });
const xml = (body: string): FixtureReply => ({ body, type: "application/rss+xml; charset=utf-8" });
const atom = (body: string): FixtureReply => ({ body, type: "application/atom+xml; charset=utf-8" });

export interface FixtureState { extra: boolean }

export interface HttpScenario {
  kind: "http";
  params(base: string): Record<string, unknown>;
  router(state: FixtureState): FixtureRouter;
  /** externalIds of the first run (every page / stream). */
  expectedIds: string[];
  /** externalIds that appear when state.extra is set (a newer post and what hangs off it). */
  newIds: string[];
  /** True when the requests show the collector followed a second page (or stream). */
  paged(requests: URL[]): boolean;
  /** Field-level checks on the first run's posts. */
  check(posts: RawPost[]): void;
  refresh?: { ids: string[]; expect: Record<string, Record<string, number>> };
}

/** Inserts the "new" item in front of a JSON list found at `key` (or the array itself). */
function withNew<T>(page: T, item: unknown, key?: string): T {
  const clone = JSON.parse(JSON.stringify(page));
  const list = key ? key.split(".").reduce((o: any, k) => o[k], clone) : clone;
  list.unshift(item);
  return clone;
}

const byId = (posts: RawPost[], id: string) => {
  const p = posts.find((x) => x.externalId === id);
  expect(p, `post ${id}`).toBeDefined();
  return p!;
};

function feedWithNew(xmlText: string, item: string, extra: boolean): string {
  return extra ? xmlText.replace(/<item>/, `${item}\n<item>`) : xmlText;
}

export const httpScenarios: Record<string, HttpScenario> = {
  hackernews: {
    kind: "http",
    params: (base) => ({ baseUrl: base, hitsPerPage: 3 }),
    router: (s) => (url) => {
      if (url.pathname === "/api/v1/search_by_date") {
        const page = url.searchParams.get("page") ?? "0";
        const body = JSON.parse(fx("hackernews", `page${page}.json`));
        return json(page === "0" && s.extra ? withNew(body, JSON.parse(fx("hackernews", "new.json")), "hits") : body);
      }
      if (url.pathname === "/api/v1/items/9100001") return json(JSON.parse(fx("hackernews", "item-9100001.json")));
      return null;
    },
    expectedIds: ["9100003", "9100002", "9100001", "9099002", "9099001"],
    newIds: ["9100009"],
    paged: (reqs) => reqs.some((u) => u.searchParams.get("page") === "1"),
    check(posts) {
      const story = byId(posts, "9100001");
      expect(story.title).toContain("refund");
      expect(story.engagement).toEqual({ likes: 57, replies: 41 });
      expect(story.url).toBe("https://news.ycombinator.com/item?id=9100001");
      const comment = byId(posts, "9100003");
      expect(comment.parentExternalId).toBe("9100001");
      expect(comment.author?.handle).toBe("pilotpete");
      expect(comment.publishedAt.toISOString()).toBe("2026-11-20T10:00:00.000Z");
    },
    refresh: { ids: ["9100001", "404404"], expect: { "9100001": { likes: 212, replies: 3 } } },
  },

  reddit: {
    kind: "http",
    params: (base) => ({ baseUrl: base, oauthBaseUrl: `${base}/oauth`, tokenUrl: `${base}/api/v1/access_token`, clientId: "fixture-client-id", clientSecret: "fixture-client-secret", subreddits: ["flightattendants"], subredditComments: true, limit: 3 }),
    router: (s) => (url, req) => {
      if (url.pathname === "/api/v1/access_token") {
        const ok = req.headers.authorization === "Basic " + Buffer.from("fixture-client-id:fixture-client-secret").toString("base64");
        return ok ? json(JSON.parse(fx("reddit", "token.json"))) : { status: 401, body: "{}" };
      }
      if (!url.pathname.startsWith("/oauth/")) return null; // public JSON must not be used when OAuth is configured
      if (req.headers.authorization !== "Bearer fixture-reddit-access-token-123") return { status: 401, body: "{}" };
      const p = url.pathname.slice("/oauth".length);
      if (p === "/search") {
        if (url.searchParams.get("after") === "t3_r3") return json(JSON.parse(fx("reddit", "search-page2.json")));
        const page1 = JSON.parse(fx("reddit", "search-page1.json"));
        return json(s.extra ? withNew(page1, JSON.parse(fx("reddit", "new.json")), "data.children") : page1);
      }
      if (p === "/r/flightattendants/new") return json(JSON.parse(fx("reddit", "subreddit-new.json")));
      if (p === "/r/flightattendants/comments") return json(JSON.parse(fx("reddit", "subreddit-comments.json")));
      if (p === "/api/info") return json(JSON.parse(fx("reddit", "info.json")));
      return null;
    },
    expectedIds: ["t3_r1", "t3_r2", "t3_r3", "t3_r4", "t3_r5", "t3_s1", "t1_c1"],
    newIds: ["t3_r9"],
    paged: (reqs) => reqs.some((u) => u.searchParams.get("after") === "t3_r3"),
    check(posts) {
      const r1 = byId(posts, "t3_r1");
      expect(r1.url).toBe("https://www.reddit.com/r/travel/comments/r1/acme_air_broke_my_guitar/");
      expect(r1.author?.handle).toBe("u/bagless_in_boston");
      expect(r1.engagement).toEqual({ likes: 845, replies: 212 });
      expect(byId(posts, "t3_r2").quotedExternalId).toBe("t3_r1");
      expect(byId(posts, "t3_r3").author).toBeNull();
      expect(byId(posts, "t1_c1").parentExternalId).toBe("t3_s1");
    },
    refresh: { ids: ["t3_r1"], expect: { t3_r1: { likes: 2400, replies: 530 } } },
  },

  mastodon: {
    kind: "http",
    params: (base) => ({ instances: [{ url: base, hashtags: ["acmeair"], searches: ["Acme Air"] }], tokens: { [new URL(base).host]: "fixture-mastodon-token", "elsewhere.example": "token-for-another-instance" }, limit: 3 }),
    router: (s) => (url, req) => {
      if (req.headers.authorization !== "Bearer fixture-mastodon-token") return { status: 401, body: "{}" };
      if (url.pathname === "/api/v1/timelines/tag/acmeair") {
        if (url.searchParams.get("max_id") === "113000000000000001") return json(JSON.parse(fx("mastodon", "tag-page2.json")));
        const page1 = JSON.parse(fx("mastodon", "tag-page1.json"));
        return json(s.extra ? withNew(page1, JSON.parse(fx("mastodon", "new.json"))) : page1);
      }
      if (url.pathname === "/api/v2/search" && url.searchParams.get("resolve") === "true") {
        const st = JSON.parse(fx("mastodon", "status-113000000000000003.json"));
        return json({ accounts: [], hashtags: [], statuses: url.searchParams.get("q") === st.uri ? [st] : [] });
      }
      if (url.pathname === "/api/v2/search") return json(JSON.parse(fx("mastodon", "search.json")));
      if (url.pathname === "/api/v1/statuses/113000000000000003") return json(JSON.parse(fx("mastodon", "status-113000000000000003.json")));
      return null;
    },
    expectedIds: [
      "https://social.example/users/bassline/statuses/113000000000000003",
      "https://other.example/users/reisender/statuses/555",
      "https://social.example/users/gatekeeper/statuses/112999999999999990",
      "https://social.example/users/wanderer/statuses/112990000000000002",
      "https://social.example/users/cw/statuses/112990000000000001",
      "https://second.example/users/critic/statuses/7001",
    ],
    newIds: ["https://social.example/users/bassline/statuses/113000000000000009"],
    paged: (reqs) => reqs.some((u) => u.searchParams.get("max_id") === "113000000000000001"),
    check(posts) {
      const a = byId(posts, "https://social.example/users/bassline/statuses/113000000000000003");
      expect(a.author?.followers).toBe(1830);
      expect(a.engagement).toEqual({ likes: 52, reposts: 19, replies: 4 });
      expect(a.language).toBe("en");
      expect(a.url).toBe("https://social.example/@bassline/113000000000000003");
      expect(byId(posts, "https://other.example/users/reisender/statuses/555").author?.handle).toBe("@reisender@other.example");
      const boosted = byId(posts, "https://social.example/users/gatekeeper/statuses/112999999999999990");
      expect(boosted.quotedExternalId).toBe("https://social.example/users/bassline/statuses/112999999999999000");
      expect(boosted.parentExternalId).toMatch(/:112999999999999900$/);
    },
    refresh: { ids: ["https://social.example/users/bassline/statuses/113000000000000003"], expect: { "https://social.example/users/bassline/statuses/113000000000000003": { likes: 980, reposts: 310, replies: 40 } } },
  },

  bluesky: {
    kind: "http",
    params: (base) => ({ pdsUrl: base, publicUrl: `${base}/public-must-not-be-used`, identifier: "monitor.example.com", appPassword: "fixture-app-password", limit: 3 }),
    router: (s) => (url, req, body) => {
      if (url.pathname === "/xrpc/com.atproto.server.createSession") {
        const b = JSON.parse(body || "{}");
        return b.password === "fixture-app-password" ? json(JSON.parse(fx("bluesky", "session.json"))) : { status: 401, body: "{}" };
      }
      if (req.headers.authorization !== "Bearer fixture-bsky-access-jwt-abc") return { status: 401, body: "{}" };
      if (url.pathname === "/xrpc/app.bsky.feed.searchPosts") {
        if (url.searchParams.get("cursor") === "c2") return json(JSON.parse(fx("bluesky", "search-page2.json")));
        const page1 = JSON.parse(fx("bluesky", "search-page1.json"));
        return json(s.extra ? withNew(page1, JSON.parse(fx("bluesky", "new.json")), "posts") : page1);
      }
      if (url.pathname === "/xrpc/app.bsky.actor.getProfiles") return json(JSON.parse(fx("bluesky", "profiles.json")));
      if (url.pathname === "/xrpc/app.bsky.feed.getPosts") {
        const page1 = JSON.parse(fx("bluesky", "search-page1.json"));
        page1.posts[0].likeCount = 5000;
        return json({ posts: page1.posts.filter((p: { uri: string }) => url.searchParams.getAll("uris").includes(p.uri)) });
      }
      return null;
    },
    expectedIds: ["at://did:plc:aaa/app.bsky.feed.post/3kb3", "at://did:plc:bbb/app.bsky.feed.post/3kb2", "at://did:plc:ccc/app.bsky.feed.post/3kb1", "at://did:plc:ddd/app.bsky.feed.post/3ka2", "at://did:plc:eee/app.bsky.feed.post/3ka1"],
    newIds: ["at://did:plc:aaa/app.bsky.feed.post/3kb9"],
    paged: (reqs) => reqs.some((u) => u.searchParams.get("cursor") === "c2"),
    check(posts) {
      const a = byId(posts, "at://did:plc:aaa/app.bsky.feed.post/3kb3");
      expect(a.url).toBe("https://bsky.app/profile/strummer.bsky.social/post/3kb3");
      expect(a.author).toMatchObject({ handle: "@strummer.bsky.social", followers: 15200 });
      expect(a.engagement).toEqual({ likes: 130, reposts: 45, replies: 12 });
      expect(byId(posts, "at://did:plc:bbb/app.bsky.feed.post/3kb2").parentExternalId).toBe("at://did:plc:aaa/app.bsky.feed.post/3kb3");
      expect(byId(posts, "at://did:plc:ccc/app.bsky.feed.post/3kb1").quotedExternalId).toBe("at://did:plc:aaa/app.bsky.feed.post/3kb3");
      expect(byId(posts, "at://did:plc:ddd/app.bsky.feed.post/3ka2").language).toBe("ja");
    },
    refresh: { ids: ["at://did:plc:aaa/app.bsky.feed.post/3kb3"], expect: { "at://did:plc:aaa/app.bsky.feed.post/3kb3": { likes: 5000, reposts: 45, replies: 12 } } },
  },

  youtube: {
    kind: "http",
    params: (base) => ({ channels: ["UCfixturechannel01"], feedBaseUrl: base, apiBaseUrl: `${base}/youtube/v3`, apiKey: "fixture-youtube-key", maxSearchPages: 2, commentVideos: 1 }),
    router: (s) => (url) => {
      if (url.pathname === "/feeds/videos.xml") return url.searchParams.get("channel_id") === "UCfixturechannel01" ? atom(fx("youtube", "channel-feed.xml")) : null;
      if (url.searchParams.get("key") !== "fixture-youtube-key") return { status: 403, body: JSON.stringify({ error: { message: "API key not valid" } }) };
      const p = url.pathname.replace("/youtube/v3", "");
      if (p === "/search") {
        if (url.searchParams.get("pageToken") === "PAGE2") return json(JSON.parse(fx("youtube", "search-page2.json")));
        const page1 = JSON.parse(fx("youtube", "search-page1.json"));
        return json(s.extra ? withNew(page1, JSON.parse(fx("youtube", "new.json")), "items") : page1);
      }
      if (p === "/videos") {
        const ids = (url.searchParams.get("id") ?? "").split(",");
        const all = JSON.parse(fx("youtube", "videos.json"));
        return json({ items: all.items.filter((v: { id: string }) => ids.includes(v.id)) });
      }
      if (p === "/channels") return json(JSON.parse(fx("youtube", "channels.json")));
      if (p === "/commentThreads") return json(JSON.parse(fx("youtube", "comments.json").replaceAll("VIDEO", url.searchParams.get("videoId") ?? "")));
      return null;
    },
    expectedIds: ["yt:video:vidOfficial1", "yt:video:vidSong0001", "yt:video:vidReact0001", "yt:video:vidReview001", "yt:comment:vidSong0001-A", "yt:comment:vidSong0001-B"],
    newIds: ["yt:video:vidSong0002", "yt:comment:vidSong0002-A", "yt:comment:vidSong0002-B"],
    paged: (reqs) => reqs.some((u) => u.searchParams.get("pageToken") === "PAGE2"),
    check(posts) {
      const feed = byId(posts, "yt:video:vidOfficial1");
      expect(feed.engagement).toEqual({ views: 10450, likes: 312 });
      expect(feed.author?.handle).toBe("Acme Air Official");
      const song = byId(posts, "yt:video:vidSong0001");
      expect(song.engagement).toEqual({ views: 4000000, likes: 150000, replies: 23000 });
      expect(song.author).toMatchObject({ handle: "Dave the Musician", followers: 81000 });
      expect(byId(posts, "yt:video:vidReview001").author?.followers).toBeNull();
      const c = byId(posts, "yt:comment:vidSong0001-A");
      expect(c.parentExternalId).toBe("yt:video:vidSong0001");
      expect(c.engagement).toEqual({ likes: 3400, replies: 56 });
      expect(c.url).toBe("https://www.youtube.com/watch?v=vidSong0001&lc=vidSong0001-A");
    },
    refresh: { ids: ["yt:video:vidSong0001", "yt:comment:vidSong0001-A"], expect: { "yt:video:vidSong0001": { views: 4000000, likes: 150000, replies: 23000 } } },
  },

  "news-search": {
    kind: "http",
    params: (base) => ({ engines: ["google", "bing"], googleBaseUrl: `${base}/gnews`, bingBaseUrl: `${base}/bing` }),
    router: (s) => (url) => {
      if (url.pathname === "/gnews/rss/search") {
        // The query is built from the brand: keywords OR aliases, exclusions negated.
        if (url.searchParams.get("q") !== '("Acme Air" OR acmeair) -"acme anvil"') return { status: 400, body: `unexpected q ${url.searchParams.get("q")}` };
        return xml(feedWithNew(fx("news-search", "google.xml"), fx("news-search", "new-item.xml"), s.extra));
      }
      if (url.pathname === "/bing/news/search" && url.searchParams.get("format") === "rss") return xml(fx("news-search", "bing.xml"));
      return null;
    },
    expectedIds: ["CBMiAAA111", "CBMiBBB222", "https://business.example.org/acme-guitar"],
    newIds: ["CBMiCCC333"],
    paged: (reqs) => reqs.some((u) => u.pathname.startsWith("/gnews")) && reqs.some((u) => u.pathname.startsWith("/bing")),
    check(posts) {
      const a = byId(posts, "CBMiAAA111");
      expect(a.url).toBe("https://news.example.com/rss/articles/AAA111?oc=5");
      expect(a.title).toContain("backlash");
      expect(a.publishedAt.toISOString()).toBe("2026-11-20T10:00:00.000Z");
      expect(a.language).toBe("en");
    },
  },

  rsshub: {
    kind: "http",
    params: (base) => ({ instance: base, routes: ["/weibo/keyword/AcmeAir", "/bilibili/vsearch/AcmeAir"], accessKey: "fixture-rsshub-key" }),
    router: (s) => (url) => {
      if (url.searchParams.get("key") !== "fixture-rsshub-key") return { status: 403, body: "access key required" };
      if (url.pathname === "/weibo/keyword/AcmeAir") return xml(feedWithNew(fx("rsshub", "weibo.xml"), fx("rsshub", "new-item.xml"), s.extra));
      if (url.pathname === "/bilibili/vsearch/AcmeAir") return xml(fx("rsshub", "bilibili.xml"));
      return null;
    },
    expectedIds: ["https://weibo.com/1000000001/Nabc001", "https://weibo.com/1000000002/Nabc002", "https://www.bilibili.com/video/BV1fixture01"],
    newIds: ["https://weibo.com/1000000009/Nabc009"],
    paged: (reqs) => reqs.some((u) => u.pathname.startsWith("/bilibili")) && reqs.some((u) => u.pathname.startsWith("/weibo")),
    check(posts) {
      const w = byId(posts, "https://weibo.com/1000000001/Nabc001");
      expect(w.platform).toBe("weibo");
      expect(w.text).toContain("吉他");
      expect(w.language).toBe("zh");
      expect(byId(posts, "https://www.bilibili.com/video/BV1fixture01").platform).toBe("bilibili");
    },
  },

  rss: {
    kind: "http",
    params: (base) => ({ url: `${base}/feed.xml` }),
    router: (s) => (url) => (url.pathname === "/feed.xml" ? xml(feedWithNew(fx("rss", "feed.xml"), fx("rss", "new-item.xml"), s.extra)) : null),
    expectedIds: ["https://weibo.com/1000000001/Nabc001", "https://weibo.com/1000000002/Nabc002"],
    newIds: ["https://weibo.com/1000000009/Nabc009"],
    // A single feed has no pages: the contract here is that one request reads the whole feed.
    paged: (reqs) => reqs.length >= 1,
    check(posts) {
      expect(byId(posts, "https://weibo.com/1000000001/Nabc001").url).toBe("https://weibo.com/1000000001/Nabc001");
    },
  },
};
