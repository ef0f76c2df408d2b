// Small helpers every HTTP collector shares: reading a JSON body as a ParseError
// (not a PermanentError: the remote answered, we could not read it), validating its
// shape with zod so the error names the field, and a watermark cursor so a collector
// never hands the same post to the pipeline twice, even across restarts.
import { z } from "zod";
import { ParseError } from "../../core/errors.ts";
import type { HttpResponse } from "../../core/http.ts";
import type { RawPost } from "../../analysis/types.ts";

/** Parses a JSON body and checks it against `schema`; any mismatch is a ParseError naming the field. */
export function readJson<S extends z.ZodType>(res: HttpResponse, schema: S, label: string): z.infer<S> {
  let data: unknown;
  try {
    data = JSON.parse(res.body.toString("utf8"));
  } catch (err) {
    const snippet = res.body.subarray(0, 80).toString("utf8").replace(/\s+/g, " ").trim();
    throw new ParseError(`${label}: response is not JSON (starts with ${JSON.stringify(snippet)})`, { cause: err });
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const first = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new ParseError(`${label}: unexpected response shape: ${first.join("; ")}`);
  }
  return parsed.data;
}

/** Non-negative integer from whatever the API gave (number, numeric string, null). */
export function count(v: unknown): number | undefined {
  const n = typeof v === "string" ? Number(v) : v;
  return typeof n === "number" && Number.isFinite(n) && n >= 0 ? Math.round(n) : undefined;
}

/** Engagement object without undefined members (null when the source gave nothing). */
export function engagement(e: { likes?: unknown; reposts?: unknown; replies?: unknown; views?: unknown }): RawPost["engagement"] {
  const out: NonNullable<RawPost["engagement"]> = {};
  for (const k of ["likes", "reposts", "replies", "views"] as const) {
    const v = count(e[k]);
    if (v !== undefined) out[k] = v;
  }
  return Object.keys(out).length ? out : null;
}

export function toDate(v: unknown, label: string): Date {
  const d = typeof v === "number" ? new Date(v < 1e12 ? v * 1000 : v) : new Date(String(v));
  if (Number.isNaN(d.getTime())) throw new ParseError(`${label}: unreadable date ${JSON.stringify(v)}`);
  return d;
}

/**
 * Position in one stream (a query, a subreddit, a hashtag on one instance).
 * `since` is the newest publishedAt handed over; `ids` are the externalIds at or
 * near that time, because many APIs only have second resolution and a post with the
 * same timestamp may arrive on the next run.
 */
export interface Watermark {
  since: string | null;
  ids: string[];
}

const WatermarkSchema = z.object({ since: z.string().nullable(), ids: z.array(z.string()) });

/** Cursor of a multi-stream collector: one watermark per stream key, plus collector-specific extras. */
export interface StreamCursor {
  v: 1;
  streams: Record<string, Watermark>;
}

export function readCursor(raw: unknown): StreamCursor {
  const empty: StreamCursor = { v: 1, streams: {} };
  if (!raw || typeof raw !== "object") return empty;
  const r = raw as { v?: unknown; streams?: unknown };
  if (r.v !== 1 || !r.streams || typeof r.streams !== "object") return empty;
  const streams: Record<string, Watermark> = {};
  for (const [k, w] of Object.entries(r.streams as Record<string, unknown>)) {
    const p = WatermarkSchema.safeParse(w);
    if (p.success) streams[k] = p.data;
  }
  return { v: 1, streams };
}

/** How far back a same-second tie can hide; ids newer than since minus this are remembered. */
const TIE_WINDOW_MS = 60 * 60 * 1000;
const MAX_IDS = 2000;

export class StreamTracker {
  readonly #cursor: StreamCursor;
  readonly #seenThisRun = new Set<string>();
  readonly #observed = new Map<string, RawPost[]>();

  constructor(raw: unknown) {
    this.#cursor = readCursor(raw);
  }

  /** True when the post is older than what this stream already delivered (pagination can stop). */
  isBehind(stream: string, post: RawPost): boolean {
    const w = this.#cursor.streams[stream];
    if (!w?.since) return false;
    return post.publishedAt.getTime() < Date.parse(w.since) - TIE_WINDOW_MS;
  }

  /**
   * Keeps only posts not delivered before (by this stream on an earlier run, or by any
   * stream earlier in this run). Every post seen is remembered for advance(), including
   * ones another stream delivered, so each stream's watermark moves even when its
   * results overlap another's.
   */
  fresh(stream: string, posts: RawPost[]): RawPost[] {
    const w = this.#cursor.streams[stream];
    const since = w?.since ? Date.parse(w.since) : -Infinity;
    const known = new Set(w?.ids ?? []);
    const observed = this.#observed.get(stream) ?? [];
    this.#observed.set(stream, observed);
    const out: RawPost[] = [];
    for (const p of posts) {
      observed.push(p);
      const t = p.publishedAt.getTime();
      if (known.has(p.externalId) || this.#seenThisRun.has(p.externalId)) continue;
      // Older than the watermark minus the tie window: delivered on an earlier run, its id long forgotten.
      if (t < since - TIE_WINDOW_MS) continue;
      this.#seenThisRun.add(p.externalId);
      out.push(p);
    }
    return out;
  }

  /** Moves the stream's watermark over everything fresh() saw on it this run. */
  advance(stream: string, _delivered?: RawPost[]): void {
    const seen = this.#observed.get(stream) ?? [];
    const w = this.#cursor.streams[stream] ?? { since: null, ids: [] };
    let since = w.since ? Date.parse(w.since) : -Infinity;
    for (const p of seen) since = Math.max(since, p.publishedAt.getTime());
    const keepFrom = since - TIE_WINDOW_MS;
    const ids = new Set(w.ids);
    for (const p of seen) if (p.publishedAt.getTime() >= keepFrom) ids.add(p.externalId);
    this.#cursor.streams[stream] = { since: Number.isFinite(since) ? new Date(since).toISOString() : null, ids: [...ids].slice(-MAX_IDS) };
  }

  get(stream: string): Watermark | undefined {
    return this.#cursor.streams[stream];
  }

  toJSON(): StreamCursor {
    return this.#cursor;
  }
}

/** Fills `{placeholders}` in a URL template with URL-encoded values. */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? encodeURIComponent(values[k]) : m));
}

/** A query string from a brand: OR of quoted keywords/aliases, minus exclusions (Google/Bing/Reddit syntax). */
export function brandQuery(b: { keywords: string[]; aliases: string[]; exclusions: string[] }, opts: { exclusions?: boolean } = {}): string {
  const q = (s: string) => (/\s/.test(s) ? `"${s}"` : s);
  const terms = [...new Set([...b.keywords, ...b.aliases])].filter(Boolean).map(q);
  let out = terms.length > 1 ? `(${terms.join(" OR ")})` : (terms[0] ?? "");
  if (opts.exclusions !== false) for (const e of b.exclusions) if (e) out += ` -${q(e)}`;
  return out.trim();
}

/** Joins a base URL and a path without doubling or losing slashes. */
export function joinUrl(base: string, path: string): string {
  return base.replace(/\/+$/, "") + "/" + path.replace(/^\/+/, "");
}
