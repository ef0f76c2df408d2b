// bench:text must say which data files are missing and exit non-zero (a user's fresh
// clone has no ../shared/data). Runs the real script against an empty directory.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, it } from "vitest";

it("bench:text lists missing data files and exits 2", () => {
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), "earshot-nodata-"));
  try {
    const r = spawnSync(process.execPath, ["bin/run-ts.mjs", "bench/text.bench.ts", "--data", empty], { encoding: "utf8", timeout: 60_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`data directory ${empty} is missing 9 file(s)`);
    expect(r.stderr).toContain("airline-tweets/Tweets.csv");
    expect(r.stderr).toContain("chinese-reviews/ChnSentiCorp_htl_all.csv");
    expect(r.stdout).toBe("");
  } finally {
    fs.rmSync(empty, { recursive: true, force: true });
  }
});
