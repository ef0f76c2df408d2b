// npm run bench:replays [-- --data ../shared/data]
// Replays real data through `earshot replay` (the CLI itself, on a temp SQLite file) and
// prints the incidents it opens with their 3W timelines, for a person to judge:
//  - airline-tweets/Tweets.csv (six US airlines, Feb 2015) with one brand per airline;
//  - two CrisisLex timelines (tweet ids and times only: each becomes a volume-only post
//    naming the event, so only the volume detectors can see them).
// Nothing from the data is written into the repository; temp files are removed.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import YAML from "yaml";

const args = process.argv.slice(2);
const dataDir = path.resolve(args[args.indexOf("--data") + 1] && args.includes("--data") ? args[args.indexOf("--data") + 1] : "../shared/data");
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = path.join(root, "bin/earshot.mjs");

const tweets = path.join(dataDir, "airline-tweets/Tweets.csv");
const crisis = ["2012_Colorado_wildfires", "2013_Queensland_floods"].map((e) => ({
  id: e, file: path.join(dataDir, `crisislex/${e}/${e}-tweetids_entire_period.csv`), desc: path.join(dataDir, `crisislex/${e}/${e}-event_description.json`),
}));
const missing = [tweets, ...crisis.flatMap((c) => [c.file, c.desc])].filter((f) => !fs.existsSync(f));
if (missing.length) {
  console.error(`bench:replays: missing data (pass --data DIR pointing at the shared data folder):\n${missing.map((m) => `  - ${m}`).join("\n")}`);
  process.exit(2);
}

const summary: string[] = [];

function replay(name: string, config: object, file: string): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "earshot-replay-"));
  const cfg = path.join(dir, "earshot.yml");
  fs.writeFileSync(cfg, YAML.stringify({ ...config, database: { url: `file:${path.join(dir, "replay.db")}` } }));
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [bin, "--config", cfg, "replay", file], { encoding: "utf8", env: { ...process.env, DATABASE_URL: "", EARSHOT_LOG_LEVEL: "error" }, maxBuffer: 64 * 1024 * 1024 });
  console.log(`\n## ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
  if (r.status !== 0) { console.log(r.stderr); process.exitCode = 1; }
  console.log(r.stdout.trim());
  const opened = /incidents opened: (\d+); alerts raised: (\d+)/.exec(r.stdout);
  const kinds = [...r.stdout.matchAll(/^#\d+ \[([a-z_]+)\]/gm)].map((k) => k[1]);
  summary.push(`| ${name} | ${opened?.[1] ?? "?"} | ${opened?.[2] ?? "?"} | ${[...new Set(kinds)].map((k) => `${k} ${kinds.filter((x) => x === k).length}`).join(", ") || "-"} |`);
  fs.rmSync(dir, { recursive: true, force: true });
}

const channels = [{ name: "log", type: "log", params: {} }];
const rules = [
  { id: "volume", kind: "volume_spike", channels: ["log"], params: { windowMinutes: 60, baselineHours: 24, minCount: 30, minHistoryMinutes: 12 * 60 } },
  { id: "incidents", kind: "incident", minSeverity: "warning", channels: ["log"] },
];

// 1. Airline tweets: one brand per airline, handles and names as keywords.
const airlines = [
  ["united", "United", ["@united", "United Airlines"]], ["american", "American Airlines", ["@AmericanAir", "American Airlines"]],
  ["southwest", "Southwest", ["@SouthwestAir", "Southwest Airlines"]], ["us-airways", "US Airways", ["@USAirways", "US Airways"]],
  ["jetblue", "JetBlue", ["@JetBlue", "JetBlue"]], ["virgin-america", "Virgin America", ["@VirginAmerica", "Virgin America"]],
] as const;
replay("airline-tweets/Tweets.csv", {
  brands: airlines.map(([id, name, keywords]) => ({ id, name, keywords: [...keywords] })),
  channels, alerts: { rules },
}, tweets);

// 2. CrisisLex timelines: real incident-volume curves without text.
for (const c of crisis) {
  const desc = JSON.parse(fs.readFileSync(c.desc, "utf8")) as { name: string };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "earshot-crisis-"));
  const jsonl = path.join(dir, `${c.id}.jsonl`);
  const lines = fs.readFileSync(c.file, "utf8").split("\n").slice(1).filter(Boolean).map((l) => {
    const [ts, id] = l.split(",").map((x) => x.trim().replace(/^"|"$/g, ""));
    return JSON.stringify({ id, text: `${desc.name} update`, created_at: new Date(ts).toISOString() });
  });
  fs.writeFileSync(jsonl, lines.join("\n"));
  replay(`CrisisLex ${c.id} (${lines.length} timeline entries, volume only)`, {
    brands: [{ id: "event", name: desc.name, keywords: [desc.name] }],
    channels, alerts: { rules: [{ ...rules[0], params: { ...rules[0].params, minCount: 10 } }, rules[1]] },
  }, jsonl);
  fs.rmSync(dir, { recursive: true, force: true });
}

console.log(`\n## Incidents per replay (one incident per brand episode; other detections of the episode are timeline entries)\n\n| replay | incidents opened | alerts raised | incidents by severity |\n|---|---:|---:|---|\n${summary.join("\n")}`);
