// The routing engine: silences and inhibition first, then the routing tree, then
// aggregation groups; what a group flushes passes through business/quiet hours and
// comes out as dispatches (receiver + channels + alerts) for the outbox. Pure logic
// with an injected clock; the caller persists nothing but what it sends.
import { routingConfigSchema, type ReceiverConfig, type RoutingConfig } from "./config.ts";
import { matchRoutes, type ResolvedRoute } from "./tree.ts";
import { Grouper, type GroupedAlert, type GrouperState } from "./grouping.ts";
import { findInhibition, type Inhibition } from "./inhibit.ts";
import { findSilence, type SilenceRule } from "./silences.ts";
import { applyHours, type HoursDecision } from "./hours.ts";

export interface RoutableAlert<T = unknown> {
  /** Identity of "the same alert" (e.g. incident id): repeats refresh, never duplicate. */
  fingerprint: string;
  labels: Record<string, string>;
  severity: "info" | "warning" | "critical";
  data: T;
}

export type IngestResult =
  | { status: "silenced"; silence: SilenceRule }
  | { status: "inhibited"; inhibition: Inhibition }
  | { status: "grouped"; routes: ResolvedRoute[]; groups: string[] };

export interface Dispatch<T = unknown> {
  receiver: string;
  /** The receiver the route chose, before business/quiet hours (== receiver when in hours). */
  routedTo: string;
  channels: string[];
  groupKey: string;
  firing: GroupedAlert<RoutableAlert<T>>[];
  resolved: GroupedAlert<RoutableAlert<T>>[];
  reason: "initial" | "changed" | "repeat";
  hours: HoursDecision["reason"];
  at: number;
}

export class RoutingEngine<T = unknown> {
  readonly config: RoutingConfig;
  readonly receivers: Map<string, ReceiverConfig>;
  #clock: () => number;
  #grouper: Grouper<RoutableAlert<T>>;
  #firing = new Map<string, RoutableAlert<T>>();
  #silences: SilenceRule[] = [];
  #held: Array<Dispatch<T> & { until: number }> = [];

  constructor(config: RoutingConfig | unknown, opts: { clock?: () => number } = {}) {
    this.config = routingConfigSchema.parse(config);
    this.receivers = new Map(this.config.receivers.map((r) => [r.name, r]));
    this.#clock = opts.clock ?? Date.now;
    this.#grouper = new Grouper({ clock: this.#clock });
  }

  /** Replaces the active silences (reload from the Silence table on change). */
  setSilences(silences: SilenceRule[]): void {
    this.#silences = silences;
  }

  ingest(alert: RoutableAlert<T>): IngestResult {
    const now = this.#clock();
    const labels = { severity: alert.severity, ...alert.labels };
    const a = { ...alert, labels };
    const silence = findSilence(labels, this.#silences, now);
    if (silence) return { status: "silenced", silence };
    this.#firing.set(alert.fingerprint, a);
    const inhibition = findInhibition(a, this.#firing.values(), this.config.inhibit_rules);
    if (inhibition) return { status: "inhibited", inhibition };
    const routes = matchRoutes(this.config.route, labels);
    const groups = routes.map((r) => this.#grouper.add(r, { fingerprint: a.fingerprint, labels, data: a }));
    return { status: "grouped", routes, groups };
  }

  resolve(fingerprint: string): void {
    this.#firing.delete(fingerprint);
    this.#grouper.resolve(fingerprint);
  }

  /** Everything due now: group flushes (after silences/inhibition at notify time) and held dispatches whose quiet hours ended. */
  tick(): Dispatch<T>[] {
    const now = this.#clock();
    const out: Dispatch<T>[] = [];
    const release = this.#held.filter((h) => h.until <= now);
    this.#held = this.#held.filter((h) => h.until > now);
    for (const { until: _until, ...d } of release) out.push({ ...d, at: now });
    const keep = (g: GroupedAlert<RoutableAlert<T>>) => {
      if (!g.firing) return true;
      if (findSilence(g.labels, this.#silences, now)) return false;
      return !findInhibition(g, this.#firing.values(), this.config.inhibit_rules);
    };
    for (const n of this.#grouper.flushDue(keep)) {
      const top = [...n.firing, ...n.resolved].reduce((s, a) => Math.max(s, RANK[a.data.severity]), 0);
      const decision = applyHours(this.receivers, n.receiver, SEVERITIES[top], now);
      const d: Dispatch<T> = {
        receiver: decision.receiver, routedTo: n.receiver, channels: this.receivers.get(decision.receiver)?.channels ?? [],
        groupKey: n.groupKey, firing: n.firing, resolved: n.resolved, reason: n.reason, hours: decision.reason, at: now,
      };
      if (decision.deferUntil !== null) {
        // One held notification per group: a repeat or change during quiet hours
        // replaces the held one (latest state), so the morning gets one message.
        const prev = this.#held.find((h) => h.groupKey === d.groupKey);
        this.#held = this.#held.filter((h) => h !== prev);
        this.#held.push({ ...d, reason: prev && REASON_RANK[prev.reason] < REASON_RANK[d.reason] ? prev.reason : d.reason, until: decision.deferUntil });
      } else out.push(d);
    }
    return out;
  }

  /** When tick() next has something to do (for a scheduler that sleeps), or null. */
  nextWakeAt(): number | null {
    const times = [this.#grouper.nextWakeAt(), ...this.#held.map((h) => h.until)].filter((t): t is number => t !== null);
    return times.length ? Math.min(...times) : null;
  }

  exportState(): { groups: GrouperState<RoutableAlert<T>>; firing: RoutableAlert<T>[]; held: Array<Dispatch<T> & { until: number }> } {
    return { groups: this.#grouper.exportState(), firing: [...this.#firing.values()], held: this.#held };
  }

  importState(s: ReturnType<RoutingEngine<T>["exportState"]>): void {
    this.#grouper.importState(s.groups);
    this.#firing = new Map(s.firing.map((a) => [a.fingerprint, a]));
    this.#held = s.held;
  }
}

const RANK = { info: 0, warning: 1, critical: 2 } as const;
const REASON_RANK = { initial: 0, changed: 1, repeat: 2 } as const;
const SEVERITIES = ["info", "warning", "critical"] as const;
