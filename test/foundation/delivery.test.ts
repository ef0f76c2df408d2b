// The outbox and delivery worker against real local receivers: a webhook that is down
// and then comes back still gets every alert exactly once per idempotency key, with a
// valid signature; permanent failures and exhausted retries become visible dead letters.
import { afterEach, describe, expect, it } from "vitest";
import { createHmac } from "node:crypto";
import { DeliveryWorker, redriveDeliveries } from "../../alerts/delivery-worker.ts";
import { enqueueAlert } from "../../alerts/outbox.ts";
import { HttpClient } from "../../core/http.ts";
import { logger } from "../../core/log.ts";
import { makeApp } from "../helpers/app.ts";
import { freePort, startServer, type TestServer } from "../helpers/server.ts";
import type { AlertEvent } from "../../alerts/notifiers/types.ts";

const closers: Array<() => Promise<void>> = [];
afterEach(async () => { while (closers.length) await closers.pop()!(); });

const SECRET = "whsec-test-0123456789";
const event = (title: string): Omit<AlertEvent, "alertId"> => ({
  kind: "incident_opened", title, summary: "12 mentions in 60 min", severity: "warning", brand: { id: "acme-air", name: "Acme Air" },
  incident: null, source: null, mentions: [{ text: "Acme Air lost my guitar <script>", url: null, author: "someone", platform: "web", publishedAt: new Date(0).toISOString(), sentiment: "negative" }],
  labels: { brand: "acme-air" }, ackUrl: null, createdAt: new Date(0).toISOString(),
});

async function setup(port: number, delivery: Record<string, number> = {}) {
  const app = await makeApp({
    channels: [{ name: "hook", type: "webhook", params: { url: "${HOOK_URL}", secret: "${HOOK_SECRET}", allowPrivateNetwork: true, timeoutMs: 300 } }],
    delivery: { maxAttempts: 4, backoffBaseMs: 10, maxBackoffMs: 20, pollMs: 10, ...delivery },
  }, undefined, { HOOK_URL: `http://127.0.0.1:${port}/hook`, HOOK_SECRET: SECRET });
  closers.push(() => app.db.close());
  const worker = new DeliveryWorker(app.db.prisma, app.config, { http: new HttpClient({ retries: 0, perHostPerMinute: 60_000 }), log: logger });
  return { app, worker };
}

/** A receiver that verifies signatures and keeps one copy per idempotency key. */
function receiver() {
  const byKey = new Map<string, unknown>();
  let bad = 0;
  const handler = (q: import("node:http").IncomingMessage, r: import("node:http").ServerResponse, body: Buffer) => {
    const sig = "sha256=" + createHmac("sha256", SECRET).update(body).digest("hex");
    if (q.headers["x-earshot-signature"] !== sig) { bad++; r.statusCode = 401; r.end("bad signature"); return; }
    const key = String(q.headers["idempotency-key"]);
    if (!byKey.has(key)) byKey.set(key, JSON.parse(body.toString()));
    r.end("ok");
  };
  return { byKey, handler, bad: () => bad };
}

async function drain(worker: DeliveryWorker, until: () => Promise<boolean>, maxMs = 8000) {
  const t0 = Date.now();
  while (!(await until())) {
    if (Date.now() - t0 > maxMs) throw new Error("deliveries did not settle in time");
    await worker.runOnce();
    await new Promise((r) => setTimeout(r, 15));
  }
}

