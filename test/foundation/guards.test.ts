import { describe, expect, it } from "vitest";
import net from "node:net";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { HttpClient } from "../../core/http.ts";

describe("test network guard", () => {
  it("fails any connection to a non-loopback address", async () => {
    expect(() => net.connect({ host: "93.184.216.34", port: 80 })).toThrow(/net-guard: test tried to connect to 93\.184\.216\.34/);
    const c = new HttpClient({ allowPrivateNetwork: true, retries: 0 });
    await expect(c.get("http://93.184.216.34/")).rejects.toThrow(/net-guard|connection failed/);
  });
});

describe("clean output", () => {
  it("prints nothing from dependencies on stdout (dotenv tips, warnings)", () => {
    const r = spawnSync(process.execPath, [path.resolve("bin/earshot.mjs"), "config", "check"], { encoding: "utf8", env: { PATH: process.env.PATH } });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim().split("\n")).toHaveLength(1);
    expect(r.stdout).toMatch(/^earshot\.yml: OK/);
    expect(r.stdout + r.stderr).not.toMatch(/dotenv|injecting env/i);
  });
});
