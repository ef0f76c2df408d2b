// The hot ingest path: one transaction per batch of analysed posts, prepared
// statements, author ids cached in memory. Mentions are unique per
// (sourceId, externalId): a re-delivered post is skipped, never duplicated. An exact
// duplicate text for the same brand is stored with duplicateOfId set, so volume stays
// honest while analysis can skip it.
import type Database from "better-sqlite3";
import type { NormalizedPost, StoredMention, TextAnalysis } from "../../analysis/types.ts";
import { WalCheckpointer, type WalCheckpointerOptions } from "./wal-checkpointer.ts";

export interface AnalysedPost extends NormalizedPost {
  analysis: TextAnalysis;
  /** The `analysis` column already serialised (whyJson(analysis.why), by an analysis worker); the store computes it when absent. */
  analysisJson?: string | null;
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
const HASH_CACHE_LIMIT = 200_000;
/** Texts looked up per query when a batch starts (one query instead of one per post). */
const HASH_LOOKUP = 100;

/** The `analysis` column: the reasons behind the labels, or null when there are none. */
export function whyJson(why: string[]): string | null {
  // The same text as JSON.stringify({ why }), without a wrapper object per row.
  return why.length ? `{"why":${JSON.stringify(why)}}` : null;
}

export class SqliteMentionStore implements MentionStore {
  // platform -> handle -> author row: no key string to build per post.
  #authorIds = new Map<string, Map<string, { id: number; followers: number | null }>>();
  #authorCount = 0;
  // brandId -> contentHash -> id of the first mention with that text. Bounded; a miss asks the index.
  #hashIds = new Map<string, Map<string, number>>();
  #hashCount = 0;
  /** Times the hash cache was cleared; #batchClears: that count when this batch was looked up. */
  #clears = 0;
  #batchClears = -1;
  /** brandId -> texts of this batch that were not stored when it was looked up. */
  #unstored = new Map<string, Set<string>>();
  #stmts;
  /** Checkpoints the WAL on a worker thread (file databases in WAL mode); null: the connection does (wal_autocheckpoint). */
  readonly checkpointer: WalCheckpointer | null;

  /**
   * @param opts.checkpointer WAL checkpoints on a worker thread (default: on, for file
   *   databases in WAL mode); false keeps them on this connection (wal_autocheckpoint).
   */
  constructor(private db: Database.Database, opts: { checkpointer?: WalCheckpointerOptions | false } = {}) {
    // A batch inserts into indexes keyed by random values (content hash, external id), so
    // it dirties pages all over them; checkpointing every 1,000 WAL pages (the default)
    // copied and synced most of them again after nearly every batch. 4,000 pages (16 MB
    // of WAL) lets a page changed by several batches be checkpointed once.
    if (Number(db.pragma("wal_autocheckpoint", { simple: true })) === 1000) db.pragma("wal_autocheckpoint = 4000");
    // Even so a checkpoint cost the committing (main) thread 0.6-1 s per 100k rows: a
    // worker thread does them instead (it falls back to the above if it fails).
    this.checkpointer = opts.checkpointer === false ? null : WalCheckpointer.start(db, opts.checkpointer);
    this.#stmts = {
      author: db.prepare(`INSERT INTO "Author" (platform, handle, "displayName", followers, verified, kind, "firstSeenAt", "lastSeenAt")
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(platform, handle) DO UPDATE SET followers = COALESCE(excluded.followers, "Author".followers),
          "displayName" = COALESCE(excluded."displayName", "Author"."displayName"), "lastSeenAt" = excluded."lastSeenAt"
        RETURNING id, followers`),
      findHash: db.prepare(`SELECT id FROM "Mention" WHERE "brandId" = ? AND "contentHash" = ? ORDER BY id LIMIT 1`).pluck(),
      // The same for up to HASH_LOOKUP texts at once; unused places are NULL (matches nothing).
      findHashes: db.prepare(`SELECT "contentHash" AS h, min(id) AS id FROM "Mention" WHERE "brandId" = ? AND "contentHash" IN (${Array.from({ length: HASH_LOOKUP }, () => "?").join(", ")}) GROUP BY "contentHash"`),
      // Positional parameters: binding 30 named parameters per row costs more than the insert
      // itself. No RETURNING: it made each insert about half again as expensive.
      mention: db.prepare(`INSERT INTO "Mention" ("sourceId", "externalId", "brandId", "authorId", platform, "contentHash", "duplicateOfId",
          url, "canonicalUrl", title, text, language, "publishedAt", "fetchedAt", likes, reposts, replies, views,
          "parentExternalId", "quotedExternalId", "sentimentLabel", "sentimentScore", "sentimentEngine", "complaintKind",
          "complaintCategory", servqual, reason, severity, churn, stakeholder, analysis, "createdAt")
        VALUES (${Array.from({ length: 32 }, () => "?").join(", ")})
        ON CONFLICT("sourceId", "externalId") DO NOTHING`),
      mentionBrand: db.prepare(`INSERT OR IGNORE INTO "MentionBrand" ("mentionId", "brandId") VALUES (?, ?)`),
    };
  }

