// End to end: a hand-written JSONL history replayed through the real pipeline
// (normalise -> analyse -> SQLite store -> early-warning detector -> Story row ->
// Incident with its timeline), exactly as `earshot replay` does.
import { afterEach, describe, expect, it } from "vitest";
import { replayFile } from "../../core/replay.ts";
import { makeApp } from "../helpers/app.ts";
import { tmpDir, writeFile } from "../helpers/tmp.ts";

const closers: Array<() => Promise<void>> = [];
afterEach(async () => { while (closers.length) await closers.pop()!(); });

const T0 = Date.UTC(2026, 2, 2, 6, 0);
const MIN = 60_000;
const at = (m: number) => new Date(T0 + m * MIN).toISOString();

/** Ten ordinary hours, then one angry story that spreads through reposts and rewordings. */
function history(): string[] {
  const calm = [
    "Flew Acme Air to Denver today, smooth flight and friendly crew",
    "Acme Air app finally shows the gate number, nice update",
    "Booked Acme Air for the summer trip, good price",
    "Acme Air lounge coffee is decent this morning",
    "On an Acme Air flight, wifi works fine",
  ];
  const lines: string[] = [];
  for (let m = 0, i = 0; m < 10 * 60; m += 12, i++) {
    lines.push(JSON.stringify({ id: `calm${i}`, text: `${calm[i % calm.length]} (${i})`, created_at: at(m), author: { handle: `flyer${i % 17}`, followers: 150 + i } }));
  }
  const start = 10 * 60;
  lines.push(JSON.stringify({ id: "guitar0", text: "Acme Air baggage crew broke my guitar and refused to pay. Terrible, worst airline ever https://youtu.be/brokenguitar01", created_at: at(start), author: { handle: "dave_sings", followers: 2400 }, retweet_count: 40 }));
  const variants = [
    "RT @dave_sings: Acme Air baggage crew broke my guitar and refused to pay. Terrible, worst airline ever https://youtu.be/brokenguitar01",
    "This is awful: Acme Air broke a musician's guitar and refuses to pay for it https://youtu.be/brokenguitar01",
    "Acme Air baggage crew broke his guitar and refused to pay?! Terrible service, never flying Acme Air again",
  ];
  let t = start;
  for (let i = 0; i < 70; i++) {
    t += Math.max(0.5, 6 / (1 + i / 10)); // accelerating
    lines.push(JSON.stringify({ id: `g${i + 1}`, text: variants[i % 3], created_at: at(t), author: { handle: `angry${i}`, followers: i === 30 ? 180_000 : 80 + 13 * i } }));
  }
  // and things calm down again
  for (let m = 0, i = 0; m < 8 * 60; m += 20, i++) lines.push(JSON.stringify({ id: `after${i}`, text: `${calm[i % calm.length]} [${i}]`, created_at: at(start + 180 + m), author: { handle: `flyer${i % 17}`, followers: 150 } }));
  return lines.reverse(); // replay sorts by time
}

describe("early warning through replay", () => {
  it("opens exactly the expected story incident, with a Story row and a 3W timeline", async () => {
    const dir = tmpDir();
    const file = writeFile(dir, "history.jsonl", history().join("\n"));
    const app = await makeApp({
      channels: [{ name: "log", type: "log", params: {} }],
      alerts: { rules: [{ id: "incidents", kind: "incident", channels: ["log"] }] },
    }, dir);
    closers.push(() => app.db.close());
    const s = await replayFile(app, { file, progress: "none" });
    expect(s.stored).toBe(50 + 71 + 24);
    const incidents = await app.db.prisma.incident.findMany({ include: { events: { orderBy: { at: "asc" } }, story: true } });
    expect(incidents.map((i) => i.kind)).toEqual(["story"]);
    const inc = incidents[0];
    expect(inc.title).toMatch(/guitar/);
    expect(inc.firstPostAt?.toISOString()).toBe(at(10 * 60));
    // detected from event time (not wall time), while the story is still growing (it lasts ~2 h)
    expect(inc.detectedAt.getTime()).toBeGreaterThan(T0 + 10 * 60 * MIN);
    expect(inc.detectedAt.getTime()).toBeLessThan(T0 + (10 * 60 + 100) * MIN);
    expect(inc.events.map((e) => e.kind).slice(0, 3)).toEqual(["first_post", "detected", "alert"]);
    expect(inc.events.some((e) => e.kind === "resolved")).toBe(true); // calm again for hours
    expect(JSON.parse(inc.details).reasons.join(" ")).toMatch(/negativity .* pts/);
    // the Story row carries the clustering and virality numbers
    expect(inc.story).not.toBeNull();
    expect(inc.story!.mentionCount).toBe(71);
    expect(inc.story!.reach).toBeGreaterThan(180_000);
    expect(inc.story!.predictedSize).toBeGreaterThanOrEqual(inc.story!.mentionCount);
    // replaying again adds nothing
    const again = await replayFile(app, { file, progress: "none" });
    expect(again).toMatchObject({ stored: 0, incidentsOpened: 0 });
  });

  it("opens ONE incident per brand episode when the Foundation spike rule and the engine both see it", async () => {
    const dir = tmpDir();
    const file = writeFile(dir, "history.jsonl", history().join("\n"));
    const app = await makeApp({
      channels: [{ name: "log", type: "log", params: {} }],
      alerts: {
        rules: [
          { id: "volume", kind: "volume_spike", channels: ["log"], params: { windowMinutes: 30, baselineHours: 6, minCount: 8, minHistoryMinutes: 180 } },
          { id: "incidents", kind: "incident", channels: ["log"] },
        ],
      },
    }, dir);
    closers.push(() => app.db.close());
    const s = await replayFile(app, { file, progress: "none" });
    expect(s.incidentsOpened).toBe(1);
    const [inc] = await app.db.prisma.incident.findMany({ include: { events: { orderBy: { at: "asc" } } } });
    // the other detector's view of the same surge is on the timeline, not a second incident
    const detections = inc.events.filter((e) => e.kind === "detection");
    expect(detections.length).toBeGreaterThanOrEqual(1);
    const kinds = new Set([inc.kind, ...detections.map((e) => JSON.parse(e.data).kind as string)]);
    expect(kinds.has("volume_spike")).toBe(true);
    expect(kinds.has("story")).toBe(true);
    // alerts go out when the incident opens and when it resolves (once per matching rule), never for an attached detection
    const alertTimes = inc.events.filter((e) => e.kind === "alert").map((e) => e.at.getTime());
    expect(new Set(alertTimes)).toEqual(new Set([inc.detectedAt.getTime(), inc.resolvedAt!.getTime()]));
    for (const d of detections) expect(alertTimes).not.toContain(d.at.getTime());
    expect(inc.status).toBe("resolved"); // after every detection of the episode went quiet
    expect(inc.storyId).not.toBeNull();
  });
});
