// Customer identity across handles: an Author (platform + handle) belongs to at most
// one Customer; several handles can be joined to one customer so that "this person has
// complained 4 times in 9 months" is visible whichever account they post from.
import type { PrismaClient } from "../core/db/index.ts";

const COMPLAINT_KINDS = ["complaint", "grumble"];
const MONTH = 30.44 * 24 * 3600_000;

export async function ensureCustomerForAuthor(prisma: PrismaClient, author: { id: number; customerId: number | null; displayName: string | null; handle: string }): Promise<number> {
  if (author.customerId) return author.customerId;
  const c = await prisma.customer.create({ data: { displayName: author.displayName ?? author.handle } });
  // Another request may have linked the author meanwhile: keep the first link.
  const upd = await prisma.author.updateMany({ where: { id: author.id, customerId: null }, data: { customerId: c.id } });
  if (upd.count === 0) {
    await prisma.customer.delete({ where: { id: c.id } });
    return (await prisma.author.findUniqueOrThrow({ where: { id: author.id } })).customerId!;
  }
  return c.id;
}

/** Joins a handle to a customer (creating the author row if it was never seen). */
export async function linkHandle(prisma: PrismaClient, customerId: number, platform: string, handle: string) {
  return prisma.author.upsert({
    where: { platform_handle: { platform, handle } },
    create: { platform, handle, customerId },
    update: { customerId },
  });
}

export interface CustomerHistory {
  customerId: number;
  displayName: string | null;
  handles: Array<{ platform: string; handle: string }>;
  complaints: number;
  cases: number;
  firstAt: string | null;
  months: number;
  /** "complained 4 times in 9 months" */
  summary: string;
}

/** Complaints (complaint/grumble mentions and cases) by any of the customer's handles. */
export async function customerHistory(prisma: PrismaClient, customerId: number, now = new Date()): Promise<CustomerHistory> {
  const customer = await prisma.customer.findUnique({ where: { id: customerId }, include: { authors: { select: { id: true, platform: true, handle: true } } } });
  const authorIds = customer?.authors.map((a) => a.id) ?? [];
  const mentions = authorIds.length ? await prisma.mention.findMany({
    where: { authorId: { in: authorIds }, OR: [{ complaintKind: { in: COMPLAINT_KINDS } }, { sentimentLabel: "negative" }] },
    select: { id: true, publishedAt: true }, orderBy: { publishedAt: "asc" },
  }) : [];
  const cases = await prisma.case.findMany({ where: { customerId }, select: { id: true, mentionId: true, createdAt: true } });
  // A case opened from one of those mentions is the same complaint, not a second one.
  const counted = new Set(mentions.map((m) => m.id));
  const extraCases = cases.filter((c) => !c.mentionId || !counted.has(c.mentionId));
  const times = [...mentions.map((m) => m.publishedAt.getTime()), ...extraCases.map((c) => c.createdAt.getTime())];
  const complaints = times.length;
  const first = complaints ? Math.min(...times) : null;
  const months = first === null ? 0 : Math.max(1, Math.ceil((now.getTime() - first) / MONTH));
  return {
    customerId, displayName: customer?.displayName ?? null,
    handles: customer?.authors.map((a) => ({ platform: a.platform, handle: a.handle })) ?? [],
    complaints, cases: cases.length, firstAt: first === null ? null : new Date(first).toISOString(), months,
    summary: complaints ? `complained ${complaints} time${complaints === 1 ? "" : "s"} in ${months} month${months === 1 ? "" : "s"}` : "no earlier complaints",
  };
}
