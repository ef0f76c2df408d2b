// Moves WAL checkpoints of a file database off the thread that commits. SQLite's automatic
// checkpoint runs inside the commit that pushes the WAL past wal_autocheckpoint pages: it
// copies WAL pages into the database file and fsyncs, synchronously, on the ingest thread.
// Here a worker thread checkpoints on its own connection every intervalMs instead, and the
// store's connection gets wal_autocheckpoint = 0 once the worker has checkpointed once.
// If the worker fails to start or dies, the connection checkpoints itself again (its
// previous wal_autocheckpoint) and one error is logged. In-memory databases, or files not
// in WAL mode, are left as they are (start() returns null).
import { Worker } from "node:worker_threads";
import path from "node:path";
import type Database from "better-sqlite3";
import { logger as rootLogger, type Logger } from "../log.ts";
import { describeError } from "../errors.ts";

export interface WalCheckpointerOptions {
  /** Milliseconds between checkpoints by the worker. Default 250. */
  intervalMs?: number;
  /**
   * WAL size in pages above which the store's connection restarts the WAL itself
   * (wal_checkpoint(RESTART), between its transactions) when the worker reports it: the
   * writer rewinds the WAL only when it finds it fully checkpointed, which a steady stream
   * of commits can keep from happening. The worker has copied all but the frames of the last few hundred milliseconds by then, so this is cheap. Default 8,000 (32 MB at 4 KiB pages).
   */
  capPages?: number;
  /** Worker script. Default: wal-checkpointer.worker.mjs next to this file. */
  workerUrl?: URL;
  /** Where the one error of a failed worker goes. Default: the root logger. */
  log?: Logger;
}

export interface CheckpointReport {
  /** WAL frames after the last checkpoint, and how many of them are in the database file. */
  log: number;
  checkpointed: number;
}

export class WalCheckpointer {
  #db: Database.Database;
  #file: string;
  #worker: Worker | null = null;
  #log: Logger;
  /** wal_autocheckpoint of the connection before the worker took over (restored on failure and close). */
  #previous: number;
  #active = false;
  #stopped = false;
  #watch: NodeJS.Timeout | null = null;
  #ready: Promise<boolean>;
  #settle!: (ok: boolean) => void;
  /** The last report of the worker (for monitoring and tests). */
  last: CheckpointReport | null = null;
  /** Checkpoints the worker reported. */
  checkpoints = 0;
  /** Times the WAL grew past capPages and the connection restarted it. */
  truncations = 0;

  /** Starts a checkpoint worker for a WAL-mode file database; null (nothing changed) otherwise. */
  static start(db: Database.Database, opts: WalCheckpointerOptions = {}): WalCheckpointer | null {
    if (db.memory || !db.name || db.name === ":memory:") return null;
    if (String(db.pragma("journal_mode", { simple: true })).toLowerCase() !== "wal") return null;
    return new WalCheckpointer(db, opts);
  }

  private constructor(db: Database.Database, opts: WalCheckpointerOptions) {
    this.#db = db;
    this.#file = path.resolve(db.name);
    this.#log = opts.log ?? rootLogger;
    this.#previous = Number(db.pragma("wal_autocheckpoint", { simple: true }));
    this.#ready = new Promise((r) => { this.#settle = r; });
    const intervalMs = opts.intervalMs ?? 250;
    const capPages = opts.capPages ?? 8_000;
    try {
      this.#worker = new Worker(opts.workerUrl ?? new URL("./wal-checkpointer.worker.mjs", import.meta.url), {
        workerData: { file: this.#file, intervalMs },
      });
    } catch (err) {
      this.#fail(err);
      return;
    }
    // Never what keeps the process alive: the app closes its database and exits as before.
    this.#worker.unref();
    this.#worker.on("message", (msg: { ready?: boolean; log: number; checkpointed: number }) => {
      this.last = { log: msg.log, checkpointed: msg.checkpointed };
      this.checkpoints++;
      if (msg.ready && !this.#stopped && this.#db.open) {
        this.#db.pragma("wal_autocheckpoint = 0");
        this.#active = true;
        this.#settle(true);
      }
      // Message handlers run between the store's transactions, never inside one.
      if (this.#active && msg.log > capPages && this.#db.open) {
        // An exception here would escape an event handler and end the process; a restart
        // that cannot run now (another process holds a lock) is simply tried at the next report.
        try {
          this.#db.pragma("wal_checkpoint(RESTART)");
          this.truncations++;
        } catch (err) {
          this.#log.warn({ file: this.#file, err: describeError(err) }, `WAL restart skipped: ${describeError(err)}`);
        }
      }
    });
    this.#worker.on("error", (err) => this.#fail(err));
    this.#worker.on("exit", (code) => this.#fail(new Error(`the worker exited (code ${code})`)));
    // The database may be closed without this being closed (Db.close() closes the
    // connection): stop the worker then, so it does not open a closed store's file.
    this.#watch = setInterval(() => { if (!this.#db.open) void this.close(); }, intervalMs);
    this.#watch.unref();
  }

  /** True once the worker checkpoints and the connection does not (false after a failure or close). */
  get active(): boolean {
    return this.#active;
  }

  /** Resolves when the worker has checkpointed once (true) or failed to start (false). */
  ready(): Promise<boolean> {
    return this.#ready;
  }

  #fail(err: unknown): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#active = false;
    if (this.#watch) clearInterval(this.#watch);
    this.#settle(false);
    // A database closed meanwhile: nothing to fall back for, and no error to report.
    if (!this.#db.open) return;
    this.#db.pragma(`wal_autocheckpoint = ${this.#previous}`);
    this.#log.error({ file: this.#file, err: describeError(err) },
      `WAL checkpoint worker failed: ${describeError(err)}; the store's connection checkpoints the WAL itself again (wal_autocheckpoint = ${this.#previous})`);
    void this.#worker?.terminate();
  }

  /**
   * Stops the worker (it finishes a checkpoint in progress and closes its connection), then,
   * if the database is still open, restores wal_autocheckpoint and checkpoints the whole
   * WAL into the database file on this connection.
   */
  async close(): Promise<void> {
    const worker = this.#worker;
    const wasStopped = this.#stopped;
    this.#stopped = true;
    this.#active = false;
    if (this.#watch) clearInterval(this.#watch);
    this.#settle(false);
    if (worker && !wasStopped) {
      const exited = new Promise<void>((r) => worker.once("exit", () => r()));
      worker.ref(); // an unref'd worker's exit would not keep this await alive
      worker.postMessage("stop");
      // A checkpoint in progress finishes first; a stuck one is not waited for forever.
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<"timeout">((r) => { timer = setTimeout(() => r("timeout"), 5_000); });
      if (await Promise.race([exited, timeout]) === "timeout") await worker.terminate();
      clearTimeout(timer);
    }
    if (this.#db.open) {
      this.#db.pragma(`wal_autocheckpoint = ${this.#previous}`);
      this.#db.pragma("wal_checkpoint(TRUNCATE)");
    }
  }
}
