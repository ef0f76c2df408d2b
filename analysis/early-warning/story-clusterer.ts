// Incremental story clustering. A post joins a story when it
//  1. shares a link key (video id or canonical URL) with it, or
//  2. is a near-duplicate of one of its posts (64-bit SimHash over character
//     shingles of the stripped text, Hamming distance <= nearDupMaxHamming,
//     candidates found through four 16-bit LSH bands), or
//  3. rewords the same incident: TF-IDF cosine with the story's centroid >=
//     cosineMin AND at least minSharedKeywords distinctive shared terms.
// When one post matches several stories they merge (smaller into larger). A story
// that has been quiet for splitAfterQuietMs is closed: a later matching post opens
// a new story (a split in time) that records which story it continues.
// Every structure is keyed by brand and expires with its story (links, SimHash
// bands and the rewording postings after ttlMs without use; the term dictionary is
// halved now and then), so memory stays bounded and the work per post is O(1)
// amortised: bounded candidate lists, no scan over stories. Index entries hold the
// story record itself (not its key) and terms are small integers, so a candidate
// costs a pointer hop instead of string-keyed lookups (measured: the rewording
// step was most of the per-post time at 1M mentions).
// Thresholds were measured on test/early-warning/fixtures/story-pairs.ts (see
// bench output "story clustering thresholds").

import { hamming, linkKeys, simhash, stripForSignature, tokens } from "./text-signature.ts";

export interface StoryClustererOptions {
  /** Max Hamming distance between SimHashes for a near-duplicate. @default 8 */
  nearDupMaxHamming?: number;
  /** Min TF-IDF cosine with the story centroid for a rewording. @default 0.32 */
  cosineMin?: number;
  /** Min distinctive terms shared with the story centroid. @default 2 */
  minSharedKeywords?: number;
  /** A story quiet this long is closed; matching posts start a new story. @default 48 h */
  splitAfterQuietMs?: number;
  /** Stories (and their index entries) are forgotten after this much quiet. @default 72 h */
  ttlMs?: number;
  /** Terms kept in a story's centroid. @default 40 */
  centroidTerms?: number;
  /** Stories remembered per indexed term. @default 8 */
  postingsPerTerm?: number;
  /** A shared term counts as distinctive when at most this share of posts contain it. @default 0.05 */
  distinctiveDf?: number;
}

export interface ClusterInput {
  brandId: string;
  text: string;
  canonicalUrl?: string | null;
  at: number;
}

export interface ClusterResult {
  storyKey: string;
  isNew: boolean;
  /** How the post joined: "link" | "near-duplicate" | "rewording" | "new". */
  via: "link" | "near-duplicate" | "rewording" | "new";
  /** Stories merged into storyKey by this post. */
  merged: string[];
  /** Story this one continues after a quiet gap, if any. */
  continues: string | null;
  signature: string;
}

interface StoryRec {
  key: string;
  brandId: string;
  firstAt: number;
  lastAt: number;
  count: number;
  /** term id -> weight; at most 2 x centroidTerms (+ one post's terms) entries. */
  centroid: TermWeights;
  /** Squared norm of the centroid, kept in step with it so a comparison costs O(terms of the post). */
  norm2: number;
  mergedInto: StoryRec | null;
  closed: boolean;
  /** Forgotten (expired): index entries still pointing here are ignored. */
  dead: boolean;
  /** Scratch for candidate counting: the post (seq) that last counted this story, and its count. */
  hitMark: number;
  hits: number;
}

interface Term { id: number; df: number; text: string }
interface Posting { recs: StoryRec[]; at: number }

/** Per-brand indexes: brands never match each other, so they never share a map. */
interface BrandIndex {
  links: Map<string, { rec: StoryRec; at: number }>;
  /** Brand number: band keys are brand number * 2^18 + band id in one shared table. */
  no: number;
  /** term id -> stories recently indexed under it. */
  postings: Map<number, Posting>;
}

