// Console pages and their form posts. Every form post checks the same permission the
// API route would (the CSRF token is checked by the server middleware) and calls the
// same case service, so the console can do nothing the API would refuse.
import type { Context, Hono } from "hono";
import { getCookie, setCookie, deleteCookie } from "hono/cookie";
import type { WebDeps } from "../deps.ts";
import type { Principal } from "../auth/sessions.ts";
import { SESSION_COOKIE, deleteSession, safeEqual } from "../auth/sessions.ts";
import { translator, type Translate } from "./i18n.ts";
import { layout, loginPage, inboxPage, inboxRows, incidentPage, casePage, casesListPage, errorPage, type PageUser } from "./pages.ts";
import { inbox, incidentDetail, type InboxFilter } from "../api/queries.ts";
import { acknowledgeIncident, actorOf, LABEL_FIELDS, LABEL_VALUES } from "../api/routes.ts";
import { CaseError } from "../../cases/case.service.ts";
import { CASE_ACTIONS, type CaseAction, type ActionInput } from "../../cases/case.states.ts";
import { LOCALES } from "../auth/users.ts";
import { icebergEstimate } from "../../cases/iceberg.ts";

type Env = { Variables: { principal: Principal | null } };
type LoginFn = (c: Context, email: string, password: string) => Promise<{ cookie: string } | { status: 401 | 429; message: string; retryAfterS?: number }>;

const LOGIN_NONCE = "earshot_login";

