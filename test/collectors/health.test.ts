// Source health against a real SQLite file: silence after 3x the expected interval
// raises one source_silent alert through the outbox (Alert + Delivery rows), recovery
// clears it, and the `earshot sources` rows show last success, last error, items today.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "../../core/db/index.ts";
import { parseConfigText } from "../../core/config/load.ts";
import { syncConfig } from "../../core/app.ts";
import { checkSilentSources, cronIntervalMinutes, expectedIntervalMinutes, listSources } from "../../collectors/health.ts";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "earshot-health-"));
let db: Db;
const T0 = new Date("2026-11-20T12:00:00Z");
const cfg = parseConfigText(`
brands:
  - id: acme-air
    name: Acme Air
    keywords: ["Acme Air"]
sources:
  - id: hn
    type: hackernews
    schedule: "*/10 * * * *"
    params: {}
  - id: news
    type: news-search
    expectedIntervalMinutes: 60
    silentAfterIntervals: 2
    params: {}
channels:
  - name: ops-log
    type: log
    params: {}
alerts:
  rules:
    - id: silent-sources
      kind: source_silent
      channels: [ops-log]
`, "test.yml", {}).config;

beforeAll(async () => {
  db = await openDatabase(`file:${path.join(tmp, "earshot.db")}`);
  await syncConfig(db, cfg);
  await db.prisma.source.update({ where: { id: "hn" }, data: { createdAt: new Date(T0.getTime() - 86_400_000), lastSuccessAt: new Date(T0.getTime() - 20 * 60_000), lastRunAt: new Date(T0.getTime() - 20 * 60_000) } });
  await db.prisma.source.update({ where: { id: "news" }, data: { createdAt: new Date(T0.getTime() - 86_400_000), lastSuccessAt: new Date(T0.getTime() - 5 * 3600_000), lastRunAt: new Date(T0.getTime() - 10 * 60_000), lastError: "RetryableError: GET https://news.google.com/rss/search: HTTP 503" } });
  await db.prisma.collectorRun.createMany({ data: [
    { sourceId: "hn", startedAt: new Date(T0.getTime() - 20 * 60_000), status: "ok", itemsSeen: 9, itemsNew: 7 },
    { sourceId: "hn", startedAt: new Date(T0.getTime() - 30 * 60_000), status: "ok", itemsSeen: 4, itemsNew: 4 },
    { sourceId: "hn", startedAt: new Date(T0.getTime() - 30 * 3600_000), status: "ok", itemsSeen: 50, itemsNew: 50 },
    { sourceId: "news", startedAt: new Date(T0.getTime() - 10 * 60_000), status: "error", errorKind: "RetryableError", error: "HTTP 503" },
  ] });
});

