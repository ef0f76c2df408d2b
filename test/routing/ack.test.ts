// Signed acknowledge links (pure) and acknowledgement on a real SQLite database:
// alert rows, incident status and the 3W timeline entry, idempotent.
import { afterEach, describe, expect, it } from "vitest";
import { acknowledge, acknowledgeByToken, createAckToken, createAckUrl, resolveAckSecret, verifyAckToken } from "../../alerts/ack.ts";
import { ConfigError } from "../../core/errors.ts";
import { makeApp } from "../helpers/app.ts";

const SECRET = "ack-secret-0123456789abcdef";
const T0 = Date.parse("2026-11-24T10:00:00Z");
const HOUR = 3_600_000;
const claims = { fingerprint: "rule:acme-air:story:9", incidentId: 9, receiver: "oncall" };

describe("ack tokens", () => {
  it("round-trips claims until expiry", () => {
    const t = createAckToken(claims, SECRET, { now: T0, ttlMs: 2 * HOUR });
    expect(verifyAckToken(t, SECRET, T0 + HOUR)).toEqual({ ok: true, claims: { ...claims, expiresAt: T0 + 2 * HOUR } });
    expect(verifyAckToken(t, SECRET, T0 + 2 * HOUR)).toEqual({ ok: false, reason: "expired" });
  });
  it("rejects another secret, tampering and garbage", () => {
    const t = createAckToken(claims, SECRET, { now: T0, ttlMs: HOUR });
    expect(verifyAckToken(t, "another-secret-0123456789", T0)).toEqual({ ok: false, reason: "bad_signature" });
    const [body, sig] = t.split(".");
    const forged = Buffer.from(JSON.stringify({ f: "other", i: 1, r: null, e: 9e9 })).toString("base64url");
    expect(verifyAckToken(`${forged}.${sig}`, SECRET, T0)).toEqual({ ok: false, reason: "bad_signature" });
    expect(verifyAckToken(`${body}.${sig}x`, SECRET, T0).ok).toBe(false);
    expect(verifyAckToken("not-a-token", SECRET, T0)).toEqual({ ok: false, reason: "malformed" });
  });
  it("builds a URL on the public base", () => {
    const url = createAckUrl("https://earshot.example/", claims, SECRET, { now: T0, ttlMs: HOUR });
    expect(url).toMatch(/^https:\/\/earshot\.example\/api\/ack\?token=[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(verifyAckToken(new URL(url).searchParams.get("token")!, SECRET, T0).ok).toBe(true);
  });
  it("needs a secret of at least 16 characters, from config or EARSHOT_ACK_SECRET", () => {
    expect(() => resolveAckSecret(undefined, {})).toThrow(ConfigError);
    expect(() => resolveAckSecret("short", {})).toThrow(/too short/);
    expect(resolveAckSecret(undefined, { EARSHOT_ACK_SECRET: SECRET })).toBe(SECRET);
  });
});

const closers: Array<() => Promise<void>> = [];
afterEach(async () => { while (closers.length) await closers.pop()!(); });

async function seed() {
  const app = await makeApp({});
  closers.push(() => app.db.close());
  const p = app.db.prisma;
  const inc = await p.incident.create({ data: { brandId: "acme-air", kind: "story", dedupKey: "k@1", title: "Broken guitar", detectedAt: new Date(T0) } });
  for (const kind of ["incident_opened", "escalated"]) {
    await p.alert.create({ data: { incidentId: inc.id, brandId: "acme-air", rule: "r", kind, title: "t", summary: "s", fingerprint: "fp-1", status: "dispatched" } });
  }
  await p.alert.create({ data: { incidentId: inc.id, brandId: "acme-air", rule: "r", kind: "incident_opened", title: "t", summary: "s", fingerprint: "fp-other", status: "dispatched" } });
  return { p, incidentId: inc.id };
}

describe("acknowledge", () => {
  it("acknowledges every alert of the fingerprint, the incident, and writes the 3W timeline once", async () => {
    const { p, incidentId } = await seed();
    const token = createAckToken({ fingerprint: "fp-1", incidentId, receiver: "oncall" }, SECRET, { now: T0, ttlMs: HOUR });
    const r = await acknowledgeByToken(p, token, SECRET, "ana@acme.example", new Date(T0 + 60_000));
    expect(r).toMatchObject({ ok: true, result: { alerts: 2, incidentAcknowledged: true, alreadyAcknowledged: false } });
    const alerts = await p.alert.findMany({ orderBy: { id: "asc" } });
    expect(alerts.map((a) => [a.fingerprint, a.status, a.acknowledgedBy])).toEqual([
      ["fp-1", "acknowledged", "ana@acme.example"], ["fp-1", "acknowledged", "ana@acme.example"], ["fp-other", "dispatched", null],
    ]);
    const inc = await p.incident.findUniqueOrThrow({ where: { id: incidentId } });
    expect([inc.status, inc.acknowledgedBy, inc.acknowledgedAt?.getTime()]).toEqual(["acknowledged", "ana@acme.example", T0 + 60_000]);
    const again = await acknowledge(p, { fingerprint: "fp-1", incidentId }, "bob", "api", new Date(T0 + 120_000));
    expect(again).toEqual({ alerts: 0, incidentAcknowledged: false, alreadyAcknowledged: true });
    const events = await p.incidentEvent.findMany({ where: { incidentId, kind: "acknowledged" } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actor: "ana@acme.example", message: "Acknowledged by ana@acme.example via link (notified receiver: oncall)" });
  });

  it("refuses an expired link without touching the database", async () => {
    const { p, incidentId } = await seed();
    const token = createAckToken({ fingerprint: "fp-1", incidentId, receiver: null }, SECRET, { now: T0, ttlMs: HOUR });
    expect(await acknowledgeByToken(p, token, SECRET, "ana", new Date(T0 + 2 * HOUR))).toEqual({ ok: false, reason: "expired" });
    expect(await p.alert.count({ where: { status: "acknowledged" } })).toBe(0);
  });
});

describe("acknowledgement reaches PagerDuty", () => {
  it("sends event_action acknowledge with the trigger's dedup_key, once", async () => {
    const { startServer } = await import("../helpers/server.ts");
    const { DeliveryWorker } = await import("../../alerts/delivery-worker.ts");
    const { HttpClient } = await import("../../core/http.ts");
    const { enqueueAlert } = await import("../../alerts/outbox.ts");
    const { eventFor } = await import("../notifiers/fixtures.ts");
    const pd = await startServer({ "/v2/enqueue": (_q, r) => { r.statusCode = 202; r.end(JSON.stringify({ status: "success" })); } });
    closers.push(() => pd.close());
    const app = await makeApp({
      channels: [
        { name: "pager", type: "pagerduty", params: { routingKey: "${PD_KEY}", url: `${pd.url}/v2/enqueue`, allowPrivateNetwork: true } },
        { name: "chat", type: "log", params: {} },
      ],
    }, undefined, { PD_KEY: "R0UTINGKEY-ack-0123456789abcdef" });
    closers.push(() => app.db.close());
    const p = app.db.prisma;
    const inc = await p.incident.create({ data: { brandId: "acme-air", kind: "story", dedupKey: "pd@1", title: "Broken guitar", detectedAt: new Date(T0) } });
    const { alertId: _x, ...ev } = eventFor("incident_opened");
    const event = { ...ev, incident: { ...ev.incident!, id: inc.id } };
    await enqueueAlert(p, app.config, { kind: "incident_opened", rule: "r", severity: "warning", title: "t", summary: "s", brandId: "acme-air", incidentId: inc.id, fingerprint: "fp-pd", event, channels: ["pager", "chat"] }, new Date(T0));
    const worker = new DeliveryWorker(p, app.config, { http: new HttpClient({ retries: 0 }) });
    await worker.runOnce(new Date(T0 + 1000));
    const token = createAckToken({ fingerprint: "fp-pd", incidentId: inc.id, receiver: "oncall" }, SECRET, { now: T0, ttlMs: HOUR });
    await acknowledgeByToken(p, token, SECRET, "ana", new Date(T0 + 60_000), app.config);
    await acknowledgeByToken(p, token, SECRET, "ana", new Date(T0 + 61_000), app.config); // second click: nothing more
    await worker.runOnce(new Date(T0 + 120_000));
    const bodies = pd.requests.map((r) => JSON.parse(r.body.toString()));
    expect(bodies.map((b) => b.event_action)).toEqual(["trigger", "acknowledge"]);
    expect(bodies[1].dedup_key).toBe(bodies[0].dedup_key);
    expect(bodies[1].routing_key).toBe("R0UTINGKEY-ack-0123456789abcdef");
    expect(await p.delivery.count({ where: { channel: "chat" } })).toBe(1);
  });
});
