// The hot ingest path on PostgreSQL: same semantics as SqliteMentionStore (unique per
// (sourceId, externalId), re-delivered posts skipped, exact duplicate text per brand
// stored with duplicateOfId, authors upserted), but each batch is a handful of
// set-based statements in one transaction instead of one statement per post: a
// round trip per row is what makes a networked database slow.
import type pg from "pg";
import type { StoredMention } from "../../analysis/types.ts";
import type { AnalysedPost, MentionStore, StoreResult } from "./mention-store.ts";

const AUTHOR_CACHE_LIMIT = 50_000;
const HASH_CACHE_LIMIT = 200_000;

// Column name, pg array type, and the value taken from a post (after author/dup resolution).
type Row = { p: AnalysedPost; brandId: string; authorId: number | null; dupOf: number | null };
const COLUMNS: Array<[string, string, (r: Row, now: string) => unknown]> = [
  ["sourceId", "text", (r) => r.p.sourceId],
  ["externalId", "text", (r) => r.p.externalId],
  ["brandId", "text", (r) => r.brandId],
  ["authorId", "int4", (r) => r.authorId],
  ["platform", "text", (r) => r.p.platform],
  ["contentHash", "text", (r) => r.p.contentHash],
  ["duplicateOfId", "int4", (r) => r.dupOf],
  ["url", "text", (r) => r.p.url ?? null],
  ["canonicalUrl", "text", (r) => r.p.canonicalUrl ?? null],
  ["title", "text", (r) => r.p.title ?? null],
  ["text", "text", (r) => r.p.text],
  ["language", "text", (r) => r.p.analysis.language ?? null],
  ["publishedAt", "timestamp", (r) => r.p.publishedAt.toISOString()],
  ["fetchedAt", "timestamp", (r) => r.p.fetchedAt.toISOString()],
  ["likes", "int4", (r) => r.p.engagement?.likes ?? 0],
  ["reposts", "int4", (r) => r.p.engagement?.reposts ?? 0],
  ["replies", "int4", (r) => r.p.engagement?.replies ?? 0],
  ["views", "int4", (r) => r.p.engagement?.views ?? 0],
  ["parentExternalId", "text", (r) => r.p.parentExternalId ?? null],
  ["quotedExternalId", "text", (r) => r.p.quotedExternalId ?? null],
  ["sentimentLabel", "text", (r) => r.p.analysis.sentiment.label],
  ["sentimentScore", "float8", (r) => r.p.analysis.sentiment.score],
  ["sentimentEngine", "text", (r) => r.p.analysis.engine],
  ["complaintKind", "text", (r) => r.p.analysis.complaint.kind],
  ["complaintCategory", "text", (r) => r.p.analysis.complaint.category],
  ["servqual", "text", (r) => r.p.analysis.complaint.servqual],
  ["reason", "text", (r) => r.p.analysis.complaint.reason],
  ["severity", "text", (r) => r.p.analysis.complaint.severity],
  ["churn", "bool", (r) => Boolean(r.p.analysis.churn)],
  ["stakeholder", "text", (r) => r.p.analysis.stakeholder ?? null],
  ["analysis", "text", (r) => JSON.stringify({ why: r.p.analysis.why })],
  ["createdAt", "timestamp", (_r, now) => now],
];

const INSERT_MENTIONS = `INSERT INTO "Mention" (${COLUMNS.map(([c]) => `"${c}"`).join(", ")})
  SELECT * FROM unnest(${COLUMNS.map(([, t], i) => `$${i + 1}::${t}[]`).join(", ")})
  ON CONFLICT ("sourceId", "externalId") DO NOTHING
  RETURNING id, "sourceId", "externalId"`;

export class PgMentionStore implements MentionStore {
  #authorIds = new Map<string, number>();
  #hashIds = new Map<string, number>(); // brandId|hash -> first mention id (bounded)

  constructor(private pool: pg.Pool) {}

