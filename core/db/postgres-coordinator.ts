// Several Earshot processes against one PostgreSQL database.
// - Cron ticks: node-cron's distributed mode asks a RunCoordinator before each
//   scheduled execution with a key "<task name>:<slot ISO time>". The first process to
//   insert that key into _earshot_leases runs the tick; the others skip it. A key per
//   slot (not a lock held while running) is what makes it once per tick: a fast run
//   that finished before a slower process asks must not let that process run it again.
// - Start-up runs and other "at most one process every N seconds" work take a lease
//   that expires (claimLease).
// - Alert deliveries are claimed with FOR UPDATE SKIP LOCKED (claimDeliveries), so
//   workers never wait on, or double-send, each other's rows.
import os from "node:os";
import type pg from "pg";
import type { RunCoordinator } from "node-cron";
import type { Db } from "./index.ts";

export const LEASES_DDL = `CREATE TABLE IF NOT EXISTS "_earshot_leases" ("key" TEXT PRIMARY KEY, "owner" TEXT NOT NULL, "until" TIMESTAMPTZ NOT NULL)`;

export class PgRunCoordinator implements RunCoordinator {
  #calls = 0;
  constructor(private pool: pg.Pool, readonly owner = `${os.hostname()}:${process.pid}`) {}

  async shouldRun(key: string, ttlMs: number): Promise<boolean> {
    // Slot keys are kept a day (pruned now and then) so a late process never re-runs a tick.
    if (++this.#calls % 200 === 0) await this.pool.query(`DELETE FROM "_earshot_leases" WHERE "until" < now() - interval '1 day'`);
    const res = await this.pool.query(
      `INSERT INTO "_earshot_leases" ("key", "owner", "until") VALUES ($1, $2, now() + ($3::int * interval '1 millisecond')) ON CONFLICT ("key") DO NOTHING RETURNING "key"`,
      [`cron:${key}`, this.owner, Math.max(1000, Math.round(ttlMs || 0))]);
    return res.rowCount === 1;
  }

  /** True when this process holds `key` for ttlMs (taken over only after the holder's lease expired). */
  async claimLease(key: string, ttlMs: number): Promise<boolean> {
    const res = await this.pool.query(
      `INSERT INTO "_earshot_leases" ("key", "owner", "until") VALUES ($1, $2, now() + ($3::int * interval '1 millisecond'))
       ON CONFLICT ("key") DO UPDATE SET "owner" = excluded."owner", "until" = excluded."until" WHERE "_earshot_leases"."until" < now()
       RETURNING "key"`, [`lease:${key}`, this.owner, Math.round(ttlMs)]);
    return res.rowCount === 1;
  }
}

/** The run coordinator for a database shared by several processes (PostgreSQL), else undefined (SQLite: one process). */
export function runCoordinatorFor(db: Db): PgRunCoordinator | undefined {
  const pool = (db as Db & { pool?: pg.Pool }).pool;
  return db.kind === "postgres" && pool ? new PgRunCoordinator(pool) : undefined;
}

/** Wraps a job so that across processes it runs at most once per `ttlMs` (start-up runs). */
export function onceAcrossProcesses<J extends { name: string; run: () => Promise<unknown> }>(db: Db, job: J, ttlMs = 60_000): J {
  const c = runCoordinatorFor(db);
  if (!c) return job;
  return { ...job, run: async () => ((await c.claimLease(`${job.name}:startup`, ttlMs)) ? job.run() : undefined) };
}

