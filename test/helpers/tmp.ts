import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export function tmpDir(prefix = "earshot-test-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function writeFile(dir: string, name: string, content: string | Buffer): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
}
