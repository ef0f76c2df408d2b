// Pipeline.begin()/finish() lets a replay send batch N+1 to the analysis workers while
// batch N is stored. It must change nothing but speed: the same results and the same
// stored rows as ingest() batch after batch, inline or with a worker, including
// re-delivered ids and copies of a text whose original is in the batch still pending.
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { RawPost } from "../../analysis/types.ts";
import type { PendingBatch } from "../../analysis/pipeline.ts";
import { createApp } from "../../core/app.ts";
import { openDatabase } from "../../core/db/index.ts";
import { configFrom, baseBrand } from "../helpers/app.ts";
import { tmpDir } from "../helpers/tmp.ts";

function posts(n: number): RawPost[] {
  const start = Date.UTC(2026, 4, 1);
  const texts = [
    "<p>Acme Air lost my bag &amp; nobody answers</p>",
    "Great crew on Acme Air today, thanks!",
    "@acmeair cancelled my flight, switching to Globex Airways",
    "阿克米航空 Acme Air 航班延误三个小时",
    "Acme Air ist nicht gut, der Flug war zu spät",
    "a post about nothing in particular",
    "   ",
  ];
  return Array.from({ length: n }, (_, i) => ({
    externalId: `q${i}`,
    // Every text recurs in later batches: copies must point at the first stored one.
    text: i % 11 === 0 ? `Acme Air flight ${i % 4} was late` : texts[i % texts.length],
    url: `https://social.example.org/q/${i}?utm_medium=x`,
    publishedAt: i === 40 ? new Date("nope") : new Date(start + ((i * 104_729) % 500) * 60_000),
    author: i % 9 === 0 ? null : { handle: `h${i % 23}`, followers: (i % 23) * 100 + (i > 150 ? 1 : 0) },
    engagement: { likes: i % 7, reposts: i % 3 },
  }));
}

async function run(workers: number, mode: "ingest" | "begin") {
  const config = configFrom({
    brands: [{ ...baseBrand, keywords: [...baseBrand.keywords, "阿克米航空"], languages: ["en", "zh"] }, { id: "globex", name: "Globex Airways", keywords: ["Globex Airways"] }],
    channels: [{ name: "log", type: "log", params: {} }],
    alerts: { rules: [{ id: "spike", kind: "volume_spike", channels: ["log"], params: { minHistoryMinutes: 0, minCount: 3 } }] },
    analysis: { workers },
  });
  const db = await openDatabase(`file:${path.join(tmpDir(), "b.db")}`);
  const app = await createApp(config, { db });
  try {
    await db.prisma.source.create({ data: { id: "s1", type: "replay", schedule: "-" } });
    const all = posts(320);
    // Overlapping batches: the second and third re-deliver ids of the one before.
    const batches = [all.slice(0, 120), all.slice(100, 230), all.slice(200, 320), all.slice(0, 10)];
    const fetchedAt = new Date(Date.UTC(2026, 4, 3));
    const o = { platform: "web", fetchedAt };
    const results = [];
    const keep = (r: Awaited<ReturnType<typeof app.pipeline.ingest>>) => ({
      seen: r.seen, new: r.new, existing: r.existing, unmatched: r.unmatched, rejected: r.rejected,
      stored: r.stored.map((m) => [m.id, m.externalId, m.brandId, m.authorId, m.duplicateOfId, m.analysis.sentiment.label]), signals: r.signals.map((s) => s.kind),
    });
    if (mode === "ingest") {
      for (const b of batches) results.push(keep(await app.pipeline.ingest("s1", b, o)));
    } else {
      let pending: PendingBatch | null = null;
      for (const b of batches) {
        const next = app.pipeline.begin("s1", b, o);
        if (pending) results.push(keep(await app.pipeline.finish(pending)));
        pending = next;
      }
      results.push(keep(await app.pipeline.finish(pending!)));
    }
    const rows = await db.prisma.mention.findMany({ orderBy: { id: "asc" }, include: { brands: true } });
    return {
      results,
      rows: rows.map(({ createdAt: _c, brands, ...m }) => ({ ...m, brands: brands.map((b) => b.brandId).sort() })),
      authors: await db.prisma.author.findMany({ orderBy: { id: "asc" }, select: { id: true, handle: true, followers: true } }),
      rollups: await db.prisma.rollupHour.findMany({ orderBy: [{ brandId: "asc" }, { bucket: "asc" }] }),
    };
  } finally {
    await app.pipeline.close();
    await db.close();
  }
}

describe("Pipeline.begin/finish", () => {
  it("stores and returns exactly what ingest() does, inline and with an analysis worker", async () => {
    const reference = await run(0, "ingest");
    const [inlineAhead, pooledAhead] = await Promise.all([run(0, "begin"), run(1, "begin")]);
    expect(inlineAhead).toEqual(reference);
    expect(pooledAhead).toEqual(reference);
    // The scenario exercised what it is meant to.
    const [first, second, third, again] = reference.results;
    expect(new Set(first.rejected.map((r) => r.reason))).toEqual(new Set(["empty text", "publishedAt is not a valid date"]));
    expect(second.existing).toBeGreaterThan(0);
    expect(third.existing).toBeGreaterThan(0);
    expect(again.new).toBe(0);
    expect(again.existing).toBeGreaterThan(0);
    const firstIdOf = new Map<string, number>();
    let crossBatchCopies = 0;
    for (const r of reference.rows) {
      const key = `${r.brandId}|${r.contentHash}`;
      const original = firstIdOf.get(key);
      expect(r.duplicateOfId).toBe(original ?? null);
      if (original === undefined) firstIdOf.set(key, r.id);
      else if (!first.stored.some((s) => s[0] === r.id) && first.stored.some((s) => s[0] === original)) crossBatchCopies++;
    }
    expect(crossBatchCopies).toBeGreaterThan(0);
    expect(reference.rows.some((r) => r.brands.length === 2)).toBe(true);
    expect(reference.rollups.length).toBeGreaterThan(0);
  });
});
