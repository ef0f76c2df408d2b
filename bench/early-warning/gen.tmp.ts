import { generateStream } from "./generator.ts";
for (const mu of [20, 60, 200]) for (const seed of [1, 2]) {
  const t0 = performance.now();
  const g = generateStream(seed, { id: `b${mu}`, mu, dailyAmp: 0.7, weekend: 0.8, negShare: 0.2 }, 6, 3);
  console.log(mu, seed, g.mentions.length, (performance.now() - t0).toFixed(0) + "ms", g.hardNegatives, g.incidents.map((i) => `${i.type}:${i.final} 1k@${i.t1k ? ((i.t1k - i.onset) / 3600000).toFixed(1) : "-"}h 10k@${i.t10k ? ((i.t10k - i.onset) / 3600000).toFixed(1) : "-"}h`).join(" | "));
}
