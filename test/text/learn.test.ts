// Learning from triage labels: training, cross-validated report, saving, hot reload and
// the `earshot model` commands. Labels are the project's own sentences; two invented
// words ("zorped" = bad, "bliffy" = good) stand in for a workspace's private jargon that
// no lexicon knows.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Command } from "commander";
import { afterAll, describe, expect, it } from "vitest";
import { createTextEngine } from "../../analysis/text/engine.ts";
import { checkLabels, trainWorkspaceModel, withWorkspaceModel, type LabelRow } from "../../analysis/text/learn.ts";
import { ReloadingAnalyzer, readWorkspaceModel, saveWorkspaceModel } from "../../analysis/text/model-file.ts";
import { registerModelCommands } from "../../analysis/text/cli.ts";
import { createDefaultAnalyzer } from "../../analysis/default-analyzer.ts";

const engine = createTextEngine();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "earshot-learn-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const things = ["order", "parcel", "lunch box", "delivery", "pizza", "grocery bag", "package", "meal kit"];
const bad = ["my {t} got zorped again", "the {t} arrived zorped", "{t} totally zorped this evening", "another zorped {t} today"];
const good = ["the {t} was bliffy", "what a bliffy {t}", "{t} came bliffy as always", "bliffy {t} tonight"];
const neutral = ["the {t} is scheduled for tuesday", "{t} number 42 is in the system", "tracking page for the {t}"];
function labels(): LabelRow[] {
  const rows: LabelRow[] = [];
  for (const t of things) {
    for (const s of bad) rows.push({ text: s.replace("{t}", t), language: "en", field: "sentiment", value: "negative" });
    for (const s of good) rows.push({ text: s.replace("{t}", t), language: "en", field: "sentiment", value: "positive" });
    for (const s of neutral) rows.push({ text: s.replace("{t}", t), language: "en", field: "sentiment", value: "neutral" });
  }
  return rows;
}

describe("trainWorkspaceModel", () => {
  it("learns the workspace's vocabulary and reports CV before/after", () => {
    const { model, reports } = trainWorkspaceModel(engine, labels(), { folds: 5, now: () => new Date("2026-01-02T03:04:05Z") });
    const r = reports.find((x) => x.field === "sentiment")!;
    expect(r.labels).toBe(88);
    expect(r.folds).toBe(5);
    expect(r.before).toBeLessThan(0.7);
    expect(r.after).toBeGreaterThan(0.9);
    expect(r.used).toBe(true);
    expect(model.version).toBe(1);
    expect(model.createdAt).toBe("2026-01-02T03:04:05.000Z");
    const a = withWorkspaceModel(engine, model).analyze({ text: "the burrito showed up zorped" });
    expect(a.sentiment.label).toBe("negative");
    expect(a.why.some((w) => w.startsWith("learned: workspace model v1 set sentiment=negative"))).toBe(true);
    expect(a.engine).toBe(`${engine.id}+workspace@1`);
  });
  it("keeps the engine when a field has too few labels", () => {
    const few = labels().slice(0, 10).map((r) => ({ ...r, field: "churn", value: "false" }));
    const { model, reports } = trainWorkspaceModel(engine, few, { minLabels: 30 });
    expect(reports[0].used).toBe(false);
    expect(reports[0].note).toMatch(/at least 30 labels/);
    expect(model.fields.churn).toBeUndefined();
  });
  it("skips unusable rows with a reason and still trains on the rest", () => {
    const rows = [...labels(), { text: "the order went missing", language: "en", field: "failureType", value: "outcome" }, { text: "", language: null, field: "sentiment", value: "negative" }];
    const { reports, skipped } = trainWorkspaceModel(engine, rows, { folds: 3 });
    expect(skipped).toEqual([
      "label row 88: field 'failureType' is not learnable (one of sentiment, complaintKind, complaintCategory, servqual, reason, severity, churn)",
      "label row 89: text is empty",
    ]);
    expect(reports.map((r) => r.field)).toEqual(["sentiment"]);
    expect(reports[0].labels).toBe(88);
  });
  it("rejects bad label rows naming the row and field", () => {
    expect(() => checkLabels([{ text: "ok", language: null, field: "colour", value: "red" }])).toThrow(/label row 0: field 'colour' is not learnable/);
    expect(() => checkLabels([{ text: " ", language: null, field: "sentiment", value: "negative" }])).toThrow(/label row 0: text is empty/);
  });
});

