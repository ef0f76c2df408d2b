import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import path from "node:path";
import YAML from "yaml";
import { parseConfigText, configJsonSchema } from "../../core/config/load.ts";
import { ConfigError } from "../../core/errors.ts";
import { redact } from "../../core/redact.ts";
import { tmpDir, writeFile } from "../helpers/tmp.ts";
import fs from "node:fs";

const valid = {
  brands: [{ id: "acme-air", name: "Acme Air", keywords: ["Acme Air"] }],
  sources: [{ id: "news", type: "rss", params: { url: "https://news.example.org/rss" } }],
  channels: [{ name: "ops", type: "webhook", params: { url: "${OPS_HOOK}", secret: "${OPS_SECRET}" } }],
  alerts: { rules: [{ id: "spike", kind: "volume_spike", channels: ["ops"] }] },
};
const env = { OPS_HOOK: "https://hooks.example.org/T000/secret-token-123", OPS_SECRET: "hmac-secret-456" };

function problems(obj: unknown, e: NodeJS.ProcessEnv = env): string[] {
  try { parseConfigText(YAML.stringify(obj), "earshot.yml", e); } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return [(err as ConfigError).message, ...(err as ConfigError).issues];
  }
  return [];
}

describe("configuration", () => {
  it("accepts a valid file, applies defaults and resolves ${ENV} secrets", () => {
    const { config, secretPaths } = parseConfigText(YAML.stringify(valid), "earshot.yml", env);
    expect(config.sources[0].schedule).toBe("*/15 * * * *");
    expect(config.brands[0].aliases).toEqual([]);
    expect(config.channels[0].params).toMatchObject({ url: env.OPS_HOOK });
    expect(secretPaths).toEqual(["channels[0].params.url", "channels[0].params.secret"]);
    // Resolved secrets are registered for redaction everywhere.
    expect(redact(`posting to ${env.OPS_HOOK} failed`)).toBe("posting to [REDACTED] failed");
  });

  it("names the file, the field path and what was expected", () => {
    const bad = structuredClone(valid) as any;
    bad.sources[0].params.url = "not-a-url";
    bad.brands[0].keywords = [];
    const out = problems(bad).join("\n");
    expect(out).toMatch(/earshot\.yml: sources\[0\]\.params\.url: .*URL.*received "not-a-url"/i);
    expect(out).toMatch(/earshot\.yml: brands\[0\]\.keywords: .*>=1/);
  });

  it("rejects unknown source types and unknown keys", () => {
    const bad = structuredClone(valid) as any;
    bad.sources[0].type = "carrier-pigeon";
    bad.brands[0].keywrods = ["typo"];
    const out = problems(bad).join("\n");
    expect(out).toMatch(/sources\[0\]\.type/);
    expect(out).toMatch(/brands\[0\].*keywrods/);
  });

  it("lists every missing environment variable at once", () => {
    const out = problems(valid, {}).join("\n");
    expect(out).toMatch(/missing environment variables/);
    expect(out).toMatch(/OPS_HOOK \(used at channels\[0\]\.params\.url\)/);
    expect(out).toMatch(/OPS_SECRET \(used at channels\[0\]\.params\.secret\)/);
  });

  it("refuses secrets written literally in the file", () => {
    const bad = structuredClone(valid) as any;
    bad.channels[0].params.url = "https://hooks.example.org/T000/literal";
    const out = problems(bad).join("\n");
    expect(out).toMatch(/channels\[0\]\.params\.url: is a secret; reference an environment variable/);
  });

  it("checks cross references (unknown channel, unknown brand, duplicate ids)", () => {
    const bad = structuredClone(valid) as any;
    bad.alerts.rules[0].channels = ["pager"];
    bad.sources.push({ ...bad.sources[0], brands: ["nobody"] });
    const out = problems(bad).join("\n");
    expect(out).toMatch(/alerts\.rules\[0\]\.channels\[0\]: unknown channel "pager"/);
    expect(out).toMatch(/sources\[1\]: duplicate id "news"/);
    expect(out).toMatch(/sources\[1\]\.brands\[0\]: unknown brand "nobody"/);
  });

  it("reports YAML syntax errors with the file name", () => {
    expect(() => parseConfigText("brands: [\n  - id: x", "broken.yml", {})).toThrow(/broken\.yml: not valid YAML/);
  });

  it("publishes a JSON Schema with per-type source params, matching the committed file", () => {
    const schema = configJsonSchema() as any;
    expect(JSON.stringify(schema)).toContain('"rss"');
    const committed = JSON.parse(fs.readFileSync(path.resolve("earshot.schema.json"), "utf8"));
    expect(committed).toEqual(schema);
  });
});

describe("earshot config check (CLI)", () => {
  const bin = path.resolve("bin/earshot.mjs");
  it("exits 2 and names the field for an invalid file", () => {
    const dir = tmpDir();
    const bad = structuredClone(valid) as any;
    bad.sources[0].schedule = 42;
    const file = writeFile(dir, "bad.yml", YAML.stringify(bad));
    const r = spawnSync(process.execPath, [bin, "--config", file, "config", "check"], { env: { ...process.env, ...env }, encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/sources\[0\]\.schedule/);
    expect(r.stdout).toBe("");
  });
  it("exits 2 listing missing secrets, and 0 when all is well", () => {
    const dir = tmpDir();
    const file = writeFile(dir, "ok.yml", YAML.stringify(valid));
    const missing = spawnSync(process.execPath, [bin, "--config", file, "config", "check"], { env: { PATH: process.env.PATH }, encoding: "utf8" });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/OPS_HOOK/);
    expect(missing.stderr).toMatch(/OPS_SECRET/);
    const ok = spawnSync(process.execPath, [bin, "--config", file, "config", "check"], { env: { PATH: process.env.PATH, ...env }, encoding: "utf8" });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/OK: 1 brand/);
    // The secret itself never appears in output.
    expect(ok.stdout + ok.stderr).not.toContain("secret-token-123");
  });
});
