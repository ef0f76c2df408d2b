// One registry: every collectors/<id>/<id>.collector.ts is listed exactly once, ids
// are unique kebab-case, and each listed descriptor lives in the folder named by its id.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { collectors, getCollector } from "../../collectors/registry.ts";

const root = path.resolve(import.meta.dirname, "../../collectors");

function collectorFolders(): { folder: string; files: string[] }[] {
  return fs.readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => ({ folder: e.name, files: fs.readdirSync(path.join(root, e.name)).filter((f) => f.endsWith(".collector.ts")) }))
    .filter((f) => f.files.length > 0);
}

describe("collector registry", () => {
  it("lists every folder that holds a *.collector.ts", () => {
    const ids = new Set(collectors.map((c) => c.id));
    const missing = collectorFolders().filter((f) => !ids.has(f.folder)).map((f) => `collectors/${f.folder}/${f.files[0]}`);
    expect(missing, "add these to collectors/registry.ts").toEqual([]);
  });

  it("names each collector file after its folder (<id>/<id>.collector.ts)", () => {
    for (const f of collectorFolders()) expect(f.files).toEqual([`${f.folder}.collector.ts`]);
  });

  it("has no duplicate ids and only kebab-case ids", () => {
    const ids = collectors.map((c) => c.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    for (const id of ids) expect(id).toMatch(/^[a-z][a-z0-9-]*$/);
  });

  it("has a folder for every registered id, and getCollector finds each", () => {
    for (const c of collectors) {
      expect(fs.existsSync(path.join(root, c.id, `${c.id}.collector.ts`)), `collectors/${c.id}/${c.id}.collector.ts`).toBe(true);
      expect(getCollector(c.id)).toBe(c);
    }
  });

  it("declares secrets only for params that exist in the schema", () => {
    for (const c of collectors) {
      const shape = (c.params as unknown as { shape?: Record<string, unknown>; _zod?: { def?: { shape?: Record<string, unknown> } } });
      const keys = Object.keys(shape.shape ?? {});
      for (const s of c.secrets ?? []) {
        const top = s.split(/[.[]/)[0];
        expect(keys, `${c.id}: secret ${s}`).toContain(top);
      }
    }
  });
});
