// POST /api/ingest: sources we do not poll (a help-desk webhook, a partner's scraper,
// a script) push batches of posts. Each push source has its own token (Bearer,
// compared in constant time); the body is size-limited and each item is validated on
// its own, so one bad item is reported by index and field while the rest are stored.
// Mounted by the web server: app.route("/", createIngestRoute({...})).
import crypto from "node:crypto";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { RawPost } from "../../analysis/types.ts";
import { describeError } from "../../core/errors.ts";
import { pushBodySchema, pushItemSchema } from "./push.schema.ts";

export interface PushSource {
  id: string;
  /** Resolved token (from ${ENV}). */
  token: string;
}

export interface IngestRouteOptions {
  /** Push sources and their tokens (sources of type "push" in the config). */
  sources: PushSource[] | (() => PushSource[]);
  /** Stores the posts (the pipeline). Returns anything JSON-serialisable, echoed as `result`. */
  ingest(sourceId: string, posts: RawPost[]): Promise<unknown>;
  /** Largest accepted body, bytes. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Most posts per request. Default 1000. */
  maxItems?: number;
  /** Route path. Default /api/ingest. */
  path?: string;
}

export interface ItemError { index: number; field: string; message: string }

function sameToken(a: string, b: string): boolean {
  // Hashing first gives equal-length buffers, so the comparison time does not reveal the length either.
  const ha = crypto.createHash("sha256").update(a).digest();
  const hb = crypto.createHash("sha256").update(b).digest();
  return crypto.timingSafeEqual(ha, hb);
}

export function createIngestRoute(o: IngestRouteOptions): Hono {
  const maxBodyBytes = o.maxBodyBytes ?? 1024 * 1024;
  const maxItems = o.maxItems ?? 1000;
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes <= 0) throw new RangeError(`maxBodyBytes must be a positive integer, received ${JSON.stringify(o.maxBodyBytes)}`);
  if (!Number.isInteger(maxItems) || maxItems <= 0) throw new RangeError(`maxItems must be a positive integer, received ${JSON.stringify(o.maxItems)}`);
  const app = new Hono();
  app.post(
    o.path ?? "/api/ingest",
    bodyLimit({ maxSize: maxBodyBytes, onError: (c) => c.json({ error: `body exceeds the ${maxBodyBytes}-byte limit; send smaller batches` }, 413) }),
    async (c) => {
      const auth = c.req.header("authorization") ?? "";
      const m = /^Bearer\s+(.+)$/i.exec(auth);
      if (!m) return c.json({ error: "missing Authorization: Bearer <token>" }, 401, { "www-authenticate": "Bearer" });
      const sources = typeof o.sources === "function" ? o.sources() : o.sources;
      let source: PushSource | undefined;
      // Compare against every token (no early exit) so timing does not tell which one nearly matched.
      for (const s of sources) if (sameToken(m[1].trim(), s.token) && !source) source = s;
      if (!source) return c.json({ error: "invalid token" }, 401, { "www-authenticate": 'Bearer error="invalid_token"' });
      let body: unknown;
      try {
        body = await c.req.json();
      } catch (err) {
        return c.json({ error: `body is not valid JSON: ${describeError(err)}` }, 400);
      }
      const envelope = pushBodySchema.safeParse(Array.isArray(body) ? { posts: body } : body);
      if (!envelope.success) {
        return c.json({ error: "invalid body", errors: envelope.error.issues.map((i) => ({ field: i.path.join(".") || "(body)", message: i.message })) }, 400);
      }
      if (envelope.data.source && envelope.data.source !== source.id) {
        return c.json({ error: `token belongs to source ${JSON.stringify(source.id)}, body names ${JSON.stringify(envelope.data.source)}` }, 403);
      }
      if (envelope.data.posts.length > maxItems) {
        return c.json({ error: `${envelope.data.posts.length} posts in one request; at most ${maxItems}` }, 413);
      }
      const accepted: RawPost[] = [];
      const errors: ItemError[] = [];
      envelope.data.posts.forEach((item, index) => {
        const r = pushItemSchema.safeParse(item);
        if (r.success) accepted.push(r.data as RawPost);
        else for (const i of r.error.issues) errors.push({ index, field: `posts[${index}]${i.path.length ? "." + i.path.join(".") : ""}`, message: i.message });
      });
      if (!accepted.length) return c.json({ error: "no valid post in the batch", accepted: 0, rejected: new Set(errors.map((e) => e.index)).size, errors }, 400);
      let result: unknown;
      try {
        result = await o.ingest(source.id, accepted);
      } catch (err) {
        return c.json({ error: `could not store the batch: ${describeError(err)}; retry later` }, 503);
      }
      return c.json({ source: source.id, accepted: accepted.length, rejected: new Set(errors.map((e) => e.index)).size, errors, result: result ?? null }, errors.length ? 207 : 200);
    },
  );
  return app;
}
