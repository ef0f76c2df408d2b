// Section 2: synthetic brand streams. Every detector sees the same streams; each
// produces a per-5-minute statistic; alarms use the same rule for all (threshold,
// 6 h cool-down); thresholds are chosen on the training seeds for each false-alarm
// budget and reported on the test seeds.
import { EarlyWarningEngine, type EarlyWarningOptions } from "../../analysis/early-warning/engine.ts";
import { alarms, SYNTHETIC_DETECTORS, type DetectorSpec } from "./baselines.ts";
import { generateStream, type BrandProfile, type IncidentTruth, type IncidentType } from "./generator.ts";

const BIN = 300_000, H = 3_600_000;
const COOLDOWN_BINS = (6 * H) / BIN;

export interface SyntheticConfig {
  brands: BrandProfile[]; weeks: number; incidentsPerRun: number; trainSeeds: number[]; testSeeds: number[];
  /**
   * Seeds the tables are reported on. "train" is the development view (in-sample: the
   * thresholds are chosen and reported on the train seeds, the test seeds are not even
   * generated), so design work never looks at the test seeds. @default "test"
   */
  reportOn?: "test" | "train";
}

/** What the engine did at its shipped defaults: episode opens and every detection (open or attached). */
interface DefaultsRun { opens: number[]; detections: number; attached: Array<{ at: number }>; firstAt: number[] }

/** Which part of the engine raised its statistic: a story's risk, an in-bin count, a closed bin. */
type StepSource = "story" | "in-bin" | "bin";

export interface Run {
  seed: number; brand: string; weeks: number; start: number; incidents: IncidentTruth[]; stats: Map<string, Float64Array>; mentions: number; engineMs: number;
  /** Earshot: per bin, the times at which its running maximum rose, with the value (event-time alarms). */
  steps: Map<number, Array<[number, number, StepSource]>>;
  /** Negative mentions' times (sorted) and the index of the first one in each bin, for the baselines' in-bin crossing. */
  negTimes: number[]; negStart: Int32Array; neg: number[]; times: number[];
  defaults: DefaultsRun;
  /** The two parts of Earshot's statistic on their own (story risk / 60; volume level), for design studies. */
  parts: { story: Float64Array; volume: Float64Array; storySteps: Map<number, Array<[number, number]>>; volumeSteps: Map<number, Array<[number, number]>> };
}

interface DetectorDef { id: string; label: string; thresholds: number[] }

const EARSHOT: DetectorDef = { id: "earshot", label: "Earshot (stories + volume, risk engine)", thresholds: Array.from({ length: 60 }, (_, i) => Math.round((0.4 + i * 0.05) * 100) / 100) };

export function runOne(seed: number, brand: BrandProfile, cfg: SyntheticConfig, engineOptions: EarlyWarningOptions = {}): Run {
  const g = generateStream(seed, brand, cfg.weeks, cfg.incidentsPerRun);
  const nb = Math.ceil((g.end - g.start) / BIN);
  const neg = new Array<number>(nb).fill(0);
  const times = Array.from({ length: nb }, (_, i) => g.start + i * BIN);
  const eStat = new Float64Array(nb);
  const engine = new EarlyWarningEngine({ ...engineOptions, calendar: g.calendar });
  const steps = new Map<number, Array<[number, number, StepSource]>>();
  // the engine's alarm statistic: story risk / its threshold, and volume z / threshold (in-bin
  // levels at the mention that raised them, closed-bin levels at the bin's end)
  const record = (b: number, t: number, v: number, src: StepSource) => {
    if (!(v > eStat[b])) return;
    eStat[b] = v;
    let st = steps.get(b);
    if (!st) { st = []; steps.set(b, st); }
    st.push([t, v, src]);
  };
  const parts: Run["parts"] = { story: new Float64Array(nb), volume: new Float64Array(nb), storySteps: new Map(), volumeSteps: new Map() };
  const part = (arr: Float64Array, m: Map<number, Array<[number, number]>>, b: number, t: number, v: number) => {
    if (!(v > arr[b])) return;
    arr[b] = v;
    let st = m.get(b);
    if (!st) { st = []; m.set(b, st); }
    st.push([t, v]);
  };
  const negTimes: number[] = [];
  const defaults: DefaultsRun = { opens: [], detections: 0, attached: [], firstAt: [] };
  const t0 = performance.now();
  for (const m of g.mentions) {
    const t = m.publishedAt.getTime();
    const b = Math.min(nb - 1, Math.floor((t - g.start) / BIN));
    if (m.analysis.sentiment.label === "negative") { neg[b]++; negTimes.push(t); }
    const res = engine.ingest(m);
    for (const s of res.signals) {
      if (s.type === "open") { defaults.opens.push(s.detectedAt.getTime()); defaults.firstAt.push(s.firstPostAt.getTime()); defaults.detections++; }
      else if (s.detection?.attached && s.detection.type === "open") { defaults.attached.push({ at: s.detectedAt.getTime() }); defaults.detections++; }
    }
    for (const c of res.closedBins) {
      const cb = Math.min(nb - 1, Math.floor((c.end - 1 - g.start) / BIN));
      record(cb, c.end, c.level, "bin");
      part(parts.volume, parts.volumeSteps, cb, c.end, c.level);
    }
    part(parts.story, parts.storySteps, b, t, res.storyRisk / 60);
    part(parts.volume, parts.volumeSteps, b, t, res.openBinLevel);
    if (res.storyRisk / 60 >= res.openBinLevel) record(b, t, res.storyRisk / 60, "story"); else record(b, t, res.openBinLevel, "in-bin");
  }
  const engineMs = performance.now() - t0;
  const negStart = new Int32Array(nb + 1);
  for (let i = 0, k = 0; i <= nb; i++) { while (k < negTimes.length && negTimes[k] < g.start + i * BIN) k++; negStart[i] = k; }
  const stats = new Map<string, Float64Array>([["earshot", eStat]]);
  for (const d of SYNTHETIC_DETECTORS) if (d.id !== "earshot") stats.set(d.id, d.stat(neg, times, BIN, 0));
  return { seed, brand: brand.id, weeks: cfg.weeks, start: g.start, incidents: g.incidents, stats, mentions: g.mentions.length, engineMs, steps, negTimes, negStart, neg, times, defaults, parts };
}

