// Business hours and quiet hours per receiver, evaluated in the receiver's own time
// zone (Intl, so DST is handled by the platform's tz database).
import type { ReceiverConfig, TimeWindow } from "./config.ts";

const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
const fmtCache = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = fmtCache.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone: tz, hourCycle: "h23", weekday: "short", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" });
    fmtCache.set(tz, f);
  }
  return f;
}

export interface LocalTime { year: number; month: number; day: number; weekday: (typeof WEEKDAYS)[number]; minutes: number; seconds: number }

export function localTime(epochMs: number, tz: string): LocalTime {
  const parts = Object.fromEntries(formatter(tz).formatToParts(new Date(epochMs)).map((p) => [p.type, p.value]));
  return {
    year: Number(parts.year), month: Number(parts.month), day: Number(parts.day),
    weekday: parts.weekday.toLowerCase().slice(0, 3) as LocalTime["weekday"],
    minutes: Number(parts.hour) * 60 + Number(parts.minute), seconds: Number(parts.second),
  };
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Is `epochMs` inside the window? Overnight windows (end <= start) belong to the day they start on. */
export function inWindow(epochMs: number, w: TimeWindow): boolean {
  const t = localTime(epochMs, w.timezone);
  const start = toMinutes(w.start);
  const end = toMinutes(w.end);
  if (start < end) return w.days.includes(t.weekday) && t.minutes >= start && t.minutes < end;
  if (t.minutes >= start) return w.days.includes(t.weekday);
  if (t.minutes < end) {
    const yesterday = WEEKDAYS[(WEEKDAYS.indexOf(t.weekday) + 6) % 7];
    return w.days.includes(yesterday);
  }
  return false;
}

/** First minute boundary at or after `epochMs` that is outside the window (capped at 8 days). */
export function windowEndsAt(epochMs: number, w: TimeWindow): number {
  let t = Math.ceil(epochMs / 60_000) * 60_000;
  const limit = epochMs + 8 * 86_400_000;
  // Coarse 15-minute steps, then back up to the exact minute.
  while (t < limit && inWindow(t, w)) t += 15 * 60_000;
  let back = t - 60_000;
  while (back > epochMs && !inWindow(back, w)) { t = back; back -= 60_000; }
  return t;
}

const RANK = { info: 0, warning: 1, critical: 2 } as const;

export interface HoursDecision {
  receiver: string;
  /** Hold the notification until then (quiet hours), or null to send now. */
  deferUntil: number | null;
  reason: "in_hours" | "after_hours" | "quiet_hours_held" | "quiet_hours_override";
}

/**
 * Where and when a notification for `receiverName` goes at `now`:
 * - quiet hours: below allow_severity it is held until they end; at or above it goes
 *   out at once, to the after-hours receiver when there is one;
 * - outside business hours it goes to the after-hours receiver when there is one.
 */
export function applyHours(receivers: Map<string, ReceiverConfig>, receiverName: string, severity: keyof typeof RANK, now: number): HoursDecision {
  const r = receivers.get(receiverName);
  if (!r) return { receiver: receiverName, deferUntil: null, reason: "in_hours" };
  const afterHours = r.after_hours_receiver ?? receiverName;
  if (r.quiet_hours && inWindow(now, r.quiet_hours)) {
    if (RANK[severity] < RANK[r.quiet_hours.allow_severity]) return { receiver: receiverName, deferUntil: windowEndsAt(now, r.quiet_hours), reason: "quiet_hours_held" };
    return { receiver: afterHours, deferUntil: null, reason: "quiet_hours_override" };
  }
  if (r.business_hours && !inWindow(now, r.business_hours)) return { receiver: afterHours, deferUntil: null, reason: "after_hours" };
  return { receiver: receiverName, deferUntil: null, reason: "in_hours" };
}

/** UTC instant of a wall-clock time in a zone (DST-aware: two correction passes). */
export function zonedTimeToEpoch(y: number, mo: number, d: number, minutes: number, tz: string): number {
  const target = Date.UTC(y, mo - 1, d, Math.floor(minutes / 60), minutes % 60);
  let guess = target;
  for (let i = 0; i < 2; i++) {
    const lt = localTime(guess, tz);
    const asUtc = Date.UTC(lt.year, lt.month - 1, lt.day, Math.floor(lt.minutes / 60), lt.minutes % 60, lt.seconds);
    guess += target - asUtc;
  }
  return guess;
}
