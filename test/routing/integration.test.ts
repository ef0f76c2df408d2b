// The real path end to end on 127.0.0.1: routing engine -> outbox -> delivery worker
// -> signature-checking DingTalk and Feishu receivers, with fault injection (500,
// hang, down then back). Every alert arrives, once per idempotency key. Then
// escalation of an unacknowledged alert and acknowledgement through the link.
import { createHmac } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { DeliveryWorker } from "../../alerts/delivery-worker.ts";
import { RoutingEngine } from "../../alerts/routing/engine.ts";
import { ackOptionsFrom, dispatchToOutbox, runEscalations, type RoutedAlertData } from "../../alerts/routing/dispatch.ts";
import { acknowledgeByToken } from "../../alerts/ack.ts";
import { HttpClient } from "../../core/http.ts";
import { logger } from "../../core/log.ts";
import { makeApp } from "../helpers/app.ts";
import { freePort, startServer, type TestServer } from "../helpers/server.ts";
import { eventFor } from "../notifiers/fixtures.ts";

const DT_SECRET = "SECding-integration-0123";
const FS_SECRET = "SECfeishu-integration-0123";
const ACK_SECRET = "ack-integration-secret-0123456789";
const closers: Array<() => Promise<void>> = [];
afterEach(async () => { while (closers.length) await closers.pop()!(); });

type Mode = "ok" | "500" | "hang" | "lost";
/** DingTalk + Feishu receivers that verify signatures and keep one copy per idempotency key. */
function receivers() {
  const got = { dingtalk: new Map<string, any>(), feishu: new Map<string, any>() };
  let mode: Mode = "ok";
  let badSig = 0;
  /** Requests per idempotency key, repeats included (a lost answer makes the sender retry). */
  const hits = new Map<string, number>();
  const answer = (res: import("node:http").ServerResponse, body: unknown): void => { res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body)); };
  const gate = (res: import("node:http").ServerResponse) => {
    if (mode === "hang") return true;
    if (mode === "500") { res.statusCode = 500; res.end("upstream error"); return true; }
    return false;
  };
  return {
    got, hits, setMode: (m: Mode) => { mode = m; }, badSig: () => badSig,
    routes: {
      "/robot/send": (q: import("node:http").IncomingMessage, res: import("node:http").ServerResponse, body: Buffer) => {
        if (gate(res)) return;
        const u = new URL(q.url!, "http://x");
        const ts = u.searchParams.get("timestamp")!;
        if (u.searchParams.get("sign") !== createHmac("sha256", DT_SECRET).update(`${ts}\n${DT_SECRET}`).digest("base64")) { badSig++; return answer(res, { errcode: 310000, errmsg: "sign not match" }); }
        const key = String(q.headers["idempotency-key"]);
        hits.set(key, (hits.get(key) ?? 0) + 1);
        if (!got.dingtalk.has(key)) got.dingtalk.set(key, JSON.parse(body.toString()));
        if (mode === "lost") return; // processed, but the answer never comes back
        answer(res, { errcode: 0, errmsg: "ok" });
      },
      "/open-apis/bot/v2/hook/tok": (q: import("node:http").IncomingMessage, res: import("node:http").ServerResponse, body: Buffer) => {
        if (gate(res)) return;
        const b = JSON.parse(body.toString());
        if (b.sign !== createHmac("sha256", `${b.timestamp}\n${FS_SECRET}`).update("").digest("base64")) { badSig++; return answer(res, { code: 19021, msg: "sign match fail" }); }
        const key = String(q.headers["idempotency-key"]);
        hits.set(key, (hits.get(key) ?? 0) + 1);
        if (!got.feishu.has(key)) got.feishu.set(key, b);
        if (mode === "lost") return;
        answer(res, { code: 0, msg: "success" });
      },
    },
  };
}