/**
 * When, inside alarm bin i, the detector crossed its threshold. Earshot: the mention (or
 * bin end) at which its statistic first reached it. Baselines read 5-minute counts, but
 * every one of them is non-decreasing in the current bin's count, so a streaming version
 * of each would have alarmed at the c-th negative mention of the bin, c the smallest
 * count that crosses: found by bisection on the statistic recomputed with v[i] = c.
 * Same treatment for all, so delays are event times for everyone.
 */
function crossingTime(run: Run, id: string, i: number, thr: number): number {
  const binEnd = run.start + (i + 1) * BIN;
  if (id === "earshot") {
    for (const [t, v] of run.steps.get(i) ?? []) if (v >= thr) return Math.min(t, binEnd);
    return binEnd;
  }
  const spec = SYNTHETIC_DETECTORS.find((d) => d.id === id)!;
  const v = run.neg.slice(0, i + 1), t = run.times.slice(0, i + 1);
  const statAt = (c: number) => { v[i] = c; return spec.stat(v, t, BIN, thr)[i]; };
  let lo = 1, hi = run.neg[i];
  if (hi < 1 || statAt(hi) < thr) return binEnd;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (statAt(mid) >= thr) hi = mid; else lo = mid + 1; }
  return run.negTimes[run.negStart[i] + lo - 1] ?? binEnd;
}

interface Eval { fa: number; alarms: number; brandWeeks: number; firstAlarm: Map<IncidentTruth, number> }

export function evaluate(runs: Run[], id: string, thr: number, eventTime = false): Eval {
  let fa = 0, total = 0, bw = 0;
  const firstAlarm = new Map<IncidentTruth, number>();
  for (const run of runs) {
    bw += run.weeks - 1; // the first week is warm-up for every detector; alarms in it are ignored
    const warm = run.start + 7 * 24 * H;
    for (const i of alarms(run.stats.get(id)!, thr, COOLDOWN_BINS)) {
      const at = eventTime ? crossingTime(run, id, i, thr) : run.start + (i + 1) * BIN;
      if (at < warm) continue;
      total++;
      // overlapping incidents: credit the one that started most recently
      let inc: IncidentTruth | undefined;
      for (const x of run.incidents) if (at >= x.onset && at <= x.end && (!inc || x.onset > inc.onset)) inc = x;
      if (!inc) { fa++; continue; }
      if (!firstAlarm.has(inc)) firstAlarm.set(inc, at);
    }
  }
  return { fa, alarms: total, brandWeeks: bw, firstAlarm };
}

