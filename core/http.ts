// The one HTTP module. Every outbound call (collectors, notifiers) goes through
// HttpClient so timeouts, retries, Retry-After, per-host rate limits, the
// User-Agent, conditional GET, the response size cap and the private-address guard
// are implemented once. Callers never loop on errors themselves.
import { lookup } from "node:dns/promises";
import net from "node:net";
import { PermanentError, RetryableError } from "./errors.ts";
import { redact } from "./redact.ts";

export const USER_AGENT = "Earshot/0.1 (+https://github.com/earshot/earshot; social-listening monitor)";

export interface HttpRequest {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Per-request timeout in ms (default: client timeoutMs). */
  timeoutMs?: number;
  /** Conditional GET: values remembered from the previous response. */
  etag?: string | null;
  lastModified?: string | null;
  /** Override the client's retry count (0 = single attempt, e.g. when an outbox retries). */
  retries?: number;
  signal?: AbortSignal;
  /** Treat these statuses as success instead of errors (e.g. 404 for "no results"). */
  okStatuses?: number[];
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  body: Buffer;
  /** true when the server answered 304 to a conditional GET. */
  notModified: boolean;
  url: string;
  etag: string | null;
  lastModified: string | null;
  attempts: number;
  text(): string;
  json<T = unknown>(): T;
}

