// Text analysis on worker threads must change nothing but speed: the same analyses as
// the inline analyzer, the same stored mentions through the whole pipeline, and no post
// lost when a worker dies (the pool falls back to inline analysis and logs it once).
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { AnalysisPool } from "../../analysis/analysis-pool.ts";
import { createDefaultAnalyzer } from "../../analysis/default-analyzer.ts";
import { PostPreparer, StringInterner, fromWire, toWire, type PreparedAndAnalysed } from "../../analysis/prepare.ts";
import { whyJson } from "../../core/db/mention-store.ts";
import type { AnalyzeInput, RawPost, TextAnalysis } from "../../analysis/types.ts";
import { createApp, resolveAnalysisWorkers } from "../../core/app.ts";
import { openDatabase, type Db } from "../../core/db/index.ts";
import type { ConfigError } from "../../core/errors.ts";
import { configFrom, baseBrand } from "../helpers/app.ts";
import { tmpDir } from "../helpers/tmp.ts";

const brand = { id: "acme-air", name: "Acme Air", keywords: ["Acme Air", "@acmeair"], competitors: ["Globex Airways"] };
const inputs: AnalyzeInput[] = [
  { text: "Acme Air lost my bag again and nobody answers the phone", language: null, author: { handle: "ann", followers: 120 }, brand },
  { text: "Great crew on my Acme Air flight, smooth landing, thanks!", language: null, author: null, brand },
  { text: "@acmeair cancelled my flight, switching to Globex Airways for good", language: "en", author: { handle: "bob", followers: 2_000_000, verified: true }, brand },
  { text: "阿克米航空 又把我的行李弄丢了，太差了", language: null, author: { handle: "chen", kind: "media" }, brand },
  { text: "Is the Acme Air lounge open at gate 12?", language: null, author: null, brand: null },
  { text: "Acme Air ist nicht gut, der Flug war zu spät", language: null, author: null, brand },
];

const pools: AnalysisPool[] = [];
function pool(opts: Partial<ConstructorParameters<typeof AnalysisPool>[0]> = {}): AnalysisPool {
  const p = new AnalysisPool({ workers: 1, modelPath: null, fallback: () => createDefaultAnalyzer({ modelPath: null }), ...opts });
  pools.push(p);
  return p;
}
afterEach(async () => { await Promise.all(pools.splice(0).map((p) => p.close())); });

function recordingLog() {
  const errors: Array<{ obj: object; msg: string }> = [];
  const warnings: Array<{ obj: object; msg: string }> = [];
  return { errors, warnings, error: (obj: object, msg: string) => { errors.push({ obj, msg }); }, warn: (obj: object, msg: string) => { warnings.push({ obj, msg }); } };
}

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url);

