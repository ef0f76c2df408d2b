// The JSON shape accepted by POST /api/ingest: a batch of posts in RawPost form.
// Dates may be ISO strings or epoch seconds/milliseconds.
import { z } from "zod";
import type { RawPost } from "../../analysis/types.ts";

const count = z.number().int().min(0);

export const pushItemSchema = z.object({
  externalId: z.string().min(1).max(500),
  text: z.string().min(1).max(100_000),
  title: z.string().max(1000).nullish(),
  url: z.string().url().nullish(),
  publishedAt: z.union([z.string().min(1), z.number().positive()]).transform((v, c) => {
    const d = typeof v === "number" ? new Date(v < 1e12 ? v * 1000 : v) : new Date(v);
    if (Number.isNaN(d.getTime())) {
      c.addIssue({ code: "custom", message: `not a date: ${JSON.stringify(v)} (use ISO 8601 or epoch seconds)` });
      return z.NEVER;
    }
    return d;
  }),
  language: z.string().min(2).max(16).nullish(),
  author: z.object({
    handle: z.string().min(1).max(300),
    displayName: z.string().max(300).nullish(),
    followers: count.nullish(),
    verified: z.boolean().optional(),
    kind: z.string().max(50).nullish(),
  }).strict().nullish(),
  engagement: z.object({ likes: count.optional(), reposts: count.optional(), replies: count.optional(), views: count.optional() }).strict().nullish(),
  parentExternalId: z.string().max(500).nullish(),
  quotedExternalId: z.string().max(500).nullish(),
  platform: z.string().regex(/^[a-z0-9-]{1,40}$/, "lower-case platform id").optional(),
}).strict();

export const pushBodySchema = z.object({
  /** Optional: must equal the token's source when given (guards against pasting the wrong token). */
  source: z.string().optional(),
  posts: z.array(z.unknown()).min(1),
}).strict();

export type PushItem = z.infer<typeof pushItemSchema> & RawPost;