/**
 * Storage for SimHash band entries (hundreds of thousands live at once): typed
 * arrays indexed by slot plus one pointer array, instead of one object with three
 * boxed numbers per entry (measured ~190 bytes per entry before, ~40 now).
 */
class BandSlab {
  hi = new Int32Array(1024);
  lo = new Int32Array(1024);
  at = new Float64Array(1024);
  rec: Array<StoryRec | null> = [];
  private free: number[] = [];
  private next = 0;
  alloc(): number {
    const f = this.free.pop();
    if (f !== undefined) return f;
    if (this.next === this.at.length) {
      const grow = <T extends Int32Array | Float64Array>(a: T): T => { const b = new (a.constructor as new (n: number) => T)(a.length * 2); b.set(a); return b; };
      this.hi = grow(this.hi); this.lo = grow(this.lo); this.at = grow(this.at);
    }
    this.rec.push(null);
    return this.next++;
  }
  set(slot: number, rec: StoryRec, hi: number, lo: number, at: number) { this.rec[slot] = rec; this.hi[slot] = hi | 0; this.lo[slot] = lo | 0; this.at[slot] = at; }
  release(slot: number) { this.rec[slot] = null; this.free.push(slot); }
}

/**
 * A story centroid: term id -> weight in two small typed arrays (open addressing,
 * no deletes; pruning rebuilds it). The rewording check reads a dozen centroids per
 * post, and typed arrays keep each read within a cache line or two.
 */
class TermWeights {
  private ids: Int32Array;
  private w: Float64Array;
  private bits: number;
  size = 0;
  constructor(bits = 4) { this.bits = bits; this.ids = new Int32Array(1 << bits); this.w = new Float64Array(1 << bits); } // id 0 = empty (term ids start at 1)
  private home(k: number) { return Math.imul(k, 0x9e3779b1) >>> (32 - this.bits); }
  /** The weight, or NaN when the term is absent. */
  get(k: number): number {
    const mask = (1 << this.bits) - 1;
    for (let i = this.home(k); ; i = (i + 1) & mask) { const x = this.ids[i]; if (x === k) return this.w[i]; if (x === 0) return NaN; }
  }
  /** Adds w to the term's weight; returns the previous weight (0 when new). */
  add(k: number, w: number): number {
    if ((this.size + 1) * 2 > this.ids.length) this.grow();
    const mask = (1 << this.bits) - 1;
    for (let i = this.home(k); ; i = (i + 1) & mask) {
      const x = this.ids[i];
      if (x === k) { const old = this.w[i]; this.w[i] = old + w; return old; }
      if (x === 0) { this.ids[i] = k; this.w[i] = w; this.size++; return 0; }
    }
  }
  entries(): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    for (let i = 0; i < this.ids.length; i++) if (this.ids[i] !== 0) out.push([this.ids[i], this.w[i]]);
    return out;
  }
  private grow() {
    const ids = this.ids, w = this.w;
    this.bits++; this.ids = new Int32Array(1 << this.bits); this.w = new Float64Array(1 << this.bits); this.size = 0;
    for (let i = 0; i < ids.length; i++) if (ids[i] !== 0) this.add(ids[i], w[i]);
  }
}

/**
 * Open-addressing hash table from non-negative int keys to int values in two typed
 * arrays (linear probing, backward-shift deletion): the SimHash band index holds
 * hundreds of thousands of entries, which cost ~3x more as a Map.
 */