  /** The author's row (id and followers as stored), written when new or when the post brings a new follower count. */
  #author(p: AnalysedPost, now: number): { id: number; followers: number | null } | null {
    const a = p.author;
    if (!a?.handle) return null;
    let byHandle = this.#authorIds.get(p.platform);
    const cached = byHandle?.get(a.handle);
    // Followers change: write only when the post carries a different number than we last stored.
    if (cached !== undefined && (a.followers == null || a.followers === cached.followers)) return cached;
    const row = this.#stmts.author.get(p.platform, a.handle, a.displayName ?? null, a.followers ?? null, a.verified ? 1 : 0, a.kind ?? null, now, now) as { id: number; followers: number | null };
    if (this.#authorCount >= AUTHOR_CACHE_LIMIT) { this.#authorIds.clear(); this.#authorCount = 0; byHandle = undefined; }
    if (!byHandle) this.#authorIds.set(p.platform, byHandle = new Map());
    if (!byHandle.has(a.handle)) this.#authorCount++;
    const entry = { id: row.id, followers: row.followers };
    byHandle.set(a.handle, entry);
    return entry;
  }

  /**
   * Looks up, in a few queries, the texts of a batch the cache does not know, and caches
   * those already stored; the per-post lookup then finds them in the cache, and asks the
   * database again only if the bounded cache was cleared meanwhile.
   */
  #prefetchHashes(posts: AnalysedPost[]): void {
    const missing = new Map<string, Set<string>>();
    for (const p of posts) {
      const brandId = p.brandIds[0];
      if (this.#hashIds.get(brandId)?.get(p.contentHash) !== undefined) continue;
      let hs = missing.get(brandId);
      if (!hs) missing.set(brandId, hs = new Set());
      hs.add(p.contentHash);
    }
    this.#unstored.clear();
    for (const [brandId, hs] of missing) {
      const all = [...hs];
      for (let i = 0; i < all.length; i += HASH_LOOKUP) {
        const args: Array<string | null> = all.slice(i, i + HASH_LOOKUP);
        while (args.length < HASH_LOOKUP) args.push(null);
        for (const r of this.#stmts.findHashes.all(brandId, ...args) as Array<{ h: string; id: number }>) {
          this.#remember(brandId, r.h, r.id);
          hs.delete(r.h); // stored: what is left in hs is not
        }
      }
      this.#unstored.set(brandId, hs);
    }
    this.#batchClears = this.#clears;
  }

  /** Id of the first stored mention of this brand with this text, or null. */
  #firstWithHash(brandId: string, hash: string): number | null {
    let byHash = this.#hashIds.get(brandId);
    const known = byHash?.get(hash);
    if (known !== undefined) return known;
    // Not stored when this batch was looked up, and the cache not cleared since (so a copy
    // stored earlier in this batch would be in it): nothing to ask.
    if (this.#clears === this.#batchClears && this.#unstored.get(brandId)?.has(hash)) return null;
    const found = this.#stmts.findHash.get(brandId, hash) as number | undefined;
    if (found === undefined) return null;
    // Remember the original, so the next copy of this text needs no lookup either.
    if (this.#hashCount >= HASH_CACHE_LIMIT) { this.#hashIds.clear(); this.#hashCount = 0; this.#clears++; byHash = undefined; }
    if (!byHash) this.#hashIds.set(brandId, byHash = new Map());
    byHash.set(hash, found);
    this.#hashCount++;
    return found;
  }

  #remember(brandId: string, hash: string, id: number): void {
    if (this.#hashCount >= HASH_CACHE_LIMIT) { this.#hashIds.clear(); this.#hashCount = 0; this.#clears++; }
    let byHash = this.#hashIds.get(brandId);
    if (!byHash) this.#hashIds.set(brandId, byHash = new Map());
    byHash.set(hash, id);
    this.#hashCount++;
  }

  async insertBatch(posts: AnalysedPost[]): Promise<StoreResult> {
    const now = Date.now();
    const stored: StoredMention[] = [];
    let existing = 0;
    const tx = this.db.transaction(() => {
      this.#prefetchHashes(posts);
      for (const p of posts) {
        const brandId = p.brandIds[0];
        const author = this.#author(p, now);
        const authorId = author ? author.id : null;
        const dupOf = this.#firstWithHash(brandId, p.contentHash);
        const a = p.analysis;
        const e = p.engagement;
        const info = this.#stmts.mention.run(
          p.sourceId, p.externalId, brandId, authorId, p.platform, p.contentHash, dupOf, p.url ?? null, p.canonicalUrl, p.title ?? null, p.text,
          a.language, p.publishedAt.getTime(), p.fetchedAt.getTime(), e?.likes ?? 0, e?.reposts ?? 0, e?.replies ?? 0, e?.views ?? 0,
          p.parentExternalId ?? null, p.quotedExternalId ?? null, a.sentiment.label, a.sentiment.score, a.engine,
          a.complaint.kind, a.complaint.category, a.complaint.servqual, a.complaint.reason, a.complaint.severity, a.churn ? 1 : 0,
          a.stakeholder, p.analysisJson !== undefined ? p.analysisJson : whyJson(a.why), now,
        );
        // ON CONFLICT DO NOTHING: no change means this post was stored before.
        if (info.changes === 0) { existing++; continue; }
        const id = Number(info.lastInsertRowid);
        if (dupOf === null) this.#remember(brandId, p.contentHash, id);
        for (const b of p.brandIds) this.#stmts.mentionBrand.run(id, b);
        const m = p as AnalysedPost & StoredMention;
        m.id = id; m.brandId = brandId; m.authorId = authorId; m.authorFollowers = author ? author.followers : null; m.duplicateOfId = dupOf;
        stored.push(m);
      }
    });
    tx();
    return { stored, existing };
  }

  /** Stops the checkpoint worker and checkpoints the WAL into the database file (the connection stays open). */
  async close(): Promise<void> {
    await this.checkpointer?.close();
  }
}
