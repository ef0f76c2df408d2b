// Push ingest's contract: POST /api/ingest with a source's Bearer token; valid items
// reach ingest() as RawPosts, invalid ones are reported by index and field while the
// rest are stored; wrong tokens, oversized bodies and non-JSON are refused clearly.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { serve } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import { createIngestRoute } from "../../collectors/push/push.route.ts";
import { pushCollector } from "../../collectors/push/push.collector.ts";
import type { RawPost } from "../../analysis/types.ts";
import { FIXTURES } from "./scenarios.ts";
import { makeContext } from "./harness.ts";
import { rawPostSchema } from "./raw-post.schema.ts";

const TOKEN = "push-token-0123456789abcdef";
const batch = fs.readFileSync(path.join(FIXTURES, "push", "batch.json"), "utf8");

function setup(opts: { maxBodyBytes?: number; fail?: boolean } = {}) {
  const calls: { sourceId: string; posts: RawPost[] }[] = [];
  const app = createIngestRoute({
    sources: [{ id: "other-push", token: "another-token-9876543210" }, { id: "helpdesk-push", token: TOKEN }],
    ingest: async (sourceId, posts) => {
      if (opts.fail) throw new Error("database is locked");
      calls.push({ sourceId, posts });
      return { new: posts.length };
    },
    maxBodyBytes: opts.maxBodyBytes,
  });
  return { app, calls };
}

const post = (app: ReturnType<typeof setup>["app"], body: string, token: string | null = TOKEN) =>
  app.request("/api/ingest", { method: "POST", body, headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) } });

describe("POST /api/ingest", () => {
  it("stores the valid items and names each invalid item's field", async () => {
    const { app, calls } = setup();
    const res = await post(app, batch);
    expect(res.status).toBe(207);
    const body = await res.json() as { accepted: number; rejected: number; errors: { index: number; field: string }[]; result: unknown };
    expect(body.accepted).toBe(2);
    expect(body.rejected).toBe(2);
    expect(body.errors.map((e) => e.field).sort()).toEqual(["posts[2].text", "posts[3].author.followers", "posts[3].publishedAt"].sort());
    expect(body.result).toEqual({ new: 2 });
    expect(calls).toHaveLength(1);
    expect(calls[0].sourceId).toBe("helpdesk-push");
    expect(calls[0].posts.map((p) => p.externalId)).toEqual(["hd-1001", "hd-1002"]);
    for (const p of calls[0].posts) expect(rawPostSchema.safeParse(p).success).toBe(true);
    expect(calls[0].posts[1].publishedAt.toISOString()).toBe("2026-11-20T09:50:00.000Z");
  });

  it("works over a real socket on 127.0.0.1 as the web server will mount it", async () => {
    const { app, calls } = setup();
    const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
    await new Promise((r) => server.once("listening", r));
    try {
      const port = (server.address() as AddressInfo).port;
      const one = JSON.stringify([{ externalId: "a1", text: "Acme Air", publishedAt: "2026-11-20T10:00:00Z" }]);
      const res = await fetch(`http://127.0.0.1:${port}/api/ingest`, { method: "POST", body: one, headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" } });
      expect(res.status).toBe(200);
      expect(calls[0].posts[0].externalId).toBe("a1");
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it("refuses a missing or wrong token with 401 and stores nothing", async () => {
    const { app, calls } = setup();
    expect((await post(app, batch, null)).status).toBe(401);
    expect((await post(app, batch, "push-token-0123456789abcdeX")).status).toBe(401);
    expect(calls).toEqual([]);
  });

  it("refuses a token of another source when the body names a source", async () => {
    const { app } = setup();
    const res = await post(app, batch, "another-token-9876543210");
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("other-push");
  });

  it("refuses bodies over the size limit with 413", async () => {
    const { app, calls } = setup({ maxBodyBytes: 200 });
    const res = await post(app, batch);
    expect(res.status).toBe(413);
    expect(calls).toEqual([]);
  });

  it("refuses non-JSON and empty batches with 400", async () => {
    const { app } = setup();
    const bad = await post(app, "{not json");
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("not valid JSON");
    const empty = await post(app, JSON.stringify({ posts: [] }));
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain("posts");
  });

  it("answers 503 (retry later) when storing fails, naming the cause", async () => {
    const { app } = setup({ fail: true });
    const res = await post(app, batch);
    expect(res.status).toBe(503);
    expect(await res.text()).toContain("database is locked");
  });

  it("the push collector polls nothing and says so", async () => {
    const r = await pushCollector.collect(makeContext(pushCollector, { token: TOKEN }));
    expect(r.posts).toEqual([]);
    expect(r.notes?.[0]).toContain("/api/ingest");
    expect(() => pushCollector.params.parse({ token: "short" })).toThrow(/16 characters/);
  });
});
