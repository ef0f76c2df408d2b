// npm run bench:alerts [-- --triggers 200 --deliveries 2000 --runs 3]
// 1. Latency from ingesting the triggering mention (Pipeline.ingest: normalise,
//    analyse, store, detect) to a local webhook receiver getting the alert, through
//    incident -> outbox -> delivery worker -> HTTP. A bench detector opens one incident
//    per post carrying "BENCHTRIGGER<n>", so the number measured is the alert path,
//    not a spike rule's statistics. Rows: the rules path with worker defaults, the
//    rules path tuned, and the routing path (routing engine, group_wait 0) tuned.
// 2. Deliveries/s: a pre-filled outbox drained by the worker to a local receiver.
// Everything (app, worker, receiver) runs in this one process on 127.0.0.1, on a
// fresh SQLite file per run. Synthetic posts only: no data set is read.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import type { AddressInfo } from "node:net";

process.env.EARSHOT_LOG_LEVEL ??= "silent";

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : dflt; };
const TRIGGERS = Number(opt("triggers", "200"));
const DEFAULT_TRIGGERS = Number(opt("default-triggers", "50"));
const DELIVERIES = Number(opt("deliveries", "2000"));
const RUNS = Number(opt("runs", "3"));
const SPACING_MS = Number(opt("spacing", "10"));

const { openDatabase } = await import("../core/db/index.ts");
const { createApp, mentionStoreFor } = await import("../core/app.ts");
const { parseConfigText } = await import("../core/config/load.ts");
const { DeliveryWorker } = await import("../alerts/delivery-worker.ts");
const { enqueueAlert } = await import("../alerts/outbox.ts");
const { HttpClient } = await import("../core/http.ts");
const { Pipeline } = await import("../analysis/pipeline.ts");
const { createDefaultAnalyzer } = await import("../analysis/default-analyzer.ts");
const { RoutingEngine } = await import("../alerts/routing/engine.ts");
const { dispatchToOutbox } = await import("../alerts/routing/dispatch.ts");
type Detector = import("../analysis/detectors.ts").Detector;
type DetectorSignal = import("../analysis/detectors.ts").DetectorSignal;
type RoutedAlertData = import("../alerts/routing/dispatch.ts").RoutedAlertData;

/** Opens one incident per post carrying BENCHTRIGGER<n>. */
class TriggerDetector implements Detector {
  readonly id = "bench-trigger";
  onMention(m: import("../analysis/types.ts").StoredMention): DetectorSignal[] | void {
    const k = /BENCHTRIGGER(\d+)/.exec(m.text);
    if (!k) return;
    return [{ type: "open", key: `bench:${k[1]}`, kind: "story", brandId: m.brandId, title: `Bench trigger ${k[1]}`, summary: "benchmark incident", severity: "warning", risk: 0.9, reasons: ["bench"], at: new Date(), examples: [m] }];
  }
}

interface Receiver { url: string; arrivals: Map<string, number>; count: () => number; close(): Promise<void> }
async function startReceiver(): Promise<Receiver> {
  const arrivals = new Map<string, number>();
  const keys = new Set<string>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const at = performance.now();
      const key = String(req.headers["idempotency-key"]);
      if (!keys.has(key)) {
        keys.add(key);
        const title = JSON.parse(Buffer.concat(chunks).toString()).event.title as string;
        if (!arrivals.has(title)) arrivals.set(title, at);
      }
      res.end("ok");
    });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, arrivals, count: () => keys.size,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

const brand = { id: "acme-air", name: "Acme Air", keywords: ["Acme Air"] };
function makeConfig(hookUrl: string, o: { pollMs: number; routing: boolean }) {
  return parseConfigText(JSON.stringify({
    brands: [brand],
    channels: [{ name: "hook", type: "webhook", params: { url: "${HOOK_URL}", allowPrivateNetwork: true, timeoutMs: 5000 } }],
    alerts: o.routing
      ? { rules: [], routing: { route: { receiver: "r", group_by: ["incident"], group_wait: "0s" }, receivers: [{ name: "r", channels: ["hook"] }] } }
      : { rules: [{ id: "inc", kind: "incident", channels: ["hook"] }] },
    delivery: { pollMs: o.pollMs, backoffBaseMs: 100, maxBackoffMs: 1000 },
  }), "bench.yml", { HOOK_URL: hookUrl }).config;
}

