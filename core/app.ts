// Wires the monitor together from a validated config: database (migrated), brand and
// source rows mirrored from the config, the pipeline, the source runner, the cron
// scheduler and the delivery worker. Used by `earshot start` and by `earshot replay`.
import os from "node:os";
import type { EarshotConfig } from "./config/schema.ts";
import { openDatabase, type Db, DEFAULT_DATABASE_URL } from "./db/index.ts";
import { SqliteMentionStore, type MentionStore } from "./db/mention-store.ts";
import { Pipeline, detectorsFromConfig } from "../analysis/pipeline.ts";
import { StoryRowSink } from "../analysis/early-warning/story-sink.ts";
import { AnalysisPool } from "../analysis/analysis-pool.ts";
import { IncidentManager } from "../alerts/incidents.ts";
import { DeliveryWorker } from "../alerts/delivery-worker.ts";
import { RoutingRuntime } from "../alerts/routing/runtime.ts";
import { SourceRunner } from "../collectors/run-source.ts";
import { getCollector } from "../collectors/registry.ts";
import { Scheduler } from "./scheduler.ts";
import { HttpClient } from "./http.ts";
import { logger as rootLogger, type Logger } from "./log.ts";
import type { Detector } from "../analysis/detectors.ts";
import { startConsoleServer, type ConsoleServer } from "../web/start.ts";
import { Rollups, withRollups, brandCompetitors, maintenanceJobs } from "./rollups.ts";
import { runCoordinatorFor, onceAcrossProcesses } from "./db/postgres-coordinator.ts";
import { refreshEngagement } from "../collectors/engagement/refresher.ts";
import { checkSilentSources } from "../collectors/health.ts";

export interface AppContext {
  config: EarshotConfig;
  db: Db;
  pipeline: Pipeline;
  incidents: IncidentManager;
  log: Logger;
  http: HttpClient;
}

export function databaseUrl(config: EarshotConfig): string {
  return process.env.DATABASE_URL || config.database.url || DEFAULT_DATABASE_URL;
}

export function mentionStoreFor(db: Db): MentionStore {
  if (db.sqlite) return new SqliteMentionStore(db.sqlite);
  const factory = (db as Db & { mentionStore?: () => MentionStore }).mentionStore;
  if (!factory) throw new Error(`no mention store for ${db.kind}`);
  return factory();
}

/** Mirrors brands and sources from the config into their tables (ids are stable; removed ones are disabled). */
export async function syncConfig(db: Db, config: EarshotConfig): Promise<void> {
  for (const b of config.brands) {
    const data = { name: b.name, config: JSON.stringify({ keywords: b.keywords, aliases: b.aliases, exclusions: b.exclusions, languages: b.languages, competitors: b.competitors }) };
    await db.prisma.brand.upsert({ where: { id: b.id }, create: { id: b.id, ...data }, update: data });
  }
  for (const s of config.sources) {
    const collector = getCollector(s.type)!;
    // Params are stored for display only, with secret params blanked: secrets stay in the environment.
    const params = Object.fromEntries(Object.entries(s.params as Record<string, unknown>).map(([k, v]) => [k, collector.secrets?.includes(k) ? "[secret]" : v]));
    const data = { type: s.type, params: JSON.stringify(params), schedule: s.schedule, enabled: s.enabled };
    await db.prisma.source.upsert({ where: { id: s.id }, create: { id: s.id, ...data }, update: data });
  }
  const configured = config.sources.map((s) => s.id);
  await db.prisma.source.updateMany({ where: { id: { notIn: configured }, type: { not: "replay" } }, data: { enabled: false } });
}

/**
 * `analysis.workers` as a thread count. "auto" takes one worker when a second CPU exists:
 * the main thread then only stores and detects while the worker cleans, matches and
 * analyses the next batch (bench:pipeline: ~20k posts/s against ~14k inline on 2 cores);
 * more workers do not help there: the main thread and the one worker already keep both
 * cores busy (profile: the worker ~90% busy, the main thread waiting for it ~19% of the run).
 */
export function resolveAnalysisWorkers(workers: number | "auto", cpus: number = os.availableParallelism()): number {
  return workers === "auto" ? (cpus >= 2 ? 1 : 0) : workers;
}

