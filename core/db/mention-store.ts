// The hot ingest path: one transaction per batch of analysed posts, prepared
// statements, author ids cached in memory. Mentions are unique per
// (sourceId, externalId): a re-delivered post is skipped, never duplicated. An exact
// duplicate text for the same brand is stored with duplicateOfId set, so volume stays
// honest while analysis can skip it.
import type Database from "better-sqlite3";
import type { NormalizedPost, StoredMention, TextAnalysis } from "../../analysis/types.ts";

export interface AnalysedPost extends NormalizedPost {
  analysis: TextAnalysis;
}

export interface StoreResult {
  stored: StoredMention[];
  /** Posts skipped because (sourceId, externalId) was already stored. */
  existing: number;
}

export interface MentionStore {
  insertBatch(posts: AnalysedPost[]): Promise<StoreResult>;
}

const AUTHOR_CACHE_LIMIT = 50_000;

export class SqliteMentionStore implements MentionStore {
  #authorIds = new Map<string, { id: number; followers: number | null }>();
  #hashIds = new Map<string, number>(); // brandId|hash -> first mention id (bounded)
  #stmts;

  constructor(private db: Database.Database) {
    this.#stmts = {
      author: db.prepare(`INSERT INTO "Author" (platform, handle, "displayName", followers, verified, kind, "firstSeenAt", "lastSeenAt")
        VALUES (@platform, @handle, @displayName, @followers, @verified, @kind, @now, @now)
        ON CONFLICT(platform, handle) DO UPDATE SET followers = COALESCE(excluded.followers, "Author".followers),
          "displayName" = COALESCE(excluded."displayName", "Author"."displayName"), "lastSeenAt" = excluded."lastSeenAt"
        RETURNING id`),
      findHash: db.prepare(`SELECT id FROM "Mention" WHERE "brandId" = ? AND "contentHash" = ? ORDER BY id LIMIT 1`),
      // Positional parameters: binding 30 named parameters per row costs more than the insert itself.
      mention: db.prepare(`INSERT INTO "Mention" ("sourceId", "externalId", "brandId", "authorId", platform, "contentHash", "duplicateOfId",
          url, "canonicalUrl", title, text, language, "publishedAt", "fetchedAt", likes, reposts, replies, views,
          "parentExternalId", "quotedExternalId", "sentimentLabel", "sentimentScore", "sentimentEngine", "complaintKind",
          "complaintCategory", servqual, reason, severity, churn, stakeholder, analysis, "createdAt")
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT("sourceId", "externalId") DO NOTHING`),
      mentionBrand: db.prepare(`INSERT OR IGNORE INTO "MentionBrand" ("mentionId", "brandId") VALUES (?, ?)`),
    };
  }

  #authorId(p: AnalysedPost, now: number): number | null {
    const a = p.author;
    if (!a?.handle) return null;
    const key = `${p.platform}\u0000${a.handle}`;
    const cached = this.#authorIds.get(key);
    // Followers change: write only when the post carries a different number than we last stored.
    if (cached !== undefined && (a.followers == null || a.followers === cached.followers)) return cached.id;
    const row = this.#stmts.author.get({
      platform: p.platform, handle: a.handle, displayName: a.displayName ?? null, followers: a.followers ?? null,
      verified: a.verified ? 1 : 0, kind: a.kind ?? null, now,
    }) as { id: number };
    if (this.#authorIds.size > AUTHOR_CACHE_LIMIT) this.#authorIds.clear();
    this.#authorIds.set(key, { id: row.id, followers: a.followers ?? cached?.followers ?? null });
    return row.id;
  }

  async insertBatch(posts: AnalysedPost[]): Promise<StoreResult> {
    const now = Date.now();
    const stored: StoredMention[] = [];
    let existing = 0;
    const tx = this.db.transaction(() => {
      for (const p of posts) {
        const brandId = p.brandIds[0];
        const authorId = this.#authorId(p, now);
        const hashKey = `${brandId}|${p.contentHash}`;
        let dupOf = this.#hashIds.get(hashKey) ?? null;
        if (dupOf === null) dupOf = (this.#stmts.findHash.get(brandId, p.contentHash) as { id: number } | undefined)?.id ?? null;
        const a = p.analysis;
        const e = p.engagement;
        const info = this.#stmts.mention.run(
          p.sourceId, p.externalId, brandId, authorId, p.platform, p.contentHash, dupOf, p.url ?? null, p.canonicalUrl, p.title ?? null, p.text,
          a.language, p.publishedAt.getTime(), p.fetchedAt.getTime(), e?.likes ?? 0, e?.reposts ?? 0, e?.replies ?? 0, e?.views ?? 0,
          p.parentExternalId ?? null, p.quotedExternalId ?? null, a.sentiment.label, a.sentiment.score, a.engine,
          a.complaint.kind, a.complaint.category, a.complaint.servqual, a.complaint.reason, a.complaint.severity, a.churn ? 1 : 0,
          a.stakeholder, a.why.length ? JSON.stringify({ why: a.why }) : null, now,
        );
        // ON CONFLICT DO NOTHING: no change means this post was stored before.
        if (info.changes === 0) { existing++; continue; }
        const row = { id: Number(info.lastInsertRowid) };
        if (dupOf === null) {
          if (this.#hashIds.size > 200_000) this.#hashIds.clear();
          this.#hashIds.set(hashKey, row.id);
        }
        for (const b of p.brandIds) this.#stmts.mentionBrand.run(row.id, b);
        const m = p as AnalysedPost & StoredMention;
        m.id = row.id; m.brandId = brandId; m.authorId = authorId; m.duplicateOfId = dupOf;
        stored.push(m);
      }
    });
    tx();
    return { stored, existing };
  }
}
