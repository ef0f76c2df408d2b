// Rollups per brand and hour (and day): volume by source, positive / neutral /
// negative, complaints, reach, engagement; complaints by category, SERVQUAL and
// severity; competitor mentions for share of voice; outcomes (incidents and cases).
// Dashboards read these instead of scanning raw mentions, and they outlive raw
// mentions deleted by retention.
//
// Mention rollups are maintained incrementally: the store is wrapped so every stored
// batch is added right after it is written (`withRollups`). Outcome rollups come from
// the Incident and Case tables, which change in place, so they are recomputed for a
// recent window by a job. `earshot rollups rebuild` recomputes everything from the raw
// rows still present; buckets older than the oldest raw mention are left as they are.
import type { Db } from "./db/index.ts";
import type { MentionStore, StoreResult, AnalysedPost } from "./db/mention-store.ts";
import type { StoredMention } from "../analysis/types.ts";
import { rawSql, toDate, type RawSql } from "./db/raw-sql.ts";
import { countIngested } from "./metrics.ts";

/** Complaint kinds counted as complaints in rollups (a grumble is a complaint not addressed to the brand). */
export const COMPLAINT_KINDS = ["complaint", "grumble"] as const;
const HOUR = 3_600_000;
const DAY = 86_400_000;

export interface BrandCompetitors { id: string; competitors: string[] }

const MEASURES = ["mentions", "positive", "neutral", "negative", "complaints", "reach", "engagement"] as const;
type Measures = Record<(typeof MEASURES)[number], number>;
type Bucket = Measures & { brandId: string; bucket: number; sourceId: string };

function count(row: Bucket, label: string, isComplaint: boolean, reach: number, engagement: number): void {
  row.mentions++;
  if (label === "positive") row.positive++;
  else if (label === "neutral") row.neutral++;
  else if (label === "negative") row.negative++;
  if (isComplaint) row.complaints++;
  row.reach += reach;
  row.engagement += engagement;
}

/** The running row of one brand, bucket and source. */
function bucketOf(map: Map<string, Map<number, Map<string, Bucket>>>, brandId: string, bucket: number, sourceId: string): Bucket {
  let byBucket = map.get(brandId);
  if (!byBucket) map.set(brandId, byBucket = new Map());
  let bySource = byBucket.get(bucket);
  if (!bySource) byBucket.set(bucket, bySource = new Map());
  let row = bySource.get(sourceId);
  if (!row) bySource.set(sourceId, row = { brandId, bucket, sourceId, mentions: 0, positive: 0, neutral: 0, negative: 0, complaints: 0, reach: 0, engagement: 0 });
  return row;
}

export class Rollups {
  readonly sql: RawSql;
  #lowerCompetitors = new Map<string, Array<[string, string]>>();
  constructor(private db: Db, private brands: BrandCompetitors[]) {
    this.sql = rawSql(db);
  }