afterAll(async () => {
  await db?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("expected interval", () => {
  it("derives the longest gap of a cron schedule", () => {
    expect(cronIntervalMinutes("*/10 * * * *")).toBe(10);
    expect(cronIntervalMinutes("0 * * * *")).toBe(60);
    expect(cronIntervalMinutes("30 */6 * * *")).toBe(360);
    expect(cronIntervalMinutes("0 9 * * mon-fri")).toBe(72 * 60); // Friday 9:00 to Monday 9:00
    expect(cronIntervalMinutes("*/30 * * * * *")).toBe(1); // node-cron seconds field: every minute
    expect(cronIntervalMinutes("not a cron")).toBeNull();
  });

  it("prefers the configured expectedIntervalMinutes, falls back to 60", () => {
    expect(expectedIntervalMinutes({ schedule: "*/5 * * * *", expectedIntervalMinutes: 45 })).toBe(45);
    expect(expectedIntervalMinutes({ schedule: "*/5 * * * *" })).toBe(5);
    expect(expectedIntervalMinutes({ schedule: "@weird" })).toBe(60);
  });
});

describe("source silent detection", () => {
  it("raises one source_silent alert through the outbox for a source silent > N x its interval", async () => {
    const r = await checkSilentSources(db.prisma, cfg, { now: T0 });
    // hn: 20 min since success, 3 x 10 min allowed: fine. news: 5 h, 2 x 60 min allowed: silent.
    expect(r.silenced).toEqual(["news"]);
    expect(r.alertIds).toHaveLength(1);
    const alert = await db.prisma.alert.findUniqueOrThrow({ where: { id: r.alertIds[0] }, include: { deliveries: true } });
    expect(alert).toMatchObject({ kind: "source_silent", rule: "silent-sources", fingerprint: "source_silent:news" });
    expect(alert.summary).toContain("HTTP 503");
    expect(alert.deliveries.map((d) => [d.channel, d.status])).toEqual([["ops-log", "pending"]]);
    expect(JSON.parse(alert.data).source).toMatchObject({ id: "news", type: "news-search" });
  });

  it("does not repeat the alert while the silence lasts, and clears it on recovery", async () => {
    const again = await checkSilentSources(db.prisma, cfg, { now: new Date(T0.getTime() + 3600_000) });
    // An hour later hn (every 10 min) has been silent 80 min > 30: it alerts; news does not alert twice.
    expect(again.silenced).toEqual(["hn"]);
    expect(await db.prisma.alert.count({ where: { kind: "source_silent", fingerprint: "source_silent:news" } })).toBe(1);
    await db.prisma.source.update({ where: { id: "news" }, data: { lastSuccessAt: new Date(T0.getTime() + 2 * 3600_000), lastError: null } });
    const back = await checkSilentSources(db.prisma, cfg, { now: new Date(T0.getTime() + 2 * 3600_000 + 60_000) });
    expect(back.recovered).toEqual(["news"]);
    expect((await db.prisma.source.findUniqueOrThrow({ where: { id: "news" } })).silentSince).toBeNull();
  });
});

describe("earshot sources rows", () => {
  it("lists every source with status, last success, last error and items today", async () => {
    await db.prisma.source.update({ where: { id: "news" }, data: { lastSuccessAt: new Date(T0.getTime() - 5 * 3600_000), lastError: "RetryableError: HTTP 503", silentSince: T0 } });
    await db.prisma.source.update({ where: { id: "hn" }, data: { silentSince: null } });
    const rows = await listSources(db.prisma, cfg, T0);
    expect(rows.map((r) => [r.id, r.type, r.status, r.itemsToday, r.runsToday])).toEqual([
      ["hn", "hackernews", "ok", 11, 2],
      ["news", "news-search", "silent", 0, 1],
    ]);
    expect(rows[0].lastSuccess?.toISOString()).toBe(new Date(T0.getTime() - 20 * 60_000).toISOString());
    expect(rows[1].lastError).toContain("HTTP 503");
  });
});

describe("earshot sources (CLI)", () => {
  it("prints one row per source with status and items today", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "earshot-sources-cli-"));
    try {
      const file = path.join(dir, "earshot.yml");
      fs.writeFileSync(file, `brands:\n  - id: acme-air\n    name: Acme Air\n    keywords: ["Acme Air"]\nsources:\n  - id: hn\n    type: hackernews\n    params: {}\n  - id: forum\n    type: web-page\n    params: { url: "https://forum.example/acme", itemSelector: ".post" }\ndatabase:\n  url: file:${path.join(dir, "e.db")}\n`);
      const root = path.resolve(import.meta.dirname, "../..");
      const { stdout } = await promisify(execFile)(process.execPath, [path.join(root, "bin/earshot.mjs"), "--config", file, "sources"], { cwd: dir, timeout: 60_000, env: { ...process.env, DATABASE_URL: "" } });
      const lines = stdout.trim().split("\n");
      expect(lines[0]).toMatch(/^id\s+type\s+status\s+last success\s+items today\s+runs\s+last error$/);
      expect(lines.slice(2).map((l) => l.split(/\s{2,}/).slice(0, 3))).toEqual([["hn", "hackernews", "never run"], ["forum", "web-page", "never run"]]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("push sources", () => {
  it("count as silent when nothing was pushed for N x the interval, whatever the scheduled runs say", async () => {
    const pushCfg = parseConfigText(`
brands:
  - id: acme-air
    name: Acme Air
    keywords: ["Acme Air"]
sources:
  - id: helpdesk
    type: push
    expectedIntervalMinutes: 60
    params: { token: "\${PUSH_TOKEN}" }
`, "push.yml", { PUSH_TOKEN: "push-token-0123456789abcdef" }).config;
    const pdb = await openDatabase(`file:${path.join(tmp, "push.db")}`);
    try {
      await syncConfig(pdb, pushCfg);
      // The scheduled no-op run succeeded a minute ago; the last push was 5 hours ago.
      await pdb.prisma.source.update({ where: { id: "helpdesk" }, data: { createdAt: new Date(T0.getTime() - 86_400_000), lastSuccessAt: new Date(T0.getTime() - 60_000) } });
      await pdb.prisma.mention.create({ data: { sourceId: "helpdesk", externalId: "hd-1", brandId: "acme-air", platform: "push", contentHash: "x", text: "Acme Air ticket", publishedAt: new Date(T0.getTime() - 5 * 3600_000), fetchedAt: new Date(T0.getTime() - 5 * 3600_000) } });
      const r = await checkSilentSources(pdb.prisma, pushCfg, { now: T0 });
      expect(r.silenced).toEqual(["helpdesk"]);
      const [row] = await listSources(pdb.prisma, pushCfg, T0);
      expect(row).toMatchObject({ id: "helpdesk", status: "silent", itemsToday: 1 }); // pushed at 07:00 UTC the same day
      expect(row.lastSuccess?.toISOString()).toBe(new Date(T0.getTime() - 5 * 3600_000).toISOString());
    } finally {
      await pdb.close();
    }
  });
});
