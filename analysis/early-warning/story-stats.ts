// Bounded per-story state for the early-warning engine. A story used to keep every
// event (time, audience) so the size predictor could re-read them; at 1M mentions
// that was most of the heap and O(events) per re-fit. Here a story keeps
//  - an ArrivalLog: arrivals summed into at most `maxBuckets` time buckets on an
//    absolute power-of-two grid (a bucket keeps post count, audience sum and the
//    audience-weighted mean time, so the predictor's exposure sums stay close to
//    exact), plus the first post and the top-k largest audiences as exact events;
//  - a DistinctCounter for authors: exact up to 128 (hashes), then a HyperLogLog
//    sketch (about 3% error) instead of a Set that grew to 100,000 handles.
// Both merge in O(buckets) / O(registers), so story merges stay cheap too.

import type { CascadeEvent } from "./size-predictor.ts";

const BASE_MS = 60_000; // finest bucket: one minute
/** Member ids a story holds for its owner between two takes. */
const MAX_PENDING = 5_000;

interface Buckets {
  /** Grid level: bucket width is BASE_MS * 2^level. */
  level: number;
  /** Absolute grid index of bucket 0. */
  start: number;
  m: number[];
  n: number[];
  /** Sum of t * n (audience-weighted time) per bucket. */
  tn: number[];
}

function newBuckets(): Buckets { return { level: 0, start: 0, m: [], n: [], tn: [] }; }

/** Arrivals of one story, summarised in bounded memory. */
export class ArrivalLog {
  /** Posts: buckets of (count, audience). */
  private posts: Buckets = newBuckets();
  /** Audience added later by reposts seen in engagement snapshots (no extra posts). */
  private boosts: Buckets = newBuckets();
  /** The earliest post, kept exact: it is the trigger of the cascade. */
  first: { t: number; n: number } | null = null;
  /** Largest audiences kept exact (their timing matters most), smallest first. */
  private top: Array<{ t: number; n: number }> = [];
  count = 0;
  /**
   * Ids of posts that joined since the owner last took them (Mention.storyId is set
   * from these): at most MAX_PENDING, oldest dropped first, so a story that is never
   * persisted costs bounded memory.
   */
  private pending: Array<number | string> = [];

  constructor(private readonly maxBuckets = 256, private readonly topK = 8) {}

  /** Ids of posts that joined since the last call (bounded; see pending). */
  takeMembers(): Array<number | string> { const p = this.pending; this.pending = []; return p; }

  /** One new post at time t (ms) with audience n (and its mention id, when known). O(1) amortised. */
  add(t: number, n: number, id?: number | string): void {
    if (id !== undefined) {
      this.pending.push(id);
      if (this.pending.length > 2 * MAX_PENDING) this.pending = this.pending.slice(-MAX_PENDING);
    }
    this.count++;
    if (!this.first) { this.first = { t, n }; return; }
    if (t < this.first.t) { const f = this.first; this.first = { t, n }; this.addNonFirst(f.t, f.n); return; }
    this.addNonFirst(t, n);
  }

  private addNonFirst(t: number, n: number) {
    if (this.topK > 0 && (this.top.length < this.topK || n > this.top[0].n)) {
      // insertion into a tiny sorted array; the evicted smallest goes to the buckets
      const e = { t, n };
      let i = 0;
      while (i < this.top.length && this.top[i].n <= n) i++;
      this.top.splice(i, 0, e);
      if (this.top.length <= this.topK) return;
      const out = this.top.shift()!;
      t = out.t; n = out.n;
    }
    this.put(this.posts, t, n, 1);
  }

  /** Extra audience for a post seen at time t (reposts in a snapshot). */
  boost(t: number, n: number): void { if (n > 0) this.put(this.boosts, t, n, 0); }

  private put(b: Buckets, t: number, n: number, m: number) {
    let idx = Math.floor(t / (BASE_MS * 2 ** b.level));
    if (b.m.length === 0) b.start = idx;
    // late arrivals before the first bucket fold into it (their exact time is kept in the sums)
    if (idx < b.start) idx = b.start;
    while (idx - b.start >= this.maxBuckets) { coarsenStatic(b); idx = Math.floor(t / (BASE_MS * 2 ** b.level)); if (idx < b.start) idx = b.start; }
    const i = idx - b.start;
    while (b.m.length <= i) { b.m.push(0); b.n.push(0); b.tn.push(0); }
    b.m[i] += m; b.n[i] += n; b.tn[i] += t * n;
  }

