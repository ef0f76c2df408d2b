// File import: CSV / TSV / JSONL files dropped by other tools (exports, scrapers,
// data sets). The cursor counts records already read, so an append-only file is read
// incrementally and a restart never re-ingests; a replaced file (first record differs)
// is read again from the top, and the store's (source, externalId) key keeps it idempotent.
import fs from "node:fs";
import crypto from "node:crypto";
import { z } from "zod";
import { defineCollector } from "../types.ts";
import { ConfigError, ParseError } from "../../core/errors.ts";
import type { RawPost } from "../../analysis/types.ts";
import { formatIssue, parseRecords, type ParseIssue } from "./parse-posts.ts";

const params = z.object({
  /** File to read (absolute, or relative to the working directory). */
  path: z.string().min(1),
  /** csv | tsv | jsonl | auto (by extension). Default auto. */
  format: z.enum(["csv", "tsv", "jsonl", "auto"]).default("auto"),
  /** Records read per run at most (keeps one run bounded). Default 50000. */
  maxRecords: z.number().int().min(1).default(50_000),
}).strict();

interface FileCursor { records: number; head: string | null }

function headOf(file: string): string | null {
  const fd = fs.openSync(file, "r");
  try {
    const buf = Buffer.alloc(4096);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    // Header plus first record identifies the file; appends do not change it.
    const text = buf.subarray(0, n).toString("utf8").split("\n").slice(0, 2).join("\n");
    return n ? crypto.createHash("sha1").update(text).digest("hex") : null;
  } finally {
    fs.closeSync(fd);
  }
}

export const fileImportCollector = defineCollector({
  id: "file-import",
  title: "File import (CSV / JSONL)",
  description: "Reads posts from a CSV, TSV or JSONL file incrementally (same parser as `earshot replay`).",
  textFormat: "text",
  platform: "import",
  params,
  defaultSchedule: "*/5 * * * *",
  async collect(ctx) {
    const { path: file, format, maxRecords } = ctx.params;
    if (!fs.existsSync(file)) throw new ConfigError(`source ${ctx.source.id}: params.path ${JSON.stringify(file)} does not exist`);
    const head = headOf(file);
    const prev = ctx.cursor as FileCursor | null;
    const skip = prev && prev.head === head ? prev.records : 0;
    const issues: ParseIssue[] = [];
    const posts: RawPost[] = [];
    let records = skip;
    for await (const r of parseRecords(file, (i) => issues.push(i), { format, skip })) {
      if (ctx.signal.aborted) break;
      records = r.index + 1;
      if (r.post) {
        const { sourceId: _ignored, ...post } = r.post;
        posts.push(post);
      }
      if (records - skip >= maxRecords) break;
    }
    if (!posts.length && issues.length) {
      throw new ParseError(`source ${ctx.source.id}: no readable post in ${file}: ${issues.slice(0, 3).map(formatIssue).join("; ")}${issues.length > 3 ? ` (+${issues.length - 3} more)` : ""}`);
    }
    const notes = issues.slice(0, 20).map(formatIssue);
    if (issues.length > 20) notes.push(`... ${issues.length - 20} more unreadable records`);
    return { posts, cursor: { records, head } satisfies FileCursor, notes };
  },
});