class IntTable {
  private keys: Int32Array;
  private vals: Int32Array;
  private bits: number;
  size = 0;
  constructor(bits = 14) { this.bits = bits; this.keys = new Int32Array(1 << bits).fill(-1); this.vals = new Int32Array(1 << bits); }
  private home(k: number) { return Math.imul(k, 0x9e3779b1) >>> (32 - this.bits); }
  get(k: number): number {
    const mask = (1 << this.bits) - 1;
    for (let i = this.home(k); ; i = (i + 1) & mask) { const x = this.keys[i]; if (x === k) return this.vals[i]; if (x === -1) return -1; }
  }
  set(k: number, v: number): void {
    if ((this.size + 1) * 2 > this.keys.length) this.rehash(this.bits + 1);
    const mask = (1 << this.bits) - 1;
    for (let i = this.home(k); ; i = (i + 1) & mask) {
      const x = this.keys[i];
      if (x === k) { this.vals[i] = v; return; }
      if (x === -1) { this.keys[i] = k; this.vals[i] = v; this.size++; return; }
    }
  }
  delete(k: number): void {
    const mask = (1 << this.bits) - 1;
    let i = this.home(k);
    for (; ; i = (i + 1) & mask) { const x = this.keys[i]; if (x === k) break; if (x === -1) return; }
    // backward-shift: pull later entries of the probe run into the gap
    for (let j = (i + 1) & mask; this.keys[j] !== -1; j = (j + 1) & mask) {
      const h = this.home(this.keys[j]);
      if ((j > i && (h <= i || h > j)) || (j < i && h <= i && h > j)) { this.keys[i] = this.keys[j]; this.vals[i] = this.vals[j]; i = j; }
    }
    this.keys[i] = -1;
    this.size--;
    if (this.bits > 14 && this.size * 8 < this.keys.length) this.rehash(this.bits - 1);
  }
  private rehash(bits: number) {
    const ok = this.keys, ov = this.vals;
    this.bits = bits; this.keys = new Int32Array(1 << bits).fill(-1); this.vals = new Int32Array(1 << bits); this.size = 0;
    for (let i = 0; i < ok.length; i++) if (ok[i] !== -1) this.set(ok[i], ov[i]);
  }
}

/** FIFO of (owner, key, time) used for amortised O(1) expiry of any map; parallel arrays, no tuple per entry. */
class ExpiryQueue<A, B> {
  private as: A[] = [];
  private bs: B[] = [];
  private times: number[] = [];
  private head = 0;
  push(a: A, b: B, at: number) { this.as.push(a); this.bs.push(b); this.times.push(at); }
  popOlderThan(cutoff: number, fn: (a: A, b: B, at: number) => void) {
    while (this.head < this.times.length && this.times[this.head] < cutoff) {
      fn(this.as[this.head], this.bs[this.head], this.times[this.head]);
      this.head++;
    }
    if (this.head > 4096 && this.head * 2 > this.times.length) {
      this.as = this.as.slice(this.head); this.bs = this.bs.slice(this.head); this.times = this.times.slice(this.head); this.head = 0;
    }
  }
  get size() { return this.times.length - this.head; }
}

export class StoryClusterer {
  private readonly o: Required<StoryClustererOptions>;
  private readonly stories = new Map<string, StoryRec>();
  private readonly brands = new Map<string, BrandIndex>();
  private readonly terms = new Map<string, Term>();
  private termSeq = 0;
  private postSeq = 0;
  private docs = 0;
  private seq = 0;
  private now = -Infinity;
  private readonly storyQ = new ExpiryQueue<StoryRec, null>();
  private readonly linkQ = new ExpiryQueue<BrandIndex, string>();
  private readonly bandQ = new ExpiryQueue<number, null>();
  private readonly postingQ = new ExpiryQueue<BrandIndex, number>();
  private readonly evictedBuf: string[] = [];
  private readonly slab = new BandSlab();
  /** (brand number, band id) -> slab slot. */
  private readonly bands = new IntTable();

  constructor(opts: StoryClustererOptions = {}) {
    this.o = {
      nearDupMaxHamming: opts.nearDupMaxHamming ?? 8,
      cosineMin: opts.cosineMin ?? 0.32,
      minSharedKeywords: opts.minSharedKeywords ?? 2,
      splitAfterQuietMs: opts.splitAfterQuietMs ?? 48 * 3_600_000,
      ttlMs: opts.ttlMs ?? 72 * 3_600_000,
      centroidTerms: opts.centroidTerms ?? 40,
      postingsPerTerm: opts.postingsPerTerm ?? 8,
      distinctiveDf: opts.distinctiveDf ?? 0.05,
    };
  }

