// `earshot replay FILE`: feeds historical posts through the same pipeline, in time
// order, as fast as possible or at --speed N (N x real time), so a team can see which
// incidents and alerts their rules would have raised. Alerts are recorded with their
// deliveries held back (status "held") unless --deliver is given, so history never
// pages anyone by accident.
import path from "node:path";
import cliProgress from "cli-progress";
import type { AppContext } from "./app.ts";
import { parsePostsFile, type FilePost, type ParseIssue } from "../collectors/file-import/parse-posts.ts";

export interface ReplayOptions {
  file: string;
  sourceId?: string;
  /** 0 = as fast as possible; N = N x real time. */
  speed?: number;
  batchSize?: number;
  deliver?: boolean;
  progress?: "bar" | "lines" | "none";
  out?: NodeJS.WritableStream;
}

export interface ReplaySummary {
  posts: number;
  stored: number;
  unmatched: number;
  existing: number;
  issues: ParseIssue[];
  incidentsOpened: number;
  alerts: number;
  firstAt: Date | null;
  lastAt: Date | null;
  postsPerSecond: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function replayFile(app: AppContext, o: ReplayOptions): Promise<ReplaySummary> {
  const sourceId = o.sourceId ?? `replay-${path.basename(o.file).replace(/\.[^.]+$/, "").toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
  await app.db.prisma.source.upsert({
    where: { id: sourceId },
    create: { id: sourceId, type: "replay", schedule: "-", enabled: false, params: JSON.stringify({ file: path.basename(o.file) }) },
    update: {},
  });
  const issues: ParseIssue[] = [];
  const posts: FilePost[] = [];
  for await (const p of parsePostsFile(o.file, (i) => issues.push(i))) posts.push(p);
  posts.sort((a, b) => a.publishedAt.getTime() - b.publishedAt.getTime());
  const out = o.out ?? process.stderr;
  const mode = o.progress ?? ((out as NodeJS.WriteStream).isTTY ? "bar" : "lines");
  const bar = mode === "bar" ? new cliProgress.SingleBar({ stream: out as NodeJS.WriteStream, format: "replay [{bar}] {percentage}% | {value}/{total} posts | {eta_formatted} left" }, cliProgress.Presets.shades_classic) : null;
  bar?.start(posts.length, 0);
  const incidentsBefore = await app.db.prisma.incident.count();
  const alertsBefore = await app.db.prisma.alert.count();
  const deliveriesBefore = await app.db.prisma.delivery.aggregate({ _max: { id: true } });
  const batchSize = o.batchSize ?? 500;
  const t0 = Date.now();
  let stored = 0, unmatched = 0, existing = 0, lastLine = 0;
  // Replayed posts are "fetched" when they were published: the pipeline sees history as it happened.
  const begin = (from: number) => {
    const batch = posts.slice(from, from + batchSize);
    return app.pipeline.begin(sourceId, batch, { platform: "replay", fetchedAt: batch[batch.length - 1].publishedAt, textFormat: "text" });
  };
  // As fast as possible, the next batch is begun (sent to the analysis workers, if any)
  // before this one is stored; at --speed each batch waits for its time first.
  const ahead = !(o.speed && o.speed > 0);
  let next = ahead && posts.length ? begin(0) : null;
  for (let i = 0; i < posts.length; i += batchSize) {
    if (o.speed && o.speed > 0 && i > 0) {
      const gap = (posts[i].publishedAt.getTime() - posts[i - 1].publishedAt.getTime()) / o.speed;
      if (gap > 0) await sleep(Math.min(gap, 60_000));
    }
    const current = next ?? begin(i);
    next = ahead && i + batchSize < posts.length ? begin(i + batchSize) : null;
    const res = await app.pipeline.finish(current);
    stored += res.new; unmatched += res.unmatched; existing += res.existing;
    const done = Math.min(posts.length, i + batchSize);
    bar?.update(done);
    if (mode === "lines" && (done - lastLine >= posts.length / 10 || done === posts.length)) {
      lastLine = done;
      out.write(`replay: ${done}/${posts.length} posts (${Math.round((100 * done) / posts.length)}%)\n`);
    }
  }
  bar?.stop();
  if (!o.deliver) {
    await app.db.prisma.delivery.updateMany({ where: { id: { gt: deliveriesBefore._max.id ?? 0 }, status: "pending" }, data: { status: "held" } });
  }
  const secs = (Date.now() - t0) / 1000;
  return {
    posts: posts.length, stored, unmatched, existing, issues,
    incidentsOpened: (await app.db.prisma.incident.count()) - incidentsBefore,
    alerts: (await app.db.prisma.alert.count()) - alertsBefore,
    firstAt: posts[0]?.publishedAt ?? null, lastAt: posts[posts.length - 1]?.publishedAt ?? null,
    postsPerSecond: secs > 0 ? posts.length / secs : posts.length,
  };
}
