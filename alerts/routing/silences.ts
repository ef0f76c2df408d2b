// Silences: operator-made mutes with matchers, a reason and an expiry, stored in the
// Silence table. Matching is pure; the store functions validate input and refuse
// silences without a reason or with an end before their start.
import { z } from "zod";
import type { PrismaClient } from "../../core/db/index.ts";
import { ConfigError } from "../../core/errors.ts";
import { labelsMatch, matchersSchema } from "./config.ts";

export interface SilenceRule {
  id: number;
  matchers: Record<string, string | string[]>;
  reason: string;
  createdBy: string;
  startsAt: Date;
  endsAt: Date;
}

export function isActive(s: SilenceRule, now: number): boolean {
  return s.startsAt.getTime() <= now && now < s.endsAt.getTime();
}

/** The first active silence whose matchers all match, or null. */
export function findSilence(labels: Record<string, string>, silences: SilenceRule[], now: number): SilenceRule | null {
  return silences.find((s) => isActive(s, now) && labelsMatch(labels, s.matchers)) ?? null;
}

export const newSilenceSchema = z.object({
  matchers: matchersSchema.refine((m) => Object.keys(m).length > 0, "at least one matcher (a silence matching everything is refused)"),
  reason: z.string().trim().min(3, "a reason is required (who asked, why)"),
  createdBy: z.string().trim().min(1),
  startsAt: z.coerce.date().optional(),
  endsAt: z.coerce.date(),
}).strict();

export async function createSilence(prisma: PrismaClient, input: z.input<typeof newSilenceSchema>, now = new Date()): Promise<SilenceRule> {
  const r = newSilenceSchema.safeParse(input);
  if (!r.success) throw new ConfigError("invalid silence", r.error.issues.map((i) => `${i.path.join(".") || "silence"}: ${i.message}`));
  const startsAt = r.data.startsAt ?? now;
  if (r.data.endsAt.getTime() <= startsAt.getTime()) throw new ConfigError("invalid silence", [`endsAt (${r.data.endsAt.toISOString()}) must be after startsAt (${startsAt.toISOString()})`]);
  const row = await prisma.silence.create({
    data: { matchers: JSON.stringify(r.data.matchers), reason: r.data.reason, createdBy: r.data.createdBy, startsAt, endsAt: r.data.endsAt, createdAt: now },
  });
  return toRule(row);
}

export async function activeSilences(prisma: PrismaClient, now = new Date()): Promise<SilenceRule[]> {
  const rows = await prisma.silence.findMany({ where: { startsAt: { lte: now }, endsAt: { gt: now } }, orderBy: { id: "asc" } });
  return rows.map(toRule);
}

/** Ends a silence now (kept for the record rather than deleted). */
export async function expireSilence(prisma: PrismaClient, id: number, now = new Date()): Promise<boolean> {
  const { count } = await prisma.silence.updateMany({ where: { id, endsAt: { gt: now } }, data: { endsAt: now } });
  return count === 1;
}

function toRule(row: { id: number; matchers: string; reason: string; createdBy: string; startsAt: Date; endsAt: Date }): SilenceRule {
  let matchers: Record<string, string | string[]> = {};
  try { matchers = matchersSchema.parse(JSON.parse(row.matchers)); } catch {
    // A hand-edited, unreadable row must not silence everything: match nothing instead.
    matchers = { __unreadable_silence__: String(row.id) };
  }
  return { id: row.id, matchers, reason: row.reason, createdBy: row.createdBy, startsAt: row.startsAt, endsAt: row.endsAt };
}
