// Section 4: throughput and memory of the engine (story clustering + virality +
// prediction + risk + volume) on a synthetic stream generated on the fly, so the
// measurement holds only the engine's own state. Also: the story-clustering
// thresholds measured on the hand-labelled pair set.
import os from "node:os";
import v8 from "node:v8";
import vm from "node:vm";
import { EarlyWarningEngine, type EngineMention } from "../../analysis/early-warning/engine.ts";
import { StoryClusterer } from "../../analysis/early-warning/story-clusterer.ts";
import { STORY_PAIRS } from "../../test/early-warning/fixtures/story-pairs.ts";
import { rng } from "./generator.ts";

/** A forced full GC (for the live-heap figure); the flag is set at run time so the npm script needs no node option. */
function fullGc(): (() => void) | null {
  try { v8.setFlagsFromString("--expose_gc"); return vm.runInNewContext("gc") as () => void; } catch { return null; }
}

export function runThroughput(total: number): string {
  const gc = fullGc();
  const load0 = os.loadavg()[0];
  const r = rng(42);
  const syl = ["ka", "lo", "mi", "ren", "tu", "sa", "vor", "pel", "di", "nak", "zu", "bri"];
  const word = () => syl[Math.floor(r() * 12)] + syl[Math.floor(r() * 12)] + syl[Math.floor(r() * 12)];
  const topics = Array.from({ length: 400 }, () => [word(), word(), word()]);
  const brands = ["alpha", "beta", "gamma", "delta"];
  const recent: string[] = [];
  const engine = new EarlyWarningEngine();
  let t = Date.UTC(2026, 0, 5);
  let engineMs = 0, engineCpuMs = 0, peakHeap = 0;
  const t0 = performance.now();
  const CHUNK = 10_000;
  const chunk: EngineMention[] = [];
  for (let start = 0; start < total; start += CHUNK) {
    // generate a chunk first, then time the engine alone on it (wall and CPU time:
    // CPU time is the fairer figure on a shared, loaded machine)
    chunk.length = 0;
    for (let i = start; i < Math.min(total, start + CHUNK); i++) {
      t += Math.floor(-Math.log(1 - r()) * 1500); // ~2,400 mentions/h across 4 brands
      let text: string;
      const u = r();
      if (u < 0.3 && recent.length) text = `RT @${word()}: ${recent[Math.floor(r() * recent.length)]}`;
      else { const k = topics[Math.floor(r() * topics.length)]; text = `${brands[i % 4]} ${k[0]} ${k[1]} ${word()} ${k[2]} ${Math.floor(r() * 1000)}`; if (recent.length < 500) recent.push(text); else recent[Math.floor(r() * 500)] = text; }
      const neg = r() < 0.22;
      chunk.push({
        id: i, brandId: brands[i % 4], text, publishedAt: new Date(t), platform: r() < 0.8 ? "x" : "reddit", canonicalUrl: u > 0.97 ? `https://news.example/${Math.floor(r() * 300)}/story` : null,
        author: { handle: `h${Math.floor(r() * 1e6)}`, followers: Math.floor(10 / (1 - r())) },
        engagement: null,
        analysis: { sentiment: { label: neg ? "negative" : "neutral" }, complaint: { kind: neg && r() < 0.6 ? "complaint" : "none", severity: null }, stakeholder: null },
      });
    }
    const a = performance.now(), c0 = process.cpuUsage();
    for (const m of chunk) engine.ingest(m);
    const c1 = process.cpuUsage(c0);
    engineMs += performance.now() - a;
    engineCpuMs += (c1.user + c1.system) / 1000;
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }
  chunk.length = 0;
  const wall = performance.now() - t0;
  const mem = process.memoryUsage();
  peakHeap = Math.max(peakHeap, mem.heapUsed);
  gc?.(); gc?.();
  const live = process.memoryUsage().heapUsed; // the engine is still referenced: this is its retained state
  const load1 = os.loadavg()[0];
  return [
    `### 4. Throughput and memory (${total.toLocaleString("en-US")} synthetic mentions, 4 brands, ~${Math.round((t - Date.UTC(2026, 0, 5)) / 86_400_000)} days of event time, 30% reposts)`,
    "",
    "| measure | value |",
    "|---|---:|",
    `| engine mentions/s (ingest only: clustering + virality + prediction + risk + volume) | ${Math.round(total / (engineMs / 1000)).toLocaleString("en-US")} |`,
    `| end-to-end mentions/s (including generating the stream) | ${Math.round(total / (wall / 1000)).toLocaleString("en-US")} |`,
    `| mean engine time per mention (wall / CPU) | ${((engineMs * 1000) / total).toFixed(1)} us / ${((engineCpuMs * 1000) / total).toFixed(1)} us |`,
    `| engine mentions per CPU-second | ${Math.round(total / (engineCpuMs / 1000)).toLocaleString("en-US")} |`,
    `| live stories held at the end | ${engine.liveStories.toLocaleString("en-US")} |`,
    `| heap used at the end / peak sampled (every 10,000 mentions) | ${(mem.heapUsed / 2 ** 20).toFixed(0)} MB / ${(peakHeap / 2 ** 20).toFixed(0)} MB |`,
    `| heap retained after a full GC at the end (engine state) | ${gc ? `${(live / 2 ** 20).toFixed(0)} MB` : "n/a (gc not exposable)"} |`,
    `| RSS at the end | ${(mem.rss / 2 ** 20).toFixed(0)} MB |`,
    "",
    `The machine is shared (2 cores; 1-minute load average ${load0.toFixed(1)} at the start, ${load1.toFixed(1)} at the end): treat absolute rates as lower bounds.`,
  ].join("\n");
}

export function runStoryThresholds(): string {
  const lines = [
    `### Story clustering thresholds (hand-labelled pairs: ${STORY_PAIRS.length}, ${STORY_PAIRS.filter((p) => p[2]).length} same-incident)`,
    "",
    "| cosineMin | nearDupMaxHamming | precision | recall |",
    "|---:|---:|---:|---:|",
  ];
  for (const cosineMin of [0.2, 0.32, 0.45, 0.6]) for (const ham of [3, 8, 12]) {
    let tp = 0, fp = 0, fn = 0;
    for (const [x, y, same] of STORY_PAIRS) {
      const c = new StoryClusterer({ cosineMin, nearDupMaxHamming: ham });
      for (let i = 0; i < 30; i++) c.assign({ brandId: "acme", text: `acme ${["flight", "app", "service", "order", "store"][i % 5]} update number ${i} today`, at: i });
      const a = c.assign({ brandId: "acme", text: x, at: 60_000 }), b = c.assign({ brandId: "acme", text: y, at: 120_000 });
      const joined = a.storyKey === b.storyKey;
      if (joined && same) tp++; else if (joined) fp++; else if (same) fn++;
    }
    const mark = cosineMin === 0.32 && ham === 8 ? " (default)" : "";
    lines.push(`| ${cosineMin}${mark} | ${ham} | ${(tp / Math.max(1, tp + fp)).toFixed(2)} | ${(tp / Math.max(1, tp + fn)).toFixed(2)} |`);
  }
  return lines.join("\n");
}
