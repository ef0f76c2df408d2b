// The routing tree is the path incidents take when `alerts.routing` is configured:
// a replayed burst opens an incident, the tree picks the receiver by severity, and the
// outbox gets a delivery to that receiver's channel with a signed acknowledge link.
import { afterEach, describe, expect, it } from "vitest";
import { replayFile } from "../../core/replay.ts";
import { makeApp } from "../helpers/app.ts";
import { tmpDir, writeFile } from "../helpers/tmp.ts";

const closers: Array<() => Promise<void>> = [];
afterEach(async () => { while (closers.length) await closers.pop()!(); });

const T0 = Date.UTC(2026, 2, 2, 8, 0);
function history(): string {
  const lines: string[] = [];
  for (let m = 0; m < 6 * 60; m += 30) lines.push(JSON.stringify({ id: `q${m}`, text: "Flew Acme Air today, all fine", created_at: new Date(T0 + m * 60_000).toISOString() }));
  for (let i = 0; i < 20; i++) lines.push(JSON.stringify({ id: `b${i}`, text: `Acme Air lost my bag again, furious #${i}`, created_at: new Date(T0 + 6 * 3600_000 + i * 60_000).toISOString() }));
  return lines.join("\n");
}

describe("incidents through the routing tree", () => {
  it("routes by the tree instead of rule channels and carries an acknowledge link", async () => {
    const dir = tmpDir();
    const app = await makeApp({
      channels: [
        { name: "support-hook", type: "webhook", params: { url: "${SUPPORT_URL}", allowPrivateNetwork: true } },
        { name: "exec-hook", type: "webhook", params: { url: "${EXEC_URL}", allowPrivateNetwork: true } },
      ],
      alerts: {
        publicUrl: "https://earshot.example",
        rules: [{ id: "spike", kind: "volume_spike", channels: ["exec-hook"], params: { minCount: 8, minHistoryMinutes: 120 } }],
        routing: {
          route: { receiver: "support", group_by: ["incident"], group_wait: "0s", routes: [{ match: { brand: "nobody" }, receiver: "exec" }] },
          receivers: [{ name: "support", channels: ["support-hook"] }, { name: "exec", channels: ["exec-hook"] }],
          ack: { secret: "${ACK_SECRET}" },
        },
      },
    }, dir, { SUPPORT_URL: "http://127.0.0.1:9/support", EXEC_URL: "http://127.0.0.1:9/exec", ACK_SECRET: "ack-secret-0123456789abcdef" });
    closers.push(() => app.db.close());
    const s = await replayFile(app, { file: writeFile(dir, "h.jsonl", history()), progress: "none", deliver: true });
    expect(s.incidentsOpened).toBeGreaterThanOrEqual(1);
    const deliveries = await app.db.prisma.delivery.findMany({ include: { alert: true } });
    expect(deliveries.length).toBeGreaterThanOrEqual(1);
    // The tree chose "support"; the rule's own channel list (exec-hook) was not used.
    expect(new Set(deliveries.map((d) => d.channel))).toEqual(new Set(["support-hook"]));
    const event = JSON.parse(deliveries[0].alert.data);
    expect(event.ackUrl).toMatch(/^https:\/\/earshot\.example\/.*token=/);
    const timeline = await app.db.prisma.incidentEvent.findMany({ where: { kind: "alert" } });
    expect(timeline[0].message).toMatch(/routed/);
  });
});
