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
// Every structure is keyed by brand and expires with its story, so memory stays
// bounded and the work per post is O(1) amortised (bounded candidate lists).
// Thresholds were measured on test/early-warning/fixtures/story-pairs.ts (see
// bench output "story clustering thresholds").

import { hamming, linkKeys, simhash, simhashBands, stripForSignature, tokens, type SimHash } from "./text-signature.ts";

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
  centroid: Map<string, number>;
  /** Squared norm of the centroid, kept in step with it so a comparison costs O(terms of the post). */
  norm2: number;
  mergedInto: string | null;
  closed: boolean;
}

/** FIFO of (key, time) used for amortised O(1) expiry of any map. */
class ExpiryQueue {
  private keys: string[] = [];
  private times: number[] = [];
  private head = 0;
  push(key: string, at: number) { this.keys.push(key); this.times.push(at); }
  popOlderThan(cutoff: number, fn: (key: string, at: number) => void) {
    while (this.head < this.keys.length && this.times[this.head] < cutoff) {
      fn(this.keys[this.head], this.times[this.head]);
      this.head++;
    }
    if (this.head > 4096 && this.head * 2 > this.keys.length) {
      this.keys = this.keys.slice(this.head); this.times = this.times.slice(this.head); this.head = 0;
    }
  }
  get size() { return this.keys.length - this.head; }
}

export class StoryClusterer {
  private readonly o: Required<StoryClustererOptions>;
  private readonly stories = new Map<string, StoryRec>();
  private readonly links = new Map<string, { key: string; at: number }>();
  private readonly bands = new Map<string, { key: string; h: SimHash; at: number }>();
  private readonly postings = new Map<string, string[]>();
  private readonly df = new Map<string, number>();
  private docs = 0;
  private seq = 0;
  private now = -Infinity;
  private readonly storyQ = new ExpiryQueue();
  private readonly linkQ = new ExpiryQueue();
  private readonly bandQ = new ExpiryQueue();
  private readonly evictedBuf: string[] = [];

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

  /** Follows merge links to the surviving story. */
  resolve(key: string): string {
    let k = key;
    for (let i = 0; i < 64; i++) {
      const s = this.stories.get(k);
      if (!s || !s.mergedInto) return k;
      k = s.mergedInto;
    }
    return k;
  }

  get storyCount(): number { return this.stories.size; }

  /** Stories forgotten since the last call (their stats can be dropped by the owner). */
  drainEvicted(): string[] { return this.evictedBuf.splice(0); }

  private idf(term: string): number {
    return Math.log((this.docs + 1) / ((this.df.get(term) ?? 0) + 1)) + 1;
  }

  private live(key: string | undefined, at: number): StoryRec | null {
    if (!key) return null;
    const s = this.stories.get(this.resolve(key));
    if (!s || s.closed) return null;
    if (at - s.lastAt > this.o.splitAfterQuietMs) return null;
    return s;
  }

