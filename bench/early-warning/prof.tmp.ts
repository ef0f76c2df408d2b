import { generateStream } from "./generator.ts";
import { EarlyWarningEngine } from "../../analysis/early-warning/engine.ts";
const g = generateStream(3, { id: "medium", mu: 60, dailyAmp: 0.7, weekend: 1, negShare: 0.2 }, 3, 2);
const e = new EarlyWarningEngine({ calendar: g.calendar }); const t0 = performance.now();
for (const m of g.mentions) e.ingest(m);
const ms = performance.now() - t0;
console.log(g.mentions.length, ms.toFixed(0), Math.round(g.mentions.length / ms * 1000), "/s", "stories", e.liveStories);