const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]; };
const median = (xs: number[]) => pct(xs, 50);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Variant { name: string; pollMs: number; liftHostLimit: boolean; routing: boolean; triggers: number; spacingMs: number }

async function latencyRun(v: Variant): Promise<{ p50: number; p99: number; max: number; lost: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "earshot-bench-alerts-"));
  const rx = await startReceiver();
  const config = makeConfig(rx.url, v);
  const db = await openDatabase(`file:${path.join(dir, "bench.db")}`);
  const app = await createApp(config, { db, detectors: [new TriggerDetector()] });
  await db.prisma.source.create({ data: { id: "bench", type: "replay", schedule: "-" } });
  let pipeline = app.pipeline;
  if (v.routing) {
    // The routing path: incidents as usual (no rules, so no rule alerts), then the
    // routing engine decides receivers and groups, and dispatches into the outbox.
    const engine = new RoutingEngine<RoutedAlertData>(config.alerts.routing!, { clock: Date.now });
    pipeline = new Pipeline({
      brands: config.brands, analyzer: createDefaultAnalyzer(), store: mentionStoreFor(db), detectors: [new TriggerDetector()],
      sink: {
        async handle(signals) {
          await app.incidents.handle(signals);
          for (const s of signals.filter((x) => x.type === "open")) {
            const inc = await db.prisma.incident.findFirst({ where: { dedupKey: { startsWith: `${s.key}@` } }, orderBy: { id: "desc" } });
            const event = {
              kind: "incident_opened" as const, title: s.title, summary: s.summary, severity: s.severity as "warning", brand: { id: s.brandId, name: brand.name },
              incident: inc ? { id: inc.id, kind: s.kind, status: inc.status, riskScore: s.risk, predictedSize: null, detectedAt: inc.detectedAt.toISOString(), url: null } : null,
              source: null, mentions: [], labels: { brand: s.brandId, type: s.kind, incident: String(inc?.id ?? s.key), scope: "incident" }, ackUrl: null, createdAt: s.at.toISOString(),
            };
            engine.ingest({ fingerprint: s.key, labels: event.labels, severity: "warning", data: { event, rule: "routing", brandId: s.brandId, incidentId: inc?.id ?? null } });
          }
          for (const d of engine.tick()) await dispatchToOutbox(db.prisma, config, d, null);
        },
      },
    });
  }
  // Without liftHostLimit the worker uses its own HTTP client (the product default).
  const worker = new DeliveryWorker(db.prisma, config, v.liftHostLimit ? { http: new HttpClient({ retries: 0, perHostPerMinute: 10_000_000 }) } : {});
  worker.start();
  const sentAt = new Map<string, number>();
  // Warm-up post (JIT, prepared statements) that triggers nothing.
  await pipeline.ingest("bench", [{ externalId: "warm", text: "Acme Air warm-up", publishedAt: new Date() }], { platform: "bench" });
  for (let i = 0; i < v.triggers; i++) {
    const title = `Bench trigger ${i}`;
    const post = { externalId: `t${i}`, text: `Acme Air lost my bag again, nobody answers BENCHTRIGGER${i}`, publishedAt: new Date(), author: { handle: `u${i}` } };
    sentAt.set(title, performance.now());
    await pipeline.ingest("bench", [post], { platform: "bench" });
    await sleep(v.spacingMs);
  }
  const deadline = Date.now() + 120_000;
  while (rx.arrivals.size < v.triggers && Date.now() < deadline) await sleep(20);
  await worker.stop();
  const lat = [...sentAt].filter(([t]) => rx.arrivals.has(t)).map(([t, at]) => rx.arrivals.get(t)! - at);
  await rx.close();
  await db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return { p50: pct(lat, 50), p99: pct(lat, 99), max: Math.max(...lat), lost: v.triggers - lat.length };
}

