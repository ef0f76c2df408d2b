// Engagement re-polling against a real SQLite file and a real fixture server: due
// posts are re-read through the collector's refresh(), each observation becomes a
// MentionSnapshot, the back-off spaces observations out, old posts are left alone.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "../../core/db/index.ts";
import { parseConfigText } from "../../core/config/load.ts";
import { syncConfig } from "../../core/app.ts";
import { HttpClient } from "../../core/http.ts";
import { refreshEngagement, nextDue } from "../../collectors/engagement/refresher.ts";
import { TestSharedResources, startFixtureServer, type FixtureServer } from "./harness.ts";
import { httpScenarios } from "./scenarios.ts";

let db: Db;
let server: FixtureServer;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "earshot-engagement-"));
const T0 = new Date("2026-11-20T12:00:00Z");

function config(base: string) {
  return parseConfigText(`
brands:
  - id: acme-air
    name: Acme Air
    keywords: ["Acme Air"]
sources:
  - id: hn
    type: hackernews
    allowPrivateNetwork: true
    params: { baseUrl: "${base}" }
  - id: feed
    type: rss
    allowPrivateNetwork: true
    params: { url: "${base}/feed.xml" }
`, "test.yml", {}).config;
}

beforeAll(async () => {
  server = await startFixtureServer(httpScenarios.hackernews.router({ extra: false }));
  db = await openDatabase(`file:${path.join(tmp, "earshot.db")}`);
  const cfg = config(server.base);
  await syncConfig(db, cfg);
  const mention = (sourceId: string, externalId: string, publishedAt: Date) => db.prisma.mention.create({
    data: { sourceId, externalId, brandId: "acme-air", platform: "hackernews", contentHash: externalId, text: `Acme Air ${externalId}`, publishedAt, fetchedAt: publishedAt, likes: 57, replies: 41 },
  });
  await mention("hn", "9100001", new Date(T0.getTime() - 2 * 3600_000));   // young: polled
  await mention("hn", "404404", new Date(T0.getTime() - 3600_000));        // young but gone from the platform
  await mention("hn", "9000000", new Date(T0.getTime() - 72 * 3600_000));  // older than 48 h: left alone
  await mention("feed", "rss-item", new Date(T0.getTime() - 3600_000));    // rss has no refresh(): skipped
});

afterAll(async () => {
  await db?.close();
  await server?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const seenSnapshots: Array<{ id: number; at: string; likes?: number }> = [];
const run = (now: Date) => refreshEngagement({
  db, config: config(server.base), http: new HttpClient({ retries: 0, perHostPerMinute: 100_000 }), log: pino({ level: "silent" }),
  shared: new TestSharedResources(), now,
  onSnapshot: (id, at, c) => { seenSnapshots.push({ id, at: at.toISOString(), likes: c.likes }); },
});

describe("engagement refresher", () => {
  it("stores a snapshot for each due young post and updates the mention's counts", async () => {
    const summary = await run(T0);
    expect(summary).toEqual([{ sourceId: "hn", due: 2, observed: 1 }]);
    const m = await db.prisma.mention.findFirstOrThrow({ where: { externalId: "9100001" }, include: { snapshots: { orderBy: { observedAt: "asc" } } } });
    // The counts stored at ingest are kept as the first point, then the new observation.
    expect(m.snapshots.map((s) => ({ at: s.observedAt.toISOString(), likes: s.likes, replies: s.replies }))).toEqual([
      { at: new Date(T0.getTime() - 2 * 3600_000).toISOString(), likes: 57, replies: 41 },
      { at: T0.toISOString(), likes: 212, replies: 3 },
    ]);
    expect({ likes: m.likes, replies: m.replies }).toEqual({ likes: 212, replies: 3 });
    // Each stored observation is handed on (the early-warning engine's size prediction reads them).
    expect(seenSnapshots).toEqual([{ id: m.id, at: T0.toISOString(), likes: 212 }]);
    expect(await db.prisma.mentionSnapshot.count({ where: { mention: { externalId: "9000000" } } })).toBe(0);
    expect(server.requests.some((r) => r.url.pathname.endsWith("/9000000"))).toBe(false);
  });

  it("backs off: not due again until the next step of the schedule", async () => {
    const early = await run(new Date(T0.getTime() + 10 * 60_000));
    expect(early.find((s) => s.sourceId === "hn")?.observed).toBe(0);
    // One refresh done (plus the ingest point): the next is due 30 minutes after it.
    const notYet = await run(new Date(T0.getTime() + 25 * 60_000));
    expect(notYet.find((s) => s.sourceId === "hn")?.observed).toBe(0);
    const later = await run(new Date(T0.getTime() + 31 * 60_000));
    expect(later.find((s) => s.sourceId === "hn")?.observed).toBe(1);
    expect(await db.prisma.mentionSnapshot.count({ where: { mention: { externalId: "9100001" } } })).toBe(3);
  });

  it("computes the back-off schedule from the number of observations", () => {
    const at = new Date("2026-11-20T00:00:00Z");
    expect(nextDue(at, 0).toISOString()).toBe("2026-11-20T00:15:00.000Z");
    expect(nextDue(at, 2).toISOString()).toBe("2026-11-20T01:00:00.000Z");
    expect(nextDue(at, 99).toISOString()).toBe("2026-11-20T08:00:00.000Z");
  });

  it("records a failing source in the summary and keeps going", async () => {
    server.mode = 500;
    try {
      const s = await run(new Date(T0.getTime() + 10 * 3600_000));
      const hn = s.find((x) => x.sourceId === "hn")!;
      expect(hn.errorKind).toBe("RetryableError");
      expect(hn.error).toContain("HTTP 500");
    } finally {
      server.mode = "ok";
    }
  });
});
