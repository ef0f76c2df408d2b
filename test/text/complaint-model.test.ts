// The shipped English complaint model (models/complaint-en.json) and the project-written
// corpus it is fitted on. The hold-out file holds sentences the project wrote by hand,
// separately from the corpus templates (no benchmark data).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createTextEngine } from "../../analysis/text/engine.ts";
import {
  DEFAULT_COMPLAINT_MODEL, analyzeComplaint, complaintFeatures, complaintSignals, loadComplaintModel, scoreComplaint,
  type ComplaintModelFile,
} from "../../analysis/text/complaint.ts";
import { tokenizeEnglish } from "../../analysis/text/tokenize.en.ts";
import { generateComplaintCorpus } from "../../bench/text/complaint-corpus.ts";
import { ConfigError } from "../../core/errors.ts";
import { BRAND_WORDS, isBrandHandle } from "../../analysis/text/complaint.rules.ts";

const engine = createTextEngine();
const isComplaint = (text: string) => { const k = engine.analyze({ text }).complaint.kind; return k === "complaint" || k === "grumble"; };

describe("complaint model", () => {
  it("separates the project's hand-written hold-out sentences (F1 >= 0.8)", () => {
    const rows = fs.readFileSync(new URL("./fixtures/complaints-holdout.project.tsv", import.meta.url), "utf8")
      .split("\n").filter(Boolean).map((l) => { const [y, ...t] = l.split("\t"); return { y: y === "1", text: t.join("\t") }; });
    expect(rows.length).toBeGreaterThanOrEqual(80);
    let tp = 0, fp = 0, fn = 0;
    for (const r of rows) { const p = isComplaint(r.text); if (p && r.y) tp++; else if (p) fp++; else if (r.y) fn++; }
    expect((2 * tp) / (2 * tp + fp + fn)).toBeGreaterThanOrEqual(0.8);
  });

  it("explains its decision with p(complaint) and the words that drove it", () => {
    const a = engine.analyze({ text: "@acmehelp my order still hasn't arrived after two weeks and nobody answers my emails" });
    expect(a.complaint.kind).toBe("complaint");
    const line = a.why.find((w) => w.startsWith("complaint: "));
    expect(line).toMatch(/complaint model complaint-en@\d+: p=[01]\.\d\d/);
    const chat = engine.analyze({ text: "@jess_k haha see you at the beach tomorrow" });
    expect(chat.complaint.kind).not.toBe("complaint");
    expect(chat.why.some((w) => /complaint model complaint-en@\d+: p=/.test(w))).toBe(true);
  });

  it("scoring with the split weight maps equals the plain sum over complaintFeatures()", () => {
    const file = JSON.parse(fs.readFileSync(DEFAULT_COMPLAINT_MODEL, "utf8")) as ComplaintModelFile;
    const model = loadComplaintModel(DEFAULT_COMPLAINT_MODEL);
    for (const text of ["@shopmart 2 orders, 0 deliveries??? where is my refund", "thanks so much!! loving the new app 😍", "RT @x: 100 100 @a @b great"]) {
      const lower = text.toLowerCase();
      const sig = complaintSignals({ text: lower, lang: "en", sentiment: "negative", score: -0.4, addressed: true, competitors: [], stakeholder: null });
      const tokens = tokenizeEnglish(text);
      let z = file.bias;
      complaintFeatures(tokens, sig, (n, x) => { z += (file.weights[n] ?? 0) * x; });
      expect(scoreComplaint(model, tokens, sig).p).toBeCloseTo(1 / (1 + Math.exp(-z)), 10);
    }
  });

  it("model null runs the hand-written rules alone", () => {
    const why: string[] = [];
    const r = analyzeComplaint({ text: "my flight got delayed again, so tired of this", lang: "en", sentiment: "negative", score: -0.5, addressed: false, competitors: [], stakeholder: null, model: null }, why);
    expect(r.complaint.kind).toBe("grumble");
    expect(why.some((w) => w.includes("complaint model"))).toBe(false);
  });

  it("a model file that is not a complaint model is a ConfigError naming the file", () => {
    const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "earshot-cm-")), "bad.json");
    fs.writeFileSync(f, JSON.stringify({ format: "earshot-linear", classes: [], bias: [], weights: {} }));
    expect(() => loadComplaintModel(f)).toThrow(ConfigError);
    expect(() => loadComplaintModel(f)).toThrow(/bad\.json.*earshot-complaint-linear/);
    expect(() => loadComplaintModel(path.join(path.dirname(f), "missing.json"))).toThrow(/cannot read complaint model .*missing\.json/);
  });
});

