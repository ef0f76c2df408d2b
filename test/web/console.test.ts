import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { startTestServer, login, api, ROLE_EMAILS, PASSWORD, type TestServer, type Session } from "./helpers.ts";
import { seedMention, seedIncident } from "../cases/seed.ts";
import { en, zhCN } from "../../web/console/i18n.ts";
import { h, esc, safeUrl } from "../../web/console/html.ts";

const XSS = "<img src=x onerror=alert(1)>";
let t: TestServer;
let pr: Session, exec: Session;
beforeAll(async () => {
  t = await startTestServer();
  pr = await login(t.url, ROLE_EMAILS.pr);
  exec = await login(t.url, ROLE_EMAILS.executive);
});
afterAll(async () => { await t.close(); });

const page = (s: Session, p: string) => api(t.url, s, "GET", p);
const post = (s: Session | null, p: string, form: Record<string, string>, cookie?: string) =>
  fetch(`${t.url}${p}`, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded", ...(s ? { cookie: s.cookie } : cookie ? { cookie } : {}) }, body: new URLSearchParams(form).toString() });

describe("console", () => {
  it("escapes post text, titles and author names everywhere", async () => {
    const { incident, story } = await seedIncident(t.db, { title: `Spike ${XSS}`, withStory: true });
    const m = await seedMention(t.db, { text: XSS, handle: `"><script>x()</script>`, storyId: story!.id });
    const c = (await api(t.url, pr, "POST", "/api/cases", { mentionId: m.id, title: `Case ${XSS}` })).json;
    for (const p of ["/", `/incidents/${incident.id}`, `/cases/${c.id}`, "/cases", "/ui/inbox-rows"]) {
      const r = await page(pr, p);
      expect(r.status, p).toBe(200);
      expect(r.text, p).not.toContain("<img src=x");
      expect(r.text, p).not.toContain("<script>x()");
    }
    const casePage = (await page(pr, `/cases/${c.id}`)).text;
    expect(casePage).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(casePage).toContain("&quot;&gt;&lt;script&gt;x()&lt;/script&gt;");
  });

  it("sends a strict Content-Security-Policy", async () => {
    const r = await page(pr, "/");
    expect(r.headers.get("content-security-policy")).toMatch(/script-src 'self'/);
    expect(r.headers.get("x-frame-options")).toBe("DENY");
  });

  it("redirects to the login page without a session, and the login form works with its nonce", async () => {
    const r = await fetch(`${t.url}/`, { redirect: "manual" });
    expect(r.status).toBe(303);
    expect(r.headers.get("location")).toMatch(/^\/login/);
    const form = await fetch(`${t.url}/login`);
    const nonceCookie = form.headers.get("set-cookie")!.split(";")[0];
    const nonce = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1];
    const bad = await post(null, "/login", { email: ROLE_EMAILS.pr, password: PASSWORD, _csrf: "forged" }, nonceCookie);
    expect(bad.headers.get("location")).toBe("/login?error=expired");
    const injected = await fetch(`${t.url}/login?error=${encodeURIComponent("Call +1 555 0100 to verify")}`);
    expect(await injected.text()).not.toContain("555 0100");
    const ok = await post(null, "/login", { email: ROLE_EMAILS.pr, password: PASSWORD, _csrf: nonce }, nonceCookie);
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toBe("/");
    expect(ok.headers.get("set-cookie")).toMatch(/earshot_session=.*HttpOnly.*SameSite=Strict/i);
  });

  it("form posts need the CSRF token", async () => {
    const { incident } = await seedIncident(t.db);
    const noCsrf = await post(pr, `/ui/incidents/${incident.id}/ack`, {});
    expect(noCsrf.status).toBe(403);
    const ok = await post(pr, `/ui/incidents/${incident.id}/ack`, { _csrf: pr.csrf });
    expect(ok.status).toBe(303);
    expect((await t.db.prisma.incident.findUniqueOrThrow({ where: { id: incident.id } })).status).toBe("acknowledged");
  });

  it("an executive sees no action buttons and the server refuses their form posts", async () => {
    const { incident } = await seedIncident(t.db);
    const m = await seedMention(t.db, { text: "slow refund" });
    const c = (await api(t.url, pr, "POST", "/api/cases", { mentionId: m.id })).json;
    const incPage = (await page(exec, `/incidents/${incident.id}`)).text;
    expect(incPage).not.toContain(`/ui/incidents/${incident.id}/ack`);
    const casePage = (await page(exec, `/cases/${c.id}`)).text;
    expect(casePage).not.toContain(`action="/ui/cases/${c.id}/step"`);
    expect(casePage).toContain("Read-only");
    for (const [p, f] of [[`/ui/incidents/${incident.id}/ack`, {}], ["/ui/cases", { incidentId: String(incident.id) }], [`/ui/cases/${c.id}/step`, { action: "judge_validity", validity: "valid" }],
      [`/ui/cases/${c.id}/taxonomy`, { category: "price" }], [`/ui/cases/${c.id}/assign`, { ownerId: "1" }], [`/ui/cases/${c.id}/respond`, { text: "hi" }]] as const) {
      const r = await post(exec, p, { ...f, _csrf: exec.csrf });
      expect(r.status, p).toBe(403);
    }
    expect((await t.db.prisma.case.findUniqueOrThrow({ where: { id: c.id } })).state).toBe("recorded");
  });

  it("relabels a post from the page (Label row), and refuses values it does not offer", async () => {
    const { incident } = await seedIncident(t.db);
    const m = await seedMention(t.db, { text: "is the lounge open?", publishedAt: incident.detectedAt });
    const html = (await page(pr, `/incidents/${incident.id}`)).text;
    expect(html).toContain(`action="/ui/mentions/${m.id}/label"`);
    const r = await post(pr, `/ui/mentions/${m.id}/label`, { label: "complaintKind=question", back: `/incidents/${incident.id}`, _csrf: pr.csrf });
    expect(r.status).toBe(303);
    expect(r.headers.get("location")).toBe(`/incidents/${incident.id}`);
    expect((await t.db.prisma.mention.findUniqueOrThrow({ where: { id: m.id } })).complaintKind).toBe("question");
    expect(await t.db.prisma.label.count({ where: { mentionId: m.id, field: "complaintKind", value: "question", actor: ROLE_EMAILS.pr } })).toBe(1);
    expect((await post(pr, `/ui/mentions/${m.id}/label`, { label: "complaintKind=rant", _csrf: pr.csrf })).status).toBe(400);
    expect((await post(exec, `/ui/mentions/${m.id}/label`, { label: "complaintKind=none", _csrf: exec.csrf })).status).toBe(403);
    expect((await page(exec, `/incidents/${incident.id}`)).text).not.toContain("/ui/mentions/");
  });

  it("switches language per user", async () => {
    const s = await login(t.url, ROLE_EMAILS.service_manager);
    const r = await post(s, "/ui/locale", { locale: "zh-CN", _csrf: s.csrf });
    expect(r.status).toBe(303);
    const zh = (await page(s, "/")).text;
    expect(zh).toContain('<html lang="zh-CN">');
    expect(zh).toContain("待办");
    expect((await page(pr, "/")).text).toContain("Inbox");
  });

  it("works the eight steps through forms", async () => {
    const m = await seedMention(t.db, { text: "form flow" });
    const c = (await api(t.url, pr, "POST", "/api/cases", { mentionId: m.id })).json;
    const sm = await login(t.url, ROLE_EMAILS.service_manager);
    const steps: Array<[Session, Record<string, string>]> = [
      [pr, { action: "judge_validity", validity: "valid" }], [pr, { action: "determine_scope", scope: "s" }], [pr, { action: "analyse_cause", cause: "c", causeSource: "company" }],
      [pr, { action: "propose_resolution", resolution: "r" }], [sm, { action: "approve" }], [pr, { action: "carry_out" }], [pr, { action: "review", outcome: "o", wonBack: "false", lessons: "l" }],
    ];
    for (const [s, f] of steps) expect((await post(s, `/ui/cases/${c.id}/step`, { ...f, _csrf: s.csrf })).status).toBe(303);
    const row = await t.db.prisma.case.findUniqueOrThrow({ where: { id: c.id } });
    expect(row).toMatchObject({ state: "reviewed", churned: true, causeSource: "company" });
    const refused = await post(pr, `/ui/cases/${c.id}/step`, { action: "approve", _csrf: pr.csrf });
    expect(refused.status).toBe(409);
  });
});

describe("html helpers and i18n", () => {
  it("escapes by default", () => {
    expect(h`<p>${XSS}</p>`.html).toBe("<p>&lt;img src=x onerror=alert(1)&gt;</p>");
    expect(esc(`'"&`)).toBe("&#39;&quot;&amp;");
    expect(safeUrl("javascript:alert(1)")).toBeNull();
    expect(safeUrl("https://example.test/a")).toBe("https://example.test/a");
  });
  it("has a Simplified Chinese string for every English one", () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
  });
});
