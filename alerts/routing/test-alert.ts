// `earshot channels test NAME`: a test alert goes through the real path (Alert row,
// Delivery row, the delivery worker, the channel's renderer and sender), so a
// passing test means real alerts will pass too.
import type { PrismaClient } from "../../core/db/index.ts";
import type { EarshotConfig } from "../../core/config/schema.ts";
import { DeliveryWorker } from "../delivery-worker.ts";
import { enqueueAlert } from "../outbox.ts";
import { ConfigError } from "../../core/errors.ts";
import type { HttpClient } from "../../core/http.ts";
import type { Logger } from "../../core/log.ts";

export async function enqueueTestAlert(prisma: PrismaClient, config: EarshotConfig, channel: string, now = new Date()): Promise<{ alertId: number; deliveryIds: number[] }> {
  const ch = config.channels.find((c) => c.name === channel);
  if (!ch) {
    const known = config.channels.map((c) => c.name);
    throw new ConfigError(`no channel named ${JSON.stringify(channel)} in the configuration${known.length ? `; channels: ${known.join(", ")}` : " (it declares no channels)"}`);
  }
  const title = "Test alert from Earshot";
  const summary = `If you can read this, channel ${channel} (${ch.type}) works: this alert went through the outbox and the delivery worker like a real one.`;
  const labels = { alertname: "test", channel };
  return enqueueAlert(prisma, config, {
    kind: "test", rule: "channels-test", severity: "info", title, summary, brandId: null, incidentId: null,
    fingerprint: `test:${channel}:${now.getTime()}`, labels, channels: [channel],
    event: {
      kind: "test", title, summary, severity: "info", brand: null, incident: null, source: null, mentions: [], labels,
      ackUrl: null, createdAt: now.toISOString(),
    },
  }, now);
}

export interface TestAlertOutcome {
  alertId: number;
  status: string;
  attempts: number;
  lastError: string | null;
  lastStatusCode: number | null;
}

/**
 * Enqueues a test alert and runs a delivery worker until its delivery is sent or
 * dead, or `timeoutMs` passes (a retryable failure keeps retrying until then).
 */
export async function sendTestAlert(
  prisma: PrismaClient, config: EarshotConfig, channel: string,
  opts: { timeoutMs?: number; http?: HttpClient; log?: Logger } = {},
): Promise<TestAlertOutcome> {
  const { alertId, deliveryIds } = await enqueueTestAlert(prisma, config, channel);
  const worker = new DeliveryWorker(prisma, config, { http: opts.http, log: opts.log });
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  for (;;) {
    await worker.runOnce();
    const d = await prisma.delivery.findUniqueOrThrow({ where: { id: deliveryIds[0] } });
    if (d.status === "sent" || d.status === "dead" || Date.now() >= deadline) {
      return { alertId, status: d.status, attempts: d.attempts, lastError: d.lastError, lastStatusCode: d.lastStatusCode };
    }
    const wait = Math.max(20, Math.min(1_000, d.nextAttemptAt.getTime() - Date.now()));
    await new Promise((r) => setTimeout(r, wait));
  }
}