  private root(rec: StoryRec): StoryRec {
    let r = rec;
    for (let i = 0; i < 64 && r.mergedInto; i++) r = r.mergedInto;
    // path compression: chains grow as stories keep merging
    let c = rec;
    while (c.mergedInto && c.mergedInto !== r) { const n: StoryRec = c.mergedInto; c.mergedInto = r; c = n; }
    return r;
  }

  /** Follows merge links to the surviving story. */
  resolve(key: string): string {
    const s = this.stories.get(key);
    return s ? this.root(s).key : key;
  }

  get storyCount(): number { return this.stories.size; }

  /** Live index sizes (for memory accounting in benchmarks). */
  get indexSizes(): { stories: number; terms: number; links: number; bands: number; postings: number } {
    let links = 0, postings = 0;
    for (const b of this.brands.values()) { links += b.links.size; postings += b.postings.size; }
    return { stories: this.stories.size, terms: this.terms.size, links, bands: this.bands.size, postings };
  }

  /** Stories forgotten since the last call (their stats can be dropped by the owner). */
  drainEvicted(): string[] { return this.evictedBuf.splice(0); }

  private idf(df: number): number {
    return Math.log((this.docs + 1) / (df + 1)) + 1;
  }

  private brand(brandId: string): BrandIndex {
    let b = this.brands.get(brandId);
    if (!b) {
      // 8,191 brands per process keep band keys inside a 31-bit integer
      if (this.brands.size >= 8191) throw new RangeError(`story clustering: more than 8,191 brands in one process (brand ${JSON.stringify(brandId)})`);
      b = { links: new Map(), no: this.brands.size, postings: new Map() };
      this.brands.set(brandId, b);
    }
    return b;
  }

  private live(rec: StoryRec | undefined, at: number): StoryRec | null {
    if (!rec) return null;
    const s = this.root(rec);
    if (s.dead || s.closed) return null;
    if (at - s.lastAt > this.o.splitAfterQuietMs) return null;
    return s;
  }

