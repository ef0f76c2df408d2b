// RSSHub: any route on a configured RSSHub instance. This is how Weibo, Douyin,
// Bilibili, Xiaohongshu, X and hundreds of other sites without a usable API come in.
// The platform recorded on each mention is taken from the route's first segment.
import { z } from "zod";
import { defineCollector } from "../types.ts";
import { collectFeed } from "../rss/rss.collector.ts";
import type { RawPost } from "../../analysis/types.ts";
import { joinUrl } from "../kit/collect-kit.ts";

const params = z.object({
  /** RSSHub instance. Self-host one: the public demo instance blocks heavy use. Default https://rsshub.app. */
  instance: z.string().url().default("https://rsshub.app"),
  /** Routes, e.g. "/weibo/keyword/acme", "/bilibili/vsearch/acme". */
  routes: z.array(z.string().regex(/^\/[^\s]*$/, "a route starting with /")).min(1),
  /** ACCESS_KEY of the instance when it requires one (secret: ${ENV}). */
  accessKey: z.string().min(1).optional(),
  /** Platform per route prefix, e.g. { twitter: "x" }. Default: the route's first segment. */
  platforms: z.record(z.string(), z.string()).default({}),
}).strict();

export function platformOfRoute(route: string, overrides: Record<string, string>): string {
  const first = route.split("/").filter(Boolean)[0] ?? "web";
  return overrides[first] ?? ({ twitter: "x" } as Record<string, string>)[first] ?? first;
}

export const rsshubCollector = defineCollector({
  id: "rsshub",
  title: "RSSHub route",
  description: "Any RSSHub route on a configured instance (Weibo, Douyin, Bilibili, Xiaohongshu, X, ...).",
  platform: "web",
  params,
  secrets: ["accessKey"],
  defaultSchedule: "*/15 * * * *",
  perMinute: 30,
  async collect(ctx) {
    const prev = (ctx.cursor as { routes?: Record<string, unknown> } | null)?.routes ?? {};
    const routes: Record<string, unknown> = {};
    const posts: RawPost[] = [];
    for (const route of ctx.params.routes) {
      const u = new URL(joinUrl(ctx.params.instance, route));
      if (ctx.params.accessKey) u.searchParams.set("key", ctx.params.accessKey);
      // The cursor is keyed by route, never by URL: the URL carries the access key.
      const r = await collectFeed(ctx, u.toString(), prev[route], `source ${ctx.source.id} route ${route}`);
      routes[route] = r.cursor;
      const platform = platformOfRoute(route, ctx.params.platforms);
      for (const post of r.posts) posts.push({ ...post, platform });
    }
    return { posts, cursor: { routes } };
  },
});
