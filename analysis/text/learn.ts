// Learning from triage: fits one linear model per labelled field (sentiment,
// complaintKind, ...) on top of the default engine's decisions and the post's n-grams,
// and reports k-fold cross-validated macro-F1 before (the engine alone) and after (the
// learned model). Pure: no I/O; saving and reloading live in model-file.ts.
import type { AnalyzeInput, TextAnalysis, TextAnalyzer } from "../types.ts";
import { learningFeatures, type TextEngine } from "./engine.ts";
import { argmax, predictProba, seededOrder, type Features, type LinearModelData } from "./linear.ts";
import { exportSvm, fitSvm, predictSvmRow, SvmData, svmScores, type SvmModelData, type SvmOptions } from "./svm.ts";

export interface LabelRow { text: string; language: string | null; field: string; value: string }

/** Fields a workspace model can learn, and how to read the engine's own answer for each. */
export const LEARNABLE_FIELDS: Record<string, (a: TextAnalysis) => string> = {
  sentiment: (a) => a.sentiment.label,
  complaintKind: (a) => a.complaint.kind,
  complaintCategory: (a) => a.complaint.category ?? "none",
  servqual: (a) => a.complaint.servqual ?? "none",
  reason: (a) => a.complaint.reason ?? "none",
  severity: (a) => a.complaint.severity ?? "none",
  churn: (a) => String(a.churn),
};

export const WORKSPACE_MODEL_FORMAT = "earshot-workspace-model";

export interface FieldReport {
  field: string;
  labels: number;
  classes: string[];
  /** Macro-F1 of the default engine on these labels (same folds, nothing fitted). */
  before: number;
  /** k-fold cross-validated macro-F1 of the learned model. */
  after: number;
  folds: number;
  /** Whether the model is used for this field (enough labels and not worse than the engine). */
  used: boolean;
  note?: string;
}

/** A field model: schema 2 files hold SVMs (svm.ts); schema 1 files held softmax regressions (linear.ts). */
export type FieldModelData = (SvmModelData | (LinearModelData & { kind?: undefined })) & { report: FieldReport };

export interface WorkspaceModelFile {
  format: typeof WORKSPACE_MODEL_FORMAT;
  /** File schema version: 2 (SVM fields) is written; 1 (softmax fields) is still read. */
  schema: 1 | 2;
  /** Increases with every training run, so a reloader can tell files apart. */
  version: number;
  createdAt: string;
  baseEngine: string;
  fields: Record<string, FieldModelData>;
}

export interface LearnOptions {
  /** Folds for cross-validation. Default 5. */
  folds?: number;
  /** Fewer labels than this for a field: the engine keeps deciding. Default 30. */
  minLabels?: number;
  /** Version number written to the file; default previousVersion + 1 or 1. */
  version?: number;
  previousVersion?: number;
  /** Passed to trainSvm (svm.ts); default: its defaults (C from inner 3-fold CV). */
  train?: SvmOptions;
  /** Clock for createdAt (tests pass a fixed one). Default () => new Date(). */
  now?: () => Date;
}

export function macroF1(gold: string[], pred: string[]): number {
  const classes = [...new Set(gold)];
  let sum = 0;
  for (const c of classes) {
    let tp = 0, fp = 0, fn = 0;
    for (let i = 0; i < gold.length; i++) {
      const g = gold[i] === c, p = pred[i] === c;
      if (g && p) tp++; else if (p) fp++; else if (g) fn++;
    }
    sum += tp ? (2 * tp) / (2 * tp + fp + fn) : 0;
  }
  return classes.length ? sum / classes.length : 0;
}

/** Why a label row cannot be used, naming the row and the field; null when it is fine. */
export function labelProblem(r: LabelRow, i: number): string | null {
  if (typeof r.text !== "string" || r.text.trim() === "") return `label row ${i}: text is empty`;
  if (!LEARNABLE_FIELDS[r.field]) return `label row ${i}: field '${r.field}' is not learnable (one of ${Object.keys(LEARNABLE_FIELDS).join(", ")})`;
  if (typeof r.value !== "string" || r.value === "") return `label row ${i}: value is empty for field '${r.field}'`;
  return null;
}

