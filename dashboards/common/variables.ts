// The variables every Earshot dashboard shares: the PostgreSQL datasource, brand,
// source (multi, All) and the bucket size of time series.
import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import { DATASOURCE_REF, DATASOURCE_TYPE } from "./panels.ts";

export function datasourceVariable() {
  return new dashboard.DatasourceVariableBuilder("datasource").label("Data source").type(DATASOURCE_TYPE);
}

export function brandVariable() {
  return new dashboard.QueryVariableBuilder("brand").label("Brand").datasource(DATASOURCE_REF)
    .query(`SELECT id AS __value, name AS __text FROM "Brand" ORDER BY name`)
    .refresh(dashboard.VariableRefresh.OnDashboardLoad);
}

export function sourceVariable() {
  return new dashboard.QueryVariableBuilder("source").label("Source").datasource(DATASOURCE_REF)
    .query(`SELECT id FROM "Source" ORDER BY id`).multi(true).includeAll(true)
    .refresh(dashboard.VariableRefresh.OnDashboardLoad);
}

export function bucketVariable() {
  return new dashboard.CustomVariableBuilder("bucket").label("Bucket").values("hour,day")
    .options([{ text: "hour", value: "hour", selected: true }, { text: "day", value: "day", selected: false }])
    .current({ text: "hour", value: "hour" });
}

/** Adds the shared variables and settings to a dashboard builder. */
export function standardDashboard(uid: string, title: string, description: string, tags: string[]) {
  return new dashboard.DashboardBuilder(title).uid(uid).description(description).tags(["earshot", ...tags])
    .timezone("utc").time({ from: "now-7d", to: "now" }).refresh("5m").editable()
    .withVariable(datasourceVariable()).withVariable(brandVariable()).withVariable(sourceVariable()).withVariable(bucketVariable());
}