export interface HttpClientOptions {
  /** Per-request timeout, ms. Default 15000. */
  timeoutMs?: number;
  /** Retries for transient errors (timeouts, connection errors, 5xx, 429). Default 3. */
  retries?: number;
  /** First backoff delay, ms; doubles each retry with full jitter. Default 500. */
  backoffBaseMs?: number;
  /** Upper bound on any single wait, including Retry-After. Default 60000. */
  maxBackoffMs?: number;
  /** Largest response body accepted, bytes. Default 10 MiB. */
  maxBodyBytes?: number;
  /** Requests per minute per host. Default 60. */
  perHostPerMinute?: number;
  /** Allow loopback/private/link-local targets. Default false (SSRF guard). */
  allowPrivateNetwork?: boolean;
  userAgent?: string;
  /** Injected for tests with fake clocks; defaults to real timers. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

const defaults = {
  timeoutMs: 15_000,
  retries: 3,
  backoffBaseMs: 500,
  maxBackoffMs: 60_000,
  maxBodyBytes: 10 * 1024 * 1024,
  perHostPerMinute: 60,
  allowPrivateNetwork: false,
  userAgent: USER_AGENT,
};

function realSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => { signal?.removeEventListener("abort", onAbort); resolve(); }, ms);
    const onAbort = () => { clearTimeout(t); reject(signal!.reason); };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Token bucket per host: smooths bursts instead of failing them. */
class HostLimiter {
  #next = new Map<string, number>();
  constructor(private perMinute: number) {}
  /** Returns how long to wait before the next request to host may start. */
  reserve(host: string, now: number): number {
    const interval = 60_000 / this.perMinute;
    const at = Math.max(now, this.#next.get(host) ?? 0);
    this.#next.set(host, at + interval);
    return at - now;
  }
}

/** Parses Retry-After (seconds or HTTP date) into ms; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  const secs = Number(value);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

export function isPrivateAddress(ip: string): boolean {
  if (net.isIPv4(ip)) {
    const [a, b] = ip.split(".").map(Number);
    return a === 127 || a === 10 || a === 0 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) ||
      (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127);
  }
  const v = ip.toLowerCase();
  if (v.startsWith("::ffff:")) return isPrivateAddress(v.slice(7));
  return v === "::1" || v === "::" || v.startsWith("fe80:") || v.startsWith("fc") || v.startsWith("fd");
}

export class HttpClient {
  readonly options: Required<Omit<HttpClientOptions, "sleep" | "random">>;
  #limiter: HostLimiter;
  #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  #random: () => number;

  constructor(options: HttpClientOptions = {}) {
    for (const [k, v] of Object.entries(options)) {
      if (typeof v === "number" && (!Number.isFinite(v) || v < 0)) {
        throw new RangeError(`HttpClient option ${k} must be a non-negative number, received ${JSON.stringify(v)}`);
      }
    }
    if (options.perHostPerMinute === 0) throw new RangeError("HttpClient option perHostPerMinute must be > 0, received 0");
    this.options = { ...defaults, ...stripUndefined(options) } as HttpClient["options"];
    this.#limiter = new HostLimiter(this.options.perHostPerMinute);
    this.#sleep = options.sleep ?? realSleep;
    this.#random = options.random ?? Math.random;
  }

  /**
   * A client with the same settings but some overridden (e.g. a source's own rate limit).
   * It shares this client's per-host limiter unless the rate itself changes, so a
   * notifier that derives a client per send is still rate limited.
   */
  with(overrides: HttpClientOptions): HttpClient {
    const child = new HttpClient({ ...this.options, sleep: this.#sleep, random: this.#random, ...stripUndefined(overrides) });
    if (child.options.perHostPerMinute === this.options.perHostPerMinute) child.#limiter = this.#limiter;
    return child;
  }

  async request(req: HttpRequest): Promise<HttpResponse> {
    const url = new URL(req.url);
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw new PermanentError(`refusing ${redact(req.url)}: only http and https URLs are fetched`);
    }
    await this.#guardAddress(url);
    const retries = req.retries ?? this.options.retries;
    let attempt = 0;
    for (;;) {
      attempt++;
      const wait = this.#limiter.reserve(url.host, Date.now());
      if (wait > 0) await this.#sleep(wait, req.signal);
      try {
        const res = await this.#once(url, req);
        return { ...res, attempts: attempt };
      } catch (err) {
        if (!(err instanceof RetryableError) || attempt > retries || req.signal?.aborted) throw err;
        const backoff = Math.min(this.options.maxBackoffMs, this.options.backoffBaseMs * 2 ** (attempt - 1));
        const jittered = Math.round(this.#random() * backoff);
        const delay = Math.min(this.options.maxBackoffMs, Math.max(jittered, err.details.retryAfterMs ?? 0));
        await this.#sleep(delay, req.signal);
      }
    }
  }

  async get(url: string, extra: Omit<HttpRequest, "url"> = {}): Promise<HttpResponse> {
    return this.request({ ...extra, url, method: "GET" });
  }

  async postJson(url: string, body: unknown, extra: Omit<HttpRequest, "url" | "body"> = {}): Promise<HttpResponse> {
    return this.request({
      ...extra, url, method: "POST", body: JSON.stringify(body),
      headers: { "content-type": "application/json", ...(extra.headers ?? {}) },
    });
  }

  async #guardAddress(url: URL): Promise<void> {
    if (this.options.allowPrivateNetwork) return;
    const host = url.hostname.replace(/^\[|\]$/g, "");
    let addrs: string[];
    if (net.isIP(host)) addrs = [host];
    else {
      try {
        addrs = (await lookup(host, { all: true })).map((a) => a.address);
      } catch (err) {
        throw new RetryableError(`cannot resolve ${url.host}`, {}, { cause: err });
      }
    }
    const bad = addrs.find(isPrivateAddress);
    if (bad) {
      throw new PermanentError(
        `refusing ${url.host}: it resolves to the private or loopback address ${bad}; set allowPrivateNetwork: true on this source or channel if that is intended`,
      );
    }
  }

  async #once(url: URL, req: HttpRequest): Promise<Omit<HttpResponse, "attempts">> {
    const timeoutMs = req.timeoutMs ?? this.options.timeoutMs;
    const ctrl = new AbortController();
    const timer = setTimeout(() => ctrl.abort(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
    const onOuterAbort = () => ctrl.abort(req.signal!.reason);
    req.signal?.addEventListener("abort", onOuterAbort, { once: true });
    const headers: Record<string, string> = { "user-agent": this.options.userAgent, "accept-encoding": "gzip, deflate, br", ...(req.headers ?? {}) };
    if (req.etag) headers["if-none-match"] = req.etag;
    if (req.lastModified) headers["if-modified-since"] = req.lastModified;
    const label = `${req.method ?? "GET"} ${redact(url.origin + url.pathname)}`;
    try {
      let res: Response;
      try {
        res = await fetch(url, { method: req.method ?? "GET", headers, body: req.body as BodyInit | undefined, signal: ctrl.signal, redirect: "follow" });
      } catch (err) {
        if (req.signal?.aborted) throw err;
        const reason = ctrl.signal.aborted ? `timed out after ${timeoutMs} ms` : "connection failed";
        throw new RetryableError(`${label}: ${reason}`, {}, { cause: ctrl.signal.aborted ? undefined : err });
      }
      const body = await readCapped(res, this.options.maxBodyBytes, label, ctrl.signal, timeoutMs);
      const ok = (res.status >= 200 && res.status < 300) || res.status === 304 || (req.okStatuses ?? []).includes(res.status);
      if (!ok) {
        const snippet = body.subarray(0, 200).toString("utf8").replace(/\s+/g, " ").trim();
        const msg = `${label}: HTTP ${res.status}${snippet ? ` (${snippet})` : ""}`;
        if (res.status === 429 || res.status >= 500 || res.status === 408) {
          throw new RetryableError(msg, { status: res.status, retryAfterMs: parseRetryAfter(res.headers.get("retry-after")) ?? undefined });
        }
        throw new PermanentError(msg, { status: res.status });
      }
      return {
        status: res.status,
        headers: res.headers,
        body,
        notModified: res.status === 304,
        url: res.url || url.toString(),
        etag: res.headers.get("etag"),
        lastModified: res.headers.get("last-modified"),
        text: () => body.toString("utf8"),
        json: <T,>() => {
          try { return JSON.parse(body.toString("utf8")) as T; } catch (err) {
            throw new PermanentError(`${label}: response is not JSON`, { status: res.status }, { cause: err });
          }
        },
      };
    } finally {
      clearTimeout(timer);
      req.signal?.removeEventListener("abort", onOuterAbort);
    }
  }
}

async function readCapped(res: Response, max: number, label: string, signal: AbortSignal, timeoutMs: number): Promise<Buffer> {
  const declared = Number(res.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > max) {
    await res.body?.cancel().catch(() => {});
    throw new PermanentError(`${label}: response of ${declared} bytes exceeds the ${max}-byte limit`);
  }
  if (!res.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = res.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > max) {
        await reader.cancel().catch(() => {});
        throw new PermanentError(`${label}: response exceeds the ${max}-byte limit`);
      }
      chunks.push(Buffer.from(value));
    }
  } catch (err) {
    if (err instanceof PermanentError) throw err;
    if (signal.aborted) throw new RetryableError(`${label}: timed out after ${timeoutMs} ms while reading the body`);
    throw new RetryableError(`${label}: connection lost while reading the body`, {}, { cause: err });
  }
  return Buffer.concat(chunks);
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
