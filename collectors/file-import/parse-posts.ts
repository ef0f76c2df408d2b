// Reads posts from CSV / TSV / JSONL exports (ours, other tools', public data sets).
// Shared by the file-import collector and `earshot replay`. Column names vary by
// tool, so each field accepts the usual aliases (tweet_id, created_at, retweet_count,
// followers_count...). A bad row becomes a ParseIssue naming the line and the field;
// every other row still comes through.
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import readline from "node:readline";
import { parse as parseCsv } from "csv-parse";
import type { RawPost } from "../../analysis/types.ts";

export type FilePost = RawPost & { sourceId?: string };

export interface ParseIssue {
  file: string;
  /** 1-based line (CSV: the line the record ends on). */
  line: number;
  field?: string;
  message: string;
}

export type FileFormat = "csv" | "tsv" | "jsonl";

/** Accepted column names per field, first match wins (compared case-insensitively). */
export const COLUMN_ALIASES = {
  externalId: ["id", "externalid", "external_id", "tweet_id", "post_id", "status_id", "uri", "guid"],
  text: ["text", "full_text", "body", "content", "message", "review", "first_utterance"],
  title: ["title", "headline"],
  publishedAt: ["created_at", "publishedat", "published_at", "tweet_created", "date", "datetime", "timestamp", "time", "created"],
  author: ["author", "handle", "screen_name", "username", "user", "user_screen_name", "name"],
  displayName: ["display_name", "author_name", "displayname"],
  followers: ["followers", "followers_count", "user_followers_count", "author_followers"],
  verified: ["verified", "user_verified"],
  likes: ["likes", "like_count", "favorite_count", "favourites_count", "favorites", "likecount"],
  reposts: ["reposts", "retweet_count", "retweets", "repost_count", "shares", "share_count"],
  replies: ["replies", "reply_count", "comments", "comment_count"],
  views: ["views", "view_count", "impressions", "impression_count"],
  url: ["url", "permalink", "link"],
  language: ["lang", "language"],
  parentExternalId: ["parent_id", "parentexternalid", "in_reply_to_status_id", "in_reply_to_id"],
  quotedExternalId: ["quoted_id", "quotedexternalid", "quoted_status_id"],
  sourceId: ["source_id", "sourceid"],
  platform: ["platform"],
} as const;

type Field = keyof typeof COLUMN_ALIASES;

export function formatOf(file: string, explicit?: FileFormat | "auto"): FileFormat {
  if (explicit && explicit !== "auto") return explicit;
  const ext = path.extname(file.replace(/\.gz$/, "")).toLowerCase();
  if (ext === ".jsonl" || ext === ".ndjson" || ext === ".json") return "jsonl";
  if (ext === ".tsv" || ext === ".tab") return "tsv";
  return "csv";
}

class RowError extends Error {
  constructor(readonly field: string, message: string) { super(message); }
}

function pick(row: Record<string, unknown>, field: Field): unknown {
  for (const alias of COLUMN_ALIASES[field]) {
    if (alias in row && row[alias] !== "" && row[alias] != null) return row[alias];
  }
  return undefined;
}

function num(row: Record<string, unknown>, field: Field): number | undefined {
  const v = pick(row, field);
  if (v === undefined) return undefined;
  const n = typeof v === "number" ? v : Number(String(v).replace(/[, _]/g, ""));
  if (!Number.isFinite(n) || n < 0) throw new RowError(field, `${field} must be a non-negative number, received ${JSON.stringify(v)}`);
  return Math.round(n);
}

function str(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  const s = typeof v === "string" ? v : typeof v === "number" || typeof v === "bigint" ? String(v) : undefined;
  return s?.trim() ? s : undefined;
}

export function parseDate(v: unknown): Date | null {
  if (v === undefined || v === null || v === "") return null;
  if (typeof v === "number" || (typeof v === "string" && /^\d{9,13}(\.\d+)?$/.test(v.trim()))) {
    const n = Number(v);
    return new Date(n < 1e12 ? n * 1000 : n);
  }
  const s = String(v).trim();
  let d = new Date(s);
  // "2015-02-24 11:35:52 -0800" and Twitter's "Tue Feb 24 11:35:52 +0000 2015" forms.
  if (Number.isNaN(d.getTime())) d = new Date(s.replace(/^(\d{4}-\d\d-\d\d) (\d\d:\d\d(:\d\d)?) ?([+-]\d\d):?(\d\d)$/, "$1T$2$4:$5"));
  if (Number.isNaN(d.getTime())) d = new Date(s.replace(/^\w{3} (\w{3}) (\d\d) ([\d:]{8}) ([+-]\d{4}) (\d{4})$/, "$1 $2 $5 $3 $4"));
  return Number.isNaN(d.getTime()) ? null : d;
}

/** Lower-cases keys and flattens the RawPost-shaped nested objects JSONL exports carry. */
function flatten(obj: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) out[k.toLowerCase()] = v;
  const author = obj.author ?? obj.user;
  if (author && typeof author === "object") {
    const a = author as Record<string, unknown>;
    out.author = a.handle ?? a.screen_name ?? a.username ?? a.acct;
    out.display_name ??= a.displayName ?? a.display_name ?? a.name;
    out.followers ??= a.followers ?? a.followers_count;
    out.verified ??= a.verified;
  }
  const e = obj.engagement ?? obj.public_metrics;
  if (e && typeof e === "object") {
    const m = e as Record<string, unknown>;
    out.likes ??= m.likes ?? m.like_count;
    out.reposts ??= m.reposts ?? m.retweet_count;
    out.replies ??= m.replies ?? m.reply_count;
    out.views ??= m.views ?? m.impression_count;
  }
  return out;
}

