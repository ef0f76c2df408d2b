import { describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { WalCheckpointer } from "../../core/db/wal-checkpointer.ts";
import { SqliteMentionStore } from "../../core/db/mention-store.ts";
import { openDatabase } from "../../core/db/index.ts";
import { migrateSqlite } from "../../core/db/migrate.ts";
import type { Logger } from "../../core/log.ts";
import { tmpDir } from "../helpers/tmp.ts";

function walDb(): { file: string; db: Database.Database } {
  const file = path.join(tmpDir(), "w.db");
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("wal_autocheckpoint = 4000");
  db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, body BLOB NOT NULL)");
  return { file, db };
}

function insert(db: Database.Database, batches: number, rows: number): void {
  const ins = db.prepare("INSERT INTO t (body) VALUES (?)");
  const tx = db.transaction(() => { for (let i = 0; i < rows; i++) ins.run(Buffer.alloc(1000, i % 251)); });
  for (let b = 0; b < batches; b++) tx();
}

async function until(cond: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function capture(): { log: Logger; errors: string[] } {
  const errors: string[] = [];
  const log = { error: (_o: unknown, msg: string) => { errors.push(msg); } } as unknown as Logger;
  return { log, errors };
}

const size = (f: string) => (fs.existsSync(f) ? fs.statSync(f).size : 0);

describe("WAL checkpoints on a worker thread", () => {
  it("takes over checkpointing: the connection stops, the worker copies the WAL into the database file", async () => {
    const { file, db } = walDb();
    const cp = WalCheckpointer.start(db, { intervalMs: 50 })!;
    expect(cp).not.toBeNull();
    expect(await cp.ready()).toBe(true);
    expect(cp.active).toBe(true);
    expect(db.pragma("wal_autocheckpoint", { simple: true })).toBe(0);
    const before = size(file);
    insert(db, 20, 500); // about 10 MB: past the old 4,000-page autocheckpoint several times
    // The main connection no longer checkpoints, so only the worker can have grown the file.
    await until(() => size(file) > before + 8_000_000 && cp.last !== null && cp.last.log > 0 && cp.last.checkpointed === cp.last.log, "the worker to checkpoint the whole WAL");
    const after = db.pragma("wal_checkpoint(PASSIVE)") as Array<{ busy: number; log: number; checkpointed: number }>;
    expect(after[0].checkpointed).toBe(after[0].log); // nothing left behind
    await cp.close();
    expect(db.pragma("wal_autocheckpoint", { simple: true })).toBe(4000);
    db.close();
  });

  it("close leaves a complete database file that a fresh connection reads", async () => {
    const { file, db } = walDb();
    const cp = WalCheckpointer.start(db, { intervalMs: 10_000 })!; // no periodic checkpoint during the test
    expect(await cp.ready()).toBe(true);
    insert(db, 5, 400);
    expect(size(`${file}-wal`)).toBeGreaterThan(1_000_000);
    await cp.close();
    expect(size(`${file}-wal`)).toBe(0); // final TRUNCATE checkpoint: everything is in the database file
    db.close();
    const fresh = new Database(file, { readonly: true });
    expect(fresh.prepare("SELECT count(*) FROM t").pluck().get()).toBe(2000);
    expect(fresh.pragma("integrity_check", { simple: true })).toBe("ok");
    fresh.close();
  });

  it("falls back to the connection's own checkpoints, with one error, when the worker cannot start", async () => {
    const { db } = walDb();
    const { log, errors } = capture();
    const cp = WalCheckpointer.start(db, { workerUrl: pathToFileURL(path.join(tmpDir(), "missing.worker.mjs")), log })!;
    expect(await cp.ready()).toBe(false);
    expect(cp.active).toBe(false);
    expect(db.pragma("wal_autocheckpoint", { simple: true })).toBe(4000);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/WAL checkpoint worker failed/);
    insert(db, 2, 100);
    expect(db.prepare("SELECT count(*) FROM t").pluck().get()).toBe(200);
    await cp.close();
    db.close();
  });

  it("falls back when the worker dies after taking over", async () => {
    const { db } = walDb();
    const script = path.join(tmpDir(), "dies.worker.mjs");
    fs.writeFileSync(script, `import { parentPort } from "node:worker_threads";
parentPort.postMessage({ ready: true, log: 0, checkpointed: 0 });
setTimeout(() => { throw new Error("checkpoint worker crashed"); }, 100);\n`);
    const { log, errors } = capture();
    const cp = WalCheckpointer.start(db, { workerUrl: pathToFileURL(script), log })!;
    expect(await cp.ready()).toBe(true);
    expect(db.pragma("wal_autocheckpoint", { simple: true })).toBe(0);
    await until(() => errors.length > 0, "the failure to be logged");
    expect(cp.active).toBe(false);
    expect(db.pragma("wal_autocheckpoint", { simple: true })).toBe(4000);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/checkpoint worker crashed/);
    await cp.close();
    db.close();
  });

  it("is used by the mention store for file databases only; in-memory ones keep wal_autocheckpoint", async () => {
    const mem = new Database(":memory:");
    migrateSqlite(mem);
    const memStore = new SqliteMentionStore(mem);
    expect(memStore.checkpointer).toBeNull();
    expect(mem.pragma("wal_autocheckpoint", { simple: true })).toBe(4000);
    await memStore.close();
    mem.close();

    const fileDb = await openDatabase(`file:${path.join(tmpDir(), "s.db")}`);
    const store = new SqliteMentionStore(fileDb.sqlite!);
    expect(store.checkpointer).not.toBeNull();
    expect(await store.checkpointer!.ready()).toBe(true);
    expect(fileDb.sqlite!.pragma("wal_autocheckpoint", { simple: true })).toBe(0);
    await store.close();
    expect(fileDb.sqlite!.pragma("wal_autocheckpoint", { simple: true })).toBe(4000);
    await fileDb.close();

    const off = await openDatabase(`file:${path.join(tmpDir(), "o.db")}`);
    expect(new SqliteMentionStore(off.sqlite!, { checkpointer: false }).checkpointer).toBeNull();
    expect(off.sqlite!.pragma("wal_autocheckpoint", { simple: true })).toBe(4000);
    await off.close();
  });

  it("stops its worker when the database is closed without closing the store", async () => {
    const { file, db } = walDb();
    const cp = WalCheckpointer.start(db, { intervalMs: 30 })!;
    expect(await cp.ready()).toBe(true);
    insert(db, 2, 200);
    db.close(); // the last connection: SQLite checkpoints and removes the WAL itself
    await until(() => !cp.active, "the worker to be stopped");
    const fresh = new Database(file, { readonly: true });
    expect(fresh.prepare("SELECT count(*) FROM t").pluck().get()).toBe(400);
    fresh.close();
  });
});
