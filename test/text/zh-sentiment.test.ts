// Chinese sentiment: the lexicon rules, the stacked model shipped in models/sentiment-zh.json
// and the project-written corpus generator. Every sentence here was written for this test.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ChineseSentiment, forEachZhFeature, loadZhModel, type ZhModelFile } from "../../analysis/text/sentiment.zh.ts";
import { createTextEngine } from "../../analysis/text/engine.ts";
import { buildCorpus } from "../../bench/text/zh-corpus.ts";
import { ConfigError } from "../../core/errors.ts";

const engine = createTextEngine();
const label = (text: string) => engine.analyze({ text }).sentiment.label;
const rules = new ChineseSentiment({ model: null });

describe("Chinese sentiment (engine with the shipped model)", () => {
  it("a food-delivery complaint written as a story is negative", () => {
    expect(label("下午五点下的单，等了一个半小时才送到，饭菜全凉了，打电话给商家也没人接")).toBe("negative");
    expect(label("汤洒了一袋子，筷子也没给，以后不会再点了")).toBe("negative");
  });

  it("plain praise of delivery and of a hotel is positive", () => {
    expect(label("送得很快，还是热乎的，分量也足，好评")).toBe("positive");
    expect(label("酒店离地铁站很近，房间干净，前台服务周到，下次还住这里")).toBe("positive");
  });

  it("a contrast sentence takes the clause after 但是/不过", () => {
    expect(label("虽然环境不错，但是菜太难吃了")).toBe("negative");
    expect(label("价格有点贵，不过味道真的很好")).toBe("positive");
  });

  it("a small reservation after praise stays positive", () => {
    expect(label("很好吃，就是送得有点慢")).toBe("positive");
    expect(label("房间干净，服务热情，早餐也丰富。就是隔音稍微差了一点，总体很满意。")).toBe("positive");
  });

  it("lukewarm and negated praise are negative", () => {
    expect(label("味道一般，没什么特色")).toBe("negative");
    expect(label("不太好吃，也不新鲜")).toBe("negative");
  });

  it("Traditional input is folded and scored like Simplified", () => {
    const r = engine.analyze({ text: "房間很乾淨，服務很周到，推薦" });
    expect(r.sentiment.label).toBe("positive");
    expect(r.why).toContain("rule: Traditional Chinese folded to Simplified");
    expect(label("東西難吃，態度又差，等了一個多小時")).toBe("negative");
    // characters from the second batch of the folding table (衛 髒 濕 爛 週 燒 鍋)
    expect(label("衛生間很髒，床單潮濕，太爛了")).toBe("negative");
    expect(label("週末去吃燒烤，鍋底很香，服務很熱情")).toBe("positive");
  });

  it("Weibo emoticons still decide an otherwise flat post", () => {
    expect(label("又到周一了[怒][怒]")).toBe("negative");
    expect(label("周末回了趟老家[哈哈][爱你]")).toBe("positive");
  });

  it("factual posts, plans and questions read neutral", () => {
    for (const text of ["明天下午三点开会", "酒店在人民路上", "请问你们几点关门？", "点了一份炒饭和一杯奶茶"]) {
      const r = engine.analyze({ text });
      expect(r.sentiment.label, text).toBe("neutral");
      expect(r.why).toContain("rule: no sentiment word or emoticon; model score damped x0.15");
    }
  });

  it("why names the model and the lexicon words", () => {
    const r = engine.analyze({ text: "菜太咸了，很失望" });
    expect(r.why.some((w) => w.startsWith("model: sentiment-zh@1 p(pos)="))).toBe(true);
    expect(r.why.some((w) => w.startsWith("neg: '失望'") || w.startsWith("neg: '很失望'"))).toBe(true);
  });
});

describe("Chinese lexicon rules (no model)", () => {
  it("contrast is scoped to its sentence", () => {
    const v = rules.score("房间很干净，服务也很热情。但是早餐很差。");
    expect(v.why).toContain("rule: contrast '但是' weights the later clause");
    // Scoped: the sentence after the full stop is set against the one before, not the whole text.
    const long = rules.score("位置很好，房间很大。服务员很热情。早餐一般，但是咖啡不错。");
    expect(long.lexiconSum).toBeGreaterThan(0);
  });

  it("a concession halves its clause and a summary weighs the verdict", () => {
    const v = rules.score("虽然有点贵，总体来说很满意");
    expect(v.why).toContain("rule: concession '虽然' halves its clause");
    expect(v.why).toContain("rule: summary '总体' weights the verdict");
    expect(v.compound).toBeGreaterThan(0);
  });

  it("hedges scale the next word instead of counting as negative words", () => {
    const hedged = rules.score("有点慢").lexiconSum;
    const plain = rules.score("慢").lexiconSum;
    expect(hedged).toBeLessThan(0);
    expect(Math.abs(hedged)).toBeLessThan(Math.abs(plain));
  });
});