  private static mergeBuckets(into: Buckets, from: Buckets, max: number) {
    if (from.m.length === 0) return;
    // bring both to the coarser level, then add bucket by bucket
    while (into.level < from.level && into.m.length) coarsenStatic(into);
    if (into.m.length === 0) into.level = Math.max(into.level, from.level);
    const f = { ...from, m: from.m.slice(), n: from.n.slice(), tn: from.tn.slice() };
    while (f.level < into.level) coarsenStatic(f);
    for (let i = 0; i < f.m.length; i++) {
      if (f.m[i] === 0 && f.n[i] === 0) continue;
      const t = f.n[i] > 0 ? f.tn[i] / f.n[i] : (f.start + i + 0.5) * BASE_MS * 2 ** f.level;
      // re-enter the bucket as one weighted arrival at its mean time (sums are preserved exactly)
      ArrivalLog.putWeighted(into, t, f, i, max);
    }
  }

  private static putWeighted(b: Buckets, t: number, f: Buckets, i: number, max: number) {
    let idx = Math.floor(t / (BASE_MS * 2 ** b.level));
    if (b.m.length === 0) b.start = idx;
    if (idx < b.start) {
      // extend at the front (merging an older story): grow or coarsen
      while (b.start - idx + b.m.length > max) { coarsenStatic(b); idx = Math.floor(t / (BASE_MS * 2 ** b.level)); }
      const pad = b.start - idx;
      if (pad > 0) { const z = () => new Array<number>(pad).fill(0); b.m = z().concat(b.m); b.n = z().concat(b.n); b.tn = z().concat(b.tn); b.start = idx; }
    }
    while (idx - b.start >= max) { coarsenStatic(b); idx = Math.floor(t / (BASE_MS * 2 ** b.level)); if (idx < b.start) idx = b.start; }
    const k = idx - b.start;
    while (b.m.length <= k) { b.m.push(0); b.n.push(0); b.tn.push(0); }
    b.m[k] += f.m[i]; b.n[k] += f.n[i]; b.tn[k] += f.tn[i];
  }

  /** Adds another story's arrivals (story merge). O(buckets + k). */
  merge(o: ArrivalLog): void {
    ArrivalLog.mergeBuckets(this.posts, o.posts, this.maxBuckets);
    ArrivalLog.mergeBuckets(this.boosts, o.boosts, this.maxBuckets);
    const exact = [...(o.first ? [o.first] : []), ...o.top];
    const cnt = this.count + o.count;
    for (const e of exact) this.add(e.t, e.n);
    this.count = cnt;
    for (const id of o.pending) this.pending.push(id);
    if (this.pending.length > MAX_PENDING) this.pending = this.pending.slice(-MAX_PENDING);
    o.pending = [];
  }

  /**
   * Events for predictFinalSize, times relative to `origin` (the story's first
   * post): the first post, the exact top-k, one event per non-empty bucket, and
   * boosts as audience-only events (m = 0). At most 2 * maxBuckets + k + 1 events.
   */
  events(origin: number): CascadeEvent[] {
    // the predictor treats the first event as the trigger; the rest go in time order
    // (built, sorted and returned as one array: this runs on every re-fit)
    const out: CascadeEvent[] = [];
    if (!this.first) return out;
    const p = this.posts;
    for (let i = 0; i < p.m.length; i++) if (p.m[i] > 0) out.push({ t: Math.max(0, p.tn[i] / p.n[i] - origin), n: p.n[i], m: p.m[i] });
    for (const e of this.top) out.push({ t: Math.max(0, e.t - origin), n: e.n, m: 1 });
    const b = this.boosts;
    for (let i = 0; i < b.m.length; i++) if (b.n[i] > 0) out.push({ t: Math.max(0, b.tn[i] / b.n[i] - origin), n: b.n[i], m: 0 });
    out.sort(byTime);
    out.unshift({ t: Math.max(0, this.first.t - origin), n: this.first.n, m: 1 });
    return out;
  }

  /** Buckets held (for memory accounting in benchmarks). */
  get size(): number { return this.posts.m.length + this.boosts.m.length + this.top.length + 1; }
}

const byTime = (a: CascadeEvent, c: CascadeEvent) => a.t - c.t;

/** Doubles a bucket grid's width, merging neighbours: exact on the sums. */
function coarsenStatic(b: Buckets) {
  const newStart = Math.floor(b.start / 2);
  const len = Math.floor((b.start + b.m.length - 1) / 2) - newStart + 1;
  const m = new Array<number>(len).fill(0), n = new Array<number>(len).fill(0), tn = new Array<number>(len).fill(0);
  for (let i = 0; i < b.m.length; i++) {
    const j = Math.floor((b.start + i) / 2) - newStart;
    m[j] += b.m[i]; n[j] += b.n[i]; tn[j] += b.tn[i];
  }
  b.level++; b.start = newStart; b.m = m; b.n = n; b.tn = tn;
}

