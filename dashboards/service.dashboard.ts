// Service manager: complaint cases, SLA compliance and recovery outcomes.
import { standardDashboard } from "./common/variables.ts";
import { addPanels, PANEL_SPECS, type PanelSpec } from "./common/panels.ts";
import { ratio, rollupFilter, series, timeBucket, v } from "./common/sql.ts";

export const UID = "earshot-service";

const metric = (m: string) => `COALESCE(sum(value) FILTER (WHERE metric = '${m}'), 0)`;
const outcomes = (values: Record<string, string>) => series({ from: `"RollupOutcomeHour"`, time: "bucket", values, where: rollupFilter("", { sources: false }) });

export const panels: PanelSpec[] = [
  { title: "Open cases by step and owner", viz: "table", w: 12,
    description: "Cases not closed yet, by step of the eight-step process and owner.",
    sql: `SELECT c.state AS step, COALESCE(u.name, 'unassigned') AS owner, count(*) AS cases, min(c."createdAt") AS oldest
FROM "Case" c LEFT JOIN "User" u ON u.id = c."ownerId"
WHERE c."brandId" = ${v.brand} AND c."closedAt" IS NULL GROUP BY 1, 2 ORDER BY 3 DESC`,
    shape: { kind: "table", columns: ["step", "owner", "cases", "oldest"] } },
  { title: "SLA compliance", viz: "timeseries", w: 12, unit: "percentunit",
    description: "Share of first responses and resolutions within their SLA.",
    ...outcomes({
      first_response: ratio(metric("first_response_met"), `${metric("first_response_met")} + ${metric("first_response_breached")}`),
      resolution: ratio(metric("resolution_met"), `${metric("resolution_met")} + ${metric("resolution_breached")}`),
    }) },
  { title: "SLA breaches", viz: "timeseries", w: 12, description: "First-response and resolution deadlines missed.",
    ...outcomes({ first_response_breached: metric("first_response_breached"), resolution_breached: metric("resolution_breached") }) },
  { title: "Time to first response", viz: "timeseries", w: 12, unit: "m",
    description: "Median and 90th percentile minutes from case opened to first response (wall clock).",
    sql: `SELECT ${timeBucket(`"createdAt"`)},
  percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM ("firstResponseAt" - "createdAt")) / 60) AS median_minutes,
  percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM ("firstResponseAt" - "createdAt")) / 60) AS p90_minutes
FROM "Case" WHERE "brandId" = ${v.brand} AND "firstResponseAt" IS NOT NULL AND $__timeFilter("createdAt")
GROUP BY 1 ORDER BY 1`,
    shape: { kind: "timeseries", values: ["median_minutes", "p90_minutes"] } },
  { title: "Complaints by category", viz: "barchart", w: 12, description: "Product, service, price, integrity (blank: not classified).",
    sql: `SELECT COALESCE(NULLIF(category, ''), 'unclassified') AS category, sum(count) AS complaints FROM "RollupComplaintHour"
WHERE ${rollupFilter("", { sources: false })} GROUP BY 1 ORDER BY 2 DESC`,
    shape: { kind: "table", columns: ["category", "complaints"] } },
  { title: "Complaints by SERVQUAL dimension", viz: "piechart", w: 12, description: "Tangibles, reliability, responsiveness, assurance, empathy.",
    sql: `SELECT COALESCE(NULLIF(servqual, ''), 'unclassified') AS dimension, sum(count) AS complaints FROM "RollupComplaintHour"
WHERE ${rollupFilter("", { sources: false })} GROUP BY 1 ORDER BY 2 DESC`,
    shape: { kind: "table", columns: ["dimension", "complaints"] } },
  { title: "Complaints by severity", viz: "timeseries", w: 12, description: "General, serious and malicious complaints per bucket.",
    ...series({ from: `"RollupComplaintHour"`, time: "bucket", where: rollupFilter("", { sources: false }),
      values: { general: `COALESCE(sum(count) FILTER (WHERE severity = 'general'), 0)`, serious: `COALESCE(sum(count) FILTER (WHERE severity = 'serious'), 0)`, malicious: `COALESCE(sum(count) FILTER (WHERE severity = 'malicious'), 0)` } }) },
  { title: "Recoveries and churn", viz: "timeseries", w: 12, description: "Closed cases where the customer stayed or churned.",
    ...outcomes({ retained: metric("retained"), churned: metric("churned"), cases_closed: metric("cases_closed") }) },
  { title: "Case outcomes", viz: "table", w: 24, h: 6, description: "Closed cases in range by recorded outcome.",
    sql: `SELECT COALESCE(outcome, 'none recorded') AS outcome, count(*) AS cases,
  count(*) FILTER (WHERE churned) AS churned, round(avg(extract(epoch FROM ("closedAt" - "createdAt")) / 3600)::numeric, 1) AS avg_hours_to_close
FROM "Case" WHERE "brandId" = ${v.brand} AND $__timeFilter("closedAt") GROUP BY 1 ORDER BY 2 DESC`,
    shape: { kind: "table", columns: ["outcome", "cases", "churned", "avg_hours_to_close"] } },
];
PANEL_SPECS.set(UID, panels);

export function build() {
  const d = standardDashboard(UID, "Earshot: Service manager", "Complaint cases by step and owner, SLA compliance, complaints by category and SERVQUAL, recoveries and churn.", ["service", "cases"]);
  return addPanels(d, panels).build();
}
