// Persists a Story row for every story the early-warning detector signals about and
// links the signal to it (storyId) before the incident manager opens or updates the
// Incident. Only signalled stories are stored: the engine keeps the long tail of
// one-post stories in memory and lets it expire.
//
// Two things outlive the process:
//  - Story rows. Engine story keys restart after a restart ("s1" again), so a story
//    the engine has not seen in this process is looked up among the brand's recent
//    rows by its fingerprint (the SimHashes, link keys and distinctive words of its
//    first posts, kept in Story.stats.fp), with the clusterer's own rules: a
//    near-duplicate (Hamming <= 8), a shared link, or a rewording (at least 3 shared
//    words and half of the smaller word set), within the clusterer's 48 h split gap.
//    A continuing story then updates the same row; its counts add to the row's counts
//    at the restart.
//  - Mention.storyId: mentions that joined a persisted story (the engine hands their
//    ids over, bounded per story) are linked with one UPDATE per story per call.
import type { PrismaClient } from "../../core/db/index.ts";
import type { Detector, DetectorSignal } from "../detectors.ts";
import type { SignalSink } from "../pipeline.ts";
import { EarlyWarningDetector } from "./detector.ts";
import type { EarlyWarningEngine, StoryView } from "./engine.ts";
import { hamming, linkKeys, simhash, stripForSignature, tokens } from "./text-signature.ts";

const INT_MAX = 2_147_483_647;
const int = (x: number) => Math.max(0, Math.min(INT_MAX, Math.round(x)));
const H = 3_600_000;

/** What a Story row remembers of its posts so a restarted process can recognise the story. */
export interface StoryFingerprint {
  /** SimHashes (16 hex digits) of the first posts. */
  h: string[];
  /** Link keys (video ids, canonical URLs). */
  l: string[];
  /** Content words. */
  w: string[];
}

export interface StoryRowSinkOptions {
  /** Rows whose last mention is older than this before the story's first post are not continued. @default 48 h (the clusterer's split gap) */
  continueWithinMs?: number;
  /** Recent rows of the brand compared when an unknown story is first persisted. @default 200 */
  candidates?: number;
}

interface Known { id: number; base: { mentionCount: number; authorCount: number; negativeCount: number; complaintCount: number; reach: number; engagement: number; platforms: string[] } | null; fp: StoryFingerprint }

const toHex = (h: { hi: number; lo: number }) => `${h.hi.toString(16).padStart(8, "0")}${h.lo.toString(16).padStart(8, "0")}`;
const fromHex = (s: string) => ({ hi: parseInt(s.slice(0, 8), 16) >>> 0, lo: parseInt(s.slice(8, 16), 16) >>> 0 });

/** Fingerprint of a story from its title (the first post) and its example posts. */
export function fingerprintOf(texts: Array<{ text: string; url?: string | null }>, seed: string[] = []): StoryFingerprint {
  const h = new Set(seed), l = new Set<string>(), w = new Set<string>();
  for (const t of texts) {
    const stripped = stripForSignature(t.text);
    if (stripped) h.add(toHex(simhash(stripped)));
    for (const k of linkKeys(t.text, t.url ?? null)) l.add(k);
    for (const tok of tokens(stripped)) if (w.size < 40) w.add(tok);
  }
  return { h: [...h].slice(0, 8), l: [...l].slice(0, 8), w: [...w] };
}

/** True when two fingerprints describe the same story by the clusterer's rules. */
export function sameStory(a: StoryFingerprint, b: StoryFingerprint): boolean {
  for (const x of a.h) for (const y of b.h) if (/^[0-9a-f]{16}$/.test(x) && /^[0-9a-f]{16}$/.test(y) && hamming(fromHex(x), fromHex(y)) <= 8) return true;
  if (a.l.some((k) => b.l.includes(k))) return true;
  const shared = a.w.filter((t) => b.w.includes(t)).length;
  return shared >= 3 && shared * 2 >= Math.min(a.w.length, b.w.length);
}

export class StoryRowSink implements SignalSink {
  /** engine story key (this process) -> Story row, its counts at adoption and its fingerprint. */
  readonly #known = new Map<string, Known>();
  readonly #engine: EarlyWarningEngine | null;
  readonly #o: Required<StoryRowSinkOptions>;

  /**
   * @param detectors the pipeline's detectors; the early-warning one (if any) hands
   *   over the ids of mentions that joined persisted stories, for Mention.storyId.
   */
  constructor(private prisma: PrismaClient, private next: SignalSink, detectors: Detector[] = [], opts: StoryRowSinkOptions = {}) {
    this.#engine = (detectors.find((d) => d instanceof EarlyWarningDetector) as EarlyWarningDetector | undefined)?.engine ?? null;
    this.#o = { continueWithinMs: opts.continueWithinMs ?? 48 * H, candidates: opts.candidates ?? 200 };
  }

