// Sends what the outbox holds. Due Delivery rows are claimed in one UPDATE ... RETURNING
// (safe with several workers or processes), rendered by the channel's pure
// renderer, sent once, and every attempt is recorded. Retryable failures come back
// with jittered exponential backoff (Retry-After honoured); permanent ones and rows
// out of attempts become dead letters, listed by `earshot deliveries --dead`.
import os from "node:os";
import type { PrismaClient } from "../core/db/index.ts";
import type { Alert, Delivery, Prisma } from "../core/db/generated/sqlite/client.ts";
import type { EarshotConfig } from "../core/config/schema.ts";
import type { AlertEvent } from "./notifiers/types.ts";
import { getNotifier } from "./notifiers/registry.ts";
import { outboxSignal } from "./outbox.ts";
import { HttpClient } from "../core/http.ts";
import { describeError, errorKind, RetryableError, PermanentError } from "../core/errors.ts";
import { redact } from "../core/redact.ts";
import { logger as rootLogger, type Logger } from "../core/log.ts";

export interface DeliveryWorkerOptions {
  /** Rows claimed per poll. Default 20. */
  batchSize?: number;
  /** How long a claim is held before another worker may take the row over (crash recovery). Default 60 s. */
  leaseMs?: number;
  http?: HttpClient;
  log?: Logger;
  random?: () => number;
  workerId?: string;
}

export class DeliveryWorker {
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<number> | null = null;
  #stopped = false;
  #http: HttpClient;
  #log: Logger;
  #random: () => number;
  readonly workerId: string;

  constructor(private prisma: PrismaClient, private config: EarshotConfig, private opts: DeliveryWorkerOptions = {}) {
    // Receivers are few and fast; the per-host limit here only stops a runaway loop (1000/s).
    this.#http = opts.http ?? new HttpClient({ retries: 0, perHostPerMinute: 60_000 });
    this.#log = (opts.log ?? rootLogger).child({ component: "delivery" });
    this.#random = opts.random ?? Math.random;
    this.workerId = opts.workerId ?? `${os.hostname()}:${process.pid}`;
  }

  #onEnqueued = () => this.#wake();
  #looping = false;
  #wakeRequested = false;

