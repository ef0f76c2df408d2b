import { describe, it, expect, beforeEach, afterEach } from "vitest";
import type { Db } from "../../core/db/index.ts";
import { CaseService, CaseError, SYSTEM_ACTOR, type Actor } from "../../cases/case.service.ts";
import { customerHistory, linkHandle } from "../../cases/customer.identity.ts";
import { tempDb, testConfig, seedMention, seedIncident } from "./seed.ts";

const worker: Actor = { label: "pr@acme.test", userId: null, permissions: new Set(["case:work"]) };
const manager: Actor = { label: "sm@acme.test", userId: null, permissions: new Set(["case:work", "case:approve"]) };
const reader: Actor = { label: "exec@acme.test", userId: null, permissions: new Set(["read"]) };
const T0 = new Date("2026-03-02T10:00:00Z"); // a Monday

let db: Db;
let svc: CaseService;
beforeEach(async () => {
  ({ db } = await tempDb());
  svc = new CaseService(db.prisma, testConfig({ cases: { alertChannels: ["log"] } }));
});
afterEach(async () => { await db.close(); });

async function walk(id: number) {
  await svc.transition(id, "judge_validity", { validity: "valid" }, worker, T0);
  await svc.transition(id, "determine_scope", { scope: "one broken guitar" }, worker, T0);
  await svc.transition(id, "analyse_cause", { cause: "baggage handling", causeSource: "service" }, worker, T0);
  await svc.transition(id, "propose_resolution", { resolution: "pay for the repair and apologise" }, worker, T0);
  await svc.transition(id, "approve", {}, manager, T0);
  await svc.transition(id, "carry_out", {}, worker, T0);
  return svc.transition(id, "review", { outcome: "repaired", wonBack: true, lessons: "answer in days, not months" }, worker, T0);
}

