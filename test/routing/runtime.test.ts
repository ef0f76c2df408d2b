// RoutingRuntime on a real SQLite database with a fake clock.
import { afterEach, describe, expect, it } from "vitest";
import { RoutingRuntime, labelsForSignal } from "../../alerts/routing/runtime.ts";
import { createSilence } from "../../alerts/routing/silences.ts";
import type { RoutedAlertData } from "../../alerts/routing/dispatch.ts";
import { makeApp } from "../helpers/app.ts";
import { eventFor } from "../notifiers/fixtures.ts";
import { fakeClock, S } from "./fixtures.ts";

const closers: Array<() => Promise<void>> = [];
afterEach(async () => { while (closers.length) await closers.pop()!(); });

async function setup() {
  const app = await makeApp({
    channels: [{ name: "ops", type: "log", params: {} }],
    alerts: { publicUrl: "https://earshot.example", routing: { route: { receiver: "ops", group_by: ["incident"], group_wait: "30s" }, receivers: [{ name: "ops", channels: ["ops"] }] } },
  });
  closers.push(() => app.db.close());
  return app;
}

const alert = (i: number, brand = "acme-air") => {
  const { alertId: _a, ...event } = eventFor("incident_opened", { title: `wave ${i}` });
  const data: RoutedAlertData = { event, rule: "r", brandId: brand, incidentId: null };
  return { fingerprint: `f${i}`, labels: { brand, incident: String(i), category: "service" }, severity: "warning" as const, data };
};

describe("RoutingRuntime", () => {
  it("groups, writes to the outbox with an acknowledge link, honours table silences, and keeps timers across a restart", async () => {
    const app = await setup();
    const clock = fakeClock();
    const env = { EARSHOT_ACK_SECRET: "runtime-ack-secret-0123456789" };
    const rt = new RoutingRuntime(app.db.prisma, app.config, { clock: clock.now, env });
    expect(rt.jobs().map((j) => j.name)).toEqual(["routing:flush", "routing:maintain"]);
    await rt.submit(alert(1));
    expect(await app.db.prisma.alert.count()).toBe(0);
    clock.advance(30 * S);
    const [id] = await rt.flush();
    const row = await app.db.prisma.alert.findUniqueOrThrow({ where: { id }, include: { deliveries: true } });
    expect(row.deliveries.map((d) => d.channel)).toEqual(["ops"]);
    expect(JSON.parse(row.data).ackUrl).toMatch(/^https:\/\/earshot\.example\/api\/ack\?token=/);
    expect(JSON.parse(row.labels)).toMatchObject({ receiver: "ops", category: "service" });

    await createSilence(app.db.prisma, { matchers: { brand: "acme-air", category: "service" }, reason: "known outage, comms handled", createdBy: "ana", endsAt: new Date(clock.now() + 3_600_000) }, new Date(clock.now()));
    await rt.maintain();
    expect((await rt.submit(alert(2))).status).toBe("silenced");

    const rt2 = new RoutingRuntime(app.db.prisma, app.config, { clock: clock.now, env });
    expect(await rt2.loadState()).toBe(true);
    clock.advance(5 * 60 * S);
    await rt2.submit(alert(1));
    expect(await rt2.flush()).toEqual([]);
    expect(await app.db.prisma.alert.count()).toBe(1);
  });

  it("refuses a silence without a reason or ending before it starts", async () => {
    const app = await setup();
    await expect(createSilence(app.db.prisma, { matchers: { brand: "x" }, reason: "", createdBy: "a", endsAt: new Date(Date.now() + 1000) })).rejects.toThrow(/invalid silence/);
    await expect(createSilence(app.db.prisma, { matchers: { brand: "x" }, reason: "maintenance", createdBy: "a", endsAt: new Date(Date.now() - 1000) })).rejects.toMatchObject({ issues: [expect.stringMatching(/must be after startsAt/)] });
    await expect(createSilence(app.db.prisma, { matchers: {}, reason: "maintenance", createdBy: "a", endsAt: new Date(Date.now() + 1000) })).rejects.toMatchObject({ issues: [expect.stringMatching(/^matchers: at least one matcher/)] });
  });

  it("derives routing labels from a detector signal", () => {
    const labels = labelsForSignal({
      type: "open", key: "k", kind: "story", brandId: "acme-air", title: "t", summary: "s", severity: "critical", risk: 0.9, reasons: [], at: new Date(0), storyId: 12,
      examples: [{ sourceId: "weibo-cn", analysis: { language: "zh", complaint: { category: "service" } } } as any],
    }, 7);
    expect(labels).toEqual({ alertname: "incident", brand: "acme-air", severity: "critical", type: "story", scope: "incident", incident: "7", story: "12", category: "service", language: "zh", source: "weibo-cn" });
  });
});
