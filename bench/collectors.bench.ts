// npm run bench:collectors: how fast each collector turns local fixtures into RawPosts
// (items/s through a full collect(): loopback HTTP, JSON/XML parsing, mapping, cursor),
// and the web-page collector's pages/min in headless Chromium with ONE shared browser,
// side by side with the baseline of launching a browser per page. Fixtures are the
// hand-written ones in test/fixtures/collectors, replicated to ~N items with unique ids.
// Medians of R repetitions. Needs no data set; the browser rows need Chromium.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { collectors } from "../collectors/registry.ts";
import type { CollectorDescriptor } from "../collectors/types.ts";
import { createIngestRoute } from "../collectors/push/push.route.ts";
import { resolveChromiumPath } from "../collectors/web-page/web-page.collector.ts";
import { TestSharedResources, makeContext, startFixtureServer, type FixtureReply, type FixtureRouter } from "../test/collectors/harness.ts";

const args = process.argv.slice(2);
const opt = (name: string, def: number) => { const i = args.indexOf(`--${name}`); return i >= 0 ? Number(args[i + 1]) : def; };
const N = opt("items", 1000);       // items per collect()
const R = opt("reps", 5);           // repetitions (median reported)
const PAGES = opt("pages", 8);      // web-page visits per measurement
const WARMUP = 2;

const FX = path.resolve(import.meta.dirname, "../test/fixtures/collectors");
const fx = (id: string, f: string) => fs.readFileSync(path.join(FX, id, f), "utf8");
const j = (id: string, f: string) => JSON.parse(fx(id, f));
const json = (b: unknown): FixtureReply => ({ body: JSON.stringify(b), type: "application/json" });
const xml = (b: string): FixtureReply => ({ body: b, type: "application/rss+xml; charset=utf-8" });
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

/** n copies of the templates, each made unique by mutate(copy, k). */
function replicate<T>(templates: T[], n: number, mutate: (c: any, k: number) => void): T[] {
  const out: T[] = [];
  for (let k = 0; k < n; k++) {
    const c = JSON.parse(JSON.stringify(templates[k % templates.length]));
    mutate(c, k);
    out.push(c);
  }
  return out;
}

function replicateXml(feed: string, n: number): string {
  const items = [...feed.matchAll(/<item>[\s\S]*?<\/item>/g)].map((m) => m[0]);
  const many: string[] = [];
  for (let k = 0; k < n; k++) {
    many.push(items[k % items.length].replace(/<guid([^>]*)>([^<]*)<\/guid>/, `<guid$1>$2-${k}</guid>`).replace(/<link>([^<]*)<\/link>/, `<link>$1-${k}</link>`));
  }
  return feed.replace(/<item>[\s\S]*<\/item>/, many.join("\n"));
}

interface Bench { params(base: string): Record<string, unknown>; router: FixtureRouter }

