// News search feeds: RSS results pages of news search engines, queried with the
// brand's keywords and exclusions (Google News, Bing News, or any URL template).
// Fetching, parsing and the per-feed cursor are the RSS collector's (collectFeed).
import { z } from "zod";
import { defineCollector, type CollectorContext } from "../types.ts";
import { collectFeed } from "../rss/rss.collector.ts";
import type { RawPost } from "../../analysis/types.ts";
import { brandQuery, fillTemplate } from "../kit/collect-kit.ts";

/** Built-in engines; {base} is the engine's configurable base URL, {query} the URL-encoded query. */
export const NEWS_TEMPLATES = {
  google: "{base}/rss/search?q={query}&hl={hl}&gl={gl}&ceid={ceid}",
  bing: "{base}/news/search?q={query}&format=rss",
} as const;

const params = z.object({
  /** Engines to query. Default ["google"]. */
  engines: z.array(z.enum(["google", "bing"])).default(["google"]),
  /** Extra URL templates with {query} (e.g. a regional news site's search feed). */
  templates: z.array(z.string().includes("{query}", { message: "must contain {query}" })).default([]),
  /** Queries; default: one per brand: keywords/aliases OR-ed, exclusions as -term. */
  queries: z.array(z.string().min(1)).optional(),
  /** Google News base URL. Default https://news.google.com. */
  googleBaseUrl: z.string().url().default("https://news.google.com"),
  /** Bing base URL. Default https://www.bing.com. */
  bingBaseUrl: z.string().url().default("https://www.bing.com"),
  /** Google News edition: interface language. Default en-US. */
  hl: z.string().default("en-US"),
  /** Google News edition: country. Default US. */
  gl: z.string().default("US"),
  /** Google News edition id. Default US:en. */
  ceid: z.string().default("US:en"),
  /** Google "when:" window appended to each Google query (e.g. "1d"); keeps results recent. Default none. */
  window: z.string().regex(/^\d+[hdm]$/, "like 1h, 1d or 7d").optional(),
}).strict();

type Params = z.infer<typeof params>;

export function newsSearchUrls(p: Params, brands: CollectorContext<Params>["brands"]): string[] {
  const queries = p.queries ?? brands.map((b) => brandQuery(b)).filter(Boolean);
  const urls: string[] = [];
  for (const q of queries) {
    for (const e of p.engines) {
      const base = (e === "google" ? p.googleBaseUrl : p.bingBaseUrl).replace(/\/+$/, "");
      const query = e === "google" && p.window ? `${q} when:${p.window}` : q;
      urls.push(fillTemplate(NEWS_TEMPLATES[e], { query, hl: p.hl, gl: p.gl, ceid: p.ceid }).replace("{base}", base));
    }
    for (const t of p.templates) urls.push(fillTemplate(t, { query: q }));
  }
  return [...new Set(urls)];
}

export const newsSearchCollector = defineCollector({
  id: "news-search",
  title: "News search feeds",
  description: "Google News / Bing News (or any templated) search feeds built from each brand's keywords and exclusions.",
  platform: "news",
  params,
  defaultSchedule: "*/15 * * * *",
  perMinute: 20,
  async collect(ctx) {
    const prev = (ctx.cursor as { feeds?: Record<string, unknown> } | null)?.feeds ?? {};
    const feeds: Record<string, unknown> = {};
    const posts: RawPost[] = [];
    const seen = new Set<string>();
    for (const url of newsSearchUrls(ctx.params, ctx.brands)) {
      const r = await collectFeed(ctx, url, prev[url], `source ${ctx.source.id} (${new URL(url).host})`);
      feeds[url] = r.cursor;
      for (const post of r.posts) {
        if (seen.has(post.externalId)) continue;
        seen.add(post.externalId);
        // News items are articles: the publisher is media (virality scoring weighs pickup).
        if (post.author) post.author.kind ??= "media";
        posts.push(post);
      }
    }
    return { posts, cursor: { feeds } };
  },
});