describe("AnalysisPool", () => {
  it("returns exactly what the inline analyzer returns, in order", async () => {
    const inline = createDefaultAnalyzer({ modelPath: null });
    const p = pool();
    await p.start();
    expect(p.liveWorkers).toBe(1);
    const [a, b] = await Promise.all([p.analyze(inputs), p.analyze(inputs.slice(2))]);
    expect(a).toEqual(inputs.map((i) => inline.analyze(i)));
    expect(b).toEqual(inputs.slice(2).map((i) => inline.analyze(i)));
    expect(a[3].language).toBe("zh");
    expect(await p.analyze([])).toEqual([]);
  });

  it("prepares raw posts on the worker exactly as inline: text, reasons and stored column included", async () => {
    const brands = [{ ...baseBrand, id: "acme-air", keywords: ["Acme Air", "@acmeair"], aliases: ["阿克米航空"], languages: [] },
      { ...baseBrand, id: "globex", name: "Globex", keywords: ["Globex Airways"], aliases: [], exclusions: [], competitors: [], languages: [] }];
    const raw = [
      { text: "<b>Acme Air</b> lost my bag &amp; nobody answers", url: "https://www.x.org/a?utm_source=1" }, // cleaned: text crosses
      { text: "Acme Air lost my bag again, nobody answers the phone", author: { handle: "ann" } }, // unchanged: text does not cross
      { text: "Great crew on Acme Air", title: "Acme Air review" }, // title joined to the text
      { text: "阿克米航空 又把我的行李弄丢了，太差了" },
      { text: "nothing to see" }, { text: "  " },
      { text: "Acme Air cancelled, flying Globex Airways now 😡✈️", url: "https://globex.example/x#top" }, // two brands, emoji
      { text: "阿克米航空的服務很好，謝謝" }, // Traditional Chinese
    ];
    const inline = new PostPreparer(brands).prepareAndAnalyse(raw, {}, createDefaultAnalyzer({ modelPath: null }));
    const p = pool({ brands });
    await p.start();
    const pooled = await p.prepareAndAnalyse(raw, {});
    // The worker's analyses read their reasons from the stored column on demand (a getter,
    // which toEqual does not compare), so the results are compared as they serialise, and
    // the reasons once more one by one.
    expect(JSON.parse(JSON.stringify(pooled))).toEqual(JSON.parse(JSON.stringify(inline)));
    for (let i = 0; i < raw.length; i++) {
      const [a, b] = [pooled[i], inline[i]];
      if ("skip" in a || "skip" in b) { expect(a).toEqual(b); continue; }
      expect(a.analysis.why).toEqual(b.analysis.why);
      expect(a.analysis.why.length).toBeGreaterThan(0);
      expect(JSON.stringify(a.analysis)).toBe(JSON.stringify(b.analysis));
      expect(a.text).toBe(b.text);
    }
    expect(pooled.map((x) => ("skip" in x ? x.skip : x.analysis.language))).toEqual(["en", "en", "en", "zh", "unmatched", "empty text", "en", "zh"]);
    expect(pooled.map((x) => ("skip" in x ? [] : x.brandIds))[6]).toEqual(["acme-air", "globex"]);
  });

  it("carries every field of a result across the worker boundary: nulls, odd strings, several brands", () => {
    const analysis = (over: Partial<TextAnalysis>): TextAnalysis => ({
      language: "en", sentiment: { label: "negative", score: -0.25 }, churn: true, stakeholder: "media", why: ["neg: 'lost' -1.8", "quote \" and \\ and \u2028"], engine: "e@1",
      complaint: { kind: "complaint", category: "service", servqual: "reliability", reason: "lost_baggage", severity: "serious" }, ...over,
    });
    const results: PreparedAndAnalysed[] = [
      { text: "Acme Air \ud800 lone surrogate 𝔘", title: "A title", canonicalUrl: "https://x.org/a", contentHash: "h1", brandIds: ["acme-air", "globex"], analysis: analysis({}), analysisJson: whyJson(analysis({}).why) },
      { skip: "unmatched" },
      { text: "same", title: null, canonicalUrl: null, contentHash: "h2", brandIds: ["globex"], analysisJson: null,
        analysis: analysis({ language: null, stakeholder: null, churn: false, why: [], sentiment: { label: "neutral", score: 0 }, complaint: { kind: "none", category: null, servqual: null, reason: null, severity: null } }) },
      { skip: "empty text" },
      { text: "", title: "", canonicalUrl: "", contentHash: "", brandIds: [], analysis: analysis({ engine: "" }), analysisJson: whyJson(analysis({}).why) },
    ];
    const inputs = [{ text: "<i>Acme Air</i> \ud800 lone surrogate 𝔘" }, { text: "x" }, { text: "same" }, { text: "" }, { text: "" }];
    const wire = toWire(results, inputs);
    // Only flat arrays cross: no object per post.
    expect(Object.keys(wire).sort()).toEqual(["ints", "scores", "strings", "table"]);
    expect(wire.strings.every((x) => typeof x === "string")).toBe(true);
    const back = structuredClone(wire);
    const decoded = fromWire(back, inputs, new StringInterner());
    expect(JSON.parse(JSON.stringify(decoded))).toEqual(JSON.parse(JSON.stringify(results)));
    expect(decoded.map((r) => ("skip" in r ? r.skip : r.analysis.why))).toEqual(results.map((r) => ("skip" in r ? r.skip : r.analysis.why)));
    expect((decoded[0] as { text: string }).text).toBe(results[0] && (results[0] as { text: string }).text);
    // A chunk that does not match its posts is refused (the pool then analyses it inline).
    expect(() => fromWire(structuredClone(wire), inputs.slice(0, 3), new StringInterner())).toThrow(/fields for 3 posts/);
  });

  it("analyses inline, with one logged error, when its worker crashes mid-chunk", async () => {
    const log = recordingLog();
    const p = pool({ workerModule: fixture("crash-on-message.worker.ts"), log });
    await p.start();
    const inline = createDefaultAnalyzer({ modelPath: null });
    const first = await p.analyze(inputs);
    expect(first).toEqual(inputs.map((i) => inline.analyze(i)));
    expect(p.liveWorkers).toBe(0);
    expect(await p.analyze(inputs.slice(0, 2))).toEqual(inputs.slice(0, 2).map((i) => inline.analyze(i)));
    // Preparing raw posts falls back the same way (with the pool's brands).
    const raw = [{ text: "<b>Acme Air</b> lost my bag", url: "https://www.x.org/a?utm_source=1" }, { text: "nothing to see" }, { text: "  " }];
    const brands = [{ ...baseBrand, languages: [] }];
    const crashing = pool({ workerModule: fixture("crash-on-message.worker.ts"), log, brands });
    const prepared = await crashing.prepareAndAnalyse(raw, {});
    expect(prepared).toEqual(new PostPreparer(brands).prepareAndAnalyse(raw, {}, inline));
    expect(prepared.map((x) => ("skip" in x ? x.skip : x.brandIds.join()))).toEqual(["acme-air", "unmatched", "empty text"]);
    expect(log.errors).toHaveLength(2);
    log.errors.pop();
    expect(log.errors[0].msg).toMatch(/analysis worker failed/);
    expect(JSON.stringify(log.errors[0].obj)).toMatch(/exited with code 3/);
  });

  it("analyses inline when its worker cannot start", async () => {
    const log = recordingLog();
    const p = pool({ workerModule: fixture("fails-to-load.worker.ts"), log });
    await p.start(); // resolves: a broken worker is not a reason to stop ingesting
    expect(p.liveWorkers).toBe(0);
    expect((await p.analyze(inputs.slice(0, 1)))[0].sentiment.label).toBe("negative");
    expect(log.errors).toHaveLength(1);
    expect(JSON.stringify(log.errors[0].obj)).toMatch(/lexicon file is corrupt/);
  });

  it("analyses inline when its worker runs out of its heap limit", async () => {
    const log = recordingLog();
    // 4 MB cannot hold the analyzer's models: the worker dies of its limit, not the process.
    const p = pool({ maxHeapMb: 4, log });
    await p.start();
    expect(p.liveWorkers).toBe(0);
    expect(await p.analyze(inputs.slice(0, 2))).toEqual(inputs.slice(0, 2).map((i) => createDefaultAnalyzer({ modelPath: null }).analyze(i)));
    expect(log.errors).toHaveLength(1);
    expect(JSON.stringify(log.errors[0].obj)).toMatch(/out of memory|ERR_WORKER_OUT_OF_MEMORY/i);
  });

  it("re-analyses a chunk inline when the worker reports it could not, and surfaces an inline error as before", async () => {
    const log = recordingLog();
    const p = pool({ workerModule: fixture("rejects-chunk.worker.ts"), log });
    expect(await p.analyze(inputs.slice(0, 2))).toEqual(inputs.slice(0, 2).map((i) => createDefaultAnalyzer({ modelPath: null }).analyze(i)));
    expect(log.warnings[0].msg).toMatch(/could not analyse a chunk/);
    expect(p.liveWorkers).toBe(1);
    const broken = pool({ workerModule: fixture("rejects-chunk.worker.ts"), fallback: () => ({ id: "broken", analyze: () => { throw new Error("inline analyzer failed too"); } }) });
    await expect(broken.analyze(inputs.slice(0, 1))).rejects.toThrow("inline analyzer failed too");
  });

  it("rejects a nonsensical worker count; the config defaults to \"auto\": one worker when a second CPU exists", () => {
    expect(() => new AnalysisPool({ workers: 0, fallback: () => createDefaultAnalyzer({ modelPath: null }) })).toThrow(/workers must be an integer >= 1/);
    expect(configFrom({ brands: [baseBrand] }).analysis.workers).toBe("auto");
    expect(resolveAnalysisWorkers("auto", 1)).toBe(0);
    expect(resolveAnalysisWorkers("auto", 2)).toBe(1);
    expect(resolveAnalysisWorkers("auto", 16)).toBe(1);
    expect(resolveAnalysisWorkers(0, 16)).toBe(0);
    expect(resolveAnalysisWorkers(3, 1)).toBe(3);
    expect(configFrom({ brands: [baseBrand], analysis: { workers: "auto" } }).analysis.workers).toBe("auto");
    let issues: string[] = [];
    try { configFrom({ brands: [baseBrand], analysis: { workers: -1 } }); } catch (err) { issues = (err as ConfigError).issues; }
    expect(issues.join("\n")).toMatch(/analysis\.workers/);
    expect(configFrom({ brands: [baseBrand], analysis: { workers: 2 } }).analysis.workers).toBe(2);
  });
});

