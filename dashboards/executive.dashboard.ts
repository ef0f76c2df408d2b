// Executive reputation: is the brand's reputation getting better or worse, and why.
import { standardDashboard } from "./common/variables.ts";
import { addPanels, PANEL_SPECS, type PanelSpec } from "./common/panels.ts";
import { netSentiment, ratio, rollupFilter, series, v } from "./common/sql.ts";

/** TARP's "iceberg": about 1 in 27 unhappy customers complains; the dashboard labels this estimate as such. */
export const ICEBERG_FACTOR = 26;

export const UID = "earshot-executive";

const trend = series({ from: `"RollupHour"`, time: "bucket", values: { net_sentiment: netSentiment() }, where: rollupFilter() });
const volume = series({ from: `"RollupHour"`, time: "bucket", values: { mentions: "sum(mentions)", reach: "sum(reach)" }, where: rollupFilter() });
const complaints = series({
  from: `"RollupHour"`, time: "bucket",
  values: { complaints: "sum(complaints)", [`iceberg_estimate_x${ICEBERG_FACTOR}`]: `sum(complaints) * ${ICEBERG_FACTOR}` },
  where: rollupFilter(),
});

export const panels: PanelSpec[] = [
  { title: "Net sentiment", viz: "stat", w: 6, h: 5, unit: "none",
    description: "(positive - negative) / (positive + negative) over the selected range, -1 to 1.",
    sql: `SELECT ${netSentiment()} AS net_sentiment FROM "RollupHour" WHERE ${rollupFilter()}`, shape: { kind: "value", values: ["net_sentiment"] } },
  { title: "Share of voice", viz: "stat", w: 6, h: 5, unit: "percentunit",
    description: "The brand's mentions as a share of brand + configured competitor mentions in the collected stream.",
    sql: `SELECT ${ratio("b.n", "b.n + c.n")} AS share_of_voice
FROM (SELECT COALESCE(sum(mentions), 0) AS n FROM "RollupHour" WHERE ${rollupFilter()}) b,
     (SELECT COALESCE(sum(mentions), 0) AS n FROM "RollupCompetitorHour" WHERE ${rollupFilter("", { sources: false })}) c`,
    shape: { kind: "value", values: ["share_of_voice"] } },
  { title: "Mentions", viz: "stat", w: 6, h: 5, unit: "short", description: "Mentions in the selected range.",
    sql: `SELECT COALESCE(sum(mentions), 0) AS mentions, COALESCE(sum(reach), 0) AS reach FROM "RollupHour" WHERE ${rollupFilter()}`,
    shape: { kind: "value", values: ["mentions", "reach"] } },
  { title: "Open incidents", viz: "stat", w: 6, h: 5, unit: "short", description: "Incidents not yet resolved for this brand.",
    sql: `SELECT count(*) AS open_incidents FROM "Incident" WHERE "brandId" = ${v.brand} AND status <> 'resolved'`,
    shape: { kind: "value", values: ["open_incidents"] } },
  { title: "Net sentiment trend", viz: "timeseries", w: 12, description: "Net sentiment per bucket.", ...trend },
  { title: "Share of voice by competitor", viz: "piechart", w: 12,
    description: "Mentions of the brand and of each configured competitor.",
    sql: `SELECT ${v.brand} AS name, COALESCE(sum(mentions), 0) AS mentions FROM "RollupHour" WHERE ${rollupFilter()}
UNION ALL
SELECT competitor AS name, sum(mentions) AS mentions FROM "RollupCompetitorHour" WHERE ${rollupFilter("", { sources: false })} GROUP BY competitor
ORDER BY mentions DESC`,
    shape: { kind: "table", columns: ["name", "mentions"] } },
  { title: "Volume and reach", viz: "timeseries", w: 12, description: "Mentions and potential reach (author followers) per bucket.", ...volume },
  { title: "Open incidents by risk", viz: "barchart", w: 12,
    description: "Open incidents grouped by risk score: high >= 0.7, medium >= 0.4.",
    sql: `SELECT CASE WHEN "riskScore" >= 0.7 THEN 'high' WHEN "riskScore" >= 0.4 THEN 'medium' ELSE 'low' END AS risk, count(*) AS incidents
FROM "Incident" WHERE "brandId" = ${v.brand} AND status <> 'resolved' GROUP BY 1 ORDER BY 2 DESC`,
    shape: { kind: "table", columns: ["risk", "incidents"] } },
  { title: "Complaints and the iceberg estimate", viz: "timeseries", w: 12,
    description: `Complaints seen, and an ESTIMATE of unhappy customers who did not complain (x${ICEBERG_FACTOR}, TARP's 1-in-27 rule of thumb).`, ...complaints },
  { title: "Week over week", viz: "table", w: 24, h: 6,
    description: "The last 7 days before the end of the range against the 7 days before.",
    sql: `WITH w AS (
  SELECT CASE WHEN bucket >= $__timeTo()::timestamp - interval '7 days' THEN 'this_week' ELSE 'last_week' END AS week,
         sum(mentions) AS mentions, sum(positive) AS positive, sum(negative) AS negative, sum(complaints) AS complaints, sum(reach) AS reach
  FROM "RollupHour"
  WHERE "brandId" = ${v.brand} AND "sourceId" IN ${v.sources} AND bucket >= $__timeTo()::timestamp - interval '14 days' AND bucket < $__timeTo()::timestamp
  GROUP BY 1)
SELECT m.metric, m.this_week, m.last_week, round((${ratio("m.this_week - m.last_week", "abs(m.last_week)")})::numeric, 3) AS change
FROM (
  SELECT 'mentions' AS metric, (SELECT mentions FROM w WHERE week = 'this_week')::float AS this_week, (SELECT mentions FROM w WHERE week = 'last_week')::float AS last_week
  UNION ALL SELECT 'net_sentiment', (SELECT ${netSentiment("positive", "negative")} FROM w WHERE week = 'this_week'), (SELECT ${netSentiment("positive", "negative")} FROM w WHERE week = 'last_week')
  UNION ALL SELECT 'complaints', (SELECT complaints FROM w WHERE week = 'this_week'), (SELECT complaints FROM w WHERE week = 'last_week')
  UNION ALL SELECT 'reach', (SELECT reach FROM w WHERE week = 'this_week'), (SELECT reach FROM w WHERE week = 'last_week')
) m`,
    shape: { kind: "table", columns: ["metric", "this_week", "last_week", "change"] } },
];
PANEL_SPECS.set(UID, panels);

export function build() {
  const d = standardDashboard(UID, "Earshot: Executive reputation", "Net sentiment, share of voice, volume and reach, incidents and complaints per brand.", ["reputation", "executive"]);
  return addPanels(d, panels).build();
}
