// Generic webhook: JSON body, X-Earshot-Signature = "sha256=" + HMAC-SHA256(secret, body),
// Idempotency-Key header so the receiver can drop repeats of an at-least-once delivery.
import { createHmac } from "node:crypto";
import { z } from "zod";
import { defineNotifier } from "../types.ts";
import { renderWebhook } from "./webhook.render.ts";
import { scrubSecrets } from "../send-common.ts";

export function signWebhookBody(secret: string, body: string): string {
  return "sha256=" + createHmac("sha256", secret).update(body).digest("hex");
}

export const webhookNotifier = defineNotifier({
  id: "webhook",
  title: "Generic webhook (JSON, HMAC-SHA256 signed)",
  params: z.object({
    url: z.string().url().describe("Receiver URL (a secret: use ${ENV_VAR})"),
    secret: z.string().min(8).optional().describe("HMAC key for X-Earshot-Signature (use ${ENV_VAR})"),
    headers: z.record(z.string(), z.string()).optional().describe("Extra headers"),
    allowPrivateNetwork: z.boolean().default(false).describe("Allow loopback/private receivers"),
    timeoutMs: z.number().int().positive().default(10_000),
  }).strict(),
  secrets: ["url", "secret"],
  render: (event) => renderWebhook(event),
  async send(payload, params, ctx) {
    const body = JSON.stringify(payload);
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "idempotency-key": ctx.idempotencyKey,
      "x-earshot-event": payload.event.kind,
      ...(params.headers ?? {}),
    };
    if (params.secret) headers["x-earshot-signature"] = signWebhookBody(params.secret, body);
    const res = await ctx.http
      .with({ allowPrivateNetwork: params.allowPrivateNetwork })
      .request({ url: params.url, method: "POST", body, headers, retries: 0, timeoutMs: params.timeoutMs, signal: ctx.signal })
      // The URL carries the receiver's token: keep it out of errors even when unregistered.
      .catch((err: unknown) => { throw scrubSecrets(err, [params.url, params.secret]); });
    return { statusCode: res.status, response: res.text().slice(0, 200) };
  },
});
