// One engine, one process, one core: posts/s over the given texts (median of runs) and
// peak RSS. Run by text.bench.ts; prints one JSON line.
import fs from "node:fs";
import { ENGINE_FACTORIES } from "./engines.ts";

const [engineName, textsFile, runsArg] = process.argv.slice(2);
const texts = JSON.parse(fs.readFileSync(textsFile, "utf8")) as string[];
let peak = process.memoryUsage().rss;
const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 10);
const e = ENGINE_FACTORIES[engineName]();
const run = e.full ?? e.sentiment;
// Warm-up: one full pass, so the timed pass measures the steady state a long-running
// pipeline sees (JIT-compiled code, lazily loaded jieba dictionary, memo caches).
for (const t of texts) run(t);
// Wall-clock rate and CPU-time rate: on a shared, loaded machine the wall clock mostly
// measures the neighbours, while CPU seconds (user + system) of this process measure the engine.
const rates: number[] = [];
const cpuRates: number[] = [];
for (let r = 0; r < Number(runsArg ?? 3); r++) {
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  for (const t of texts) run(t);
  const c = process.cpuUsage(c0);
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  rates.push(texts.length / s);
  cpuRates.push(texts.length / ((c.user + c.system) / 1e6));
  peak = Math.max(peak, process.memoryUsage().rss);
}
clearInterval(sampler);
const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(JSON.stringify({ postsPerSec: median(rates), postsPerCpuSec: median(cpuRates), peakRssMb: peak / 1048576 }));
