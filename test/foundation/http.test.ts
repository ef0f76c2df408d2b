import { afterEach, describe, expect, it } from "vitest";
import { HttpClient, parseRetryAfter, isPrivateAddress, USER_AGENT } from "../../core/http.ts";
import { PermanentError, RetryableError } from "../../core/errors.ts";
import { freePort, startServer, type TestServer } from "../helpers/server.ts";

let server: TestServer | null = null;
afterEach(async () => { await server?.close(); server = null; });

/** A client whose waits are recorded instead of slept, so backoff and Retry-After are checked exactly. */
function client(extra: ConstructorParameters<typeof HttpClient>[0] = {}) {
  const waits: number[] = [];
  const c = new HttpClient({ allowPrivateNetwork: true, timeoutMs: 2000, retries: 3, backoffBaseMs: 100, random: () => 1, sleep: async (ms) => { waits.push(ms); }, perHostPerMinute: 100_000, ...extra });
  return { c, waits };
}

describe("HttpClient", () => {
  it("sends a clear User-Agent and returns the body", async () => {
    server = await startServer({ "/ok": (_q, r) => r.end("hello") });
    const { c } = client();
    const res = await c.get(`${server.url}/ok`);
    expect(res.text()).toBe("hello");
    expect(server.requests[0].headers["user-agent"]).toBe(USER_AGENT);
  });

  it("retries 5xx with exponential backoff, then succeeds", async () => {
    let n = 0;
    server = await startServer({ "/flaky": (_q, r) => { n++; if (n < 3) { r.statusCode = 503; r.end("busy"); } else r.end("ok"); } });
    const { c, waits } = client();
    const res = await c.get(`${server.url}/flaky`);
    expect(res.text()).toBe("ok");
    expect(res.attempts).toBe(3);
    expect(waits).toEqual([100, 200]);
  });

  it("honours Retry-After on 429", async () => {
    let n = 0;
    server = await startServer({ "/limited": (_q, r) => { n++; if (n === 1) { r.statusCode = 429; r.setHeader("retry-after", "7"); r.end(); } else r.end("ok"); } });
    const { c, waits } = client();
    await c.get(`${server.url}/limited`);
    expect(waits).toEqual([7000]);
  });

  it("gives up after the retry budget with a RetryableError naming the status", async () => {
    server = await startServer({ "/down": (_q, r) => { r.statusCode = 500; r.end("boom"); } });
    const { c } = client({ retries: 2 });
    await expect(c.get(`${server.url}/down`)).rejects.toThrow(/HTTP 500/);
    expect(server.requests).toHaveLength(3);
  });

  it("does not retry a 404 (permanent)", async () => {
    server = await startServer({});
    const { c } = client();
    const err = await c.get(`${server.url}/missing`).catch((e) => e);
    expect(err).toBeInstanceOf(PermanentError);
    expect(err.message).toMatch(/HTTP 404/);
    expect(server.requests).toHaveLength(1);
  });

  it("times out a hanging server with a RetryableError", async () => {
    server = await startServer({ "/hang": () => new Promise(() => {}) });
    const { c } = client({ retries: 0, timeoutMs: 200 });
    const err = await c.get(`${server.url}/hang`).catch((e) => e);
    expect(err).toBeInstanceOf(RetryableError);
    expect(err.message).toMatch(/timed out after 200 ms/);
  });

  it("reports connection refused as retryable", async () => {
    const port = await freePort();
    const { c } = client({ retries: 0 });
    const err = await c.get(`http://127.0.0.1:${port}/`).catch((e) => e);
    expect(err).toBeInstanceOf(RetryableError);
    expect(err.message).toMatch(/connection failed/);
  });

  it("caps the response size, declared or streamed", async () => {
    server = await startServer({
      "/big": (_q, r) => { r.setHeader("content-length", "5000"); r.end("x".repeat(5000)); },
      "/stream": (_q, r) => { r.write("x".repeat(3000)); r.end("y".repeat(3000)); },
    });
    const { c } = client({ maxBodyBytes: 4096 });
    await expect(c.get(`${server.url}/big`)).rejects.toThrow(/exceeds the 4096-byte limit/);
    await expect(c.get(`${server.url}/stream`)).rejects.toBeInstanceOf(PermanentError);
  });

  it("makes conditional GETs with ETag and Last-Modified", async () => {
    server = await startServer({
      "/feed": (q, r) => {
        if (q.headers["if-none-match"] === '"v1"') { r.statusCode = 304; r.end(); return; }
        r.setHeader("etag", '"v1"'); r.setHeader("last-modified", "Tue, 24 Nov 2026 10:00:00 GMT"); r.end("body");
      },
    });
    const { c } = client();
    const first = await c.get(`${server.url}/feed`);
    expect(first.etag).toBe('"v1"');
    const second = await c.get(`${server.url}/feed`, { etag: first.etag, lastModified: first.lastModified });
    expect(second.notModified).toBe(true);
    expect(server.requests[1].headers["if-modified-since"]).toBe("Tue, 24 Nov 2026 10:00:00 GMT");
  });

  it("refuses loopback and private targets unless allowed (SSRF guard)", async () => {
    server = await startServer({ "/": (_q, r) => r.end("ok") });
    const strict = new HttpClient({ allowPrivateNetwork: false });
    await expect(strict.get(`${server.url}/`)).rejects.toThrow(/private or loopback address 127\.0\.0\.1.*allowPrivateNetwork/);
    expect(server.requests).toHaveLength(0);
    await expect(strict.get("file:///etc/passwd")).rejects.toThrow(/only http and https/);
  });

  it("spaces requests to one host by the per-host rate limit", async () => {
    server = await startServer({ "/": (_q, r) => r.end("ok") });
    const { c, waits } = client({ perHostPerMinute: 60 });
    await c.get(`${server.url}/`); await c.get(`${server.url}/`); await c.get(`${server.url}/`);
    expect(waits.length).toBe(2);
    expect(waits[0]).toBeGreaterThan(900);
    expect(waits[1]).toBeGreaterThan(1900);
  });

  it("rejects bad options with the received value", () => {
    expect(() => new HttpClient({ timeoutMs: -1 })).toThrow(/timeoutMs must be a non-negative number, received -1/);
  });
});

describe("helpers", () => {
  it("parses Retry-After seconds and dates", () => {
    expect(parseRetryAfter("3")).toBe(3000);
    expect(parseRetryAfter(new Date(Date.now() + 10_000).toUTCString())).toBeGreaterThan(8000);
    expect(parseRetryAfter("soon")).toBeNull();
  });
  it("classifies private addresses", () => {
    for (const ip of ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "::1", "fe80::1", "fd00::1", "::ffff:127.0.0.1"]) expect(isPrivateAddress(ip)).toBe(true);
    for (const ip of ["8.8.8.8", "172.32.0.1", "2606:4700::1111"]) expect(isPrivateAddress(ip)).toBe(false);
  });
});
