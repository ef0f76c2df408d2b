// Rollups, retention and forget on both databases: incremental rollups equal a full
// rebuild, retention keeps rollups and incidents, forget leaves no trace of the person.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase, type Db } from "../../core/db/index.ts";
import { createApp } from "../../core/app.ts";
import { Rollups, brandCompetitors } from "../../core/rollups.ts";
import { runRetention, forgetAuthor, parseAuthorRef } from "../../core/retention.ts";
import { rawSql, toDate } from "../../core/db/raw-sql.ts";
import { configFrom, baseBrand } from "../helpers/app.ts";
import { tmpDir } from "../helpers/tmp.ts";
import { usePostgres } from "./pg-context.ts";
import { fixturePosts } from "./fixture.ts";

const pgc = usePostgres();
const cfgObj = { brands: [baseBrand, { id: "globex", name: "Globex", keywords: ["Globex Airways"] }] };

async function dump(db: Db) {
  const q = rawSql(db);
  const norm = (rows: Record<string, unknown>[]) => rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, k === "bucket" ? toDate(v).toISOString() : typeof v === "bigint" ? Number(v) : v])));
  return {
    hour: norm(await q.all(`SELECT * FROM "RollupHour" ORDER BY "brandId", bucket, "sourceId"`)),
    day: norm(await q.all(`SELECT * FROM "RollupDay" ORDER BY "brandId", bucket, "sourceId"`)),
    complaints: norm(await q.all(`SELECT * FROM "RollupComplaintHour" ORDER BY "brandId", bucket, category, servqual, severity`)),
    competitors: norm(await q.all(`SELECT * FROM "RollupCompetitorHour" ORDER BY "brandId", bucket, competitor`)),
  };
}

