// Cron scheduling: each source on its own expression. node-cron's noOverlap plus the
// runner's in-flight guard mean a slow source never runs twice at once; stop() waits
// for in-flight runs so their writes finish before the process exits.
import cron, { type ScheduledTask, type RunCoordinator } from "node-cron";
import type { Logger } from "./log.ts";
import { ConfigError } from "./errors.ts";

export interface ScheduledJob {
  name: string;
  schedule: string;
  run: () => Promise<unknown>;
  /** Runs in every process even when several share a database (in-memory state, e.g. detectors). */
  perProcess?: boolean;
}

export class Scheduler {
  #tasks: ScheduledTask[] = [];
  #inFlight = new Set<Promise<unknown>>();

  /** With a coordinator (PostgreSQL, several processes), each tick of a shared job runs in one process only. */
  constructor(private log: Logger, private coordinator?: RunCoordinator) {}

  static validate(expr: string, where: string): void {
    if (!cron.validate(expr)) throw new ConfigError(`${where}: invalid cron expression ${JSON.stringify(expr)}`);
  }

  add(job: ScheduledJob): void {
    Scheduler.validate(job.schedule, `job ${job.name}`);
    const task = cron.schedule(job.schedule, () => this.trigger(job), {
      name: job.name, noOverlap: true,
      ...(this.coordinator && !job.perProcess ? { distributed: true, runCoordinator: this.coordinator } : {}),
    });
    this.#tasks.push(task);
  }

  /** Runs a job now (also used for the first run at start-up), tracked for graceful shutdown. */
  trigger(job: ScheduledJob): Promise<unknown> {
    const p = job.run().catch((err) => this.log.error({ job: job.name, err: String(err) }, "scheduled job failed"));
    this.#inFlight.add(p);
    p.finally(() => this.#inFlight.delete(p));
    return p;
  }

  /** Stops scheduling and waits (up to timeoutMs) for running jobs to finish their writes. */
  async stop(timeoutMs = 30_000): Promise<void> {
    await Promise.all(this.#tasks.map((t) => t.stop()));
    await Promise.all(this.#tasks.map((t) => t.destroy()));
    this.#tasks = [];
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.#inFlight]),
      new Promise((r) => { timer = setTimeout(r, timeoutMs); }),
    ]);
    clearTimeout(timer);
  }
}