// Posts that exercise every branch of ingest: HTML, duplicates of text, a re-delivered
// externalId, no brand, empty text, a bad date, a language filter, two brands, authors.
function posts(n: number): RawPost[] {
  const start = Date.UTC(2026, 2, 1);
  const texts = [
    "<p>Acme Air lost my bag &amp; nobody answers</p>",
    "Great crew on Acme Air today, thanks!",
    "@acmeair cancelled my flight, switching to Globex Airways",
    "阿克米航空 Acme Air 航班延误三个小时",
    "Acme Air ist nicht gut, der Flug war zu spät und das Essen kalt",
    "nothing about any airline here",
    "",
  ];
  const out: RawPost[] = [];
  for (let i = 0; i < n; i++) {
    out.push({
      externalId: `p${i % 290}`, // the last ten re-deliver earlier ids in the same batch
      text: texts[i % texts.length],
      url: `https://social.example.org/p/${i}?utm_source=x`,
      // Out of time order inside the batch: the store must sort.
      publishedAt: i === 17 ? new Date("not a date") : new Date(start + ((i * 7919) % 300) * 60_000),
      author: { handle: `u${i % 37}`, followers: (i % 37) * 10 },
      engagement: { likes: i % 5 },
    });
  }
  return out;
}

async function ingestAll(workers: number) {
  const config = configFrom({
    brands: [{ ...baseBrand, keywords: [...baseBrand.keywords, "阿克米航空"], languages: ["en", "zh"] }, { id: "globex", name: "Globex Airways", keywords: ["Globex Airways"] }],
    channels: [{ name: "log", type: "log", params: {} }],
    alerts: { rules: [{ id: "spike", kind: "volume_spike", channels: ["log"], params: { minHistoryMinutes: 0, minCount: 3 } }] },
    analysis: { workers },
  });
  const db: Db = await openDatabase(`file:${path.join(tmpDir(), "e.db")}`);
  const app = await createApp(config, { db });
  try {
    await db.prisma.source.create({ data: { id: "s1", type: "replay", schedule: "-" } });
    const all = posts(300);
    const fetchedAt = new Date(Date.UTC(2026, 2, 2));
    const results = [];
    for (const batch of [all.slice(0, 260), all.slice(200)]) {
      const r = await app.pipeline.ingest("s1", batch, { platform: "web", fetchedAt });
      results.push({ seen: r.seen, new: r.new, existing: r.existing, unmatched: r.unmatched, rejected: r.rejected, storedIds: r.stored.map((m) => [m.id, m.externalId, m.duplicateOfId]), signals: r.signals.map((s) => s.kind) });
    }
    const rows = await db.prisma.mention.findMany({ orderBy: { id: "asc" }, include: { brands: true } });
    return {
      results,
      rows: rows.map(({ createdAt: _c, brands, ...m }) => ({ ...m, brands: brands.map((b) => b.brandId).sort() })),
      authors: await db.prisma.author.count(),
    };
  } finally {
    await app.pipeline.close();
    await db.close();
  }
}

describe("Pipeline with analysis workers", () => {
  it("stores exactly what the inline pipeline stores", async () => {
    const [inline, pooled] = await Promise.all([ingestAll(0), ingestAll(1)]);
    expect(pooled).toEqual(inline);
    // The scenario really exercised the branches it is meant to.
    const [first, second] = inline.results;
    expect(new Set(first.rejected.map((r) => r.reason))).toEqual(new Set(["empty text", "publishedAt is not a valid date"]));
    expect(first.unmatched).toBeGreaterThan(0); // no brand, and German filtered out by languages
    expect(second.existing).toBeGreaterThan(0);
    expect(inline.rows.some((r) => r.duplicateOfId !== null)).toBe(true);
    expect(inline.rows.some((r) => r.brands.length === 2)).toBe(true);
    expect(inline.rows.some((r) => r.language === "zh")).toBe(true);
    const times = inline.rows.slice(0, first.new).map((r) => r.publishedAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });
});