const median = (a: number[]) => { if (a.length === 0) return NaN; const s = a.slice().sort((x, y) => x - y); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const countAt = (times: number[], t: number) => { let lo = 0, hi = times.length; while (lo < hi) { const mid = (lo + hi) >> 1; if (times[mid] <= t) lo = mid + 1; else hi = mid; } return lo; };

interface Metrics { faWeek: number; precision: number; r1k: number; n1k: number; r10k: number; n10k: number; rAll: number; nAll: number; delayH: number; delayM: number; leadH: number }

export function metrics(runs: Run[], e: Eval, filter?: IncidentType): Metrics {
  const incs = runs.flatMap((r) => r.incidents).filter((i) => !filter || i.type === filter);
  let h1k = 0, n1k = 0, h10k = 0, n10k = 0, hAll = 0;
  const dH: number[] = [], dM: number[] = [], lead: number[] = [];
  for (const inc of incs) {
    const a = e.firstAlarm.get(inc);
    if (a !== undefined) { hAll++; dH.push((a - inc.onset) / H); dM.push(countAt(inc.times, a)); }
    if (inc.t1k !== null) { n1k++; if (a !== undefined && a <= inc.t1k) h1k++; }
    if (inc.t10k !== null) { n10k++; if (a !== undefined && a <= inc.t10k) { h10k++; lead.push((inc.t10k - a) / H); } }
  }
  return { faWeek: e.fa / e.brandWeeks, precision: e.alarms ? (e.alarms - e.fa) / e.alarms : NaN, r1k: n1k ? h1k / n1k : NaN, n1k, r10k: n10k ? h10k / n10k : NaN, n10k, rAll: incs.length ? hAll / incs.length : NaN, nAll: incs.length, delayH: median(dH), delayM: median(dM), leadH: median(lead) };
}

function choose(train: Run[], d: DetectorDef, budget: number): number {
  let best: { thr: number; key: number[] } | null = null;
  for (const thr of d.thresholds) {
    const e = evaluate(train, d.id, thr);
    if (e.fa / e.brandWeeks > budget) continue;
    const m = metrics(train, e);
    const key = [m.r1k || 0, m.r10k || 0, m.rAll || 0, -(m.delayH || 0)];
    // lexicographic: recall before 1k, then before 10k, then overall, then shorter delay
    const i = best ? key.findIndex((k, j) => k !== best!.key[j]) : -1;
    if (!best || (i >= 0 && key[i] > best.key[i])) best = { thr, key };
  }
  return best ? best.thr : Math.max(...d.thresholds);
}

/** Earshot's threshold for a budget, chosen on `train` exactly as runSynthetic does (for design studies on the train seeds). */
export function chooseEarshotThreshold(train: Run[], budget: number): number {
  return choose(train, EARSHOT, budget);
}

const pct = (x: number) => (Number.isFinite(x) ? `${Math.round(x * 100)}%` : "n/a");
const num = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : "n/a");

