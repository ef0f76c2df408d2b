// A real HTTP server on 127.0.0.1 for fixtures and receivers. Handlers are plain
// node:http functions; every request is recorded for assertions.
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface Recorded { method: string; url: string; headers: http.IncomingHttpHeaders; body: Buffer; at: number }
export type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: Buffer) => unknown;

export interface TestServer {
  url: string;
  port: number;
  requests: Recorded[];
  route(path: string, h: Handler): void;
  close(): Promise<void>;
}

export async function startServer(routes: Record<string, Handler> = {}, port = 0): Promise<TestServer> {
  const table = new Map(Object.entries(routes));
  const requests: Recorded[] = [];
  const sockets = new Set<import("node:net").Socket>();
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    requests.push({ method: req.method ?? "GET", url: req.url ?? "/", headers: req.headers, body, at: Date.now() });
    const path = (req.url ?? "/").split("?")[0];
    const h = table.get(path) ?? table.get("*");
    if (!h) { res.statusCode = 404; res.end("not found"); return; }
    try { await h(req, res, body); } catch (err) { res.statusCode = 500; res.end(String(err)); }
  });
  server.on("connection", (s) => { sockets.add(s); s.on("close", () => sockets.delete(s)); });
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    requests,
    route: (p, h) => { table.set(p, h); },
    close: () => new Promise<void>((r) => { for (const s of sockets) s.destroy(); server.close(() => r()); }),
  };
}

/** A free port (briefly bound then released) for "connection refused" and "comes back later" tests. */
export async function freePort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}