const HLL_P = 10, HLL_M = 1 << HLL_P; // 1,024 registers: ~3.3% standard error, 1 KB
const HASH_BITS = 30; // small-integer hashes: a Set of them costs ~4x less than a Set of handle strings
const EXACT_MAX = 128;

function hash30(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 0x01000193); }
  h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b); h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35); h ^= h >>> 16;
  return h >>> (32 - HASH_BITS);
}

/**
 * Distinct count of author handles: exact (a set of 30-bit hashes) up to 128, then
 * a HyperLogLog sketch with 1,024 registers (~3% error). Memory is bounded at ~1 KB
 * per story.
 */
export class DistinctCounter {
  private exact: Set<number> | null = new Set();
  private reg: Uint8Array | null = null;

  add(key: string): void { this.addHash(hash30(key)); }

  private addHash(h: number) {
    if (this.exact) {
      this.exact.add(h);
      if (this.exact.size > EXACT_MAX) this.toSketch();
      return;
    }
    const idx = h >>> (HASH_BITS - HLL_P);
    const restBits = HASH_BITS - HLL_P;
    const w = h & ((1 << restBits) - 1);
    const rank = w === 0 ? restBits + 1 : Math.clz32(w) - (32 - restBits) + 1;
    if (rank > this.reg![idx]) this.reg![idx] = rank;
  }

  private toSketch() {
    this.reg = new Uint8Array(HLL_M);
    const hs = this.exact!;
    this.exact = null;
    for (const h of hs) this.addHash(h);
  }

  get size(): number {
    if (this.exact) return this.exact.size;
    const reg = this.reg!;
    let sum = 0, zeros = 0;
    for (let i = 0; i < HLL_M; i++) { sum += 2 ** -reg[i]; if (reg[i] === 0) zeros++; }
    const alpha = 0.7213 / (1 + 1.079 / HLL_M);
    let est = (alpha * HLL_M * HLL_M) / sum;
    if (est <= 2.5 * HLL_M && zeros > 0) est = HLL_M * Math.log(HLL_M / zeros); // linear counting for small sets
    return Math.round(est);
  }

  merge(o: DistinctCounter): void {
    if (o.exact) { for (const h of o.exact) this.addHash(h); return; }
    if (this.exact) this.toSketch();
    const a = this.reg!, b = o.reg!;
    for (let i = 0; i < HLL_M; i++) if (b[i] > a[i]) a[i] = b[i];
  }
}

/**
 * Scales of the outside-arrivals test (see OutsideArrivals). The kernel is SEISMIC's
 * published reaction-time shape (Zhao et al. 2015: flat for s0 = 5 min, then a power
 * law with exponent 1 + theta, theta 0.25), kept here rather than taken from the size
 * predictor so that re-fitting the predictor does not silently move this test.
 */
export const OUTSIDE_ARRIVALS = {
  /** The test covers a story's first this-many ms (an outage's first posts are what matter). @default 30 min */
  windowMs: 30 * 60_000,
  /** Posts kept per story for the test (bounded memory). @default 64 */
  maxPosts: 64,
  s0Ms: 5 * 60_000,
  theta: 0.25,
  /**
   * Reactions an earlier post of the story may explain over its lifetime, for an author
   * with the brand's typical audience (geometric mean of its authors' followers); it
   * scales with sqrt(followers / typical). 1 is a critical cascade, the upper end of
   * what a subcritical complaint thread draws, so the test is conservative. @default 1
   */
  nRef: 1,
};

/** Reaction-time CDF of the outside-arrivals kernel: share of a post's reactions that came within `dt` ms. */
export function outsideKernelCdf(dt: number): number {
  const { s0Ms, theta } = OUTSIDE_ARRIVALS;
  if (!(dt > 0)) return 0;
  const head = theta / (1 + theta);
  return dt <= s0Ms ? (head * dt) / s0Ms : head + (1 - head) * (1 - Math.pow(dt / s0Ms, -theta));
}