export async function createApp(config: EarshotConfig, opts: { log?: Logger; detectors?: Detector[]; db?: Db } = {}): Promise<AppContext> {
  const log = opts.log ?? rootLogger;
  const db = opts.db ?? await openDatabase(databaseUrl(config));
  await syncConfig(db, config);
  const incidents = new IncidentManager(db.prisma, config, new Map(config.brands.map((b) => [b.id, b.name])));
  if (config.alerts.routing) incidents.routing = new RoutingRuntime(db.prisma, config, { log });
  // Analysis on worker threads (config analysis.workers); the engine is then loaded by the
  // workers only, and on the main thread just if a worker fails.
  const workers = resolveAnalysisWorkers(config.analysis.workers);
  // A workspace with Chinese brand names loads the Chinese analyzer with the rest, not at its first Chinese post.
  const loadAnalyzer = async () => {
    const { createDefaultAnalyzer, expectsChinese } = await import("../analysis/default-analyzer.ts");
    return createDefaultAnalyzer({ preloadChinese: expectsChinese(config.brands) });
  };
  const analysisPool = workers > 0 ? new AnalysisPool({ workers, brands: config.brands, fallback: loadAnalyzer, log }) : null;
  await analysisPool?.start(); // the analyzer is loaded when the app is, as it is inline
  const detectors = opts.detectors ?? detectorsFromConfig(config);
  const pipeline = new Pipeline({
    brands: config.brands,
    ...(analysisPool ? { analysisPool } : { analyzer: await loadAnalyzer() }),
    store: withRollups(mentionStoreFor(db), new Rollups(db, brandCompetitors(config))),
    detectors,
    // Story rows for early-warning signals (and Mention.storyId), then incidents
    sink: new StoryRowSink(db.prisma, incidents, detectors),
  });
  return { config, db, pipeline, incidents, log, http: new HttpClient() };
}

export interface Monitor {
  app: AppContext;
  runner: SourceRunner;
  scheduler: Scheduler;
  worker: DeliveryWorker;
  /** The console and REST API (config.server.host/port). */
  web: ConsoleServer;
  stop(): Promise<void>;
}

/** Starts scheduled collection and delivery. Each enabled source also runs once at start-up. */
export async function startMonitor(config: EarshotConfig, opts: { log?: Logger; runAtStart?: boolean } = {}): Promise<Monitor> {
  const app = await createApp(config, opts);
  const { log } = app;
  const runner = new SourceRunner({ db: app.db, config, pipeline: app.pipeline, http: app.http, log });
  const scheduler = new Scheduler(log, runCoordinatorFor(app.db)); // PostgreSQL: once per tick across processes
  for (const s of config.sources.filter((x) => x.enabled)) {
    const job = { name: `source:${s.id}`, schedule: s.schedule, run: () => runner.run(s.id) };
    scheduler.add(job);
    if (opts.runAtStart !== false) void scheduler.trigger(onceAcrossProcesses(app.db, job));
  }
  // Time passes even when nothing arrives: let detectors resolve quiet incidents.
  scheduler.add({ name: "detectors:tick", schedule: "* * * * *", run: () => app.pipeline.flushTick(new Date()), perProcess: true });
  // Engagement growth: young posts re-polled on a back-off, one MentionSnapshot per observation.
  scheduler.add({ name: "engagement:refresh", schedule: "*/5 * * * *", run: () => refreshEngagement({ db: app.db, config, http: app.http, log, shared: runner.shared, onSnapshot: (id, at, c) => app.pipeline.onSnapshot(id, at, c).then(() => {}) }) });
  // Silence is a signal: no successful run for N x the expected interval raises source_silent.
  scheduler.add({ name: "sources:silent-check", schedule: "* * * * *", run: () => checkSilentSources(app.db.prisma, config) });
  for (const job of maintenanceJobs(app)) scheduler.add(job); // rollup outcomes every 5 min, retention daily
  const routing = app.incidents.routing;
  if (routing) {
    // Group timers survive restarts; without this a restart would re-send every open group.
    await routing.loadState();
    for (const job of routing.jobs()) scheduler.add(job);
  }
  const worker = new DeliveryWorker(app.db.prisma, config, { log, leaseMs: config.delivery.leaseMs });
  worker.start();
  const web = await startConsoleServer(app, { log });
  // Cases opened by rule and SLA breaches are checked every minute.
  scheduler.add({ name: "cases:tick", schedule: "* * * * *", run: () => web.tick(new Date()) });
  log.info({ sources: config.sources.length, brands: config.brands.length, db: app.db.kind }, "Earshot is monitoring");
  let stopping: Promise<void> | null = null;
  return {
    app, runner, scheduler, worker, web,
    stop() {
      stopping ??= (async () => {
        await web.close();
        await scheduler.stop();
        await Promise.allSettled(runner.inFlight());
        await routing?.saveState().catch((err) => log.warn({ err: String(err) }, "routing state not saved"));
        await worker.stop();
        await runner.shared.closeAll();
        await app.pipeline.close();
        await app.db.close();
      })();
      return stopping;
    },
  };
}
