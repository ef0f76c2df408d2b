// A small dialect layer for the few set-based statements that must run on both
// databases (rollups, retention, forget): `?` placeholders, DateTime parameters in
// each database's encoding (SQLite: epoch ms, see core/db/index.ts; PostgreSQL:
// TIMESTAMP(3) in UTC) and time bucketing. Prisma would need one query per group here.
import type Database from "better-sqlite3";
import type pg from "pg";
import type { Db } from "./index.ts";

export interface RawSql {
  kind: "sqlite" | "postgres";
  all<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Returns the number of rows changed. */
  run(sql: string, params?: unknown[]): Promise<number>;
  /** Runs fn in one transaction (one connection on PostgreSQL). */
  tx<T>(fn: (q: RawSql) => Promise<T>): Promise<T>;
  /** A DateTime parameter as the column stores it. */
  time(d: Date): unknown;
  /** SQL truncating a DateTime expression to the UTC hour / day. */
  hour(expr: string): string;
  day(expr: string): string;
}

/** Reads a DateTime column value (epoch ms on SQLite, Date on PostgreSQL). */
export function toDate(v: unknown): Date {
  if (v instanceof Date) return v;
  if (typeof v === "number" || typeof v === "bigint") return new Date(Number(v));
  if (typeof v === "string") return /^\d+$/.test(v) ? new Date(Number(v)) : new Date(v);
  throw new TypeError(`not a DateTime value: ${String(v)}`);
}

export function rawSql(db: Db): RawSql {
  if (db.sqlite) return sqliteRaw(db.sqlite);
  const pool = (db as Db & { pool?: pg.Pool }).pool;
  if (!pool) throw new Error(`no raw SQL access for ${db.kind}`);
  return pgRaw(pool);
}

function sqliteRaw(s: Database.Database): RawSql {
  const conv = (params: unknown[]) => params.map((p) => (typeof p === "boolean" ? (p ? 1 : 0) : p));
  const self: RawSql = {
    kind: "sqlite",
    async all<T>(sql: string, params: unknown[] = []) { return s.prepare(sql).all(...conv(params)) as T[]; },
    async run(sql, params = []) { return s.prepare(sql).run(...conv(params)).changes; },
    async tx(fn) {
      // better-sqlite3 transactions are synchronous; the statements inside are too (the
      // promises resolve immediately), so BEGIN/COMMIT around them is equivalent.
      if (s.inTransaction) return fn(self);
      s.exec("BEGIN IMMEDIATE");
      try { const r = await fn(self); s.exec("COMMIT"); return r; } catch (err) { s.exec("ROLLBACK"); throw err; }
    },
    time: (d) => d.getTime(),
    hour: (e) => `((${e}) / 3600000) * 3600000`,
    day: (e) => `((${e}) / 86400000) * 86400000`,
  };
  return self;
}

const toPg = (sql: string) => { let i = 0; return sql.replace(/\?/g, () => `$${++i}`); };

function pgQueryable(q: pg.Pool | pg.PoolClient, tx: RawSql["tx"]): RawSql {
  return {
    kind: "postgres",
    async all<T>(sql: string, params: unknown[] = []) { return (await q.query(toPg(sql), params)).rows as T[]; },
    async run(sql, params = []) { return (await q.query(toPg(sql), params)).rowCount ?? 0; },
    tx,
    time: (d) => d.toISOString(),
    hour: (e) => `date_trunc('hour', ${e})`,
    day: (e) => `date_trunc('day', ${e})`,
  };
}

function pgRaw(pool: pg.Pool): RawSql {
  const tx: RawSql["tx"] = async (fn) => {
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      const inner = pgQueryable(client, (f) => f(inner)); // nested tx joins the outer one
      const r = await fn(inner);
      await client.query("COMMIT");
      return r;
    } catch (err) {
      await client.query("ROLLBACK").catch(() => {});
      throw err;
    } finally { client.release(); }
  };
  return pgQueryable(pool, tx);
}