describe("CaseService", () => {
  it("opens from an incident, pre-fills from the story's top post, and mirrors events into the 3W timeline", async () => {
    const { incident, story } = await seedIncident(db, { severity: "critical", withStory: true });
    await seedMention(db, { text: "they broke my guitar", handle: "dave", storyId: story!.id, reposts: 50, category: "service", servqual: "reliability" });
    const c = await svc.open({ incidentId: incident.id }, worker, T0);
    expect(c).toMatchObject({ state: "recorded", brandId: "acme-air", incidentId: incident.id, storyId: story!.id, category: "service", servqual: "reliability", severity: "serious" });
    expect(c.customerId).not.toBeNull();
    // serious -> the always-on default policy: first response within 60 minutes of wall time.
    expect(c.firstResponseDue!.toISOString()).toBe("2026-03-02T11:00:00.000Z");
    const reviewed = await walk(c.id);
    expect(reviewed.state).toBe("reviewed");
    expect(reviewed.churned).toBe(false);
    expect(reviewed.closedAt).not.toBeNull();
    const events = await db.prisma.caseEvent.findMany({ where: { caseId: c.id }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.kind)).toEqual(["opened", "judge_validity", "determine_scope", "analyse_cause", "propose_resolution", "approve", "carry_out", "review"]);
    expect(JSON.parse(events[1].before!)).toEqual({ state: "recorded", validity: null });
    expect(JSON.parse(events[1].after!)).toEqual({ state: "validity_judged", validity: "valid" });
    expect(events[5].actor).toBe("sm@acme.test");
    const timeline = await db.prisma.incidentEvent.findMany({ where: { incidentId: incident.id, kind: "case" } });
    expect(timeline).toHaveLength(8);
    expect(timeline[0].message).toContain(`Case #${c.id}: opened`);
  });

  it("opens from an alert (its incident) and explains alerts without one", async () => {
    const { incident } = await seedIncident(db);
    const a = await db.prisma.alert.create({ data: { incidentId: incident.id, rule: "r", kind: "incident_opened", title: "t", summary: "s", fingerprint: "f" } });
    const health = await db.prisma.alert.create({ data: { rule: "r", kind: "source_silent", title: "t", summary: "s", fingerprint: "g" } });
    expect((await svc.open({ alertId: a.id }, worker, T0)).incidentId).toBe(incident.id);
    await expect(svc.open({ alertId: health.id }, worker, T0)).rejects.toMatchObject({ status: 400, field: "alertId" });
    await expect(svc.open({ alertId: 9999 }, worker, T0)).rejects.toMatchObject({ status: 404, field: "alertId" });
  });

  it("refuses approval by someone without approval rights and keeps the state", async () => {
    const m = await seedMention(db, { text: "refund please" });
    const c = await svc.open({ mentionId: m.id }, worker, T0);
    for (const [a, input] of [["judge_validity", { validity: "valid" }], ["determine_scope", { scope: "s" }], ["analyse_cause", { cause: "c" }], ["propose_resolution", { resolution: "r" }]] as const) {
      await svc.transition(c.id, a, input, worker, T0);
    }
    await expect(svc.transition(c.id, "approve", {}, worker, T0)).rejects.toMatchObject({ status: 403 });
    await expect(svc.transition(c.id, "carry_out", {}, worker, T0)).rejects.toMatchObject({ status: 409 });
    expect((await db.prisma.case.findUnique({ where: { id: c.id } }))!.state).toBe("resolution_proposed");
    const r = await svc.transition(c.id, "reject", { reason: "offer more" }, manager, T0);
    expect(r.state).toBe("cause_analysed");
  });

  it("read-only actors cannot open or change cases", async () => {
    const m = await seedMention(db, { text: "meh" });
    await expect(svc.open({ mentionId: m.id }, reader, T0)).rejects.toBeInstanceOf(CaseError);
    const c = await svc.open({ mentionId: m.id }, worker, T0);
    await expect(svc.transition(c.id, "judge_validity", { validity: "valid" }, reader, T0)).rejects.toMatchObject({ status: 403 });
    await expect(svc.setTaxonomy(c.id, { category: "price" }, reader, T0)).rejects.toMatchObject({ status: 403 });
  });

  it("malicious dismissal sets severity, and reopen brings the case back", async () => {
    const m = await seedMention(db, { text: "pay me or I post this everywhere" });
    const c = await svc.open({ mentionId: m.id }, worker, T0);
    const d = await svc.transition(c.id, "judge_validity", { validity: "malicious" }, worker, T0);
    expect(d).toMatchObject({ state: "dismissed", validity: "malicious", severity: "malicious" });
    const r = await svc.transition(c.id, "reopen", { reason: "new evidence" }, worker, T0);
    expect(r.state).toBe("recorded");
    expect(r.closedAt).toBeNull();
  });

  it("taxonomy corrections write Label rows for the learning loop", async () => {
    const m = await seedMention(db, { text: "the fare doubled overnight", category: "service" });
    const c = await svc.open({ mentionId: m.id }, worker, T0);
    await svc.setTaxonomy(c.id, { category: "price", servqual: "assurance", failureType: "outcome" }, worker, T0);
    const labels = await db.prisma.label.findMany({ orderBy: { id: "asc" } });
    expect(labels.map((l) => [l.field, l.value, l.mentionId, l.text])).toEqual([
      ["complaintCategory", "price", m.id, "the fare doubled overnight"],
      ["servqual", "assurance", m.id, "the fare doubled overnight"],
      ["failureType", "outcome", m.id, "the fare doubled overnight"],
    ]);
    await expect(svc.setTaxonomy(c.id, { category: "cheap" }, worker, T0)).rejects.toMatchObject({ status: 400, field: "category" });
  });

  it("a severity correction re-times the SLA clocks", async () => {
    const m = await seedMention(db, { text: "they lost my wheelchair", severity: "general" });
    const c = await svc.open({ mentionId: m.id }, worker, T0);
    expect(c.firstResponseDue!.toISOString()).toBe("2026-03-02T14:00:00.000Z");
    const u = await svc.setTaxonomy(c.id, { severity: "serious" }, worker, new Date("2026-03-02T10:05:00Z"));
    expect(u.firstResponseDue!.toISOString()).toBe("2026-03-02T11:00:00.000Z"); // serious: 60 min, around the clock
    const ev = await db.prisma.caseEvent.findFirstOrThrow({ where: { caseId: c.id, kind: "taxonomy_corrected" } });
    expect(JSON.parse(ev.before!)).toMatchObject({ severity: "general", firstResponseDue: "2026-03-02T14:00:00.000Z" });
    expect(await db.prisma.label.count({ where: { field: "severity", value: "serious" } })).toBe(1);
  });

  it("validates the recovery plan and records before/after", async () => {
    const m = await seedMention(db, { text: "lost bag" });
    const c = await svc.open({ mentionId: m.id }, worker, T0);
    await svc.setRecovery(c.id, { mode: "reactive", remedy: "above_value", checklist: { regret: true, restitution: true }, publicReply: "We are sorry" }, worker, T0);
    const d = await svc.detail(c.id, T0);
    expect(d.case.recovery).toMatchObject({ mode: "reactive", remedy: "above_value", checklist: { regret: true, reform: false, restitution: true, recovery: false } });
    await expect(svc.setRecovery(c.id, { remedy: "huge" }, worker, T0)).rejects.toMatchObject({ status: 400, field: "recovery.remedy" });
  });

  it("recognises a repeat complainer across handles", async () => {
    const first = await seedMention(db, { text: "my guitar is broken", handle: "dave_c", publishedAt: new Date("2025-06-10T10:00:00Z") });
    const c1 = await svc.open({ mentionId: first.id }, worker, new Date("2025-06-10T11:00:00Z"));
    await linkHandle(db.prisma, c1.customerId!, "email", "dave@example.test");
    const other = await seedMention(db, { text: "still no answer", handle: "dave@example.test", platform: "email", publishedAt: new Date("2025-09-01T10:00:00Z") });
    await seedMention(db, { text: "third time asking", handle: "dave_c", publishedAt: new Date("2025-12-01T10:00:00Z") });
    await seedMention(db, { text: "ok I'll write a song", handle: "dave_c", publishedAt: new Date("2026-03-01T10:00:00Z") });
    const c2 = await svc.open({ mentionId: other.id }, worker, T0);
    expect(c2.customerId).toBe(c1.customerId);
    const h = await customerHistory(db.prisma, c1.customerId!, T0);
    expect(h.complaints).toBe(4);
    expect(h.months).toBe(9);
    expect(h.summary).toBe("complained 4 times in 9 months");
    const d = await svc.detail(c2.id, T0);
    expect(d.customer!.summary).toBe("complained 4 times in 9 months");
    // Two cases, one person: one complainer, about 25 unhappy customers, 24 of them silent.
    expect(d.iceberg).toMatchObject({ complainers: 1, unhappy: 25, silent: 24, toldLow: 250, toldHigh: 500 });
    expect(d.iceberg.label).toMatch(/Estimate/);
  });

  it("raises SLA breaches once, on the case and through the outbox", async () => {
    const m = await seedMention(db, { text: "no reply for hours", severity: "general" });
    const c = await svc.open({ mentionId: m.id }, worker, T0);
    // general -> business calendar 09-17 UTC: first response 4 business hours -> 14:00.
    expect(c.firstResponseDue!.toISOString()).toBe("2026-03-02T14:00:00.000Z");
    expect(await svc.checkSla(new Date("2026-03-02T13:59:00Z"))).toEqual([]);
    const b = await svc.checkSla(new Date("2026-03-02T14:01:00Z"));
    expect(b.map((x) => x.kind)).toEqual(["first_response"]);
    expect(await svc.checkSla(new Date("2026-03-02T14:05:00Z"))).toEqual([]);
    const row = await db.prisma.case.findUniqueOrThrow({ where: { id: c.id } });
    expect(JSON.parse(row.breaches)).toHaveLength(1);
    const alerts = await db.prisma.alert.findMany({ include: { deliveries: true } });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ rule: "case-sla", fingerprint: `case-sla:${c.id}:first_response` });
    expect(alerts[0].deliveries.map((d) => d.channel)).toEqual(["log"]);
    expect((await db.prisma.caseEvent.findMany({ where: { caseId: c.id, kind: "sla_breached" } }))).toHaveLength(1);
  });

  it("a reply stops the first-response clock and starts the next-response one", async () => {
    const m = await seedMention(db, { text: "hello?" });
    const c = await svc.open({ mentionId: m.id }, worker, T0);
    const r = await svc.respond(c.id, { channel: "public", text: "We are looking into it" }, worker, new Date("2026-03-02T11:00:00Z"));
    expect(r.firstResponseAt!.toISOString()).toBe("2026-03-02T11:00:00.000Z");
    expect(r.nextResponseDue!.toISOString()).toBe("2026-03-03T11:00:00.000Z"); // 8 business hours
    expect(await svc.checkSla(new Date("2026-03-02T15:00:00Z"))).toEqual([]);
  });

  it("waiting on the customer pauses the clocks and pushes due dates by the paused business time", async () => {
    const m = await seedMention(db, { text: "hello?" });
    const c = await svc.open({ mentionId: m.id }, worker, T0);
    await svc.setWaiting(c.id, true, worker, new Date("2026-03-02T11:00:00Z"));
    // Paused: nothing breaches even long after the due time.
    expect(await svc.checkSla(new Date("2026-03-02T16:00:00Z"))).toEqual([]);
    const r = await svc.setWaiting(c.id, false, worker, new Date("2026-03-02T13:00:00Z"));
    expect(r.firstResponseDue!.toISOString()).toBe("2026-03-02T16:00:00.000Z"); // 14:00 + 2h paused
    expect(r.pausedMs).toBe(2 * 3600_000);
    const kinds = (await db.prisma.caseEvent.findMany({ where: { caseId: c.id } })).map((e) => e.kind);
    expect(kinds).toEqual(["opened", "waiting_on_customer", "customer_replied"]);
  });

  it("opens cases automatically for incidents at or above the configured severity", async () => {
    const auto = new CaseService(db.prisma, testConfig({ cases: { autoOpen: { minSeverity: "critical" } } }));
    await seedIncident(db, { severity: "warning" });
    const { incident } = await seedIncident(db, { severity: "critical" });
    const opened = await auto.autoOpen(T0);
    expect(opened).toHaveLength(1);
    expect((await db.prisma.case.findUniqueOrThrow({ where: { id: opened[0] } })).incidentId).toBe(incident.id);
    expect(await auto.autoOpen(T0)).toEqual([]);
    const ev = await db.prisma.caseEvent.findFirstOrThrow({ where: { caseId: opened[0] } });
    expect(ev.actor).toBe("rule:cases.autoOpen");
    void SYSTEM_ACTOR;
  });

  it("a concurrent step on the same case loses instead of double-stepping", async () => {
    const m = await seedMention(db, { text: "x" });
    const c = await svc.open({ mentionId: m.id }, worker, T0);
    const results = await Promise.allSettled([
      svc.transition(c.id, "judge_validity", { validity: "valid" }, worker, T0),
      svc.transition(c.id, "judge_validity", { validity: "not_a_complaint" }, worker, T0),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db.prisma.caseEvent.count({ where: { caseId: c.id, kind: "judge_validity" } })).toBe(1);
  });
});