describe("brand and topic signals", () => {
  it("recognises company care handles and unambiguous brand names, not people or everyday words", () => {
    for (const h of ["@applesupport", "@comcastcares", "@askpaypal", "@amazonhelp", "@xbox_support", "@southwestair"]) expect(isBrandHandle(h)).toBe(true);
    for (const h of ["@jess_k", "@mike", "@the_real_dan", "@a"]) expect(isBrandHandle(h)).toBe(false);
    expect(BRAND_WORDS.has("comcast")).toBe(true);
    expect(BRAND_WORDS.has("target")).toBe(false);
    expect(BRAND_WORDS.has("delta")).toBe(false);
  });
  it("signals: brand from a handle, from the configured brand, service and personal words", () => {
    const base = { lang: "en" as const, sentiment: "negative" as const, score: -0.5, addressed: true, competitors: [], stakeholder: null };
    const a = complaintSignals({ ...base, text: "@comcastcares my internet is down" }, tokenizeEnglish("@comcastcares my internet is down"));
    expect([a.brand, a.service, a.personal]).toEqual([true, true, false]);
    const b = complaintSignals({ ...base, text: "@jess_k ugh rainy mondays" }, tokenizeEnglish("@jess_k ugh rainy mondays"));
    expect([b.brand, b.service, b.personal]).toEqual([false, false, true]);
    const c = complaintSignals({ ...base, text: "skyway lost my bag", brandNamed: true }, tokenizeEnglish("skyway lost my bag"));
    expect(c.brand).toBe(true);
  });
  it("the same failure words count more when aimed at a company than at a friend", () => {
    const model = loadComplaintModel(DEFAULT_COMPLAINT_MODEL);
    const p = (text: string) => {
      const tokens = tokenizeEnglish(text);
      return scoreComplaint(model, tokens, complaintSignals({ text: text.toLowerCase(), lang: "en", sentiment: "negative", score: -0.5, addressed: true, competitors: [], stakeholder: null }, tokens)).p;
    };
    expect(p("@comcastcares my internet has been down all day")).toBeGreaterThan(p("@jess_k my internet has been down all day"));
  });
});

describe("project complaint corpus", () => {
  it("is deterministic, de-duplicated, and has both classes in every domain", () => {
    const a = generateComplaintCorpus(), b = generateComplaintCorpus();
    expect(a).toEqual(b);
    expect(new Set(a.map((r) => r.text)).size).toBe(a.length);
    for (const d of ["apparel", "cars", "electronics", "food", "retail", "services", "software", "transport"]) {
      expect(a.some((r) => r.domain === d && r.label === 1)).toBe(true);
      expect(a.some((r) => r.domain === d && r.label === 0)).toBe(true);
    }
    expect(a.filter((r) => r.domain === "random" && r.label === 1)).toHaveLength(0);
  });
  it("hand-written posts and the hand-written dev file: well-formed, every domain, no post in both", () => {
    const read = (name: string) => fs.readFileSync(new URL(`../../models/corpus/${name}`, import.meta.url), "utf8")
      .trim().split("\n").map((l) => JSON.parse(l) as { text: string; label: number; domain: string });
    const train = read("complaints.handwritten2.jsonl"), dev = read("complaints.dev.project.jsonl");
    expect(train.length).toBeGreaterThanOrEqual(3000);
    expect(dev.length).toBeGreaterThanOrEqual(400);
    for (const r of [...train, ...dev]) {
      expect(typeof r.text === "string" && r.text.length > 0).toBe(true);
      expect([0, 1]).toContain(r.label);
    }
    // Complaint share near the paper's 36% (1,232 of 3,449), not the generated corpus's 45%.
    const share = train.filter((r) => r.label === 1).length / train.length;
    expect(share).toBeGreaterThan(0.3);
    expect(share).toBeLessThan(0.42);
    for (const d of ["apparel", "cars", "electronics", "food", "retail", "services", "software", "transport"]) {
      expect(train.some((r) => r.domain === d && r.label === 1)).toBe(true);
      expect(train.some((r) => r.domain === d && r.label === 0)).toBe(true);
    }
    const key = (t: string) => t.toLowerCase().trim();
    const seen = new Set(train.map((r) => key(r.text)));
    expect(seen.size).toBe(train.length);
    expect(dev.filter((r) => seen.has(key(r.text)))).toEqual([]);
    // The shipped model says what it was fitted on; the dev file is not in that list.
    const model = JSON.parse(fs.readFileSync(DEFAULT_COMPLAINT_MODEL, "utf8")) as ComplaintModelFile;
    expect(model.trainedOn.some((s) => s.includes("complaints.handwritten2.jsonl"))).toBe(true);
    expect(model.trainedOn.some((s) => s.includes("complaints.dev.project.jsonl"))).toBe(false);
  });
  it("the stored jsonl is the generator's output (regenerate with npm run model:build:complaint)", () => {
    const stored = fs.readFileSync(new URL("../../models/corpus/complaints.project.jsonl", import.meta.url), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(stored).toEqual(generateComplaintCorpus());
  });
});
