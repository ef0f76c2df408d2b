// Email over SMTP with nodemailer. One transport per send keeps the notifier
// stateless (the outbox may run sends for several channels concurrently); SMTP
// alert volume is low enough that connection reuse does not matter.
import nodemailer from "nodemailer";
import { z } from "zod";
import { defineNotifier } from "../types.ts";
import { renderEmail } from "./email.render.ts";
import { PermanentError, RetryableError } from "../../../core/errors.ts";
import { scrubSecrets } from "../send-common.ts";

const NETWORK_CODES = new Set(["ECONNECTION", "ETIMEDOUT", "ESOCKET", "EDNS", "ECONNREFUSED", "ECONNRESET", "EPIPE", "EPROTOCOL"]);

/** Classes a nodemailer failure: SMTP 4xx and network trouble are retryable, 5xx and bad credentials are not. */
export function classifySmtpError(err: unknown): Error {
  const e = err as { code?: string; responseCode?: number; message?: string };
  const msg = `smtp: ${e?.message ?? String(err)}`;
  if (e?.code === "EAUTH") return new PermanentError(`${msg} (check the SMTP user and password)`, {}, { cause: err });
  if (typeof e?.responseCode === "number") {
    return e.responseCode >= 500 ? new PermanentError(msg, { status: e.responseCode }, { cause: err }) : new RetryableError(msg, { status: e.responseCode }, { cause: err });
  }
  if (e?.code && NETWORK_CODES.has(e.code)) return new RetryableError(msg, {}, { cause: err });
  return new PermanentError(msg, {}, { cause: err });
}

export const emailNotifier = defineNotifier({
  id: "email",
  title: "Email (SMTP, HTML and plain text)",
  params: z.object({
    host: z.string().min(1).describe("SMTP server host"),
    /** SMTP port. Default 587 (submission with STARTTLS). */
    port: z.number().int().min(1).max(65535).default(587),
    /** Implicit TLS (port 465). Default false: STARTTLS is used when offered. */
    secure: z.boolean().default(false),
    /** Refuse to send without STARTTLS. Default false. */
    requireTLS: z.boolean().default(false),
    user: z.string().min(1).optional(),
    password: z.string().min(1).optional().describe("SMTP password (a secret: use ${ENV_VAR})"),
    from: z.string().min(3).describe("Sender, e.g. \"Earshot <alerts@example.com>\""),
    to: z.array(z.string().min(3)).min(1).describe("Recipients"),
    cc: z.array(z.string().min(3)).optional(),
    /** Prefix for subjects. Default "[Earshot]". */
    subjectPrefix: z.string().default("[Earshot]"),
    /** Connection/greeting/socket timeout, ms. Default 10000. */
    timeoutMs: z.number().int().positive().default(10_000),
  }).strict().refine((p) => !p.password || p.user, { message: "password is set but user is missing", path: ["user"] }),
  secrets: ["password"],
  render: (event, params) => renderEmail(event, { subjectPrefix: params.subjectPrefix }),
  async send(payload, params, ctx) {
    const transport = nodemailer.createTransport({
      host: params.host, port: params.port, secure: params.secure, requireTLS: params.requireTLS,
      auth: params.user ? { user: params.user, pass: params.password } : undefined,
      connectionTimeout: params.timeoutMs, greetingTimeout: params.timeoutMs, socketTimeout: params.timeoutMs,
      disableFileAccess: true, disableUrlAccess: true,
    });
    const onAbort = () => transport.close();
    ctx.signal?.addEventListener("abort", onAbort, { once: true });
    try {
      const info = await transport.sendMail({
        from: params.from, to: params.to, cc: params.cc,
        subject: payload.subject, text: payload.text, html: payload.html,
        // Receivers and our own tests can drop repeats of an at-least-once delivery.
        messageId: `<${ctx.idempotencyKey.replace(/[^A-Za-z0-9._-]/g, "_")}@earshot>`,
        headers: { "X-Earshot-Idempotency-Key": ctx.idempotencyKey },
      });
      return { response: String(info.response ?? "").slice(0, 200) };
    } catch (err) {
      throw scrubSecrets(classifySmtpError(err), [params.password]);
    } finally {
      ctx.signal?.removeEventListener("abort", onAbort);
      transport.close();
    }
  },
});
