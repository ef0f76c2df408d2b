// The push source type: declared in the config so it has an id, brands and a token,
// but nothing is polled; posts arrive through POST /api/ingest (push.route.ts).
// collect() only reports that, so a scheduled run is harmless.
import { z } from "zod";
import { defineCollector } from "../types.ts";

export const pushCollector = defineCollector({
  id: "push",
  title: "Push ingest",
  description: "Posts pushed to POST /api/ingest with this source's Bearer token (JSON batch, size-limited, validated).",
  platform: "push",
  params: z.object({
    /** Bearer token clients send (secret: ${ENV}); at least 16 characters. */
    token: z.string().min(16, "use a token of at least 16 characters"),
  }).strict(),
  secrets: ["token"],
  defaultSchedule: "0 * * * *",
  async collect(ctx) {
    return { posts: [], cursor: ctx.cursor ?? null, notes: ["push source: posts arrive through POST /api/ingest"] };
  },
});
