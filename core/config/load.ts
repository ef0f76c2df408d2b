// Loads earshot.yml: YAML -> ${ENV} interpolation -> zod validation -> cross-reference
// checks. Every problem is reported with the file, the field path and what was
// expected; missing environment variables are all listed at once.
import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { z } from "zod";
import { ConfigError } from "../errors.ts";
import { registerSecret } from "../redact.ts";
import { buildConfigSchema, type EarshotConfig } from "./schema.ts";
import { collectors } from "../../collectors/registry.ts";
import { notifiers } from "../../alerts/notifiers/registry.ts";
import { checkRoutingChannels } from "../../alerts/routing/config.ts";

export const DEFAULT_CONFIG_PATH = "earshot.yml";

export interface LoadedConfig {
  path: string;
  config: EarshotConfig;
  /** Field paths whose values came from the environment (treated as secrets). */
  secretPaths: string[];
}

const ENV_REF = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export function formatPath(p: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const k of p) out += typeof k === "number" ? `[${k}]` : out ? `.${String(k)}` : String(k);
  return out || "(top level)";
}

function describeIssue(issue: z.core.$ZodIssue, root: unknown): string {
  const at = formatPath(issue.path);
  let received = "";
  let cur: unknown = root;
  for (const k of issue.path) cur = cur && typeof cur === "object" ? (cur as Record<PropertyKey, unknown>)[k] : undefined;
  if (issue.code !== "unrecognized_keys" && cur !== undefined) received = `, received ${JSON.stringify(cur)?.slice(0, 80)}`;
  return `${at}: ${issue.message}${received}`;
}

/** Replaces ${VAR} references; returns the missing names with where they were used. */
function interpolate(value: unknown, env: NodeJS.ProcessEnv, at: PropertyKey[], missing: string[], secretPaths: string[]): unknown {
  if (typeof value === "string") {
    if (!value.includes("${")) return value;
    let found = false;
    const out = value.replace(ENV_REF, (_, name: string) => {
      found = true;
      const v = env[name];
      if (v === undefined || v === "") { missing.push(`${name} (used at ${formatPath(at)})`); return ""; }
      registerSecret(v);
      return v;
    });
    if (found) { secretPaths.push(formatPath(at)); registerSecret(out); }
    return out;
  }
  if (Array.isArray(value)) return value.map((v, i) => interpolate(v, env, [...at, i], missing, secretPaths));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, env, [...at, k], missing, secretPaths)]));
  }
  return value;
}

export function parseConfigText(text: string, file: string, env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  const doc = YAML.parseDocument(text, { prettyErrors: true });
  if (doc.errors.length) {
    throw new ConfigError(`${file}: not valid YAML`, doc.errors.map((e) => `${file}: ${e.message.split("\n")[0]}`));
  }
  const raw = doc.toJS() ?? {};
  const missing: string[] = [];
  const secretPaths: string[] = [];
  const interpolated = interpolate(raw, env, [], missing, secretPaths);

  // Secret-declared params must come from the environment, never be written in the file.
  const literalSecrets: string[] = [];
  const checkSecrets = (list: unknown, key: "sources" | "channels", declared: (type: string) => string[]) => {
    if (!Array.isArray(list)) return;
    list.forEach((entry, i) => {
      const params = (entry as { params?: Record<string, unknown> })?.params;
      const type = (entry as { type?: string })?.type;
      if (!params || typeof type !== "string") return;
      for (const name of declared(type)) {
        const v = params[name];
        if (typeof v === "string" && v && !/\$\{[A-Za-z_][A-Za-z0-9_]*\}/.test(v)) {
          literalSecrets.push(`${key}[${i}].params.${name}: is a secret; reference an environment variable such as \${${name.replace(/[^A-Za-z0-9]/g, "_").toUpperCase()}} instead of writing the value in the file`);
        }
      }
    });
  };
  const rawObj = raw as Record<string, unknown>;
  checkSecrets(rawObj.sources, "sources", (t) => collectors.find((c) => c.id === t)?.secrets ?? []);
  checkSecrets(rawObj.channels, "channels", (t) => notifiers.find((n) => n.id === t)?.secrets ?? []);

  const result = buildConfigSchema().safeParse(interpolated);
  const problems: string[] = [];
  if (!result.success) problems.push(...result.error.issues.map((i) => `${file}: ${describeIssue(i, interpolated)}`));
  problems.push(...literalSecrets.map((p) => `${file}: ${p}`));
  if (result.success) problems.push(...crossCheck(result.data).map((p) => `${file}: ${p}`));
  if (missing.length) {
    throw new ConfigError(
      `${file}: missing environment variables (secrets are referenced as \${NAME}): ${missing.join(", ")}`,
      [...missing.map((m) => `${file}: missing environment variable ${m}`), ...problems],
    );
  }
  if (problems.length) throw new ConfigError(`${file}: ${problems.length} problem(s) in the configuration`, problems);
  return { path: file, config: result.data!, secretPaths };
}

function crossCheck(c: EarshotConfig): string[] {
  const out: string[] = [];
  const dup = (ids: string[], what: string) => ids.forEach((v, i) => { if (ids.indexOf(v) !== i) out.push(`${what}[${i}]: duplicate id ${JSON.stringify(v)}`); });
  dup(c.brands.map((b) => b.id), "brands");
  dup(c.sources.map((s) => s.id), "sources");
  dup(c.channels.map((ch) => ch.name), "channels");
  dup(c.alerts.rules.map((r) => r.id), "alerts.rules");
  const brandIds = new Set(c.brands.map((b) => b.id));
  const channelNames = new Set(c.channels.map((ch) => ch.name));
  c.sources.forEach((s, i) => s.brands?.forEach((b, j) => {
    if (!brandIds.has(b)) out.push(`sources[${i}].brands[${j}]: unknown brand ${JSON.stringify(b)}; expected one of ${[...brandIds].join(", ")}`);
  }));
  if (c.alerts.routing) out.push(...checkRoutingChannels(c.alerts.routing, [...channelNames]));
  c.alerts.rules.forEach((r, i) => {
    r.channels.forEach((ch, j) => { if (!channelNames.has(ch)) out.push(`alerts.rules[${i}].channels[${j}]: unknown channel ${JSON.stringify(ch)}; expected one of ${[...channelNames].join(", ") || "(no channels declared)"}`); });
    r.brands?.forEach((b, j) => { if (!brandIds.has(b)) out.push(`alerts.rules[${i}].brands[${j}]: unknown brand ${JSON.stringify(b)}`); });
  });
  return out;
}

export function loadConfig(file = process.env.EARSHOT_CONFIG ?? DEFAULT_CONFIG_PATH, env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  const abs = path.resolve(file);
  let text: string;
  try {
    text = fs.readFileSync(abs, "utf8");
  } catch (err) {
    throw new ConfigError(`${file}: cannot read the configuration file (${(err as NodeJS.ErrnoException).code ?? "error"}); pass --config PATH or create earshot.yml`, [], { cause: err });
  }
  return parseConfigText(text, file, env);
}

export function configJsonSchema(): unknown {
  return z.toJSONSchema(buildConfigSchema(), { io: "input", unrepresentable: "any" });
}