export function runSynthetic(cfg: SyntheticConfig): { md: string; mentions: number; engineMs: number } {
  const train: Run[] = [], test: Run[] = [];
  for (const seed of cfg.trainSeeds) for (const b of cfg.brands) train.push(runOne(seed, b, cfg));
  const dev = cfg.reportOn === "train";
  if (dev) test.push(...train);
  else for (const seed of cfg.testSeeds) for (const b of cfg.brands) test.push(runOne(seed, b, cfg));
  // the same threshold search for everyone: 60 candidates each, Earshot's over its scale,
  // each baseline's evenly over its own range stretched by half (so no budget is out of reach)
  const grid = (t: number[]) => { const lo = Math.min(...t), hi = 1.5 * Math.max(...t); return Array.from({ length: EARSHOT.thresholds.length }, (_, i) => Math.round((lo + ((hi - lo) * i) / (EARSHOT.thresholds.length - 1)) * 1000) / 1000); };
  const defs: DetectorDef[] = [EARSHOT, ...SYNTHETIC_DETECTORS.filter((d) => d.id !== "earshot").map((d: DetectorSpec) => ({ id: d.id, label: `${d.label} on negatives`, thresholds: grid(d.thresholds) }))];
  const budgets = [0.25, 0.5, 1, 2];
  const out: string[] = [];
  const all = dev ? train : [...train, ...test];
  const seedsName = dev ? "TRAIN seeds, development view: in-sample" : "test seeds";
  const mentions = all.reduce((a, r) => a + r.mentions, 0), engineMs = all.reduce((a, r) => a + r.engineMs, 0);
  const incs = test.flatMap((r) => r.incidents);
  out.push(`### 2. Synthetic brand streams (seeded generator, bench/early-warning/generator.ts)`);
  out.push("");
  out.push(`Scale: ${cfg.brands.length} brand profiles (mu ${cfg.brands.map((b) => b.mu).join("/")} mentions/h) x ${cfg.weeks} weeks x ${cfg.trainSeeds.length + cfg.testSeeds.length} seeds (train seeds ${cfg.trainSeeds.join(",")}, test seeds ${cfg.testSeeds.join(",")}), ${cfg.incidentsPerRun} incidents per brand-run; REDUCED from the note's 10 brands x 26 weeks to keep the run to minutes on 2 cores. ${mentions.toLocaleString("en-US")} mentions generated; ${dev ? "reported (train) incidents" : "test incidents"}: ${incs.length} (${(["slow_burn", "flash", "outage"] as const).map((t) => `${t} ${incs.filter((i) => i.type === t).length}`).join(", ")}), reaching 1k: ${incs.filter((i) => i.t1k !== null).length}, reaching 10k: ${incs.filter((i) => i.t10k !== null).length}. Baselines read the brand's negative-mention counts per 5 minutes; Earshot reads the mentions (stories + volume + negative share, with the launch calendar). Same alarm rule and the same search for all: 60 candidate thresholds each, chosen on the train seeds per budget (ranked by recall <1k, <10k, all, then bin-end delay), 6 h cool-down. Alarm time = event time for everyone: the mention at which the statistic crossed (baselines: the c-th negative of the bin, c the smallest count whose statistic crosses; Earshot: the mention that raised story risk or in-bin volume level, or the bin end for closed-bin levels); the bin-end delay is shown beside it. First week = warm-up (not scored). A false alarm is an alarm outside every incident (onset .. time of its 95th-percentile post + 6 h; the newest overlapping incident gets the credit).`);
  const chosen = new Map<string, number>();
  for (const budget of budgets) {
    out.push("");
    out.push(`**Budget ${budget} false alarms per brand-week** (${seedsName})`);
    out.push("");
    out.push("| detector | thr | FA/brand-wk | precision | recall <1k | recall <10k | recall all | median delay h | median delay mentions | median lead before 10k h | median delay h (bin end) |");
    out.push("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (const d of defs) {
      const thr = choose(train, d, budget);
      chosen.set(`${d.id}|${budget}`, thr);
      const m = metrics(test, evaluate(test, d.id, thr, true));
      const mb = metrics(test, evaluate(test, d.id, thr));
      out.push(`| ${d.label} | ${thr} | ${num(m.faWeek, 2)} | ${pct(m.precision)} | ${pct(m.r1k)} (n=${m.n1k}) | ${pct(m.r10k)} (n=${m.n10k}) | ${pct(m.rAll)} | ${num(m.delayH, 3)} | ${num(m.delayM, 0)} | ${num(m.leadH, 1)} | ${num(mb.delayH, 3)} |`);
    }
  }
  out.push("");
  out.push(`**Per incident type at 0.5 FA/brand-week** (${seedsName}): recall <1k / recall all / median delay h / median delay mentions`);
  out.push("");
  out.push("| detector | slow_burn | flash | outage |");
  out.push("|---|---|---|---|");
  for (const d of defs) {
    const e = evaluate(test, d.id, chosen.get(`${d.id}|0.5`)!, true);
    const cells = (["slow_burn", "flash", "outage"] as const).map((t) => { const m = metrics(test, e, t); return `${pct(m.r1k)} / ${pct(m.rAll)} / ${num(m.delayH, 3)} h / ${num(m.delayM, 0)}`; });
    out.push(`| ${d.label} | ${cells.join(" | ")} |`);
  }
  out.push("");
  out.push(defaultsTable(test, seedsName));
  return { md: out.join("\n"), mentions, engineMs };
}

/**
 * The engine at its shipped defaults (risk threshold 60, "balanced", episodes on): the
 * incidents a user would get. Opens and detections in the warm-up week are not counted.
 */
function defaultsTable(runs: Run[], seedsName: string): string {
  let opens = 0, fa = 0, detections = 0, bw = 0, dup = 0, hit = 0, n = 0;
  const delays: number[] = [];
  for (const r of runs) {
    const warm = r.start + 7 * 24 * H;
    bw += r.weeks - 1;
    const within = (t: number) => r.incidents.some((x) => t >= x.onset && t <= x.end);
    for (const t of r.defaults.opens) if (t >= warm) { opens++; if (!within(t)) fa++; }
    detections += r.defaults.opens.filter((t) => t >= warm).length + r.defaults.attached.filter((a) => a.at >= warm).length;
    for (const x of r.incidents) {
      n++;
      const inside = r.defaults.opens.filter((t) => t >= x.onset && t <= x.end);
      if (inside.length > 1) dup++;
      const first = Math.min(...inside, ...r.defaults.attached.filter((a) => a.at >= x.onset && a.at <= x.end).map((a) => a.at));
      if (Number.isFinite(first)) { hit++; delays.push((first - x.onset) / H); }
    }
  }
  return [
    `**Engine at its shipped defaults** (risk threshold 60, "balanced", one incident per brand episode; ${seedsName}, ${bw} scored brand-weeks)`,
    "",
    "| incidents opened / brand-wk | false-alarm incidents / brand-wk | detections (before episode grouping) / brand-wk | real incidents caught | real incidents with >1 incident opened | median delay h |",
    "|---:|---:|---:|---:|---:|---:|",
    `| ${num(opens / bw, 2)} | ${num(fa / bw, 2)} | ${num(detections / bw, 2)} | ${hit}/${n} | ${dup} | ${num(median(delays), 3)} |`,
  ].join("\n");
}
