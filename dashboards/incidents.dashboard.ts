// PR incidents: what happened in one incident (chosen by the $incident variable) and
// how the incident load evolves.
import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import { standardDashboard } from "./common/variables.ts";
import { addPanels, DATASOURCE_REF, PANEL_SPECS, type PanelSpec } from "./common/panels.ts";
import { rollupFilter, series, v } from "./common/sql.ts";

export const UID = "earshot-incidents";

/** Mentions of the selected incident's story. */
const storyMentions = `"Mention" m WHERE m."storyId" = (SELECT "storyId" FROM "Incident" WHERE id = ${v.incident})`;

export const panels: PanelSpec[] = [
  { title: "Incident timeline", viz: "table", w: 12, h: 10,
    description: "What we knew, when we knew it, what we did (first post, detection, alerts, deliveries, actions).",
    sql: `SELECT at AS "time", kind, COALESCE(actor, '') AS actor, message FROM "IncidentEvent" WHERE "incidentId" = ${v.incident} ORDER BY at`,
    shape: { kind: "table", columns: ["time", "kind", "actor", "message"] } },
  { title: "Story growth vs predicted size", viz: "timeseries", w: 12, h: 10,
    description: "Cumulative mentions of the incident's story against the size predicted at detection.",
    sql: `SELECT g."time", sum(g.n) OVER (ORDER BY g."time") AS mentions, (SELECT "predictedSize" FROM "Incident" WHERE id = ${v.incident}) AS predicted_size
FROM (SELECT date_trunc('hour', m."publishedAt") AS "time", count(*) AS n FROM ${storyMentions} GROUP BY 1) g
ORDER BY 1`,
    shape: { kind: "timeseries", values: ["mentions", "predicted_size"] } },
  { title: "Top authors and stakeholders", viz: "table", w: 12, h: 10,
    description: "Who drives the story: posts, followers and stakeholder kind (media, journalist, official...).",
    sql: `SELECT a.platform, a.handle, COALESCE(a.followers, 0) AS followers, COALESCE(a.kind, max(m.stakeholder), '') AS stakeholder,
  count(*) AS posts, sum(m.likes + m.reposts + m.replies) AS engagement
FROM ${storyMentions.replace(" WHERE", " JOIN \"Author\" a ON a.id = m.\"authorId\" WHERE")}
GROUP BY a.id, a.platform, a.handle, a.followers, a.kind ORDER BY posts DESC, followers DESC LIMIT 20`,
    shape: { kind: "table", columns: ["platform", "handle", "followers", "stakeholder", "posts", "engagement"] } },
  { title: "Sources", viz: "piechart", w: 6, h: 10, description: "Where the story's mentions come from.",
    sql: `SELECT m."sourceId" AS source, count(*) AS mentions FROM ${storyMentions} GROUP BY 1 ORDER BY 2 DESC`,
    shape: { kind: "table", columns: ["source", "mentions"] } },
  { title: "Languages", viz: "piechart", w: 6, h: 10, description: "Languages of the story's mentions.",
    sql: `SELECT COALESCE(m.language, 'unknown') AS language, count(*) AS mentions FROM ${storyMentions} GROUP BY 1 ORDER BY 2 DESC`,
    shape: { kind: "table", columns: ["language", "mentions"] } },
  { title: "Alert delivery", viz: "table", w: 24, h: 8, description: "Every alert raised for the incident and what happened to each delivery.",
    sql: `SELECT a.id AS alert, a.kind, a."createdAt" AS raised, d.channel, d.status, d.attempts, d."sentAt" AS sent, COALESCE(d."lastError", '') AS last_error
FROM "Alert" a JOIN "Delivery" d ON d."alertId" = a.id WHERE a."incidentId" = ${v.incident} ORDER BY a.id, d.channel`,
    shape: { kind: "table", columns: ["alert", "kind", "raised", "channel", "status", "attempts", "sent", "last_error"] } },
  { title: "Incidents opened", viz: "timeseries", w: 24, h: 7, description: "Incidents opened for the brand per bucket.",
    ...series({ from: `"RollupOutcomeHour"`, time: "bucket", values: { incidents_opened: `COALESCE(sum(value) FILTER (WHERE metric = 'incidents_opened'), 0)` }, where: rollupFilter("", { sources: false }) }) },
];
PANEL_SPECS.set(UID, panels);

export function incidentVariable() {
  return new dashboard.QueryVariableBuilder("incident").label("Incident").datasource(DATASOURCE_REF)
    .query(`SELECT id AS __value, '#' || id || ' ' || title AS __text FROM "Incident" WHERE "brandId" = '$brand' ORDER BY "openedAt" DESC LIMIT 200`)
    .refresh(dashboard.VariableRefresh.OnTimeRangeChanged);
}

export function build() {
  const d = standardDashboard(UID, "Earshot: PR incidents", "One incident's timeline, story growth against prediction, who drives it, where and in which languages, and alert delivery.", ["incidents", "pr"])
    .withVariable(incidentVariable());
  return addPanels(d, panels).build();
}