  /** Adds freshly stored mentions to every rollup (one upsert per table). */
  async add(stored: StoredMention[]): Promise<void> {
    if (!stored.length) return;
    const q = this.sql;
    const followers = await this.#followers(stored);
    // Keyed per brand, then bucket, then source: no key string built per mention (this runs
    // for every stored mention on the ingest thread; its garbage was a quarter of that thread's).
    const hours = new Map<string, Map<number, Map<string, Bucket>>>();
    const days = new Map<string, Map<number, Map<string, Bucket>>>();
    const complaints = new Map<string, Map<number, Map<string, { brandId: string; bucket: number; category: string; servqual: string; severity: string; count: number }>>>();
    const competitors = new Map<string, { brandId: string; bucket: number; competitor: string; mentions: number }>();
    for (const m of stored) {
      const t = m.publishedAt.getTime();
      const hour = t - (t % HOUR);
      const day = t - (t % DAY);
      const a = m.analysis;
      const label = a.sentiment.label;
      const isComplaint = (COMPLAINT_KINDS as readonly string[]).includes(a.complaint.kind);
      const reach = m.authorId !== null ? followers.get(m.authorId) ?? 0 : 0;
      const engagement = (m.engagement?.likes ?? 0) + (m.engagement?.reposts ?? 0) + (m.engagement?.replies ?? 0);
      let lowerText: string | undefined;
      // One mention counts once for every brand it matched (MentionBrand), like the rebuild.
      const brandIds = m.brandIds.length === 1 ? m.brandIds : [...new Set(m.brandIds)];
      for (const brandId of brandIds) {
        count(bucketOf(hours, brandId, hour, m.sourceId), label, isComplaint, reach, engagement);
        count(bucketOf(days, brandId, day, m.sourceId), label, isComplaint, reach, engagement);
        if (isComplaint) {
          const { category, servqual, severity } = a.complaint;
          let byKind = complaints.get(brandId)?.get(hour);
          if (!byKind) {
            let byHour = complaints.get(brandId);
            if (!byHour) complaints.set(brandId, byHour = new Map());
            byHour.set(hour, byKind = new Map());
          }
          // Category, SERVQUAL and severity are short labels: one small key, no row object unless new.
          const k = `${category ?? ""}|${servqual ?? ""}|${severity ?? ""}`;
          const row = byKind.get(k);
          if (row) row.count++;
          else byKind.set(k, { brandId, bucket: hour, category: category ?? "", servqual: servqual ?? "", severity: severity ?? "", count: 1 });
        }
        for (const [competitor, lower] of this.#competitors(brandId)) {
          lowerText ??= m.text.toLowerCase();
          if (!lowerText.includes(lower)) continue;
          const k = `${brandId}|${hour}|${competitor}`;
          const row = competitors.get(k) ?? { brandId, bucket: hour, competitor, mentions: 0 };
          row.mentions++;
          competitors.set(k, row);
        }
      }
    }
    const rowsOf = <R>(map: Map<string, Map<number, Map<string, R>>>): R[] => [...map.values()].flatMap((b) => [...b.values()].flatMap((s) => [...s.values()]));
    const hourRows = rowsOf(hours);
    const dayRows = rowsOf(days);
    await q.tx(async (tx) => {
      for (const [table, rows] of [["RollupHour", hourRows], ["RollupDay", dayRows]] as const) {
        await upsert(tx, table, ["brandId", "bucket", "sourceId"], [...MEASURES], rows.map((r) => [r.brandId, tx.time(new Date(r.bucket)), r.sourceId, ...MEASURES.map((f) => r[f])]));
      }
      await upsert(tx, "RollupComplaintHour", ["brandId", "bucket", "category", "servqual", "severity"], ["count"],
        rowsOf(complaints).map((r) => [r.brandId, tx.time(new Date(r.bucket)), r.category, r.servqual, r.severity, r.count]));
      await upsert(tx, "RollupCompetitorHour", ["brandId", "bucket", "competitor"], ["mentions"],
        [...competitors.values()].map((r) => [r.brandId, tx.time(new Date(r.bucket)), r.competitor, r.mentions]));
    });
  }

