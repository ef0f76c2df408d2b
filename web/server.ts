// The web server: REST API, OpenAPI document and triage console in one hono app,
// served by the monitor's own process (core/app.ts startMonitor) on
// config.server.host/port. Sessions are HttpOnly SameSite=Strict cookies; every
// session-authenticated mutation must carry the session's CSRF token (header
// X-CSRF-Token or form field _csrf); bearer tokens need none (browsers never send
// them on their own).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { randomBytes } from "node:crypto";
import { Hono, type Context } from "hono";
import { getCookie, setCookie, deleteCookie } from "hono/cookie";
import { bodyLimit } from "hono/body-limit";
import { serve, type ServerType } from "@hono/node-server";
import { getConnInfo } from "@hono/node-server/conninfo";
import { z } from "zod";
import { routes } from "./api/routes.ts";
import { mountRoutes, openApiDocument, issuesOf, validationError } from "./api/route.ts";
import { SESSION_COOKIE, SESSION_TTL_MS, createSession, deleteSession, sessionPrincipal, tokenPrincipal, safeEqual, type Principal } from "./auth/sessions.ts";
import { verifyPassword, DUMMY_HASH } from "./auth/password.ts";
import { FailureLimiter } from "./auth/rate-limit.ts";
import { consoleRoutes } from "./console/console.routes.ts";
import { mountAckRoute } from "./ack.route.ts";
import { resolveAckSecret } from "../alerts/ack.ts";
import type { WebDeps } from "./deps.ts";
import type { Db } from "../core/db/index.ts";
import type { EarshotConfig } from "../core/config/schema.ts";
import { CaseService } from "../cases/case.service.ts";
import { describeError } from "../core/errors.ts";
import type { Logger } from "../core/log.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
export const API_VERSION = "1.0.0";

type Env = { Variables: { principal: Principal | null } };

export function buildOpenApi() {
  return openApiDocument(routes, API_VERSION) as ReturnType<typeof openApiDocument> & { paths: Record<string, unknown> };
}

/** Adds the login/logout paths (not in the route table because they run before authentication). */
function withAuthPaths(doc: ReturnType<typeof buildOpenApi>) {
  const loginBody = z.toJSONSchema(loginSchema, { io: "input" }) as Record<string, unknown>;
  delete loginBody.$schema;
  doc.paths["/api/auth/login"] = {
    post: {
      summary: "Log in; sets the session cookie and returns the CSRF token for mutations", tags: ["auth"], operationId: "postApiAuthLogin", security: [],
      requestBody: { required: true, content: { "application/json": { schema: loginBody } } },
      responses: { "200": { description: "Logged in" }, "400": { description: "Validation failed" }, "401": { description: "Wrong e-mail or password" }, "429": { description: "Too many failed attempts; see Retry-After" } },
    },
  };
  doc.paths["/api/auth/logout"] = { post: { summary: "End the session", tags: ["auth"], operationId: "postApiAuthLogout", responses: { "200": { description: "Logged out" } } } };
  return doc;
}

export function openApiJson(): string {
  return JSON.stringify(withAuthPaths(buildOpenApi()), null, 2) + "\n";
}

const loginSchema = z.object({ email: z.string().min(3).max(200), password: z.string().min(1).max(500) }).strict();

export interface WebAppOptions {
  db: Db;
  config: EarshotConfig;
  cases?: CaseService;
  log?: Logger;
  /** Login throttle; default 5 failures / 15 min per IP and per e-mail. */
  loginLimiter?: FailureLimiter;
  now?: () => Date;
  /** Extra sub-apps (ingest, ack links, metrics) mounted at "/". */
  mounts?: Hono[];
}

