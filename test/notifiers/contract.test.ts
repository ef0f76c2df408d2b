// The contract every HTTP notifier keeps, run against real receivers on 127.0.0.1:
// success resolves, 4xx -> PermanentError, 5xx/429/timeout/refused -> RetryableError,
// and no error text ever carries a secret (without relying on redact registration).
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notifiers } from "../../alerts/notifiers/registry.ts";
import { HttpClient } from "../../core/http.ts";
import { PermanentError, RetryableError, describeError } from "../../core/errors.ts";
import { eventFor } from "./fixtures.ts";
import { rawParamsFor, secretValuesOf, TOKEN } from "./channel-params.ts";
import { ok, startReceiver, type Receiver } from "./receiver.ts";

const http = new HttpClient({ perHostPerMinute: 1_000_000, retries: 0 });
const NOT_HTTP = new Set(["log", "email"]); // email: test/notifiers/email.test.ts (real SMTP server)

let rx: Receiver;
beforeAll(async () => { rx = await startReceiver(); });
afterAll(async () => { await rx.close(); });

it("every registered notifier has contract params", () => {
  for (const n of notifiers) expect(rawParamsFor(n.id, "http://127.0.0.1:1"), n.id).toBeDefined();
});

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe.each(notifiers.filter((n) => !NOT_HTTP.has(n.id)).map((n) => [n.id, n] as const))("%s contract", (id, n) => {
  const setup = () => {
    const params = n.params.parse(rawParamsFor(id, rx.url));
    const payload = n.render(eventFor("incident_opened"), params);
    const secrets = [...secretValuesOf(n.secrets, params), TOKEN];
    return { params, payload, secrets };
  };
  const send = async (handler: Parameters<Receiver["handle"]>[0]) => {
    const { params, payload, secrets } = setup();
    rx.handle(handler);
    const before = rx.requests.length;
    try {
      const r = await n.send(payload, params, { http, idempotencyKey: `contract-${id}` });
      return { result: r, error: undefined, secrets, requests: rx.requests.length - before };
    } catch (error) {
      return { result: undefined, error, secrets, requests: rx.requests.length - before };
    }
  };
  const noSecrets = (err: unknown, secrets: string[]) => {
    const text = describeError(err) + " " + String((err as Error).stack ?? "");
    for (const s of secrets) expect(text).not.toContain(s);
  };

  it("delivers once on success", async () => {
    const r = await send(ok(id === "pagerduty" ? { status: "success", message: "Event processed", dedup_key: "x" } : undefined, id === "pagerduty" || id === "teams" ? 202 : 200));
    expect(r.error).toBeUndefined();
    expect(r.requests).toBe(1);
    const last = rx.requests.at(-1)!;
    expect(last.method).toBe("POST");
    expect(last.headers["content-type"]).toMatch(/application\/json/);
    expect(() => JSON.parse(last.body)).not.toThrow();
  });

  it("classes 400 as permanent, without secrets in the error", async () => {
    const r = await send(ok({ error: "invalid_payload" }, 400));
    expect(r.error).toBeInstanceOf(PermanentError);
    noSecrets(r.error, r.secrets);
  });

  it("classes 500 as retryable, without secrets in the error", async () => {
    const r = await send(ok({ error: "boom" }, 500));
    expect(r.error).toBeInstanceOf(RetryableError);
    noSecrets(r.error, r.secrets);
  });

  it("classes 429 as retryable and keeps Retry-After", async () => {
    const r = await send((_q, res) => res.writeHead(429, { "retry-after": "7" }).end("slow down"));
    expect(r.error).toBeInstanceOf(RetryableError);
    expect((r.error as RetryableError).details.retryAfterMs).toBe(7000);
  });

  it("classes a hanging receiver as retryable (timeout)", async () => {
    const r = await send(() => { /* never answers */ });
    expect(r.error).toBeInstanceOf(RetryableError);
    expect(describeError(r.error)).toMatch(/timed out/);
    noSecrets(r.error, r.secrets);
  });

  it("classes a refused connection as retryable, without secrets in the error", async () => {
    const port = await freePort();
    const params = n.params.parse(rawParamsFor(id, `http://127.0.0.1:${port}`));
    const err = await n.send(n.render(eventFor("test"), params), params, { http, idempotencyKey: "k" }).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(RetryableError);
    noSecrets(err, [...secretValuesOf(n.secrets, params), TOKEN]);
  });
});

describe("chat platforms answer 200 with error codes", () => {
  const cases = [
    { id: "dingtalk", bad: { errcode: 310000, errmsg: "sign not match" }, busy: { errcode: 130101, errmsg: "send too fast" } },
    { id: "wecom", bad: { errcode: 93000, errmsg: "invalid webhook url" }, busy: { errcode: 45009, errmsg: "api freq out of limit" } },
    { id: "feishu", bad: { code: 19021, msg: "sign match fail" }, busy: { code: 11232, msg: "frequency limited" } },
  ];
  it.each(cases)("$id: bad credentials are permanent, rate limits retryable", async ({ id, bad, busy }) => {
    const n = notifiers.find((x) => x.id === id)!;
    const params = n.params.parse(rawParamsFor(id, rx.url));
    const payload = n.render(eventFor("test"), params);
    rx.handle(ok(bad));
    await expect(n.send(payload, params, { http, idempotencyKey: "k" })).rejects.toBeInstanceOf(PermanentError);
    rx.handle(ok(busy));
    await expect(n.send(payload, params, { http, idempotencyKey: "k" })).rejects.toBeInstanceOf(RetryableError);
    rx.handle((_q, res) => res.writeHead(200, { "content-type": "text/html" }).end("<html>proxy login</html>"));
    await expect(n.send(payload, params, { http, idempotencyKey: "k" })).rejects.toBeInstanceOf(PermanentError);
  });
});

it("log notifier sends without I/O errors", async () => {
  const n = notifiers.find((x) => x.id === "log")!;
  const params = n.params.parse({});
  await expect(n.send(n.render(eventFor("test"), params), params, { http, idempotencyKey: "k" })).resolves.toEqual({});
});
