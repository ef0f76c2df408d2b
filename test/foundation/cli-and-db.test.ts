import { describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import path from "node:path";
import type { Command } from "commander";
import { program } from "../../core/cli.ts";
import { listMigrations, migrateSqlite } from "../../core/db/migrate.ts";
import { openDatabase, dbKindOf } from "../../core/db/index.ts";
import { tmpDir } from "../helpers/tmp.ts";

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
  });
});
