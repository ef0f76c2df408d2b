// Escalation of unacknowledged alerts: when nobody acknowledged an alert within the
// receiver's `escalation.after`, it goes to `escalation.to`; that receiver's own
// escalation then applies, so chains (team -> lead -> director) need no extra config.
import { parseDuration, type ReceiverConfig } from "./config.ts";

export interface Unacknowledged {
  alertId: number;
  /** Receiver currently responsible. */
  receiver: string;
  /** When that receiver was notified (epoch ms). */
  notifiedAt: number;
  /** 0 = original receiver, +1 per escalation. */
  level: number;
}

export interface EscalationStep {
  alertId: number;
  from: string;
  to: string;
  level: number;
  dueAt: number;
}

/** Longest chain followed; stops loops such as a -> b -> a. Default 5. */
export const MAX_ESCALATION_LEVEL = 5;

export function dueEscalations(items: Unacknowledged[], receivers: Map<string, ReceiverConfig>, now: number, maxLevel = MAX_ESCALATION_LEVEL): EscalationStep[] {
  const out: EscalationStep[] = [];
  for (const it of items) {
    const esc = receivers.get(it.receiver)?.escalation;
    if (!esc || it.level >= maxLevel) continue;
    const dueAt = it.notifiedAt + parseDuration(esc.after);
    if (now >= dueAt) out.push({ alertId: it.alertId, from: it.receiver, to: esc.to, level: it.level + 1, dueAt });
  }
  return out;
}

/** When the next escalation could fall due (for schedulers that sleep), or null. */
export function nextEscalationAt(items: Unacknowledged[], receivers: Map<string, ReceiverConfig>, maxLevel = MAX_ESCALATION_LEVEL): number | null {
  let min: number | null = null;
  for (const it of items) {
    const esc = receivers.get(it.receiver)?.escalation;
    if (!esc || it.level >= maxLevel) continue;
    const at = it.notifiedAt + parseDuration(esc.after);
    if (min === null || at < min) min = at;
  }
  return min;
}
