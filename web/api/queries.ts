// Read models shared by the REST API and the console pages, so both show the same
// inbox order and the same incident picture.
import type { PrismaClient } from "../../core/db/index.ts";
import { isClosed } from "../../cases/case.states.ts";

export interface InboxFilter { brand?: string; severity?: string; category?: string; state?: string }

export interface InboxItem {
  type: "incident" | "case";
  id: number;
  title: string;
  brandId: string | null;
  severity: string | null;
  category: string | null;
  state: string;
  risk: number;
  /** Earliest SLA due date still running (cases), ISO. */
  due: string | null;
  overdue: boolean;
  owner: string | null;
  at: string;
  rank: number;
}

const SEV_WEIGHT: Record<string, number> = { critical: 1, serious: 1, warning: 0.4, malicious: 0.4, general: 0.2, info: 0 };

/** Open incidents and open cases, most urgent first: overdue SLAs, then risk, then the nearest due date. */
export async function inbox(prisma: PrismaClient, f: InboxFilter, now: Date, limit = 200): Promise<InboxItem[]> {
  const items: InboxItem[] = [];
  const wantIncidents = !f.category && (!f.state || ["open", "acknowledged"].includes(f.state));
  if (wantIncidents) {
    const incidents = await prisma.incident.findMany({
      where: { status: f.state ? f.state : { in: ["open", "acknowledged"] }, ...(f.brand ? { brandId: f.brand } : {}), ...(f.severity ? { severity: f.severity } : {}) },
      orderBy: { riskScore: "desc" }, take: limit,
    });
    for (const i of incidents) {
      items.push({
        type: "incident", id: i.id, title: i.title, brandId: i.brandId, severity: i.severity, category: null, state: i.status,
        risk: i.riskScore, due: null, overdue: false, owner: i.acknowledgedBy, at: i.detectedAt.toISOString(),
        // An unacknowledged incident outranks an acknowledged one of the same risk: nobody owns it yet.
        rank: i.riskScore + (SEV_WEIGHT[i.severity] ?? 0) + (i.status === "open" ? 1 : 0),
      });
    }
  }
  const wantCases = !f.state || !["open", "acknowledged"].includes(f.state);
  if (wantCases) {
    const cases = await prisma.case.findMany({
      where: {
        ...(f.state ? { state: f.state } : { state: { notIn: ["reviewed", "dismissed"] } }),
        ...(f.brand ? { brandId: f.brand } : {}), ...(f.severity ? { severity: f.severity } : {}), ...(f.category ? { category: f.category } : {}),
      },
      include: { owner: { select: { name: true } } }, take: limit,
    });
    for (const c of cases) {
      const dues = [c.firstResponseAt ? null : c.firstResponseDue, c.nextResponseDue, c.resolutionDue].filter((d): d is Date => !!d);
      const due = c.waitingSince || isClosed(c.state) ? null : dues.sort((a, b) => a.getTime() - b.getTime())[0] ?? null;
      const overdue = !!due && due.getTime() <= now.getTime();
      const soon = !!due && !overdue && due.getTime() - now.getTime() < 3600_000;
      items.push({
        type: "case", id: c.id, title: c.title, brandId: c.brandId, severity: c.severity, category: c.category, state: c.state,
        risk: c.priority, due: due?.toISOString() ?? null, overdue, owner: c.owner?.name ?? null, at: c.createdAt.toISOString(),
        rank: c.priority + (SEV_WEIGHT[c.severity ?? "general"] ?? 0) + (overdue ? 3 : soon ? 1.5 : 0),
      });
    }
  }
  return items.sort((a, b) => b.rank - a.rank || (a.due ?? "9").localeCompare(b.due ?? "9") || b.at.localeCompare(a.at)).slice(0, limit);
}

export interface GrowthPoint { t: string; count: number; cumulative: number }

/** Mentions per hour of the incident's story (or its brand around detection), cumulative. */
export async function incidentGrowth(prisma: PrismaClient, inc: { storyId: number | null; brandId: string | null; detectedAt: Date; firstPostAt: Date | null }): Promise<GrowthPoint[]> {
  const from = new Date((inc.firstPostAt ?? inc.detectedAt).getTime() - 6 * 3600_000);
  const to = new Date(inc.detectedAt.getTime() + 48 * 3600_000);
  const where = inc.storyId ? { storyId: inc.storyId } : { brandId: inc.brandId ?? "", publishedAt: { gte: from, lte: to } };
  const rows = await prisma.mention.findMany({ where, select: { publishedAt: true }, orderBy: { publishedAt: "asc" }, take: 20_000 });
  const buckets = new Map<number, number>();
  for (const r of rows) {
    const h = Math.floor(r.publishedAt.getTime() / 3600_000) * 3600_000;
    buckets.set(h, (buckets.get(h) ?? 0) + 1);
  }
  let cum = 0;
  return [...buckets.entries()].sort((a, b) => a[0] - b[0]).map(([h, n]) => ({ t: new Date(h).toISOString(), count: n, cumulative: (cum += n) }));
}

export async function incidentDetail(prisma: PrismaClient, id: number) {
  const inc = await prisma.incident.findUnique({
    where: { id },
    include: { events: { orderBy: [{ at: "asc" }, { id: "asc" }] }, story: true, cases: { select: { id: true, title: true, state: true } } },
  });
  if (!inc) return null;
  const topWhere = inc.storyId ? { storyId: inc.storyId } : { brandId: inc.brandId ?? "", publishedAt: { gte: new Date(inc.detectedAt.getTime() - 24 * 3600_000), lte: new Date(inc.detectedAt.getTime() + 3600_000) } };
  const topPosts = await prisma.mention.findMany({ where: topWhere, include: { author: true }, orderBy: [{ reposts: "desc" }, { likes: "desc" }, { publishedAt: "desc" }], take: 10 });
  const growth = await incidentGrowth(prisma, inc);
  return { incident: inc, topPosts, growth };
}
