import { describe, it, expect } from "vitest";
import { addBusinessMinutes, businessMinutesBetween, zoneOffsetMs } from "../../cases/sla.calendar.ts";
import { calendarSchema, pickPolicy, DEFAULT_SLA_POLICIES, casesConfigSchema } from "../../cases/case.config.ts";

const utc = calendarSchema.parse({ timezone: "UTC", holidays: ["2026-12-25"] });
const shanghai = calendarSchema.parse({ timezone: "Asia/Shanghai", start: "09:00", end: "18:00" });

describe("business-hours calendar", () => {
  it("adds within the same day", () => {
    expect(addBusinessMinutes(utc, new Date("2026-11-24T10:00:00Z"), 60).toISOString()).toBe("2026-11-24T11:00:00.000Z");
  });
  it("starts the clock at opening time when a case arrives at night", () => {
    expect(addBusinessMinutes(utc, new Date("2026-11-24T03:00:00Z"), 30).toISOString()).toBe("2026-11-24T09:30:00.000Z");
  });
  it("carries over the weekend (Friday 16:30 + 4h = Monday 12:30)", () => {
    expect(addBusinessMinutes(utc, new Date("2026-11-27T16:30:00Z"), 240).toISOString()).toBe("2026-11-30T12:30:00.000Z");
  });
  it("skips holidays", () => {
    // Thu 24 Dec 16:00 + 2h: 1h on the 24th, the 25th is a holiday, then Sat/Sun, Monday 28th 10:00.
    expect(addBusinessMinutes(utc, new Date("2026-12-24T16:00:00Z"), 120).toISOString()).toBe("2026-12-28T10:00:00.000Z");
  });
  it("uses the calendar's time zone", () => {
    expect(zoneOffsetMs("Asia/Shanghai", Date.parse("2026-11-24T00:00:00Z"))).toBe(8 * 3600_000);
    // 17:30 in Shanghai (09:30Z) + 60 business minutes = next day 09:30 Shanghai (01:30Z).
    expect(addBusinessMinutes(shanghai, new Date("2026-11-24T09:30:00Z"), 60).toISOString()).toBe("2026-11-25T01:30:00.000Z");
  });
  it("always-on calendars count wall time", () => {
    const always = calendarSchema.parse({ always: true });
    expect(addBusinessMinutes(always, new Date("2026-11-28T23:00:00Z"), 120).toISOString()).toBe("2026-11-29T01:00:00.000Z");
  });
  it("measures business minutes between instants", () => {
    expect(businessMinutesBetween(utc, new Date("2026-11-27T16:00:00Z"), new Date("2026-11-30T10:00:00Z"))).toBe(120);
    expect(businessMinutesBetween(utc, new Date("2026-11-30T10:00:00Z"), new Date("2026-11-27T16:00:00Z"))).toBe(0);
  });
  it("rejects a calendar whose end is before its start, naming the field", () => {
    const r = calendarSchema.safeParse({ start: "18:00", end: "09:00" });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0].path).toEqual(["end"]);
  });
});

describe("SLA policy selection", () => {
  it("prefers an exact severity and channel match", () => {
    const policies = casesConfigSchema.parse({ sla: [
      { severity: "*", channel: "*", firstResponseMinutes: 240, nextResponseMinutes: 480, resolutionMinutes: 2400 },
      { severity: "serious", channel: "twitter", firstResponseMinutes: 15, nextResponseMinutes: 60, resolutionMinutes: 600, calendar: "always" },
      { severity: "serious", channel: "*", firstResponseMinutes: 60, nextResponseMinutes: 120, resolutionMinutes: 900 },
    ] }).sla;
    expect(pickPolicy(policies, "serious", "twitter").firstResponseMinutes).toBe(15);
    expect(pickPolicy(policies, "serious", "email").firstResponseMinutes).toBe(60);
    expect(pickPolicy(policies, "general", "twitter").firstResponseMinutes).toBe(240);
  });
  it("defaults: serious complaints are watched around the clock", () => {
    expect(pickPolicy(DEFAULT_SLA_POLICIES, "serious", null).calendar).toBe("always");
    expect(pickPolicy(DEFAULT_SLA_POLICIES, "general", null).calendar).toBe("business");
  });
});