describe("model file and hot reload", () => {
  it("reloads a newer model without restart and ignores a broken file", () => {
    const file = path.join(dir, "reload", "model.json");
    let clock = 0;
    const errors: unknown[] = [];
    const a = new ReloadingAnalyzer(engine, file, { checkIntervalMs: 1000, now: () => clock, onError: (e) => errors.push(e) });
    expect(a.modelVersion).toBeNull();
    expect(a.analyze({ text: "my parcel got zorped" }).engine).toBe(engine.id);

    const v1 = trainWorkspaceModel(engine, labels(), { version: 1 }).model;
    saveWorkspaceModel(file, v1);
    expect(readWorkspaceModel(file).version).toBe(1);
    clock = 500; // inside the interval: no stat yet
    expect(a.analyze({ text: "my parcel got zorped" }).engine).toBe(engine.id);
    clock = 1500;
    const r = a.analyze({ text: "my parcel got zorped" });
    expect(a.modelVersion).toBe(1);
    expect(r.sentiment.label).toBe("negative");

    const v2 = { ...v1, version: 2 };
    saveWorkspaceModel(file, v2);
    fs.utimesSync(file, new Date(), new Date(Date.now() + 5000));
    clock = 3000;
    expect(a.analyze({ text: "hello" }).engine).toBe(`${engine.id}+workspace@2`);

    fs.writeFileSync(file, "{ not json");
    fs.utimesSync(file, new Date(), new Date(Date.now() + 10000));
    clock = 5000;
    expect(a.analyze({ text: "hello" }).engine).toBe(`${engine.id}+workspace@2`);
    expect(errors).toHaveLength(1);
    expect(String((errors[0] as Error).message)).toMatch(/model\.json is unusable/);
  });
  it("createDefaultAnalyzer picks up a model file at the configured path", () => {
    const file = path.join(dir, "default-model.json");
    saveWorkspaceModel(file, trainWorkspaceModel(engine, labels(), { version: 7 }).model);
    const a = createDefaultAnalyzer({ modelPath: file });
    expect(a.analyze({ text: "the order came bliffy" }).engine).toMatch(/\+workspace@7$/);
  });
});

describe("earshot model train / show", () => {
  it("trains from loadLabels, writes a versioned file and prints the report", async () => {
    const out = path.join(dir, "cli", "model.json");
    const printed: string[] = [];
    const program = new Command().exitOverride();
    registerModelCommands(program, { loadLabels: async () => labels(), write: (s) => printed.push(s) });
    await program.parseAsync(["node", "earshot", "model", "train", "--out", out, "--folds", "4"]);
    expect(readWorkspaceModel(out).version).toBe(1);
    await program.parseAsync(["node", "earshot", "model", "train", "--out", out, "--folds", "4"]);
    expect(readWorkspaceModel(out).version).toBe(2);
    const text = printed.join("");
    expect(text).toMatch(/engine macro-F1/);
    expect(text).toMatch(/sentiment\s+88\s+negative\/neutral\/positive/);
    expect(text).toMatch(/model version 2/);
    printed.length = 0;
    await program.parseAsync(["node", "earshot", "model", "show", "--path", out]);
    expect(printed.join("")).toMatch(/^model version 2, created/);
  });
  it("rejects a bad --folds value", async () => {
    const program = new Command().exitOverride();
    registerModelCommands(program, { loadLabels: async () => labels(), write: () => {} });
    await expect(program.parseAsync(["node", "earshot", "model", "train", "--out", path.join(dir, "x.json"), "--folds", "one"]))
      .rejects.toThrow(/--folds must be an integer >= 2 \(got "one"\)/);
  });
  it("says so and writes nothing when there are no labels", async () => {
    const out = path.join(dir, "none.json");
    const printed: string[] = [];
    const program = new Command().exitOverride();
    registerModelCommands(program, { loadLabels: async () => [], write: (s) => printed.push(s) });
    await program.parseAsync(["node", "earshot", "model", "train", "--out", out]);
    expect(printed.join("")).toMatch(/no labels stored yet/);
    expect(fs.existsSync(out)).toBe(false);
  });
});
