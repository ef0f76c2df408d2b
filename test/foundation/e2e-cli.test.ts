// End to end through the real CLI: `earshot start` on a temp SQLite file with a
// fixture feed on 127.0.0.1 and a local webhook receiver; we wait for the alert.
import { afterEach, describe, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import { createHmac } from "node:crypto";
import path from "node:path";
import YAML from "yaml";
import { startServer, type TestServer } from "../helpers/server.ts";
import { rss } from "../helpers/feeds.ts";
import { tmpDir, writeFile } from "../helpers/tmp.ts";

const closers: Array<() => Promise<void> | void> = [];
afterEach(async () => { while (closers.length) await closers.pop()!(); });

function waitFor<T>(fn: () => T | undefined, ms: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const iv = setInterval(() => {
      const v = fn();
      if (v !== undefined) { clearInterval(iv); resolve(v); }
      else if (Date.now() - t0 > ms) { clearInterval(iv); reject(new Error(`timed out waiting for ${what}`)); }
    }, 50);
  });
}

describe("earshot start (end to end)", () => {
  it("collects a feed, detects the spike, delivers a signed webhook, and shuts down cleanly", async () => {
    const now = Date.now();
    const feed = rss(Array.from({ length: 12 }, (_, i) => ({
      id: `e2e-${i}`, title: `Acme Air broke my guitar ${i}`, body: `Acme Air baggage handlers broke guitar number ${i}; nobody answers`, date: new Date(now - (12 - i) * 60_000),
    })));
    const feedServer: TestServer = await startServer({ "/feed.xml": (_q, r) => { r.setHeader("content-type", "application/rss+xml"); r.end(feed); } });
    const hooks: Array<{ body: any; key: string; sigOk: boolean }> = [];
    const receiver = await startServer({ "/hook": (q, r, b) => {
      const sig = "sha256=" + createHmac("sha256", "e2e-signing-secret").update(b).digest("hex");
      hooks.push({ body: JSON.parse(b.toString()), key: String(q.headers["idempotency-key"]), sigOk: q.headers["x-earshot-signature"] === sig });
      r.end("ok");
    } });
    closers.push(() => feedServer.close(), () => receiver.close());
    const dir = tmpDir();
    const cfg = writeFile(dir, "earshot.yml", YAML.stringify({
      brands: [{ id: "acme-air", name: "Acme Air", keywords: ["Acme Air"] }],
      sources: [{ id: "fixture-feed", type: "rss", schedule: "*/5 * * * *", allowPrivateNetwork: true, params: { url: `${feedServer.url}/feed.xml` } }],
      channels: [{ name: "pr-hook", type: "webhook", params: { url: "${E2E_HOOK_URL}", secret: "${E2E_HOOK_SECRET}", allowPrivateNetwork: true } }],
      alerts: { rules: [{ id: "spike", kind: "volume_spike", channels: ["pr-hook"], params: { minCount: 5, minHistoryMinutes: 0 } }] },
      delivery: { pollMs: 100, backoffBaseMs: 100 },
      server: { host: "127.0.0.1", port: 0 }, // any free port: tests run in parallel
      database: { url: `file:${path.join(dir, "e2e.db")}` },
    }));
    const env = { ...process.env, E2E_HOOK_URL: `${receiver.url}/hook`, E2E_HOOK_SECRET: "e2e-signing-secret", EARSHOT_LOG_LEVEL: "info", DATABASE_URL: "" };
    const child: ChildProcess = spawn(process.execPath, [path.resolve("bin/earshot.mjs"), "--config", cfg, "start"], { env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout!.on("data", (d) => { out += d; });
    child.stderr!.on("data", (d) => { out += d; });
    const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
    closers.push(() => { if (child.exitCode === null) child.kill("SIGKILL"); });

    const hook = await waitFor(() => hooks[0], 25_000, `the webhook (process output: ${out.slice(-2000)})`);
    expect(hook.sigOk).toBe(true);
    expect(hook.key).toMatch(/^earshot-alert-\d+-pr-hook$/);
    expect(hook.body.event).toMatchObject({ kind: "incident_opened", brand: { id: "acme-air", name: "Acme Air" }, severity: expect.any(String) });
    expect(hook.body.event.summary).toMatch(/mentions in the last 60 min/);
    expect(hook.body.event.mentions[0].text).toMatch(/Acme Air/);
    // The secret never shows in the logs.
    expect(out).not.toContain("e2e-signing-secret");
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(out).toMatch(/stopped cleanly/);
    expect(hooks).toHaveLength(1);
  }, 40_000);
});
