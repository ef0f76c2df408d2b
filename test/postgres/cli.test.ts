// The maintenance commands through the real CLI: rollups rebuild, retention, forget.
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { openDatabase } from "../../core/db/index.ts";
import { createApp } from "../../core/app.ts";
import { configFrom, baseBrand } from "../helpers/app.ts";
import { tmpDir } from "../helpers/tmp.ts";
import { fixturePosts } from "./fixture.ts";

const root = path.resolve(import.meta.dirname, "../..");
const cli = (cfg: string, ...args: string[]) => execFileSync(process.execPath, [path.join(root, "bin/earshot.mjs"), "-c", cfg, ...args], { encoding: "utf8", env: { ...process.env, EARSHOT_LOG_LEVEL: "silent", DATABASE_URL: "" } });

describe("earshot rollups / retention / forget", () => {
  it("rebuilds rollups, applies retention and forgets an author from the command line", async () => {
    const dir = tmpDir();
    const url = `file:${path.join(dir, "e.db")}`;
    const cfgObj = { brands: [baseBrand], database: { url }, retention: { mentionDays: 30 } };
    const cfg = path.join(dir, "earshot.yml");
    fs.writeFileSync(cfg, YAML.stringify(cfgObj));
    const db = await openDatabase(url);
    const app = await createApp(configFrom(cfgObj), { db });
    await db.prisma.source.create({ data: { id: "s1", type: "rss", schedule: "* * * * *" } });
    await app.pipeline.ingest("s1", fixturePosts(40, new Date(Date.now() - 60 * 86_400_000), 24 * 59), { platform: "web" });
    await db.close();

    expect(cli(cfg, "rollups", "rebuild")).toMatch(/RollupHour\s+\d+/);
    const ret = cli(cfg, "retention");
    const deleted = Number(/deleted (\d+) mention/.exec(ret)![1]);
    expect(deleted).toBeGreaterThan(10);
    expect(cli(cfg, "forget", "web:user2")).toMatch(/forgot 1 author identity: \d+ post\(s\)/);
    expect(cli(cfg, "forget", "nobody-here")).toMatch(/no author matches "nobody-here"; nothing removed/);
    expect(() => cli(cfg, "rollups", "rebuild", "--from", "yesterday-ish")).toThrow(/--from: "yesterday-ish" is not a date/);

    const check = await openDatabase(url);
    try {
      expect(await check.prisma.mention.count()).toBeLessThan(40 - deleted + 1);
      expect(await check.prisma.author.count({ where: { handle: "user2" } })).toBe(0);
      expect((await check.prisma.auditLog.findMany({ where: { action: { in: ["forget", "retention"] } } })).length).toBe(3);
    } finally { await check.close(); }
  }, 120_000);
});
