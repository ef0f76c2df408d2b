// Behaviour particular to single collectors that the shared contract cannot express:
// where credentials go, what happens without them, and the private-address guard.
import { afterEach, describe, expect, it } from "vitest";
import { mastodonCollector } from "../../collectors/mastodon/mastodon.collector.ts";
import { redditCollector } from "../../collectors/reddit/reddit.collector.ts";
import { blueskyCollector } from "../../collectors/bluesky/bluesky.collector.ts";
import { youtubeCollector } from "../../collectors/youtube/youtube.collector.ts";
import { hackernewsCollector } from "../../collectors/hackernews/hackernews.collector.ts";
import { newsSearchUrls } from "../../collectors/news-search/news-search.collector.ts";
import { newsSearchCollector } from "../../collectors/news-search/news-search.collector.ts";
import { HttpClient } from "../../core/http.ts";
import { PermanentError } from "../../core/errors.ts";
import { registerSecret } from "../../core/redact.ts";
import { TEST_BRANDS, makeContext, startFixtureServer, type FixtureServer } from "./harness.ts";
import { fx } from "./scenarios.ts";

const servers: FixtureServer[] = [];
afterEach(async () => { for (const s of servers.splice(0)) await s.close(); });
const json = (b: unknown) => ({ body: JSON.stringify(b), type: "application/json" });

describe("mastodon", () => {
  it("sends each token only to its own instance", async () => {
    const a = await startFixtureServer((u) => (u.pathname.startsWith("/api/v1/timelines/tag/") ? json(JSON.parse(fx("mastodon", "tag-page2.json"))) : null));
    const b = await startFixtureServer((u) => (u.pathname.startsWith("/api/v1/timelines/tag/") ? json(JSON.parse(fx("mastodon", "search.json")).statuses) : null));
    servers.push(a, b);
    const hostA = new URL(a.base).host;
    const r = await mastodonCollector.collect(makeContext(mastodonCollector, {
      instances: [{ url: a.base, hashtags: ["acmeair"] }, { url: b.base, hashtags: ["acmeair"] }],
      tokens: { [hostA]: "token-of-instance-a" },
    }));
    expect(r.posts).toHaveLength(3);
    expect(a.requests.every((q) => q.headers.authorization === "Bearer token-of-instance-a")).toBe(true);
    expect(b.requests.length).toBeGreaterThan(0);
    expect(b.requests.some((q) => q.headers.authorization !== undefined)).toBe(false);
  });

  it("skips searches on an instance without a token and says so", async () => {
    const a = await startFixtureServer((u) => (u.pathname.startsWith("/api/v1/timelines/tag/") ? json([]) : null));
    servers.push(a);
    const r = await mastodonCollector.collect(makeContext(mastodonCollector, { instances: [{ url: a.base, hashtags: ["acmeair"], searches: ["Acme Air"] }] }));
    expect(r.notes?.join(" ")).toMatch(/needs a token/);
    expect(a.requests.some((q) => q.url.pathname === "/api/v2/search")).toBe(false);
  });

  it("derives hashtags from single-word brand keywords", async () => {
    const a = await startFixtureServer((u) => (u.pathname.startsWith("/api/v1/timelines/tag/") ? json([]) : null));
    servers.push(a);
    await mastodonCollector.collect(makeContext(mastodonCollector, { instances: [{ url: a.base }] }));
    expect(a.requests.map((q) => q.url.pathname).sort()).toEqual(["/api/v1/timelines/tag/acmeair"]);
  });
});

