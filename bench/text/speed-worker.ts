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
for (let i = 0; i < Math.min(500, texts.length); i++) run(texts[i]); // warm-up (JIT, lazy jieba)
const rates: number[] = [];
for (let r = 0; r < Number(runsArg ?? 3); r++) {
  const t0 = process.hrtime.bigint();
  for (const t of texts) run(t);
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  rates.push(texts.length / s);
  peak = Math.max(peak, process.memoryUsage().rss);
}
clearInterval(sampler);
rates.sort((a, b) => a - b);
console.log(JSON.stringify({ postsPerSec: rates[Math.floor(rates.length / 2)], peakRssMb: peak / 1048576 }));