  async insertBatch(posts: AnalysedPost[]): Promise<StoreResult> {
    if (!posts.length) return { stored: [], existing: 0 };
    const nowIso = new Date().toISOString();
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      const authorIds = await this.#upsertAuthors(client, posts, nowIso);
      const firstIdOfHash = await this.#knownHashes(client, posts);
      // Two passes: posts whose text is new to the brand go first, so later copies in the
      // same batch can point at them (the SQLite store sees them row by row).
      const rows: Row[] = posts.map((p) => ({ p, brandId: p.brandIds[0], authorId: authorIds.get(authorKey(p)) ?? null, dupOf: null }));
      const firstPass: Row[] = [];
      const secondPass: Row[] = [];
      const claimed = new Set<string>();
      for (const r of rows) {
        const key = `${r.brandId}|${r.p.contentHash}`;
        const known = firstIdOfHash.get(key);
        if (known !== undefined) { r.dupOf = known; secondPass.push(r); } else if (claimed.has(key)) secondPass.push(r);
        else { claimed.add(key); firstPass.push(r); }
      }
      const ids = new Map<string, number>();
      for (const [k, v] of await this.#insert(client, firstPass, nowIso)) ids.set(k, v);
      for (const r of firstPass) {
        const id = ids.get(mentionKey(r.p));
        if (id !== undefined) firstIdOfHash.set(`${r.brandId}|${r.p.contentHash}`, id);
      }
      for (const r of secondPass) if (r.dupOf === null) r.dupOf = firstIdOfHash.get(`${r.brandId}|${r.p.contentHash}`) ?? null;
      for (const [k, v] of await this.#insert(client, secondPass, nowIso)) ids.set(k, v);

      const stored: StoredMention[] = [];
      const mbMention: number[] = [];
      const mbBrand: string[] = [];
      let existing = 0;
      for (const r of rows) {
        const id = ids.get(mentionKey(r.p));
        if (id === undefined) { existing++; continue; }
        for (const b of r.p.brandIds) { mbMention.push(id); mbBrand.push(b); }
        stored.push({ ...r.p, id, brandId: r.brandId, authorId: r.authorId, duplicateOfId: r.dupOf });
      }
      if (mbMention.length) {
        await client.query(`INSERT INTO "MentionBrand" ("mentionId", "brandId") SELECT * FROM unnest($1::int4[], $2::text[]) ON CONFLICT DO NOTHING`, [mbMention, mbBrand]);
      }
      await client.query("COMMIT");
      if (this.#hashIds.size > HASH_CACHE_LIMIT) this.#hashIds.clear();
      for (const [k, v] of firstIdOfHash) this.#hashIds.set(k, v);
      return { stored, existing };
    } catch (err) {
      await client.query("ROLLBACK").catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }

  /** Upserts the batch's authors in one statement (sorted, so concurrent batches lock in the same order). */
  async #upsertAuthors(client: pg.PoolClient, posts: AnalysedPost[], nowIso: string): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    const pending = new Map<string, AnalysedPost>();
    for (const p of posts) {
      if (!p.author?.handle) continue;
      const key = authorKey(p);
      const cached = this.#authorIds.get(key);
      // Followers change: refresh the row when the post carries a number, else trust the cache.
      if (cached !== undefined && p.author.followers == null) { out.set(key, cached); continue; }
      pending.set(key, p); // last post of the batch wins, as row-by-row would leave it
    }
    if (!pending.size) return out;
    const list = [...pending.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const res = await client.query<{ id: number; platform: string; handle: string }>(
      `INSERT INTO "Author" (platform, handle, "displayName", followers, verified, kind, "firstSeenAt", "lastSeenAt")
       SELECT p, h, d, f, v, k, $7::timestamp, $7::timestamp FROM unnest($1::text[], $2::text[], $3::text[], $4::int4[], $5::bool[], $6::text[]) AS t(p, h, d, f, v, k)
       ON CONFLICT (platform, handle) DO UPDATE SET followers = COALESCE(excluded.followers, "Author".followers),
         "displayName" = COALESCE(excluded."displayName", "Author"."displayName"), "lastSeenAt" = excluded."lastSeenAt"
       RETURNING id, platform, handle`,
      [
        list.map(([, p]) => p.platform), list.map(([, p]) => p.author!.handle), list.map(([, p]) => p.author!.displayName ?? null),
        list.map(([, p]) => p.author!.followers ?? null), list.map(([, p]) => Boolean(p.author!.verified)), list.map(([, p]) => p.author!.kind ?? null), nowIso,
      ],
    );
    if (this.#authorIds.size > AUTHOR_CACHE_LIMIT) this.#authorIds.clear();
    for (const r of res.rows) {
      const key = `${r.platform}\u0000${r.handle}`;
      this.#authorIds.set(key, r.id);
      out.set(key, r.id);
    }
    return out;
  }

  /** First stored mention id per (brand, content hash) for the batch's hashes, cache first. */
  async #knownHashes(client: pg.PoolClient, posts: AnalysedPost[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    const brands: string[] = [];
    const hashes: string[] = [];
    for (const p of posts) {
      const key = `${p.brandIds[0]}|${p.contentHash}`;
      if (out.has(key)) continue;
      const cached = this.#hashIds.get(key);
      if (cached !== undefined) out.set(key, cached);
      else { brands.push(p.brandIds[0]); hashes.push(p.contentHash); }
    }
    if (brands.length) {
      const res = await client.query<{ brandId: string; contentHash: string; id: number }>(
        `SELECT m."brandId", m."contentHash", min(m.id) AS id FROM "Mention" m
         JOIN unnest($1::text[], $2::text[]) AS t(b, h) ON m."brandId" = t.b AND m."contentHash" = t.h
         GROUP BY m."brandId", m."contentHash"`, [brands, hashes]);
      for (const r of res.rows) out.set(`${r.brandId}|${r.contentHash}`, r.id);
    }
    return out;
  }

  async #insert(client: pg.PoolClient, rows: Row[], nowIso: string): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    if (!rows.length) return out;
    const params = COLUMNS.map(([, , get]) => rows.map((r) => get(r, nowIso)));
    const res = await client.query<{ id: number; sourceId: string; externalId: string }>(INSERT_MENTIONS, params);
    for (const r of res.rows) out.set(`${r.sourceId}\u0000${r.externalId}`, r.id);
    return out;
  }
}

function authorKey(p: AnalysedPost): string {
  return `${p.platform}\u0000${p.author?.handle ?? ""}`;
}
function mentionKey(p: AnalysedPost): string {
  return `${p.sourceId}\u0000${p.externalId}`;
}