describe("delivery worker", () => {
  it("delivers a signed webhook with an idempotency key", async () => {
    const rec = receiver();
    const server = await startServer({ "/hook": rec.handler });
    closers.push(() => server.close());
    const { app, worker } = await setup(server.port);
    const { alertId } = await enqueueAlert(app.db.prisma, app.config, { kind: "incident_opened", rule: "r", severity: "warning", title: "Spike", summary: "s", brandId: "acme-air", incidentId: null, fingerprint: "f", event: event("Spike"), channels: ["hook"] });
    await worker.runOnce();
    expect(rec.bad()).toBe(0);
    const body = rec.byKey.get(`earshot-alert-${alertId}-hook`) as { version: number; event: AlertEvent };
    expect(body.version).toBe(1);
    expect(body.event).toMatchObject({ alertId, title: "Spike", kind: "incident_opened" });
    const d = await app.db.prisma.delivery.findFirstOrThrow({ include: { attemptLog: true } });
    expect(d).toMatchObject({ status: "sent", attempts: 1 });
    expect(d.attemptLog[0]).toMatchObject({ ok: true, statusCode: 200 });
  });

  it("keeps retrying while the receiver is down, then delivers each alert exactly once", async () => {
    const port = await freePort();
    const { app, worker } = await setup(port, { maxAttempts: 50 });
    for (let i = 0; i < 5; i++) {
      await enqueueAlert(app.db.prisma, app.config, { kind: "incident_opened", rule: "r", severity: "warning", title: `A${i}`, summary: "s", brandId: "acme-air", incidentId: null, fingerprint: `f${i}`, event: event(`A${i}`), channels: ["hook"] });
    }
    // Down: connection refused, several rounds.
    for (let i = 0; i < 3; i++) { await worker.runOnce(new Date(Date.now() + 60_000 * (i + 1))); }
    const failed = await app.db.prisma.deliveryAttempt.count({ where: { ok: false } });
    expect(failed).toBeGreaterThanOrEqual(5);
    expect(await app.db.prisma.delivery.count({ where: { status: "pending" } })).toBe(5);
    // First it comes back broken (500s and a hang), then healthy.
    let mode: "500" | "hang" | "ok" = "500";
    const rec = receiver();
    const server = await startServer({ "/hook": (q, r, b) => {
      if (mode === "500") { r.statusCode = 500; r.end("down"); return; }
      if (mode === "hang") { rec.handler(q, { statusCode: 200, end() {} } as never, b); return new Promise(() => {}); }
      return rec.handler(q, r, b);
    } }, port);
    closers.push(() => server.close());
    await worker.runOnce(new Date(Date.now() + 10 * 60_000));
    mode = "hang";
    await worker.runOnce(new Date(Date.now() + 20 * 60_000));
    mode = "ok";
    await drain(worker, async () => (await app.db.prisma.delivery.count({ where: { status: "sent" } })) === 5);
    expect(rec.byKey.size).toBe(5);
    expect(rec.bad()).toBe(0);
    // The hang made the receiver see some alerts twice: same key, so still exactly once for it.
    const keys = server.requests.map((r) => r.headers["idempotency-key"]);
    expect(new Set(keys).size).toBe(5);
    const attempts = await app.db.prisma.deliveryAttempt.findMany({ where: { ok: false } });
    expect(attempts.some((a) => /ECONNREFUSED|connection failed/.test(a.error ?? ""))).toBe(true);
    expect(attempts.some((a) => /HTTP 500/.test(a.error ?? ""))).toBe(true);
    expect(attempts.some((a) => /timed out/.test(a.error ?? ""))).toBe(true);
  });

  it("marks a delivery dead after the last attempt and lets it be re-driven", async () => {
    const port = await freePort();
    const { app, worker } = await setup(port, { maxAttempts: 2 });
    await enqueueAlert(app.db.prisma, app.config, { kind: "incident_opened", rule: "r", severity: "warning", title: "X", summary: "s", brandId: null, incidentId: null, fingerprint: "x", event: event("X"), channels: ["hook"] });
    await worker.runOnce(new Date(Date.now() + 60_000));
    await worker.runOnce(new Date(Date.now() + 120_000));
    const dead = await app.db.prisma.delivery.findFirstOrThrow();
    expect(dead).toMatchObject({ status: "dead", attempts: 2 });
    expect(dead.lastError).toMatch(/RetryableError: .*connection failed/);
    // Secrets never reach stored errors.
    expect(dead.lastError).not.toContain(SECRET);
    expect(await redriveDeliveries(app.db.prisma, "all-dead")).toBe(1);
    const rec = receiver();
    const server = await startServer({ "/hook": rec.handler }, port);
    closers.push(() => server.close());
    await worker.runOnce();
    expect(rec.byKey.size).toBe(1);
  });

  it("classes 4xx as permanent: dead at once, no retries", async () => {
    const server = await startServer({ "/hook": (_q, r) => { r.statusCode = 410; r.end("gone"); } });
    closers.push(() => server.close());
    const { app, worker } = await setup(server.port);
    await enqueueAlert(app.db.prisma, app.config, { kind: "incident_opened", rule: "r", severity: "warning", title: "X", summary: "s", brandId: null, incidentId: null, fingerprint: "x", event: event("X"), channels: ["hook"] });
    await worker.runOnce();
    await worker.runOnce(new Date(Date.now() + 3600_000));
    expect(await app.db.prisma.delivery.findFirstOrThrow()).toMatchObject({ status: "dead", attempts: 1, lastStatusCode: 410 });
    expect(server.requests).toHaveLength(1);
  });

  it("takes over a delivery whose worker died mid-send (expired lease)", async () => {
    const rec = receiver();
    const server = await startServer({ "/hook": rec.handler });
    closers.push(() => server.close());
    const { app, worker } = await setup(server.port);
    await enqueueAlert(app.db.prisma, app.config, { kind: "incident_opened", rule: "r", severity: "warning", title: "X", summary: "s", brandId: null, incidentId: null, fingerprint: "x", event: event("X"), channels: ["hook"] });
    await app.db.prisma.delivery.updateMany({ data: { status: "sending", lockedBy: "dead-worker", lockedUntil: new Date(Date.now() - 1000) } });
    await worker.runOnce();
    expect(rec.byKey.size).toBe(1);
    expect((await app.db.prisma.delivery.findFirstOrThrow()).status).toBe("sent");
  });
});
