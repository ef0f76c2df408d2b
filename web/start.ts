// Starts the web server inside the monitor process (called from core/app.ts
// startMonitor) and mounts the optional parts other modules provide when present:
// POST /api/ingest (push sources), alert ack links, /metrics.
import type { Hono } from "hono";
import type { AppContext } from "../core/app.ts";
import type { Logger } from "../core/log.ts";
import { describeError } from "../core/errors.ts";
import { CaseService } from "../cases/case.service.ts";
import { createWebApp, startWebServer, type WebServer } from "./server.ts";
import { createIngestRoute } from "../collectors/push/push.route.ts";

export interface ConsoleServer extends WebServer {
  cases: CaseService;
  /** Minute job: opens cases by rule and raises SLA breaches. */
  tick(now: Date): Promise<void>;
}

/** Optional module: returns its hono sub-app, or null when that module is not in this build. */
async function optionalMount(modPath: string, build: (mod: Record<string, unknown>) => Hono | null, log: Logger): Promise<Hono | null> {
  try {
    const mod = (await import(modPath)) as Record<string, unknown>;
    return build(mod);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ERR_MODULE_NOT_FOUND" && String((err as Error).message).includes(modPath.replace(/^\.\.\//, ""))) return null;
    log.warn({ module: modPath, err: describeError(err) }, "optional web module failed to load");
    return null;
  }
}

export async function startConsoleServer(app: AppContext, o: { log: Logger; host?: string; port?: number }): Promise<ConsoleServer> {
  const { config, db, log } = app;
  const cases = new CaseService(db.prisma, config);
  const mounts: Hono[] = [];
  const pushSources = config.sources.filter((s) => s.type === "push" && s.enabled).map((s) => ({ id: s.id, token: (s.params as { token: string }).token }));
  if (pushSources.length) mounts.push(createIngestRoute({ sources: pushSources, ingest: (sourceId, posts) => app.pipeline.ingest(sourceId, posts, { platform: "push", fetchedAt: new Date(), textFormat: "text" }) }));
  // Path kept in a variable: metrics are built by other work and may be absent from a build.
  const metricsPath = "../core/metrics.ts";
  const metrics = await optionalMount(metricsPath, (m) => (typeof m.createMetricsRoute === "function" ? (m.createMetricsRoute as (o: unknown) => Hono)({ db }) : null), log);
  if (metrics) mounts.push(metrics);
  const web = createWebApp({ db, config, cases, log, mounts });
  const server = await startWebServer(web, o.host ?? config.server.host, o.port ?? config.server.port);
  log.info({ url: server.url, mounted: mounts.length }, "console and API listening");
  return {
    ...server, cases,
    async tick(now: Date) {
      const opened = await cases.autoOpen(now);
      const breaches = await cases.checkSla(now);
      if (opened.length || breaches.length) log.info({ opened, breaches: breaches.length }, "cases tick");
    },
  };
}
