// Signed acknowledge links. A link carries what it acknowledges (the alert's
// fingerprint, i.e. "this problem", and its incident) and an expiry, signed with
// HMAC-SHA256; no database lookup is needed to reject a forged or stale link.
// Acknowledging writes the alert rows, the incident and its 3W timeline
// (IncidentEvent kind "acknowledged") in one transaction and is idempotent.
import { createHmac, timingSafeEqual } from "node:crypto";
import type { PrismaClient } from "../core/db/index.ts";
import { ConfigError } from "../core/errors.ts";
import { registerSecret } from "../core/redact.ts";
import type { EarshotConfig } from "../core/config/schema.ts";
import type { AlertEvent } from "./notifiers/types.ts";
import { enqueueAlert } from "./outbox.ts";

export interface AckClaims {
  /** Alert fingerprint: every alert row with it is acknowledged. */
  fingerprint: string;
  incidentId: number | null;
  /** Receiver the link was sent to (shown on the timeline). */
  receiver: string | null;
  /** Expiry, epoch ms. */
  expiresAt: number;
}

export type AckVerification = { ok: true; claims: AckClaims } | { ok: false; reason: "malformed" | "bad_signature" | "expired" };

/** Shortest accepted secret (HMAC keys shorter than this are guessable). */
export const MIN_ACK_SECRET_LENGTH = 16;

/** The ack secret: config `alerts.routing.ack.secret`, else EARSHOT_ACK_SECRET. Missing or short is a ConfigError. */
export function resolveAckSecret(configured: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const secret = configured ?? env.EARSHOT_ACK_SECRET;
  if (!secret) throw new ConfigError("acknowledge links need a secret: set alerts.routing.ack.secret: ${EARSHOT_ACK_SECRET} and the variable", ["alerts.routing.ack.secret: missing"]);
  if (secret.length < MIN_ACK_SECRET_LENGTH) throw new ConfigError(`acknowledge link secret is too short (${secret.length} chars, need ${MIN_ACK_SECRET_LENGTH})`, ["alerts.routing.ack.secret: too short"]);
  registerSecret(secret);
  return secret;
}

const b64 = (buf: Buffer | string) => Buffer.from(buf).toString("base64url");
const mac = (secret: string, body: string) => createHmac("sha256", secret).update(`earshot-ack.v1.${body}`).digest();

export function createAckToken(claims: Omit<AckClaims, "expiresAt">, secret: string, opts: { now?: number; ttlMs: number }): string {
  if (!secret || secret.length < MIN_ACK_SECRET_LENGTH) throw new ConfigError("acknowledge link secret is missing or too short");
  const exp = Math.floor(((opts.now ?? Date.now()) + opts.ttlMs) / 1000);
  const body = b64(JSON.stringify({ f: claims.fingerprint, i: claims.incidentId, r: claims.receiver, e: exp }));
  return `${body}.${b64(mac(secret, body))}`;
}

/** `${publicUrl}/api/ack?token=...`; the console/API serves that route and calls acknowledgeByToken. */
export function createAckUrl(publicUrl: string, claims: Omit<AckClaims, "expiresAt">, secret: string, opts: { now?: number; ttlMs: number }): string {
  return `${publicUrl.replace(/\/+$/, "")}/api/ack?token=${createAckToken(claims, secret, opts)}`;
}

export function verifyAckToken(token: string, secret: string, now = Date.now()): AckVerification {
  const parts = typeof token === "string" ? token.split(".") : [];
  if (parts.length !== 2 || !/^[A-Za-z0-9_-]+$/.test(parts[0]) || !/^[A-Za-z0-9_-]+$/.test(parts[1])) return { ok: false, reason: "malformed" };
  const expected = mac(secret, parts[0]);
  const got = Buffer.from(parts[1], "base64url");
  if (got.length !== expected.length || !timingSafeEqual(got, expected)) return { ok: false, reason: "bad_signature" };
  let raw: { f?: unknown; i?: unknown; r?: unknown; e?: unknown };
  try { raw = JSON.parse(Buffer.from(parts[0], "base64url").toString("utf8")); } catch { return { ok: false, reason: "malformed" }; }
  if (typeof raw.f !== "string" || typeof raw.e !== "number" || (raw.i !== null && typeof raw.i !== "number") || (raw.r !== null && typeof raw.r !== "string")) {
    return { ok: false, reason: "malformed" };
  }
  const claims: AckClaims = { fingerprint: raw.f, incidentId: raw.i as number | null, receiver: raw.r as string | null, expiresAt: raw.e * 1000 };
  if (now >= claims.expiresAt) return { ok: false, reason: "expired" };
  return { ok: true, claims };
}

