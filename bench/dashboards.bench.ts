// npm run bench:dashboards [-- --mentions 1000000 --runs 5]
// Every dashboard panel's SQL (macros expanded as Grafana does) timed on PostgreSQL
// holding --mentions raw mentions (generated in SQL, 90 days, 3 brands, 5 sources) with
// rollups rebuilt by Earshot's own code, plus incidents, cases, deliveries and
// collector runs. Target: every panel under 1 s. Prints medians over --runs.
// PostgreSQL: BENCH_DATABASE_URL (admin URL) or a throw-away cluster started here.
import os from "node:os";
import { startPostgres } from "./pg-cluster.ts";
import { openDatabase } from "../core/db/index.ts";
import type { PgDb } from "../core/db/postgres.ts";
import { Rollups } from "../core/rollups.ts";
import { dashboards } from "../dashboards/index.ts";
import { expandGrafanaSql } from "../dashboards/common/macros.ts";

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : dflt; };
const N = Number(opt("mentions", "1000000"));
const runs = Number(opt("runs", "5"));
const DAYS = 90;
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };

if (process.env.BENCH_DATABASE_URL) process.env.EARSHOT_TEST_DATABASE_URL = process.env.BENCH_DATABASE_URL;
const cluster = await startPostgres();
const db = (await openDatabase(await cluster.createDatabase("earshot_dash_bench"))) as PgDb;
const end = new Date(Date.UTC(2026, 10, 20));
const start = new Date(end.getTime() - DAYS * 86_400_000);
try {
  const q = (sql: string, p: unknown[] = []) => db.pool.query(sql, p);
  const t0 = Date.now();
  await q(`INSERT INTO "Brand" (id, name, config, "updatedAt") VALUES ('acme-air', 'Acme Air', '{"competitors":["Globex Airways"]}', now()), ('globex', 'Globex Airways', '{}', now()), ('initech', 'Initech Rail', '{}', now())`);
  await q(`INSERT INTO "Source" (id, type, schedule, "updatedAt", "lastSuccessAt") SELECT 'src' || g, 'rss', '*/5 * * * *', now(), now() - g * interval '1 minute' FROM generate_series(1, 5) g`);
  await q(`INSERT INTO "Author" (platform, handle, followers, "firstSeenAt", "lastSeenAt") SELECT 'web', 'user' || g, (g * 7919) % 50000, now(), now() FROM generate_series(1, 50000) g`);
  // Raw mentions: spread over 90 days, 3 brands (60/30/10 %), 5 sources, labels in realistic proportions.
  await q(`INSERT INTO "Mention" ("sourceId", "externalId", "brandId", "authorId", platform, "contentHash", text, language, "publishedAt", "fetchedAt",
      likes, reposts, replies, views, "sentimentLabel", "sentimentScore", "complaintKind", "complaintCategory", servqual, severity, churn, "storyId", "createdAt")
    SELECT 'src' || (1 + g % 5), 'm' || g, CASE WHEN g % 10 < 6 THEN 'acme-air' WHEN g % 10 < 9 THEN 'globex' ELSE 'initech' END, 1 + (g * 31) % 50000, 'web', md5((g % 700000)::text),
      CASE WHEN g % 13 = 0 THEN 'Globex Airways was better than Acme Air today' ELSE 'Acme Air flight ' || g END, CASE WHEN g % 9 = 0 THEN 'zh' ELSE 'en' END,
      $1::timestamp + ((g::float / $3) * $2::float) * interval '1 second', now(), g % 17, g % 5, g % 3, g % 101,
      (ARRAY['negative','neutral','positive','neutral'])[1 + g % 4], ((g % 21) - 10) / 10.0,
      CASE WHEN g % 6 = 0 THEN 'complaint' WHEN g % 11 = 0 THEN 'grumble' ELSE 'none' END,
      CASE WHEN g % 6 = 0 THEN (ARRAY['product','service','price','integrity'])[1 + g % 4] END,
      CASE WHEN g % 6 = 0 THEN (ARRAY['tangibles','reliability','responsiveness','assurance','empathy'])[1 + g % 5] END,
      CASE WHEN g % 6 = 0 THEN (ARRAY['general','general','serious','malicious'])[1 + g % 4] END, g % 97 = 0, NULL, now()
    FROM generate_series(1, $3::int) g`, [start.toISOString(), DAYS * 86400, N]);
  await q(`INSERT INTO "MentionBrand" ("mentionId", "brandId") SELECT id, "brandId" FROM "Mention"`);
  const seedMs = Date.now() - t0;
  // Stories, incidents, alerts, deliveries, cases, runs at a plausible scale for 1M mentions.
  await q(`INSERT INTO "Story" ("brandId", title, "firstSeenAt", "lastSeenAt", "updatedAt") SELECT 'acme-air', 'story ' || g, $1::timestamp + g * interval '1 hour', $1::timestamp + g * interval '1 hour' + interval '6 hours', now() FROM generate_series(1, 2000) g`, [start.toISOString()]);
  await q(`UPDATE "Mention" SET "storyId" = 1 + (id % 2000) WHERE id % 50 = 0 AND "brandId" = 'acme-air'`);
  await q(`INSERT INTO "Incident" ("brandId", "storyId", kind, "dedupKey", title, severity, status, "riskScore", "predictedSize", "detectedAt", "openedAt")
    SELECT 'acme-air', g, 'story', 'k' || g, 'incident ' || g, (ARRAY['info','warning','critical'])[1 + g % 3], CASE WHEN g % 4 = 0 THEN 'open' ELSE 'resolved' END, (g % 10) / 10.0, 100,
      $1::timestamp + g * interval '1 hour', $1::timestamp + g * interval '1 hour' FROM generate_series(1, 2000) g`, [start.toISOString()]);
  await q(`INSERT INTO "IncidentEvent" ("incidentId", at, kind, message) SELECT 1 + g % 2000, $1::timestamp + g * interval '10 minutes', 'action', 'did something' FROM generate_series(1, 20000) g`, [start.toISOString()]);
  await q(`INSERT INTO "Alert" ("incidentId", "brandId", rule, kind, title, summary, fingerprint, "createdAt") SELECT 1 + g % 2000, 'acme-air', 'r', 'incident_opened', 't', 's', 'f' || g, $1::timestamp + g * interval '10 minutes' FROM generate_series(1, 10000) g`, [start.toISOString()]);
  await q(`INSERT INTO "Delivery" ("alertId", channel, "channelType", "idempotencyKey", status, attempts, "nextAttemptAt", "sentAt")
    SELECT a.id, c, 'webhook', a.id || ':' || c, CASE WHEN a.id % 50 = 0 THEN 'dead' ELSE 'sent' END, 1, a."createdAt", a."createdAt" FROM "Alert" a, unnest(ARRAY['pr','ops','mail']) c`);
  await q(`INSERT INTO "DeliveryAttempt" ("deliveryId", at, "durationMs", ok, retryable) SELECT id, "nextAttemptAt", 80, status = 'sent', false FROM "Delivery"`);
  await q(`INSERT INTO "User" (email, name, role, "passwordHash") SELECT 'u' || g || '@x.test', 'User ' || g, 'service_manager', 'x' FROM generate_series(1, 20) g`);
  await q(`INSERT INTO "Case" ("brandId", title, state, "ownerId", "createdAt", "updatedAt", "firstResponseDue", "firstResponseAt", "resolutionDue", "closedAt", outcome, churned)
    SELECT 'acme-air', 'case ' || g, CASE WHEN g % 3 = 0 THEN 'closed' ELSE (ARRAY['recorded','investigating','resolving','approving'])[1 + g % 4] END, 1 + g % 20,
      $1::timestamp + g * interval '4 minutes', now(), $1::timestamp + g * interval '4 minutes' + interval '1 hour',
      $1::timestamp + g * interval '4 minutes' + (g % 120) * interval '1 minute', $1::timestamp + g * interval '4 minutes' + interval '2 days',
      CASE WHEN g % 3 = 0 THEN $1::timestamp + g * interval '4 minutes' + (g % 96) * interval '1 hour' END,
      CASE WHEN g % 3 = 0 THEN (ARRAY['recovered','refunded','lost'])[1 + g % 3] END, CASE WHEN g % 3 = 0 THEN g % 9 = 0 END
    FROM generate_series(1, 30000) g`, [start.toISOString()]);
  await q(`INSERT INTO "CollectorRun" ("sourceId", "startedAt", "finishedAt", status, "itemsSeen", "itemsNew", "durationMs")
    SELECT 'src' || (1 + g % 5), $1::timestamp + g * interval '1 minute', $1::timestamp + g * interval '1 minute' + interval '2 seconds', CASE WHEN g % 40 = 0 THEN 'error' ELSE 'ok' END, 50, 10, 2000
    FROM generate_series(1, ${DAYS * 24 * 60}) g`, [start.toISOString()]);
  const r0 = Date.now();
  const counts = await new Rollups(db, [{ id: "acme-air", competitors: ["Globex Airways"] }, { id: "globex", competitors: [] }, { id: "initech", competitors: [] }]).rebuild();
  const rebuildMs = Date.now() - r0;
  await q("ANALYZE");
  // An incident whose story has mentions, so the story panels do real work.
  const incident = (await q(`SELECT i.id FROM "Incident" i WHERE i."storyId" = (SELECT "storyId" FROM "Mention" WHERE "storyId" IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1) LIMIT 1`)).rows[0].id as number;
  const size = (await q(`SELECT pg_size_pretty(pg_database_size(current_database())) AS s`)).rows[0].s as string;

  const ranges = [
    { label: "7 days, hour", from: new Date(end.getTime() - 7 * 86_400_000), bucket: "hour" },
    { label: "90 days, day", from: start, bucket: "day" },
  ];
  const rows: Array<{ dash: string; panel: string; range: string; ms: number; rows: number }> = [];
  for (const d of dashboards) {
    const built = d.build() as { panels: Array<{ title: string; targets: Array<{ rawSql: string }> }> };
    for (const p of built.panels) {
      for (const r of ranges) {
        const sql = expandGrafanaSql(p.targets[0].rawSql, { from: r.from, to: end, vars: { brand: "acme-air", source: ["src1", "src2", "src3", "src4", "src5"], bucket: r.bucket, incident } });
        const times: number[] = [];
        let n = 0;
        for (let i = 0; i < runs + 1; i++) {
          const t = process.hrtime.bigint();
          const res = await q(sql);
          if (i > 0) times.push(Number(process.hrtime.bigint() - t) / 1e6); // first run warms the cache
          n = res.rowCount ?? 0;
        }
        rows.push({ dash: d.uid.replace("earshot-", ""), panel: p.title, range: r.label, ms: median(times), rows: n });
      }
    }
  }
  const date = new Date().toISOString().slice(0, 10);
  console.log(`\nbench:dashboards  ${date}  ${N.toLocaleString("en")} mentions over ${DAYS} days (seeded in ${(seedMs / 1000).toFixed(1)} s), rollups rebuilt in ${(rebuildMs / 1000).toFixed(1)} s (${counts.RollupHour.toLocaleString("en")} hour rows), database ${size}; PostgreSQL, ${runs} runs (medians, warm), node ${process.version}, ${os.cpus().length} cores\n`);
  console.log("| dashboard | panel | range | median ms | rows |");
  console.log("|---|---|---|---:|---:|");
  for (const r of rows) console.log(`| ${r.dash} | ${r.panel} | ${r.range} | ${r.ms.toFixed(1)} | ${r.rows} |`);
  const worst = rows.reduce((a, b) => (b.ms > a.ms ? b : a));
  console.log(`\ntarget: every panel < 1000 ms: ${worst.ms < 1000 ? "met" : "MISSED"} (slowest: ${worst.dash} / ${worst.panel}, ${worst.range}: ${worst.ms.toFixed(1)} ms)`);
} finally {
  await db.close();
  await cluster.stop();
}
