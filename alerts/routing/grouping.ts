// Aggregation groups with Alertmanager's timing:
// - a new group waits group_wait before its first notification (to batch a burst);
// - afterwards it is looked at every group_interval, and notifies only when its set
//   of firing/resolved alerts changed since the last notification;
// - an unchanged, still-firing group is re-sent after repeat_interval;
// - resolved alerts are sent once (with the next flush) and then dropped.
// Pure: time comes from the injected clock; state can be exported and restored.
import { groupKey, type ResolvedRoute } from "./tree.ts";

export interface GroupedAlert<T> {
  fingerprint: string;
  labels: Record<string, string>;
  data: T;
  firing: boolean;
  startsAt: number;
  resolvedAt: number | null;
}

export interface GroupNotification<T> {
  groupKey: string;
  route: ResolvedRoute;
  receiver: string;
  firing: GroupedAlert<T>[];
  resolved: GroupedAlert<T>[];
  /** Why it was sent: first flush, changed set, or repeat of an unchanged set. */
  reason: "initial" | "changed" | "repeat";
  at: number;
}

interface Group<T> {
  key: string;
  route: ResolvedRoute;
  alerts: Map<string, GroupedAlert<T>>;
  nextFlushAt: number;
  last: { firing: string[]; resolved: string[]; at: number } | null;
}

export interface GrouperState<T> {
  groups: Array<{ key: string; route: ResolvedRoute; alerts: GroupedAlert<T>[]; nextFlushAt: number; last: Group<T>["last"] }>;
}

export class Grouper<T> {
  #groups = new Map<string, Group<T>>();
  #clock: () => number;

  constructor(opts: { clock: () => number }) {
    this.#clock = opts.clock;
  }

  /** Adds (or refreshes) a firing alert in the group its labels select on this route. */
  add(route: ResolvedRoute, alert: { fingerprint: string; labels: Record<string, string>; data: T }): string {
    const now = this.#clock();
    const key = groupKey(route, alert.labels);
    let g = this.#groups.get(key);
    if (!g) {
      g = { key, route, alerts: new Map(), nextFlushAt: now + route.groupWaitMs, last: null };
      this.#groups.set(key, g);
    }
    const prev = g.alerts.get(alert.fingerprint);
    g.alerts.set(alert.fingerprint, {
      fingerprint: alert.fingerprint, labels: alert.labels, data: alert.data, firing: true,
      startsAt: prev?.firing ? prev.startsAt : now, resolvedAt: null,
    });
    return key;
  }

  /** Marks an alert resolved in every group holding it; it is reported once, then dropped. */
  resolve(fingerprint: string): number {
    const now = this.#clock();
    let n = 0;
    for (const g of this.#groups.values()) {
      const a = g.alerts.get(fingerprint);
      if (a?.firing) { a.firing = false; a.resolvedAt = now; n++; }
    }
    return n;
  }

  /** Earliest time a group is due, or null when there is nothing to wait for. */
  nextWakeAt(): number | null {
    let min: number | null = null;
    for (const g of this.#groups.values()) if (min === null || g.nextFlushAt < min) min = g.nextFlushAt;
    return min;
  }

  /** Flushes every due group; `keep` lets the caller drop alerts (e.g. inhibited) at notify time. */
  flushDue(keep: (a: GroupedAlert<T>) => boolean = () => true): GroupNotification<T>[] {
    const now = this.#clock();
    const out: GroupNotification<T>[] = [];
    for (const g of [...this.#groups.values()].sort((a, b) => a.nextFlushAt - b.nextFlushAt)) {
      if (g.nextFlushAt > now) continue;
      const all = [...g.alerts.values()].filter(keep);
      const firing = all.filter((a) => a.firing);
      const resolved = all.filter((a) => !a.firing && (g.last?.firing.includes(a.fingerprint) ?? false));
      const firingKeys = firing.map((a) => a.fingerprint).sort();
      const changed = !g.last || firingKeys.join("\n") !== g.last.firing.join("\n") || resolved.length > 0;
      const repeat = !changed && firing.length > 0 && g.last !== null && now - g.last.at >= g.route.repeatIntervalMs;
      if ((changed && (firing.length || resolved.length)) || repeat) {
        out.push({
          groupKey: g.key, route: g.route, receiver: g.route.receiver, firing, resolved,
          reason: g.last === null ? "initial" : repeat ? "repeat" : "changed", at: now,
        });
        g.last = { firing: firingKeys, resolved: resolved.map((a) => a.fingerprint), at: now };
      }
      for (const a of [...g.alerts.values()]) if (!a.firing) g.alerts.delete(a.fingerprint);
      if (g.alerts.size === 0) this.#groups.delete(g.key);
      else g.nextFlushAt = now + g.route.groupIntervalMs;
    }
    return out;
  }

  get size(): number {
    return this.#groups.size;
  }

  exportState(): GrouperState<T> {
    return { groups: [...this.#groups.values()].map((g) => ({ key: g.key, route: g.route, alerts: [...g.alerts.values()], nextFlushAt: g.nextFlushAt, last: g.last })) };
  }

  importState(state: GrouperState<T>): void {
    this.#groups = new Map(state.groups.map((g) => [g.key, { ...g, alerts: new Map(g.alerts.map((a) => [a.fingerprint, a])) }]));
  }
}