  /** A brand's competitors with their lower-cased form (computed once per brand). */
  #competitors(brandId: string): Array<[string, string]> {
    let c = this.#lowerCompetitors.get(brandId);
    if (!c) this.#lowerCompetitors.set(brandId, c = (this.brands.find((b) => b.id === brandId)?.competitors ?? []).map((x) => [x, x.toLowerCase()]));
    return c;
  }

  /** Followers of the batch's authors: as the store reported them, else read from the Author table. */
  async #followers(stored: StoredMention[]): Promise<Map<number, number>> {
    const out = new Map<number, number>();
    const unknown = new Set<number>();
    for (const m of stored) {
      if (m.authorId === null) continue;
      if (m.authorFollowers !== undefined) out.set(m.authorId, m.authorFollowers ?? 0);
      else unknown.add(m.authorId);
    }
    const ids = [...unknown].filter((id) => !out.has(id));
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const rows = await this.sql.all<{ id: number; followers: number | null }>(`SELECT id, followers FROM "Author" WHERE id IN (${chunk.map(() => "?").join(",")})`, chunk);
      for (const r of rows) out.set(Number(r.id), Number(r.followers ?? 0));
    }
    return out;
  }

  /**
   * Recomputes mention rollups from the raw rows for buckets from `from` (default: the
   * day of the oldest raw mention, so rollups of data removed by retention survive),
   * then outcome rollups. Returns the rows written per table.
   */
  async rebuild(o: { from?: Date } = {}): Promise<Record<string, number>> {
    const q = this.sql;
    const oldest = (await q.all<{ t: unknown }>(`SELECT min("publishedAt") AS t FROM "Mention"`))[0]?.t;
    const fromMs = o.from ? o.from.getTime() : oldest != null ? toDate(oldest).getTime() : Date.now();
    const from = new Date(fromMs - (fromMs % DAY));
    const counts: Record<string, number> = {};
    await q.tx(async (tx) => {
      for (const t of ["RollupHour", "RollupDay", "RollupComplaintHour", "RollupCompetitorHour"]) await tx.run(`DELETE FROM "${t}" WHERE bucket >= ?`, [tx.time(from)]);
      const kinds = COMPLAINT_KINDS.map((k) => `'${k}'`).join(", ");
      const measures = `count(*), sum(CASE WHEN m."sentimentLabel" = 'positive' THEN 1 ELSE 0 END), sum(CASE WHEN m."sentimentLabel" = 'neutral' THEN 1 ELSE 0 END),
        sum(CASE WHEN m."sentimentLabel" = 'negative' THEN 1 ELSE 0 END), sum(CASE WHEN m."complaintKind" IN (${kinds}) THEN 1 ELSE 0 END),
        sum(COALESCE(a.followers, 0)), sum(m.likes + m.reposts + m.replies)`;
      const src = `FROM "Mention" m JOIN "MentionBrand" mb ON mb."mentionId" = m.id LEFT JOIN "Author" a ON a.id = m."authorId" WHERE m."publishedAt" >= ?`;
      const cols = `("brandId", bucket, "sourceId", ${MEASURES.map((f) => `"${f}"`).join(", ")})`;
      counts.RollupHour = await tx.run(`INSERT INTO "RollupHour" ${cols} SELECT mb."brandId", ${tx.hour('m."publishedAt"')}, m."sourceId", ${measures} ${src} GROUP BY 1, 2, 3`, [tx.time(from)]);
      counts.RollupDay = await tx.run(`INSERT INTO "RollupDay" ${cols} SELECT mb."brandId", ${tx.day('m."publishedAt"')}, m."sourceId", ${measures} ${src} GROUP BY 1, 2, 3`, [tx.time(from)]);
      counts.RollupComplaintHour = await tx.run(`INSERT INTO "RollupComplaintHour" ("brandId", bucket, category, servqual, severity, count)
        SELECT mb."brandId", ${tx.hour('m."publishedAt"')}, COALESCE(m."complaintCategory", ''), COALESCE(m.servqual, ''), COALESCE(m.severity, ''), count(*)
        FROM "Mention" m JOIN "MentionBrand" mb ON mb."mentionId" = m.id WHERE m."publishedAt" >= ? AND m."complaintKind" IN (${kinds}) GROUP BY 1, 2, 3, 4, 5`, [tx.time(from)]);
      counts.RollupCompetitorHour = 0;
      for (const b of this.brands) {
        for (const c of new Set(b.competitors)) {
          const contains = tx.kind === "sqlite" ? `instr(lower(m.text), lower(?)) > 0` : `strpos(lower(m.text), lower(?)) > 0`;
          counts.RollupCompetitorHour += await tx.run(`INSERT INTO "RollupCompetitorHour" ("brandId", bucket, competitor, mentions)
            SELECT mb."brandId", ${tx.hour('m."publishedAt"')}, ?, count(*) FROM "Mention" m JOIN "MentionBrand" mb ON mb."mentionId" = m.id
            WHERE mb."brandId" = ? AND m."publishedAt" >= ? AND ${contains} GROUP BY 1, 2`, [c, b.id, tx.time(from), c]);
        }
      }
    });
    counts.RollupOutcomeHour = await this.refreshOutcomes(new Date(0));
    return counts;
  }

  /** Recomputes outcome counters for buckets from `from` (incidents and cases change after they open). */
  async refreshOutcomes(from: Date, now = new Date()): Promise<number> {
    return this.sql.tx(async (tx) => {
      const f = tx.time(new Date(from.getTime() - (from.getTime() % HOUR)));
      const n = tx.time(now);
      const h = (e: string) => tx.hour(e);
      await tx.run(`DELETE FROM "RollupOutcomeHour" WHERE bucket >= ?`, [f]);
      const parts: Array<[string, unknown[]]> = [
        [`SELECT "brandId", ${h('"openedAt"')} AS b, 'incidents_opened' AS metric FROM "Incident" WHERE "brandId" IS NOT NULL AND "openedAt" >= ?`, [f]],
        [`SELECT "brandId", ${h('"createdAt"')} AS b, 'cases_opened' AS metric FROM "Case" WHERE "createdAt" >= ?`, [f]],
        [`SELECT "brandId", ${h('"closedAt"')} AS b, 'cases_closed' AS metric FROM "Case" WHERE "closedAt" >= ?`, [f]],
        [`SELECT "brandId", ${h('"firstResponseAt"')} AS b, CASE WHEN "firstResponseDue" IS NULL OR "firstResponseAt" <= "firstResponseDue" THEN 'first_response_met' ELSE 'first_response_breached' END AS metric
          FROM "Case" WHERE "firstResponseAt" >= ?`, [f]],
        [`SELECT "brandId", ${h('"firstResponseDue"')} AS b, 'first_response_breached' AS metric FROM "Case" WHERE "firstResponseAt" IS NULL AND "firstResponseDue" >= ? AND "firstResponseDue" < ?`, [f, n]],
        [`SELECT "brandId", ${h('"closedAt"')} AS b, CASE WHEN "resolutionDue" IS NULL OR "closedAt" <= "resolutionDue" THEN 'resolution_met' ELSE 'resolution_breached' END AS metric
          FROM "Case" WHERE "closedAt" >= ?`, [f]],
        [`SELECT "brandId", ${h('"resolutionDue"')} AS b, 'resolution_breached' AS metric FROM "Case" WHERE "closedAt" IS NULL AND "resolutionDue" >= ? AND "resolutionDue" < ?`, [f, n]],
        [`SELECT "brandId", ${h('"closedAt"')} AS b, CASE WHEN "churned" = TRUE THEN 'churned' ELSE 'retained' END AS metric FROM "Case" WHERE "closedAt" >= ? AND "churned" IS NOT NULL`, [f]],
      ];
      return tx.run(`INSERT INTO "RollupOutcomeHour" ("brandId", bucket, metric, value)
        SELECT "brandId", b, metric, count(*) FROM (${parts.map(([s]) => s).join(" UNION ALL ")}) x GROUP BY "brandId", b, metric`, parts.flatMap(([, p]) => p));
    });
  }
}

