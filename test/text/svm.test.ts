// The workspace-model SVM (svm.ts): learns from sparse named features, picks C by inner
// CV from the candidates, predicts the same through its JSON form as through the fit,
// and schema-1 (softmax) model files written by earlier versions still load and apply.
import { describe, expect, it } from "vitest";
import { exportSvm, fitSvm, predictSvmRow, SvmData, svmScores, trainSvm } from "../../analysis/text/svm.ts";
import { argmax, type Features } from "../../analysis/text/linear.ts";
import { createTextEngine } from "../../analysis/text/engine.ts";
import { checkWorkspaceModel, withWorkspaceModel } from "../../analysis/text/learn.ts";

// Three invented classes told apart by one word each, with shared filler words.
function rows(): { xs: Features[]; ys: string[] } {
  const xs: Features[] = [], ys: string[] = [];
  const cue: Record<string, string> = { red: "u:glorp", green: "u:snib", blue: "u:wafto" };
  const filler = ["u:the", "u:a", "u:order", "u:today", "u:again", "u:box"];
  for (let i = 0; i < 90; i++) {
    const y = ["red", "green", "blue"][i % 3];
    const f: Features = new Map([[cue[y], 1], [filler[i % 6], 1], [filler[(i + 2) % 6], 2], ["eng:score", (i % 5) / 5 - 0.4]]);
    xs.push(f); ys.push(y);
  }
  return { xs, ys };
}

describe("svm", () => {
  it("learns the cue words and exports a model that scores like the fit", () => {
    const { xs, ys } = rows();
    const d = new SvmData(xs);
    const idx = xs.map((_, i) => i);
    const fit = fitSvm(d, ys, idx, { C: [0.01, 1] });
    expect([0.01, 1]).toContain(fit.C);
    const model = exportSvm(fit, d);
    expect(model.kind).toBe("svm");
    expect(model.classes).toEqual(["blue", "green", "red"]);
    for (const i of idx) {
      expect(fit.classes[predictSvmRow(fit, d, i)]).toBe(ys[i]);
      expect(model.classes[argmax(svmScores(model, xs[i]))]).toBe(ys[i]);
    }
    // a post never seen, with one cue word, lands on that cue's class
    expect(model.classes[argmax(svmScores(model, new Map([["u:snib", 1], ["u:zzz", 1]])))]).toBe("green");
  });
  it("rejects mismatched rows and labels", () => {
    expect(() => trainSvm([new Map()], ["a", "b"])).toThrow(/1 feature rows but 2 labels/);
  });
});

describe("workspace model files", () => {
  it("still reads and applies a schema-1 (softmax) file", () => {
    const engine = createTextEngine();
    const file = checkWorkspaceModel({
      format: "earshot-workspace-model", schema: 1, version: 3, createdAt: "2026-01-01T00:00:00.000Z", baseEngine: engine.id,
      fields: { sentiment: { classes: ["negative", "positive"], bias: [0, 0], weights: { "u:zorped": [5, -5] },
        report: { field: "sentiment", labels: 40, classes: ["negative", "positive"], before: 0.5, after: 0.9, folds: 5, used: true } } },
    }, "old.json");
    const a = withWorkspaceModel(engine, file).analyze({ text: "my box arrived zorped, love it" });
    expect(a.sentiment.label).toBe("negative");
    expect(a.why.some((w) => /set sentiment=negative \(p=/.test(w))).toBe(true);
  });
  it("rejects an unknown schema and an unknown field model kind", () => {
    expect(() => checkWorkspaceModel({ format: "earshot-workspace-model", schema: 9, version: 1, fields: {} }, "x.json")).toThrow(/unsupported model schema 9/);
    expect(() => checkWorkspaceModel({ format: "earshot-workspace-model", schema: 2, version: 1,
      fields: { sentiment: { kind: "forest", classes: [], bias: [], weights: {} } } }, "y.json")).toThrow(/unknown model kind "forest"/);
  });
});
