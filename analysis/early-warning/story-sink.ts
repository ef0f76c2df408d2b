// Persists a Story row for every story the early-warning detector signals about and
// links the signal to it (storyId) before the incident manager opens or updates the
// Incident. Only signalled stories are stored: the engine keeps the long tail of
// one-post stories in memory and lets it expire.
import type { PrismaClient } from "../../core/db/index.ts";
import type { DetectorSignal } from "../detectors.ts";
import type { SignalSink } from "../pipeline.ts";
import type { StoryView } from "./engine.ts";

const INT_MAX = 2_147_483_647;
const int = (x: number) => Math.max(0, Math.min(INT_MAX, Math.round(x)));

export class StoryRowSink implements SignalSink {
  /** engine story key -> Story.id (engine keys live as long as the process, like the engine state). */
  readonly #ids = new Map<string, number>();

  constructor(private prisma: PrismaClient, private next: SignalSink) {}

  async handle(signals: DetectorSignal[]): Promise<void> {
    for (const s of signals) {
      const story = (s.data?.story ?? null) as StoryView | null;
      if (s.kind === "story" && story) s.storyId = await this.#upsert(story, s.risk);
    }
    await this.next.handle(signals);
  }

  async #upsert(v: StoryView, risk: number): Promise<number> {
    const data = {
      title: v.title.slice(0, 500),
      lastSeenAt: v.lastAt,
      mentionCount: int(v.mentionCount),
      authorCount: int(v.authorCount),
      negativeCount: int(v.negativeCount),
      complaintCount: int(v.complaintCount),
      reach: int(v.reach),
      engagement: int(v.engagement),
      platforms: JSON.stringify(v.platforms),
      mediaPickup: v.mediaPickup,
      predictedSize: v.prediction?.predicted ?? null,
      predictedLow: v.prediction?.low ?? null,
      predictedHigh: v.prediction?.high ?? null,
      riskScore: risk,
      stats: JSON.stringify({ ...v.stats, engineKey: v.key, branching: v.prediction?.branching ?? null }),
    };
    const known = this.#ids.get(v.key);
    if (known !== undefined) {
      await this.prisma.story.update({ where: { id: known }, data });
      return known;
    }
    const row = await this.prisma.story.create({ data: { ...data, brandId: v.brandId, signature: `${v.key}:${v.signature}`, firstSeenAt: v.firstAt } });
    this.#ids.set(v.key, row.id);
    return row.id;
  }
}
