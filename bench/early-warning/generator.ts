// Seeded synthetic brand streams with injected incidents, following
// ../shared/notes/incident-benchmark.md section 2: seasonal background with noise,
// harmless bursts, scheduled launches, power-law authors, Hawkes reactions with a
// SEISMIC-like kernel, fizzling complaints, loud-but-subcritical hard negatives,
// and three kinds of viral incidents (slow burn, flash, outage). Text is generated
// from made-up words, so nothing comes from any dataset.

import type { CalendarEntry, EngineMention } from "../../analysis/early-warning/engine.ts";

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const gauss = (r: () => number) => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
function poisson(r: () => number, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 40) return Math.max(0, Math.round(mean + Math.sqrt(mean) * gauss(r)));
  const L = Math.exp(-mean);
  let k = 0, p = 1;
  do { k++; p *= r(); } while (p > L);
  return k - 1;
}
function beta26(r: () => number): number {
  // Beta(2,6) as the 2nd smallest of 7 uniforms
  const u = Array.from({ length: 7 }, r).sort((a, b) => a - b);
  return u[1];
}

export type IncidentType = "slow_burn" | "flash" | "outage";

export interface IncidentTruth {
  id: string;
  type: IncidentType;
  onset: number;
  end: number;
  t1k: number | null;
  t10k: number | null;
  mediaAt: number | null;
  final: number;
  /** Sorted post times, to read "mentions at time t". */
  times: number[];
}

export interface BrandProfile { id: string; mu: number; dailyAmp: number; weekend: number; negShare: number }

export interface GeneratedStream {
  brand: BrandProfile;
  start: number;
  end: number;
  mentions: EngineMention[];
  incidents: IncidentTruth[];
  calendar: CalendarEntry[];
  hardNegatives: number;
}

const H = 3_600_000, MIN = 60_000;
const SYL = ["ka", "lo", "mi", "ren", "tu", "sa", "vor", "pel", "di", "nak", "zu", "bri", "tom", "gal", "fe", "qui", "ras", "ol", "med", "xi"];
const FILLER = ["today", "again", "really", "honestly", "why", "this", "my", "the", "so", "just", "now", "still", "anyone", "else", "seriously", "wow"];

function word(r: () => number): string {
  const n = 2 + Math.floor(r() * 2);
  let w = "";
  for (let i = 0; i < n; i++) w += SYL[Math.floor(r() * SYL.length)];
  return w;
}

/** Reaction-time sample: flat 5 minutes then power law with exponent 1 + theta. */
function delay(r: () => number, theta: number): number {
  const s0 = 5 * MIN, head = theta / (1 + theta), u = r();
  return u <= head ? (u / head) * s0 : s0 * Math.pow((1 - u) / (1 - head), -1 / theta);
}

/** Followers: power law with density exponent ~2 (Pareto alpha 1), min 10, capped at 10^7. */
function followers(r: () => number): number {
  return Math.min(1e7, Math.floor(10 / Math.max(1e-7, 1 - r())));
}
// E[sqrt(f)] for Pareto(alpha 1, min 10) is 2*sqrt(10); influence is normalised by it
const MEAN_SQRT_F = 2 * Math.sqrt(10);

interface Post { t: number; f: number; text: string; neg: boolean; complaint: boolean; platform: string; url: string | null; incident: string | null; stakeholder: string | null; reposts: number }

