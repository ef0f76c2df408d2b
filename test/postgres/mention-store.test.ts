// PgMentionStore must behave exactly like SqliteMentionStore: the same posts through
// the same pipeline give the same mentions, duplicates, authors and brand links.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase, type Db } from "../../core/db/index.ts";
import { createApp } from "../../core/app.ts";
import { configFrom, baseBrand } from "../helpers/app.ts";
import { tmpDir } from "../helpers/tmp.ts";
import { usePostgres } from "./pg-context.ts";
import { fixturePosts } from "./fixture.ts";
import type { PgDb } from "../../core/db/postgres.ts";

const pgc = usePostgres();
const config = () => configFrom({ brands: [baseBrand, { id: "globex", name: "Globex", keywords: ["Globex Airways"] }] });

async function scenario(db: Db) {
  const app = await createApp(config(), { db });
  await db.prisma.source.create({ data: { id: "s1", type: "rss", schedule: "* * * * *" } });
  const posts = fixturePosts(60);
  const first = await app.pipeline.ingest("s1", posts.slice(0, 40), { platform: "web" });
  // Overlap: 20 re-delivered posts and 20 new ones; only the new ones are stored.
  const second = await app.pipeline.ingest("s1", posts.slice(20), { platform: "web" });
  const mentions = await db.prisma.mention.findMany({ orderBy: { externalId: "asc" }, include: { author: true, brands: true } });
  const byId = new Map(mentions.map((m) => [m.id, m.externalId]));
  return {
    first: { new: first.new, existing: first.existing, unmatched: first.unmatched },
    second: { new: second.new, existing: second.existing },
    rows: mentions.map((m) => ({
      externalId: m.externalId, brandId: m.brandId, dupOf: m.duplicateOfId === null ? null : byId.get(m.duplicateOfId),
      author: m.author?.handle ?? null, followers: m.author?.followers ?? null, sentiment: m.sentimentLabel,
      publishedAt: m.publishedAt.toISOString(), brands: m.brands.map((b) => b.brandId).sort(), likes: m.likes, churn: m.churn,
    })),
    authors: await db.prisma.author.count(),
  };
}

describe("PgMentionStore", () => {
  it("stores the same mentions, duplicates, authors and brand links as the SQLite store", async () => {
    const sqlite = await openDatabase(`file:${path.join(tmpDir(), "e.db")}`);
    const pgDb = await openDatabase(await pgc.freshUrl());
    try {
      const a = await scenario(sqlite);
      const b = await scenario(pgDb);
      expect(b.first.new).toBe(40);
      expect(b.second).toEqual({ new: 20, existing: 20 });
      expect(b.rows.some((r) => r.dupOf !== null)).toBe(true);
      expect(b.rows.some((r) => r.brands.length === 2)).toBe(true);
      expect(b).toEqual(a);
    } finally {
      await sqlite.close();
      await pgDb.close();
    }
  });

  it("never duplicates a post when several stores insert overlapping batches at once", async () => {
    const url = await pgc.freshUrl();
    const dbs = await Promise.all([openDatabase(url), openDatabase(url), openDatabase(url)]);
    try {
      const apps = await Promise.all(dbs.map((db) => createApp(config(), { db })));
      await dbs[0].prisma.source.create({ data: { id: "s1", type: "rss", schedule: "* * * * *" } });
      const posts = fixturePosts(300);
      const results = await Promise.all(apps.map((app, i) => app.pipeline.ingest("s1", posts.slice(i * 50, i * 50 + 200), { platform: "web" })));
      const total = results.reduce((n, r) => n + r.new, 0);
      const count = await dbs[0].prisma.mention.count();
      expect(count).toBe(300);
      expect(total).toBe(300); // every post stored by exactly one process
      expect(await dbs[0].prisma.author.count()).toBe(7);
    } finally {
      await Promise.all(dbs.map((d) => d.close()));
    }
  });

  it("applies migrations once when several processes open a new database at the same moment", async () => {
    const url = await pgc.freshUrl();
    const dbs = (await Promise.all([1, 2, 3, 4].map(() => openDatabase(url)))) as PgDb[];
    try {
      const rows = (await dbs[0].pool.query(`SELECT name FROM "_earshot_migrations" ORDER BY name`)).rows.map((r) => r.name);
      expect(rows.length).toBeGreaterThan(0);
      expect(new Set(rows).size).toBe(rows.length);
      expect(await dbs[1].migrate()).toEqual([]);
    } finally {
      await Promise.all(dbs.map((d) => d.close()));
    }
  });

  it("names the server, without the password, when it cannot connect", async () => {
    await expect(openDatabase("postgres://earshot:s3cret@127.0.0.1:1/nothing")).rejects.toThrow(/cannot connect to PostgreSQL at postgres:\/\/earshot:\*\*\*@127\.0\.0\.1:1\/nothing/);
    await expect(openDatabase("postgres://earshot:s3cret@127.0.0.1:1/nothing")).rejects.not.toThrow(/s3cret/);
  });
});
