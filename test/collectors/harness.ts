// Test harness for collectors: a real HTTP server on 127.0.0.1 that serves fixtures
// (or misbehaves on demand), and a CollectorContext built the way the runner builds
// one, with a fast-failing HttpClient (no retries, short timeout) so error
// classification is visible in one attempt.
import { SharedResourcePool } from "../../collectors/run-source.ts";
import http from "node:http";
import type { AddressInfo } from "node:net";
import pino from "pino";
import { HttpClient } from "../../core/http.ts";
import type { BrandMatchConfig, CollectorContext, CollectorDescriptor, SharedResources } from "../../collectors/types.ts";

export type FaultMode = "ok" | 401 | 403 | 429 | 500 | "timeout" | "garbage";

export interface FixtureReply { status?: number; body: string | Buffer; type?: string; headers?: Record<string, string> }
export type FixtureRouter = (url: URL, req: http.IncomingMessage, body: string) => FixtureReply | null;

export interface FixtureServer {
  base: string;
  mode: FaultMode;
  /** Every request seen (path + query), in order. */
  requests: { method: string; url: URL; headers: http.IncomingHttpHeaders }[];
  close(): Promise<void>;
}

export const GARBAGE = "\u0000\u0001<<< this is neither JSON nor XML >>> {{{ ]]]";

export async function startFixtureServer(router: FixtureRouter): Promise<FixtureServer> {
  const hanging = new Set<http.ServerResponse>();
  const state: FixtureServer = {
    base: "",
    mode: "ok",
    requests: [],
    close: async () => {
      for (const r of hanging) r.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", state.base);
      state.requests.push({ method: req.method ?? "GET", url, headers: req.headers });
      const m = state.mode;
      if (m === "timeout") { hanging.add(res); return; } // never answer
      if (typeof m === "number") {
        const headers: Record<string, string> = { "content-type": "application/json" };
        if (m === 429) headers["retry-after"] = "1";
        res.writeHead(m, headers).end(JSON.stringify({ error: `fixture fault ${m}` }));
        return;
      }
      const reply = router(url, req, Buffer.concat(chunks).toString("utf8"));
      if (!reply) { res.writeHead(404, { "content-type": "text/plain" }).end(`no fixture for ${url.pathname}${url.search}`); return; }
      if (m === "garbage" && !(reply.type ?? "").includes("html")) {
        res.writeHead(200, { "content-type": reply.type ?? "application/json" }).end(GARBAGE);
        return;
      }
      res.writeHead(reply.status ?? 200, { "content-type": reply.type ?? "application/json", ...(reply.headers ?? {}) }).end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  state.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}

export const TEST_BRANDS: BrandMatchConfig[] = [{
  id: "acme-air", name: "Acme Air", keywords: ["Acme Air"], aliases: ["acmeair"], exclusions: ["acme anvil"],
  languages: [], competitors: ["Globex Airways"],
}];

/** Shared resources exactly as the runner keeps them (the product's pool), plus a test-friendly name for closing. */
export class TestSharedResources extends SharedResourcePool {
  disposeAll(): Promise<void> {
    return this.closeAll();
  }
}

export interface ContextOptions {
  cursor?: unknown;
  brands?: BrandMatchConfig[];
  shared?: SharedResources;
  timeoutMs?: number;
  sourceId?: string;
}

export function makeContext<P>(d: CollectorDescriptor, rawParams: unknown, o: ContextOptions = {}): CollectorContext<P> {
  // Params go through the collector's own schema, exactly as the config module does.
  const params = d.params.parse(rawParams) as P;
  const ctrl = new AbortController();
  return {
    source: { id: o.sourceId ?? `test-${d.id}`, type: d.id, params },
    params,
    brands: o.brands ?? TEST_BRANDS,
    http: new HttpClient({ allowPrivateNetwork: true, retries: 0, timeoutMs: o.timeoutMs ?? 1500, perHostPerMinute: 100_000 }),
    // The cursor is persisted as JSON: round-trip it so nothing non-serialisable survives by accident.
    cursor: o.cursor === undefined ? null : JSON.parse(JSON.stringify(o.cursor)),
    log: pino({ level: "silent" }),
    signal: ctrl.signal,
    now: () => new Date(),
    shared: o.shared ?? new TestSharedResources(),
  } as CollectorContext<P>;
}