  assign(input: ClusterInput): ClusterResult {
    const at = input.at;
    if (at > this.now) { this.now = at; this.expire(at); }
    const bi = this.brand(input.brandId);
    const stripped = stripForSignature(input.text);
    const h = simhash(stripped);
    const bb = bi.no * 262_144; // 2^18 band ids per brand
    const bandIds = [bb + (h.hi & 0xffff), bb + 65536 + (h.hi >>> 16), bb + 2 * 65536 + (h.lo & 0xffff), bb + 3 * 65536 + (h.lo >>> 16)];
    const lks = linkKeys(input.text, input.canonicalUrl);
    const toks = tokens(stripped);

    // term frequencies and tf-idf vector of the post
    const tf = new Map<string, number>();
    for (const t of toks) tf.set(t, (tf.get(t) ?? 0) + 1);
    this.docs++;
    const vecTerms: Term[] = [];
    const vecW: number[] = [];
    let vnorm = 0;
    for (const [t, c] of tf) {
      let term = this.terms.get(t);
      if (!term) { term = { id: ++this.termSeq, df: 0, text: t }; this.terms.set(t, term); }
      term.df++;
      vecTerms.push(term);
    }
    for (let i = 0; i < vecTerms.length; i++) {
      const w = (1 + Math.log(tf.get(vecTerms[i].text)!)) * this.idf(vecTerms[i].df);
      vecW.push(w); vnorm += w * w;
    }
    vnorm = Math.sqrt(vnorm);
    // post terms by weight (ties by text): the top 8 find candidates, the top 5 are indexed
    const order = vecTerms.map((_, i) => i).sort((a, b) => vecW[b] - vecW[a] || (vecTerms[a].text < vecTerms[b].text ? -1 : 1));

    const strong: StoryRec[] = [];
    let via: ClusterResult["via"] = "new";
    let quietMatch: string | null = null;
    for (const l of lks) {
      const e = bi.links.get(l);
      if (!e) continue;
      const s = this.live(e.rec, at);
      if (s) { if (!strong.includes(s)) strong.push(s); via = "link"; } else quietMatch ??= this.root(e.rec).key;
    }
    for (const b of bandIds) {
      const slot = this.bands.get(b);
      if (slot < 0 || hamming({ hi: this.slab.hi[slot] >>> 0, lo: this.slab.lo[slot] >>> 0 }, h) > this.o.nearDupMaxHamming) continue;
      const rec = this.slab.rec[slot]!;
      const s = this.live(rec, at);
      if (s) { if (!strong.includes(s)) strong.push(s); if (via === "new") via = "near-duplicate"; } else quietMatch ??= this.root(rec).key;
    }

    let target: StoryRec | null = null;
    if (strong.length === 0 && vnorm > 0) {
      // rewording: candidates from postings of the post's most distinctive terms;
      // a cosine only for the 12 stories indexed under most of them (bounded work)
      // count hits on the story records themselves (no map per post)
      const mark = ++this.postSeq;
      let cands: StoryRec[] = [];
      for (let r = 0; r < Math.min(8, order.length); r++) {
        const p = bi.postings.get(vecTerms[order[r]].id);
        if (!p) continue;
        for (const rec of p.recs) {
          const rk = rec.mergedInto ? this.root(rec) : rec;
          if (rk.dead) continue;
          if (rk.hitMark !== mark) { rk.hitMark = mark; rk.hits = 0; cands.push(rk); }
          rk.hits++;
        }
      }
      if (cands.length > 12) {
        // the 12 best by (hits desc, key asc): a bounded insertion instead of sorting every candidate
        const best12: StoryRec[] = [];
        const better = (a: StoryRec, b: StoryRec) => a.hits > b.hits || (a.hits === b.hits && a.key < b.key);
        for (const c of cands) {
          if (best12.length === 12 && !better(c, best12[11])) continue;
          let i = best12.length === 12 ? 11 : best12.length;
          while (i > 0 && better(c, best12[i - 1])) i--;
          best12.splice(i, 0, c);
          if (best12.length > 12) best12.pop();
        }
        cands = best12;
      }
      const shortlist = cands;
      let best = 0;
      const distinctiveMax = Math.max(3, this.o.distinctiveDf * this.docs);
      for (const s of shortlist) {
        let dot = 0, shared = 0;
        for (let i = 0; i < vecTerms.length; i++) {
          const w = s.centroid.get(vecTerms[i].id);
          if (w === w) { dot += vecW[i] * w; if (vecTerms[i].df <= distinctiveMax) shared++; } // w is NaN when the term is absent
        }
        const cos = s.norm2 > 0 ? dot / (Math.sqrt(s.norm2) * vnorm) : 0;
        if (cos >= this.o.cosineMin && shared >= this.o.minSharedKeywords && cos > best) {
          const liveS = this.live(s, at);
          if (liveS) { best = cos; target = liveS; } else quietMatch ??= s.key;
        }
      }
      if (target) via = "rewording";
    }

    const merged: string[] = [];
    if (strong.length > 0) {
      const list = strong.sort((a, b) => b.count - a.count || a.firstAt - b.firstAt);
      target = list[0];
      for (const other of list.slice(1)) {
        other.mergedInto = target;
        target.count += other.count;
        target.firstAt = Math.min(target.firstAt, other.firstAt);
        for (const [t, w] of other.centroid.entries()) this.addTerm(target, t, w);
        other.centroid = new TermWeights(); // a merged story is only read through its root
        merged.push(other.key);
      }
    }
    let isNew = false;
    if (!target) {
      isNew = true;
      const key = `s${++this.seq}`;
      target = { key, brandId: input.brandId, firstAt: at, lastAt: at, count: 0, centroid: new TermWeights(), norm2: 0, mergedInto: null, closed: false, dead: false, hitMark: 0, hits: 0 };
      this.stories.set(key, target);
      this.storyQ.push(target, null, at);
    }
    target.count++;
    if (at > target.lastAt) target.lastAt = at;
    for (let i = 0; i < vecTerms.length; i++) this.addTerm(target, vecTerms[i].id, vecW[i] / vnorm);
    if (target.centroid.size > this.o.centroidTerms * 2) {
      const keep = [...target.centroid.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, this.o.centroidTerms);
      target.centroid = new TermWeights(7);
      for (const [t, w] of keep) target.centroid.add(t, w);
      target.norm2 = keep.reduce((a, [, w]) => a + w * w, 0);
    }
    // index entries are queued for expiry once, when created; a popped entry that was
    // used since is queued again at its last use (queues stay as small as the maps)
    for (const l of lks) {
      const e = bi.links.get(l);
      if (e) { e.rec = target; e.at = at; } else { bi.links.set(l, { rec: target, at }); this.linkQ.push(bi, l, at); }
    }
    for (const b of bandIds) {
      let slot = this.bands.get(b);
      if (slot < 0) { slot = this.slab.alloc(); this.bands.set(b, slot); this.bandQ.push(b, null, at); }
      this.slab.set(slot, target, h.hi, h.lo, at);
    }
    // index the post's top terms so later rewordings can find this story
    for (let r = 0; r < Math.min(5, order.length); r++) {
      const id = vecTerms[order[r]].id;
      let p = bi.postings.get(id);
      if (!p) { p = { recs: [], at }; bi.postings.set(id, p); this.postingQ.push(bi, id, at); }
      p.at = at;
      if (!p.recs.includes(target)) {
        p.recs.push(target);
        if (p.recs.length > this.o.postingsPerTerm) p.recs.shift();
      }
    }
    return {
      storyKey: target.key,
      isNew,
      via,
      merged,
      continues: isNew ? quietMatch : null,
      // formatted on demand: the engine reads it only for a new story
      get signature() { return `${h.hi.toString(16).padStart(8, "0")}${h.lo.toString(16).padStart(8, "0")}`; },
    };
  }

