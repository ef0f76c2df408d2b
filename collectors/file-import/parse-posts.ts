// One parser for post files (CSV or JSONL), shared by `earshot replay` and the
// file-import collector. Column names are matched loosely so exports from common tools
// load without reshaping: id/tweet_id, text/body/content, created_at/tweet_created/
// timestamp, author/user/name/handle, followers, likes, retweet_count/reposts,
// replies, views, url/link, lang/language, platform, parent_id.
import fs from "node:fs";
import readline from "node:readline";
import { parse as parseCsv } from "csv-parse";
import type { RawPost } from "../../analysis/types.ts";
import { ParseError } from "../../core/errors.ts";

export interface FilePost extends RawPost {
  /** 1-based line (JSONL) or record (CSV) number, for error messages. */
  line: number;
}

export interface ParseIssue { line: number; reason: string }

const pick = (r: Record<string, unknown>, names: string[]): unknown => {
  for (const n of names) {
    const v = r[n];
    if (v !== undefined && v !== null && v !== "") return v;
  }
  return undefined;
};

const num = (v: unknown): number | undefined => {
  if (v === undefined || v === null || v === "") return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
};

export function parseDate(v: unknown): Date | null {
  if (v instanceof Date) return v;
  if (typeof v === "number") return new Date(v < 1e12 ? v * 1000 : v);
  if (typeof v !== "string" || !v.trim()) return null;
  const s = v.trim();
  if (/^\d{9,13}$/.test(s)) return parseDate(Number(s));
  // "2015-02-24 11:35:52 -0800" (a common export format) is not ISO: make it so.
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*([+-]\d{2}):?(\d{2})$/.exec(s);
  const d = new Date(m ? `${m[1]}T${m[2]}${m[3]}:${m[4]}` : s);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** Maps one record (CSV row or JSON object) to a post; returns a reason string when unusable. */
export function recordToPost(r: Record<string, unknown>, line: number): FilePost | string {
  const text = pick(r, ["text", "body", "content", "message", "review"]);
  if (typeof text !== "string" || !text.trim()) return "no text (expected a text, body or content field)";
  const when = parseDate(pick(r, ["publishedAt", "published_at", "created_at", "tweet_created", "timestamp", "time", "date"]));
  if (!when) return "no valid timestamp (expected publishedAt, created_at, tweet_created or timestamp)";
  const id = pick(r, ["externalId", "id", "tweet_id", "post_id", "uuid"]) ?? `line-${line}`;
  const handle = pick(r, ["author", "handle", "user", "username", "name", "screen_name"]);
  const followers = num(pick(r, ["followers", "followers_count", "author_followers"]));
  const authorObj = typeof handle === "object" && handle ? (handle as Record<string, unknown>) : null;
  return {
    line,
    externalId: String(id),
    text,
    title: typeof r.title === "string" ? r.title : null,
    url: (pick(r, ["url", "link", "permalink"]) as string | undefined) ?? null,
    publishedAt: when,
    language: (pick(r, ["language", "lang"]) as string | undefined) ?? null,
    platform: (pick(r, ["platform"]) as string | undefined) ?? undefined,
    author: authorObj
      ? { handle: String(authorObj.handle ?? authorObj.name ?? "unknown"), followers: num(authorObj.followers) ?? null, kind: (authorObj.kind as string) ?? null }
      : handle !== undefined ? { handle: String(handle), followers: followers ?? null } : null,
    engagement: {
      likes: num(pick(r, ["likes", "like_count", "favorite_count"])) ?? 0,
      reposts: num(pick(r, ["reposts", "retweet_count", "retweets", "shares"])) ?? 0,
      replies: num(pick(r, ["replies", "reply_count", "comments"])) ?? 0,
      views: num(pick(r, ["views", "view_count"])) ?? 0,
    },
    parentExternalId: (pick(r, ["parentExternalId", "parent_id", "in_reply_to"]) as string | undefined) ?? null,
  };
}

export function detectFormat(path: string, firstLine: string): "csv" | "jsonl" {
  if (/\.(jsonl|ndjson|json)$/i.test(path)) return "jsonl";
  if (/\.(csv|tsv)$/i.test(path)) return "csv";
  return firstLine.trimStart().startsWith("{") ? "jsonl" : "csv";
}

/**
 * Streams posts from a CSV or JSONL file. Unusable records are reported through
 * onIssue (with their line) and skipped: one bad line never stops an import.
 */
export async function* parsePostsFile(path: string, onIssue: (i: ParseIssue) => void = () => {}): AsyncGenerator<FilePost> {
  if (!fs.existsSync(path)) throw new ParseError(`${path}: file not found`);
  const fd = fs.openSync(path, "r");
  const head = Buffer.alloc(4096);
  const n = fs.readSync(fd, head, 0, 4096, 0);
  fs.closeSync(fd);
  const format = detectFormat(path, head.subarray(0, n).toString("utf8").split("\n")[0] ?? "");
  if (format === "jsonl") {
    const rl = readline.createInterface({ input: fs.createReadStream(path, "utf8"), crlfDelay: Infinity });
    let line = 0;
    for await (const raw of rl) {
      line++;
      if (!raw.trim()) continue;
      let obj: unknown;
      try { obj = JSON.parse(raw); } catch (err) { onIssue({ line, reason: `not valid JSON: ${(err as Error).message}` }); continue; }
      if (!obj || typeof obj !== "object" || Array.isArray(obj)) { onIssue({ line, reason: "expected a JSON object" }); continue; }
      const p = recordToPost(obj as Record<string, unknown>, line);
      if (typeof p === "string") onIssue({ line, reason: p }); else yield p;
    }
    return;
  }
  const parser = fs.createReadStream(path).pipe(parseCsv({
    columns: (h: string[]) => h.map((c) => c.trim()), bom: true, relax_column_count: true, skip_empty_lines: true,
    delimiter: /\.tsv$/i.test(path) ? "\t" : ",",
  }));
  let rec = 0;
  try {
    for await (const row of parser) {
      rec++;
      const p = recordToPost(row as Record<string, unknown>, rec + 1);
      if (typeof p === "string") onIssue({ line: rec + 1, reason: p }); else yield p;
    }
  } catch (err) {
    throw new ParseError(`${path}: CSV cannot be read after record ${rec}: ${(err as Error).message}`, { cause: err });
  }
}
