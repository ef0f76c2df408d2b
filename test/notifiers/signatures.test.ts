// Receivers that check each platform's signature scheme exactly as the platform
// documents it (implemented here independently of the product code), so a
// signing mistake fails the test instead of failing in production.
import { createHmac, timingSafeEqual } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { feishuNotifier } from "../../alerts/notifiers/feishu/feishu.notifier.ts";
import { dingtalkNotifier } from "../../alerts/notifiers/dingtalk/dingtalk.notifier.ts";
import { webhookNotifier } from "../../alerts/notifiers/webhook/webhook.notifier.ts";
import { HttpClient } from "../../core/http.ts";
import { PermanentError } from "../../core/errors.ts";
import { eventFor } from "./fixtures.ts";
import { rawParamsFor, SECRET_VALUES, TOKEN } from "./channel-params.ts";
import { startReceiver, type Handler, type Receiver } from "./receiver.ts";

const http = new HttpClient({ perHostPerMinute: 1_000_000, retries: 0 });
const json = (res: Parameters<Handler>[1], body: unknown, status = 200) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));

/** Feishu: sign = base64(HMAC-SHA256(key = `${timestamp}\n${secret}`, message = "")), timestamp in seconds within 1 h. */
function feishuReceiver(secret: string): Handler {
  return (req, res) => {
    const body = JSON.parse(req.body) as { timestamp?: string; sign?: string; msg_type?: string };
    const ts = Number(body.timestamp);
    const expected = createHmac("sha256", `${body.timestamp}\n${secret}`).update("").digest("base64");
    const fresh = Math.abs(Date.now() / 1000 - ts) < 3600;
    if (!body.sign || body.sign !== expected || !fresh) return json(res, { code: 19021, msg: "sign match fail or timestamp is not within one hour from current time" });
    if (!req.url.endsWith(`/hook/${TOKEN}`)) return json(res, { code: 19001, msg: "param invalid: incoming webhook access token invalid" });
    if (body.msg_type !== "interactive") return json(res, { code: 9499, msg: "Bad Request" });
    json(res, { code: 0, msg: "success", data: {} });
  };
}

/** DingTalk: &timestamp=<ms>&sign=urlencode(base64(HMAC-SHA256(key = secret, message = `${timestamp}\n${secret}`))). */
function dingtalkReceiver(secret: string): Handler {
  return (req, res) => {
    const q = new URL(req.url, "http://x").searchParams;
    const ts = q.get("timestamp") ?? "";
    const expected = createHmac("sha256", secret).update(`${ts}\n${secret}`).digest("base64");
    const fresh = Math.abs(Date.now() - Number(ts)) < 3600_000;
    if (q.get("access_token") !== TOKEN) return json(res, { errcode: 300001, errmsg: "token is not exist" });
    if (q.get("sign") !== expected || !fresh) return json(res, { errcode: 310000, errmsg: "sign not match" });
    json(res, { errcode: 0, errmsg: "ok" });
  };
}

/** Generic webhook: X-Earshot-Signature = "sha256=" + hex(HMAC-SHA256(secret, raw body)); Idempotency-Key required. */
function webhookReceiver(secret: string): Handler {
  return (req, res) => {
    const expected = Buffer.from("sha256=" + createHmac("sha256", secret).update(req.body).digest("hex"));
    const got = Buffer.from(String(req.headers["x-earshot-signature"] ?? ""));
    if (got.length !== expected.length || !timingSafeEqual(got, expected)) return json(res, { error: "bad signature" }, 401);
    if (!req.headers["idempotency-key"]) return json(res, { error: "missing idempotency key" }, 400);
    json(res, { ok: true });
  };
}

let rx: Receiver;
beforeAll(async () => { rx = await startReceiver(); });
afterAll(async () => { await rx.close(); });

describe("feishu signature", () => {
  it("is accepted by a receiver that checks Feishu's scheme", async () => {
    rx.handle(feishuReceiver(SECRET_VALUES.feishu));
    const params = feishuNotifier.params.parse(rawParamsFor("feishu", rx.url));
    const r = await feishuNotifier.send(feishuNotifier.render(eventFor("incident_opened"), params), params, { http, idempotencyKey: "f1" });
    expect(r.response).toContain("success");
    const body = JSON.parse(rx.requests.at(-1)!.body);
    expect(body.timestamp).toMatch(/^\d{10}$/);
    expect(body.card.header.title.content).toContain("Broken guitar");
  });
  it("fails permanently with a wrong secret", async () => {
    rx.handle(feishuReceiver("SEC-another-secret"));
    const params = feishuNotifier.params.parse(rawParamsFor("feishu", rx.url));
    await expect(feishuNotifier.send(feishuNotifier.render(eventFor("test"), params), params, { http, idempotencyKey: "f2" }))
      .rejects.toThrow(PermanentError);
  });
});

describe("dingtalk signature and mentions", () => {
  it("is accepted by a receiver that checks DingTalk's scheme, and carries the @mentions", async () => {
    rx.handle(dingtalkReceiver(SECRET_VALUES.dingtalk));
    const params = dingtalkNotifier.params.parse(rawParamsFor("dingtalk", rx.url));
    await dingtalkNotifier.send(dingtalkNotifier.render(eventFor("escalated"), params), params, { http, idempotencyKey: "d1" });
    const req = rx.requests.at(-1)!;
    expect(new URL(req.url, "http://x").searchParams.get("timestamp")).toMatch(/^\d{13}$/);
    const body = JSON.parse(req.body);
    expect(body.at).toEqual({ atMobiles: ["13800000000"], atUserIds: ["user123"], isAtAll: false });
    expect(body.markdown.text).toContain("@13800000000");
  });
  it("fails permanently with a wrong secret, naming the platform's error", async () => {
    rx.handle(dingtalkReceiver("SEC-another-secret"));
    const params = dingtalkNotifier.params.parse(rawParamsFor("dingtalk", rx.url));
    await expect(dingtalkNotifier.send(dingtalkNotifier.render(eventFor("test"), params), params, { http, idempotencyKey: "d2" }))
      .rejects.toThrow(/dingtalk: error 310000/);
  });
});

describe("generic webhook signature", () => {
  it("is accepted by a receiver that checks the HMAC over the raw body", async () => {
    rx.handle(webhookReceiver(SECRET_VALUES.webhook));
    const params = webhookNotifier.params.parse(rawParamsFor("webhook", rx.url));
    await webhookNotifier.send(webhookNotifier.render(eventFor("incident_opened"), params), params, { http, idempotencyKey: "alert-7:hook" });
    expect(rx.requests.at(-1)!.headers["idempotency-key"]).toBe("alert-7:hook");
  });
  it("is refused (permanently) when the receiver holds another secret", async () => {
    rx.handle(webhookReceiver("another-secret-123"));
    const params = webhookNotifier.params.parse(rawParamsFor("webhook", rx.url));
    await expect(webhookNotifier.send(webhookNotifier.render(eventFor("test"), params), params, { http, idempotencyKey: "k" }))
      .rejects.toThrow(PermanentError);
  });
});
