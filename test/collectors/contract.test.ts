// The collector contract, run against every registered collector: fixtures served by
// a real HTTP server on 127.0.0.1 go in, valid RawPosts come out; pagination is
// followed; the cursor survives a restart (JSON round trip) without re-ingesting;
// each kind of failure is classified. Browser (web-page), file (file-import) and push
// collectors have their own transports and are covered in their own files, which this
// suite checks exist.
import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { collectors } from "../../collectors/registry.ts";
import { ParseError, PermanentError, RetryableError, errorKind } from "../../core/errors.ts";
import type { CollectorDescriptor } from "../../collectors/types.ts";
import { makeContext, startFixtureServer, type FaultMode, type FixtureServer } from "./harness.ts";
import { httpScenarios, type FixtureState } from "./scenarios.ts";
import { rawPostSchema } from "./raw-post.schema.ts";

/** Collectors whose transport is not HTTP polling, and the spec file that holds their contract. */
const OWN_TRANSPORT: Record<string, string> = {
  "web-page": "web-page.test.ts",
  "file-import": "file-import.test.ts",
  push: "push.test.ts",
};

const servers: FixtureServer[] = [];
afterEach(async () => { for (const s of servers.splice(0)) await s.close(); });

async function serve(id: string, state: FixtureState = { extra: false }) {
  const s = await startFixtureServer(httpScenarios[id].router(state));
  servers.push(s);
  return s;
}

const EXPECTED_KIND: Record<Exclude<FaultMode, "ok">, string> = {
  401: "PermanentError",
  403: "PermanentError",
  429: "RetryableError",
  500: "RetryableError",
  timeout: "RetryableError",
  garbage: "ParseError",
};

describe("every registered collector has a contract", () => {
  it.each(collectors.map((c) => c.id))("%s has a scenario or its own contract spec", (id) => {
    const own = OWN_TRANSPORT[id];
    if (own) expect(fs.existsSync(path.join(import.meta.dirname, own)), `test/collectors/${own}`).toBe(true);
    else expect(httpScenarios[id], `httpScenarios["${id}"] in test/collectors/scenarios.ts`).toBeDefined();
  });
});

const httpCollectors = collectors.filter((c) => !OWN_TRANSPORT[c.id]) as CollectorDescriptor[];

describe.each(httpCollectors.map((c) => [c.id, c] as const))("collector %s", (id, d) => {
  const sc = httpScenarios[id];

  it("turns fixtures into valid RawPosts, following pages", async () => {
    const s = await serve(id);
    const res = await d.collect(makeContext(d, sc.params(s.base)));
    for (const p of res.posts) {
      const v = rawPostSchema.safeParse(p);
      expect(v.success, `${p.externalId}: ${v.success ? "" : JSON.stringify(v.error.issues)}`).toBe(true);
    }
    expect(res.posts.map((p) => p.externalId).sort()).toEqual([...sc.expectedIds].sort());
    expect(sc.paged(s.requests.map((r) => r.url)), "followed a second page / stream").toBe(true);
    sc.check(res.posts);
    expect(() => JSON.stringify(res.cursor)).not.toThrow();
  });

  it("resumes from its cursor after a restart without re-ingesting, and picks up what is new", async () => {
    const state = { extra: false };
    const s = await startFixtureServer(sc.router(state));
    servers.push(s);
    const first = await d.collect(makeContext(d, sc.params(s.base)));
    expect(first.posts.length).toBe(sc.expectedIds.length);
    // A new process: a fresh context whose cursor went through the database as JSON.
    const again = await d.collect(makeContext(d, sc.params(s.base), { cursor: JSON.parse(JSON.stringify(first.cursor)) }));
    expect(again.posts.map((p) => p.externalId)).toEqual([]);
    state.extra = true;
    const later = await d.collect(makeContext(d, sc.params(s.base), { cursor: again.cursor }));
    expect(later.posts.map((p) => p.externalId).sort()).toEqual([...sc.newIds].sort());
  });

  it.each(Object.entries(EXPECTED_KIND))("classifies %s as %s", async (mode, kind) => {
    const s = await serve(id);
    s.mode = (/^\d+$/.test(mode) ? Number(mode) : mode) as FaultMode;
    const err = await d.collect(makeContext(d, sc.params(s.base), { timeoutMs: 400 })).then(() => null, (e: unknown) => e);
    expect(err, "collect() must reject").not.toBeNull();
    expect(errorKind(err), String(err)).toBe(kind);
    expect(err).toBeInstanceOf(kind === "ParseError" ? ParseError : kind === "PermanentError" ? PermanentError : RetryableError);
    if (mode === "429") expect((err as RetryableError).details.retryAfterMs).toBe(1000);
    expect((err as Error).message.length).toBeGreaterThan(10);
  });

  if (sc.refresh) {
    it("refresh() re-reads engagement counts for known posts", async () => {
      const s = await serve(id);
      expect(d.refresh, "descriptor.refresh").toBeTypeOf("function");
      const got = await d.refresh!(makeContext(d, sc.params(s.base)), sc.refresh!.ids);
      expect(Object.fromEntries(got)).toEqual(sc.refresh!.expect);
    });
  }
});
