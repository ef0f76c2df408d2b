// Shared sending helpers for HTTP notifiers. Retries are the outbox's job, so every
// request is a single attempt (retries: 0); HttpClient classes HTTP failures
// (5xx/429/408/timeouts -> RetryableError, other 4xx -> PermanentError).
import { z } from "zod";
import type { SendContext, SendResult } from "./types.ts";
import { PermanentError, RetryableError } from "../../core/errors.ts";
import { redact } from "../../core/redact.ts";

/** Options every HTTP notifier accepts. */
export const httpParams = {
  /** Allow loopback/private receivers (self-hosted gateways, tests). Default false: SSRF guard. */
  allowPrivateNetwork: z.boolean().default(false).describe("Allow loopback/private receivers"),
  /** Per-attempt timeout in ms. Default 10000. */
  timeoutMs: z.number().int().positive().default(10_000).describe("Per-attempt timeout, ms"),
};

export async function postJson(
  ctx: SendContext,
  opts: { url: string; allowPrivateNetwork: boolean; timeoutMs: number; headers?: Record<string, string>; /** Values to scrub from errors. Default: the URL (it carries the token). */ secrets?: Array<string | undefined> },
  payload: unknown,
): Promise<{ status: number; text: string }> {
  const body = JSON.stringify(payload);
  try {
    const res = await ctx.http.with({ allowPrivateNetwork: opts.allowPrivateNetwork }).request({
      url: opts.url, method: "POST", body, retries: 0, timeoutMs: opts.timeoutMs, signal: ctx.signal,
      // Platforms ignore it; relays and our own test receivers drop repeats by it.
      headers: { "content-type": "application/json; charset=utf-8", "idempotency-key": ctx.idempotencyKey, ...(opts.headers ?? {}) },
    });
    return { status: res.status, text: res.text() };
  } catch (err) {
    throw scrubSecrets(err, opts.secrets ?? [opts.url]);
  }
}

/**
 * DingTalk, WeCom and Feishu answer HTTP 200 with an error code in the body. Codes
 * in `retryable` (rate limits, busy) are worth retrying; any other non-zero code means
 * the request or the credentials are wrong, so retrying cannot help.
 */
export function checkChatResponse(channel: string, res: { status: number; text: string }, retryable: number[]): SendResult {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(res.text) as Record<string, unknown>;
  } catch {
    throw new PermanentError(`${channel}: answer is not JSON (HTTP ${res.status}): ${redact(res.text.slice(0, 120))}`, { status: res.status });
  }
  const code = Number(body.errcode ?? body.code ?? body.StatusCode ?? 0);
  const msg = String(body.errmsg ?? body.msg ?? body.StatusMessage ?? "");
  if (code === 0) return { statusCode: res.status, response: redact(res.text.slice(0, 200)) };
  const text = `${channel}: error ${code}${msg ? ` (${redact(msg.slice(0, 160))})` : ""}`;
  if (retryable.includes(code)) throw new RetryableError(text, { status: res.status });
  throw new PermanentError(text, { status: res.status });
}

/**
 * Removes secret values (and, for URLs, their path and query, which carry the
 * token) from an error's message chain. The config module also registers secrets
 * with core/redact.ts; this keeps a notifier safe even when used on its own.
 */
export function scrubSecrets<E>(err: E, values: Array<string | undefined | null>): E {
  const needles = new Set<string>();
  for (const v of values) {
    if (!v || v.length < 4) continue;
    needles.add(v);
    try {
      const u = new URL(v);
      if (u.pathname.length > 8) needles.add(u.pathname);
      if (u.search.length > 4) needles.add(u.search.slice(1));
    } catch { /* not a URL */ }
  }
  const sorted = [...needles].sort((a, b) => b.length - a.length);
  const clean = (s: string) => sorted.reduce((acc, n) => acc.split(n).join("[REDACTED]"), s);
  let cur: unknown = err;
  for (let depth = 0; cur instanceof Error && depth < 5; depth++) {
    try {
      cur.message = clean(cur.message);
      if (typeof cur.stack === "string") cur.stack = clean(cur.stack);
    } catch { /* frozen error: leave it */ }
    cur = (cur as { cause?: unknown }).cause;
  }
  return err;
}
