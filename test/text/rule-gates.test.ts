// Literal gates in front of the complaint rule patterns (complaint.rules.ts): a pattern is
// skipped only when the post lacks every literal it requires, so ruleExec() must return
// exactly what exec() returns. Sentences are written for this test (no benchmark data).
import { describe, expect, it } from "vitest";
import {
  CATEGORY_RULES, CHURN, DEMAND, FAILURE, PRAISE, REASONS, SARCASM, SERVQUAL_RULES, SEVERITY, requiredLiterals, ruleExec,
} from "../../analysis/text/complaint.rules.ts";
import { ChineseSentiment } from "../../analysis/text/sentiment.zh.ts";

const patterns: RegExp[] = [];
for (const r of [...REASONS, ...CATEGORY_RULES, ...SERVQUAL_RULES]) for (const rx of [r.en, r.zh]) if (rx) patterns.push(rx);
for (const p of [FAILURE, DEMAND, CHURN, SARCASM, PRAISE, SEVERITY.malicious, SEVERITY.serious]) patterns.push(p.en, p.zh);

const SENTENCES = [
  "my flight was delayed three hours and nobody at the gate would answer",
  "thanks for losing my bag again, great job",
  "the crew were rude and the seat was broken",
  "i'm switching to another airline, never flying with you again",
  "can you refund the $45 fee you charged twice?",
  "love the new app, check-in took two minutes",
  "yeah right, so much for on-time departures #not",
  "my suitcase arrived smashed and the handle is torn off",
  "on hold for 2 hours, hung up on me, still no reply",
  "外卖送错了，还晚点了一个小时，要求退款",
  "服务员态度差，再也不来了",
  "谢谢你们让我等了三个小时",
  "",
  "a",
  "ok 👍",
];

describe("requiredLiterals", () => {
  it("reads the literals one of which every match must contain", () => {
    expect(requiredLiterals(String.raw`\b(?:delay(?:ed|s)?|late)\b`)).toEqual(["delay", "late"]);
    // An optional character ends the literal before it.
    expect(requiredLiterals(String.raw`\bcancell?ed\b`)).toEqual(["cancel"]);
    // The most selective required part of a sequence is kept.
    expect(requiredLiterals(String.raw`\b(?:a|b)\b[^.!?]{0,30}\bluggage\b`)).toEqual(["luggage"]);
    expect(requiredLiterals("退款|赔偿")).toEqual(["退款", "赔偿"]);
    expect(requiredLiterals("丢|坏了")).toEqual(["丢", "坏了"]);
  });

  it("gives up (no gate) when a match needs no literal", () => {
    expect(requiredLiterals(String.raw`\b\w+\b`)).toBeNull();
    expect(requiredLiterals(String.raw`delay|(?:late)?`)).toBeNull();
    expect(requiredLiterals(String.raw`[a-z]{3}`)).toBeNull();
  });
});

describe("ruleExec", () => {
  it("returns exactly what exec() returns for every shipped pattern", () => {
    for (const text of SENTENCES) {
      for (const rx of patterns) expect(ruleExec(rx, text)?.[0] ?? null).toBe(rx.exec(text)?.[0] ?? null);
    }
  });

  it("agrees with exec() on generated text built from the patterns' own words", () => {
    const pieces = [...new Set(patterns.flatMap((rx) => rx.source.split(/[\\()|?:*+[\]{}^$]+/).filter(Boolean)))];
    pieces.push(" ", ".", "!", "'", "s", "ed", "l", "@x", "#", "\n");
    let seed = 5;
    const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    let matched = 0;
    for (let n = 0; n < 3000; n++) {
      let text = "";
      for (let k = 1 + Math.floor(rnd() * 6); k > 0; k--) text += pieces[Math.floor(rnd() * pieces.length)] + (rnd() < 0.5 ? " " : "");
      for (const rx of patterns) {
        const want = rx.exec(text)?.[0] ?? null;
        if (want !== null) matched++;
        expect(ruleExec(rx, text)?.[0] ?? null).toBe(want);
      }
    }
    // The generated text does reach the patterns (the gates let matches through).
    expect(matched).toBeGreaterThan(1000);
  });
});

describe("Chinese emoticon scan", () => {
  const zh = new ChineseSentiment({ model: null });
  it("reads [name] with 1-8 characters and no brackets or spaces inside, like the regex it replaced", () => {
    expect(zh.score("今天[哈哈]").why.some((w) => w.includes("emoticon [哈哈]"))).toBe(true);
    expect(zh.score("[[怒]]").why.some((w) => w.includes("emoticon [怒]"))).toBe(true);
    // A space inside, or more than 8 characters, is not an emoticon.
    expect(zh.score("[哈 哈]").why.some((w) => w.includes("emoticon"))).toBe(false);
    expect(zh.score("[一二三四五六七八九]").why.some((w) => w.includes("emoticon"))).toBe(false);
    // Every bracketed name is replaced by a space before segmentation, known or not.
    expect(zh.score("好[不存在的表情]吃").simplified).toBe("好 吃");
  });
});
