// Business hours, quiet hours and after-hours escalation in the receiver's time zone.
import { describe, expect, it } from "vitest";
import { applyHours, inWindow, windowEndsAt, zonedTimeToEpoch } from "../../alerts/routing/hours.ts";
import { receiverSchema } from "../../alerts/routing/config.ts";
import { alert, engine, S } from "./fixtures.ts";

const rx = (o: unknown) => receiverSchema.parse(o);
const receivers = new Map([
  ["cn-support", rx({
    name: "cn-support", channels: ["dingtalk-cn"], after_hours_receiver: "cn-oncall",
    business_hours: { timezone: "Asia/Shanghai", start: "09:00", end: "18:00" },
    quiet_hours: { timezone: "Asia/Shanghai", days: ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], start: "22:00", end: "07:30" },
  })],
  ["cn-oncall", rx({ name: "cn-oncall", channels: ["pd"] })],
]);

describe("time windows", () => {
  it("evaluates business hours in the receiver's zone (Shanghai is UTC+8)", () => {
    const bh = receivers.get("cn-support")!.business_hours!;
    expect(inWindow(Date.parse("2026-11-24T01:00:00Z"), bh)).toBe(true);   // Tue 09:00 local
    expect(inWindow(Date.parse("2026-11-24T00:59:00Z"), bh)).toBe(false);  // Tue 08:59
    expect(inWindow(Date.parse("2026-11-24T10:00:00Z"), bh)).toBe(false);  // Tue 18:00
    expect(inWindow(Date.parse("2026-11-28T03:00:00Z"), bh)).toBe(false);  // Sat 11:00
  });

  it("handles overnight windows and finds their end", () => {
    const q = receivers.get("cn-support")!.quiet_hours!;
    const t = Date.parse("2026-11-24T15:10:00Z"); // 23:10 local
    expect(inWindow(t, q)).toBe(true);
    expect(inWindow(Date.parse("2026-11-24T23:29:00Z"), q)).toBe(true);  // 07:29 next day
    expect(windowEndsAt(t, q)).toBe(Date.parse("2026-11-24T23:30:00Z")); // 07:30 local
  });

  it("converts wall-clock time across a DST change (Europe/Paris, 29 March 2026)", () => {
    expect(new Date(zonedTimeToEpoch(2026, 3, 28, 9 * 60, "Europe/Paris")).toISOString()).toBe("2026-03-28T08:00:00.000Z");
    expect(new Date(zonedTimeToEpoch(2026, 3, 29, 9 * 60, "Europe/Paris")).toISOString()).toBe("2026-03-29T07:00:00.000Z");
  });
});

describe("applyHours", () => {
  it("in hours: the routed receiver", () => {
    expect(applyHours(receivers, "cn-support", "warning", Date.parse("2026-11-24T03:00:00Z"))).toEqual({ receiver: "cn-support", deferUntil: null, reason: "in_hours" });
  });
  it("after hours: escalates to the after-hours receiver", () => {
    expect(applyHours(receivers, "cn-support", "warning", Date.parse("2026-11-24T12:00:00Z"))).toMatchObject({ receiver: "cn-oncall", reason: "after_hours" });
  });
  it("quiet hours: holds non-critical alerts until the end, lets critical ones through to after-hours", () => {
    const t = Date.parse("2026-11-24T15:10:00Z");
    expect(applyHours(receivers, "cn-support", "warning", t)).toEqual({ receiver: "cn-support", deferUntil: Date.parse("2026-11-24T23:30:00Z"), reason: "quiet_hours_held" });
    expect(applyHours(receivers, "cn-support", "critical", t)).toEqual({ receiver: "cn-oncall", deferUntil: null, reason: "quiet_hours_override" });
  });
});

describe("engine with hours", () => {
  const cfg = {
    route: { receiver: "cn-support", group_wait: "30s" },
    receivers: [...receivers.values()],
  };
  it("holds a quiet-hours notification and releases it when quiet hours end", () => {
    const { e, clock } = engine(cfg);
    clock.set("2026-11-24T15:10:00Z");
    e.ingest(alert("w1", { brand: "b" }, "warning"));
    clock.advance(30 * S);
    expect(e.tick()).toEqual([]);
    // Group re-checks every 5 minutes during the night send nothing (unchanged, held).
    while (clock.now() + 5 * 60 * S < Date.parse("2026-11-24T23:30:00Z")) {
      clock.advance(5 * 60 * S);
      expect(e.tick()).toEqual([]);
    }
    clock.set("2026-11-24T23:30:00Z");
    const out = e.tick();
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ receiver: "cn-support", hours: "quiet_hours_held", reason: "initial" });
  });
  it("sends a critical alert during quiet hours at once, to the after-hours receiver", () => {
    const { e, clock } = engine(cfg);
    clock.set("2026-11-24T15:10:00Z");
    e.ingest(alert("c1", { brand: "b" }, "critical"));
    clock.advance(30 * S);
    expect(e.tick()).toMatchObject([{ receiver: "cn-oncall", routedTo: "cn-support", channels: ["pd"], hours: "quiet_hours_override" }]);
  });
});
