import { afterEach, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import path from "node:path";
import YAML from "yaml";
import { replayFile } from "../../core/replay.ts";
import { makeApp } from "../helpers/app.ts";
import { tmpDir, writeFile } from "../helpers/tmp.ts";
import { parsePostsFile } from "../../collectors/file-import/parse-posts.ts";

const closers: Array<() => Promise<void>> = [];
afterEach(async () => { while (closers.length) await closers.pop()!(); });

const T0 = Date.UTC(2026, 2, 2, 8, 0);
/** Hand-written history: a quiet day for the brand, then one burst of complaints. */
function history(): string[] {
  const lines: string[] = [];
  let id = 0;
  for (let m = 0; m < 8 * 60; m += 30) lines.push(JSON.stringify({ id: `q${id++}`, text: "Flew Acme Air today, on time and fine", created_at: new Date(T0 + m * 60_000).toISOString(), author: `u${m}` }));
  for (let i = 0; i < 25; i++) lines.push(JSON.stringify({ id: `b${i}`, text: `Acme Air broke my guitar and nobody calls back #${i}`, created_at: new Date(T0 + 8 * 3600_000 + i * 60_000).toISOString(), author: { handle: `fan${i}`, followers: 100 * i }, retweet_count: i }));
  lines.push("{ this is not json");
  lines.push(JSON.stringify({ id: "nodate", text: "Acme Air" }));
  return lines.reverse(); // out of order on purpose: replay sorts by time
}

describe("replay", () => {
  it("feeds history in time order through the same pipeline and opens the incident", async () => {
    const dir = tmpDir();
    const file = writeFile(dir, "history.jsonl", history().join("\n"));
    const app = await makeApp({
      channels: [{ name: "log", type: "log", params: {} }],
      alerts: { rules: [{ id: "spike", kind: "volume_spike", channels: ["log"], params: { minCount: 8, minHistoryMinutes: 120 } }] },
    }, dir);
    closers.push(() => app.db.close());
    const lines: string[] = [];
    const s = await replayFile(app, { file, progress: "lines", out: { write: (t: string) => { lines.push(t); return true; } } as never });
    expect(s.posts).toBe(16 + 25);
    expect(s.stored).toBe(41);
    const reasons = s.issues.map((i) => i.message).join(" | ");
    expect(s.issues).toHaveLength(2);
    expect(reasons).toMatch(/not valid JSON/);
    expect(reasons).toMatch(/no date/);
    expect(s.incidentsOpened).toBe(1);
    expect(s.alerts).toBe(1);
    expect(lines.at(-1)).toMatch(/41\/41 posts \(100%\)/);
    const inc = await app.db.prisma.incident.findFirstOrThrow({ include: { events: { orderBy: { at: "asc" } } } });
    expect(inc.kind).toBe("volume_spike");
    // Detected during the burst (event time), not at wall-clock time.
    expect(inc.detectedAt.getTime()).toBeGreaterThanOrEqual(T0 + 8 * 3600_000);
    expect(inc.detectedAt.getTime()).toBeLessThan(T0 + 8 * 3600_000 + 25 * 60_000);
    expect(inc.events.map((e) => e.kind)).toEqual(["first_post", "detected", "alert"]);
    // History never pages anyone by accident: the delivery is held.
    expect(await app.db.prisma.delivery.findFirstOrThrow()).toMatchObject({ status: "held" });
    // Replaying the same file again adds nothing.
    const again = await replayFile(app, { file, progress: "none" });
    expect(again).toMatchObject({ stored: 0, existing: 41, incidentsOpened: 0 });
  });

  it("reads CSV exports with quoted multi-line fields and offset dates", async () => {
    const dir = tmpDir();
    const csv = 'tweet_id,text,tweet_created,retweet_count,name\n1,"Acme Air lost\nmy bag, again",2015-02-24 11:35:52 -0800,3,someone\n2,"fine flight with Acme Air",2015-02-24 11:40:00 -0800,0,other\n';
    const file = writeFile(dir, "export.csv", csv);
    const posts = [];
    for await (const p of parsePostsFile(file)) posts.push(p);
    expect(posts).toHaveLength(2);
    expect(posts[0]).toMatchObject({ externalId: "1", text: "Acme Air lost\nmy bag, again", engagement: { reposts: 3 }, author: { handle: "someone" } });
    expect(posts[0].publishedAt.toISOString()).toBe("2015-02-24T19:35:52.000Z");
  });

  it("works from the CLI and prints the incident timeline", () => {
    const dir = tmpDir();
    const file = writeFile(dir, "history.jsonl", history().join("\n"));
    const cfg = writeFile(dir, "earshot.yml", YAML.stringify({
      brands: [{ id: "acme-air", name: "Acme Air", keywords: ["Acme Air"] }],
      channels: [{ name: "log", type: "log", params: {} }],
      alerts: { rules: [{ id: "spike", kind: "volume_spike", channels: ["log"], params: { minCount: 8, minHistoryMinutes: 120 } }] },
      database: { url: `file:${path.join(dir, "r.db")}` },
    }));
    const r = spawnSync(process.execPath, [path.resolve("bin/earshot.mjs"), "--config", cfg, "replay", file], { encoding: "utf8", env: { ...process.env, DATABASE_URL: "" } });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/replayed 41 posts/);
    expect(r.stdout).toMatch(/incidents opened: 1; alerts raised: 1/);
    expect(r.stdout).toMatch(/detected\s+\d+ mentions in the last 60 min/);
    expect(r.stderr).toMatch(/history\.jsonl:\d+: skipped: not valid JSON/);
    expect(r.stderr).toMatch(/replay: 41\/41 posts/);
  });
});
