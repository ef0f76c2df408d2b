// Prometheus metrics (/metrics, prom-client). Two kinds:
// - in-process counters and histograms for what this process does (mentions stored
//   by source, analysis time), prefixed earshot_ and reset on restart, as Prometheus
//   expects of counters;
// - database-derived gauges computed at scrape time (collector runs and errors,
//   source lag, open incidents, alerts and deliveries by outcome, outbox depth). They
//   describe the shared database, so every process sharing it reports the same values:
//   aggregate them with max(), not sum().
// The console's web server mounts createMetricsRoute() (web/start.ts); without it,
// startMetricsServer() serves /metrics on its own port.
import http from "node:http";
import { Hono } from "hono";
import client from "prom-client";
import type { Db } from "./db/index.ts";
import type { StoredMention } from "../analysis/types.ts";

export const registry = new client.Registry();
client.collectDefaultMetrics({ register: registry, prefix: "earshot_" });

export const mentionsIngested = new client.Counter({
  name: "earshot_mentions_ingested_total", help: "Mentions stored by this process, by source", labelNames: ["source"] as const, registers: [registry],
});
export const analysisSeconds = new client.Histogram({
  name: "earshot_analysis_seconds", help: "Time to analyse one batch of posts (text engine), by source", labelNames: ["source"] as const,
  buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers: [registry],
});
export const analysedPosts = new client.Counter({
  name: "earshot_analysed_posts_total", help: "Posts analysed by this process, by source", labelNames: ["source"] as const, registers: [registry],
});

/** Called by the store wrapper after each stored batch. */
export function countIngested(stored: StoredMention[]): void {
  const by = new Map<string, number>();
  for (const m of stored) by.set(m.sourceId, (by.get(m.sourceId) ?? 0) + 1);
  for (const [source, n] of by) mentionsIngested.inc({ source }, n);
}

/** Called by the pipeline around analysis. */
export function observeAnalysis(source: string, posts: number, ms: number): void {
  if (!posts) return;
  analysisSeconds.observe({ source }, ms / 1000);
  analysedPosts.inc({ source }, posts);
}

let boundDb: Db | null = null;
/** The database the scrape-time gauges read (the last one bound wins: one monitor per process). */
export function bindMetricsDatabase(db: Db | null): void { boundDb = db; }

type Row = Record<string, unknown> & { _count: { _all: number } };
function dbGauge(name: string, help: string, labelNames: string[], read: (db: Db) => Promise<Array<[Record<string, string>, number]>>) {
  return new client.Gauge({
    name, help, labelNames, registers: [registry],
    async collect() {
      this.reset();
      if (!boundDb) return;
      for (const [labels, value] of await read(boundDb)) this.set(labels, value);
    },
  });
}

const str = (v: unknown) => (v === null || v === undefined ? "" : String(v));

dbGauge("earshot_collector_runs", "Collector runs recorded in the database, by source and status (running|ok|error|skipped)", ["source", "status"], async (db) =>
  ((await db.prisma.collectorRun.groupBy({ by: ["sourceId", "status"], _count: { _all: true } })) as unknown as Row[]).map((r) => [{ source: str(r.sourceId), status: str(r.status) }, r._count._all]));

dbGauge("earshot_collector_errors", "Failed collector runs in the database, by source and error kind", ["source", "kind"], async (db) =>
  ((await db.prisma.collectorRun.groupBy({ by: ["sourceId", "errorKind"], where: { status: "error" }, _count: { _all: true } })) as unknown as Row[])
    .map((r) => [{ source: str(r.sourceId), kind: str(r.errorKind) || "unknown" }, r._count._all]));

dbGauge("earshot_source_lag_seconds", "Seconds since each enabled source last collected successfully (-1: never)", ["source"], async (db) => {
  const now = Date.now();
  return (await db.prisma.source.findMany({ where: { enabled: true }, select: { id: true, lastSuccessAt: true } }))
    .map((s) => [{ source: s.id }, s.lastSuccessAt ? Math.max(0, (now - s.lastSuccessAt.getTime()) / 1000) : -1]);
});

dbGauge("earshot_incidents_open", "Incidents not resolved, by brand and severity", ["brand", "severity"], async (db) =>
  ((await db.prisma.incident.groupBy({ by: ["brandId", "severity"], where: { status: { not: "resolved" } }, _count: { _all: true } })) as unknown as Row[])
    .map((r) => [{ brand: str(r.brandId), severity: str(r.severity) }, r._count._all]));

dbGauge("earshot_alerts", "Alerts in the database, by kind and status", ["kind", "status"], async (db) =>
  ((await db.prisma.alert.groupBy({ by: ["kind", "status"], _count: { _all: true } })) as unknown as Row[]).map((r) => [{ kind: str(r.kind), status: str(r.status) }, r._count._all]));

dbGauge("earshot_deliveries", "Alert deliveries by channel and outcome (pending|sending|sent|dead|held)", ["channel", "status"], async (db) =>
  ((await db.prisma.delivery.groupBy({ by: ["channel", "status"], _count: { _all: true } })) as unknown as Row[]).map((r) => [{ channel: str(r.channel), status: str(r.status) }, r._count._all]));

dbGauge("earshot_outbox_depth", "Deliveries waiting to be sent (pending or being sent)", [], async (db) =>
  [[{}, await db.prisma.delivery.count({ where: { status: { in: ["pending", "sending"] } } })]]);

export async function metricsText(): Promise<string> {
  return registry.metrics();
}

/** Hono sub-app serving GET /metrics (mounted by web/start.ts). */
export function createMetricsRoute(o: { db: Db }): Hono {
  bindMetricsDatabase(o.db);
  const app = new Hono();
  app.get("/metrics", async (c) => c.body(await metricsText(), 200, { "content-type": registry.contentType }));
  return app;
}

/** node:http handler for /metrics, for processes without the console server. */
export function metricsHandler(): http.RequestListener {
  return (req, res) => {
    if (req.method !== "GET" || (req.url ?? "").split("?")[0] !== "/metrics") { res.writeHead(404).end("not found\n"); return; }
    metricsText().then(
      (text) => { res.writeHead(200, { "content-type": registry.contentType }); res.end(text); },
      (err) => { res.writeHead(500, { "content-type": "text/plain" }); res.end(`metrics failed: ${(err as Error).message}\n`); },
    );
  };
}

export async function startMetricsServer(db: Db, host: string, port: number): Promise<{ url: string; close(): Promise<void> }> {
  bindMetricsDatabase(db);
  const server = http.createServer(metricsHandler());
  await new Promise<void>((resolve, reject) => { server.once("error", reject); server.listen(port, host, () => resolve()); });
  const addr = server.address() as { port: number };
  return { url: `http://${host}:${addr.port}/metrics`, close: () => new Promise((r) => server.close(() => r())) };
}
