// The RSS collector and the source runner against a real SQLite file and real local
// HTTP servers: every kind of bad feed gives a classified CollectorRun error naming
// the source, and never disturbs other sources or stored data.
import { afterEach, describe, expect, it } from "vitest";
import iconv from "iconv-lite";
import { SourceRunner } from "../../collectors/run-source.ts";
import { HttpClient } from "../../core/http.ts";
import { logger } from "../../core/log.ts";
import { openDatabase } from "../../core/db/index.ts";
import { createApp } from "../../core/app.ts";
import { makeApp, configFrom, baseBrand } from "../helpers/app.ts";
import { startServer, freePort, type Handler } from "../helpers/server.ts";
import { rss, atom, type FixtureItem } from "../helpers/feeds.ts";

const closers: Array<() => Promise<void>> = [];
afterEach(async () => { while (closers.length) await closers.pop()!(); });

const now = Date.now();
const items = (n: number, prefix = "p"): FixtureItem[] => Array.from({ length: n }, (_, i) => ({
  id: `${prefix}-${i}`, title: `Acme Air post ${prefix} ${i}`, body: `<p>Flight with <b>Acme Air</b> number ${i} &amp; more</p>`, date: new Date(now - (n - i) * 60_000), author: `writer${i}`,
}));

async function setup(routes: Record<string, Handler>, sources: Array<{ id: string; path: string; extra?: object }>) {
  const server = await startServer(routes);
  closers.push(() => server.close());
  const cfg = { sources: sources.map((s) => ({ id: s.id, type: "rss", allowPrivateNetwork: true, timeoutMs: 500, params: { url: `${server.url}${s.path}` }, ...(s.extra ?? {}) })) };
  const app = await makeApp(cfg);
  closers.push(() => app.db.close());
  const http = new HttpClient({ retries: 1, backoffBaseMs: 10, maxBackoffMs: 50 });
  const runner = new SourceRunner({ db: app.db, config: app.config, pipeline: app.pipeline, http, log: logger });
  return { server, app, runner };
}

async function lastRun(app: Awaited<ReturnType<typeof makeApp>>, sourceId: string) {
  return app.db.prisma.collectorRun.findFirstOrThrow({ where: { sourceId }, orderBy: { id: "desc" } });
}

