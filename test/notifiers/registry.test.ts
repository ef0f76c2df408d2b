import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { notifiers, getNotifier } from "../../alerts/notifiers/registry.ts";

const dir = path.resolve("alerts/notifiers");

describe("notifier registry", () => {
  it("registers every folder under alerts/notifiers/ under the folder's name", () => {
    const folders = fs.readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
    const ids = notifiers.map((n) => n.id).sort();
    expect(ids).toEqual(folders);
    for (const f of folders) expect(fs.existsSync(path.join(dir, f, `${f}.notifier.ts`)), `${f}/${f}.notifier.ts`).toBe(true);
  });

  it("has no duplicate ids and every id is kebab-case", () => {
    const ids = notifiers.map((n) => n.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z][a-z0-9-]*$/);
  });

  it("declares secrets that exist in the params schema", () => {
    for (const n of notifiers) {
      const shape = (n.params as unknown as { shape?: Record<string, unknown>; def?: { in?: { shape?: Record<string, unknown> } } });
      const keys = Object.keys(shape.shape ?? (shape as any)._zod?.def?.in?.shape ?? {});
      expect(keys.length, `${n.id} params shape`).toBeGreaterThan(0);
      for (const s of n.secrets) expect(keys, `${n.id} declares secret ${s}`).toContain(s);
    }
  });

  it("finds notifiers by id", () => {
    expect(getNotifier("dingtalk")?.id).toBe("dingtalk");
    expect(getNotifier("nope")).toBeUndefined();
  });
});