/** -log10 of P(N >= k) for N ~ Poisson(lambda): 0 when k <= lambda (nothing surprising). */
export function poissonSurprise(k: number, lambda: number): number {
  if (k <= 0 || k <= lambda) return 0;
  const lam = Math.max(lambda, 1e-9);
  let logTerm = -lam + k * Math.log(lam);
  for (let j = 2; j <= k; j++) logTerm -= Math.log(j);
  // the upper tail from k: terms shrink by lambda / (j + 1) < 1, so a short series converges
  let sum = 1, term = 1;
  for (let j = k; j < k + 200; j++) { term *= lam / (j + 1); sum += term; if (term < 1e-12 * sum) break; }
  return Math.max(0, -(logTerm + Math.log(sum)) / Math.LN10);
}

/**
 * "Outside arrivals" of a young story (issue 6: an outside-arrivals term for many
 * independent posts). A self-exciting story grows because its posts draw reactions;
 * how many a post can draw scales with its audience (sqrt(followers), the influence
 * model of ../shared/notes/incident-benchmark.md). An outage looks different: many
 * small accounts post the same complaint on their own, far more posts than the
 * earlier posts' audiences can explain. The test: every post after the first is a
 * possible reaction; the expected number of reactions by time t is
 * sum_i nRef * sqrt(f_i / typical) * K(t - t_i) over the story's earlier posts; the
 * surprise is -log10 P(Poisson(expected) >= observed). A large account's thread
 * explains its quick reactions (surprise ~0); five 30-follower accounts complaining
 * in three minutes do not (surprise ~3). Bounded: the first OUTSIDE_ARRIVALS.maxPosts
 * posts of the story's first windowMs.
 */
export class OutsideArrivals {
  /**
   * Posts as flat (time, influence, counted 0/1) triples. Allocated at a story's second
   * post: most stories stay single posts, so they cost no array at all.
   */
  private ev: number[] | null = null;
  private first: [number, number, number] | null = null;
  /** Hashes of the authors of counted arrivals: an author's second complaint is not a new arrival (allocated on first use). */
  private authors: Set<number> | null = null;
  /** Posts that count as arrivals (before excluding the story's first post). */
  private counted = 0;
  private n = 0;

  get size(): number { return this.n; }

  /**
   * A post at `t` whose author's audience is `influence` = sqrt(followers / typical);
   * `independentComplaint` when the text engine tagged it a complaint (or grumble) and
   * it is in the author's own words (not a repost, near-duplicate or shared link, which
   * are reactions by definition). Every post's audience can explain reactions; only
   * independent complaints by distinct authors count as arrivals: many people reporting
   * the same failure on their own is the outage signature, while a harmless burst about
   * one topic (exogenous too, a few negative posts in it) or a repost wave is not.
   */
  add(t: number, influence: number, independentComplaint: boolean, author?: string): void {
    if (this.n >= OUTSIDE_ARRIVALS.maxPosts) return;
    let counted = independentComplaint;
    if (counted && author) {
      const h = hash30(author);
      this.authors ??= new Set();
      if (this.authors.has(h)) counted = false; else this.authors.add(h);
    }
    this.push(t, Math.max(0, influence), counted ? 1 : 0);
  }

  private push(t: number, w: number, c: number) {
    if (this.n === 0) this.first = [t, w, c];
    else { this.ev ??= [...this.first!]; this.ev.push(t, w, c); }
    this.n++;
    this.counted += c;
  }

  merge(o: OutsideArrivals): void {
    // an author counted on both sides stays counted twice (rare: two stories merging within minutes)
    const ev = o.ev ?? o.first ?? [];
    for (let i = 0; i < ev.length && this.n < OUTSIDE_ARRIVALS.maxPosts; i += 3) this.push(ev[i], ev[i + 1], ev[i + 2]);
    if (o.authors) { this.authors ??= new Set(); for (const h of o.authors) this.authors.add(h); }
  }

  /** Observed arrivals (complaints after the story's first post), their endogenous expectation at `at`, and the surprise. */
  test(at: number): { reactions: number; expected: number; surprise: number } {
    const ev = this.ev;
    // no arrival, nothing to test (most young stories): skip the kernel sums
    if (ev === null || this.counted === 0) return { reactions: 0, expected: 0, surprise: 0 };
    let first = 0;
    for (let i = 3; i < ev.length; i += 3) if (ev[i] < ev[first]) first = i;
    let expected = 0, k = 0;
    for (let i = 0; i < ev.length; i += 3) {
      expected += OUTSIDE_ARRIVALS.nRef * ev[i + 1] * outsideKernelCdf(at - ev[i]);
      if (i !== first && ev[i + 2] === 1) k++;
    }
    return { reactions: k, expected, surprise: poissonSurprise(k, expected) };
  }
}