describe("RSS source runs", () => {
  it("ingests RSS and Atom, normalises text and URLs, records the run", async () => {
    const { app, runner } = await setup({
      "/rss": (_q, r) => { r.setHeader("content-type", "application/rss+xml"); r.end(rss(items(3))); },
      "/atom": (_q, r) => r.end(atom(items(2, "a"))),
    }, [{ id: "feed-rss", path: "/rss" }, { id: "feed-atom", path: "/atom" }]);
    const a = await runner.run("feed-rss");
    const b = await runner.run("feed-atom");
    expect(a).toMatchObject({ status: "ok", itemsSeen: 3, itemsNew: 3 });
    expect(b).toMatchObject({ status: "ok", itemsNew: 2 });
    const m = await app.db.prisma.mention.findFirstOrThrow({ where: { externalId: "p-1" }, include: { author: true } });
    expect(m.text).toContain("Flight with Acme Air number 1 & more");
    expect(m.url).toBe("http://127.0.0.1/posts/p-1?utm_source=feed");
    expect(m.canonicalUrl).toBe("http://127.0.0.1/posts/p-1");
    expect(m.author?.handle).toBe("writer1");
    expect(m.sentimentLabel).toMatch(/negative|neutral|positive/);
    expect(m.language).toBe("en");
    const run = await lastRun(app, "feed-rss");
    expect(run).toMatchObject({ status: "ok", itemsSeen: 3, itemsNew: 3 });
    expect(run.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("never re-ingests an item across runs or across a restart", async () => {
    let served = items(4);
    const { app, runner, server } = await setup({ "/rss": (_q, r) => r.end(rss(served)) }, [{ id: "feed", path: "/rss" }]);
    expect((await runner.run("feed")).itemsNew).toBe(4);
    served = [...items(4), ...items(1, "new")];
    expect((await runner.run("feed")).itemsNew).toBe(1);
    // Restart: a new process opens the same database file with a fresh runner.
    await app.db.close();
    const db2 = await openDatabase(app.dbUrl);
    closers.push(() => db2.close());
    const app2 = await createApp(app.config, { db: db2 });
    const runner2 = new SourceRunner({ db: db2, config: app.config, pipeline: app2.pipeline, http: new HttpClient(), log: logger });
    const again = await runner2.run("feed");
    expect(again).toMatchObject({ status: "ok", itemsNew: 0 });
    expect(await db2.prisma.mention.count()).toBe(5);
    // Even with the cursor lost, the (source, externalId) key prevents duplicates.
    await db2.prisma.source.update({ where: { id: "feed" }, data: { cursor: null } });
    expect((await runner2.run("feed")).itemsNew).toBe(0);
    expect(await db2.prisma.mention.count()).toBe(5);
    expect(server.requests.length).toBe(4);
  });

  it("uses conditional GET so an unchanged feed costs a 304", async () => {
    const body = rss(items(2));
    const { runner, server } = await setup({
      "/rss": (q, r) => { if (q.headers["if-none-match"] === '"abc"') { r.statusCode = 304; r.end(); return; } r.setHeader("etag", '"abc"'); r.end(body); },
    }, [{ id: "feed", path: "/rss" }]);
    await runner.run("feed");
    const second = await runner.run("feed");
    expect(second).toMatchObject({ status: "ok", itemsSeen: 0 });
    expect(server.requests[1].headers["if-none-match"]).toBe('"abc"');
  });

  it("decodes non-UTF-8 feeds (ISO-8859-1 and GBK)", async () => {
    const latin = iconv.encode(rss([{ id: "l1", title: "Acme Air café crème", body: "Très déçu par Acme Air", date: new Date(now) }], { encoding: "ISO-8859-1" }), "latin1");
    const gbk = iconv.encode(rss([{ id: "g1", title: "阿克米航空 Acme Air 行李丢了", body: "Acme Air 服务太差", date: new Date(now) }], { encoding: "GBK" }), "gbk");
    const { app, runner } = await setup({
      "/latin": (_q, r) => r.end(latin),
      "/gbk": (_q, r) => r.end(gbk),
    }, [{ id: "latin", path: "/latin" }, { id: "gbk", path: "/gbk" }]);
    expect((await runner.run("latin")).status).toBe("ok");
    expect((await runner.run("gbk")).status).toBe("ok");
    const texts = (await app.db.prisma.mention.findMany({ orderBy: { id: "asc" } })).map((m) => m.text);
    expect(texts[0]).toContain("café crème");
    expect(texts[0]).toContain("Très déçu");
    expect(texts[1]).toContain("行李丢了");
  });

  it("classifies every kind of failure and keeps other sources and data intact", async () => {
    const refused = await freePort();
    const { app, runner } = await setup({
      "/good": (_q, r) => r.end(rss(items(2))),
      "/malformed": (_q, r) => r.end('<?xml version="1.0"?><rss><channel><item><title>Acme Air</title></chan'),
      "/html": (_q, r) => { r.setHeader("content-type", "text/html"); r.end("<!DOCTYPE html><html><body>Login</body></html>"); },
      "/huge": (_q, r) => { r.end("<rss>" + "x".repeat(11 * 1024 * 1024) + "</rss>"); },
      "/500": (_q, r) => { r.statusCode = 500; r.end("oops"); },
      "/hang": () => new Promise(() => {}),
      "/429": (_q, r) => { r.statusCode = 429; r.setHeader("retry-after", "0"); r.end("slow down"); },
    }, [
      { id: "good", path: "/good" }, { id: "malformed", path: "/malformed" }, { id: "html", path: "/html" },
      { id: "huge", path: "/huge" }, { id: "missing", path: "/nope" }, { id: "err500", path: "/500" },
      { id: "hang", path: "/hang" }, { id: "limited", path: "/429" },
    ]);
    await runner.run("good");
    const before = await app.db.prisma.mention.count();
    const expectations: Record<string, [string, RegExp]> = {
      malformed: ["ParseError", /source malformed: malformed feed XML/],
      html: ["ParseError", /source html: the server returned an HTML page, not an RSS\/Atom feed/],
      huge: ["PermanentError", /exceeds the 10485760-byte limit/],
      missing: ["PermanentError", /HTTP 404/],
      err500: ["RetryableError", /HTTP 500 \(oops\)/],
      hang: ["RetryableError", /timed out after 500 ms/],
      limited: ["RetryableError", /HTTP 429/],
    };
    for (const [id, [kind, msg]] of Object.entries(expectations)) {
      const res = await runner.run(id);
      expect(res.status, id).toBe("error");
      const run = await lastRun(app, id);
      expect(run.errorKind, id).toBe(kind);
      expect(run.error, id).toMatch(msg);
      const src = await app.db.prisma.source.findUniqueOrThrow({ where: { id } });
      expect(src.lastError).toContain(kind);
    }
    // Connection refused, on a port nobody listens on.
    const cfg = configFrom({ brands: [baseBrand], sources: [{ id: "refused", type: "rss", allowPrivateNetwork: true, params: { url: `http://127.0.0.1:${refused}/rss` } }] });
    await app.db.prisma.source.create({ data: { id: "refused", type: "rss", schedule: "* * * * *" } });
    const r2 = new SourceRunner({ db: app.db, config: cfg, pipeline: app.pipeline, http: new HttpClient({ retries: 0 }), log: logger });
    expect(await r2.run("refused")).toMatchObject({ status: "error", errorKind: "RetryableError" });
    expect((await lastRun(app, "refused")).error).toMatch(/connection failed.*ECONNREFUSED/);
    // Nothing stored was lost, and the good source still works.
    expect(await app.db.prisma.mention.count()).toBe(before);
    expect((await runner.run("good")).status).toBe("ok");
  });

  it("never runs the same source twice at once", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    const { runner, server } = await setup({ "/slow": async (_q, r) => { await gate; r.end(rss(items(1))); } }, [{ id: "slow", path: "/slow", extra: { timeoutMs: 5000 } }]);
    const first = runner.run("slow");
    const second = await runner.run("slow");
    expect(second.status).toBe("skipped");
    release();
    expect((await first).status).toBe("ok");
    expect(server.requests.length).toBe(1);
  });

  it("refuses a private address unless the source allows it", async () => {
    const { app } = await setup({ "/rss": (_q, r) => r.end(rss(items(1))) }, [{ id: "strict", path: "/rss", extra: { allowPrivateNetwork: false } }]);
    const runner = new SourceRunner({ db: app.db, config: app.config, pipeline: app.pipeline, http: new HttpClient(), log: logger });
    const res = await runner.run("strict");
    expect(res).toMatchObject({ status: "error", errorKind: "PermanentError" });
    expect(res.error).toMatch(/private or loopback address/);
  });
});
