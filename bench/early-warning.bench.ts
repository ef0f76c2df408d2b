// npm run bench:early-warning -- [--data DIR] [--only nab,synthetic,cascades,throughput,stories] [--quick] [--synthetic-report train]
// Prints Earshot beside the baselines named in issue 6, on the same inputs, as markdown tables.
import path from "node:path";
import fs from "node:fs";
import { runNab } from "./early-warning/nab.ts";
import { runSynthetic } from "./early-warning/synthetic.ts";
import { runCascades } from "./early-warning/cascades.ts";
import { runStoryThresholds, runThroughput } from "./early-warning/throughput.ts";

const args = process.argv.slice(2);
const opt = (name: string) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : undefined; };
const dataDir = path.resolve(opt("data") ?? "/work/shared/data");
const only = new Set((opt("only") ?? "stories,nab,synthetic,cascades,throughput").split(","));
const resultsDir = path.resolve("bench/results/nab");

console.log(`# Early-warning benchmark\n\ndata: ${dataDir}\n`);
if (!fs.existsSync(dataDir)) console.log(`NOTE: data folder ${dataDir} not found; sections that need it (nab, cascades) are skipped. Pass --data DIR.\n`);

async function section(name: string, fn: () => Promise<string> | string) {
  if (!only.has(name)) return;
  const t0 = performance.now();
  try {
    console.log(await fn());
  } catch (e) {
    console.log(`### ${name}: not run\n\n${e instanceof Error ? e.message : String(e)}`);
  }
  console.log(`\n(${name}: ${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
}

await section("stories", () => runStoryThresholds());
await section("nab", () => runNab(dataDir, resultsDir).md);

const quick = args.includes("--quick");
await section("synthetic", () => {
  const brands = [
    { id: "small", mu: 20, dailyAmp: 0.75, weekend: 0.6, negShare: 0.25 },
    { id: "medium", mu: 60, dailyAmp: 0.7, weekend: 1.05, negShare: 0.18 },
    { id: "large", mu: 200, dailyAmp: 0.65, weekend: 0.8, negShare: 0.22 },
  ];
  // --synthetic-report train: the development view (tables on the train seeds only; the test seeds are not generated)
  const reportOn = opt("synthetic-report") === "train" ? "train" : "test";
  const r = runSynthetic({ brands: quick ? brands.slice(0, 2) : brands, weeks: quick ? 4 : 6, incidentsPerRun: 3, trainSeeds: [1, 2], testSeeds: [3, 4], reportOn });
  return r.md + `\n\nEngine time inside this section: ${(r.engineMs / 1000).toFixed(1)} s for ${r.mentions.toLocaleString("en-US")} mentions (${Math.round(r.mentions / (r.engineMs / 1000)).toLocaleString("en-US")} mentions/s, clustering + scoring + volume).`;
});

await section("cascades", () => runCascades(dataDir));

await section("throughput", () => runThroughput(quick ? 200_000 : Number(opt("mentions") ?? 1_000_000)));