export function generateStream(seed: number, brand: BrandProfile, weeks: number, incidentCount: number, start = Date.UTC(2026, 0, 5)): GeneratedStream {
  const r = rng(seed * 7919 + brand.mu);
  const end = start + weeks * 7 * 24 * H;
  const posts: Post[] = [];
  const theta = 0.2 + 0.1 * r();
  const topics = Array.from({ length: 60 }, () => [word(r), word(r), word(r)]);
  const brandWord = brand.id;
  const mkText = (kw: string[], extra = 3) => {
    const ws = [brandWord, ...kw];
    for (let i = 0; i < extra; i++) ws.splice(Math.floor(r() * (ws.length + 1)), 0, FILLER[Math.floor(r() * FILLER.length)]);
    return ws.join(" ");
  };
  const reword = (text: string, kw: string[]) => (r() < 0.5 ? `RT @${word(r)}: ${text}` : r() < 0.5 ? `${text} ${FILLER[Math.floor(r() * FILLER.length)]}!!` : mkText(kw.slice().sort(() => r() - 0.5).slice(0, Math.max(2, kw.length - 1)), 2));

  /** Hawkes cascade below a post: Poisson(n*(t) * influence) children with kernel delays. */
  const cascade = (root: Post, kw: string[], nStar: (t: number) => number, cap: number, label: string | null) => {
    const queue = [root];
    let made = 0;
    for (let q = 0; q < queue.length && made < cap; q++) {
      const p = queue[q];
      const infl = Math.min(60, Math.sqrt(p.f) / MEAN_SQRT_F);
      const kids = poisson(r, nStar(p.t) * infl);
      for (let k = 0; k < kids && made < cap; k++) {
        const t = p.t + delay(r, theta);
        if (t >= end) continue;
        const c: Post = { t, f: followers(r), text: reword(p.text, kw), neg: p.neg ? r() < 0.9 : r() < brand.negShare, complaint: p.complaint && r() < 0.7, platform: r() < 0.85 ? p.platform : "reddit", url: p.url && r() < 0.5 ? p.url : null, incident: label, stakeholder: null, reposts: 0 };
        p.reposts++;
        posts.push(c); queue.push(c); made++;
      }
    }
    return made;
  };

  // background: rate mu * D(hour) * W(weekday) * exp(day noise + AR(1) hour noise)
  const dayAmp = brand.dailyAmp;
  let ar = 0, dayNoise = 0;
  const calendar: CalendarEntry[] = [];
  for (let h = 0; h < weeks * 168; h++) {
    const t0 = start + h * H;
    const hod = h % 24, dow = Math.floor(h / 24) % 7; // start is a Monday
    if (hod === 0) dayNoise = 0.15 * gauss(r);
    ar = 0.8 * ar + 0.1 * gauss(r);
    const D = 1 + dayAmp * Math.sin(((hod - 9) / 24) * 2 * Math.PI);
    const W = dow >= 5 ? brand.weekend : 1;
    const rate = brand.mu * D * W * Math.exp(dayNoise + ar);
    const n = poisson(r, rate);
    for (let i = 0; i < n; i++) {
      const kw = topics[Math.floor(r() * topics.length)];
      const neg = r() < brand.negShare;
      const p: Post = { t: t0 + r() * H, f: followers(r), text: mkText(kw), neg, complaint: neg && r() < 0.6, platform: r() < 0.8 ? "x" : "reddit", url: null, incident: null, stakeholder: null, reposts: 0 };
      posts.push(p);
      if (p.complaint) { const ns = beta26(r); cascade(p, kw, () => ns, 200, null); }
    }
    // harmless bursts: 1-3 a day, 2-6x for 5-15 minutes, one topic
    if (hod === 0) {
      const bursts = 1 + Math.floor(r() * 3);
      for (let b = 0; b < bursts; b++) {
        const bt = t0 + r() * 24 * H, len = (5 + r() * 10) * MIN, mult = 2 + r() * 4;
        const kw = [word(r), word(r)];
        const m = poisson(r, (brand.mu * (mult - 1) * len) / H);
        for (let i = 0; i < m; i++) posts.push({ t: bt + r() * len, f: followers(r), text: mkText(kw), neg: r() < brand.negShare * 0.5, complaint: false, platform: "x", url: null, incident: null, stakeholder: null, reposts: 0 });
      }
    }
    // launches every two weeks on Tuesday 16:00: 3-8x positive burst for two hours, in the calendar
    if (hod === 16 && dow === 1 && Math.floor(h / 168) % 2 === 1) {
      const mult = 3 + r() * 5;
      calendar.push({ brandId: brand.id, start: new Date(t0 - 30 * MIN), end: new Date(t0 + 3 * H), label: "launch" });
      const kw = ["launch", word(r), word(r)];
      const m = poisson(r, brand.mu * (mult - 1) * 2);
      for (let i = 0; i < m; i++) posts.push({ t: t0 + r() * 2 * H, f: followers(r), text: mkText(kw), neg: r() < 0.05, complaint: false, platform: r() < 0.7 ? "x" : "youtube", url: null, incident: null, stakeholder: null, reposts: 0 });
    }
  }
  // hard negatives: 2-4 a week, n* 0.80-0.97, loud but subcritical
  let hardNegatives = 0;
  for (let w = 0; w < weeks; w++) {
    const k = 2 + Math.floor(r() * 3);
    for (let i = 0; i < k; i++) {
      const kw = [word(r), word(r), word(r)];
      const root: Post = { t: start + (w * 7 + r() * 7) * 24 * H, f: 1000 + Math.floor(r() * 20000), text: mkText(kw), neg: true, complaint: true, platform: "x", url: null, incident: null, stakeholder: null, reposts: 0 };
      posts.push(root);
      const ns = 0.8 + r() * 0.17;
      cascade(root, kw, () => ns, 3000, null);
      hardNegatives++;
    }
  }
  // incidents: spaced over weeks 2..end, types rotating with the seed
  const incidents: IncidentTruth[] = [];
  const types: IncidentType[] = ["slow_burn", "flash", "outage"];
  const span = end - start - 10 * 24 * H;
  for (let j = 0; j < incidentCount; j++) {
    const type = types[(seed + j + brand.mu) % 3];
    const onset = start + 8 * 24 * H + (span * (j + 0.2 + 0.6 * r())) / incidentCount;
    const id = `${brand.id}-i${j}`;
    const kw = [word(r), word(r), word(r), word(r)];
    const url = r() < 0.5 ? `https://youtu.be/${word(r)}${Math.floor(r() * 1e6)}` : null;
    const before = posts.length;
    let mediaAt: number | null = null;
    if (type === "slow_burn" || type === "flash") {
      // a supercritical cascade can still die young; a viral incident is one that did not (up to 8 tries)
      for (let attempt = 0; attempt < 8; attempt++) {
        posts.length = before;
        const slow = type === "slow_burn";
        const n0 = slow ? 1.2 + 0.6 * r() : 2 + 2 * r(), fade = (slow ? 24 + 72 * r() : 4 + 8 * r()) * H;
        const root: Post = { t: onset, f: slow ? 200 + Math.floor(r() * 3000) : 1e5 + Math.floor(r() * 9e5), text: mkText(kw) + (url ? ` ${url}` : ""), neg: true, complaint: true, platform: "x", url, incident: id, stakeholder: null, reposts: 0 };
        posts.push(root);
        if (cascade(root, kw, (t) => n0 * Math.exp(-(t - onset) / fade), 40_000, id) >= 1000) break;
      }
    } else {
      const mult = 5 + 45 * r(), dur = (6 + 42 * r()) * H;
      const rate = brand.mu * brand.negShare * 0.6 * (mult - 1);
      const m = Math.min(30_000, poisson(r, (rate * dur) / H));
      for (let i = 0; i < m; i++) {
        const p: Post = { t: onset + (i === 0 ? 0 : r() * dur), f: followers(r), text: mkText(kw.slice(0, 2 + Math.floor(r() * 3))), neg: true, complaint: true, platform: r() < 0.8 ? "x" : "reddit", url: null, incident: id, stakeholder: null, reposts: 0 };
        posts.push(p);
        const ns = 0.3 + 0.4 * r();
        cascade(p, kw, () => ns, 100, id);
      }
    }
    // media pick-up for slow burns at 1k-5k mentions adds 500-5,000 posts
    let times = posts.slice(before).map((p) => p.t).sort((a, b) => a - b);
    if (type === "slow_burn") {
      const at = 1000 + Math.floor(r() * 4000);
      if (times.length >= at) {
        mediaAt = times[at - 1];
        const extra = 500 + Math.floor(r() * 4500);
        for (let i = 0; i < extra; i++) {
          const t = mediaAt + delay(r, theta) * 3;
          if (t >= end) continue;
          posts.push({ t, f: i < 3 ? 5e5 : followers(r), text: mkText(kw, 4), neg: r() < 0.7, complaint: r() < 0.3, platform: i < 3 ? "news" : "x", url, incident: id, stakeholder: i < 3 ? "media" : null, reposts: 0 });
        }
        times = posts.slice(before).map((p) => p.t).sort((a, b) => a - b);
      }
    }
    // the power-law kernel leaves stragglers for weeks: an incident is 'on' until 95% of its posts + 6 h
    incidents.push({ id, type, onset, end: (times[Math.floor(times.length * 0.95)] ?? onset) + 6 * H, t1k: times.length >= 1000 ? times[999] : null, t10k: times.length >= 10_000 ? times[9999] : null, mediaAt, final: times.length, times });
  }
  posts.sort((a, b) => a.t - b.t);
  const mentions: EngineMention[] = posts.map((p, i) => ({
    id: i + 1,
    brandId: brand.id,
    text: p.text,
    publishedAt: new Date(Math.floor(p.t)),
    platform: p.platform,
    canonicalUrl: p.url,
    author: { handle: `h${Math.floor(r() * 1e9)}`, followers: p.f },
    engagement: null, // the final repost count would leak the future; snapshots are not simulated
    analysis: {
      sentiment: { label: p.neg ? "negative" : r() < 0.5 ? "neutral" : "positive" },
      complaint: { kind: p.complaint ? "complaint" : "none", severity: p.complaint ? "general" : null },
      stakeholder: p.stakeholder,
    },
  }));
  return { brand, start, end, mentions, incidents, calendar, hardNegatives };
}