const routing = {
  route: { receiver: "support", group_by: ["incident"], group_wait: "0s", routes: [{ match: { severity: "critical" }, receiver: "oncall" }] },
  receivers: [
    { name: "support", channels: ["cn-dingtalk"] },
    { name: "oncall", channels: ["cn-dingtalk", "cn-feishu"], escalation: { after: "15m", to: "lead" } },
    { name: "lead", channels: ["cn-feishu"] },
  ],
  ack: { secret: "${ACK_SECRET}" },
};

async function setup(port: number) {
  const app = await makeApp({
    channels: [
      { name: "cn-dingtalk", type: "dingtalk", params: { url: "${DT_URL}", secret: "${DT_SECRET}", atMobiles: ["13800000000"], allowPrivateNetwork: true, timeoutMs: 300 } },
      { name: "cn-feishu", type: "feishu", params: { url: "${FS_URL}", secret: "${FS_SECRET}", allowPrivateNetwork: true, timeoutMs: 300 } },
    ],
    alerts: { publicUrl: "https://earshot.example", routing },
    delivery: { maxAttempts: 30, backoffBaseMs: 10, maxBackoffMs: 40, pollMs: 10 },
  }, undefined, {
    DT_URL: `http://127.0.0.1:${port}/robot/send?access_token=tok-dt`, DT_SECRET, FS_URL: `http://127.0.0.1:${port}/open-apis/bot/v2/hook/tok`, FS_SECRET, ACK_SECRET,
  });
  closers.push(() => app.db.close());
  const worker = new DeliveryWorker(app.db.prisma, app.config, { http: new HttpClient({ retries: 0, perHostPerMinute: 1_000_000 }), log: logger });
  return { app, worker, routing: app.config.alerts.routing! };
}

async function drain(worker: DeliveryWorker, done: () => Promise<boolean>, maxMs = 15_000) {
  const t0 = Date.now();
  while (!(await done())) {
    if (Date.now() - t0 > maxMs) throw new Error("deliveries did not settle in time");
    await worker.runOnce();
    await new Promise((r) => setTimeout(r, 15));
  }
}

function routed(i: number, severity: "warning" | "critical", incidentId: number | null) {
  const ev = eventFor("incident_opened", { severity, title: `Complaint wave ${i}`, incident: null });
  const { alertId: _drop, ...event } = ev;
  const data: RoutedAlertData = { event, rule: "r", brandId: "acme-air", incidentId };
  return { fingerprint: `inc-${i}`, labels: { brand: "acme-air", incident: String(i), scope: "incident" }, severity, data };
}

