import { describe, expect, it } from "vitest";
import { buildDigestEvent, digestWindow, nextDigestAt } from "../../alerts/routing/digest.ts";
import { digestSchema } from "../../alerts/routing/config.ts";

const daily = digestSchema.parse({ name: "exec-daily", receiver: "execs", schedule: "daily", at: "08:30", timezone: "Asia/Shanghai" });
const weekly = digestSchema.parse({ name: "exec-weekly", receiver: "execs", schedule: "weekly", at: "09:00", weekday: "mon", timezone: "Europe/Paris", match: { brand: "acme-air" } });

describe("digest schedule", () => {
  it("daily: next local 08:30 strictly after now", () => {
    expect(new Date(nextDigestAt(daily, Date.parse("2026-11-24T00:00:00Z"))).toISOString()).toBe("2026-11-24T00:30:00.000Z");
    expect(new Date(nextDigestAt(daily, Date.parse("2026-11-24T00:30:00Z"))).toISOString()).toBe("2026-11-25T00:30:00.000Z");
  });
  it("weekly: next Monday 09:00 in Paris (Tue 24 Nov -> Mon 30 Nov, UTC+1)", () => {
    expect(new Date(nextDigestAt(weekly, Date.parse("2026-11-24T12:00:00Z"))).toISOString()).toBe("2026-11-30T08:00:00.000Z");
  });
});

describe("digest content", () => {
  const at = Date.parse("2026-11-30T08:00:00Z");
  const mk = (id: number, severity: string, createdAt: string, brand = "acme-air", kind = "incident_opened") =>
    ({ id, kind, title: `alert ${id}`, summary: `s${id}`, severity, labels: { brand }, createdAt: new Date(createdAt), url: null });
  it("covers the window, filters by labels, puts critical first", () => {
    const ev = buildDigestEvent(weekly, at, [
      mk(1, "info", "2026-11-29T10:00:00Z"),
      mk(2, "critical", "2026-11-25T10:00:00Z"),
      mk(3, "critical", "2026-11-20T10:00:00Z"),            // before the week
      mk(4, "warning", "2026-11-28T10:00:00Z", "other"),    // other brand
      mk(5, "info", "2026-11-29T11:00:00Z", "acme-air", "digest"), // digests never list digests
    ]);
    expect(ev.kind).toBe("digest");
    expect(ev.items!.map((i) => i.title)).toEqual(["alert 2", "alert 1"]);
    expect(ev.summary).toBe("2 alert(s): 1 critical, 0 warning, 1 info.");
    expect(ev.title).toBe("Weekly digest exec-weekly (2026-11-30)");
    expect(digestWindow(weekly, at)).toEqual({ from: at - 7 * 86_400_000, to: at });
  });
  it("says so when there was nothing", () => {
    expect(buildDigestEvent(daily, at, []).summary).toBe("No alerts in this period.");
  });
});
