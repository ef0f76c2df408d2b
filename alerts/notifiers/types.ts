// The notifier plug-in contract. Each channel type lives in
// alerts/notifiers/<id>/<id>.notifier.ts (renderers in <id>.render.ts, pure) and is
// listed once in alerts/notifiers/registry.ts. Notifiers never read the environment:
// they get resolved params (secrets included) from the config module.
import type { z } from "zod";
import type { HttpClient } from "../../core/http.ts";

export type AlertEventKind = "incident_opened" | "escalated" | "resolved" | "source_silent" | "digest" | "test";

/** The single event body every renderer turns into a channel payload. Plain data, JSON-serialisable. */
export interface AlertEvent {
  kind: AlertEventKind;
  alertId: number;
  title: string;
  summary: string;
  severity: "info" | "warning" | "critical";
  brand: { id: string; name: string } | null;
  incident: {
    id: number;
    kind: string;
    status: string;
    riskScore: number;
    predictedSize: number | null;
    detectedAt: string;
    url: string | null;      // console link, when a public URL is configured
  } | null;
  source: { id: string; type: string; lastSuccessAt: string | null; lastError: string | null } | null;
  /** Example posts (untrusted text: renderers must escape it for their target). */
  mentions: Array<{ text: string; url: string | null; author: string | null; platform: string; publishedAt: string; sentiment: string | null }>;
  /** Digest lines (digest events only). */
  items?: Array<{ title: string; summary: string; severity: string; url: string | null }>;
  labels: Record<string, string>;
  ackUrl: string | null;
  createdAt: string;
}

export interface SendContext {
  http: HttpClient;
  /** Stable per delivery: receivers use it to drop repeats (at-least-once delivery). */
  idempotencyKey: string;
  signal?: AbortSignal;
}

export interface SendResult {
  statusCode?: number;
  /** Short receiver answer for the attempt log (redacted before storing). */
  response?: string;
}

export interface NotifierDescriptor<S extends z.ZodType = z.ZodType, R = unknown> {
  /** Lower-case kebab-case, stored in configs and databases: never rename. */
  id: string;
  title: string;
  params: S;
  /** Names of params that are secrets (webhook URLs carry tokens: they count). */
  secrets: string[];
  /** Pure: same event and params, same payload. */
  render(event: AlertEvent, params: z.infer<S>): R;
  /** Sends one rendered payload. Throws RetryableError / PermanentError from core/errors.ts. */
  send(payload: R, params: z.infer<S>, ctx: SendContext): Promise<SendResult>;
}

export function defineNotifier<S extends z.ZodType, R>(d: NotifierDescriptor<S, R>): NotifierDescriptor<S, R> {
  if (!/^[a-z][a-z0-9-]*$/.test(d.id)) throw new Error(`notifier id must be lower-case kebab-case, received ${JSON.stringify(d.id)}`);
  return d;
}