  start(): void {
    this.#stopped = false;
    // New alerts wake the worker at once; polling remains for retries and other processes' rows.
    outboxSignal.on("enqueued", this.#onEnqueued);
    this.#timer = setTimeout(() => void this.#loop(), 0);
  }

  #wake(): void {
    if (this.#stopped) return;
    if (this.#looping) { this.#wakeRequested = true; return; }
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#loop(), 0);
  }

  async #loop(): Promise<void> {
    if (this.#stopped || this.#looping) return;
    this.#looping = true;
    let full = false;
    try {
      this.#wakeRequested = false;
      const n = await this.runOnce();
      // A full batch means more is probably due: go again without waiting.
      full = n >= (this.opts.batchSize ?? 20);
    } catch (err) {
      this.#log.error({ err: describeError(err) }, "delivery poll failed");
    } finally {
      this.#looping = false;
    }
    if (!this.#stopped) this.#timer = setTimeout(() => void this.#loop(), full || this.#wakeRequested ? 0 : this.config.delivery.pollMs);
  }

  /** Stops polling and waits for the sends in flight to be recorded. */
  async stop(): Promise<void> {
    this.#stopped = true;
    outboxSignal.off("enqueued", this.#onEnqueued);
    if (this.#timer) clearTimeout(this.#timer);
    await this.#running?.catch(() => {});
  }

  /** One poll: claims due rows and sends them. Returns how many it attempted. */
  async runOnce(now = new Date()): Promise<number> {
    const p = this.#poll(now);
    this.#running = p;
    try { return await p; } finally { this.#running = null; }
  }

  async #poll(now: Date): Promise<number> {
    // One UPDATE ... RETURNING claims the batch atomically, including rows whose worker
    // died mid-send (expired lease). SQLite serialises writers; on PostgreSQL, SKIP LOCKED
    // lets concurrent workers take disjoint rows without waiting.
    const pg = (this.prisma as unknown as { _activeProvider?: string })._activeProvider === "postgresql";
    const at = (i: number) => (pg ? `$${i}` : "?");
    const lease = now.getTime() + (this.opts.leaseMs ?? 60_000);
    const rows = await this.prisma.$queryRawUnsafe<Array<{ id: number | bigint }>>(
      `UPDATE "Delivery" SET status = 'sending', "lockedBy" = ${at(1)}, "lockedUntil" = ${at(2)}
       WHERE id IN (SELECT id FROM "Delivery" WHERE (status = 'pending' AND "nextAttemptAt" <= ${at(3)}) OR (status = 'sending' AND "lockedUntil" < ${at(4)})
                    ORDER BY "nextAttemptAt" LIMIT ${at(5)}${pg ? " FOR UPDATE SKIP LOCKED" : ""})
       RETURNING id`,
      // Timestamps are epoch milliseconds on SQLite (adapter timestampFormat) and timestamps on PostgreSQL.
      ...(pg ? [this.workerId, new Date(lease), now, now] : [this.workerId, lease, now.getTime(), now.getTime()]),
      this.opts.batchSize ?? 20,
    );
    return this.#sendBatch(rows.map((r) => Number(r.id)));
  }

  /**
   * Loads the claimed rows in one query, sends them concurrently, then records every
   * outcome in one transaction: the database work per delivery, not the network, is
   * what bounds deliveries per second on one SQLite file.
   */
  async #sendBatch(ids: number[]): Promise<number> {
    if (!ids.length) return 0;
    const rows = await this.prisma.delivery.findMany({ where: { id: { in: ids } }, include: { alert: true } });
    const outcomes = await Promise.all(rows.map((d) => this.#send(d)));
    const ops = outcomes.flatMap((o) => o.ops);
    try {
      await this.prisma.$transaction(ops);
    } catch (err) {
      // Outcomes unrecorded: the rows stay claimed until the lease expires, then are sent again
      // (at-least-once; receivers drop the repeat by idempotency key).
      this.#log.error({ err: describeError(err), deliveries: ids }, "could not record delivery outcomes");
      return rows.length;
    }
    for (const o of outcomes) o.log();
    return rows.length;
  }

  async #send(d: Delivery & { alert: Alert }): Promise<{ ops: Prisma.PrismaPromise<unknown>[]; log: () => void }> {
    const id = d.id;
    const started = Date.now();
    let statusCode: number | undefined;
    try {
      const channel = this.config.channels.find((c) => c.name === d.channel);
      if (!channel) throw new PermanentError(`channel ${JSON.stringify(d.channel)} is no longer in the configuration`);
      const notifier = getNotifier(channel.type);
      if (!notifier) throw new PermanentError(`no notifier for channel type ${JSON.stringify(channel.type)}`);
      const event: AlertEvent = { ...(JSON.parse(d.alert.data) as Omit<AlertEvent, "alertId">), alertId: d.alertId };
      const payload = notifier.render(event, channel.params);
      const res = await notifier.send(payload, channel.params, { http: this.#http, idempotencyKey: d.idempotencyKey });
      statusCode = res.statusCode;
      const at = new Date();
      return { log: () => this.#log.info({ delivery: id, channel: d.channel, alert: d.alertId }, "alert delivered"), ops: [
        // Fenced by our claim: if the lease expired and another worker took the row over, its record wins.
        this.prisma.delivery.updateMany({
          where: { id, lockedBy: this.workerId }, data: { status: "sent", attempts: { increment: 1 }, sentAt: at, lastStatusCode: statusCode ?? null, lastError: null, lockedBy: null, lockedUntil: null },
        }),
        this.prisma.deliveryAttempt.create({ data: { deliveryId: id, at, durationMs: Date.now() - started, ok: true, statusCode: statusCode ?? null } }),
        ...(d.alert.incidentId ? [this.prisma.incidentEvent.create({
          data: { incidentId: d.alert.incidentId, at, kind: "delivered", message: `Alert #${d.alertId} delivered to ${d.channel}` },
        })] : []),
      ] };
    } catch (err) {
      const attempts = d.attempts + 1;
      const retryable = err instanceof RetryableError;
      const dead = !retryable || attempts >= d.maxAttempts;
      const text = describeError(err);
      const base = this.config.delivery.backoffBaseMs * 2 ** (attempts - 1);
      const delay = Math.min(this.config.delivery.maxBackoffMs,
        Math.max(Math.round(base / 2 + this.#random() * base / 2), err instanceof RetryableError ? err.details.retryAfterMs ?? 0 : 0));
      const code = err instanceof RetryableError || err instanceof PermanentError ? err.details.status : undefined;
      const at = new Date();
      const log = { delivery: id, channel: d.channel, alert: d.alertId, attempts, err: text };
      return { log: () => {
        if (dead) this.#log.error(log, retryable ? "delivery dead: out of attempts" : "delivery dead: permanent error");
        else this.#log.warn({ ...log, retryInMs: delay }, "delivery failed; will retry");
      }, ops: [
        this.prisma.delivery.updateMany({
          where: { id, lockedBy: this.workerId },
          data: {
            status: dead ? "dead" : "pending", attempts, lastError: `${errorKind(err)}: ${text}`, lastStatusCode: code ?? null,
            nextAttemptAt: new Date(at.getTime() + delay), lockedBy: null, lockedUntil: null,
          },
        }),
        this.prisma.deliveryAttempt.create({
          data: { deliveryId: id, at, durationMs: Date.now() - started, ok: false, statusCode: code ?? null, retryable, error: redact(text).slice(0, 2000) },
        }),
      ] };
    }
  }
}

/** Puts dead deliveries back in the queue (re-drive), keeping their attempt history. */
export async function redriveDeliveries(prisma: PrismaClient, ids: number[] | "all-dead", now = new Date()): Promise<number> {
  const where = ids === "all-dead" ? { status: "dead" } : { id: { in: ids }, status: "dead" };
  const { count } = await prisma.delivery.updateMany({ where, data: { status: "pending", nextAttemptAt: now, attempts: 0 } });
  return count;
}