describe("reddit without OAuth", () => {
  it("uses public JSON with a descriptive User-Agent and notes it", async () => {
    const s = await startFixtureServer((u) => (u.pathname === "/search.json" ? json(JSON.parse(fx("reddit", "search-page2.json"))) : null));
    servers.push(s);
    const r = await redditCollector.collect(makeContext(redditCollector, { baseUrl: s.base }));
    expect(r.posts.map((p) => p.externalId)).toEqual(["t3_r4", "t3_r5"]);
    expect(s.requests[0].headers["user-agent"]).toMatch(/earshot/);
    expect(s.requests[0].url.searchParams.get("q")).toBe('("Acme Air" OR acmeair) -"acme anvil"');
    expect(r.notes?.join(" ")).toMatch(/public JSON/);
  });

  it("explains a 403 on public JSON and points at OAuth", async () => {
    const s = await startFixtureServer(() => null);
    s.mode = 403;
    servers.push(s);
    const err = await redditCollector.collect(makeContext(redditCollector, { baseUrl: s.base })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentError);
    expect((err as Error).message).toMatch(/clientId\/clientSecret for OAuth/);
  });

  it("rejects half-configured credentials at config time", () => {
    expect(() => redditCollector.params.parse({ clientId: "only-the-id" })).toThrow(/both clientId and clientSecret/);
  });
});

describe("bluesky logged out", () => {
  it("searches the public AppView without a session and notes the first-page limit", async () => {
    const s = await startFixtureServer((u) => {
      if (u.pathname === "/xrpc/app.bsky.feed.searchPosts") return json(JSON.parse(fx("bluesky", "search-page1.json")));
      if (u.pathname === "/xrpc/app.bsky.actor.getProfiles") return json(JSON.parse(fx("bluesky", "profiles.json")));
      return null;
    });
    servers.push(s);
    const r = await blueskyCollector.collect(makeContext(blueskyCollector, { publicUrl: s.base, maxPages: 1 }));
    expect(r.posts).toHaveLength(3);
    expect(s.requests.some((q) => q.url.pathname.includes("createSession"))).toBe(false);
    expect(s.requests.every((q) => q.headers.authorization === undefined)).toBe(true);
    expect(r.notes?.join(" ")).toMatch(/logged out/);
  });
});

describe("youtube", () => {
  it("reads channel feeds without a key and never puts the key in an error", async () => {
    registerSecret("fixture-secret-youtube-key");
    const s = await startFixtureServer((u) => (u.pathname === "/feeds/videos.xml" ? { body: fx("youtube", "channel-feed.xml"), type: "application/atom+xml" } : null));
    servers.push(s);
    const noKey = await youtubeCollector.collect(makeContext(youtubeCollector, { channels: ["UCfixturechannel01"], feedBaseUrl: s.base }));
    expect(noKey.posts.map((p) => p.externalId)).toEqual(["yt:video:vidOfficial1"]);
    s.mode = 403;
    const err = await youtubeCollector.collect(makeContext(youtubeCollector, { feedBaseUrl: s.base, apiBaseUrl: s.base, apiKey: "fixture-secret-youtube-key", searches: ["x"] })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentError);
    expect(String((err as Error).message)).not.toContain("fixture-secret-youtube-key");
  });
});

describe("news-search", () => {
  it("builds Google and Bing URLs from keywords and exclusions, and custom templates", () => {
    const p = newsSearchCollector.params.parse({ engines: ["google", "bing"], templates: ["https://regional.example/search?q={query}&fmt=rss"], window: "1d" });
    const urls = newsSearchUrls(p, TEST_BRANDS);
    expect(urls).toEqual([
      "https://news.google.com/rss/search?q=(%22Acme%20Air%22%20OR%20acmeair)%20-%22acme%20anvil%22%20when%3A1d&hl=en-US&gl=US&ceid=US%3Aen",
      "https://www.bing.com/news/search?q=(%22Acme%20Air%22%20OR%20acmeair)%20-%22acme%20anvil%22&format=rss",
      "https://regional.example/search?q=(%22Acme%20Air%22%20OR%20acmeair)%20-%22acme%20anvil%22&fmt=rss",
    ]);
  });
});

describe("private-address guard", () => {
  it("refuses a loopback base URL unless the source sets allowPrivateNetwork", async () => {
    const s = await startFixtureServer(() => json({ hits: [], page: 0, nbPages: 0 }));
    servers.push(s);
    const ctx = makeContext<any>(hackernewsCollector, { baseUrl: s.base });
    ctx.http = new HttpClient({ retries: 0 });
    const err = await hackernewsCollector.collect(ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentError);
    expect((err as Error).message).toMatch(/allowPrivateNetwork/);
    expect(s.requests).toHaveLength(0);
  });
});