export function consoleRoutes(app: Hono<Env>, deps: WebDeps, o: { login: LoginFn; secureCookies: boolean; newLoginNonce: () => string }) {
  const page = (c: Context, t: Translate, user: PageUser | null, title: string, body: Parameters<typeof layout>[3], status = 200) =>
    c.html(layout(t, user, title, body, { locale: user?.locale ?? "en" }), status as 200);

  const pageUser = (p: Principal): PageUser => ({ email: p.email, name: p.name, role: p.role, locale: p.locale, permissions: p.permissions, csrfToken: p.csrfToken });

  /** Console pages need a session; without one, go to the login page. */
  function withUser(handler: (c: Context<Env>, p: Principal, t: Translate) => Promise<Response> | Response) {
    return async (c: Context<Env>) => {
      const p = c.get("principal");
      if (!p) return c.redirect(`/login?next=${encodeURIComponent(c.req.path)}`, 303);
      return handler(c, p, translator(p.locale));
    };
  }

  function fail(c: Context, t: Translate, p: Principal, status: 400 | 403 | 404 | 409, message: string, back: string) {
    return page(c, t, pageUser(p), t("error"), errorPage(t, message, back), status);
  }

  function need(c: Context, t: Translate, p: Principal, perm: string, back: string) {
    return p.permissions.has(perm) ? null : fail(c, t, p, 403, `this needs the ${perm} permission (your role: ${p.role})`, back);
  }

  async function form(c: Context): Promise<Record<string, string>> {
    const f = await c.req.parseBody();
    return Object.fromEntries(Object.entries(f).filter(([, v]) => typeof v === "string")) as Record<string, string>;
  }

  const safeNext = (n: string | undefined) => (n && /^\/(?!\/)[\w\-/]*$/.test(n) ? n : "/");

  app.get("/login", (c) => {
    const nonce = o.newLoginNonce();
    setCookie(c, LOGIN_NONCE, nonce, { httpOnly: true, sameSite: "Strict", secure: o.secureCookies, path: "/login", maxAge: 3600 });
    const t = translator("en");
    // Only known codes: free text from the URL would let a link put words on our login page.
    const error = c.req.query("error") === "expired" ? "the form expired; try again" : null;
    return page(c, t, null, t("login"), loginPage(t, nonce, error));
  });

  app.post("/login", async (c) => {
    const f = await form(c);
    const t = translator("en");
    // Login CSRF: the form must carry the nonce of the cookie set with it (double submit).
    const nonce = getCookie(c, LOGIN_NONCE);
    if (!nonce || !f._csrf || !safeEqual(nonce, f._csrf)) return c.redirect("/login?error=expired", 303);
    const r = await o.login(c, f.email ?? "", f.password ?? "");
    if ("status" in r) {
      if (r.retryAfterS) c.header("retry-after", String(r.retryAfterS));
      const nonce2 = o.newLoginNonce();
      setCookie(c, LOGIN_NONCE, nonce2, { httpOnly: true, sameSite: "Strict", secure: o.secureCookies, path: "/login", maxAge: 3600 });
      return page(c, t, null, t("login"), loginPage(t, nonce2, r.message), r.status);
    }
    deleteCookie(c, LOGIN_NONCE, { path: "/login" });
    return c.redirect(safeNext(c.req.query("next")), 303);
  });

  app.post("/logout", async (c) => {
    const p = c.get("principal");
    if (p?.sessionId) await deleteSession(deps.db.prisma, p.sessionId);
    deleteCookie(c, SESSION_COOKIE, { path: "/" });
    return c.redirect("/login", 303);
  });

  const filterOf = (c: Context): InboxFilter => {
    const q = c.req.query();
    const pick = (k: string) => (q[k] && /^[\w-]{1,100}$/.test(q[k]) ? q[k] : undefined);
    return { brand: pick("brand"), severity: pick("severity"), category: pick("category"), state: pick("state") };
  };

  app.get("/", withUser(async (c, p, t) => {
    const f = filterOf(c);
    const [items, brands] = await Promise.all([inbox(deps.db.prisma, f, deps.now()), deps.db.prisma.brand.findMany({ select: { id: true }, orderBy: { id: "asc" } })]);
    // Complainers are people: cases in the last 30 days not dismissed, one per customer.
    const since = new Date(deps.now().getTime() - 30 * 86400_000);
    const [openCases, recent] = await Promise.all([
      deps.db.prisma.case.count({ where: { state: { notIn: ["reviewed", "dismissed"] }, ...(f.brand ? { brandId: f.brand } : {}) } }),
      deps.db.prisma.case.findMany({ where: { createdAt: { gte: since }, OR: [{ validity: null }, { validity: "valid" }], ...(f.brand ? { brandId: f.brand } : {}) }, select: { id: true, customerId: true } }),
    ]);
    const complainers = new Set(recent.map((x) => (x.customerId ? `c${x.customerId}` : `k${x.id}`))).size;
    const ice = icebergEstimate(complainers);
    return page(c, t, pageUser(p), t("inbox"), inboxPage(t, pageUser(p), items, f, brands.map((b) => b.id), deps.now(), { openCases, complainers30d: complainers, iceberg: ice }));
  }));

  // Polled by console.js every few seconds: the inbox updates without a reload.
  app.get("/ui/inbox-rows", withUser(async (c, _p, t) => {
    const items = await inbox(deps.db.prisma, filterOf(c), deps.now());
    return c.html(inboxRows(t, items).html, 200, { "cache-control": "no-store", "x-updated-at": deps.now().toISOString() });
  }));

  app.get("/incidents/:id", withUser(async (c, p, t) => {
    const id = Number(c.req.param("id"));
    const d = Number.isInteger(id) && id > 0 ? await incidentDetail(deps.db.prisma, id) : null;
    if (!d) return fail(c, t, p, 404, `incident ${c.req.param("id")} not found`, "/");
    return page(c, t, pageUser(p), `${t("incident")} #${id}`, incidentPage(t, pageUser(p), d));
  }));

  app.post("/ui/incidents/:id/ack", withUser(async (c, p, t) => {
    const id = Number(c.req.param("id"));
    const denied = need(c, t, p, "incident:ack", `/incidents/${id}`);
    if (denied) return denied;
    const r = await acknowledgeIncident(deps.db.prisma, id, p.email, deps.now());
    if (r === "not_found") return fail(c, t, p, 404, `incident ${id} not found`, "/");
    return c.redirect(`/incidents/${id}`, 303);
  }));

  app.post("/ui/cases", withUser(async (c, p, t) => {
    const f = await form(c);
    const denied = need(c, t, p, "case:work", "/");
    if (denied) return denied;
    const incidentId = f.incidentId ? Number(f.incidentId) : undefined;
    const mentionId = f.mentionId ? Number(f.mentionId) : undefined;
    try {
      const created = await deps.cases.open({ incidentId, mentionId, title: f.title }, actorOf(p), deps.now());
      return c.redirect(`/cases/${created.id}`, 303);
    } catch (err) {
      if (err instanceof CaseError) return fail(c, t, p, err.status, err.message, incidentId ? `/incidents/${incidentId}` : "/");
      throw err;
    }
  }));

  app.get("/cases", withUser(async (c, p, t) => {
    const pageNo = Math.max(1, Number(c.req.query("page")) || 1);
    const f = filterOf(c);
    const where = { ...(f.brand ? { brandId: f.brand } : {}), ...(f.state ? { state: f.state } : {}), ...(f.severity ? { severity: f.severity } : {}), ...(f.category ? { category: f.category } : {}) };
    const [rows, total] = await Promise.all([deps.db.prisma.case.findMany({ where, orderBy: { id: "desc" }, skip: (pageNo - 1) * 50, take: 50 }), deps.db.prisma.case.count({ where })]);
    const qs = Object.entries(f).filter(([, v]) => v).map(([k, v]) => `&${k}=${encodeURIComponent(v!)}`).join("");
    return page(c, t, pageUser(p), t("cases"), casesListPage(t, rows, pageNo, Math.max(1, Math.ceil(total / 50)), qs));
  }));

  app.get("/cases/:id", withUser(async (c, p, t) => {
    const id = Number(c.req.param("id"));
    try {
      const d = await deps.cases.detail(id, deps.now());
      const users = await deps.db.prisma.user.findMany({ where: { disabled: false }, select: { id: true, name: true, role: true }, orderBy: { name: "asc" } });
      return page(c, t, pageUser(p), `${t("case")} #${id}`, casePage(t, pageUser(p), d as never, users, p.userId));
    } catch (err) {
      if (err instanceof CaseError) return fail(c, t, p, err.status, err.message, "/");
      throw err;
    }
  }));

  /** Runs a case change from a form; domain errors become a readable error page with the right status. */
  function caseAction(perm: string, run: (id: number, f: Record<string, string>, p: Principal) => Promise<unknown>) {
    return withUser(async (c, p, t) => {
      const id = Number(c.req.param("id"));
      const back = `/cases/${id}`;
      const f = await form(c);
      const denied = need(c, t, p, perm, back);
      if (denied) return denied;
      try {
        await run(id, f, p);
      } catch (err) {
        if (err instanceof CaseError) return fail(c, t, p, err.status, err.message, back);
        throw err;
      }
      return c.redirect(back, 303);
    });
  }

  app.post("/ui/cases/:id/step", caseAction("case:work", async (id, f, p) => {
    const action = f.action as CaseAction;
    if (!(CASE_ACTIONS as readonly string[]).includes(action)) throw new CaseError(`unknown action ${JSON.stringify(f.action)}`, 400, "action");
    const input: ActionInput = {
      validity: f.validity as ActionInput["validity"], scope: f.scope, cause: f.cause, causeSource: (f.causeSource || undefined) as ActionInput["causeSource"],
      resolution: f.resolution, outcome: f.outcome, wonBack: f.wonBack === undefined ? undefined : f.wonBack === "true", lessons: f.lessons || undefined, reason: f.reason, note: f.note || undefined,
    };
    await deps.cases.transition(id, action, input, actorOf(p), deps.now());
  }));

  app.post("/ui/cases/:id/taxonomy", caseAction("case:work", (id, f, p) =>
    deps.cases.setTaxonomy(id, { severity: f.severity || null, category: f.category || null, servqual: f.servqual || null, failureType: f.failureType || null }, actorOf(p), deps.now())));

  app.post("/ui/cases/:id/recovery", caseAction("case:work", (id, f, p) =>
    deps.cases.setRecovery(id, {
      mode: f.mode || undefined, remedy: f.remedy || undefined, remedyDetails: f.remedyDetails || undefined,
      checklist: { regret: f.regret === "on", reform: f.reform === "on", restitution: f.restitution === "on", recovery: f.recovery === "on" },
      publicReply: f.publicReply || undefined, privateFollowUp: f.privateFollowUp || undefined,
    }, actorOf(p), deps.now())));

  app.post("/ui/cases/:id/respond", caseAction("case:work", async (id, f, p) => {
    if (!f.text?.trim()) throw new CaseError("the reply text is empty", 400, "text");
    await deps.cases.respond(id, { channel: f.channel === "private" ? "private" : "public", text: f.text }, actorOf(p), deps.now());
  }));

  app.post("/ui/cases/:id/waiting", caseAction("case:work", (id, f, p) => deps.cases.setWaiting(id, f.waiting === "true", actorOf(p), deps.now())));

  app.post("/ui/cases/:id/assign", caseAction("case:work", (id, f, p) => deps.cases.assign(id, f.ownerId ? Number(f.ownerId) : null, actorOf(p), deps.now())));

  app.post("/ui/mentions/:id/label", withUser(async (c, p, t) => {
    const id = Number(c.req.param("id"));
    const f = await form(c);
    const back = safeNext(f.back);
    const denied = need(c, t, p, "label:write", back);
    if (denied) return denied;
    const [field, value] = (f.label ?? "").split("=") as [keyof typeof LABEL_FIELDS, string];
    if (!(field in LABEL_FIELDS) || (LABEL_VALUES[field] && !LABEL_VALUES[field]!.includes(value))) return fail(c, t, p, 400, `label: ${JSON.stringify(f.label)} is not a field=value this console offers`, back);
    const m = await deps.db.prisma.mention.findUnique({ where: { id } });
    if (!m) return fail(c, t, p, 404, `mention ${id} not found`, back);
    await deps.db.prisma.$transaction(async (tx) => {
      await tx.mention.update({ where: { id }, data: { [LABEL_FIELDS[field]]: value } });
      await tx.label.create({ data: { mentionId: id, text: m.text, language: m.language, field, value, actor: p.email, createdAt: deps.now() } });
    });
    return c.redirect(back, 303);
  }));

  app.post("/ui/locale", withUser(async (c, p) => {
    const f = await form(c);
    const locale = (LOCALES as readonly string[]).includes(f.locale) ? f.locale : "en";
    await deps.db.prisma.user.update({ where: { id: p.userId }, data: { locale } });
    const back = c.req.header("referer");
    let to = "/";
    try { if (back) { const u = new URL(back); to = safeNext(u.pathname); } } catch { /* keep "/" */ }
    return c.redirect(to, 303);
  }));
}