/** Multi-row INSERT ... ON CONFLICT DO UPDATE adding the measures (same syntax on SQLite and PostgreSQL). */
async function upsert(q: RawSql, table: string, keys: string[], measures: string[], rows: unknown[][]): Promise<void> {
  const cols = [...keys, ...measures];
  const CHUNK = Math.max(1, Math.floor(900 / cols.length)); // SQLite's default variable limit is generous, PG's is 65535: stay far below
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const values = chunk.map(() => `(${cols.map(() => "?").join(", ")})`).join(", ");
    await q.run(`INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(", ")}) VALUES ${values}
      ON CONFLICT (${keys.map((k) => `"${k}"`).join(", ")}) DO UPDATE SET ${measures.map((m) => `"${m}" = "${table}"."${m}" + excluded."${m}"`).join(", ")}`, chunk.flat());
  }
}

/** Wraps a MentionStore so every stored batch also updates the rollups and the ingest counter. */
export function withRollups(store: MentionStore, rollups: Rollups): MentionStore {
  return {
    async insertBatch(posts: AnalysedPost[]): Promise<StoreResult> {
      const res = await store.insertBatch(posts);
      countIngested(res.stored);
      await rollups.add(res.stored);
      return res;
    },
  };
}

export function brandCompetitors(config: { brands: Array<{ id: string; competitors?: string[] }> }): BrandCompetitors[] {
  return config.brands.map((b) => ({ id: b.id, competitors: b.competitors ?? [] }));
}

/** The periodic jobs behind rollups and retention, for the monitor's scheduler. */
export function maintenanceJobs(app: { db: Db; config: { brands: Array<{ id: string; competitors?: string[] }>; retention?: { mentionDays: number; schedule: string } } }): Array<{ name: string; schedule: string; run: () => Promise<unknown> }> {
  const rollups = new Rollups(app.db, brandCompetitors(app.config));
  const jobs: Array<{ name: string; schedule: string; run: () => Promise<unknown> }> = [{ name: "rollups:outcomes", schedule: "*/5 * * * *", run: () => rollups.refreshOutcomes(new Date(Date.now() - 7 * DAY)) }];
  const r = app.config.retention;
  if (r && r.mentionDays > 0) {
    jobs.push({ name: "retention", schedule: r.schedule, run: async () => import("./retention.ts").then((m) => m.runRetention(app.db, { mentionDays: r.mentionDays })) });
  }
  return jobs;
}
