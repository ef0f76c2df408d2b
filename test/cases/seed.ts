// Shared fixtures for case and web tests: a temp SQLite database with one brand, one
// source, a few mentions (hand-written text) and an incident.
import path from "node:path";
import { openDatabase, type Db } from "../../core/db/index.ts";
import { buildConfigSchema, type EarshotConfig } from "../../core/config/schema.ts";
import { tmpDir } from "../helpers/tmp.ts";

export async function tempDb(): Promise<{ db: Db; dir: string }> {
  const dir = tmpDir("earshot-cases-");
  return { db: await openDatabase(`file:${path.join(dir, "test.db")}`), dir };
}

export function testConfig(extra: Record<string, unknown> = {}): EarshotConfig {
  return buildConfigSchema().parse({
    brands: [{ id: "acme-air", name: "Acme Air", keywords: ["acme"] }],
    channels: [{ name: "log", type: "log", params: {} }],
    alerts: { rules: [{ id: "any", kind: "incident", channels: ["log"] }] },
    ...extra,
  });
}

let seq = 0;
export async function seedMention(db: Db, o: { text: string; handle?: string; platform?: string; storyId?: number | null; publishedAt?: Date; complaintKind?: string | null; severity?: string | null; category?: string | null; servqual?: string | null; reposts?: number }) {
  const p = db.prisma;
  await p.brand.upsert({ where: { id: "acme-air" }, create: { id: "acme-air", name: "Acme Air" }, update: {} });
  await p.source.upsert({ where: { id: "fixture" }, create: { id: "fixture", type: "replay", schedule: "-" }, update: {} });
  const platform = o.platform ?? "twitter";
  const author = o.handle ? await p.author.upsert({ where: { platform_handle: { platform, handle: o.handle } }, create: { platform, handle: o.handle, displayName: o.handle }, update: {} }) : null;
  const at = o.publishedAt ?? new Date("2026-03-02T10:00:00Z");
  seq++;
  return p.mention.create({
    data: {
      sourceId: "fixture", externalId: `m${seq}-${Math.random()}`, brandId: "acme-air", authorId: author?.id ?? null, storyId: o.storyId ?? null, platform,
      contentHash: `h${seq}${Math.random()}`, text: o.text, publishedAt: at, fetchedAt: at, reposts: o.reposts ?? 0,
      complaintKind: o.complaintKind ?? "complaint", severity: o.severity ?? null, complaintCategory: o.category ?? null, servqual: o.servqual ?? null, sentimentLabel: "negative",
    },
    include: { author: true },
  });
}

export async function seedIncident(db: Db, o: { title?: string; severity?: string; withStory?: boolean; at?: Date } = {}) {
  const p = db.prisma;
  await p.brand.upsert({ where: { id: "acme-air" }, create: { id: "acme-air", name: "Acme Air" }, update: {} });
  const at = o.at ?? new Date("2026-03-02T10:30:00Z");
  const story = o.withStory ? await p.story.create({ data: { brandId: "acme-air", title: "Broken guitar", firstSeenAt: at, lastSeenAt: at } }) : null;
  const inc = await p.incident.create({
    data: {
      brandId: "acme-air", storyId: story?.id ?? null, kind: "volume_spike", dedupKey: `k${Math.random()}`, title: o.title ?? "Volume spike: Acme Air", severity: o.severity ?? "warning",
      riskScore: 0.8, peakRisk: 0.8, detectedAt: at, events: { create: { at, kind: "detected", message: "spike" } },
    },
  });
  return { incident: inc, story };
}
