// `earshot channels test NAME` through the real CLI process, real SQLite, real worker.
import { execFile } from "node:child_process";
import path from "node:path";
import fs from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import YAML from "yaml";
import { tmpDir } from "../helpers/tmp.ts";
import { startServer, type TestServer } from "../helpers/server.ts";

const closers: Array<() => Promise<void>> = [];
afterEach(async () => { while (closers.length) await closers.pop()!(); });

function cli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.resolve("bin/earshot.mjs"), ...args], { env: { ...process.env, ...env, EARSHOT_LOG_LEVEL: "silent" }, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof (err as any).code === "number" ? (err as any).code : 1) : 0, stdout, stderr });
    });
  });
}

function writeConfig(dir: string, port: number) {
  const file = path.join(dir, "earshot.yml");
  fs.writeFileSync(file, YAML.stringify({
    brands: [{ id: "acme-air", name: "Acme Air", keywords: ["Acme Air"] }],
    channels: [
      { name: "cn-dingtalk", type: "dingtalk", params: { url: "${DT_URL}", secret: "${DT_SECRET}", allowPrivateNetwork: true, timeoutMs: 500 } },
      { name: "gone", type: "slack", params: { url: "${GONE_URL}", allowPrivateNetwork: true } },
    ],
    database: { url: `file:${path.join(dir, "e.db")}` },
    delivery: { maxAttempts: 3, backoffBaseMs: 10, maxBackoffMs: 20, pollMs: 10 },
  }));
  return { file, env: { DT_URL: `http://127.0.0.1:${port}/robot/send?access_token=tok-cli-123`, DT_SECRET: "SECcli-secret-0123", GONE_URL: `http://127.0.0.1:${port}/services/T/B/gone-token-456` } };
}

describe("earshot channels test", () => {
  it("sends a test alert through the outbox and reports success", async () => {
    const server: TestServer = await startServer({
      "/robot/send": (_q, r) => { r.setHeader("content-type", "application/json"); r.end(JSON.stringify({ errcode: 0, errmsg: "ok" })); },
      "/services/T/B/gone-token-456": (_q, r) => { r.statusCode = 404; r.end("no_service"); },
    });
    closers.push(() => server.close());
    const dir = tmpDir();
    const { file, env } = writeConfig(dir, server.port);

    const ok = await cli(["-c", file, "channels", "test", "cn-dingtalk"], env);
    expect(ok.stdout).toMatch(/^test alert #1 to cn-dingtalk: sent after 1 attempt\(s\), HTTP 200/);
    expect(ok.code).toBe(0);
    const body = JSON.parse(server.requests.find((r) => r.url.startsWith("/robot/send"))!.body.toString());
    expect(body.markdown.text).toContain("Test alert from Earshot");

    const bad = await cli(["-c", file, "channels", "test", "gone"], env);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/dead after 1 attempt\(s\), HTTP 404/);
    expect(bad.stdout + bad.stderr).not.toContain("gone-token-456");

    const unknown = await cli(["-c", file, "channels", "test", "nope"], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no channel named "nope".*channels: cn-dingtalk, gone/);
  });
});
