// The outbox: an alert leaves the process only as Delivery rows, written in the same
// transaction as the Alert. The delivery worker sends them; nothing is sent inline,
// so a crash or a dead receiver can delay an alert but never lose it.
import type { PrismaClient } from "../core/db/index.ts";
import type { AlertEvent, AlertEventKind } from "./notifiers/types.ts";
import type { EarshotConfig } from "../core/config/schema.ts";
import { ConfigError } from "../core/errors.ts";
import { EventEmitter } from "node:events";

/** Emits "enqueued" after an alert's deliveries commit, so a worker in this process sends at once instead of at its next poll. */
export const outboxSignal = new EventEmitter();
outboxSignal.setMaxListeners(100);

export interface NewAlert {
  kind: AlertEventKind;
  rule: string;
  severity: AlertEvent["severity"];
  title: string;
  summary: string;
  brandId: string | null;
  incidentId: number | null;
  fingerprint: string;
  labels?: Record<string, string>;
  /** Everything of the AlertEvent except the alert id (assigned here). */
  event: Omit<AlertEvent, "alertId">;
  channels: string[];
}

export async function enqueueAlert(
  prisma: PrismaClient,
  config: Pick<EarshotConfig, "channels" | "delivery">,
  a: NewAlert,
  now = new Date(),
): Promise<{ alertId: number; deliveryIds: number[] }> {
  const byName = new Map(config.channels.map((c) => [c.name, c]));
  const unknown = a.channels.filter((c) => !byName.has(c));
  if (unknown.length) throw new ConfigError(`alert rule ${a.rule}: unknown channel(s) ${unknown.join(", ")}`);
  const result = await prisma.$transaction(async (tx) => {
    const alert = await tx.alert.create({
      data: {
        kind: a.kind, rule: a.rule, severity: a.severity, title: a.title, summary: a.summary, brandId: a.brandId,
        incidentId: a.incidentId, fingerprint: a.fingerprint, labels: JSON.stringify(a.labels ?? {}),
        data: JSON.stringify(a.event), status: "dispatched", createdAt: now,
      },
    });
    const deliveryIds: number[] = [];
    for (const name of a.channels) {
      const ch = byName.get(name)!;
      const d = await tx.delivery.create({
        data: {
          alertId: alert.id, channel: name, channelType: ch.type,
          // Stable across retries and processes: receivers drop repeats by this key.
          idempotencyKey: `earshot-alert-${alert.id}-${name}`,
          status: "pending", maxAttempts: config.delivery.maxAttempts, nextAttemptAt: now, createdAt: now,
        },
      });
      deliveryIds.push(d.id);
    }
    return { alertId: alert.id, deliveryIds };
  });
  outboxSignal.emit("enqueued", result.deliveryIds.length);
  return result;
}