export function createWebApp(o: WebAppOptions): Hono<Env> {
  const deps: WebDeps = {
    db: o.db, config: o.config, log: o.log,
    cases: o.cases ?? new CaseService(o.db.prisma, o.config),
    loginLimiter: o.loginLimiter ?? new FailureLimiter(),
    now: o.now ?? (() => new Date()),
  };
  const secureCookies = (o.config.alerts.publicUrl ?? "").startsWith("https:");
  const app = new Hono<Env>();

  app.onError((err, c) => {
    o.log?.error({ err: describeError(err), path: c.req.path }, "web request failed");
    return c.json({ error: "internal", message: "internal error; see the server log" }, 500);
  });

  app.use("*", async (c, next) => {
    await next();
    // Post text is untrusted: no inline script may run even if escaping were ever missed.
    c.header("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
    c.header("X-Content-Type-Options", "nosniff");
    c.header("Referrer-Policy", "same-origin");
    c.header("X-Frame-Options", "DENY");
  });

  for (const m of o.mounts ?? []) app.route("/", m);

  app.get("/api/openapi.json", (c) => c.body(openApiJson(), 200, { "content-type": "application/json; charset=utf-8" }));
  app.get("/healthz", (c) => c.json({ ok: true }));

  app.use("*", bodyLimit({ maxSize: 256 * 1024, onError: (c) => c.json({ error: "too_large", message: "request body exceeds 256 KiB" }, 413) }));

  // Who is asking: a bearer token (API clients) or the session cookie (console).
  app.use("*", async (c, next) => {
    let p: Principal | null = null;
    const auth = c.req.header("authorization");
    if (auth) {
      const m = /^Bearer\s+(\S+)$/i.exec(auth);
      p = m ? await tokenPrincipal(o.db.prisma, m[1], deps.now()) : null;
      if (!p && c.req.path.startsWith("/api/")) return c.json({ error: "unauthenticated", message: "invalid or expired API token" }, 401);
    } else {
      p = await sessionPrincipal(o.db.prisma, getCookie(c, SESSION_COOKIE), deps.now());
    }
    c.set("principal", p);
    await next();
  });

  // CSRF: session-authenticated mutations must prove they come from our own pages.
  app.use("*", async (c, next) => {
    const p = c.get("principal");
    // Login runs before there is a session to take a token from (the form has its own nonce).
    const isLogin = c.req.path === "/login" || c.req.path === "/api/auth/login";
    if (p?.via === "session" && !isLogin && !["GET", "HEAD", "OPTIONS"].includes(c.req.method)) {
      let sent = c.req.header("x-csrf-token");
      if (!sent && (c.req.header("content-type") ?? "").match(/application\/x-www-form-urlencoded|multipart\/form-data/)) {
        const form = await c.req.parseBody();
        sent = typeof form._csrf === "string" ? form._csrf : undefined;
      }
      if (!sent || !p.csrfToken || !safeEqual(sent, p.csrfToken)) {
        return c.json({ error: "csrf", message: "missing or wrong CSRF token (send X-CSRF-Token from the login answer, or reload the page)" }, 403);
      }
    }
    await next();
  });

  const clientIp = (c: Context) => {
    try { return getConnInfo(c).remote.address ?? "unknown"; } catch { return "unknown"; }
  };

  /** Shared by the JSON login and the console form. Returns the session or an error answer. */
  async function login(c: Context, email: string, password: string): Promise<{ cookie: string; csrfToken: string; user: { id: number; email: string; role: string; locale: string } } | { status: 401 | 429; message: string; retryAfterS?: number }> {
    const keys = [`ip:${clientIp(c)}`, `email:${email.trim().toLowerCase()}`];
    const wait = deps.loginLimiter.retryAfterMs(keys);
    if (wait > 0) return { status: 429, message: `too many failed logins; try again in ${Math.ceil(wait / 1000)} s`, retryAfterS: Math.ceil(wait / 1000) };
    const user = await o.db.prisma.user.findUnique({ where: { email: email.trim().toLowerCase() } });
    const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok || user.disabled) {
      deps.loginLimiter.fail(keys);
      await o.db.prisma.auditLog.create({ data: { at: deps.now(), actor: email.slice(0, 200), action: "login.failed", target: clientIp(c) } });
      return { status: 401, message: "wrong e-mail or password" };
    }
    deps.loginLimiter.succeed(keys);
    const s = await createSession(o.db.prisma, user.id, deps.now());
    setCookie(c, SESSION_COOKIE, s.cookie, { httpOnly: true, sameSite: "Strict", secure: secureCookies, path: "/", maxAge: SESSION_TTL_MS / 1000 });
    await o.db.prisma.auditLog.create({ data: { at: deps.now(), actor: user.email, action: "login", target: clientIp(c) } });
    return { cookie: s.cookie, csrfToken: s.csrfToken, user: { id: user.id, email: user.email, role: user.role, locale: user.locale } };
  }

  app.post("/api/auth/login", async (c) => {
    let raw: unknown;
    try { raw = await c.req.json(); } catch { return validationError(c, [{ field: "body", message: "body must be JSON" }]); }
    const b = loginSchema.safeParse(raw);
    if (!b.success) return validationError(c, issuesOf("body", b.error));
    const r = await login(c, b.data.email, b.data.password);
    if ("status" in r) return c.json({ error: r.status === 429 ? "rate_limited" : "unauthenticated", message: r.message }, r.status, r.retryAfterS ? { "retry-after": String(r.retryAfterS) } : {});
    return c.json({ user: r.user, csrfToken: r.csrfToken });
  });

  app.post("/api/auth/logout", async (c) => {
    const p = c.get("principal");
    if (p?.sessionId) await deleteSession(o.db.prisma, p.sessionId);
    deleteCookie(c, SESSION_COOKIE, { path: "/" });
    return c.json({ ok: true });
  });

  mountRoutes(app as unknown as Hono, routes, deps, (c) => c.get("principal"));

  // Static assets of the console: two small files, no build step.
  const assets: Record<string, [string, string]> = {
    "/static/console.js": ["console.js", "text/javascript; charset=utf-8"],
    "/static/console.css": ["console.css", "text/css; charset=utf-8"],
  };
  for (const [url, [file, type]] of Object.entries(assets)) {
    const body = fs.readFileSync(path.join(here, "static", file), "utf8");
    app.get(url, (c) => c.body(body, 200, { "content-type": type, "cache-control": "no-cache" }));
  }

  // Acknowledge links: the secret is resolved on first use so a monitor without routing (no links sent) needs none.
  let ackSecret: string | null = null;
  mountAckRoute(app, deps, () => (ackSecret ??= resolveAckSecret(o.config.alerts.routing?.ack.secret, process.env)));

  consoleRoutes(app as unknown as Hono<Env>, deps, { login, secureCookies, newLoginNonce: () => randomBytes(18).toString("base64url") });

  app.notFound((c) => c.req.path.startsWith("/api/") ? c.json({ error: "not_found", message: `no route ${c.req.method} ${c.req.path}` }, 404) : c.text("Not found", 404));
  return app;
}

export type { Env as WebEnv };

export interface WebServer { url: string; port: number; close(): Promise<void>; server: ServerType }

/** Listens on host:port (port 0 picks a free one). */
export function startWebServer(app: Hono<Env>, host: string, port: number): Promise<WebServer> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: host, port }, (info) => {
      const url = `http://${host.includes(":") ? `[${host}]` : host}:${info.port}`;
      resolve({
        url, port: info.port, server,
        close: () => new Promise<void>((res) => {
          (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
          server.close(() => res());
        }),
      });
    });
    server.once("error", reject);
  });
}
