// Hand-written fixtures (the project's own sentences) for the text engine.
import { describe, expect, it } from "vitest";
import { createTextEngine } from "../../analysis/text/engine.ts";
import { createDefaultAnalyzer } from "../../analysis/default-analyzer.ts";
import type { AnalyzeInput } from "../../analysis/types.ts";

const engine = createTextEngine();
const brand = { id: "skyway", name: "Skyway", keywords: ["skyway"], competitors: ["Cloudjet", "蓝天航空"] };
const run = (text: string, extra: Partial<AnalyzeInput> = {}) => engine.analyze({ text, brand, ...extra });
const rulesOnly = createTextEngine({ sentimentModel: null });

describe("wiring", () => {
  it("createDefaultAnalyzer returns the text engine with a versioned id", () => {
    const a = createDefaultAnalyzer({ modelPath: null });
    expect(a.id).toMatch(/^earshot-text@\d+\+sentiment-en@\d+$/);
    expect(a.analyze({ text: "hello" }).engine).toBe(a.id);
  });
  it("scores stay in [-1, 1] for extreme input", () => {
    const r = run("WORST WORST WORST terrible horrible awful disgusting!!!!!! 😡😡😡😡");
    expect(r.sentiment.score).toBeGreaterThanOrEqual(-1);
    expect(r.sentiment.score).toBeLessThan(-0.5);
  });
});

describe("English sentiment rules", () => {
  it("reads plain polarity", () => {
    expect(run("The new lounge is lovely and the staff were wonderful").sentiment.label).toBe("positive");
    expect(run("This checkout page is a horrible mess").sentiment.label).toBe("negative");
    expect(run("The shuttle leaves from terminal two").sentiment.label).toBe("neutral");
  });
  it("sarcastic thanks for a failure is negative, plain thanks stays positive", () => {
    const r = run("@skyway thanks so much for losing my suitcase");
    expect(r.sentiment.label).toBe("negative");
    expect(r.why.some((w) => w.startsWith("rule: sarcasm 'thanks so much for losing'"))).toBe(true);
    expect(r.complaint.kind).toBe("complaint");
    expect(run("@skyway thanks for the quick rebooking, much appreciated").sentiment.label).toBe("positive");
    expect(run("谢谢你们让我等了三个小时").sentiment.label).toBe("negative");
  });
  it("mixed-case and curly-apostrophe words tokenize like their plain forms", () => {
    const r = rulesOnly.analyze({ text: "The app is BAD and the menu is ugly" });
    expect(r.sentiment.label).toBe("negative");
    expect(r.why).toContain("rule: ALL CAPS 'bad'");
    expect(rulesOnly.analyze({ text: "The crew was greeeat" }).why).toContain("rule: elongation 'greeat'");
    expect(rulesOnly.analyze({ text: "The seat isn’t good" }).why).toContain("rule: negation flips 'good'");
  });
  it("negation flips a positive word and says so", () => {
    const r = run("The seat was not comfortable at all");
    expect(r.sentiment.label).toBe("negative");
    expect(r.why).toContain("rule: negation flips 'comfortable'");
    expect(run("The seat was comfortable").sentiment.label).toBe("positive");
  });
  it("contrast 'but' weights the later clause", () => {
    const r = rulesOnly.analyze({ text: "The crew was nice but the delay was awful" });
    expect(r.sentiment.label).toBe("negative");
    expect(r.why.some((w) => w.startsWith("rule: contrast 'but'"))).toBe(true);
    expect(rulesOnly.analyze({ text: "The delay was awful but the crew was really nice" }).sentiment.score)
      .toBeGreaterThan(r.sentiment.score);
  });
  it("emoji and emoticons carry sentiment", () => {
    expect(run("my order just landed 😍🎉").sentiment.label).toBe("positive");
    expect(run("my order just landed 😡").sentiment.label).toBe("negative");
    const e = run("on my way to the airport :(");
    expect(e.sentiment.label).toBe("negative");
    expect(e.why).toContain("neg: ':(' -2.0");
  });
  it("ALL CAPS and elongation intensify", () => {
    const plain = rulesOnly.analyze({ text: "the soup was good today" }).sentiment.score;
    const caps = rulesOnly.analyze({ text: "the soup was GOOD today" });
    const long = rulesOnly.analyze({ text: "the soup was goooood today" });
    expect(caps.sentiment.score).toBeGreaterThan(plain);
    expect(caps.why).toContain("rule: ALL CAPS 'good'");
    expect(long.sentiment.score).toBeGreaterThan(plain);
    expect(long.why).toContain("rule: elongation 'good'");
  });
  it("intensifiers raise magnitude", () => {
    const base = rulesOnly.analyze({ text: "the app is slow and bad" }).sentiment.score;
    const strong = rulesOnly.analyze({ text: "the app is slow and extremely bad" });
    expect(strong.sentiment.score).toBeLessThan(base);
    expect(strong.why).toContain("rule: intensifier 'extremely' on 'bad'");
  });
});