describe("routing -> outbox -> worker -> signed Chinese channels", () => {
  it("delivers every alert once per idempotency key through 500s, a hang, and an outage", async () => {
    const rx = receivers();
    let server: TestServer = await startServer(rx.routes);
    const port = server.port;
    closers.push(() => server.close());
    const { app, worker, routing: cfg } = await setup(port);
    const engine = new RoutingEngine<RoutedAlertData>(cfg, { clock: Date.now });
    const p = app.db.prisma;
    const enqueue = async (from: number, to: number, severity: "warning" | "critical") => {
      for (let i = from; i < to; i++) engine.ingest(routed(i, severity, null));
      for (const d of engine.tick()) await dispatchToOutbox(p, app.config, d, ackOptionsFrom(cfg, ACK_SECRET));
    };
    const sent = async () => p.delivery.count({ where: { status: "sent" } });

    rx.setMode("500");
    await enqueue(0, 4, "warning");          // -> support: dingtalk
    await worker.runOnce(); await worker.runOnce();
    rx.setMode("hang");
    await enqueue(4, 7, "critical");         // -> oncall: dingtalk + feishu
    await worker.runOnce();
    rx.setMode("lost");
    await new Promise((r) => setTimeout(r, 60)); // past the backoff of the failed rows
    await worker.runOnce(); await worker.runOnce();
    await server.close();                    // down for a while
    await enqueue(7, 10, "warning");
    await worker.runOnce();
    await new Promise((r) => setTimeout(r, 50));
    await worker.runOnce();
    server = await startServer(rx.routes, port);   // back
    rx.setMode("ok");
    const total = await p.delivery.count();
    expect(total).toBe(4 + 3 * 2 + 3);
    await drain(worker, async () => (await sent()) === total);

    expect(rx.got.dingtalk.size).toBe(10);
    expect(rx.got.feishu.size).toBe(3);
    expect(rx.badSig()).toBe(0);
    // Some sends were processed but their answer lost, so the worker sent them again:
    // the receiver saw repeats and kept one copy per key.
    expect(Math.max(...rx.hits.values())).toBeGreaterThan(1);
    const titles = [...rx.got.dingtalk.values()].map((b) => b.markdown.title).sort();
    expect(titles).toHaveLength(new Set(titles).size);
    const first = [...rx.got.dingtalk.values()][0];
    expect(first.at).toEqual({ atMobiles: ["13800000000"], atUserIds: [], isAtAll: false });
    expect(first.markdown.text).toMatch(/\[Acknowledge\]\(https:\/\/earshot\.example\/api\/ack\?token=/);
    const attempts = await p.deliveryAttempt.groupBy({ by: ["ok"], _count: true });
    expect(attempts.find((a) => a.ok === false)?._count).toBeGreaterThan(0);
    expect(await p.delivery.count({ where: { status: "dead" } })).toBe(0);
  });

  it("escalates an unacknowledged alert to the next receiver, and the link stops further escalation", async () => {
    const rx = receivers();
    const server = await startServer(rx.routes);
    closers.push(() => server.close());
    const { app, worker, routing: cfg } = await setup(server.port);
    const p = app.db.prisma;
    const inc = await p.incident.create({ data: { brandId: "acme-air", kind: "story", dedupKey: "x@1", title: "Broken guitar", detectedAt: new Date() } });
    let now = Date.parse("2026-11-24T10:00:00Z");
    const engine = new RoutingEngine<RoutedAlertData>(cfg, { clock: () => now });
    engine.ingest(routed(1, "critical", inc.id));
    const ack = ackOptionsFrom(cfg, ACK_SECRET);
    for (const d of engine.tick()) await dispatchToOutbox(p, app.config, d, ack, new Date(now));

    now += 14 * 60_000;
    expect(await runEscalations(p, app.config, cfg, ack, new Date(now))).toEqual([]);
    now += 60_000;
    const [escalated] = await runEscalations(p, app.config, cfg, ack, new Date(now));
    expect(escalated).toBeGreaterThan(0);
    expect(await runEscalations(p, app.config, cfg, ack, new Date(now + 60 * 60_000))).toEqual([]); // lead has no escalation
    const esc = await p.alert.findUniqueOrThrow({ where: { id: escalated }, include: { deliveries: true } });
    expect(esc.kind).toBe("escalated");
    expect(esc.deliveries.map((d) => d.channel)).toEqual(["cn-feishu"]);

    await drain(worker, async () => (await p.delivery.count({ where: { status: "sent" } })) === 3);
    const card = [...rx.got.feishu.values()].find((b) => JSON.stringify(b).includes("Not acknowledged after 15m"));
    expect(card).toBeDefined();
    const ackUrl = card.card.elements.find((e: any) => e.tag === "action").actions.find((a: any) => a.text.content === "Acknowledge").url;
    const r = await acknowledgeByToken(p, new URL(ackUrl).searchParams.get("token")!, ACK_SECRET, "lead@acme.example", new Date(now + 120_000));
    expect(r).toMatchObject({ ok: true, result: { alerts: 2, incidentAcknowledged: true } });
    const timeline = await p.incidentEvent.findMany({ where: { incidentId: inc.id }, orderBy: { id: "asc" } });
    expect(timeline.map((e) => e.kind)).toEqual(expect.arrayContaining(["alert", "escalated", "delivered", "acknowledged"]));
    expect(timeline.find((e) => e.kind === "escalated")!.message).toMatch(/escalated from oncall to lead/);
  });
});
