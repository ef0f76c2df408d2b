// English sentiment: the shipped sparse model read through the engine, and the scorer's
// agreement with the training-side feature names. Sentences are the project's own.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createTextEngine, DEFAULT_SENTIMENT_MODEL } from "../../analysis/text/engine.ts";
import { tokenizeEnglish } from "../../analysis/text/tokenize.en.ts";
import { EnglishSentiment, SparseSentimentModel, sparseFeatures } from "../../analysis/text/sentiment.en.ts";
import { predictProba } from "../../analysis/text/linear.ts";

const engine = createTextEngine();
const brand = { id: "skyway", name: "Skyway", keywords: ["skyway"], competitors: [] };
const label = (text: string) => engine.analyze({ text, brand }).sentiment.label;

describe("shipped English sentiment model", () => {
  it("is the sparse model, versioned in the engine id", () => {
    const file = JSON.parse(fs.readFileSync(DEFAULT_SENTIMENT_MODEL, "utf8"));
    expect(file.features).toBe("sparse");
    expect(file.trainedOn.join(" ")).toMatch(/project-written/);
    expect(engine.id).toBe(`earshot-text@1+sentiment-en@${file.version}`);
  });
  it("reads a failure report addressed to the brand as negative even without sentiment words", () => {
    expect(label("@skyway we have been parked at gate C4 for two hours and nobody has told us anything")).toBe("negative");
    expect(label("@skyway 45 minutes on hold and then the call dropped")).toBe("negative");
    expect(label("@skyway third time this month the 7:10 left without the connecting passengers")).toBe("negative");
  });
  it("keeps neutral questions and logistics neutral", () => {
    expect(label("@skyway what time does the lounge in terminal B open on Saturdays?")).toBe("neutral");
    expect(label("@skyway can I bring a car seat for my toddler on board")).toBe("neutral");
    expect(label("@skyway I sent you my booking reference in a DM")).toBe("neutral");
  });
  it("reads thanks and praise as positive, and polite or sarcastic thanks for a failure as negative", () => {
    expect(label("@skyway thank you to the crew on the Lisbon flight, they were lovely with my kids")).toBe("positive");
    expect(label("@skyway thanks for the reply but I am still stuck in Denver with no hotel")).toBe("negative");
  });
  it("says which words drove the model", () => {
    const r = engine.analyze({ text: "@skyway the crew was wonderful and the seats were so comfortable", brand });
    expect(r.sentiment.label).toBe("positive");
    const line = r.why.find((w) => w.startsWith("model words: "));
    expect(line).toMatch(/wonderful|comfortable/);
  });
});

describe("SparseSentimentModel", () => {
  // A hand-made model that uses every feature family the scorer knows.
  const model = {
    classes: ["negative", "neutral", "positive"],
    bias: [0.1, 0.2, -0.1],
    weights: {
      "b:compound": [-1, 0, 1], "b:addressed": [0.3, 0, -0.2], "b:question": [0, 0.8, 0], "b:failure": [1.1, -0.4, -0.6],
      "b:maxneg": [0.5, 0, -0.5], "b:last": [-0.4, 0, 0.4], "b:nohit": [0, 0.6, 0],
      "u:gate": [0.2, 0.1, -0.3], "n:happy": [1.5, 0, -1.5], "u:happy": [-1, 0, 1.2], "f:what": [-0.5, 1, -0.3],
      "g:on hold": [1.4, -0.2, -1], "g:<num> hours": [0.9, 0, -0.6], "e:😡": [2, -1, -1], "x:future": [9, 9, 9],
    } as Record<string, number[]>,
  };
  const en = new EnglishSentiment();
  const texts = [
    "@skyway what gate for the 5 pm flight?",
    "@skyway not happy at all, on hold for 3 hours 😡",
    "I am happy, very happy",
    "still on hold",
    "no no no happy hours",
  ];
  it("gives the same probabilities as the training-side feature names (with and without a shared word table)", () => {
    const own = new SparseSentimentModel(model);
    const hosted = new SparseSentimentModel(model, new EnglishSentiment());
    for (const text of texts) {
      for (const failure of [false, true]) {
        const t = tokenizeEnglish(text);
        const want = predictProba(model, sparseFeatures(t, en.score(t), failure));
        const a = own.proba(t, en.score(t), failure).p;
        // Bigram weights are held as float32 in the scorer: equal to ~1e-7.
        for (let k = 0; k < 3; k++) expect(a[k]).toBeCloseTo(want[k], 6);
        expect(a.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 12);
      }
    }
    const hostEn = new EnglishSentiment();
    const h = new SparseSentimentModel(model, hostEn);
    for (const text of texts) {
      const t = tokenizeEnglish(text);
      expect(h.proba(t, hostEn.score(t)).p).toEqual(own.proba(t, en.score(t)).p);
    }
    expect(hosted).toBeInstanceOf(SparseSentimentModel);
  });
  it("negation scope and bigrams change the score the way their weights say", () => {
    const m = new SparseSentimentModel(model);
    const p = (text: string) => { const t = tokenizeEnglish(text); return m.proba(t, en.score(t)).p; };
    expect(p("not happy")[0]).toBeGreaterThan(p("happy")[0]);
    expect(p("on hold")[0]).toBeGreaterThan(p("hold on")[0]);
    const top = (() => { const t = tokenizeEnglish("not happy"); return m.proba(t, en.score(t)).top; })();
    expect(top).toContain("not happy");
  });
  it("rejects a weight vector of the wrong length, naming the feature", () => {
    expect(() => new SparseSentimentModel({ ...model, weights: { "u:gate": [1, 2] } })).toThrow(/feature 'u:gate' needs 3 weights/);
    expect(() => new SparseSentimentModel({ ...model, bias: [0, 0] })).toThrow(/2 biases for 3 classes/);
  });
  it("an engine loads a sparse model file given by path", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "earshot-sent-"));
    const file = path.join(dir, "m.json");
    fs.writeFileSync(file, JSON.stringify({ format: "earshot-linear", version: 7, name: "tiny-en", trainedOn: [], features: "sparse", ...model }));
    const e = createTextEngine({ sentimentModel: file });
    expect(e.id).toBe("earshot-text@1+tiny-en@7");
    expect(e.analyze({ text: "@skyway stuck on hold again 😡" }).sentiment.label).toBe("negative");
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe("project corpus", () => {
  it("every row has text and a three-way label, and all three labels occur", () => {
    const rows = fs.readFileSync(new URL("../../models/corpus/brand-posts.en.jsonl", import.meta.url), "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
    expect(rows.length).toBeGreaterThan(1000);
    const seen = new Set<string>();
    for (const r of rows) {
      expect(typeof r.text).toBe("string");
      expect(["negative", "neutral", "positive"]).toContain(r.label);
      seen.add(r.label);
    }
    expect(seen.size).toBe(3);
  });
});
