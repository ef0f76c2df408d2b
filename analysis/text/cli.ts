// `earshot model ...` commands. The database stays with the caller: the lead's CLI
// passes loadLabels(), so this module works the same against SQLite, PostgreSQL or a
// test fixture.
import fs from "node:fs";
import type { Command } from "commander";
import { createTextEngine, type TextEngine } from "./engine.ts";
import { trainWorkspaceModel, type FieldReport, type LabelRow } from "./learn.ts";
import { DEFAULT_MODEL_PATH, readWorkspaceModel, saveWorkspaceModel } from "./model-file.ts";

export interface ModelCommandDeps {
  /** Reads every Label row (text, language, field, value), oldest first. */
  loadLabels(): Promise<LabelRow[]>;
  /** The base engine; default createTextEngine(). */
  engine?: () => TextEngine;
  /** Where output goes; default process.stdout. */
  write?: (s: string) => void;
}

export function formatReports(reports: FieldReport[]): string {
  const rows = reports.map((r) => [r.field, String(r.labels), r.classes.join("/"), r.before.toFixed(3), r.folds ? r.after.toFixed(3) : "-", r.used ? "yes" : "no", r.note ?? ""]);
  const head = ["field", "labels", "classes", "engine macro-F1", `learned macro-F1 (CV)`, "used", "note"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (c: string[]) => c.map((v, i) => v.padEnd(widths[i])).join("  ").trimEnd();
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n") + "\n";
}

export function registerModelCommands(program: Command, deps: ModelCommandDeps): Command {
  const write = deps.write ?? ((s: string) => void process.stdout.write(s));
  const model = program.command("model").description("Per-workspace text models learned from triage labels");
  model.command("train")
    .description("Fit a model on the stored labels on top of the default engine; prints cross-validated before/after macro-F1")
    .option("--out <path>", "model file to write", DEFAULT_MODEL_PATH)
    .option("--folds <n>", "cross-validation folds", "5")
    .option("--min-labels <n>", "labels a field needs before the model may override the engine", "30")
    .action(async (opts: { out: string; folds: string; minLabels: string }) => {
      const folds = Number(opts.folds), minLabels = Number(opts.minLabels);
      if (!Number.isInteger(folds) || folds < 2) throw new Error(`--folds must be an integer >= 2 (got ${JSON.stringify(opts.folds)})`);
      if (!Number.isInteger(minLabels) || minLabels < 1) throw new Error(`--min-labels must be a positive integer (got ${JSON.stringify(opts.minLabels)})`);
      const labels = await deps.loadLabels();
      if (labels.length === 0) { write("no labels stored yet; the default engine keeps deciding (nothing written)\n"); return; }
      let previousVersion = 0;
      if (fs.existsSync(opts.out)) {
        try { previousVersion = readWorkspaceModel(opts.out).version; } catch { previousVersion = 0; }
      }
      const engine = (deps.engine ?? createTextEngine)();
      const { model: file, reports, skipped } = trainWorkspaceModel(engine, labels, { folds, minLabels, previousVersion });
      if (skipped.length) {
        write(`skipped ${skipped.length} label row(s):\n`);
        for (const m of skipped.slice(0, 10)) write(`  - ${m}\n`);
        if (skipped.length > 10) write(`  ... and ${skipped.length - 10} more\n`);
      }
      saveWorkspaceModel(opts.out, file);
      write(formatReports(reports));
      write(`wrote ${opts.out} (model version ${file.version}, ${labels.length} label row(s), base ${file.baseEngine}); running monitors reload it within seconds\n`);
    });
  model.command("show")
    .description("Print the version and cross-validation report of a model file")
    .option("--path <path>", "model file", DEFAULT_MODEL_PATH)
    .action((opts: { path: string }) => {
      const m = readWorkspaceModel(opts.path);
      write(`model version ${m.version}, created ${m.createdAt}, base ${m.baseEngine}\n`);
      write(formatReports(Object.values(m.fields).map((f) => f.report)));
    });
  return model;
}