const benches: Record<string, () => Bench> = {
  hackernews: () => {
    const hits = replicate([...j("hackernews", "page0.json").hits, ...j("hackernews", "page1.json").hits], N, (c, k) => { c.objectID = `${c.objectID}-${k}`; c.created_at_i -= k; });
    return { params: (b) => ({ baseUrl: b, queries: ["Acme Air"], maxPages: 1, hitsPerPage: 1000 }), router: () => json({ page: 0, nbPages: 1, hits }) };
  },
  reddit: () => {
    const children = replicate(j("reddit", "search-page1.json").data.children, N, (c, k) => { c.data.name = `${c.data.name}_${k}`; c.data.created_utc -= k; });
    return {
      params: (b) => ({ baseUrl: b, searches: ["Acme Air"], maxPages: 1 }),
      router: (u) => (u.pathname === "/search.json" ? json({ kind: "Listing", data: { after: null, children } }) : null),
    };
  },
  mastodon: () => {
    const list = replicate(j("mastodon", "tag-page1.json"), N, (c, k) => { c.id = String(9e17 - k); c.uri = `${c.uri}-${k}`; if (c.reblog) c.reblog.uri = `${c.reblog.uri}-${k}`; });
    return {
      params: (b) => ({ instances: [{ url: b, hashtags: ["acmeair"] }], limit: 40, maxPages: 1 }),
      router: (u) => (u.pathname === "/api/v1/timelines/tag/acmeair" ? json(list) : null),
    };
  },
  bluesky: () => {
    const posts = replicate(j("bluesky", "search-page1.json").posts, N, (c, k) => { c.uri = `${c.uri}${k}`; });
    return {
      params: (b) => ({ publicUrl: b, queries: ["Acme Air"], maxPages: 1 }),
      router: (u) => (u.pathname === "/xrpc/app.bsky.feed.searchPosts" ? json({ posts }) : u.pathname === "/xrpc/app.bsky.actor.getProfiles" ? json(j("bluesky", "profiles.json")) : null),
    };
  },
  youtube: () => {
    const items = replicate(j("youtube", "search-page1.json").items, N, (c, k) => { c.id.videoId = `${c.id.videoId}${k}`; });
    return {
      params: (b) => ({ apiBaseUrl: b, apiKey: "bench-key", searches: ["Acme Air"], commentVideos: 0 }),
      router: (u) => {
        if (u.pathname === "/search") return json({ items });
        if (u.pathname === "/videos") return json({ items: (u.searchParams.get("id") ?? "").split(",").map((id) => ({ id, statistics: { viewCount: "1000", likeCount: "10", commentCount: "1" } })) });
        if (u.pathname === "/channels") return json(j("youtube", "channels.json"));
        return null;
      },
    };
  },
  "news-search": () => {
    const feed = replicateXml(fx("news-search", "google.xml"), N);
    return { params: (b) => ({ engines: ["google"], googleBaseUrl: b }), router: (u) => (u.pathname === "/rss/search" ? xml(feed) : null) };
  },
  rsshub: () => {
    const feed = replicateXml(fx("rsshub", "weibo.xml"), N);
    return { params: (b) => ({ instance: b, routes: ["/weibo/keyword/AcmeAir"] }), router: (u) => (u.pathname === "/weibo/keyword/AcmeAir" ? xml(feed) : null) };
  },
  rss: () => {
    const feed = replicateXml(fx("rss", "feed.xml"), N);
    return { params: (b) => ({ url: `${b}/feed.xml` }), router: (u) => (u.pathname === "/feed.xml" ? xml(feed) : null) };
  },
};

interface Row { collector: string; what: string; items: number; median: string; rate: string; note: string }
const rows: Row[] = [];

async function timeCollect(d: CollectorDescriptor, params: Record<string, unknown>, shared = new TestSharedResources()): Promise<{ ms: number; items: number }> {
  const t0 = performance.now();
  const r = await d.collect(makeContext(d, params, { shared, timeoutMs: 60_000 }));
  return { ms: performance.now() - t0, items: r.posts.length };
}

async function benchHttp(d: CollectorDescriptor) {
  const b = benches[d.id]();
  const server = await startFixtureServer(b.router);
  try {
    // Warm-up (JIT, connection pool); two runs, or the first collector pays for the shared feed parser's warm-up.
    for (let i = 0; i < WARMUP; i++) await timeCollect(d, b.params(server.base));
    const runs: { ms: number; items: number }[] = [];
    for (let i = 0; i < R; i++) runs.push(await timeCollect(d, b.params(server.base)));
    const ms = median(runs.map((r) => r.ms));
    const items = runs[0].items;
    rows.push({ collector: d.id, what: "collect() from local fixtures", items, median: `${ms.toFixed(1)} ms`, rate: `${Math.round(items / (ms / 1000)).toLocaleString("en")} items/s`, note: `${server.requests.length / (R + WARMUP)} request(s)/run` });
  } finally {
    await server.close();
  }
}

