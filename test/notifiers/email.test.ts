// Real mail through nodemailer into an in-process SMTP server (smtp-server) on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SMTPServer } from "smtp-server";
import type { AddressInfo } from "node:net";
import { emailNotifier } from "../../alerts/notifiers/email/email.notifier.ts";
import { HttpClient } from "../../core/http.ts";
import { PermanentError, RetryableError, describeError } from "../../core/errors.ts";
import { eventFor, hostileEvent } from "./fixtures.ts";
import { rawParamsFor, SECRET_VALUES } from "./channel-params.ts";

interface Mail { from: string; to: string[]; raw: string; user?: string }
const inbox: Mail[] = [];
let rejectWith: { code: number; message: string } | null = null;
let server: SMTPServer;
let port = 0;
const http = new HttpClient();

beforeAll(async () => {
  server = new SMTPServer({
    disabledCommands: ["STARTTLS"], allowInsecureAuth: true, authMethods: ["PLAIN", "LOGIN"], logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === "alerts" && auth.password === SECRET_VALUES.smtp) return cb(null, { user: auth.username });
      cb(Object.assign(new Error("Invalid username or password"), { responseCode: 535 }));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        if (rejectWith) return cb(Object.assign(new Error(rejectWith.message), { responseCode: rejectWith.code }));
        inbox.push({ from: String(session.envelope.mailFrom && session.envelope.mailFrom.address), to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString("utf8"), user: String(session.user) });
        cb();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  port = (server.server.address() as AddressInfo).port;
});
afterAll(async () => { await new Promise<void>((r) => server.close(() => r())); });

const params = () => emailNotifier.params.parse(rawParamsFor("email", "", port));

describe("email over SMTP", () => {
  it("delivers a multipart (plain + HTML) mail with the idempotency key", async () => {
    rejectWith = null;
    const p = params();
    await emailNotifier.send(emailNotifier.render(eventFor("incident_opened"), p), p, { http, idempotencyKey: "alert-7:mail" });
    const mail = inbox.at(-1)!;
    expect(mail.to).toEqual(["oncall@acme.example"]);
    expect(mail.user).toBe("alerts");
    expect(mail.raw).toMatch(/Subject: \[Earshot\] New incident: \[Acme Air\] Broken guitar/);
    expect(mail.raw).toMatch(/multipart\/alternative/);
    expect(mail.raw).toMatch(/Content-Type: text\/plain/);
    expect(mail.raw).toMatch(/Content-Type: text\/html/);
    expect(mail.raw).toContain("X-Earshot-Idempotency-Key: alert-7:mail");
    expect(mail.raw).toContain("Message-ID: <alert-7_mail@earshot>");
  });

  it("keeps a hostile post from injecting headers", async () => {
    rejectWith = null;
    const p = params();
    await emailNotifier.send(emailNotifier.render(hostileEvent("incident_opened"), p), p, { http, idempotencyKey: "h" });
    const raw = inbox.at(-1)!.raw;
    const headers = raw.slice(0, raw.indexOf("\r\n\r\n")).split("\r\n");
    // Every header line is a header or a folded continuation: the post added none.
    for (const h of headers) expect(h).toMatch(/^([A-Za-z-]+: |[ \t])/);
    expect(headers.filter((h) => /^(Bcc|To|Cc):/i.test(h)).join()).not.toContain("evil");
    expect(headers.filter((h) => /^Subject:/.test(h))).toHaveLength(1);
  });

  it("classes bad credentials as permanent and never shows the password", async () => {
    const p = { ...params(), password: "wrong-SECRET-password" };
    const err = await emailNotifier.send(emailNotifier.render(eventFor("test"), p), p, { http, idempotencyKey: "x" }).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentError);
    expect(describeError(err)).toMatch(/SMTP user and password/);
    expect(describeError(err)).not.toContain("wrong-SECRET-password");
  });

  it("classes SMTP 5xx as permanent and 4xx as retryable", async () => {
    const p = params();
    rejectWith = { code: 550, message: "mailbox unavailable" };
    await expect(emailNotifier.send(emailNotifier.render(eventFor("test"), p), p, { http, idempotencyKey: "a" })).rejects.toBeInstanceOf(PermanentError);
    rejectWith = { code: 451, message: "try again later" };
    await expect(emailNotifier.send(emailNotifier.render(eventFor("test"), p), p, { http, idempotencyKey: "b" })).rejects.toBeInstanceOf(RetryableError);
    rejectWith = null;
  });

  it("classes a refused connection as retryable", async () => {
    const p = { ...params(), port: 1 };
    await expect(emailNotifier.send(emailNotifier.render(eventFor("test"), p), p, { http, idempotencyKey: "c" })).rejects.toBeInstanceOf(RetryableError);
  });

  it("rejects a password without a user at config time", () => {
    const r = emailNotifier.params.safeParse({ ...rawParamsFor("email", "", 25), user: undefined });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain("user");
  });
});
