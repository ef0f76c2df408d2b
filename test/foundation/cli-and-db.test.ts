import { describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import path from "node:path";
import type { Command } from "commander";
import { program } from "../../core/cli.ts";
import { listMigrations, migrateSqlite } from "../../core/db/migrate.ts";
import { openDatabase, dbKindOf } from "../../core/db/index.ts";
import { tmpDir } from "../helpers/tmp.ts";
import { makeApp } from "../helpers/app.ts";
import { contentHash } from "../../analysis/normalize.ts";
import { createHash } from "node:crypto";

function all(cmd: Command, prefix = ""): Array<[string, Command]> {
  return cmd.commands.flatMap((c) => [[`${prefix}${c.name()}`, c] as [string, Command], ...all(c, `${prefix}${c.name()} `)]);
}

describe("CLI", () => {
  it("gives every command a description and --help", () => {
    const cmds = all(program);
    const names = cmds.map(([n]) => n);
    for (const required of ["start", "config check", "config schema", "db migrate", "deliveries", "deliveries retry", "replay"]) expect(names).toContain(required);
    for (const [name, c] of cmds) {
      expect(c.description(), name).not.toBe("");
      expect(c.helpInformation(), name).toMatch(/-h, --help/);
    }
  });
});

describe("database", () => {
  it("applies committed migrations once and records them", () => {
    const file = path.join(tmpDir(), "m.db");
    const db = new Database(file);
    const first = migrateSqlite(db);
    expect(first).toEqual(listMigrations().map((m) => m.name));
    expect(first[0]).toBe("0001_init");
    expect(migrateSqlite(db)).toEqual([]);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type='table'").all() as { name: string }[]).map((t) => t.name);
    for (const t of ["Brand", "Source", "CollectorRun", "Author", "Mention", "Story", "Incident", "Alert", "Delivery", "Case", "CaseEvent"]) expect(tables).toContain(t);
    db.close();
  });

  it("cuts content hashes stored before the 64-bit change, so a repost of an older text is still a duplicate", async () => {
    const dir = tmpDir();
    const app = await makeApp({ sources: [] }, dir);
    try {
      const text = "Acme Air lost my bag again, nobody answers";
      const sqlite = app.db.sqlite!;
      await app.db.prisma.source.create({ data: { id: "s", type: "replay", schedule: "-" } });
      // A row as an older version stored it: the full 160-bit sha1 in hex.
      const full = createHash("sha1").update(text.toLowerCase()).digest("hex");
      sqlite.prepare(`INSERT INTO "Mention" ("sourceId", "externalId", "brandId", platform, "contentHash", text, "publishedAt", "fetchedAt", "createdAt")
        VALUES ('s', 'old-1', 'acme-air', 'web', ?, ?, 0, 0, 0)`).run(full, text);
      sqlite.prepare(`INSERT INTO "Mention" ("sourceId", "externalId", "brandId", platform, "contentHash", text, "publishedAt", "fetchedAt", "createdAt")
        VALUES ('s', 'odd-1', 'acme-air', 'web', 'not-a-sha1-hash-of-forty-characters-xx', 'x', 0, 0, 0)`).run();
      sqlite.prepare(`DELETE FROM "_earshot_migrations" WHERE name = '0004_content_hash_64bit'`).run();
      expect(migrateSqlite(sqlite)).toEqual(["0004_content_hash_64bit"]);
      const hashes = Object.fromEntries((sqlite.prepare(`SELECT "externalId" AS e, "contentHash" AS h FROM "Mention"`).all() as { e: string; h: string }[]).map((r) => [r.e, r.h]));
      expect(hashes["old-1"]).toBe(contentHash(text));
      expect(hashes["old-1"]).toHaveLength(16);
      expect(hashes["odd-1"]).toBe("not-a-sha1-hash-of-forty-characters-xx"); // only sha1 hex is cut
      const r = await app.pipeline.ingest("s", [{ externalId: "new-1", text, publishedAt: new Date(Date.UTC(2026, 0, 5)) }], { platform: "web", textFormat: "text" });
      const oldId = (sqlite.prepare(`SELECT id FROM "Mention" WHERE "externalId" = 'old-1'`).get() as { id: number }).id;
      expect(r.stored[0].duplicateOfId).toBe(oldId);
    } finally {
      await app.pipeline.close();
      await app.db.close();
    }
  });

  it("opens SQLite through Prisma with migrations applied on open", async () => {
    const db = await openDatabase(`file:${path.join(tmpDir(), "p.db")}`);
    await db.prisma.brand.create({ data: { id: "b", name: "B" } });
    expect(await db.prisma.brand.count()).toBe(1);
    const row = db.sqlite!.prepare(`SELECT "createdAt" FROM "Brand"`).get() as { createdAt: number };
    // Timestamps are epoch milliseconds so raw SQL on hot paths compares integers.
    expect(typeof row.createdAt).toBe("number");
    await db.close();
  });

  it("names unsupported database URLs clearly", () => {
    expect(dbKindOf("postgresql://u:p@127.0.0.1/db")).toBe("postgres");
    expect(() => dbKindOf("mysql://u:secret@h/db")).toThrow(/not supported: use file:PATH \(SQLite\) or postgres/);
    expect(() => dbKindOf("mysql://u:secret@h/db")).not.toThrow(/secret/);
    expect(() => dbKindOf(":memory:")).toThrow(/in-memory database cannot be shared.*use file:PATH/);
    expect(() => dbKindOf("file::memory:?cache=shared")).toThrow(/in-memory/);
  });
});
