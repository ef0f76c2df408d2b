// Factories for the panel kinds the dashboards use, so every panel is wired the same
// way: the SQL target on the $datasource variable, sizes, units and the expected
// shape of its result (kept beside the panel so tests can check it).
import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import * as timeseries from "@grafana/grafana-foundation-sdk/timeseries";
import * as stat from "@grafana/grafana-foundation-sdk/stat";
import * as table from "@grafana/grafana-foundation-sdk/table";
import * as piechart from "@grafana/grafana-foundation-sdk/piechart";
import * as barchart from "@grafana/grafana-foundation-sdk/barchart";
import * as common from "@grafana/grafana-foundation-sdk/common";
import type * as cog from "@grafana/grafana-foundation-sdk/cog";
import type { Shape } from "./sql.ts";

export const DATASOURCE_TYPE = "grafana-postgresql-datasource";
export const DATASOURCE_REF = { type: DATASOURCE_TYPE, uid: "${datasource}" };

/** The Grafana PostgreSQL query model (the SDK has no builder for this plugin). */
export interface SqlQuery extends cog.Dataquery {
  refId: string;
  datasource: { type: string; uid: string };
  rawSql: string;
  format: "time_series" | "table";
  rawQuery: true;
  editorMode: "code";
}

export class SqlQueryBuilder implements cog.Builder<cog.Dataquery> {
  constructor(private sql: string, private format: "time_series" | "table", private refId = "A") {}
  build(): cog.Dataquery {
    const q: SqlQuery = {
      refId: this.refId, datasource: DATASOURCE_REF, rawSql: this.sql, format: this.format, rawQuery: true, editorMode: "code",
      _implementsDataqueryVariant() {},
    };
    return q;
  }
}

export interface PanelSpec {
  title: string;
  description: string;
  sql: string;
  shape: Shape;
  /** Grid size: width (of 24) and height. Default 12 x 8. */
  w?: number;
  h?: number;
  unit?: string;
  viz: "timeseries" | "stat" | "table" | "piechart" | "barchart";
}

/** Every dashboard's panel specs by uid, for the tests and the query benchmark. */
export const PANEL_SPECS = new Map<string, PanelSpec[]>();

/** Left-to-right, top-to-bottom layout on Grafana's 24-column grid; ids from 1. */
export function layout(specs: PanelSpec[]): Array<{ spec: PanelSpec; id: number; pos: dashboard.GridPos }> {
  let x = 0, y = 0, rowH = 0;
  return specs.map((spec, i) => {
    const w = spec.w ?? 12, h = spec.h ?? 8;
    if (x + w > 24) { x = 0; y += rowH; rowH = 0; }
    const pos = { x, y, w, h };
    x += w; rowH = Math.max(rowH, h);
    return { spec, id: i + 1, pos };
  });
}

/** Adds the specs' panels to a dashboard builder with explicit ids and positions. */
export function addPanels(d: dashboard.DashboardBuilder, specs: PanelSpec[]): dashboard.DashboardBuilder {
  for (const { spec, id, pos } of layout(specs)) d.withPanel(buildPanel(spec, id, pos));
  return d;
}

export function buildPanel(s: PanelSpec, id = 1, pos?: dashboard.GridPos): cog.Builder<dashboard.Panel> {
  const format = s.shape.kind === "timeseries" ? "time_series" : "table";
  const target = new SqlQueryBuilder(s.sql, format);
  const size = <T extends { id(n: number): T; gridPos(p: dashboard.GridPos): T; span(w: number): T; height(h: number): T; title(t: string): T; description(d: string): T; datasource(d: common.DataSourceRef): T; withTarget(t: cog.Builder<cog.Dataquery>): T }>(b: T): T =>
    b.title(s.title).description(s.description).datasource(DATASOURCE_REF).withTarget(target).id(id).gridPos(pos ?? { x: 0, y: 0, w: s.w ?? 12, h: s.h ?? 8 });
  switch (s.viz) {
    case "timeseries": {
      const b = size(new timeseries.PanelBuilder()).lineWidth(2).fillOpacity(10);
      return s.unit ? b.unit(s.unit) : b;
    }
    case "stat": {
      const b = size(new stat.PanelBuilder()).graphMode(common.BigValueGraphMode.None)
        .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(["lastNotNull"]).values(false));
      return s.unit ? b.unit(s.unit) : b;
    }
    case "table": {
      const b = size(new table.PanelBuilder());
      return s.unit ? b.unit(s.unit) : b;
    }
    case "piechart": {
      return size(new piechart.PanelBuilder()).pieType(piechart.PieChartType.Donut)
        .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(["lastNotNull"]).values(true));
    }
    case "barchart": {
      const b = size(new barchart.PanelBuilder()).orientation(common.VizOrientation.Horizontal);
      return s.unit ? b.unit(s.unit) : b;
    }
  }
}
