// A digest run on a real SQLite database: the window's alerts, once per digest time.
import { afterEach, describe, expect, it } from "vitest";
import { runDigest } from "../../alerts/routing/dispatch.ts";
import { makeApp } from "../helpers/app.ts";

const closers: Array<() => Promise<void>> = [];
afterEach(async () => { while (closers.length) await closers.pop()!(); });

describe("runDigest", () => {
  it("enqueues one digest with the day's alerts to the digest receiver, once", async () => {
    const app = await makeApp({
      channels: [{ name: "exec-mail", type: "log", params: {} }, { name: "ops", type: "log", params: {} }],
      alerts: {
        publicUrl: "https://earshot.example",
        routing: {
          route: { receiver: "ops" },
          receivers: [{ name: "ops", channels: ["ops"] }, { name: "execs", channels: ["exec-mail"] }],
          digests: [{ name: "exec-daily", receiver: "execs", schedule: "daily", at: "08:00", timezone: "UTC" }],
        },
      },
    });
    closers.push(() => app.db.close());
    const p = app.db.prisma;
    const mk = (title: string, severity: string, at: string, labels: Record<string, string> = {}) =>
      p.alert.create({ data: { rule: "r", kind: "incident_opened", title, summary: "s", severity, fingerprint: title, labels: JSON.stringify(labels), createdAt: new Date(at) } });
    await mk("yesterday warning", "warning", "2026-11-23T12:00:00Z");
    await mk("yesterday critical", "critical", "2026-11-23T20:00:00Z");
    await mk("escalation copy", "critical", "2026-11-23T20:15:00Z", { escalation_of: "2" });
    await mk("too old", "critical", "2026-11-22T12:00:00Z");
    const at = new Date("2026-11-24T08:00:00Z");
    const id = await runDigest(p, app.config, app.config.alerts.routing!, "exec-daily", at);
    expect(id).not.toBeNull();
    const a = await p.alert.findUniqueOrThrow({ where: { id: id! }, include: { deliveries: true } });
    expect(a.kind).toBe("digest");
    expect(a.deliveries.map((d) => d.channel)).toEqual(["exec-mail"]);
    const ev = JSON.parse(a.data);
    expect(ev.items.map((i: { title: string }) => i.title)).toEqual(["yesterday critical", "yesterday warning"]);
    expect(await runDigest(p, app.config, app.config.alerts.routing!, "exec-daily", at)).toBeNull();
    await expect(runDigest(p, app.config, app.config.alerts.routing!, "nope", at)).rejects.toThrow(/digests: exec-daily/);
  });
});
