// What "a valid RawPost" means for the contract suite.
import { z } from "zod";

const count = z.number().int().min(0);
export const rawPostSchema = z.object({
  externalId: z.string().min(1),
  text: z.string().min(1),
  title: z.string().nullish(),
  url: z.string().url().nullish(),
  publishedAt: z.date().refine((d) => !Number.isNaN(d.getTime()), "invalid date"),
  language: z.string().min(2).nullish(),
  author: z.object({
    handle: z.string().min(1),
    displayName: z.string().nullish(),
    followers: count.nullish(),
    verified: z.boolean().optional(),
    kind: z.string().nullish(),
  }).strict().nullish(),
  engagement: z.object({ likes: count.optional(), reposts: count.optional(), replies: count.optional(), views: count.optional() }).strict().nullish(),
  parentExternalId: z.string().min(1).nullish(),
  quotedExternalId: z.string().min(1).nullish(),
  platform: z.string().min(1).optional(),
}).strict();