async function throughputRun(o: { name: string; n: number; pollMs: number; batchSize?: number; liftHostLimit: boolean }): Promise<{ perSec: number; seconds: number; delivered: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "earshot-bench-alerts-"));
  const rx = await startReceiver();
  const config = makeConfig(rx.url, { pollMs: o.pollMs, routing: false });
  const db = await openDatabase(`file:${path.join(dir, "bench.db")}`);
  await createApp(config, { db });
  for (let i = 0; i < o.n; i++) {
    const title = `Bulk ${i}`;
    await enqueueAlert(db.prisma, config, {
      kind: "incident_opened", rule: "bulk", severity: "warning", title, summary: "s", brandId: "acme-air", incidentId: null, fingerprint: `bulk-${i}`, channels: ["hook"],
      event: { kind: "incident_opened", title, summary: "s", severity: "warning", brand: null, incident: null, source: null, mentions: [], labels: {}, ackUrl: null, createdAt: new Date().toISOString() },
    });
  }
  const worker = new DeliveryWorker(db.prisma, config, { batchSize: o.batchSize, ...(o.liftHostLimit ? { http: new HttpClient({ retries: 0, perHostPerMinute: 10_000_000 }) } : {}) });
  const t0 = performance.now();
  worker.start();
  const deadline = Date.now() + 120_000;
  while (rx.count() < o.n && Date.now() < deadline) await sleep(5);
  const seconds = (performance.now() - t0) / 1000;
  await worker.stop();
  const delivered = rx.count();
  await rx.close();
  await db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return { perSec: delivered / seconds, seconds, delivered };
}

// The worker's HttpClient is the worker's default one (retries 0) in every row.
const variants: Variant[] = [
  { name: "rules path, worker defaults (pollMs 250, woken on enqueue)", pollMs: 250, liftHostLimit: false, routing: false, triggers: DEFAULT_TRIGGERS, spacingMs: 100 },
  { name: "rules path, pollMs 50", pollMs: 50, liftHostLimit: false, routing: false, triggers: TRIGGERS, spacingMs: SPACING_MS },
  { name: "routing path (group_wait 0), pollMs 50", pollMs: 50, liftHostLimit: false, routing: true, triggers: TRIGGERS, spacingMs: SPACING_MS },
];
const tputs = [
  { name: "worker defaults (batch 20, pollMs 250)", n: DELIVERIES, pollMs: 250, liftHostLimit: false },
  { name: "batch 20, pollMs 50", n: DELIVERIES, pollMs: 50, liftHostLimit: false },
  { name: "batch 100, pollMs 10", n: DELIVERIES, pollMs: 10, batchSize: 100, liftHostLimit: false },
  { name: "batch 200, pollMs 10", n: DELIVERIES, pollMs: 10, batchSize: 200, liftHostLimit: false },
];

console.log(`bench:alerts — ${RUNS} run(s), medians; node ${process.version}, ${os.cpus().length} CPU(s); targets: p99 <= 500 ms, >= 200 deliveries/s`);
const latRows: string[][] = [];
for (const v of variants) {
  const rs = [];
  for (let r = 0; r < RUNS; r++) rs.push(await latencyRun(v));
  const p99 = median(rs.map((x) => x.p99));
  latRows.push([v.name, String(v.triggers), median(rs.map((x) => x.p50)).toFixed(1), p99.toFixed(1), median(rs.map((x) => x.max)).toFixed(1), String(Math.max(...rs.map((x) => x.lost))), p99 <= 500 ? "yes" : "NO"]);
}
const tpRows: string[][] = [];
for (const t of tputs) {
  const rs = [];
  for (let r = 0; r < RUNS; r++) rs.push(await throughputRun(t));
  const per = median(rs.map((x) => x.perSec));
  tpRows.push([t.name, String(t.n), median(rs.map((x) => x.seconds)).toFixed(2), per.toFixed(1), per >= 200 ? "yes" : "NO"]);
}
function print(head: string[], rows: string[][]) {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (c: string[]) => "| " + c.map((x, i) => x.padEnd(w[i])).join(" | ") + " |";
  console.log(line(head));
  console.log("|" + w.map((n) => "-".repeat(n + 2)).join("|") + "|");
  for (const r of rows) console.log(line(r));
}
console.log("\nLatency: ingest of the triggering mention -> webhook receiver got the alert (ms)");
print(["variant", "alerts", "p50", "p99", "max", "lost", "p99<=500"], latRows);
console.log("\nThroughput: pre-filled outbox -> local webhook receiver");
print(["worker", "deliveries", "seconds", "deliveries/s", ">=200/s"], tpRows);
process.exit(0);
