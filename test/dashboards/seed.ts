// Seeds a database the way Earshot fills it: fixture posts replayed through the real
// pipeline (rollups maintained on store), plus a story, an incident with its timeline,
// alerts and deliveries, cases with owners and SLA outcomes, collector runs.
import type { Db } from "../../core/db/index.ts";
import { createApp } from "../../core/app.ts";
import { Rollups, brandCompetitors } from "../../core/rollups.ts";
import { configFrom, baseBrand } from "../helpers/app.ts";
import { fixturePosts } from "../postgres/fixture.ts";

export const SEED_FROM = new Date("2026-11-08T00:00:00Z");
export const SEED_TO = new Date("2026-11-21T12:00:00Z");

export async function seed(db: Db): Promise<{ incidentId: number }> {
  const config = configFrom({ brands: [baseBrand] });
  const app = await createApp(config, { db });
  const p = db.prisma;
  await p.source.createMany({ data: [
    { id: "rss-news", type: "rss", schedule: "*/5 * * * *", lastSuccessAt: new Date(SEED_TO.getTime() - 600_000), lastRunAt: SEED_TO },
    { id: "forum", type: "rss", schedule: "*/5 * * * *", lastError: "RetryableError: HTTP 503", lastRunAt: SEED_TO },
  ] });
  await app.pipeline.ingest("rss-news", fixturePosts(300, SEED_FROM, 24 * 13, "n"), { platform: "web" });
  await app.pipeline.ingest("forum", fixturePosts(120, SEED_FROM, 24 * 13, "f"), { platform: "forum" });
  const t = (h: number) => new Date(SEED_FROM.getTime() + h * 3_600_000);
  for (let i = 0; i < 30; i++) {
    await p.collectorRun.create({ data: { sourceId: i % 2 ? "forum" : "rss-news", startedAt: t(i * 8), finishedAt: t(i * 8 + 0.01), status: i % 7 === 0 ? "error" : "ok", itemsSeen: 20, itemsNew: 10, durationMs: 300 } });
  }
  const story = await p.story.create({ data: { brandId: "acme-air", title: "Lost bags at Lisbon", firstSeenAt: t(200), lastSeenAt: t(280), predictedSize: 90 } });
  const storyMentions = await p.mention.findMany({ where: { publishedAt: { gte: t(200), lte: t(280) } }, select: { id: true } });
  await p.mention.updateMany({ where: { id: { in: storyMentions.map((m) => m.id) } }, data: { storyId: story.id } });
  const incident = await p.incident.create({ data: {
    brandId: "acme-air", storyId: story.id, kind: "story", dedupKey: "story:1", title: "Lost bags at Lisbon", severity: "critical", riskScore: 0.8, peakRisk: 0.9,
    predictedSize: 90, firstPostAt: t(200), detectedAt: t(210), openedAt: t(210),
  } });
  await p.incident.create({ data: { brandId: "acme-air", kind: "volume_spike", dedupKey: "spike:1", title: "Volume spike", riskScore: 0.5, detectedAt: t(100), openedAt: t(100) } });
  for (const [h, kind, msg] of [[200, "first_post", "First post"], [210, "detected", "Story detected"], [211, "alert", "Alert raised"], [212, "delivered", "Delivered to #pr"]] as const) {
    await p.incidentEvent.create({ data: { incidentId: incident.id, at: t(h), kind, message: msg, actor: "earshot" } });
  }
  const alert = await p.alert.create({ data: { incidentId: incident.id, brandId: "acme-air", rule: "story", kind: "incident_opened", title: "Lost bags", summary: "s", fingerprint: "fp", createdAt: t(211) } });
  const sent = await p.delivery.create({ data: { alertId: alert.id, channel: "pr-slack", channelType: "slack", idempotencyKey: "k1", status: "sent", attempts: 1, nextAttemptAt: t(211), sentAt: t(212) } });
  const dead = await p.delivery.create({ data: { alertId: alert.id, channel: "pager", channelType: "webhook", idempotencyKey: "k2", status: "dead", attempts: 3, nextAttemptAt: t(213), lastError: "PermanentError: 404" } });
  await p.delivery.create({ data: { alertId: alert.id, channel: "mail", channelType: "email", idempotencyKey: "k3", status: "pending", nextAttemptAt: t(214) } });
  await p.deliveryAttempt.createMany({ data: [
    { deliveryId: sent.id, at: t(212), durationMs: 80, ok: true, statusCode: 200 },
    { deliveryId: dead.id, at: t(212), durationMs: 90, ok: false, retryable: true, statusCode: 503 },
    { deliveryId: dead.id, at: t(213), durationMs: 70, ok: false, retryable: false, statusCode: 404 },
  ] });
  const user = await p.user.create({ data: { email: "sm@example.test", name: "Sam Manager", role: "service_manager", passwordHash: "x" } });
  await p.case.createMany({ data: [
    { brandId: "acme-air", title: "Bag lost", state: "investigating", ownerId: user.id, createdAt: t(215), firstResponseDue: t(216), firstResponseAt: t(215.5), incidentId: incident.id },
    { brandId: "acme-air", title: "Refund", state: "recorded", createdAt: t(220), firstResponseDue: t(221) },
    { brandId: "acme-air", title: "Seat", state: "closed", createdAt: t(100), firstResponseDue: t(101), firstResponseAt: t(103), resolutionDue: t(130), closedAt: t(120), outcome: "recovered", churned: false },
    { brandId: "acme-air", title: "Gate", state: "closed", createdAt: t(150), firstResponseDue: t(151), firstResponseAt: t(150.5), resolutionDue: t(160), closedAt: t(170), outcome: "lost", churned: true },
  ] });
  await new Rollups(db, brandCompetitors(config)).refreshOutcomes(new Date(0), SEED_TO);
  return { incidentId: incident.id };
}