/** Throws on the first unusable row (for callers that want all-or-nothing). */
export function checkLabels(rows: LabelRow[]): void {
  rows.forEach((r, i) => { const p = labelProblem(r, i); if (p) throw new Error(p); });
}

export interface TrainResult {
  model: WorkspaceModelFile;
  reports: FieldReport[];
  /** Rows that could not be used (other rows still train), with the reason. */
  skipped: string[];
}

/** Trains one model per field present in `labels`; the latest label for a (text, field) wins. */
export function trainWorkspaceModel(engine: TextEngine, labels: LabelRow[], opts: LearnOptions = {}): TrainResult {
  // Unusable rows (e.g. a field another part of the product labels but no model learns)
  // are reported and skipped; they must not cost the workspace its other labels.
  const skipped: string[] = [];
  labels = labels.filter((r, i) => { const p = labelProblem(r, i); if (p) skipped.push(p); return !p; });
  const folds = opts.folds ?? 5, minLabels = opts.minLabels ?? 30;
  // Linear SVM over TF-IDF n-grams + the engine's decisions (svm.ts). Measured on 5-fold
  // CV of the airline tweets as triage labels: 0.740 with the previous softmax regression
  // (linear.ts, 8 averaged AdaGrad epochs), 0.78 with this learner (MODEL_CARD.md).
  const trainOpts: SvmOptions = { ...opts.train };
  const byField = new Map<string, Map<string, LabelRow>>();
  for (const r of labels) {
    if (!byField.has(r.field)) byField.set(r.field, new Map());
    byField.get(r.field)!.set(r.text, r);
  }
  const cache = new Map<string, { a: TextAnalysis; f: Features }>();
  const featuresOf = (r: LabelRow) => {
    let c = cache.get(r.text);
    if (!c) {
      const input: AnalyzeInput = { text: r.text, language: r.language };
      const a = engine.analyze(input);
      c = { a, f: learningFeatures(engine, input, a) };
      cache.set(r.text, c);
    }
    return c;
  };
  const fields: WorkspaceModelFile["fields"] = {};
  const reports: FieldReport[] = [];
  for (const [field, m] of byField) {
    const rows = [...m.values()];
    const gold = rows.map((r) => r.value);
    const classes = [...new Set(gold)].sort();
    const engineSays = rows.map((r) => LEARNABLE_FIELDS[field](featuresOf(r).a));
    const before = macroF1(gold, engineSays);
    if (rows.length < minLabels || classes.length < 2) {
      reports.push({ field, labels: rows.length, classes, before, after: before, folds: 0, used: false,
        note: rows.length < minLabels ? `needs at least ${minLabels} labels` : "only one class labelled" });
      continue;
    }
    const data = new SvmData(rows.map((r) => featuresOf(r).f));
    const k = Math.min(folds, rows.length);
    const order = seededOrder(rows.length, 7);
    const pred = new Array<string>(rows.length);
    for (let fold = 0; fold < k; fold++) {
      const test = order.filter((_, i) => i % k === fold);
      const testSet = new Set(test);
      const trainIdx = order.filter((i) => !testSet.has(i));
      const fit = fitSvm(data, gold, trainIdx, trainOpts);
      for (const i of test) pred[i] = fit.classes[predictSvmRow(fit, data, i)];
    }
    const after = macroF1(gold, pred);
    const final = exportSvm(fitSvm(data, gold, order, trainOpts), data);
    const used = after >= before;
    const report: FieldReport = { field, labels: rows.length, classes, before, after, folds: k, used,
      ...(used ? {} : { note: "learned model scored below the engine; engine keeps deciding" }) };
    reports.push(report);
    fields[field] = { ...final, report };
  }
  const version = opts.version ?? (opts.previousVersion ?? 0) + 1;
  return {
    model: { format: WORKSPACE_MODEL_FORMAT, schema: 2, version, createdAt: (opts.now ?? (() => new Date()))().toISOString(), baseEngine: engine.id, fields },
    reports,
    skipped,
  };
}

