// Post preparation and text analysis on worker threads (config analysis.workers, off by
// default). Both are pure and CPU-bound, so a worker can prepare and analyse one chunk
// of a batch while the main thread stores another. It pays only when a core is free:
// on the shared 2-core benchmark machine the hand-offs made it slower than inline (see
// bench:pipeline). Every path that ingests (scheduled collectors, push, import, replay)
// goes through Pipeline.ingest, so they all share the pool.
//
// Workers run the same analyzer as the inline path (createDefaultAnalyzer, with the
// workspace model file picked up the same way), so results are identical. A worker
// that crashes or cannot start loses nothing: its pending chunks and every later one
// are analysed inline, and the failure is logged once.
import { Worker } from "node:worker_threads";
import type { AnalyzeInput, TextAnalysis, TextAnalyzer } from "./types.ts";
import type { BrandMatchConfig } from "../collectors/types.ts";
import { PostPreparer, StringInterner, fromWire, type PrepInput, type PrepOptions, type PreparedAndAnalysed, type WireChunk } from "./prepare.ts";
import { describeError } from "../core/errors.ts";

/** Minimal logger shape (pino's), so tests can pass their own. */
export interface PoolLogger {
  error(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface AnalysisPoolOptions {
  /** Worker threads (>= 1). */
  workers: number;
  /** Brands posts are matched against in prepareAndAnalyse(). Default none. */
  brands?: BrandMatchConfig[];
  /**
   * The inline analyzer used when a worker fails; built on first need, so a healthy pool
   * never loads the text engine on the main thread.
   */
  fallback: () => TextAnalyzer | Promise<TextAnalyzer>;
  /** Workspace model file for the workers' analyzer (createDefaultAnalyzer's modelPath). Default ./data/model.json. */
  modelPath?: string | null;
  log?: PoolLogger;
  /**
   * Old-generation heap limit of each worker, in MB. Default 1024. Besides capping the
   * worker, a limit under 2 GB makes V8 grow the heap by ~1.6x its live size between full
   * collections instead of up to 4x: the analyzer's models are most of what lives there, so
   * the worker's heap peaked at ~70 MB instead of ~96 MB in bench:pipeline. A worker that
   * runs out is replaced by inline analysis, like any failed worker.
   */
  maxHeapMb?: number;
  /** Module the worker thread runs. Default: analysis-pool.worker.ts (another one can stand in, e.g. to test a crash). */
  workerModule?: URL;
}

/** A chunk of work: analyse inputs, or prepare (clean, match, hash) and analyse raw posts. */
export type PoolRequest = { op: "analyze"; inputs: AnalyzeInput[] } | { op: "prepare"; posts: PrepInput[]; o: PrepOptions };

interface Pending {
  req: PoolRequest;
  resolve: (r: unknown[]) => void;
  reject: (err: unknown) => void;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
  dead: boolean;
  /** Resolves when the worker has loaded its analyzer, or has failed. */
  ready: Promise<void>;
}

export type WorkerReply = { id: number; results: unknown[] | WireChunk } | { id: number; error: string } | { ready: true };

/** Runs one request with a preparer and an analyzer: the worker's loop, and the inline fallback. */
export function runPoolRequest(req: PoolRequest, preparer: PostPreparer, analyzer: TextAnalyzer): unknown[] {
  return req.op === "analyze" ? req.inputs.map((i) => analyzer.analyze(i)) : preparer.prepareAndAnalyse(req.posts, req.o, analyzer);
}

const sizeOf = (req: PoolRequest) => (req.op === "analyze" ? req.inputs.length : req.posts.length);

export class AnalysisPool {
  #opts: AnalysisPoolOptions;
  #slots: Slot[] | null = null;
  #next = 0;
  #ids = 0;
  #fallback: Promise<TextAnalyzer> | null = null;
  #preparer: PostPreparer | null = null;
  #closed = false;
  #failedLogged = false;
  /** Shared copies of the label strings in workers' results (fromWire). */
  #strings = new StringInterner();

  constructor(opts: AnalysisPoolOptions) {
    if (!Number.isInteger(opts.workers) || opts.workers < 1) throw new RangeError(`analysis workers must be an integer >= 1, received ${opts.workers}`);
    this.#opts = opts;
  }

  /** Worker threads still running (0 after a crash: everything is analysed inline). */
  get liveWorkers(): number {
    return this.#slots?.filter((s) => !s.dead).length ?? 0;
  }

  /**
   * Starts the workers and waits until each has loaded the analyzer (or failed), as an
   * inline analyzer is ready when created. Optional: analyze() starts them on first use.
   */
  async start(): Promise<void> {
    if (this.#closed) return;
    this.#slots ??= Array.from({ length: this.#opts.workers }, () => this.#spawn());
    await Promise.all(this.#slots.map((s) => s.ready));
  }

  /** Analyses the inputs in order; never loses one (a failed worker means inline analysis). */
  async analyze(inputs: AnalyzeInput[]): Promise<TextAnalysis[]> {
    return inputs.length ? (await this.#run({ op: "analyze", inputs })) as TextAnalysis[] : [];
  }

  /** PostPreparer.prepareAndAnalyse on a worker: clean, match, hash and analyse raw posts, in order. */
  async prepareAndAnalyse(posts: PrepInput[], o: PrepOptions): Promise<PreparedAndAnalysed[]> {
    return posts.length ? (await this.#run({ op: "prepare", posts, o })) as PreparedAndAnalysed[] : [];
  }

  async #run(req: PoolRequest): Promise<unknown[]> {
    if (this.#closed) throw new Error("analysis pool is closed");
    const slot = this.#pick();
    if (!slot) return this.#inline(req);
    try {
      return await new Promise<unknown[]>((resolve, reject) => {
        const id = ++this.#ids;
        slot.pending.set(id, { req, resolve, reject });
        slot.worker.ref(); // pending work keeps the process alive; an idle pool does not
        slot.worker.postMessage({ id, req });
      });
    } catch (err) {
      if (this.#closed) throw err;
      // A worker that failed (or a chunk it could not analyse): do it here, where an
      // error is raised exactly as the inline pipeline would raise it.
      return this.#inline(req);
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    const slots = this.#slots ?? [];
    this.#slots = [];
    await Promise.all(slots.map(async (s) => {
      s.dead = true;
      for (const p of s.pending.values()) p.reject(new Error("analysis pool closed"));
      s.pending.clear();
      await s.worker.terminate();
    }));
  }

  #pick(): Slot | null {
    this.#slots ??= Array.from({ length: this.#opts.workers }, () => this.#spawn());
    const live = this.#slots.filter((s) => !s.dead);
    if (!live.length) return null;
    return live[this.#next++ % live.length];
  }

  #spawn(): Slot {
    const worker = new Worker(new URL("./analysis-pool.worker.mjs", import.meta.url), {
      resourceLimits: { maxOldGenerationSizeMb: this.#opts.maxHeapMb ?? 1024 },
      workerData: { module: (this.#opts.workerModule ?? new URL("./analysis-pool.worker.ts", import.meta.url)).href, modelPath: this.#opts.modelPath, brands: this.#opts.brands ?? [] },
    });
    worker.unref();
    let markReady!: () => void;
    const slot: Slot = { worker, pending: new Map(), dead: false, ready: new Promise<void>((r) => { markReady = r; }) };
    worker.ref(); // until it is ready: a caller may be waiting in start()
    worker.on("message", (msg: WorkerReply) => {
      if ("ready" in msg) {
        if (!slot.pending.size) worker.unref();
        markReady();
        return;
      }
      const p = slot.pending.get(msg.id);
      if (!p) return;
      slot.pending.delete(msg.id);
      if (!slot.pending.size) worker.unref();
      if ("error" in msg) {
        this.#opts.log?.warn({ err: msg.error, posts: sizeOf(p.req) }, "analysis worker could not analyse a chunk; analysing it inline");
        p.reject(new Error(msg.error));
      } else if (p.req.op === "prepare") {
        // A chunk that does not decode (a worker of another version, say) is analysed inline.
        try {
          p.resolve(fromWire(msg.results as WireChunk, p.req.posts, this.#strings));
        } catch (err) {
          this.#opts.log?.warn({ err: describeError(err), posts: sizeOf(p.req) }, "analysis worker sent a chunk that does not decode; analysing it inline");
          p.reject(err);
        }
      } else if (!Array.isArray(msg.results) || msg.results.length !== sizeOf(p.req)) {
        p.reject(new Error(`analysis worker returned ${Array.isArray(msg.results) ? msg.results.length : "no"} results for ${sizeOf(p.req)} posts`));
      } else {
        p.resolve(msg.results);
      }
    });
    const fail = (err: unknown) => {
      markReady();
      if (slot.dead) return;
      slot.dead = true;
      if (!this.#closed && !this.#failedLogged) {
        this.#failedLogged = true;
        this.#opts.log?.error({ err: describeError(err), pending: slot.pending.size }, "analysis worker failed; its posts and later ones are analysed inline");
      }
      for (const p of slot.pending.values()) p.reject(err);
      slot.pending.clear();
    };
    worker.on("error", fail);
    worker.on("messageerror", fail);
    worker.on("exit", (code) => fail(new Error(`analysis worker exited with code ${code}`)));
    return slot;
  }

  #inline(req: PoolRequest): Promise<unknown[]> {
    this.#fallback ??= Promise.resolve().then(() => this.#opts.fallback());
    this.#preparer ??= new PostPreparer(this.#opts.brands ?? []);
    const preparer = this.#preparer;
    return this.#fallback.then((a) => runPoolRequest(req, preparer, a));
  }
}
