// The routing runtime a running monitor holds: one RoutingEngine, the outbox glue,
// silences reloaded from the table, escalations and digests, and the scheduler jobs
// that drive them. Wiring it in is: build it when `alerts.routing` is configured,
// call submit()/resolve() where alerts are raised, and add jobs() to the scheduler.
import type { PrismaClient } from "../../core/db/index.ts";
import type { EarshotConfig } from "../../core/config/schema.ts";
import type { DetectorSignal } from "../../analysis/detectors.ts";
import type { AlertEvent } from "../notifiers/types.ts";
import { logger as rootLogger, type Logger } from "../../core/log.ts";
import { describeError } from "../../core/errors.ts";
import { resolveAckSecret } from "../ack.ts";
import { RoutingEngine, type IngestResult } from "./engine.ts";
import { ackOptionsFrom, dispatchToOutbox, runDigest, runEscalations, type AckOptions, type RoutedAlertData } from "./dispatch.ts";
import { activeSilences } from "./silences.ts";
import { nextDigestAt } from "./digest.ts";
import type { RoutingConfig } from "./config.ts";

const STATE_KEY = "alerts.routing.state";

/** Routing labels for a detector signal: brand, severity, category, language, source, type, plus scope/incident/story for inhibition. */
export function labelsForSignal(s: DetectorSignal, incidentId: number | null): Record<string, string> {
  const ex = s.examples?.[0];
  const labels: Record<string, string> = {
    alertname: s.kind === "source_silent" ? "source_silent" : "incident", brand: s.brandId, severity: s.severity, type: s.kind,
    scope: s.storyId && s.kind !== "story" ? "story" : "incident",
  };
  if (incidentId !== null) labels.incident = String(incidentId);
  if (s.storyId) labels.story = String(s.storyId);
  if (ex?.analysis.complaint.category) labels.category = ex.analysis.complaint.category;
  if (ex?.analysis.language) labels.language = ex.analysis.language;
  if (ex?.sourceId) labels.source = ex.sourceId;
  return labels;
}

export class RoutingRuntime {
  readonly engine: RoutingEngine<RoutedAlertData>;
  readonly routing: RoutingConfig;
  readonly ack: AckOptions | null;
  #log: Logger;
  #clock: () => number;
  #lastDigestCheck: number;

  constructor(private prisma: PrismaClient, private config: EarshotConfig, opts: { clock?: () => number; log?: Logger; env?: NodeJS.ProcessEnv } = {}) {
    if (!config.alerts.routing) throw new RangeError("RoutingRuntime needs alerts.routing in the configuration");
    this.routing = config.alerts.routing;
    this.#clock = opts.clock ?? Date.now;
    this.#log = (opts.log ?? rootLogger).child({ component: "routing" });
    this.engine = new RoutingEngine<RoutedAlertData>(this.routing, { clock: this.#clock });
    this.#lastDigestCheck = this.#clock();
    // Acknowledge links need a public URL to point at and a secret to sign with.
    const env = opts.env ?? process.env;
    this.ack = config.alerts.publicUrl && (this.routing.ack.secret || env.EARSHOT_ACK_SECRET)
      ? ackOptionsFrom(this.routing, resolveAckSecret(this.routing.ack.secret, env))
      : null;
    if (!this.ack) this.#log.warn("alerts carry no acknowledge link: set alerts.publicUrl and alerts.routing.ack.secret (or EARSHOT_ACK_SECRET)");
  }

  /** Routes one alert now (silences, inhibition, tree, groups) and writes whatever is due to the outbox. */
  async submit(alert: { fingerprint: string; labels: Record<string, string>; severity: AlertEvent["severity"]; data: RoutedAlertData }): Promise<IngestResult> {
    const r = this.engine.ingest(alert);
    if (r.status !== "grouped") this.#log.info({ fingerprint: alert.fingerprint, status: r.status, reason: r.status === "silenced" ? r.silence.reason : undefined }, "alert suppressed");
    await this.flush();
    return r;
  }

  async resolve(fingerprint: string): Promise<void> {
    this.engine.resolve(fingerprint);
    await this.flush();
  }

  /** Writes due group notifications to the outbox. Returns the Alert ids. */
  async flush(): Promise<number[]> {
    const ids: number[] = [];
    for (const d of this.engine.tick()) {
      try { ids.push(await dispatchToOutbox(this.prisma, this.config, d, this.ack, new Date(d.at))); } catch (err) {
        this.#log.error({ receiver: d.receiver, group: d.groupKey, err: describeError(err) }, "could not write a routed alert to the outbox");
      }
    }
    return ids;
  }

  /** Once a minute: reload silences, escalate unacknowledged alerts, send due digests. */
  async maintain(): Promise<void> {
    const now = this.#clock();
    this.engine.setSilences(await activeSilences(this.prisma, new Date(now)));
    await runEscalations(this.prisma, this.config, this.routing, this.ack, new Date(now));
    for (const d of this.routing.digests) {
      const due = nextDigestAt(d, this.#lastDigestCheck);
      if (due <= now) await runDigest(this.prisma, this.config, this.routing, d.name, new Date(due));
    }
    this.#lastDigestCheck = now;
    await this.saveState();
  }

  /** Group timers survive a restart: without this, a restart would re-send every open group. */
  async saveState(): Promise<void> {
    const value = JSON.stringify(this.engine.exportState());
    await this.prisma.keyValue.upsert({ where: { key: STATE_KEY }, create: { key: STATE_KEY, value }, update: { value } });
  }

  async loadState(): Promise<boolean> {
    const row = await this.prisma.keyValue.findUnique({ where: { key: STATE_KEY } });
    if (!row) return false;
    try { this.engine.importState(JSON.parse(row.value)); return true; } catch (err) {
      this.#log.warn({ err: describeError(err) }, "routing state unreadable; starting with empty groups");
      return false;
    }
  }

  /** Scheduler jobs (core/scheduler.ts ScheduledJob shape): group timers every second, maintenance every minute. */
  jobs(): Array<{ name: string; schedule: string; run: () => Promise<unknown>; perProcess?: boolean }> {
    return [
      { name: "routing:flush", schedule: "* * * * * *", run: () => this.flush(), perProcess: true },
      { name: "routing:maintain", schedule: "* * * * *", run: () => this.maintain() },
    ];
  }
}