/** Validates a parsed model file; throws with the reason it cannot be used. */
export function checkWorkspaceModel(data: unknown, source: string): WorkspaceModelFile {
  const d = data as Partial<WorkspaceModelFile> | null;
  if (!d || d.format !== WORKSPACE_MODEL_FORMAT) throw new Error(`${source}: not an Earshot workspace model (format=${JSON.stringify(d?.format)})`);
  if (d.schema !== 1 && d.schema !== 2) throw new Error(`${source}: unsupported model schema ${JSON.stringify(d.schema)} (this build reads 1 and 2)`);
  if (typeof d.version !== "number" || !d.fields || typeof d.fields !== "object") throw new Error(`${source}: missing version or fields`);
  for (const [f, m] of Object.entries(d.fields)) {
    if (!LEARNABLE_FIELDS[f]) throw new Error(`${source}: unknown field '${f}'`);
    if (!Array.isArray(m.classes) || !Array.isArray(m.bias) || typeof m.weights !== "object") throw new Error(`${source}: field '${f}' is malformed`);
    const kind = (m as { kind?: unknown }).kind;
    if (kind !== undefined && kind !== "svm") throw new Error(`${source}: field '${f}' has unknown model kind ${JSON.stringify(kind)}`);
  }
  return d as WorkspaceModelFile;
}

function apply(a: TextAnalysis, field: string, value: string): void {
  const orNull = (v: string) => (v === "none" ? null : v);
  switch (field) {
    case "sentiment": a.sentiment = { label: value as TextAnalysis["sentiment"]["label"], score: a.sentiment.score }; break;
    case "complaintKind": a.complaint.kind = value as TextAnalysis["complaint"]["kind"]; break;
    case "complaintCategory": a.complaint.category = orNull(value) as TextAnalysis["complaint"]["category"]; break;
    case "servqual": a.complaint.servqual = orNull(value) as TextAnalysis["complaint"]["servqual"]; break;
    case "reason": a.complaint.reason = orNull(value); break;
    case "severity": a.complaint.severity = orNull(value) as TextAnalysis["complaint"]["severity"]; break;
    case "churn": a.churn = value === "true"; break;
  }
}

/** The engine plus a workspace model: fields the model learned well are overridden, with a `why` line. */
export function withWorkspaceModel(engine: TextEngine, model: WorkspaceModelFile): TextAnalyzer {
  const active = Object.entries(model.fields).filter(([, m]) => m.report.used);
  const id = `${engine.id}+workspace@${model.version}`;
  return {
    id,
    analyze(input: AnalyzeInput): TextAnalysis {
      const a = engine.analyze(input);
      if (active.length === 0) return { ...a, engine: id };
      const f = learningFeatures(engine, input, a);
      for (const [field, m] of active) {
        // SVM fields give margins (> 0: the class's own side); schema-1 fields give probabilities.
        const svm = m.kind === "svm";
        const z = svm ? svmScores(m, f) : predictProba(m, f);
        const k = argmax(z);
        const value = m.classes[k];
        const was = LEARNABLE_FIELDS[field](a);
        if (value !== was) {
          apply(a, field, value);
          a.why.push(`learned: workspace model v${model.version} set ${field}=${value} (${svm ? "margin" : "p"}=${z[k].toFixed(2)}, engine said ${was})`);
          if (field === "sentiment") a.sentiment.score = Math.max(-1, Math.min(1, value === "positive" ? Math.max(a.sentiment.score, 0.2) : value === "negative" ? Math.min(a.sentiment.score, -0.2) : 0));
        }
      }
      return { ...a, engine: id };
    },
  };
}
