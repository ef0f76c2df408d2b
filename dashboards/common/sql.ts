// A small typed builder for the dashboards' SQL. Grafana's PostgreSQL datasource fills
// in $__timeFilter(...), $brand, $source and $bucket; everything else is plain SQL
// against Earshot's tables (quoted, because Prisma keeps camelCase names).

/** What a panel needs back from its query; checked against real PostgreSQL in tests. */
export type Shape =
  | { kind: "timeseries"; values: string[]; long?: boolean } // "time" + numeric value columns (long: time, metric, value)
  | { kind: "table"; columns: string[] }
  | { kind: "value"; values: string[] };                     // one row of numbers (stat panels)

export const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Grafana variables as they appear in SQL. */
export const v = {
  brand: `'$brand'`,
  /** Multi-value with "All": Grafana expands it to a quoted, comma-separated list. */
  sources: `($source)`,
  bucket: `'$bucket'`,
  incident: `$incident`,
};

/** The standard filter on a rollup table: brand, sources and the dashboard time range. */
export function rollupFilter(alias = "", o: { sources?: boolean } = {}): string {
  const p = alias ? `${alias}.` : "";
  return [`${p}"brandId" = ${v.brand}`, o.sources === false ? null : `${p}"sourceId" IN ${v.sources}`, `$__timeFilter(${p}bucket)`].filter(Boolean).join(" AND ");
}

/** Time bucket column for a time series ("hour" or "day", chosen by the $bucket variable). */
export function timeBucket(expr: string): string {
  return `date_trunc(${v.bucket}, ${expr}) AS "time"`;
}

/** `part / whole` as a float, NULL instead of a division by zero. */
export function ratio(part: string, whole: string): string {
  return `(${part})::float / NULLIF(${whole}, 0)`;
}

export interface SeriesQuery {
  from: string;
  time: string;
  values: Record<string, string>;
  where: string;
}

/** `SELECT time, v1, v2 ... GROUP BY 1 ORDER BY 1`, returning its shape alongside. */
export function series(o: SeriesQuery): { sql: string; shape: Shape } {
  const cols = Object.entries(o.values).map(([alias, expr]) => `${expr} AS ${q(alias)}`);
  return {
    sql: `SELECT ${timeBucket(o.time)}, ${cols.join(", ")}\nFROM ${o.from}\nWHERE ${o.where}\nGROUP BY 1\nORDER BY 1`,
    shape: { kind: "timeseries", values: Object.keys(o.values) },
  };
}

/** Net sentiment score: (positive - negative) / (positive + negative), in [-1, 1]. */
export function netSentiment(pos = "sum(positive)", neg = "sum(negative)"): string {
  return `round((${ratio(`${pos} - ${neg}`, `${pos} + ${neg}`)})::numeric, 3)`;
}
