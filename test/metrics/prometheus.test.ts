// /metrics scraped by a real Prometheus (Debian's package) on loopback, and a metric
// read back through Prometheus's HTTP API. Fails loudly when Prometheus is missing.
import fs from "node:fs";
import path from "node:path";
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { makeApp } from "../helpers/app.ts";
import { tmpDir } from "../helpers/tmp.ts";
import { freePort } from "../setup/postgres.ts";
import { fixturePosts } from "../postgres/fixture.ts";
import { startMetricsServer, createMetricsRoute, metricsText } from "../../core/metrics.ts";

const PROMETHEUS = process.env.EARSHOT_PROMETHEUS_BIN ?? "/usr/bin/prometheus";
const children: ChildProcess[] = [];
const closers: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of children) c.kill("SIGKILL");
  for (const c of closers) await c();
});

async function promQuery(base: string, q: string): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>> {
  const res = await fetch(`${base}/api/v1/query?query=${encodeURIComponent(q)}`);
  const body = (await res.json()) as { status: string; data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> } };
  return body.status === "success" ? body.data.result : [];
}

describe("Prometheus metrics", () => {
  it("serves Earshot's metrics: ingest by source, analysis time, outbox depth, open incidents, process metrics", async () => {
    const app = await makeApp({});
    closers.push(() => app.db.close());
    await app.db.prisma.source.create({ data: { id: "metrics-src", type: "rss", schedule: "* * * * *", lastSuccessAt: new Date(Date.now() - 90_000) } });
    const r = await app.pipeline.ingest("metrics-src", fixturePosts(25, new Date(), 1, "m"), { platform: "web" });
    expect(r.new).toBeGreaterThan(0);
    const alert = await app.db.prisma.alert.create({ data: { rule: "r", kind: "incident_opened", title: "t", summary: "s", fingerprint: "f" } });
    await app.db.prisma.delivery.createMany({ data: [
      { alertId: alert.id, channel: "ops", channelType: "webhook", idempotencyKey: "m1", nextAttemptAt: new Date() },
      { alertId: alert.id, channel: "ops", channelType: "webhook", idempotencyKey: "m2", nextAttemptAt: new Date(), status: "sent" },
    ] });
    await app.db.prisma.incident.create({ data: { brandId: "acme-air", kind: "story", dedupKey: "m", title: "t", severity: "critical", detectedAt: new Date() } });
    const route = createMetricsRoute({ db: app.db });
    const res = await route.request("/metrics");
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(new RegExp(`earshot_mentions_ingested_total\\{source="metrics-src"\\} ${r.new}\\b`));
    expect(text).toMatch(/earshot_analysis_seconds_count\{source="metrics-src"\} [1-9]/);
    expect(text).toMatch(/earshot_outbox_depth 1\b/);
    expect(text).toMatch(/earshot_deliveries\{channel="ops",status="sent"\} 1\b/);
    expect(text).toMatch(/earshot_incidents_open\{brand="acme-air",severity="critical"\} 1\b/);
    expect(text).toMatch(/earshot_source_lag_seconds\{source="metrics-src"\} (9\d|1\d\d)(\.\d+)?\b/);
    expect(text).toMatch(/earshot_process_cpu_seconds_total/);
    expect(await metricsText()).toContain("earshot_collector_runs");
  });

  it("is scraped by a real Prometheus and read back through its HTTP API", async () => {
    if (!fs.existsSync(PROMETHEUS)) throw new Error(`Prometheus not found at ${PROMETHEUS}: install prometheus (Debian: apt-get install -y prometheus) or set EARSHOT_PROMETHEUS_BIN`);
    const app = await makeApp({});
    closers.push(() => app.db.close());
    await app.db.prisma.source.create({ data: { id: "scraped-src", type: "rss", schedule: "* * * * *" } });
    const r = await app.pipeline.ingest("scraped-src", fixturePosts(17, new Date(), 1, "s"), { platform: "web" });
    const server = await startMetricsServer(app.db, "127.0.0.1", 0);
    closers.push(server.close);
    const target = new URL(server.url).host;
    const dir = tmpDir("earshot-prom-");
    fs.writeFileSync(path.join(dir, "prometheus.yml"), `global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n  - job_name: earshot\n    static_configs:\n      - targets: ["${target}"]\n`);
    const port = await freePort();
    const prom = spawn(PROMETHEUS, [`--config.file=${path.join(dir, "prometheus.yml")}`, `--storage.tsdb.path=${path.join(dir, "data")}`, `--web.listen-address=127.0.0.1:${port}`], { stdio: ["ignore", "ignore", "pipe"] });
    children.push(prom);
    let log = "";
    prom.stderr!.on("data", (b) => { log = (log + b).slice(-4000); });
    const base = `http://127.0.0.1:${port}`;
    let result: Awaited<ReturnType<typeof promQuery>> = [];
    const deadline = Date.now() + 45_000;
    while (Date.now() < deadline) {
      result = await promQuery(base, `earshot_mentions_ingested_total{source="scraped-src"}`).catch(() => []);
      if (result.length) break;
      if (prom.exitCode !== null) break;
      await new Promise((res) => setTimeout(res, 500));
    }
    expect(result, `Prometheus never returned the metric; its log:\n${log}`).toHaveLength(1);
    expect(result[0].metric.job).toBe("earshot");
    expect(Number(result[0].value[1])).toBe(r.new);
    const up = await promQuery(base, `up{job="earshot"}`);
    expect(up[0]?.value[1]).toBe("1");
  }, 90_000);
});