export interface AckResult {
  /** Alert rows newly acknowledged (0 when it was already acknowledged). */
  alerts: number;
  incidentAcknowledged: boolean;
  alreadyAcknowledged: boolean;
}

/** Acknowledges by fingerprint (and incident). Idempotent: a second click changes nothing and adds no timeline entry. */
export async function acknowledge(
  prisma: PrismaClient,
  target: { fingerprint: string; incidentId: number | null; receiver?: string | null },
  actor: string,
  via: "link" | "api" | "cli",
  now = new Date(),
): Promise<AckResult> {
  const who = actor.trim() || "unknown";
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.alert.updateMany({
      where: { fingerprint: target.fingerprint, acknowledgedAt: null },
      data: { status: "acknowledged", acknowledgedAt: now, acknowledgedBy: who },
    });
    let incidentAcknowledged = false;
    if (target.incidentId !== null) {
      const inc = await tx.incident.updateMany({
        where: { id: target.incidentId, status: "open" },
        data: { status: "acknowledged", acknowledgedAt: now, acknowledgedBy: who },
      });
      incidentAcknowledged = inc.count === 1;
      if (count > 0 || incidentAcknowledged) {
        await tx.incidentEvent.create({
          data: {
            incidentId: target.incidentId, at: now, kind: "acknowledged", actor: who,
            message: `Acknowledged by ${who} via ${via}${target.receiver ? ` (notified receiver: ${target.receiver})` : ""}`,
            data: JSON.stringify({ fingerprint: target.fingerprint, alerts: count, via }),
          },
        });
      }
    }
    return { alerts: count, incidentAcknowledged, alreadyAcknowledged: count === 0 && !incidentAcknowledged };
  });
}

/** The API/console handler's one call: verify the link, then acknowledge. */
export async function acknowledgeByToken(
  prisma: PrismaClient, token: string, secret: string, actor: string, now = new Date(),
  /** With the config, a first acknowledgement is also sent to the PagerDuty channels that paged. */
  config?: Pick<EarshotConfig, "channels" | "delivery">,
): Promise<{ ok: true; result: AckResult; claims: AckClaims } | { ok: false; reason: string }> {
  const v = verifyAckToken(token, secret, now.getTime());
  if (!v.ok) return v;
  const result = await acknowledge(prisma, v.claims, actor, "link", now);
  if (config && !result.alreadyAcknowledged) await propagateAcknowledgement(prisma, config, v.claims.fingerprint, actor, now);
  return { ok: true, result, claims: v.claims };
}

/**
 * Tells paging channels that an alert was acknowledged in Earshot, so PagerDuty stops
 * escalating on its side too: for every PagerDuty channel that received an alert with
 * this fingerprint, one more delivery carries the same event with the incident marked
 * acknowledged (the renderer turns that into event_action "acknowledge" with the same
 * dedup_key). Chat and mail channels get nothing: an acknowledgement is not news there.
 */
export async function propagateAcknowledgement(
  prisma: PrismaClient,
  config: Pick<EarshotConfig, "channels" | "delivery">,
  fingerprint: string,
  actor: string,
  now = new Date(),
): Promise<number | null> {
  const sent = await prisma.alert.findMany({
    where: { fingerprint }, orderBy: { id: "desc" },
    include: { deliveries: { where: { channelType: "pagerduty" }, select: { channel: true } } },
  });
  const channels = [...new Set(sent.flatMap((a) => a.deliveries.map((d) => d.channel)))].filter((c) => config.channels.some((x) => x.name === c));
  const latest = sent.find((a) => a.kind !== "resolved");
  if (!channels.length || !latest) return null;
  const prev = JSON.parse(latest.data) as Omit<AlertEvent, "alertId">;
  if (!prev.incident) return null;
  const event: Omit<AlertEvent, "alertId"> = {
    ...prev, kind: "incident_opened", incident: { ...prev.incident, status: "acknowledged" },
    summary: `Acknowledged in Earshot by ${actor}`, createdAt: now.toISOString(),
  };
  const { alertId } = await enqueueAlert(prisma, config, {
    kind: "incident_opened", rule: latest.rule, severity: latest.severity as AlertEvent["severity"], title: latest.title, summary: event.summary,
    brandId: latest.brandId, incidentId: latest.incidentId, fingerprint: `${fingerprint}#ack`, labels: { ...prev.labels, acknowledged_by: actor },
    event, channels,
  }, now);
  // Not an alert anyone must act on: keep it out of escalation.
  await prisma.alert.update({ where: { id: alertId }, data: { status: "acknowledged", acknowledgedAt: now, acknowledgedBy: actor } });
  return alertId;
}