  private addTerm(s: StoryRec, t: number, w: number) {
    const c = s.centroid.add(t, w);
    s.norm2 += (c + w) * (c + w) - c * c;
  }

  private expire(now: number) {
    const cutoff = now - this.o.ttlMs;
    this.linkQ.popOlderThan(cutoff, (b, k) => { const e = b.links.get(k); if (!e) return; if (e.at >= cutoff) this.linkQ.push(b, k, e.at); else b.links.delete(k); });
    this.bandQ.popOlderThan(cutoff, (k) => {
      const slot = this.bands.get(k);
      if (slot < 0) return;
      if (this.slab.at[slot] >= cutoff) this.bandQ.push(k, null, this.slab.at[slot]);
      else { this.bands.delete(k); this.slab.release(slot); }
    });
    this.postingQ.popOlderThan(cutoff, (b, k) => { const p = b.postings.get(k); if (!p) return; if (p.at >= cutoff) this.postingQ.push(b, k, p.at); else b.postings.delete(k); });
    this.storyQ.popOlderThan(cutoff, (s) => {
      if (s.dead || this.stories.get(s.key) !== s) return;
      // merged stories live as long as the story they were merged into (old links resolve through them)
      const alive = this.root(s);
      if (alive !== s && !alive.dead && alive.lastAt >= cutoff) { this.storyQ.push(s, null, alive.lastAt); return; }
      if (!s.mergedInto && s.lastAt >= cutoff) { this.storyQ.push(s, null, s.lastAt); return; }
      s.dead = true;
      s.centroid = new TermWeights(); // index entries may still point here until they expire: keep them light
      this.stories.delete(s.key);
      this.evictedBuf.push(s.key);
    });
    // keep the term dictionary from growing without bound: halve the counts now and then
    if (this.docs > 200_000) {
      this.docs = Math.floor(this.docs / 2);
      for (const [t, term] of this.terms) { term.df = Math.floor(term.df / 2); if (term.df === 0) this.terms.delete(t); }
    }
  }
}
