// Story rows outlive the process, and mentions point at their story: a story that
// continues after a restart updates the same Story row (the engine's in-memory
// story keys start again at "s1"), and every mention that joined a persisted story
// gets Mention.storyId. Real pipeline, real database (SQLite file, or PostgreSQL
// with EARSHOT_TEST_DB=postgres).
import { afterEach, describe, expect, it } from "vitest";
import { replayFile } from "../../core/replay.ts";
import { createApp } from "../../core/app.ts";
import { openDatabase } from "../../core/db/index.ts";
import { fingerprintOf, sameStory } from "../../analysis/early-warning/story-sink.ts";
import { baseBrand, configFrom, makeApp } from "../helpers/app.ts";
import { tmpDir, writeFile } from "../helpers/tmp.ts";

const closers: Array<() => Promise<void>> = [];
afterEach(async () => { while (closers.length) await closers.pop()!(); });

const T0 = Date.UTC(2026, 2, 2, 6, 0);
const MIN = 60_000;
const at = (m: number) => new Date(T0 + m * MIN).toISOString();
const appConfig = { channels: [{ name: "log", type: "log", params: {} }], alerts: { rules: [{ id: "incidents", kind: "incident", channels: ["log"] }] } };

const calm = [
  "Flew Acme Air to Denver today, smooth flight and friendly crew",
  "Acme Air app finally shows the gate number, nice update",
  "Booked Acme Air for the summer trip, good price",
  "Acme Air lounge coffee is decent this morning",
  "On an Acme Air flight, wifi works fine",
];
const variants = [
  "RT @dave_sings: Acme Air baggage crew broke my guitar and refused to pay. Terrible, worst airline ever https://youtu.be/brokenguitar01",
  "This is awful: Acme Air broke a musician's guitar and refuses to pay for it https://youtu.be/brokenguitar01",
  "Acme Air baggage crew broke his guitar and refused to pay?! Terrible service, never flying Acme Air again",
];

/** Calm hours, then the angry story (ids g*), from minute `start`, with `n` reposts. */
function lines(prefix: string, fromMin: number, calmHours: number, n: number, withSource: boolean): string[] {
  const out: string[] = [];
  for (let m = 0, i = 0; m < calmHours * 60; m += 12, i++) {
    out.push(JSON.stringify({ id: `${prefix}calm${i}`, text: `${calm[i % calm.length]} (${prefix}${i})`, created_at: at(fromMin + m), author: { handle: `flyer${i % 17}`, followers: 150 + i } }));
  }
  const start = fromMin + calmHours * 60;
  if (withSource) out.push(JSON.stringify({ id: "g0", text: "Acme Air baggage crew broke my guitar and refused to pay. Terrible, worst airline ever https://youtu.be/brokenguitar01", created_at: at(start), author: { handle: "dave_sings", followers: 2400 }, retweet_count: 40 }));
  let t = start;
  for (let i = 0; i < n; i++) {
    t += Math.max(0.5, 6 / (1 + i / 10));
    out.push(JSON.stringify({ id: `${prefix}g${i + 1}`, text: variants[i % 3], created_at: at(t), author: { handle: `${prefix}angry${i}`, followers: 80 + 13 * i } }));
  }
  return out;
}

describe("Story rows and Mention.storyId", () => {
  it("links every mention of a persisted story to its row, and a restart continues the same row", async () => {
    const dir = tmpDir();
    const app1 = await makeApp(appConfig, dir);
    let closed1 = false;
    closers.push(async () => { if (!closed1) await app1.db.close(); });
    const part1 = writeFile(dir, "part1.jsonl", lines("a", 0, 10, 60, true).join("\n"));
    await replayFile(app1, { file: part1, progress: "none" });

    const stories1 = await app1.db.prisma.story.findMany();
    const guitar1 = stories1.filter((s) => /guitar/.test(s.title));
    expect(guitar1).toHaveLength(1);
    const row = guitar1[0];
    expect(row.mentionCount).toBe(61);
    const angry1 = await app1.db.prisma.mention.findMany({ where: { externalId: { startsWith: "ag" } }, select: { storyId: true } });
    expect(angry1).toHaveLength(60);
    expect(angry1.every((m) => m.storyId === row.id)).toBe(true);
    const source = await app1.db.prisma.mention.findFirst({ where: { externalId: "g0" } });
    expect(source?.storyId).toBe(row.id);
    const calmLinked = await app1.db.prisma.mention.count({ where: { externalId: { startsWith: "acalm" }, storyId: row.id } });
    expect(calmLinked).toBe(0);
    await app1.db.close();
    closed1 = true;

    // a new process on the same database: fresh engine, story keys start again
    const db2 = await openDatabase(app1.dbUrl);
    closers.push(() => db2.close());
    const app2 = await createApp(configFrom({ brands: [baseBrand], ...appConfig }), { db: db2 });
    const part2 = writeFile(dir, "part2.jsonl", lines("b", 10 * 60 + 200, 0, 60, false).join("\n"));
    await replayFile(app2, { file: part2, progress: "none" });

    const guitar2 = (await db2.prisma.story.findMany()).filter((s) => /guitar/.test(s.title));
    expect(guitar2.map((s) => s.id)).toEqual([row.id]); // the same row, not a second one
    expect(guitar2[0].mentionCount).toBeGreaterThan(61); // counts continue from the row's
    expect(guitar2[0].firstSeenAt.getTime()).toBe(row.firstSeenAt.getTime());
    const angry2 = await db2.prisma.mention.findMany({ where: { externalId: { startsWith: "bg" } }, select: { storyId: true } });
    expect(angry2).toHaveLength(60);
    expect(angry2.filter((m) => m.storyId === row.id).length).toBeGreaterThanOrEqual(55);
  });

  it("recognises a story by near-duplicate text, shared link or rewording, and keeps others apart", () => {
    const a = fingerprintOf([{ text: "Acme Air baggage crew broke my guitar and refused to pay https://youtu.be/brokenguitar01" }]);
    expect(sameStory(a, fingerprintOf([{ text: "RT @x: Acme Air baggage crew broke my guitar and refused to pay!!" }]))).toBe(true);
    expect(sameStory(a, fingerprintOf([{ text: "everyone watch this https://www.youtube.com/watch?v=brokenguitar01" }]))).toBe(true);
    expect(sameStory(a, fingerprintOf([{ text: "Acme Air refused to pay for the guitar their baggage crew broke" }]))).toBe(true);
    expect(sameStory(a, fingerprintOf([{ text: "Acme Air lounge in Denver has great coffee this morning" }]))).toBe(false);
  });
});
