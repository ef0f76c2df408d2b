// End-to-end: the real monitor process (startMonitor: pipeline, incidents, web server)
// driven by real headless Chromium through playwright-core. A replayed spike must
// appear in the open inbox without a reload, be acknowledged with one key, become a
// case and go through all eight steps; an executive cannot change anything; a post
// whose text is an HTML payload renders as text. Screenshots go to test-artifacts/.
import fs from "node:fs";
import path from "node:path";
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { chromium, type Browser, type Page, type Locator } from "playwright-core";
import { buildConfigSchema } from "../../core/config/schema.ts";
import { startMonitor, type Monitor } from "../../core/app.ts";
import { replayFile } from "../../core/replay.ts";
import { addUser } from "../../web/auth/users.ts";
import { tmpDir } from "../helpers/tmp.ts";

const CHROMIUM = process.env.EARSHOT_CHROMIUM ?? "/usr/bin/chromium";
const ARTIFACTS = path.resolve("test-artifacts");
const FIXTURE = path.resolve("test/e2e/fixtures/guitar-spike.jsonl");
const XSS = "<img src=x onerror=alert(1)>";
const PASSWORD = "a very long test password";

let monitor: Monitor;
let browser: Browser;
let base: string;
const dialogs: string[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install it (apt-get install -y chromium) or set EARSHOT_CHROMIUM to a Chromium binary. The end-to-end tests cannot run without a real browser.`);
  }
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const dir = tmpDir("earshot-e2e-");
  delete process.env.DATABASE_URL;
  const config = buildConfigSchema().parse({
    brands: [{ id: "acme-air", name: "Acme Air", keywords: ["acme"] }],
    channels: [{ name: "log", type: "log", params: {} }],
    alerts: { rules: [{ id: "spike", kind: "volume_spike", channels: ["log"], params: { windowMinutes: 30, baselineHours: 3, factor: 2, sd: 1, minCount: 4, cooldownMinutes: 60 } }] },
    database: { url: `file:${path.join(dir, "e2e.db")}` },
    server: { host: "127.0.0.1", port: 0 },
  });
  monitor = await startMonitor(config, { runAtStart: false });
  base = monitor.web.url;
  for (const [email, role] of [["pr@acme.test", "pr"], ["sm@acme.test", "service_manager"], ["exec@acme.test", "executive"]]) {
    await addUser(monitor.app.db.prisma, { email, role, password: PASSWORD, name: role });
  }
  browser = await chromium.launch({
    executablePath: CHROMIUM, headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await monitor?.stop();
});

/** playwright-core has no web-first assertions: poll a locator's text until it matches (or fail with what it saw). */
async function expectText(loc: Locator, want: string | RegExp, timeout = 10_000): Promise<void> {
  const deadline = Date.now() + timeout;
  let seen = "";
  while (Date.now() < deadline) {
    // A navigation in progress destroys the context: read again once the new page is there.
    seen = await loc.allTextContents().then((x) => x.join(" | "), () => seen);
    if (typeof want === "string" ? seen.includes(want) : want.test(seen)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  expect(seen, `text of ${loc}`).toMatch(typeof want === "string" ? new RegExp(want.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")) : want);
}

/** Runs an action that submits a form or follows a link, and waits for the new page to load. */
async function navigates(page: Page, action: () => Promise<unknown>): Promise<void> {
  await Promise.all([page.waitForEvent("load", { timeout: 15_000 }), action()]);
}

async function expectVisible(loc: Locator): Promise<void> {
  await loc.waitFor({ state: "visible", timeout: 10_000 });
}

/** Visible form controls without an accessible name (label, aria-label or wrapping label): must be none. */
async function unlabelledControls(page: Page): Promise<string[]> {
  return page.evaluate(() => Array.from(document.querySelectorAll("input, select, textarea, button"))
    .filter((el) => (el as HTMLInputElement).type !== "hidden")
    .filter((el) => {
      const e = el as HTMLInputElement;
      const named = (e.labels && e.labels.length > 0) || e.getAttribute("aria-label") || (e.tagName === "BUTTON" && e.textContent!.trim());
      return !named;
    })
    .map((el) => el.outerHTML.slice(0, 120)));
}

async function loginAs(email: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
  const ctx = await browser.newContext({ viewport });
  const page = await ctx.newPage();
  page.on("dialog", (d) => { dialogs.push(d.message()); void d.dismiss(); });
  page.on("pageerror", (err) => pageErrors.push(err.message));
  await page.goto(`${base}/login`);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL(`${base}/`);
  return page;
}

async function step(page: Page, fields: Record<string, string>, radio?: string) {
  for (const [name, value] of Object.entries(fields)) await page.locator(`form.step-form [name="${name}"]`).fill(value);
  if (radio) await page.locator(`form.step-form input[type=radio][name="wonBack"][value="${radio}"]`).check();
  await navigates(page, () => page.locator("form.step-form button[name=do]").first().click());
}

describe("triage console in Chromium", () => {
  let caseUrl = "";

  it("a replayed incident appears live, is acknowledged with one key, and its case goes through all eight steps", async () => {
    const page = await loginAs("pr@acme.test");
    await expectText(page.locator("#inbox-rows"), "Nothing needs attention");

    // The incident arrives while the inbox is open: polling must show it without a reload.
    const summary = await replayFile(monitor.app, { file: FIXTURE, progress: "none" });
    expect(summary.incidentsOpened).toBe(1);
    // The exact payload as a post of its own (the replay fixture's copy carries the brand name).
    const incident = await monitor.app.db.prisma.incident.findFirstOrThrow();
    await monitor.app.db.prisma.mention.create({ data: {
      sourceId: "replay-guitar-spike", externalId: "xss-exact", brandId: "acme-air", platform: "replay", contentHash: "xss", text: XSS,
      publishedAt: incident.detectedAt, fetchedAt: incident.detectedAt, reposts: 999, complaintKind: "complaint", sentimentLabel: "negative",
    } });
    const row = page.locator("#inbox-rows tr.row", { hasText: "Mention volume spike" });
    // Generous: the machine running the suite may be busy; the console polls every 4 s.
    await row.waitFor({ timeout: 40_000 });
    await page.screenshot({ path: path.join(ARTIFACTS, "inbox.png"), fullPage: true });
    expect(await unlabelledControls(page)).toEqual([]);
    expect(await page.getAttribute("html", "lang")).toBe("en");

    // Keyboard: j focuses the first row, Enter opens it, a acknowledges.
    await page.keyboard.press("j");
    await page.waitForFunction(() => document.activeElement?.matches("tr.row[data-type=incident]"));
    await Promise.all([page.waitForURL(/\/incidents\/\d+$/), page.keyboard.press("Enter")]);
    expect(await page.locator("svg[role=img]").count()).toBe(1);
    await expectVisible(page.locator("li.post .text", { hasText: XSS }).first());
    await navigates(page, () => page.keyboard.press("a"));
    await expectText(page.locator("#incident-status"), "acknowledged");
    await expectText(page.locator("ol.timeline"), "Acknowledged by pr@acme.test");

    // c opens a case from the incident.
    await Promise.all([page.waitForURL(/\/cases\/\d+$/), page.keyboard.press("c")]);
    caseUrl = page.url();
    await expectText(page.locator("#case-state"), "Recorded");
    await navigates(page, () => page.keyboard.press("v"));
    await expectText(page.locator("#case-state"), "Validity judged");
    await step(page, { scope: "One passenger's guitar and the handling of his claim" });
    await step(page, { cause: "Bags thrown during loading; claims bounced between departments" });
    await step(page, { resolution: "Repair the guitar, apologise publicly, donate to a music school" });
    await expectText(page.locator("#case-state"), "Resolution proposed");
    await expectVisible(page.getByText("Needs approval by a service manager or admin"));
    expect(await page.getByRole("button", { name: "Approve" }).count()).toBe(0);

    const sm = await loginAs("sm@acme.test");
    await sm.goto(caseUrl);
    await navigates(sm, () => sm.getByRole("button", { name: "Approve" }).click());
    await expectText(sm.locator("#case-state"), "Approved");
    await sm.context().close();

    await page.reload();
    await step(page, {});
    await expectText(page.locator("#case-state"), "Carried out");
    await step(page, { outcome: "Guitar repaired; he posted a thank-you", lessons: "Answer in hours, give agents authority to pay" }, "true");
    await expectText(page.locator("#case-state"), "Reviewed");
    await expectText(page.locator("ol.steps li.current"), "8.");
    await expectText(page.locator("#case-events"), "review");
    await expectText(page.locator("#iceberg"), "25");
    await expectVisible(page.locator("li.post .text", { hasText: XSS }).first());
    await page.screenshot({ path: path.join(ARTIFACTS, "case.png"), fullPage: true });
    expect(await unlabelledControls(page)).toEqual([]);

    // The incident's 3W timeline shows the case's steps.
    await page.goto(`${base}/incidents/${incident.id}`);
    await expectText(page.locator("ol.timeline"), /Case #\d+: approve/);

    // Phone width: the inbox is still usable (stacked rows).
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/`);
    await page.screenshot({ path: path.join(ARTIFACTS, "inbox-phone.png"), fullPage: true });
    await page.context().close();
  }, 180_000);

  it("an executive can look but cannot change anything", async () => {
    const page = await loginAs("exec@acme.test");
    await expectVisible(page.getByText("Read-only"));
    await page.goto(caseUrl);
    expect(await page.locator("form.step-form").count()).toBe(0);
    expect(await page.getByRole("button", { name: "Assign to me" }).count()).toBe(0);
    const incident = await monitor.app.db.prisma.incident.findFirstOrThrow();
    await page.goto(`${base}/incidents/${incident.id}`);
    expect(await page.getByRole("button", { name: /Acknowledge|Open case/ }).count()).toBe(0);
    // Even a hand-made request with a valid CSRF token is refused by the server.
    const status = await page.evaluate(async (caseUrl) => {
      const csrf = (document.querySelector('input[name="_csrf"]') as HTMLInputElement).value;
      const id = caseUrl.split("/").pop();
      const r = await fetch(`/api/cases/${id}/transitions`, { method: "POST", headers: { "content-type": "application/json", "x-csrf-token": csrf }, body: JSON.stringify({ action: "reopen", reason: "exec" }) });
      return r.status;
    }, caseUrl);
    expect(status).toBe(403);
    expect((await monitor.app.db.prisma.case.findFirstOrThrow()).state).toBe("reviewed");
    await page.context().close();
  }, 60_000);

  it("one-key dismissal from the inbox (n on a focused case row)", async () => {
    const page = await loginAs("pr@acme.test");
    const mention = await monitor.app.db.prisma.mention.findFirstOrThrow({ where: { text: { contains: "video" } } });
    const created = await page.evaluate(async (mentionId) => {
      const csrf = (document.querySelector('input[name="_csrf"]') as HTMLInputElement).value;
      const r = await fetch("/api/cases", { method: "POST", headers: { "content-type": "application/json", "x-csrf-token": csrf }, body: JSON.stringify({ mentionId }) });
      return (await r.json()) as { id: number };
    }, mention.id);
    await page.reload();
    const row = page.locator(`#inbox-rows tr.row[data-type="case"][data-id="${created.id}"]`);
    await row.waitFor();
    await expectText(page.locator("#complaint-counts"), "Open cases");
    await row.focus();
    await page.keyboard.press("n");
    await expectText(page.locator("#action-status"), `#${created.id} dismissed`);
    await row.waitFor({ state: "detached", timeout: 10_000 });
    expect((await monitor.app.db.prisma.case.findUniqueOrThrow({ where: { id: created.id } })).validity).toBe("not_a_complaint");
    await page.context().close();
  }, 60_000);

  it("post text is never executed", async () => {
    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);
    const page = await loginAs("pr@acme.test");
    const incident = await monitor.app.db.prisma.incident.findFirstOrThrow();
    await page.goto(`${base}/incidents/${incident.id}`);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.locator("li.post .text").allTextContents()).toContain(XSS);
    await page.context().close();
  }, 60_000);
});
