// Data retention and data-protection requests.
// - Retention (daily job): raw mentions and engagement snapshots older than
//   `retention.mentionDays` are deleted in small batches (short locks, so ingest keeps
//   running); rollups, stories, incidents, alerts and cases stay.
// - `earshot forget AUTHOR`: one person's posts and identity removed everywhere,
//   recorded in the audit log by a hash of the identifier (the log must not keep
//   the identity it records as removed).
import crypto from "node:crypto";
import type { Db } from "./db/index.ts";
import { rawSql } from "./db/raw-sql.ts";
import { ConfigError } from "./errors.ts";

const DAY = 86_400_000;

export interface RetentionResult { cutoff: Date; mentions: number; snapshots: number }

/** Deletes raw mentions (published before now - days) and snapshots (observed before it). */
export async function runRetention(db: Db, o: { mentionDays: number; now?: Date; batchSize?: number; actor?: string }): Promise<RetentionResult> {
  if (!Number.isInteger(o.mentionDays) || o.mentionDays < 1) throw new ConfigError(`retention.mentionDays must be a whole number of days >= 1 (got ${o.mentionDays})`);
  const q = rawSql(db);
  const cutoff = new Date((o.now ?? new Date()).getTime() - o.mentionDays * DAY);
  const batch = o.batchSize ?? 5000;
  let snapshots = 0;
  let mentions = 0;
  for (;;) {
    const n = await q.run(`DELETE FROM "MentionSnapshot" WHERE id IN (SELECT id FROM "MentionSnapshot" WHERE "observedAt" < ? LIMIT ${batch})`, [q.time(cutoff)]);
    snapshots += n;
    if (n < batch) break;
  }
  for (;;) {
    // MentionBrand and MentionSnapshot rows go with their mention (ON DELETE CASCADE);
    // labels keep their own copy of the text and lose only the link.
    const n = await q.run(`DELETE FROM "Mention" WHERE id IN (SELECT id FROM "Mention" WHERE "publishedAt" < ? LIMIT ${batch})`, [q.time(cutoff)]);
    mentions += n;
    if (n < batch) break;
  }
  await db.prisma.auditLog.create({
    data: { at: new Date(), actor: o.actor ?? "system:retention", action: "retention", target: "Mention", details: JSON.stringify({ cutoff: cutoff.toISOString(), mentionDays: o.mentionDays, mentions, snapshots }) },
  });
  return { cutoff, mentions, snapshots };
}

export interface ForgetResult {
  authors: number;
  mentions: number;
  labels: number;
  caseLinks: number;
  customers: number;
  scrubbed: number;
  auditTarget: string;
}

/** Parses "platform:handle" or "handle" (every platform). Leading @ is ignored. */
export function parseAuthorRef(ref: string): { platform: string | null; handle: string } {
  const s = ref.trim();
  if (!s) throw new ConfigError("forget: give the author as HANDLE or PLATFORM:HANDLE (e.g. bluesky:alice.example.com)");
  const m = /^([a-z][a-z0-9_-]*):(.+)$/i.exec(s);
  const platform = m && !/^https?$/i.test(m[1]) ? m[1].toLowerCase() : null;
  const handle = (platform ? m![2] : s).replace(/^@/, "");
  return { platform, handle };
}

const REMOVED = "[removed at the author's request]";

/**
 * Removes one person's posts and identity: their mentions (with snapshots and brand
 * links), labels made on those posts (they copy the text), case evidence links, the
 * Author rows, a Customer identity left without handles, and their handle and post
 * texts inside stories, incidents, alerts and case events. Rollups (anonymous counts)
 * stay. Everything runs in one transaction: all of it is removed or nothing.
 */
