// npm run bench:push [-- --seconds 10 --connections 8 --batch 20]
// Load test of POST /api/ingest on loopback with autocannon, on SQLite and PostgreSQL
// in one run: the real console server (web/start.ts) over the real pipeline, bounded
// in time. Afterwards every post acknowledged with 2xx is counted in the database:
// zero lost, zero duplicated, nothing stored that was not sent.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { startPostgres } from "./pg-cluster.ts";
import { openDatabase, type Db } from "../core/db/index.ts";
import { createApp } from "../core/app.ts";
import { parseConfigText } from "../core/config/load.ts";
import { startConsoleServer } from "../web/start.ts";
import { rawSql } from "../core/db/raw-sql.ts";
import { logger } from "../core/log.ts";

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : dflt; };
const SECONDS = Number(opt("seconds", "10"));
const CONNECTIONS = Number(opt("connections", "8"));
const BATCH = Number(opt("batch", "20"));
const TOKEN = "bench-push-token-0123456789";

interface Result { db: string; requests: number; ok: number; non2xx: number; reqPerSec: number; postsPerSec: number; acked: number; stored: number; lost: number; duplicated: number; unsent: number; p50: number; p99: number }

async function runOn(kind: "sqlite" | "postgres", url: string): Promise<Result> {
  const config = parseConfigText(JSON.stringify({
    brands: [{ id: "acme-air", name: "Acme Air", keywords: ["Acme Air"] }],
    sources: [{ id: "pushed", type: "push", schedule: "0 0 1 1 *", params: { token: "${PUSH_TOKEN}" } }],
    server: { host: "127.0.0.1", port: 0 },
  }), "bench.yml", { PUSH_TOKEN: TOKEN }).config;
  const db: Db = await openDatabase(url);
  const app = await createApp(config, { db, log: logger });
  const web = await startConsoleServer(app, { log: logger, port: 0 });
  let seq = 0;
  const acked = new Set<string>();
  const sent = new Set<string>();
  const instance = autocannon({
    url: `${web.url.replace(/\/$/, "")}/api/ingest`, connections: CONNECTIONS, duration: SECONDS, method: "POST",
    headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
    requests: [{
      setupRequest: (req: Record<string, unknown>, context: Record<string, unknown>) => {
        const n = seq++;
        const posts = Array.from({ length: BATCH }, (_, i) => ({ externalId: `b${n}-${i}`, text: `Acme Air push ${n}-${i}: the app keeps crashing at check-in`, publishedAt: new Date(Date.UTC(2026, 10, 1) + n * 1000 + i).toISOString(), author: { handle: `u${(n * BATCH + i) % 997}` } }));
        for (const p of posts) sent.add(p.externalId);
        context.ids = posts.map((p) => p.externalId);
        return { ...req, body: JSON.stringify({ posts }) };
      },
      onResponse: (status: number, _body: string, context: Record<string, unknown>) => {
        if (status >= 200 && status < 300) for (const id of context.ids as string[]) acked.add(id);
      },
    }],
  });
  const res = await instance;
  await new Promise((r) => setTimeout(r, 500)); // requests aborted at the deadline may still be finishing server-side
  const rows = await rawSql(db).all<{ externalId: string }>(`SELECT "externalId" FROM "Mention" WHERE "sourceId" = 'pushed'`);
  const stored = new Set(rows.map((r) => r.externalId));
  const lost = [...acked].filter((id) => !stored.has(id)).length;
  const unsent = [...stored].filter((id) => !sent.has(id)).length;
  await web.close();
  await db.close();
  return {
    db: kind, requests: res.requests.total, ok: res["2xx"], non2xx: res.non2xx, reqPerSec: res.requests.average, postsPerSec: (res["2xx"] * BATCH) / SECONDS,
    acked: acked.size, stored: rows.length, lost, duplicated: rows.length - stored.size, unsent, p50: res.latency.p50, p99: res.latency.p99,
  };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "earshot-push-bench-"));
if (process.env.BENCH_DATABASE_URL) process.env.EARSHOT_TEST_DATABASE_URL = process.env.BENCH_DATABASE_URL;
const cluster = await startPostgres();
const results: Result[] = [];
try {
  results.push(await runOn("sqlite", `file:${path.join(dir, "push.db")}`));
  results.push(await runOn("postgres", await cluster.createDatabase("earshot_push_bench")));
} finally {
  await cluster.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
const date = new Date().toISOString().slice(0, 10);
console.log(`\nbench:push  ${date}  POST /api/ingest on 127.0.0.1, autocannon ${CONNECTIONS} connections x ${SECONDS} s, ${BATCH} posts per request, node ${process.version}, ${os.cpus().length} cores\n`);
console.log("| database | requests | 2xx | non-2xx | req/s (mean) | mentions/s | p50 ms | p99 ms | acked posts | stored | lost | duplicated | stored but never sent |");
console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
for (const r of results) console.log(`| ${r.db} | ${r.requests} | ${r.ok} | ${r.non2xx} | ${r.reqPerSec.toFixed(0)} | ${Math.round(r.postsPerSec)} | ${r.p50} | ${r.p99} | ${r.acked} | ${r.stored} | ${r.lost} | ${r.duplicated} | ${r.unsent} |`);
const bad = results.filter((r) => r.lost || r.duplicated || r.unsent);
console.log(`\nzero lost / duplicated: ${bad.length ? `FAILED on ${bad.map((r) => r.db).join(", ")}` : "met on every database"}  (stored may exceed acked by requests cut off at the deadline after the server stored them)`);
if (bad.length) process.exitCode = 1;