/** One row (keys lower-cased) to a post; throws RowError naming the field. */
export function rowToPost(row: Record<string, unknown>): FilePost {
  const text = str(pick(row, "text"));
  if (!text) throw new RowError("text", "text is missing or empty (columns tried: " + COLUMN_ALIASES.text.join(", ") + ")");
  const rawDate = pick(row, "publishedAt");
  if (rawDate === undefined) throw new RowError("created_at", "no date (columns tried: " + COLUMN_ALIASES.publishedAt.join(", ") + ")");
  const publishedAt = parseDate(rawDate);
  if (!publishedAt) throw new RowError("created_at", `unreadable date ${JSON.stringify(rawDate)}`);
  // No id column: a stable id from the content, so importing the same file twice stores nothing twice.
  const externalId = str(pick(row, "externalId")) ?? "sha1:" + crypto.createHash("sha1").update(`${publishedAt.toISOString()}\n${text}`).digest("hex").slice(0, 20);
  const handle = str(pick(row, "author"));
  const followers = num(row, "followers");
  const v = pick(row, "verified");
  const engagement = { likes: num(row, "likes"), reposts: num(row, "reposts"), replies: num(row, "replies"), views: num(row, "views") };
  const eng = Object.fromEntries(Object.entries(engagement).filter(([, x]) => x !== undefined));
  const post: FilePost = {
    externalId,
    text,
    title: str(pick(row, "title")) ?? null,
    url: str(pick(row, "url")) ?? null,
    publishedAt,
    language: str(pick(row, "language"))?.toLowerCase() ?? null,
    author: handle ? { handle, displayName: str(pick(row, "displayName")) ?? null, followers: followers ?? null, verified: v === true || v === "true" || v === "1" } : null,
    engagement: Object.keys(eng).length ? eng : null,
    parentExternalId: str(pick(row, "parentExternalId")) ?? null,
    quotedExternalId: str(pick(row, "quotedExternalId")) ?? null,
  };
  const platform = str(pick(row, "platform"));
  if (platform) post.platform = platform;
  const sourceId = str(pick(row, "sourceId"));
  if (sourceId) post.sourceId = sourceId;
  return post;
}

export interface ParseFileOptions {
  format?: FileFormat | "auto";
  /** Skip this many records (rows / JSON lines) first: the file-import cursor. Default 0. */
  skip?: number;
}

/**
 * Streams posts from a file. Unreadable rows are reported to onIssue and skipped.
 * Each yielded post carries its record index (0-based) as `recordIndex` through the
 * iterator's `.record` property is not needed by callers: use parsePostsFileWithIndex.
 */
export async function* parsePostsFile(file: string, onIssue: (i: ParseIssue) => void = () => {}, opts: ParseFileOptions = {}): AsyncIterable<FilePost> {
  for await (const r of parseRecords(file, onIssue, opts)) if (r.post) yield r.post;
}

export interface FileRecord {
  index: number;
  post: FilePost | null;
}

/** Like parsePostsFile, but yields every record (post or null when unreadable) with its index. */
export async function* parseRecords(file: string, onIssue: (i: ParseIssue) => void = () => {}, opts: ParseFileOptions = {}): AsyncIterable<FileRecord> {
  const format = formatOf(file, opts.format);
  const skip = opts.skip ?? 0;
  const name = path.basename(file);
  const input = fs.createReadStream(file);
  if (format === "jsonl") {
    const rl = readline.createInterface({ input, crlfDelay: Infinity });
    let line = 0, index = -1;
    for await (const text of rl) {
      line++;
      if (!text.trim()) continue;
      index++;
      if (index < skip) continue;
      let obj: unknown;
      try {
        obj = JSON.parse(text);
      } catch (err) {
        onIssue({ file: name, line, message: `not valid JSON: ${(err as Error).message}` });
        yield { index, post: null };
        continue;
      }
      if (!obj || typeof obj !== "object" || Array.isArray(obj)) {
        onIssue({ file: name, line, message: "each line must be a JSON object" });
        yield { index, post: null };
        continue;
      }
      yield { index, post: convert(flatten(obj as Record<string, unknown>), name, line, onIssue) };
    }
    return;
  }
  const parser = input.pipe(parseCsv({
    columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
    delimiter: format === "tsv" ? "\t" : ",",
    bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, info: true,
    from: skip + 1,
  }));
  let index = skip - 1;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, unknown>; info: { lines: number } }>) {
      index++;
      yield { index, post: convert(record, name, info.lines, onIssue) };
    }
  } catch (err) {
    // A CSV structure error ends the file: report where, keep what was read.
    const e = err as Error & { lines?: number };
    onIssue({ file: name, line: e.lines ?? 0, message: `CSV error: ${e.message}` });
  }
}

function convert(row: Record<string, unknown>, file: string, line: number, onIssue: (i: ParseIssue) => void): FilePost | null {
  try {
    return rowToPost(row);
  } catch (err) {
    if (err instanceof RowError) onIssue({ file, line, field: err.field, message: err.message });
    else throw err;
    return null;
  }
}

export function formatIssue(i: ParseIssue): string {
  return `${i.file}:${i.line}${i.field ? ` (${i.field})` : ""}: ${i.message}`;
}
