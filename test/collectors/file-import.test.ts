// file-import's contract (its transport is a file, not HTTP): valid RawPosts out,
// records read in bounded chunks across runs, the cursor survives a restart, appended
// rows are picked up, bad rows are reported by line and field without losing the
// others, and a missing or unreadable file is a classified error.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fileImportCollector as d } from "../../collectors/file-import/file-import.collector.ts";
import { parsePostsFile, type ParseIssue } from "../../collectors/file-import/parse-posts.ts";
import { ConfigError, ParseError } from "../../core/errors.ts";
import { makeContext } from "./harness.ts";
import { FIXTURES } from "./scenarios.ts";
import { rawPostSchema } from "./raw-post.schema.ts";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "earshot-file-import-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const fixture = (name: string) => path.join(FIXTURES, "file-import", name);

describe("parsePostsFile (shared with earshot replay)", () => {
  it("reads CSV with Twitter-style column names, quoted multi-line fields and time zones", async () => {
    const posts = [];
    for await (const p of parsePostsFile(fixture("posts.csv"))) posts.push(p);
    expect(posts.map((p) => p.externalId)).toEqual(["5001", "5002", "5003", "5004", "5005"]);
    for (const p of posts) expect(rawPostSchema.safeParse(p).success).toBe(true);
    expect(posts[0]).toMatchObject({
      text: 'Acme Air broke my guitar, and now they say "no compensation".',
      author: { handle: "bagless_in_boston", followers: 1200 },
      engagement: { likes: 40, reposts: 14 },
      language: "en",
      url: "https://example.social/bagless_in_boston/5001",
    });
    expect(posts[0].publishedAt.toISOString()).toBe("2026-11-20T18:00:00.000Z");
    expect(posts[2].text).toContain("\nAcme Air cancelled");
  });

  it("reads JSONL with nested author/engagement objects and reports bad lines by line and field", async () => {
    const issues: ParseIssue[] = [];
    const posts = [];
    for await (const p of parsePostsFile(fixture("posts.jsonl"), (i) => issues.push(i))) posts.push(p);
    expect(posts.map((p) => p.externalId)).toEqual(["j1", "j2", "j4"]);
    expect(posts[0]).toMatchObject({ author: { handle: "@caller", followers: 320 }, engagement: { likes: 12, reposts: 3, replies: 1 } });
    expect(posts[1]).toMatchObject({ parentExternalId: "j1", author: { handle: "@echo", followers: 44 } });
    expect(posts[1].publishedAt.toISOString()).toBe("2026-11-20T09:50:00.000Z");
    expect(posts[2]).toMatchObject({ quotedExternalId: "j1", engagement: { reposts: 1024 } });
    expect(issues).toEqual([
      expect.objectContaining({ file: "posts.jsonl", line: 3, message: expect.stringContaining("not valid JSON") }),
      expect.objectContaining({ file: "posts.jsonl", line: 4, field: "created_at", message: expect.stringContaining("yesterday-ish") }),
    ]);
  });
});

describe("file-import collector", () => {
  it("reads in bounded chunks, resumes from its cursor after a restart, and picks up appended rows", async () => {
    const file = path.join(tmp, "feed.csv");
    fs.copyFileSync(fixture("posts.csv"), file);
    const params = { path: file, maxRecords: 3 };
    const r1 = await d.collect(makeContext(d, params));
    expect(r1.posts.map((p) => p.externalId)).toEqual(["5001", "5002", "5003"]);
    const r2 = await d.collect(makeContext(d, params, { cursor: r1.cursor }));
    expect(r2.posts.map((p) => p.externalId)).toEqual(["5004", "5005"]);
    const r3 = await d.collect(makeContext(d, params, { cursor: r2.cursor }));
    expect(r3.posts).toEqual([]);
    fs.appendFileSync(file, fs.readFileSync(fixture("append-row.csv")));
    const r4 = await d.collect(makeContext(d, params, { cursor: r3.cursor }));
    expect(r4.posts.map((p) => p.externalId)).toEqual(["5006"]);
    for (const p of [...r1.posts, ...r2.posts, ...r4.posts]) expect(rawPostSchema.safeParse(p).success).toBe(true);
  });

  it("re-reads a replaced file from the top", async () => {
    const file = path.join(tmp, "replaced.jsonl");
    fs.copyFileSync(fixture("posts.jsonl"), file);
    const r1 = await d.collect(makeContext(d, { path: file }));
    expect(r1.posts).toHaveLength(3);
    expect(r1.notes?.join("\n")).toContain("replaced.jsonl:4 (created_at)");
    fs.writeFileSync(file, '{"id":"z1","text":"Acme Air new export","created_at":"2026-11-21T00:00:00Z"}\n');
    const r2 = await d.collect(makeContext(d, { path: file }, { cursor: r1.cursor }));
    expect(r2.posts.map((p) => p.externalId)).toEqual(["z1"]);
  });

  it("a missing file is a ConfigError naming the path", async () => {
    const err = await d.collect(makeContext(d, { path: path.join(tmp, "nope.csv") })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect(String((err as Error).message)).toContain("nope.csv");
  });

  it("a file with no readable post is a ParseError quoting the first problems", async () => {
    const err = await d.collect(makeContext(d, { path: fixture("garbage.jsonl") })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParseError);
    expect((err as Error).message).toMatch(/garbage\.jsonl:1: not valid JSON/);
  });
});
