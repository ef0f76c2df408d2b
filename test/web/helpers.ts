// A real web server on 127.0.0.1 over a temp SQLite file, with one user per role.
import type { Db } from "../../core/db/index.ts";
import { createWebApp, startWebServer, type WebServer } from "../../web/server.ts";
import { FailureLimiter } from "../../web/auth/rate-limit.ts";
import { addUser } from "../../web/auth/users.ts";
import { tempDb, testConfig } from "../cases/seed.ts";

export const PASSWORD = "correct horse battery staple";
export const ROLE_EMAILS = { admin: "admin@acme.test", pr: "pr@acme.test", service_manager: "sm@acme.test", executive: "exec@acme.test" } as const;

export interface TestServer { db: Db; server: WebServer; url: string; clock: { now: number }; close(): Promise<void> }

export async function startTestServer(): Promise<TestServer> {
  const { db } = await tempDb();
  for (const [role, email] of Object.entries(ROLE_EMAILS)) await addUser(db.prisma, { email, role, password: PASSWORD, name: role });
  const clock = { now: Date.parse("2026-03-02T10:00:00Z") };
  const app = createWebApp({ db, config: testConfig(), now: () => new Date(clock.now), loginLimiter: new FailureLimiter({ max: 5, windowMs: 15 * 60_000, now: () => clock.now }) });
  const server = await startWebServer(app, "127.0.0.1", 0);
  return { db, server, url: server.url, clock, async close() { await server.close(); await db.close(); } };
}

export interface Session { cookie: string; csrf: string }

export async function login(url: string, email: string, password = PASSWORD): Promise<Session> {
  const r = await fetch(`${url}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email, password }) });
  if (r.status !== 200) throw new Error(`login ${email}: ${r.status} ${await r.text()}`);
  const body = (await r.json()) as { csrfToken: string };
  return { cookie: r.headers.get("set-cookie")!.split(";")[0], csrf: body.csrfToken };
}

export async function api(url: string, s: Session | null, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const r = await fetch(`${url}${path}`, {
    method,
    headers: { ...(s ? { cookie: s.cookie, "x-csrf-token": s.csrf } : {}), ...(body !== undefined ? { "content-type": "application/json" } : {}), ...headers },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    redirect: "manual",
  });
  const text = await r.text();
  let json: any = null;
  try { json = JSON.parse(text); } catch { /* html */ }
  return { status: r.status, json, text, headers: r.headers };
}
