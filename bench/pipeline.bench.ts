// npm run bench:pipeline [-- --posts 100000 --runs 3 --db sqlite|postgres --workers N --no-worker-row --ingest-row]
// --db postgres measures SQLite and PostgreSQL side by side in one table (PostgreSQL:
// BENCH_DATABASE_URL as an admin URL, or a throw-away cluster started here; a fresh
// database per run).
// Replays synthetic posts through normalise -> dedupe -> analyse -> store (the real
// Pipeline, default analyzer, spike rule) and, in the same run, inserts the same rows
// with raw prepared better-sqlite3 statements. Each phase runs in its own child
// process so peak RSS is per phase (worker threads included). Prints medians over
// --runs. Posts are generated batch by batch (outside the clock) in every phase. The
// pipeline runs with the default config (analysis.workers "auto": one worker thread on a
// machine with 2 or more CPUs, inline otherwise) and, beside it, with the other choice.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : dflt; };
const phase = opt("phase", "");
const N = Number(opt("posts", "100000"));
const runs = Number(opt("runs", "3"));
const dbKind = opt("db", "sqlite");
// Analysis workers for the pipeline phase: "default" = what a fresh install uses (config
// analysis.workers unset: "auto"); the same pipeline with the other choice (inline, or one
// worker on a 1-CPU machine) is measured beside it unless --no-worker-row.
const workersOpt = opt("workers", "default");
const withWorkerRow = !args.includes("--no-worker-row");
// --ingest-row: also the worker variant with one ingest() per batch (no batch begun ahead).
const withIngestRow = args.includes("--ingest-row");