describe("Chinese sentiment", () => {
  it("Simplified: polarity, negation and degree", () => {
    expect(run("这家店的菜很好吃，服务也很热情").sentiment.label).toBe("positive");
    expect(run("饭菜太难吃了，送得也很慢").sentiment.label).toBe("negative");
    const neg = run("这次的包装不好看");
    expect(neg.sentiment.label).toBe("negative");
    expect(neg.why.some((w) => w.startsWith("rule: negation flips"))).toBe(true);
    expect(neg.language).toBe("zh");
  });
  it("Traditional is folded to Simplified", () => {
    const r = run("服務態度很好，房間也很乾淨");
    expect(r.sentiment.label).toBe("positive");
    expect(r.why).toContain("rule: Traditional Chinese folded to Simplified");
    expect(run("這家餐廳的東西難吃，態度又差").sentiment.label).toBe("negative");
  });
  it("Weibo emoticons count and are explained", () => {
    const angry = run("今天又排了一个下午的队[怒][怒]");
    expect(angry.sentiment.label).toBe("negative");
    expect(angry.why).toContain("neg: emoticon [怒] -3.0");
    expect(run("周末去海边玩了一天[哈哈][鼓掌]").sentiment.label).toBe("positive");
  });
});

describe("complaints", () => {
  it("complaint: failure addressed to the brand, with reason, category, SERVQUAL", () => {
    const r = run("@Skyway my flight was delayed four hours and nobody told us anything. Fix this.");
    expect(r.complaint.kind).toBe("complaint");
    expect(r.complaint.reason).toBe("delay");
    expect(r.complaint.category).toBe("service");
    expect(r.complaint.servqual).toBe("reliability");
    expect(r.complaint.severity).toBe("general");
    expect(r.why.some((w) => w.startsWith("complaint: failure 'delayed'"))).toBe(true);
  });
  it("reasons: cancellation, lost and damaged baggage, staff, booking", () => {
    expect(run("@Skyway you cancelled my flight to Denver with no warning, terrible").complaint.reason).toBe("cancellation");
    expect(run("@Skyway my suitcase is still missing after three days, where is my bag?").complaint.reason).toBe("lost_baggage");
    expect(run("@Skyway my guitar case arrived smashed, the luggage handlers broke it").complaint.reason).toBe("damaged_baggage");
    expect(run("@Skyway the gate agent was incredibly rude to my mother, unacceptable").complaint.reason).toBe("staff");
    expect(run("@Skyway your website double booked my ticket and charged me twice, awful").complaint.reason).toBe("booking");
  });
  it("categories: product, price, integrity", () => {
    expect(run("@Skyway the headphones you sold me stopped working after a day, useless").complaint.category).toBe("product");
    expect(run("@Skyway you overcharged me for a carry-on, ridiculous").complaint.category).toBe("price");
    const lie = run("@Skyway you promised a free upgrade and then lied about it. Misleading and dishonest");
    expect(lie.complaint.category).toBe("integrity");
    expect(lie.why.some((w) => w.startsWith("category: integrity"))).toBe(true);
  });
  it("empathy and responsiveness dimensions", () => {
    expect(run("@Skyway you clearly don't care about your passengers, awful").complaint.servqual).toBe("empathy");
    expect(run("@Skyway I have been on hold for two hours, terrible").complaint.servqual).toBe("responsiveness");
  });
  it("grumble: negative about the brand without a demand; plain bad mood is none", () => {
    const r = engine.analyze({ text: "the new Skyway logo is really ugly and boring", brand });
    expect(r.complaint.kind).toBe("grumble");
    expect(engine.analyze({ text: "my flight got delayed again, so tired of this" }).complaint.kind).toBe("grumble");
    const mood = engine.analyze({ text: "ugh, rainy mondays are the worst" });
    expect(mood.sentiment.label).toBe("negative");
    expect(mood.complaint.kind).toBe("none");
  });
  it("question and praise and none", () => {
    expect(run("@Skyway can I bring a folding bike as checked baggage?").complaint.kind).toBe("question");
    const p = run("@Skyway thank you, the crew on my flight home was fantastic");
    expect(p.complaint.kind).toBe("praise");
    expect(p.complaint.severity).toBeNull();
    expect(run("Boarding starts at gate 12").complaint.kind).toBe("none");
  });
  it("severity: serious (legal, safety) and malicious (threat, extortion, spam)", () => {
    expect(run("@Skyway my lawyer will hear about this, you lost my bag and I was stranded overnight").complaint.severity).toBe("serious");
    const threat = run("@Skyway refund me or you'll regret it, I will burn it down");
    expect(threat.complaint.severity).toBe("malicious");
    expect(threat.why.some((w) => w.startsWith("severity: malicious"))).toBe(true);
    expect(run("@Skyway pay me 5000 dollars or I will leak your customer list, terrible company").complaint.severity).toBe("malicious");
    expect(run("@Skyway worst airline #boycott #skywayfail #neverskyway #shame #scam #delays").complaint.severity).toBe("malicious");
  });
  it("severity: a complaint by a journalist is serious", () => {
    const r = run("@Skyway my flight was cancelled and no one is answering, awful", { author: { handle: "jdoe", kind: "journalist" } });
    expect(r.stakeholder).toBe("journalist");
    expect(r.complaint.severity).toBe("serious");
  });
  it("Chinese complaint with category, reason, severity and churn", () => {
    const r = run("你们的航班又延误了三个小时，客服也不理人，我要投诉！再也不坐了");
    expect(r.complaint.kind).toBe("complaint");
    expect(r.complaint.reason).toBe("delay");
    expect(r.churn).toBe(true);
    expect(run("外卖送错了还少送一份饭，要求退款").complaint.category).toBe("product");
    expect(run("商家虚假宣传，骗人，我要去消协投诉").complaint.severity).toBe("serious");
  });
});