for (const kind of ["sqlite", "postgres"] as const) {
  const open = async () => openDatabase(kind === "sqlite" ? `file:${path.join(tmpDir(), "e.db")}` : await pgc.freshUrl());

  describe(`rollups on ${kind}`, () => {
    it("maintains rollups incrementally exactly as a full rebuild computes them", async () => {
      const db = await open();
      try {
        const config = configFrom(cfgObj);
        const app = await createApp(config, { db });
        await db.prisma.source.createMany({ data: [{ id: "s1", type: "rss", schedule: "* * * * *" }, { id: "s2", type: "rss", schedule: "* * * * *" }] });
        // Reach is the author's follower count as known at ingest; a rebuild uses today's
        // counts, so this fixture keeps follower counts constant and always present.
        const posts = fixturePosts(200, undefined, undefined, "p", { alwaysFollowers: true });
        await app.pipeline.ingest("s1", posts.slice(0, 120), { platform: "web" });
        await app.pipeline.ingest("s2", fixturePosts(50, new Date("2026-11-21T05:00:00Z"), 10, "q", { alwaysFollowers: true }), { platform: "web" });
        await app.pipeline.ingest("s1", posts.slice(100), { platform: "web" }); // 20 re-delivered: must not count twice
        const incremental = await dump(db);
        expect(incremental.hour.reduce((n, r) => n + Number(r.mentions), 0)).toBe(
          await db.prisma.mentionBrand.count());
        expect(incremental.day.reduce((n, r) => n + Number(r.mentions), 0)).toBe(await db.prisma.mentionBrand.count());
        expect(incremental.competitors.length).toBeGreaterThan(0); // "Globex Airways" appears in the fixture
        expect(incremental.complaints.length).toBeGreaterThan(0);
        const counts = await new Rollups(db, brandCompetitors(config)).rebuild();
        expect(counts.RollupHour).toBe(incremental.hour.length);
        expect(await dump(db)).toEqual(incremental);
      } finally { await db.close(); }
    });

    it("counts an author's stored follower count as reach, also for a post that carries none", async () => {
      const db = await open();
      try {
        const app = await createApp(configFrom(cfgObj), { db });
        await db.prisma.source.create({ data: { id: "s1", type: "rss", schedule: "* * * * *" } });
        const post = (id: string, hour: number, handle: string, followers: number | null): import("../../analysis/types.ts").RawPost => ({
          externalId: id, text: `Acme Air lost my bag ${id}`, publishedAt: new Date(Date.UTC(2026, 10, 20, hour, 5)), author: { handle, followers },
        });
        await app.pipeline.ingest("s1", [post("a1", 1, "ann", 500), post("b1", 1, "bob", null)], { platform: "web" });
        // ann's later posts bring no count (kept: 500), then a new one (900, counted from then on).
        await app.pipeline.ingest("s1", [post("a2", 2, "ann", null), post("b2", 2, "bob", null), post("c2", 2, "cat", 40)], { platform: "web" });
        await app.pipeline.ingest("s1", [post("a3", 3, "ann", 900), post("a4", 3, "ann", null)], { platform: "web" });
        const reach = Object.fromEntries((await dump(db)).hour.filter((r) => r.brandId === "acme-air").map((r) => [new Date(String(r.bucket)).getUTCHours(), Number(r.reach)]));
        expect(reach).toEqual({ 1: 500, 2: 540, 3: 1800 });
      } finally { await db.close(); }
    });

    it("retention deletes old raw mentions and snapshots but keeps rollups, incidents and a rebuild does not erase them", async () => {
      const db = await open();
      try {
        const config = configFrom(cfgObj);
        const app = await createApp(config, { db });
        await db.prisma.source.create({ data: { id: "s1", type: "rss", schedule: "* * * * *" } });
        await app.pipeline.ingest("s1", fixturePosts(100, new Date("2026-11-01T00:00:00Z"), 24 * 20), { platform: "web" });
        const first = await db.prisma.mention.findFirstOrThrow({ orderBy: { publishedAt: "asc" } });
        await db.prisma.mentionSnapshot.create({ data: { mentionId: first.id, observedAt: first.publishedAt, likes: 3 } });
        await db.prisma.incident.create({ data: { brandId: "acme-air", kind: "volume_spike", dedupKey: "k1", title: "spike", detectedAt: first.publishedAt, openedAt: first.publishedAt } });
        const before = await dump(db);
        const r = await runRetention(db, { mentionDays: 10, now: new Date("2026-11-21T00:00:00Z"), batchSize: 7 });
        expect(r.mentions).toBeGreaterThan(30);
        expect(r.snapshots).toBe(1);
        const left = await db.prisma.mention.findMany({ select: { publishedAt: true } });
        expect(left.length).toBe(100 - r.mentions);
        expect(left.every((m) => m.publishedAt >= r.cutoff)).toBe(true);
        expect(await db.prisma.incident.count()).toBe(1);
        expect(await dump(db)).toEqual(before);
        await new Rollups(db, brandCompetitors(config)).rebuild();
        expect((await dump(db)).hour).toEqual(before.hour);
        const audit = await db.prisma.auditLog.findFirstOrThrow({ where: { action: "retention" } });
        expect(JSON.parse(audit.details).mentions).toBe(r.mentions);
        await expect(runRetention(db, { mentionDays: 0 })).rejects.toThrow(/retention.mentionDays/);
      } finally { await db.close(); }
    });

    it("counts incidents opened and SLA outcomes per brand and hour", async () => {
      const db = await open();
      try {
        const config = configFrom(cfgObj);
        await createApp(config, { db });
        const t = new Date("2026-11-20T10:15:00Z");
        const h = (n: number) => new Date(t.getTime() + n * 3_600_000);
        await db.prisma.incident.create({ data: { brandId: "acme-air", kind: "story", dedupKey: "a", title: "x", detectedAt: t, openedAt: t } });
        await db.prisma.case.createMany({ data: [
          { brandId: "acme-air", title: "met", createdAt: t, firstResponseDue: h(2), firstResponseAt: h(1), resolutionDue: h(24), closedAt: h(5), churned: false },
          { brandId: "acme-air", title: "late", createdAt: t, firstResponseDue: h(1), firstResponseAt: h(3), resolutionDue: h(4), closedAt: h(5), churned: true },
          { brandId: "acme-air", title: "silent", createdAt: t, firstResponseDue: h(2) },
        ] });
        await new Rollups(db, brandCompetitors(config)).refreshOutcomes(new Date("2026-11-01T00:00:00Z"), h(48));
        const rows = await rawSql(db).all<{ bucket: unknown; metric: string; value: number }>(`SELECT bucket, metric, value FROM "RollupOutcomeHour" WHERE "brandId" = 'acme-air'`);
        const sum = (m: string) => rows.filter((r) => r.metric === m).reduce((n, r) => n + Number(r.value), 0);
        expect(sum("incidents_opened")).toBe(1);
        expect(sum("cases_opened")).toBe(3);
        expect(sum("first_response_met")).toBe(1);
        expect(sum("first_response_breached")).toBe(2);
        expect(sum("resolution_met")).toBe(1);
        expect(sum("resolution_breached")).toBe(1);
        expect(sum("churned")).toBe(1);
        expect(rows.find((r) => r.metric === "incidents_opened")!.bucket).toSatisfy((b) => toDate(b).toISOString() === "2026-11-20T10:00:00.000Z");
      } finally { await db.close(); }
    });

    it("forget removes one person's posts, labels, case links, identity and quoted text, and audits it by hash", async () => {
      const db = await open();
      try {
        const config = configFrom(cfgObj);
        const app = await createApp(config, { db });
        await db.prisma.source.create({ data: { id: "s1", type: "rss", schedule: "* * * * *" } });
        await app.pipeline.ingest("s1", fixturePosts(70), { platform: "web" });
        const target = await db.prisma.author.findFirstOrThrow({ where: { handle: "user3" } });
        const customer = await db.prisma.customer.create({ data: { displayName: "Pat" } });
        await db.prisma.author.update({ where: { id: target.id }, data: { customerId: customer.id } });
        const theirs = await db.prisma.mention.findMany({ where: { authorId: target.id } });
        expect(theirs.length).toBe(10);
        const others = (await db.prisma.mention.count()) - theirs.length;
        await db.prisma.label.create({ data: { mentionId: theirs[0].id, text: theirs[0].text, field: "sentiment", value: "negative", actor: "t" } });
        const kase = await db.prisma.case.create({ data: { brandId: "acme-air", title: `Complaint from @user3`, mentionId: theirs[0].id, customerId: customer.id } });
        await db.prisma.caseMention.create({ data: { caseId: kase.id, mentionId: theirs[1].id } });
        const alert = await db.prisma.alert.create({ data: { rule: "r", kind: "incident_opened", title: "Spike", summary: `Top post by @user3: "${theirs[2].text}"`, fingerprint: "f", data: JSON.stringify({ sample: { author: "user3", text: theirs[2].text } }) } });

        const r = await forgetAuthor(db, "web:@user3", { actor: "dpo" });
        expect(r).toMatchObject({ authors: 1, mentions: 10, labels: 1, caseLinks: 1, customers: 1 });
        expect(await db.prisma.mention.count()).toBe(others);
        expect(await db.prisma.author.count({ where: { handle: "user3" } })).toBe(0);
        expect(await db.prisma.customer.count()).toBe(0);
        expect((await db.prisma.case.findUniqueOrThrow({ where: { id: kase.id } }))).toMatchObject({ mentionId: null, title: "Complaint from [forgotten]" });
        const a = await db.prisma.alert.findUniqueOrThrow({ where: { id: alert.id } });
        expect(`${a.summary}${a.data}`).not.toContain("user3");
        expect(a.summary).not.toContain(theirs[2].text.slice(0, 30));
        const audit = await db.prisma.auditLog.findFirstOrThrow({ where: { action: "forget" } });
        expect(audit.actor).toBe("dpo");
        expect(audit.target).toMatch(/^author:sha256:[0-9a-f]{16}$/);
        expect(JSON.stringify(audit)).not.toContain("user3");
        // Other people are untouched.
        expect(await db.prisma.author.count()).toBe(6);
      } finally { await db.close(); }
    });
  });
}

describe("parseAuthorRef", () => {
  it("reads HANDLE and PLATFORM:HANDLE and rejects an empty one", () => {
    expect(parseAuthorRef("@alice")).toEqual({ platform: null, handle: "alice" });
    expect(parseAuthorRef("bluesky:alice.example.com")).toEqual({ platform: "bluesky", handle: "alice.example.com" });
    expect(() => parseAuthorRef("  ")).toThrow(/HANDLE or PLATFORM:HANDLE/);
  });
});