  assign(input: ClusterInput): ClusterResult {
    const at = input.at;
    if (at > this.now) { this.now = at; this.expire(at); }
    const prefix = input.brandId + "\u0000";
    const stripped = stripForSignature(input.text);
    const h = simhash(stripped);
    const bandKeys = simhashBands(h).map((b) => prefix + b);
    const lks = linkKeys(input.text, input.canonicalUrl).map((l) => prefix + l);
    const toks = tokens(stripped);

    // term frequencies and tf-idf vector of the post
    const tf = new Map<string, number>();
    for (const t of toks) tf.set(t, (tf.get(t) ?? 0) + 1);
    this.docs++;
    for (const t of tf.keys()) this.df.set(t, (this.df.get(t) ?? 0) + 1);
    const vec = new Map<string, number>();
    let vnorm = 0;
    for (const [t, c] of tf) { const w = (1 + Math.log(c)) * this.idf(t); vec.set(t, w); vnorm += w * w; }
    vnorm = Math.sqrt(vnorm);

    const strong = new Set<string>();
    let via: ClusterResult["via"] = "new";
    let quietMatch: string | null = null;
    for (const l of lks) {
      const e = this.links.get(l);
      if (!e) continue;
      const s = this.live(e.key, at);
      if (s) { strong.add(s.key); via = "link"; } else quietMatch ??= this.resolve(e.key);
    }
    for (const b of bandKeys) {
      const e = this.bands.get(b);
      if (!e || hamming(e.h, h) > this.o.nearDupMaxHamming) continue;
      const s = this.live(e.key, at);
      if (s) { strong.add(s.key); if (via === "new") via = "near-duplicate"; } else quietMatch ??= this.resolve(e.key);
    }

    let target: StoryRec | null = null;
    if (strong.size === 0 && vnorm > 0) {
      // rewording: candidates from postings of the post's most distinctive terms
      const ranked = [...vec.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 8);
      // a cosine only for the 12 stories indexed under most of the post's distinctive terms (bounded work)
      const hits = new Map<string, number>();
      for (const [t] of ranked) for (const k of this.postings.get(prefix + t) ?? []) { const rk = this.resolve(k); hits.set(rk, (hits.get(rk) ?? 0) + 1); }
      const shortlist = hits.size <= 12 ? [...hits.keys()] : [...hits.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 12).map((e) => e[0]);
      let best = 0;
      for (const k of shortlist) {
        const s = this.stories.get(k);
        if (!s) continue;
        let dot = 0, shared = 0;
        for (const [t, v] of vec) {
          const w = s.centroid.get(t);
          if (w !== undefined) { dot += v * w; if ((this.df.get(t) ?? 0) <= Math.max(3, this.o.distinctiveDf * this.docs)) shared++; }
        }
        const cos = s.norm2 > 0 ? dot / (Math.sqrt(s.norm2) * vnorm) : 0;
        if (cos >= this.o.cosineMin && shared >= this.o.minSharedKeywords && cos > best) {
          const liveS = this.live(k, at);
          if (liveS) { best = cos; target = liveS; } else quietMatch ??= k;
        }
      }
      if (target) via = "rewording";
    }

    const merged: string[] = [];
    if (strong.size > 0) {
      const list = [...strong].map((k) => this.stories.get(k)!).sort((a, b) => b.count - a.count || a.firstAt - b.firstAt);
      target = list[0];
      for (const other of list.slice(1)) {
        other.mergedInto = target.key;
        target.count += other.count;
        target.firstAt = Math.min(target.firstAt, other.firstAt);
        for (const [t, w] of other.centroid) this.addTerm(target, t, w);
        merged.push(other.key);
      }
    }
    let isNew = false;
    if (!target) {
      isNew = true;
      const key = `s${++this.seq}`;
      target = { key, brandId: input.brandId, firstAt: at, lastAt: at, count: 0, centroid: new Map(), norm2: 0, mergedInto: null, closed: false };
      this.stories.set(key, target);
      this.storyQ.push(key, at);
    }
    target.count++;
    if (at > target.lastAt) target.lastAt = at;
    for (const [t, w] of vec) this.addTerm(target, t, w / vnorm);
    if (target.centroid.size > this.o.centroidTerms * 2) {
      const keep = [...target.centroid.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, this.o.centroidTerms);
      target.centroid = new Map(keep);
      target.norm2 = keep.reduce((a, [, w]) => a + w * w, 0);
    }
    for (const l of lks) { this.links.set(l, { key: target.key, at }); this.linkQ.push(l, at); }
    for (const b of bandKeys) { this.bands.set(b, { key: target.key, h, at }); this.bandQ.push(b, at); }
    // index the post's top terms so later rewordings can find this story
    const top = [...vec.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 5);
    for (const [t] of top) {
      const pk = prefix + t;
      let list = this.postings.get(pk);
      if (!list) { list = []; this.postings.set(pk, list); }
      if (!list.includes(target.key)) {
        list.push(target.key);
        if (list.length > this.o.postingsPerTerm) list.shift();
      }
    }
    return {
      storyKey: target.key,
      isNew,
      via,
      merged,
      continues: isNew ? quietMatch : null,
      signature: `${h.hi.toString(16).padStart(8, "0")}${h.lo.toString(16).padStart(8, "0")}`,
    };
  }

  private addTerm(s: StoryRec, t: string, w: number) {
    const c = s.centroid.get(t) ?? 0;
    s.centroid.set(t, c + w);
    s.norm2 += (c + w) * (c + w) - c * c;
  }

  private expire(now: number) {
    const cutoff = now - this.o.ttlMs;
    this.linkQ.popOlderThan(cutoff, (k, t) => { const e = this.links.get(k); if (e && e.at === t) this.links.delete(k); });
    this.bandQ.popOlderThan(cutoff, (k, t) => { const e = this.bands.get(k); if (e && e.at === t) this.bands.delete(k); });
    this.storyQ.popOlderThan(cutoff, (k) => {
      const s = this.stories.get(k);
      if (!s) return;
      // merged stories live as long as the story they were merged into (old links resolve through them)
      const alive = s.mergedInto ? this.stories.get(this.resolve(k)) : s;
      if (alive && alive !== s && alive.lastAt >= cutoff) { this.storyQ.push(k, alive.lastAt); return; }
      if (!s.mergedInto && s.lastAt >= cutoff) { this.storyQ.push(k, s.lastAt); return; }
      this.stories.delete(k);
      this.evictedBuf.push(k);
    });
    // keep the document-frequency table from growing without bound: halve it now and then
    if (this.docs > 200_000) {
      this.docs = Math.floor(this.docs / 2);
      for (const [t, c] of this.df) { const n = Math.floor(c / 2); if (n === 0) this.df.delete(t); else this.df.set(t, n); }
    }
  }
}
