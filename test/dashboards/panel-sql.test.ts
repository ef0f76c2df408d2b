// Every panel's SQL, with Grafana's macros expanded, executed against PostgreSQL seeded
// through the real pipeline: each query runs, returns rows, and returns the columns
// its panel needs (a "time" timestamp + numeric values for time series, one row of
// numbers for stats, the named columns for tables).
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it, beforeAll, afterAll } from "vitest";
import { openDatabase } from "../../core/db/index.ts";
import type { PgDb } from "../../core/db/postgres.ts";
import { dashboards } from "../../dashboards/index.ts";
import { PANEL_SPECS } from "../../dashboards/common/panels.ts";
import { expandGrafanaSql } from "../../dashboards/common/macros.ts";
import { usePostgres } from "../postgres/pg-context.ts";
import { seed, SEED_FROM, SEED_TO } from "./seed.ts";

const pgc = usePostgres();
let db: PgDb;
let incidentId = 0;

beforeAll(async () => {
  db = (await openDatabase(await pgc.freshUrl("earshot_dash"))) as PgDb;
  ({ incidentId } = await seed(db));
  await db.pool.query("ANALYZE");
}, 120_000);
afterAll(async () => { await db?.close(); });

const isNum = (v: unknown) => v === null || typeof v === "number";

describe("dashboard panel SQL on PostgreSQL", () => {
  it("expands macros like Grafana and refuses to leave one unexpanded", () => {
    const sql = expandGrafanaSql(`SELECT 1 WHERE $__timeFilter(bucket) AND "brandId" = '$brand' AND "sourceId" IN ($source) AND b = date_trunc('\${bucket}', x)`,
      { from: SEED_FROM, to: SEED_TO, vars: { brand: "acme-air", source: ["a", "b'c"], bucket: "hour" } });
    expect(sql).toBe(`SELECT 1 WHERE bucket BETWEEN '2026-11-08T00:00:00Z' AND '2026-11-21T12:00:00Z' AND "brandId" = 'acme-air' AND "sourceId" IN ('a','b''c') AND b = date_trunc('hour', x)`);
    expect(() => expandGrafanaSql("SELECT $nope", { from: SEED_FROM, to: SEED_TO, vars: {} })).toThrow(/unexpanded.*\$nope/);
  });

  it("every query variable returns values (with __value/__text where it names them)", async () => {
    for (const d of dashboards) {
      const built = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, "../../dashboards/dist", d.file), "utf8"));
      for (const v of built.templating.list.filter((x: { type: string }) => x.type === "query")) {
        const res = await db.pool.query(expandGrafanaSql(v.query, { from: SEED_FROM, to: SEED_TO, vars: { brand: "acme-air" } }));
        expect(res.rows.length, `${d.uid} $${v.name}`).toBeGreaterThan(0);
        if (/__value/.test(v.query)) expect(res.fields.map((f) => f.name)).toEqual(["__value", "__text"]);
      }
    }
  });

  for (const d of dashboards) {
    const built = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, "../../dashboards/dist", d.file), "utf8"));
    for (const panel of built.panels as Array<{ title: string; type: string; targets: Array<{ rawSql: string; format: string }> }>) {
      for (const bucket of ["hour", "day"]) {
        it(`${d.uid} / ${panel.title} (${bucket})`, async () => {
          const spec = PANEL_SPECS.get(d.uid)!.find((s) => s.title === panel.title)!;
          expect(spec).toBeDefined();
          const sql = expandGrafanaSql(panel.targets[0].rawSql, {
            from: SEED_FROM, to: SEED_TO, vars: { brand: "acme-air", source: ["rss-news", "forum"], bucket, incident: incidentId },
          });
          const res = await db.pool.query(sql);
          const cols = res.fields.map((f) => f.name);
          expect(res.rows.length, `${panel.title} returned no rows`).toBeGreaterThan(0);
          const shape = spec.shape;
          if (shape.kind === "timeseries") {
            expect(panel.targets[0].format).toBe("time_series");
            expect(cols[0]).toBe("time");
            expect(cols.slice(1)).toEqual(shape.long ? ["metric", ...shape.values] : shape.values);
            for (const r of res.rows) {
              expect(r.time).toBeInstanceOf(Date);
              for (const v of shape.values) expect(isNum(r[v]), `${v}=${r[v]}`).toBe(true);
            }
            const times = res.rows.map((r) => (r.time as Date).getTime());
            expect([...times].sort((a, b) => a - b)).toEqual(times); // Grafana wants time ascending
          } else if (shape.kind === "value") {
            expect(res.rows).toHaveLength(1);
            expect(cols).toEqual(shape.values);
            for (const v of shape.values) expect(typeof res.rows[0][v], v).toBe("number");
          } else {
            expect(cols).toEqual(shape.columns);
          }
        });
      }
    }
  }
});