async function runPhase(): Promise<void> {
  const { syntheticPostBatches } = await import("./synthetic-posts.ts");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "earshot-bench-"));
  const BATCH = 1000;
  // Generated batch by batch in every phase, as a collector or an import delivers them:
  // the input is not held whole. Generation time is left out of the clock (as before).
  let genNs = 0n;
  function* batches() {
    const gen = syntheticPostBatches(N, BATCH);
    for (;;) {
      const g0 = process.hrtime.bigint();
      const next = gen.next();
      genNs += process.hrtime.bigint() - g0;
      if (next.done) return;
      yield next.value;
    }
  }
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
  let seconds = 0;
  let stored = 0;
  let workers = 0;
  if (phase === "pipeline" || phase === "worker" || phase === "worker-ingest") {
    const { openDatabase } = await import("../core/db/index.ts");
    const { createApp, resolveAnalysisWorkers } = await import("../core/app.ts");
    const { parseConfigText } = await import("../core/config/load.ts");
    const config = parseConfigText(JSON.stringify({
      brands: [{ id: "acme-air", name: "Acme Air", keywords: ["Acme Air", "@acmeair"], aliases: ["AcmeAir", "阿克米航空"], competitors: ["Globex Airways"] },
        { id: "globex", name: "Globex Airways", keywords: ["Globex Airways"] }],
      channels: [{ name: "log", type: "log", params: {} }],
      alerts: { rules: [{ id: "spike", kind: "volume_spike", channels: ["log"] }] },
      // "worker" is the comparison row: inline when the default already uses a worker
      // (analysis.workers "auto" on >= 2 CPUs), one worker otherwise.
      ...(phase === "worker" ? { analysis: { workers: resolveAnalysisWorkers("auto") >= 1 ? 0 : 1 } } : phase === "worker-ingest" ? { analysis: { workers: 1 } } : workersOpt !== "default" ? { analysis: { workers: Number(workersOpt) } } : {}),
    }), "bench.yml", {}).config;
    const db = await openDatabase(process.env.BENCH_DATABASE_URL || `file:${path.join(dir, "bench.db")}`);
    const app = await createApp(config, { db });
    workers = resolveAnalysisWorkers(config.analysis.workers);
    await db.prisma.source.create({ data: { id: "bench", type: "replay", schedule: "-" } });
    const t0 = process.hrtime.bigint();
    // As `earshot replay` does: the next batch is begun (sent to the analysis workers, if
    // any) before this one is finished (stored, rolled up, detected).
    let pending: import("../analysis/pipeline.ts").PendingBatch | null = null;
    if (phase === "worker-ingest") {
      // For comparison: one ingest() per batch, nothing begun ahead (a collector's path).
      for (const b of batches()) stored += (await app.pipeline.ingest("bench", b, { platform: "bench", fetchedAt: b[b.length - 1].publishedAt })).new;
    } else for (const b of batches()) {
      const next = app.pipeline.begin("bench", b, { platform: "bench", fetchedAt: b[b.length - 1].publishedAt });
      if (pending) stored += (await app.pipeline.finish(pending)).new;
      pending = next;
    }
    if (pending) stored += (await app.pipeline.finish(pending)).new;
    seconds = Number(process.hrtime.bigint() - t0 - genNs) / 1e9;
    await app.pipeline.close();
    await db.close();
  } else if (process.env.BENCH_DB_KIND === "postgres") {
    // Baseline on PostgreSQL: the same rows, one multi-row INSERT (unnest) per batch in a transaction, no processing.
    const { openDatabase } = await import("../core/db/index.ts");
    const db = (await openDatabase(process.env.BENCH_DATABASE_URL!)) as import("../core/db/postgres.ts").PgDb;
    await db.pool.query(`INSERT INTO "Brand" (id, name, "updatedAt") VALUES ('acme-air', 'Acme Air', now())`);
    await db.pool.query(`INSERT INTO "Source" (id, type, schedule, "updatedAt") VALUES ('bench', 'replay', '-', now())`);
    const t0 = process.hrtime.bigint();
    const client = await db.pool.connect();
    for (const b of batches()) {
      const ts = b.map((p) => p.publishedAt.toISOString());
      await client.query("BEGIN");
      const r = await client.query(`INSERT INTO "Mention" ("sourceId", "externalId", "brandId", platform, "contentHash", url, text, "publishedAt", "fetchedAt", likes, reposts, replies, views, "createdAt")
        SELECT 'bench', e, 'acme-air', 'bench', e, u, t, p, p, l, r, c, 0, p FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamp[], $5::int4[], $6::int4[], $7::int4[]) AS x(e, u, t, p, l, r, c)`,
        [b.map((p) => p.externalId), b.map((p) => p.url ?? null), b.map((p) => p.text), ts, b.map((p) => p.engagement?.likes ?? 0), b.map((p) => p.engagement?.reposts ?? 0), b.map((p) => p.engagement?.replies ?? 0)]);
      await client.query("COMMIT");
      stored += r.rowCount ?? 0;
    }
    seconds = Number(process.hrtime.bigint() - t0 - genNs) / 1e9;
    client.release();
    await db.close();
  } else {
    // Baseline: the same rows, prepared INSERT, one transaction per batch, no processing at all.
    const Database = (await import("better-sqlite3")).default;
    const { migrateSqlite } = await import("../core/db/migrate.ts");
    const db = new Database(path.join(dir, "raw.db"));
    db.pragma("journal_mode = WAL"); db.pragma("synchronous = NORMAL");
    migrateSqlite(db);
    db.prepare(`INSERT INTO "Brand" (id, name, "createdAt", "updatedAt") VALUES ('acme-air', 'Acme Air', 0, 0)`).run();
    db.prepare(`INSERT INTO "Source" (id, type, schedule, "createdAt", "updatedAt") VALUES ('bench', 'replay', '-', 0, 0)`).run();
    const ins = db.prepare(`INSERT INTO "Mention" ("sourceId", "externalId", "brandId", platform, "contentHash", url, text, "publishedAt", "fetchedAt", likes, reposts, replies, views, "createdAt")
      VALUES ('bench', ?, 'acme-air', 'bench', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const t0 = process.hrtime.bigint();
    for (const b of batches()) {
      db.transaction(() => {
        for (const p of b) {
          const t = p.publishedAt.getTime();
          ins.run(p.externalId, p.externalId, p.url, p.text, t, t, p.engagement?.likes ?? 0, p.engagement?.reposts ?? 0, p.engagement?.replies ?? 0, 0, t);
          stored++;
        }
      })();
    }
    seconds = Number(process.hrtime.bigint() - t0 - genNs) / 1e9;
    db.close();
  }
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  fs.rmSync(dir, { recursive: true, force: true });
  process.stdout.write(JSON.stringify({ phase, posts: N, stored, seconds, postsPerSec: N / seconds, peakRssMB: peak / 1048576, workers }) + "\n");
}

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };

async function main(): Promise<void> {
  if (phase) return runPhase();
  if (dbKind !== "sqlite" && dbKind !== "postgres") {
    console.error(`--db ${dbKind}: use sqlite or postgres`);
    process.exit(2);
  }
  const self = fileURLToPath(import.meta.url);
  const runTs = path.resolve(path.dirname(self), "../bin/run-ts.mjs");
  // PostgreSQL: an admin URL (BENCH_DATABASE_URL) or a throw-away cluster; a fresh database per phase run.
  let cluster: { createDatabase(prefix?: string): Promise<string>; stop(): Promise<void> } | null = null;
  if (dbKind === "postgres") {
    const { startPostgres } = await import("./pg-cluster.ts");
    if (process.env.BENCH_DATABASE_URL) process.env.EARSHOT_TEST_DATABASE_URL = process.env.BENCH_DATABASE_URL;
    cluster = await startPostgres();
  }
  const kinds = dbKind === "postgres" ? ["sqlite", "postgres"] : ["sqlite"];
  const all: Record<string, Record<string, Array<{ postsPerSec: number; peakRssMB: number; stored: number; workers?: number }>>> = {};
  // Other jobs on the machine depress every number: the load average goes with the table.
  const loadStart = os.loadavg();
  for (const kind of kinds) {
    const phases = ["raw", "pipeline", ...(withWorkerRow && kind === "sqlite" ? ["worker"] : []), ...(withIngestRow && kind === "sqlite" ? ["worker-ingest"] : [])];
    const res: Record<string, Array<{ postsPerSec: number; peakRssMB: number; stored: number; workers?: number }>> = Object.fromEntries(phases.map((ph) => [ph, []]));
    for (let r = 0; r < runs; r++) {
      for (const ph of phases) {
        const env: NodeJS.ProcessEnv = { ...process.env, EARSHOT_LOG_LEVEL: "silent", BENCH_DB_KIND: kind };
        if (kind === "postgres") env.BENCH_DATABASE_URL = await cluster!.createDatabase("earshot_bench");
        else delete env.BENCH_DATABASE_URL;
        const out = spawnSync(process.execPath, [runTs, self, "--phase", ph, "--posts", String(N), "--workers", workersOpt], { encoding: "utf8", env });
        if (out.status !== 0) { console.error(out.stderr); await cluster?.stop(); process.exit(1); }
        res[ph].push(JSON.parse(out.stdout.trim().split("\n").pop()!));
      }
    }
    all[kind] = res;
  }
  await cluster?.stop();
  const loadEnd = os.loadavg();
  const load = `load average (1/5/15 min) at start ${loadStart.map((x) => x.toFixed(2)).join(" ")}, at end ${loadEnd.map((x) => x.toFixed(2)).join(" ")}`;
  if (dbKind === "postgres") {
    const date = new Date().toISOString().slice(0, 10);
    console.log(`\nbench:pipeline  ${date}  ${N.toLocaleString("en")} synthetic posts, ${runs} runs (medians), node ${process.version}, ${os.cpus().length} cores\n`);
    console.log("| database | pipeline posts/s | raw insert posts/s | ratio pipeline / raw | pipeline peak RSS (MB) | stored |");
    console.log("|---|---:|---:|---:|---:|---:|");
    for (const kind of kinds) {
      const p = median(all[kind].pipeline.map((x) => x.postsPerSec));
      const raw = median(all[kind].raw.map((x) => x.postsPerSec));
      console.log(`| ${kind} | ${Math.round(p).toLocaleString("en")} | ${Math.round(raw).toLocaleString("en")} | ${(p / raw).toFixed(3)} | ${median(all[kind].pipeline.map((x) => x.peakRssMB)).toFixed(0)} | ${all[kind].pipeline[0].stored.toLocaleString("en")} |`);
    }
    console.log(`\nraw insert: SQLite prepared statements in one transaction per 1,000 rows; PostgreSQL one unnest() INSERT per 1,000 rows.`);
    console.log(load);
    return;
  }
  const results = all.sqlite;
  const p = median(results.pipeline.map((x) => x.postsPerSec));
  const raw = median(results.raw.map((x) => x.postsPerSec));
  const rssP = median(results.pipeline.map((x) => x.peakRssMB));
  const rssR = median(results.raw.map((x) => x.peakRssMB));
  const date = new Date().toISOString().slice(0, 10);
  console.log(`\nbench:pipeline  ${date}  ${N.toLocaleString("en")} synthetic posts, ${runs} runs (medians), db ${dbKind}, node ${process.version}, ${os.cpus().length} cores\n`);
  console.log("| path | posts/s | peak RSS (MB) | stored |");
  console.log("|---|---:|---:|---:|");
  const w = results.pipeline[0].workers ?? 0;
  console.log(`| Earshot pipeline (normalise, dedupe, analyse, store, rollups, spike rule), analysis ${w ? `on ${w} worker thread${w > 1 ? "s" : ""}` : "inline"}${workersOpt === "default" ? " (default)" : ""} | ${Math.round(p).toLocaleString("en")} | ${rssP.toFixed(0)} | ${results.pipeline[0].stored.toLocaleString("en")} |`);
  if (results.worker) {
    const ww = results.worker[0].workers ?? 0;
    console.log(`| the same pipeline with analysis.workers: ${ww}${ww ? " (posts prepared and analysed on a worker thread, the next batch begun while this one is stored)" : " (analysis inline on the main thread)"} | ${Math.round(median(results.worker.map((x) => x.postsPerSec))).toLocaleString("en")} | ${median(results.worker.map((x) => x.peakRssMB)).toFixed(0)} | ${results.worker[0].stored.toLocaleString("en")} |`);
  }
  const wi = results["worker-ingest"];
  if (wi) console.log(`| analysis.workers: 1, one ingest() per batch (nothing begun ahead) | ${Math.round(median(wi.map((x) => x.postsPerSec))).toLocaleString("en")} | ${median(wi.map((x) => x.peakRssMB)).toFixed(0)} | ${wi[0].stored.toLocaleString("en")} |`);
  console.log(`| raw better-sqlite3 INSERT of the same rows | ${Math.round(raw).toLocaleString("en")} | ${rssR.toFixed(0)} | ${results.raw[0].stored.toLocaleString("en")} |`);
  console.log(`| ratio pipeline / raw | ${(p / raw).toFixed(3)} | | |`);
  console.log(`\ntargets: >= 20,000 posts/s end to end (${p >= 20000 ? "met" : "MISSED"}), ratio >= 0.06 (${p / raw >= 0.06 ? "met" : "MISSED"}), peak RSS <= 500 MB (${rssP <= 500 ? "met" : "MISSED"})`);
  console.log(load);
}

await main();
