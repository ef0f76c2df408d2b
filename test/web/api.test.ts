import fs from "node:fs";
import path from "node:path";
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { startTestServer, login, api, ROLE_EMAILS, PASSWORD, type TestServer, type Session } from "./helpers.ts";
import { seedIncident, seedMention } from "../cases/seed.ts";
import { routes } from "../../web/api/routes.ts";
import { openApiJson } from "../../web/server.ts";

let t: TestServer;
let admin: Session, pr: Session, sm: Session, exec: Session;
beforeAll(async () => {
  t = await startTestServer();
  [admin, pr, sm, exec] = await Promise.all([login(t.url, ROLE_EMAILS.admin), login(t.url, ROLE_EMAILS.pr), login(t.url, ROLE_EMAILS.service_manager), login(t.url, ROLE_EMAILS.executive)]);
});
afterAll(async () => { await t.close(); });

describe("OpenAPI", () => {
  it("serves the committed document (regenerate docs/openapi.json when routes change)", async () => {
    const served = await api(t.url, null, "GET", "/api/openapi.json");
    expect(served.status).toBe(200);
    const committed = fs.readFileSync(path.resolve("docs/openapi.json"), "utf8");
    expect(served.json).toEqual(JSON.parse(committed));
    expect(openApiJson()).toBe(committed);
  });
  it("documents every route with its permission", () => {
    const doc = JSON.parse(openApiJson());
    for (const r of routes) expect(doc.paths[r.path][r.method]["x-permission"]).toBe(r.permission);
  });
});

