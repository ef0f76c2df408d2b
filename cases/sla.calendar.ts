// Business-hours arithmetic for SLAs: "4 business hours after 16:30 on Friday" is
// 11:30 on Monday, not 20:30 on Friday. Time zones come from Intl (no dependency);
// the UTC offset is taken per local day, so a DST switch shifts a deadline by at most
// the DST difference on that one day.
import type { CalendarConfig } from "./case.config.ts";

const MIN = 60_000;
const DAY = 24 * 60 * MIN;

const fmtCache = new Map<string, Intl.DateTimeFormat>();
function fmt(tz: string): Intl.DateTimeFormat {
  let f = fmtCache.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", { timeZone: tz, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" });
    fmtCache.set(tz, f);
  }
  return f;
}

/** Offset (ms) of the zone at an instant: local wall time minus UTC. */
export function zoneOffsetMs(tz: string, at: number): number {
  const p = Object.fromEntries(fmt(tz).formatToParts(new Date(at)).map((x) => [x.type, x.value]));
  const wall = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour % 24, +p.minute, +p.second);
  return wall - Math.floor(at / 1000) * 1000;
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

interface LocalDay { dayStartUtc: number; weekday: number; date: string; offset: number }

function localDay(cal: CalendarConfig, at: number): LocalDay {
  const offset = zoneOffsetMs(cal.timezone, at);
  const wall = at + offset;
  const wallDayStart = Math.floor(wall / DAY) * DAY;
  const d = new Date(wallDayStart);
  return { dayStartUtc: wallDayStart - offset, weekday: d.getUTCDay(), date: d.toISOString().slice(0, 10), offset };
}

function workingWindow(cal: CalendarConfig, ld: LocalDay): [number, number] | null {
  if (!cal.days.includes(ld.weekday) || cal.holidays.includes(ld.date)) return null;
  return [ld.dayStartUtc + minutesOf(cal.start) * MIN, ld.dayStartUtc + minutesOf(cal.end) * MIN];
}

/** The instant `minutes` business minutes after `from`. */
export function addBusinessMinutes(cal: CalendarConfig, from: Date, minutes: number): Date {
  if (cal.always) return new Date(from.getTime() + minutes * MIN);
  let t = from.getTime();
  let left = minutes * MIN;
  // A calendar with no working day in the next ~10 years is a config error caught by the schema's min(1) on days;
  // holidays alone cannot stall the loop for long.
  for (let guard = 0; guard < 5000; guard++) {
    const ld = localDay(cal, t);
    const w = workingWindow(cal, ld);
    if (w && t < w[1]) {
      const start = Math.max(t, w[0]);
      const avail = w[1] - start;
      if (left <= avail) return new Date(start + left);
      left -= avail;
    }
    t = ld.dayStartUtc + DAY + 1; // next local day (offset recomputed there)
    t = localDay(cal, t).dayStartUtc;
  }
  throw new Error(`calendar has no business hours within ${5000} days of ${from.toISOString()}`);
}

/** Business minutes between two instants (0 when to <= from). */
export function businessMinutesBetween(cal: CalendarConfig, from: Date, to: Date): number {
  const a = from.getTime(), b = to.getTime();
  if (b <= a) return 0;
  if (cal.always) return (b - a) / MIN;
  let total = 0;
  let t = a;
  for (let guard = 0; guard < 5000 && t < b; guard++) {
    const ld = localDay(cal, t);
    const w = workingWindow(cal, ld);
    if (w) {
      const s = Math.max(t, w[0]), e = Math.min(b, w[1]);
      if (e > s) total += e - s;
    }
    t = localDay(cal, ld.dayStartUtc + DAY + 1).dayStartUtc;
  }
  return total / MIN;
}