export async function forgetAuthor(db: Db, ref: string, o: { actor?: string } = {}): Promise<ForgetResult> {
  const { platform, handle } = parseAuthorRef(ref);
  const q = rawSql(db);
  const auditTarget = `author:sha256:${crypto.createHash("sha256").update(`${platform ?? "*"}:${handle.toLowerCase()}`).digest("hex").slice(0, 16)}`;
  const result = await q.tx(async (tx) => {
    const authors = await tx.all<{ id: number; handle: string; displayName: string | null; customerId: number | null }>(
      `SELECT id, handle, "displayName", "customerId" FROM "Author" WHERE lower(handle) = lower(?)${platform ? " AND platform = ?" : ""}`, platform ? [handle, platform] : [handle]);
    const r: ForgetResult = { authors: authors.length, mentions: 0, labels: 0, caseLinks: 0, customers: 0, scrubbed: 0, auditTarget };
    if (!authors.length) return r;
    const ids = authors.map((a) => Number(a.id));
    const inIds = `(${ids.map(() => "?").join(",")})`;
    const posts = await tx.all<{ id: number; text: string; title: string | null }>(`SELECT id, text, title FROM "Mention" WHERE "authorId" IN ${inIds}`, ids);
    const postIds = posts.map((p) => Number(p.id));
    for (let i = 0; i < postIds.length; i += 500) {
      const chunk = postIds.slice(i, i + 500);
      const inP = `(${chunk.map(() => "?").join(",")})`;
      r.labels += await tx.run(`DELETE FROM "Label" WHERE "mentionId" IN ${inP}`, chunk);
      r.caseLinks += await tx.run(`DELETE FROM "CaseMention" WHERE "mentionId" IN ${inP}`, chunk);
      await tx.run(`UPDATE "Case" SET "mentionId" = NULL WHERE "mentionId" IN ${inP}`, chunk);
      r.mentions += await tx.run(`DELETE FROM "Mention" WHERE id IN ${inP}`, chunk);
    }
    // Texts copied out of the posts (story titles, alert samples) and the handle itself.
    const needles = new Set<string>();
    for (const a of authors) { needles.add(`@${a.handle}`); needles.add(a.handle); if (a.displayName && a.displayName.length >= 4) needles.add(a.displayName); }
    for (const p of posts) { if (p.text.length >= 12) needles.add(p.text.slice(0, 200)); if (p.title && p.title.length >= 12) needles.add(p.title); }
    const targets: Array<[string, string[]]> = [
      ["Story", ["title", "stats"]], ["Incident", ["title", "details"]], ["IncidentEvent", ["message", "data"]],
      ["Alert", ["title", "summary", "data"]], ["Case", ["title", "recovery"]], ["CaseEvent", ["before", "after", "note"]],
    ];
    // Longest first so a post text is replaced before the handle inside it.
    for (const needle of [...needles].sort((a, b) => b.length - a.length)) {
      const replacement = needle.length > 40 ? REMOVED : "[forgotten]";
      for (const [table, cols] of targets) {
        const pattern = `%${needle.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
        const set = cols.map((c) => `"${c}" = replace("${c}", ?, ?)`).join(", ");
        r.scrubbed += await tx.run(`UPDATE "${table}" SET ${set} WHERE ${cols.map((c) => `"${c}" LIKE ? ESCAPE '\\'`).join(" OR ")}`,
          [...cols.flatMap(() => [needle, replacement]), ...cols.map(() => pattern)]);
      }
    }
    await tx.run(`DELETE FROM "Author" WHERE id IN ${inIds}`, ids);
    const customers = [...new Set(authors.map((a) => a.customerId).filter((c): c is number => c !== null).map(Number))];
    for (const c of customers) {
      const left = await tx.all<{ n: number }>(`SELECT count(*) AS n FROM "Author" WHERE "customerId" = ?`, [c]);
      if (Number(left[0]?.n ?? 0) === 0) r.customers += await tx.run(`DELETE FROM "Customer" WHERE id = ?`, [c]);
    }
    await tx.run(`INSERT INTO "AuditLog" ("at", actor, action, target, details) VALUES (?, ?, ?, ?, ?)`, [
      tx.time(new Date()), o.actor ?? "cli", "forget", auditTarget,
      JSON.stringify({ authors: r.authors, mentions: r.mentions, labels: r.labels, caseLinks: r.caseLinks, customers: r.customers, scrubbedRows: r.scrubbed }),
    ]);
    return r;
  });
  if (!result.authors) {
    await db.prisma.auditLog.create({ data: { at: new Date(), actor: o.actor ?? "cli", action: "forget", target: auditTarget, details: JSON.stringify({ authors: 0, note: "no matching author" }) } });
  }
  return result;
}
