// Applies the committed migrations in prisma/migrations (SQLite) in name order and
// records each in _earshot_migrations. Prisma's `migrate deploy` needs the CLI and a
// schema engine at run time; the product applies the same SQL files itself so start-up
// works offline and from a plain `npm ci`.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type Database from "better-sqlite3";

const here = path.dirname(fileURLToPath(import.meta.url));
export const MIGRATIONS_DIR = path.resolve(here, "../../prisma/migrations");

export interface Migration { name: string; sql: string }

export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => ({ name: d.name, sql: fs.readFileSync(path.join(dir, d.name, "migration.sql"), "utf8") }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Returns the names it applied (empty when up to date). */
export function migrateSqlite(db: Database.Database, dir = MIGRATIONS_DIR): string[] {
  db.exec(`CREATE TABLE IF NOT EXISTS "_earshot_migrations" ("name" TEXT PRIMARY KEY, "appliedAt" INTEGER NOT NULL)`);
  const done = new Set((db.prepare(`SELECT name FROM "_earshot_migrations"`).all() as { name: string }[]).map((r) => r.name));
  const applied: string[] = [];
  for (const m of listMigrations(dir)) {
    if (done.has(m.name)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare(`INSERT INTO "_earshot_migrations" (name, "appliedAt") VALUES (?, ?)`).run(m.name, Date.now());
    })();
    applied.push(m.name);
  }
  return applied;
}
