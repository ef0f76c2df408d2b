// Applies prisma/migrations-postgres/*/migration.sql in name order and records each in
// _earshot_migrations, like the SQLite migrator. `prisma migrate deploy` fails through
// adapter-pg here (wasm schema engine), so the product applies the SQL itself.
// Several processes may start at once against one database: a session advisory lock
// serialises them, and each migration runs in its own transaction.
import path from "node:path";
import { fileURLToPath } from "node:url";
import type pg from "pg";
import { listMigrations } from "./migrate.ts";
import { LEASES_DDL } from "./postgres-coordinator.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
export const PG_MIGRATIONS_DIR = path.resolve(here, "../../prisma/migrations-postgres");
/** Advisory lock key for migrations (any constant; "earshot" in ASCII). */
export const MIGRATION_LOCK_KEY = 0x656172736874;

/** Returns the names it applied (empty when up to date). */
export async function migratePostgres(pool: pg.Pool, dir = PG_MIGRATIONS_DIR): Promise<string[]> {
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS "_earshot_migrations" ("name" TEXT PRIMARY KEY, "appliedAt" TIMESTAMP(3) NOT NULL DEFAULT now())`);
      const done = new Set((await client.query<{ name: string }>(`SELECT name FROM "_earshot_migrations"`)).rows.map((r) => r.name));
      for (const m of listMigrations(dir)) {
        if (done.has(m.name)) continue;
        await client.query("BEGIN");
        try {
          await client.query(m.sql);
          await client.query(`INSERT INTO "_earshot_migrations" (name) VALUES ($1)`, [m.name]);
          await client.query("COMMIT");
        } catch (err) {
          await client.query("ROLLBACK").catch(() => {});
          throw new Error(`PostgreSQL migration ${m.name} failed: ${(err as Error).message}`, { cause: err });
        }
        applied.push(m.name);
      }
      await client.query(LEASES_DDL); // internal, not a Prisma model: cron slots and leases (postgres-coordinator.ts)
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).catch(() => {});
    }
  } finally {
    client.release();
  }
  return applied;
}
