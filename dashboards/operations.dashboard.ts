// Operations: is Earshot itself healthy (collectors, delivery, queue, database).
// Prometheus metrics (/metrics) cover the live process; this dashboard reads the
// database so it works with nothing but the PostgreSQL datasource.
import { standardDashboard } from "./common/variables.ts";
import { addPanels, PANEL_SPECS, type PanelSpec } from "./common/panels.ts";
import { rollupFilter, timeBucket, v } from "./common/sql.ts";

export const UID = "earshot-operations";

export const panels: PanelSpec[] = [
  { title: "Collector health and lag", viz: "table", w: 24, h: 8,
    description: "Each source: last success, lag since then, last error.",
    sql: `SELECT s.id AS source, s.type, s.enabled, s."lastSuccessAt" AS last_success,
  round(extract(epoch FROM (now() AT TIME ZONE 'UTC' - s."lastSuccessAt")))::bigint AS lag_seconds, COALESCE(s."lastError", '') AS last_error
FROM "Source" s WHERE s.id IN ${v.sources} ORDER BY lag_seconds DESC NULLS FIRST`,
    shape: { kind: "table", columns: ["source", "type", "enabled", "last_success", "lag_seconds", "last_error"] } },
  { title: "Collector runs and errors", viz: "timeseries", w: 12, description: "Runs, failed runs and new items per bucket.",
    sql: `SELECT ${timeBucket(`"startedAt"`)}, count(*) AS runs, count(*) FILTER (WHERE status = 'error') AS errors, COALESCE(sum("itemsNew"), 0) AS items_new
FROM "CollectorRun" WHERE "sourceId" IN ${v.sources} AND $__timeFilter("startedAt") GROUP BY 1 ORDER BY 1`,
    shape: { kind: "timeseries", values: ["runs", "errors", "items_new"] } },
  { title: "Items per source", viz: "timeseries", w: 12, description: "Stored mentions per source and bucket (one series per source).",
    sql: `SELECT ${timeBucket("bucket")}, "sourceId" AS metric, sum(mentions) AS value FROM "RollupHour" WHERE ${rollupFilter()} GROUP BY 1, 2 ORDER BY 1`,
    shape: { kind: "timeseries", values: ["value"], long: true } },
  { title: "Delivery outcomes", viz: "timeseries", w: 12, description: "Delivery attempts that succeeded or failed, per bucket.",
    sql: `SELECT ${timeBucket("at")}, count(*) FILTER (WHERE ok) AS delivered, count(*) FILTER (WHERE NOT ok AND retryable) AS failed_retryable,
  count(*) FILTER (WHERE NOT ok AND NOT retryable) AS failed_permanent
FROM "DeliveryAttempt" WHERE $__timeFilter(at) GROUP BY 1 ORDER BY 1`,
    shape: { kind: "timeseries", values: ["delivered", "failed_retryable", "failed_permanent"] } },
  { title: "Queue depth", viz: "stat", w: 12, description: "The outbox now: pending, being sent, dead letters.",
    sql: `SELECT count(*) FILTER (WHERE status = 'pending') AS pending, count(*) FILTER (WHERE status = 'sending') AS sending,
  count(*) FILTER (WHERE status = 'dead') AS dead FROM "Delivery"`,
    shape: { kind: "value", values: ["pending", "sending", "dead"] } },
  { title: "Database size", viz: "stat", w: 6, unit: "bytes", description: "Size of the Earshot database on disk.",
    sql: `SELECT pg_database_size(current_database()) AS bytes`, shape: { kind: "value", values: ["bytes"] } },
  { title: "Largest tables", viz: "table", w: 18, description: "Tables by total size (with indexes) and live rows.",
    sql: `SELECT relname AS "table", pg_total_relation_size(relid) AS bytes, n_live_tup AS rows FROM pg_stat_user_tables ORDER BY 2 DESC LIMIT 15`,
    shape: { kind: "table", columns: ["table", "bytes", "rows"] } },
];
PANEL_SPECS.set(UID, panels);

export function build() {
  const d = standardDashboard(UID, "Earshot: Operations", "Collector health and lag, items per source, delivery outcomes, queue depth and database size.", ["operations"]);
  return addPanels(d, panels).build();
}