describe("stacked model file and features", () => {
  it("features: words, bigrams inside a clause, words in a negator's scope", () => {
    const keys: string[] = [];
    forEachZhFeature(["不", "好吃", "，", "贵"], (k) => keys.push(k));
    expect(keys).toEqual(["u:不", "u:好吃", "b:不|好吃", "n:好吃", "u:贵"]);
  });

  it("scoring adds exactly the weights of the emitted features", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zh-model-"));
    const model: ZhModelFile = {
      format: "earshot-zh-linear", version: 9, name: "test-zh", trainedOn: ["hand-made"], bias: 0.1, lexWeight: 0,
      weights: { "u:房间": 0.5, "b:房间|很": -0.25, "n:干净": -2, "u:不": 0.3 },
    };
    const file = path.join(dir, "m.json");
    fs.writeFileSync(file, JSON.stringify(model));
    const z = new ChineseSentiment({ model: file });
    const v = z.score("房间很不干净");
    let expected = model.bias;
    forEachZhFeature(v.tokens, (k) => { expected += model.weights[k] ?? 0; });
    expect(v.compound).toBeCloseTo(Math.tanh(expected / 2), 10);
    expect(v.why.some((w) => w.startsWith("model: test-zh@9"))).toBe(true);
    fs.rmSync(dir, { recursive: true });
  });

  it("a file that is not a Chinese model is a ConfigError naming the file", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zh-model-"));
    const file = path.join(dir, "wrong.json");
    fs.writeFileSync(file, JSON.stringify({ format: "earshot-linear", classes: [] }));
    expect(() => loadZhModel(file)).toThrow(ConfigError);
    expect(() => loadZhModel(file)).toThrow(/wrong\.json is not an earshot-zh-linear model/);
    expect(() => loadZhModel(path.join(dir, "missing.json"))).toThrow(/cannot read Chinese sentiment model .*missing\.json/);
    fs.rmSync(dir, { recursive: true });
  });
});

describe("project-written corpus generator", () => {
  it("is deterministic for a seed and balanced", () => {
    const a = buildCorpus(400, 3), b = buildCorpus(400, 3);
    expect(a).toEqual(b);
    const polar = a.filter((r) => r.kind !== "hand" && r.kind !== "neutral");
    expect(polar.length).toBe(400);
    expect(polar.filter((r) => r.label === 1).length).toBe(200);
    // neutral rows (soft target 0.5) come on top: 20% of the polar count
    expect(a.filter((r) => r.label === 0.5).length).toBe(80);
    expect(new Set(a.map((r) => r.text)).size).toBe(a.length);
  });
});

describe("hand-written review corpus and its held-out set", () => {
  const read = (f: string) => fs.readFileSync(new URL(`../../models/corpus/${f}`, import.meta.url), "utf8")
    .split("\n").filter(Boolean).map((l) => JSON.parse(l) as { text: string; label: number; kind?: string });
  const train = read("zh-reviews.handwritten.jsonl");
  const dev2 = read("zh-dev2.handwritten.jsonl");

  it("rows are whole reviews labelled 0/1, roughly balanced, without duplicates", () => {
    expect(train.length).toBeGreaterThanOrEqual(2500);
    for (const r of train) {
      expect(typeof r.text === "string" && r.text.trim().length > 0).toBe(true);
      expect([0, 1]).toContain(r.label);
      expect(r.kind).toBe("hand2");
    }
    const pos = train.filter((r) => r.label === 1).length / train.length;
    expect(pos).toBeGreaterThan(0.45);
    expect(pos).toBeLessThan(0.55);
    expect(new Set(train.map((r) => r.text)).size).toBe(train.length);
  });

  it("the held-out set shares no text with any training file", () => {
    const seen = new Set([...train, ...read("zh-reviews.project.jsonl")].map((r) => r.text));
    expect(dev2.length).toBeGreaterThanOrEqual(300);
    expect(dev2.filter((r) => seen.has(r.text))).toEqual([]);
  });

  it("the shipped model was fitted on both corpora and holds up on the held-out reviews", () => {
    const shipped = loadZhModel(new URL("../../models/sentiment-zh.json", import.meta.url));
    expect(shipped.trainedOn.some((s) => s.includes("zh-reviews.handwritten.jsonl"))).toBe(true);
    expect(shipped.trainedOn.some((s) => s.includes("zh-reviews.project.jsonl"))).toBe(true);
    const z = new ChineseSentiment();
    const acc = dev2.filter((r) => (z.score(r.text).compound >= 0 ? 1 : 0) === r.label).length / dev2.length;
    // lexicon rules alone score ~0.82 here; the model must stay well above them
    expect(acc).toBeGreaterThan(0.93);
  });
});
