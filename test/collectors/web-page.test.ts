// web-page in real headless Chromium against a local page whose items are inserted by
// JavaScript and appear only after scrolling. Chromium must be installed: when it is
// missing this file FAILS with instructions instead of passing silently.
import fs from "node:fs";
import path from "node:path";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { webPageCollector as d, resolveChromiumPath } from "../../collectors/web-page/web-page.collector.ts";
import { HttpClient } from "../../core/http.ts";
import { errorKind, PermanentError, RetryableError } from "../../core/errors.ts";
import { TestSharedResources, makeContext, startFixtureServer, type FaultMode, type FixtureServer } from "./harness.ts";
import { fx } from "./scenarios.ts";
import { rawPostSchema } from "./raw-post.schema.ts";

const chromium = resolveChromiumPath();
const state = { extra: false, garbage: false };
let server: FixtureServer;
const shared = new TestSharedResources();

function page(): string {
  const items = JSON.parse(fx("web-page", "items.json"));
  if (state.extra) items.unshift({ id: "w00", author: "@breaking", time: "2026-11-20T11:00:00Z", text: "Acme Air statement on the guitar video.", likes: "5" });
  return fx("web-page", "page.html").replace("<script>", `<script>window.__ITEMS__ = ${JSON.stringify(items)};</script>\n<script>`);
}

beforeAll(async () => {
  if (!chromium || !fs.existsSync(chromium)) {
    throw new Error(`Chromium not found (${chromium ?? "no EARSHOT_CHROMIUM_PATH, no /usr/bin/chromium"}): install it (Debian: apt-get install -y chromium) or set EARSHOT_CHROMIUM_PATH; the web-page collector cannot be tested without a real browser`);
  }
  server = await startFixtureServer((url) => {
    if (url.pathname !== "/forum") return null;
    if (state.garbage) return { body: "<!doctype html><html><body><p>Our site has moved. Nothing to see.</p></body></html>", type: "text/html; charset=utf-8" };
    return { body: page(), type: "text/html; charset=utf-8" };
  });
});

afterAll(async () => {
  await server?.close();
  await shared.disposeAll();
});

const params = (extra: Record<string, unknown> = {}) => ({
  url: `${server.base}/forum`,
  itemSelector: "article.post", textSelector: ".text", authorSelector: ".author", timeSelector: "time",
  linkSelector: "a.link", idAttribute: "data-id", likesSelector: ".likes",
  settleMs: 1500, navigationTimeoutMs: 5000, totalTimeoutMs: 30_000, ...extra,
});

describe("web-page collector in headless Chromium", () => {
  it("without scrolling sees only the first JavaScript-inserted items", async () => {
    const r = await d.collect(makeContext(d, params(), { shared }));
    expect(r.posts.map((p) => p.externalId)).toEqual(["w01", "w02", "w03", "w04", "w05"]);
  });

  it("scrolling reveals the rest, with author, time, permalink and counts", async () => {
    const r = await d.collect(makeContext(d, params({ scrolls: 5 }), { shared }));
    expect(r.posts).toHaveLength(12);
    for (const p of r.posts) expect(rawPostSchema.safeParse(p).success, p.externalId).toBe(true);
    expect(r.posts[0]).toMatchObject({
      externalId: "w01",
      text: "Acme Air handlers threw my guitar. Video in thread.",
      author: { handle: "@strings_attached" },
      url: `${server.base}/thread/w01`,
      engagement: { likes: 1200 },
    });
    expect(r.posts[0].publishedAt.toISOString()).toBe("2026-11-20T10:00:00.000Z");
    expect(r.posts[11].externalId).toBe("w12");
  });

  it("resumes from its cursor after a restart and returns only new items", async () => {
    const first = await d.collect(makeContext(d, params({ scrolls: 5 }), { shared }));
    const again = await d.collect(makeContext(d, params({ scrolls: 5 }), { shared, cursor: first.cursor }));
    expect(again.posts).toEqual([]);
    state.extra = true;
    try {
      const later = await d.collect(makeContext(d, params({ scrolls: 5 }), { shared, cursor: again.cursor }));
      expect(later.posts.map((p) => p.externalId)).toEqual(["w00"]);
    } finally {
      state.extra = false;
    }
  });

  it("clicks a load-more button until it disappears", async () => {
    const r = await d.collect(makeContext(d, params({ url: `${server.base}/forum?button`, loadMoreSelector: "#more", loadMoreClicks: 5 }), { shared }));
    expect(r.posts.map((p) => p.externalId)).toEqual(["w01", "w02", "w03", "w04", "w05", "w06", "w07", "w08", "w09", "w10", "w11", "w12"]);
  });

  it("uses one shared browser for every run and source", async () => {
    await d.collect(makeContext(d, params(), { shared, sourceId: "forum-a" }));
    await d.collect(makeContext(d, params(), { shared, sourceId: "forum-b" }));
    expect(shared.size).toBe(1);
  });

  const cases: [FaultMode, string][] = [[401, "PermanentError"], [403, "PermanentError"], [429, "RetryableError"], [500, "RetryableError"], ["timeout", "RetryableError"]];
  it.each(cases)("classifies %s as %s", async (mode, kind) => {
    server.mode = mode;
    try {
      const err = await d.collect(makeContext(d, params({ navigationTimeoutMs: 1000 }), { shared })).then(() => null, (e: unknown) => e);
      expect(errorKind(err), String(err)).toBe(kind);
    } finally {
      server.mode = "ok";
    }
  });

  it("classifies a page whose selectors match nothing (garbage) as ParseError", async () => {
    state.garbage = true;
    try {
      const err = await d.collect(makeContext(d, params({ settleMs: 300 }), { shared })).then(() => null, (e: unknown) => e);
      expect(errorKind(err)).toBe("ParseError");
      expect(String((err as Error).message)).toContain("article.post");
    } finally {
      state.garbage = false;
    }
  });

  it("stops at the hard total timeout even when the server never answers", async () => {
    server.mode = "timeout";
    try {
      const t0 = Date.now();
      const err = await d.collect(makeContext(d, params({ navigationTimeoutMs: 20_000, totalTimeoutMs: 800 }), { shared })).then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(RetryableError);
      expect((err as Error).message).toContain("totalTimeoutMs");
      expect(Date.now() - t0).toBeLessThan(10_000);
    } finally {
      server.mode = "ok";
    }
  });

  it("works under tsx, the loader the CLI runs with", async () => {
    const root = path.resolve(import.meta.dirname, "../..");
    const { stdout } = await promisify(execFile)(process.execPath, [path.join(root, "bin/run-ts.mjs"), path.join(root, "test/collectors/web-page-probe.ts"), JSON.stringify(params())], { cwd: root, timeout: 60_000 });
    expect(JSON.parse(stdout.trim().split("\n").pop()!)).toEqual(["w01", "w02", "w03", "w04", "w05"]);
  });

  it("refuses a loopback page unless the source allows private networks", async () => {
    const ctx = makeContext<any>(d, params(), { shared: new TestSharedResources() });
    ctx.http = new HttpClient({ allowPrivateNetwork: false });
    const err = await d.collect(ctx).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentError);
    expect((err as Error).message).toContain("allowPrivateNetwork");
  });
});