describe("churn and stakeholder", () => {
  it("churn from switching wording and from competitors", () => {
    const r = run("That's it, switching to another airline. Never flying with you again");
    expect(r.churn).toBe(true);
    expect(r.sentiment.label).toBe("negative");
    const c = run("booking Cloudjet next time, the lines here are too long");
    expect(c.churn).toBe(true);
    expect(c.why).toContain("churn: moving to competitor 'Cloudjet'");
    expect(run("I love flying with you, see you again next month").churn).toBe(false);
  });
  it("stakeholder from author metadata and competitor list", () => {
    expect(run("hello", { author: { handle: "citynews", kind: "media" } }).stakeholder).toBe("media");
    expect(run("hello", { author: { handle: "transport_ministry", kind: "government" } }).stakeholder).toBe("official");
    expect(run("hello", { author: { handle: "cloudjet_official" } }).stakeholder).toBe("competitor");
    expect(run("hello", { author: { handle: "bigvoice", followers: 250_000 } }).stakeholder).toBe("high_reach");
    expect(run("hello", { author: { handle: "someone", verified: true, followers: 900 } }).stakeholder).toBe("verified");
    expect(run("hello", { author: { handle: "someone", followers: 12 } }).stakeholder).toBeNull();
  });
});

describe("other languages", () => {
  it("German falls back to emoji only and says so", () => {
    const r = engine.analyze({ text: "Der Flug war leider wieder verspätet und das Personal war unfreundlich" });
    expect(r.language).toBe("de");
    expect(r.sentiment.label).toBe("neutral");
    expect(r.complaint.kind).toBe("none");
    expect(r.why.some((w) => w.startsWith("fallback: language 'de'"))).toBe(true);
    expect(engine.analyze({ text: "Der Flug war wieder verspätet, das Personal war unfreundlich 😡" }).sentiment.label).toBe("negative");
  });
  it("declared language wins over detection", () => {
    expect(engine.analyze({ text: "great service", language: "fr" }).why.some((w) => w.includes("fallback: language 'fr'"))).toBe(true);
  });
});
