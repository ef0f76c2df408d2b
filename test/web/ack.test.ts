import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { startTestServer, type TestServer } from "./helpers.ts";
import { seedIncident } from "../cases/seed.ts";
import { createAckUrl } from "../../alerts/ack.ts";

const SECRET = "ack-secret-for-tests-0123456789";
let t: TestServer;
beforeAll(async () => {
  process.env.EARSHOT_ACK_SECRET = SECRET;
  t = await startTestServer();
});
afterAll(async () => { await t.close(); delete process.env.EARSHOT_ACK_SECRET; });

describe("acknowledge links", () => {
  it("GET only confirms; POST acknowledges once, as the receiver", async () => {
    const { incident } = await seedIncident(t.db);
    await t.db.prisma.alert.create({ data: { incidentId: incident.id, rule: "r", kind: "incident_opened", title: "x", summary: "y", fingerprint: "fp-1", brandId: "acme-air" } });
    const url = createAckUrl("http://ignored.test", { fingerprint: "fp-1", incidentId: incident.id, receiver: "pr-team" }, SECRET, { now: t.clock.now, ttlMs: 3600_000 });
    const token = new URL(url).searchParams.get("token")!;
    const get = await fetch(`${t.url}/api/ack?token=${token}`);
    expect(get.status).toBe(200);
    expect(await get.text()).toContain("Acknowledge this alert?");
    expect((await t.db.prisma.incident.findUniqueOrThrow({ where: { id: incident.id } })).status).toBe("open");
    const post = () => fetch(`${t.url}/api/ack`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ token }).toString() });
    const first = await post();
    expect(first.status).toBe(200);
    expect(await first.text()).toContain("Acknowledged 1 alert(s) and the incident");
    const inc = await t.db.prisma.incident.findUniqueOrThrow({ where: { id: incident.id } });
    expect(inc).toMatchObject({ status: "acknowledged", acknowledgedBy: "link:pr-team" });
    expect(await (await post()).text()).toContain("already acknowledged");
  });
  it("refuses forged and expired links", async () => {
    const forged = await fetch(`${t.url}/api/ack?token=abc.def`);
    expect(forged.status).toBe(400);
    const old = createAckUrl("http://x.test", { fingerprint: "fp-2", incidentId: null, receiver: null }, SECRET, { now: t.clock.now - 7200_000, ttlMs: 3600_000 });
    const r = await fetch(`${t.url}/api/ack`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ token: new URL(old).searchParams.get("token")! }).toString() });
    expect(r.status).toBe(400);
    expect(await r.text()).toContain("expired");
  });
});