describe("authentication", () => {
  it("sets an HttpOnly SameSite=Strict session cookie", async () => {
    const r = await fetch(`${t.url}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: ROLE_EMAILS.pr, password: PASSWORD }) });
    const cookie = r.headers.get("set-cookie")!;
    expect(cookie).toMatch(/earshot_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
  });
  it("stores passwords as scrypt hashes", async () => {
    const u = await t.db.prisma.user.findUniqueOrThrow({ where: { email: ROLE_EMAILS.pr } });
    expect(u.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(u.passwordHash).not.toContain(PASSWORD);
  });
  it("refuses anonymous API calls", async () => {
    expect((await api(t.url, null, "GET", "/api/inbox")).status).toBe(401);
    expect((await api(t.url, null, "GET", "/api/inbox", undefined, { authorization: "Bearer esk_nope" })).status).toBe(401);
  });
  it("rate-limits failed logins and says when to retry", async () => {
    const email = "nobody-" + Date.now() + "@acme.test";
    for (let i = 0; i < 5; i++) expect((await api(t.url, null, "POST", "/api/auth/login", { email, password: "wrong password" })).status).toBe(401);
    const blocked = await api(t.url, null, "POST", "/api/auth/login", { email, password: "wrong password" });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    // The IP is throttled too, so even a correct password waits.
    expect((await api(t.url, null, "POST", "/api/auth/login", { email: ROLE_EMAILS.pr, password: PASSWORD })).status).toBe(429);
    t.clock.now += 16 * 60_000;
    expect((await api(t.url, null, "POST", "/api/auth/login", { email: ROLE_EMAILS.pr, password: PASSWORD })).status).toBe(200);
  });
  it("login validation names the field", async () => {
    const r = await api(t.url, null, "POST", "/api/auth/login", { email: "a@b.c" });
    expect(r.status).toBe(400);
    expect(r.json.issues[0].field).toBe("body.password");
  });
  it("requires the CSRF token on session mutations", async () => {
    const { incident } = await seedIncident(t.db);
    const noToken = await api(t.url, { ...pr, csrf: "" }, "POST", `/api/incidents/${incident.id}/ack`, {});
    expect(noToken.status).toBe(403);
    expect(noToken.json.error).toBe("csrf");
    const wrong = await api(t.url, { ...pr, csrf: "forged" }, "POST", `/api/incidents/${incident.id}/ack`, {});
    expect(wrong.status).toBe(403);
    expect((await t.db.prisma.incident.findUniqueOrThrow({ where: { id: incident.id } })).status).toBe("open");
  });
  it("logout ends the session", async () => {
    const s = await login(t.url, ROLE_EMAILS.pr);
    expect((await api(t.url, s, "POST", "/api/auth/logout")).status).toBe(200);
    expect((await api(t.url, s, "GET", "/api/me")).status).toBe(401);
  });
});

describe("API tokens", () => {
  it("a token can do what its scopes and its owner's role allow, without CSRF", async () => {
    const created = await api(t.url, sm, "POST", "/api/tokens", { name: "reader", scopes: ["read"] });
    expect(created.status).toBe(201);
    const bearer = { authorization: `Bearer ${created.json.token}` };
    expect((await api(t.url, null, "GET", "/api/inbox", undefined, bearer)).status).toBe(200);
    const { incident } = await seedIncident(t.db);
    const ack = await api(t.url, null, "POST", `/api/incidents/${incident.id}/ack`, {}, bearer);
    expect(ack.status).toBe(403);
    expect(ack.json.message).toMatch(/incident:ack/);
    const writer = await api(t.url, sm, "POST", "/api/tokens", { name: "acker", scopes: ["read", "incident:ack"] });
    expect((await api(t.url, null, "POST", `/api/incidents/${incident.id}/ack`, {}, { authorization: `Bearer ${writer.json.token}` })).status).toBe(200);
    const row = await t.db.prisma.apiToken.findFirstOrThrow({ where: { name: "acker" } });
    expect(row.tokenHash).not.toBe(writer.json.token);
  });
  it("cannot grant scopes the user does not have", async () => {
    const r = await api(t.url, pr, "POST", "/api/tokens", { name: "sneaky", scopes: ["case:approve"] });
    expect(r.status).toBe(403);
    expect(r.json.message).toMatch(/case:approve/);
  });
});

describe("cases through the API", () => {
  it("takes a case from an incident through all eight steps, with approval rights enforced", async () => {
    const { incident, story } = await seedIncident(t.db, { withStory: true, title: "Guitar story" });
    await seedMention(t.db, { text: "United broke my guitar", handle: "dave", storyId: story!.id });
    expect((await api(t.url, pr, "POST", `/api/incidents/${incident.id}/ack`, { note: "on it" })).json.status).toBe("acknowledged");
    const opened = await api(t.url, pr, "POST", "/api/cases", { incidentId: incident.id });
    expect(opened.status).toBe(201);
    const id = opened.json.id;
    const step = (s: Session, body: Record<string, unknown>) => api(t.url, s, "POST", `/api/cases/${id}/transitions`, body);
    expect((await step(pr, { action: "judge_validity", validity: "valid" })).json.state).toBe("validity_judged");
    expect((await step(pr, { action: "determine_scope", scope: "one passenger, one guitar" })).json.state).toBe("scope_determined");
    expect((await step(pr, { action: "analyse_cause", cause: "handlers threw bags", causeSource: "service" })).json.state).toBe("cause_analysed");
    expect((await step(pr, { action: "propose_resolution", resolution: "repair plus voucher" })).json.state).toBe("resolution_proposed");
    const skip = await step(pr, { action: "carry_out" });
    expect(skip.status).toBe(409);
    expect(skip.json.message).toMatch(/cannot carry_out a case in state resolution_proposed/);
    const prApprove = await step(pr, { action: "approve" });
    expect(prApprove.status).toBe(403);
    expect(prApprove.json.message).toMatch(/case:approve/);
    expect((await step(sm, { action: "reject", reason: "not enough" })).json.state).toBe("cause_analysed");
    expect((await step(pr, { action: "propose_resolution", resolution: "repair, refund and a public apology" })).json.state).toBe("resolution_proposed");
    const approved = await step(sm, { action: "approve" });
    expect(approved.json.state).toBe("approved");
    expect(approved.json.approvedById).toBeGreaterThan(0);
    expect((await step(pr, { action: "carry_out" })).json.state).toBe("carried_out");
    const missing = await step(pr, { action: "review", outcome: "ok" });
    expect(missing.status).toBe(400);
    expect(missing.json.issues[0].field).toBe("body.wonBack");
    expect((await step(pr, { action: "review", outcome: "repaired", wonBack: true, lessons: "answer early" })).json.state).toBe("reviewed");
    expect((await step(pr, { action: "reopen", reason: "he wrote again" })).json.state).toBe("recorded");
    const detail = await api(t.url, exec, "GET", `/api/cases/${id}`);
    expect(detail.json.events.map((e: { kind: string }) => e.kind)).toEqual(["opened", "judge_validity", "determine_scope", "analyse_cause", "propose_resolution", "reject", "propose_resolution", "approve", "carry_out", "review", "reopen"]);
    expect(detail.json.iceberg.label).toMatch(/Estimate/);
    const inc = await api(t.url, exec, "GET", `/api/incidents/${incident.id}`);
    const kinds = inc.json.incident.events.map((e: { kind: string }) => e.kind);
    expect(kinds).toContain("acknowledged");
    expect(kinds.filter((k: string) => k === "case")).toHaveLength(11);
    expect(inc.json.topPosts[0].text).toBe("United broke my guitar");
  });

  it("dismisses as not a complaint / malicious", async () => {
    for (const validity of ["not_a_complaint", "malicious"]) {
      const m = await seedMention(t.db, { text: `just a joke ${validity}` });
      const c = await api(t.url, pr, "POST", "/api/cases", { mentionId: m.id });
      const r = await api(t.url, pr, "POST", `/api/cases/${c.json.id}/transitions`, { action: "judge_validity", validity });
      expect(r.json).toMatchObject({ state: "dismissed", validity });
    }
  });

  it("taxonomy, recovery, replies, waiting and assignment", async () => {
    const m = await seedMention(t.db, { text: "fees are a scam" });
    const id = (await api(t.url, pr, "POST", "/api/cases", { mentionId: m.id })).json.id;
    expect((await api(t.url, pr, "PATCH", `/api/cases/${id}/taxonomy`, { category: "price", servqual: "assurance" })).json.category).toBe("price");
    const bad = await api(t.url, pr, "PATCH", `/api/cases/${id}/taxonomy`, { category: "vibes" });
    expect(bad.status).toBe(400);
    expect(bad.json.issues[0].field).toBe("body.category");
    expect((await api(t.url, pr, "PUT", `/api/cases/${id}/recovery`, { mode: "proactive", remedy: "symbolic", checklist: { regret: true } })).status).toBe(200);
    const badRec = await api(t.url, pr, "PUT", `/api/cases/${id}/recovery`, { remedy: "gold" });
    expect(badRec.json.issues[0].field).toBe("body.remedy");
    expect((await api(t.url, pr, "POST", `/api/cases/${id}/responses`, { channel: "public", text: "Sorry, DM us" })).json.firstResponseAt).toBeTruthy();
    expect((await api(t.url, pr, "POST", `/api/cases/${id}/waiting`, { waiting: true })).json.waitingSince).toBeTruthy();
    const users = (await api(t.url, pr, "GET", "/api/users")).json.items as Array<{ id: number; role: string }>;
    const smUser = users.find((u) => u.role === "service_manager")!;
    const execUser = users.find((u) => u.role === "executive")!;
    expect((await api(t.url, pr, "POST", `/api/cases/${id}/assign`, { ownerId: smUser.id })).json.ownerId).toBe(smUser.id);
    const toExec = await api(t.url, pr, "POST", `/api/cases/${id}/assign`, { ownerId: execUser.id });
    expect(toExec.status).toBe(400);
    expect(toExec.json.issues[0].field).toBe("body.ownerId");
    const labels = await api(t.url, exec, "GET", "/api/labels?field=complaintCategory");
    expect(labels.json.items.some((l: { value: string }) => l.value === "price")).toBe(true);
  });
});

describe("permissions", () => {
  it("an executive gets 403 from every mutating route", async () => {
    const { incident } = await seedIncident(t.db);
    const m = await seedMention(t.db, { text: "x" });
    const c = (await api(t.url, pr, "POST", "/api/cases", { mentionId: m.id })).json;
    const mutating = routes.filter((r) => r.method !== "get" && r.permission !== "read");
    expect(mutating.length).toBeGreaterThan(10);
    for (const r of mutating) {
      const p = r.path.replace("{id}", String(r.path.includes("incidents") ? incident.id : r.path.includes("mentions/") ? m.id : r.path.includes("users/") ? 1 : c.id));
      const res = await api(t.url, exec, r.method.toUpperCase(), p, {});
      expect(res.status, `${r.method} ${r.path}`).toBe(403);
    }
    expect((await t.db.prisma.incident.findUniqueOrThrow({ where: { id: incident.id } })).status).toBe("open");
  });
  it("only admins manage users", async () => {
    const body = { email: "new@acme.test", role: "pr", password: "a long enough password" };
    expect((await api(t.url, sm, "POST", "/api/users", body)).status).toBe(403);
    expect((await api(t.url, admin, "POST", "/api/users", body)).status).toBe(201);
    const dup = await api(t.url, admin, "POST", "/api/users", body);
    expect(dup.status).toBe(400);
    expect(dup.json.issues[0].field).toBe("body.email");
    const badRole = await api(t.url, admin, "POST", "/api/users", { ...body, email: "x@acme.test", role: "god" });
    expect(badRole.json.issues[0].field).toBe("body.role");
  });
  it("refuses to remove the last active admin", async () => {
    const me = await t.db.prisma.user.findUniqueOrThrow({ where: { email: ROLE_EMAILS.admin } });
    const r = await api(t.url, admin, "PATCH", `/api/users/${me.id}`, { role: "pr" });
    expect(r.status).toBe(409);
    expect(r.json.message).toMatch(/last active admin/);
    expect((await t.db.prisma.user.findUniqueOrThrow({ where: { id: me.id } })).role).toBe("admin");
  });
  it("disabling a user ends their sessions", async () => {
    await api(t.url, admin, "POST", "/api/users", { email: "temp@acme.test", role: "pr", password: "a long enough password" });
    const s = await login(t.url, "temp@acme.test", "a long enough password");
    const id = (await t.db.prisma.user.findUniqueOrThrow({ where: { email: "temp@acme.test" } })).id;
    expect((await api(t.url, admin, "PATCH", `/api/users/${id}`, { disabled: true })).status).toBe(200);
    expect((await api(t.url, s, "GET", "/api/me")).status).toBe(401);
  });
});

describe("validation and pagination", () => {
  it("names the field for path, query and body errors", async () => {
    const cases = [
      ["GET", "/api/cases/abc", undefined, "path.id"],
      ["GET", "/api/cases?pageSize=0", undefined, "query.pageSize"],
      ["GET", "/api/cases?state=flying", undefined, "query.state"],
      ["POST", "/api/cases", {}, "body.incidentId"],
      ["POST", "/api/cases", { mentionId: "seven" }, "body.mentionId"],
      ["POST", "/api/cases/1/transitions", { action: "teleport" }, "body.action"],
      ["POST", "/api/cases/1/transitions", { action: "review", wonBack: "yes" }, "body.wonBack"],
      ["POST", "/api/cases/1/transitions", { action: "approve", extra: 1 }, "body"],
      ["POST", "/api/cases", "not json", "body"],
    ] as const;
    for (const [method, p, body, field] of cases) {
      const r = await api(t.url, pr, method, p, body);
      expect(r.status, `${method} ${p}`).toBe(400);
      expect(r.json.error).toBe("validation_failed");
      expect(r.json.issues.map((i: { field: string }) => i.field), `${method} ${p}`).toContain(field);
      expect(r.json.message).toContain(field);
    }
  });
  it("404s name the missing thing", async () => {
    const r = await api(t.url, pr, "POST", "/api/cases", { incidentId: 99999 });
    expect(r.status).toBe(404);
    expect(r.json.message).toMatch(/incident 99999/);
    expect((await api(t.url, pr, "GET", "/api/cases/99999")).status).toBe(404);
  });
  it("paginates with totals", async () => {
    for (let i = 0; i < 3; i++) await seedMention(t.db, { text: `page me ${i}`, publishedAt: new Date(Date.UTC(2026, 0, 1 + i)) });
    const p1 = await api(t.url, exec, "GET", "/api/mentions?q=page%20me&pageSize=2");
    expect(p1.json).toMatchObject({ page: 1, pageSize: 2, total: 3, pages: 2 });
    expect(p1.json.items.map((m: { text: string }) => m.text)).toEqual(["page me 2", "page me 1"]);
    const p2 = await api(t.url, exec, "GET", "/api/mentions?q=page%20me&pageSize=2&page=2");
    expect(p2.json.items.map((m: { text: string }) => m.text)).toEqual(["page me 0"]);
  });
  it("relabels a mention and records a Label", async () => {
    const m = await seedMention(t.db, { text: "love it" });
    const r = await api(t.url, pr, "POST", `/api/mentions/${m.id}/labels`, { field: "sentiment", value: "positive" });
    expect(r.status).toBe(201);
    expect((await t.db.prisma.mention.findUniqueOrThrow({ where: { id: m.id } })).sentimentLabel).toBe("positive");
    const bad = await api(t.url, pr, "POST", `/api/mentions/${m.id}/labels`, { field: "sentiment", value: "ecstatic" });
    expect(bad.json.issues[0].field).toBe("body.value");
    expect((await api(t.url, exec, "POST", `/api/mentions/${m.id}/labels`, { field: "sentiment", value: "negative" })).status).toBe(403);
  });
});

describe("inbox", () => {
  it("orders overdue cases and unacknowledged risky incidents first, and filters", async () => {
    const m = await seedMention(t.db, { text: "overdue one", category: "service" });
    const c = (await api(t.url, pr, "POST", "/api/cases", { mentionId: m.id })).json;
    t.clock.now += 3 * 24 * 3600_000; // past every due date (and past the 12 h session lifetime)
    expect((await api(t.url, exec, "GET", "/api/inbox")).status).toBe(401);
    exec = await login(t.url, ROLE_EMAILS.executive);
    const inbox = await api(t.url, exec, "GET", "/api/inbox");
    const items = inbox.json.items as Array<{ type: string; id: number; overdue: boolean; state: string }>;
    expect(items.find((i) => i.type === "case" && i.id === c.id)).toMatchObject({ overdue: true });
    // Every overdue case ranks above every case that is not overdue.
    const lastOverdue = items.map((i) => i.overdue).lastIndexOf(true);
    const firstOnTime = items.findIndex((i) => i.type === "case" && !i.overdue);
    expect(firstOnTime === -1 || lastOverdue < firstOnTime).toBe(true);
    // An unacknowledged incident outranks an acknowledged one of equal risk.
    const open = items.findIndex((i) => i.type === "incident" && i.state === "open");
    const acked = items.findIndex((i) => i.type === "incident" && i.state === "acknowledged");
    expect(open).toBeGreaterThanOrEqual(0);
    expect(acked).toBeGreaterThan(open);
    const filtered = await api(t.url, exec, "GET", "/api/inbox?category=service");
    expect(filtered.json.items.every((i: { category: string }) => i.category === "service")).toBe(true);
    expect(filtered.json.items.length).toBeGreaterThan(0);
  });
});