  async handle(signals: DetectorSignal[]): Promise<void> {
    for (const s of signals) {
      const story = (s.data?.story ?? null) as StoryView | null;
      if (s.kind === "story" && story) s.storyId = await this.#upsert(story, s.risk, s.examples ?? []);
    }
    await this.#linkMembers();
    if (signals.length) await this.next.handle(signals);
  }

  /** Sets Mention.storyId for mentions that joined persisted stories since the last call. */
  async #linkMembers(): Promise<void> {
    if (!this.#engine) return;
    for (const [key, k] of this.#known) {
      if (!this.#engine.story(key)) { this.#known.delete(key); continue; } // expired in the engine
      const ids = this.#engine.takeMembers(key).filter((x): x is number => typeof x === "number");
      if (ids.length === 0) continue;
      // the row's counts follow the story between signals too (one UPDATE per story per batch)
      const view = this.#engine.story(key);
      if (view) await this.#upsert(view, view.risk / 100, []);
      for (let i = 0; i < ids.length; i += 500) {
        await this.prisma.mention.updateMany({ where: { id: { in: ids.slice(i, i + 500) } }, data: { storyId: k.id } });
      }
    }
  }

  async #upsert(v: StoryView, risk: number, examples: Array<{ text: string; canonicalUrl?: string | null }>): Promise<number> {
    let k = this.#known.get(v.key);
    if (!k) {
      const fp = fingerprintOf([{ text: v.title }, ...examples.map((e) => ({ text: e.text, url: e.canonicalUrl }))], [v.signature]);
      k = (await this.#continued(v, fp)) ?? { id: 0, base: null, fp };
      this.#known.set(v.key, k);
    }
    const b = k.base;
    const data = {
      title: v.title.slice(0, 500),
      lastSeenAt: v.lastAt,
      mentionCount: int(v.mentionCount + (b?.mentionCount ?? 0)),
      authorCount: int(v.authorCount + (b?.authorCount ?? 0)),
      negativeCount: int(v.negativeCount + (b?.negativeCount ?? 0)),
      complaintCount: int(v.complaintCount + (b?.complaintCount ?? 0)),
      reach: int(v.reach + (b?.reach ?? 0)),
      engagement: int(v.engagement + (b?.engagement ?? 0)),
      platforms: JSON.stringify([...new Set([...(b?.platforms ?? []), ...v.platforms])].sort()),
      mediaPickup: v.mediaPickup,
      predictedSize: v.prediction ? v.prediction.predicted + (b?.mentionCount ?? 0) : null,
      predictedLow: v.prediction ? v.prediction.low + (b?.mentionCount ?? 0) : null,
      predictedHigh: v.prediction ? v.prediction.high + (b?.mentionCount ?? 0) : null,
      riskScore: risk,
      stats: JSON.stringify({ ...v.stats, engineKey: v.key, branching: v.prediction?.branching ?? null, fp: k.fp }),
    };
    if (k.id) {
      // a continued row keeps its title and first post; the story is the same one
      const { title: _t, ...rest } = data;
      await this.prisma.story.update({ where: { id: k.id }, data: k.base ? rest : data });
      return k.id;
    }
    const row = await this.prisma.story.create({ data: { ...data, brandId: v.brandId, signature: `${v.key}:${v.signature}`, firstSeenAt: v.firstAt } });
    k.id = row.id;
    return row.id;
  }

  /** A recent Story row of the brand that this (new to this process) story continues, if any. */
  async #continued(v: StoryView, fp: StoryFingerprint): Promise<Known | null> {
    const claimed = new Set([...this.#known.values()].map((k) => k.id));
    const rows = await this.prisma.story.findMany({
      where: { brandId: v.brandId, lastSeenAt: { gte: new Date(v.firstAt.getTime() - this.#o.continueWithinMs) }, mergedIntoId: null },
      orderBy: { lastSeenAt: "desc" },
      take: this.#o.candidates,
    });
    for (const r of rows) {
      if (claimed.has(r.id)) continue;
      let stats: { fp?: StoryFingerprint } = {};
      try { stats = JSON.parse(r.stats) as typeof stats; } catch { continue; } // a hand-edited row: not ours to continue
      if (!stats.fp || !sameStory(fp, stats.fp)) continue;
      let platforms: string[] = [];
      try { platforms = JSON.parse(r.platforms) as string[]; } catch { platforms = []; }
      return {
        id: r.id,
        base: { mentionCount: r.mentionCount, authorCount: r.authorCount, negativeCount: r.negativeCount, complaintCount: r.complaintCount, reach: r.reach, engagement: r.engagement, platforms },
        fp: { h: [...new Set([...stats.fp.h, ...fp.h])].slice(0, 8), l: [...new Set([...stats.fp.l, ...fp.l])].slice(0, 8), w: [...new Set([...stats.fp.w, ...fp.w])].slice(0, 40) },
      };
    }
    return null;
  }
}
