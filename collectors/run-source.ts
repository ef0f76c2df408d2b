// Runs one source once: builds the collector context, calls collect(), feeds the
// posts through the pipeline, persists the cursor only after the posts are stored
// (so a crash re-fetches rather than skips), and records a CollectorRun row whatever
// happens. Errors are classified and named with the source; they never stop other
// sources.
import os from "node:os";
import type { Db } from "../core/db/index.ts";
import type { EarshotConfig, SourceConfig } from "../core/config/schema.ts";
import type { Pipeline } from "../analysis/pipeline.ts";
import type { BrandMatchConfig, SharedResources } from "./types.ts";
import { getCollector } from "./registry.ts";
import { HttpClient } from "../core/http.ts";
import { describeError, errorKind } from "../core/errors.ts";
import type { Logger } from "../core/log.ts";

export interface RunSummary {
  sourceId: string;
  status: "ok" | "error" | "skipped";
  itemsSeen: number;
  itemsNew: number;
  durationMs: number;
  error?: string;
  errorKind?: string;
}

export class SharedResourcePool implements SharedResources {
  #items = new Map<string, { value: Promise<unknown>; dispose?: (v: any) => Promise<void> }>();
  get<T>(key: string, create: () => Promise<T>, dispose?: (value: T) => Promise<void>): Promise<T> {
    let e = this.#items.get(key);
    if (!e) {
      e = { value: create(), dispose };
      // A failed creation is not cached: the next run tries again.
      e.value.catch(() => this.#items.delete(key));
      this.#items.set(key, e);
    }
    return e.value as Promise<T>;
  }
  /** How many shared resources are open. */
  get size(): number {
    return this.#items.size;
  }
  async closeAll(): Promise<void> {
    const items = [...this.#items.values()];
    this.#items.clear();
    await Promise.all(items.map(async (e) => { try { const v = await e.value; await e.dispose?.(v); } catch { /* already failed */ } }));
  }
}

export class SourceRunner {
  #inFlight = new Map<string, Promise<RunSummary>>();
  readonly shared = new SharedResourcePool();

  constructor(
    private deps: { db: Db; config: EarshotConfig; pipeline: Pipeline; http: HttpClient; log: Logger; hardTimeoutMs?: number },
  ) {}

  inFlight(): Promise<RunSummary>[] {
    return [...this.#inFlight.values()];
  }

  /** Runs a source unless a run of the same source is already in progress (then "skipped"). */
  run(sourceId: string): Promise<RunSummary> {
    const running = this.#inFlight.get(sourceId);
    if (running) {
      this.deps.log.warn({ source: sourceId }, "previous run still in progress; skipping this tick");
      return Promise.resolve({ sourceId, status: "skipped", itemsSeen: 0, itemsNew: 0, durationMs: 0 });
    }
    const p = this.#run(sourceId).finally(() => this.#inFlight.delete(sourceId));
    this.#inFlight.set(sourceId, p);
    return p;
  }

  async #run(sourceId: string): Promise<RunSummary> {
    const { db, config, pipeline, log } = this.deps;
    const source = config.sources.find((s) => s.id === sourceId);
    if (!source) throw new Error(`unknown source ${sourceId}`);
    const collector = getCollector(source.type)!;
    const started = new Date();
    const run = await db.prisma.collectorRun.create({ data: { sourceId, startedAt: started, status: "running", host: `${os.hostname()}:${process.pid}` } });
    const row = await db.prisma.source.findUnique({ where: { id: sourceId }, select: { cursor: true } });
    const ctrl = new AbortController();
    const hardTimeout = setTimeout(() => ctrl.abort(new Error(`source ${sourceId}: run exceeded ${this.deps.hardTimeoutMs ?? 600_000} ms`)), this.deps.hardTimeoutMs ?? 600_000);
    let cursor: unknown = null;
    try { cursor = row?.cursor ? JSON.parse(row.cursor) : null; } catch { cursor = null; }
    try {
      const brands = brandsFor(config, source);
      const result = await collector.collect({
        source: { id: source.id, type: source.type, params: source.params }, params: source.params, brands,
        http: this.deps.http.with({ allowPrivateNetwork: source.allowPrivateNetwork, perHostPerMinute: source.perMinute ?? collector.perMinute, timeoutMs: source.timeoutMs }),
        cursor, log: log.child({ source: sourceId }), signal: ctrl.signal, now: () => new Date(), shared: this.shared,
      });
      const ingest = await pipeline.ingest(sourceId, result.posts, { brandIds: source.brands, platform: collector.platform, fetchedAt: started, textFormat: collector.textFormat });
      const finished = new Date();
      const durationMs = finished.getTime() - started.getTime();
      await db.prisma.$transaction([
        db.prisma.source.update({ where: { id: sourceId }, data: { cursor: JSON.stringify(result.cursor ?? null), lastRunAt: finished, lastSuccessAt: finished, lastError: null } }),
        db.prisma.collectorRun.update({ where: { id: run.id }, data: { status: "ok", finishedAt: finished, durationMs, itemsSeen: ingest.seen, itemsNew: ingest.new } }),
      ]);
      for (const r of ingest.rejected.slice(0, 5)) log.warn({ source: sourceId, item: r.externalId }, `item rejected: ${r.reason}`);
      log.info({ source: sourceId, seen: ingest.seen, new: ingest.new, unmatched: ingest.unmatched, ms: durationMs }, "source run finished");
      return { sourceId, status: "ok", itemsSeen: ingest.seen, itemsNew: ingest.new, durationMs };
    } catch (err) {
      const finished = new Date();
      const durationMs = finished.getTime() - started.getTime();
      const text = describeError(err);
      const kind = errorKind(err);
      await db.prisma.$transaction([
        db.prisma.source.update({ where: { id: sourceId }, data: { lastRunAt: finished, lastError: `${kind}: ${text}` } }),
        db.prisma.collectorRun.update({ where: { id: run.id }, data: { status: "error", finishedAt: finished, durationMs, errorKind: kind, error: text } }),
      ]);
      log.error({ source: sourceId, type: source.type, errorKind: kind }, `source ${sourceId} failed: ${text}`);
      return { sourceId, status: "error", itemsSeen: 0, itemsNew: 0, durationMs, error: text, errorKind: kind };
    } finally {
      clearTimeout(hardTimeout);
    }
  }
}

export function brandsFor(config: EarshotConfig, source: SourceConfig): BrandMatchConfig[] {
  const ids = source.brands?.length ? new Set(source.brands) : null;
  return config.brands.filter((b) => !ids || ids.has(b.id)).map((b) => ({
    id: b.id, name: b.name, keywords: b.keywords, aliases: b.aliases, exclusions: b.exclusions, languages: b.languages, competitors: b.competitors,
  }));
}