async function benchFileImport(d: CollectorDescriptor) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "earshot-bench-"));
  try {
    const [header, ...lines] = fx("file-import", "posts.csv").trimEnd().split(/\n(?=\d{4},)/);
    const body: string[] = [];
    for (let k = 0; k < N * 10; k++) body.push(lines[k % lines.length].replace(/^(\d+),/, `${k},`));
    const file = path.join(tmp, "posts.csv");
    fs.writeFileSync(file, [header, ...body].join("\n") + "\n");
    const runs: { ms: number; items: number }[] = [];
    for (let i = 0; i < R; i++) runs.push(await timeCollect(d, { path: file, maxRecords: N * 10 }));
    const ms = median(runs.map((r) => r.ms));
    rows.push({ collector: d.id, what: "collect() of a CSV file", items: runs[0].items, median: `${ms.toFixed(1)} ms`, rate: `${Math.round(runs[0].items / (ms / 1000)).toLocaleString("en")} items/s`, note: "csv-parse stream" });
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

async function benchPush() {
  const item = j("push", "batch.json").posts[0];
  const batch = JSON.stringify({ posts: replicate([item], Math.min(N, 1000), (c, k) => { c.externalId = `hd-${k}`; }) });
  let stored = 0;
  const app = createIngestRoute({ sources: [{ id: "bench", token: "bench-token-0123456789" }], ingest: async (_s, posts) => { stored += posts.length; }, maxBodyBytes: 16 * 1024 * 1024 });
  const once = async () => {
    const t0 = performance.now();
    const res = await app.request("/api/ingest", { method: "POST", body: batch, headers: { authorization: "Bearer bench-token-0123456789", "content-type": "application/json" } });
    if (res.status !== 200) throw new Error(`push bench: HTTP ${res.status} ${await res.text()}`);
    return performance.now() - t0;
  };
  await once();
  const times: number[] = [];
  for (let i = 0; i < R; i++) times.push(await once());
  const ms = median(times);
  const n = Math.min(N, 1000);
  rows.push({ collector: "push", what: "POST /api/ingest, validate batch", items: n, median: `${ms.toFixed(1)} ms`, rate: `${Math.round(n / (ms / 1000)).toLocaleString("en")} items/s`, note: `in-process hono, ${stored} stored` });
}

async function benchWebPage(d: CollectorDescriptor) {
  const chromium = resolveChromiumPath();
  if (!chromium || !fs.existsSync(chromium)) {
    rows.push({ collector: "web-page", what: "pages/min", items: 0, median: "-", rate: "-", note: "Chromium missing: apt-get install chromium or set EARSHOT_CHROMIUM_PATH" });
    return;
  }
  const items = fx("web-page", "items.json");
  const html = fx("web-page", "page.html").replace("<script>", `<script>window.__ITEMS__ = ${items};</script>\n<script>`);
  const server = await startFixtureServer((u) => (u.pathname === "/forum" ? { body: html, type: "text/html; charset=utf-8" } : null));
  const params = { url: `${server.base}/forum`, itemSelector: "article.post", textSelector: ".text", authorSelector: ".author", timeSelector: "time", linkSelector: "a.link", idAttribute: "data-id", likesSelector: ".likes", scrolls: 3, settleMs: 600 };
  try {
    const measure = async (sharedBrowser: boolean, pages: number) => {
      let shared = new TestSharedResources();
      let got = 0;
      if (sharedBrowser) got += (await timeCollect(d, params, shared)).items; // launch once, outside the clock
      const t0 = performance.now();
      for (let i = 0; i < pages; i++) {
        if (!sharedBrowser) shared = new TestSharedResources();
        got += (await timeCollect(d, params, shared)).items;
        if (!sharedBrowser) await shared.disposeAll();
      }
      const ms = performance.now() - t0;
      await shared.disposeAll();
      return { perMin: pages / (ms / 60_000), msPerPage: ms / pages, got };
    };
    const shared: number[] = [], fresh: number[] = [], sharedMs: number[] = [], freshMs: number[] = [];
    const reps = Math.max(1, Math.min(R, 3));
    for (let i = 0; i < reps; i++) {
      const s = await measure(true, PAGES); shared.push(s.perMin); sharedMs.push(s.msPerPage);
      const f = await measure(false, Math.max(2, Math.floor(PAGES / 2))); fresh.push(f.perMin); freshMs.push(f.msPerPage);
    }
    rows.push({ collector: "web-page", what: "pages/min, ONE shared browser", items: 12, median: `${median(sharedMs).toFixed(0)} ms/page`, rate: `${median(shared).toFixed(1)} pages/min`, note: `${PAGES} pages x ${reps}, 3 scrolls, settle 600 ms` });
    rows.push({ collector: "web-page (baseline)", what: "pages/min, browser launched per page", items: 12, median: `${median(freshMs).toFixed(0)} ms/page`, rate: `${median(fresh).toFixed(1)} pages/min`, note: "same page and params" });
  } finally {
    await server.close();
  }
}

console.error(`bench:collectors: ${N} items per collect(), median of ${R} runs; web-page ${PAGES} pages per measurement`);
for (const d of collectors as CollectorDescriptor[]) {
  if (benches[d.id]) await benchHttp(d);
  else if (d.id === "file-import") await benchFileImport(d);
  else if (d.id === "push") await benchPush();
  else if (d.id === "web-page") await benchWebPage(d);
  else rows.push({ collector: d.id, what: "-", items: 0, median: "-", rate: "-", note: "no benchmark defined" });
}

const cols: (keyof Row)[] = ["collector", "what", "items", "median", "rate", "note"];
const w = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
const line = (v: string[]) => "| " + v.map((x, i) => x.padEnd(w[i])).join(" | ") + " |";
console.log(line(cols as string[]));
console.log("|" + w.map((x) => "-".repeat(x + 2)).join("|") + "|");
for (const r of rows) console.log(line(cols.map((c) => String(r[c]))));
