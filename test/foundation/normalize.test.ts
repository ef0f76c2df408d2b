import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalizeUrl, contentHash, htmlToText } from "../../analysis/normalize.ts";
import { compileBrandMatcher, matchBrands } from "../../analysis/match.ts";
import { detectLanguage } from "../../analysis/language.ts";

const brand = (o: Partial<Parameters<typeof compileBrandMatcher>[0]> = {}) => compileBrandMatcher({
  id: "acme", name: "Acme", keywords: ["Acme Air"], aliases: ["@acmeair", "阿克米航空"], exclusions: ["acme air fryer"], languages: [], competitors: [], ...o,
});

describe("htmlToText", () => {
  it("strips tags, drops scripts and decodes entities", () => {
    expect(htmlToText("<p>Bag <b>lost</b> &amp; no reply&nbsp;at all</p><script>alert(1)</script>")).toBe("Bag lost & no reply\u00a0at all".replace("\u00a0", "\u00a0"));
    expect(htmlToText("Fish &amp; chips &#8212; &quot;great&quot;")).toBe('Fish & chips — "great"');
  });
  it("keeps decoded markup as text, never re-parses it", () => {
    expect(htmlToText("&lt;img src=x onerror=alert(1)&gt;")).toBe("<img src=x onerror=alert(1)>");
  });
  it("turns block elements into line breaks and folds whitespace", () => {
    expect(htmlToText("<div>one</div>\n\n<div>  two   three</div>")).toBe("one\ntwo three");
  });
});

describe("canonicalizeUrl", () => {
  it("strips tracking parameters, fragments and www, sorts the query", () => {
    expect(canonicalizeUrl("https://WWW.Example.com/a/b/?utm_source=x&b=2&fbclid=z&a=1#frag")).toBe("https://example.com/a/b?a=1&b=2");
  });
  it("rejects non-http URLs and garbage", () => {
    expect(canonicalizeUrl("javascript:alert(1)")).toBeNull();
    expect(canonicalizeUrl("not a url")).toBeNull();
  });
});

describe("contentHash", () => {
  it("ignores case, URLs and spacing so copies dedupe", () => {
    expect(contentHash("Lost my BAG  https://t.co/x")).toBe(contentHash("lost my bag https://t.co/other"));
    expect(contentHash("lost my bag")).not.toBe(contentHash("lost my cat"));
  });
});

describe("brand matching", () => {
  it("is case-insensitive and whole-word for Latin scripts", () => {
    const m = brand();
    expect(m.matches("flew ACME AIR today")).toBe(true);
    expect(m.matches("acme airline")).toBe(false);
    expect(m.matches("thanks @acmeair!")).toBe(true);
    expect(m.matches("thanks @acmeairways")).toBe(false);
  });
  it("matches CJK keywords as substrings", () => {
    expect(brand().matches("我坐阿克米航空的航班，行李丢了")).toBe(true);
  });
  it("lets an exclusion veto the match", () => {
    expect(brand().matches("my Acme Air fryer broke")).toBe(false);
  });
  it("returns every matching brand in config order", () => {
    const ms = [brand(), compileBrandMatcher({ id: "globex", name: "Globex", keywords: ["Globex"], aliases: [], exclusions: [], languages: [], competitors: [] })];
    expect(matchBrands(ms, "Acme Air vs Globex")).toEqual(["acme", "globex"]);
  });
});

describe("language detection", () => {
  it("detects English, Chinese and Japanese", () => {
    expect(detectLanguage("The airline lost my guitar and nobody answers the phone at all")).toBe("en");
    expect(detectLanguage("航空公司把我的吉他摔坏了")).toBe("zh");
    expect(detectLanguage("荷物がなくなりました、ひどいです")).toBe("ja");
  });
  it("says it does not know rather than guessing on tiny input", () => {
    expect(detectLanguage("!!! ???")).toBeNull();
  });
});

describe("plain-text posts", () => {
  it("keep what the person typed, markup-looking text included", async () => {
    const { plainText } = await import("../../analysis/normalize.ts");
    expect(plainText("Acme Air <img src=x onerror=alert(1)> &amp; more")).toBe("Acme Air <img src=x onerror=alert(1)> & more");
  });
});

describe("text folding shortcuts", () => {
  // The folding and hashing skip their replaces when a text needs none; these are the
  // full versions (as they were before the shortcuts), and random texts made of the
  // characters that matter must come out identical.
  const fullFold = (s: string) => s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u200b\ufeff]/g, "").replace(/[ \t\r\f\v]+/g, " ").replace(/\s*\n\s*/g, "\n").trim();
  const fullBasis = (t: string) => t.toLowerCase().replace(/https?:\/\/\S+/g, "").replace(/\s+/g, " ").trim();
  const PIECES = ["a", "B", "word", " ", "  ", "\n", "\n\n", "\t", "\r", "\r\n", "\u00a0", "\u2028", "\u3000", "\u200b", "\ufeff", "\u0001", "\u000b", "\u000c",
    "&amp;", "&nbsp;", "<b>", "</p>", "http://x.org/a", "HTTPS://Y.org", "http", "阿克米", "😡", "\ud800"];
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x80000000);
  const texts = Array.from({ length: 20_000 }, () => Array.from({ length: 1 + Math.floor(rnd() * 12) }, () => PIECES[Math.floor(rnd() * PIECES.length)]).join(""));

  it("gives exactly what the full replaces give", async () => {
    const { plainText } = await import("../../analysis/normalize.ts");
    const { decodeHTML } = await import("entities");
    let unchanged = 0;
    for (const t of texts) {
      expect(plainText(t)).toBe(fullFold(t.includes("&") ? decodeHTML(t) : t));
      if (!t.includes("<")) expect(htmlToText(t)).toBe(fullFold(t.includes("&") ? decodeHTML(t) : t));
      expect(contentHash(t)).toBe(createHash("sha1").update(fullBasis(t)).digest("hex").slice(0, 16));
      if (fullFold(t) === t) unchanged++;
    }
    // Both branches of the shortcut were exercised.
    expect(unchanged).toBeGreaterThan(500);
    expect(unchanged).toBeLessThan(texts.length - 500);
  });
});
