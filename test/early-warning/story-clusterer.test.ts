import { describe, expect, it } from "vitest";
import { StoryClusterer, hamming, simhash, stripForSignature, linkKeys } from "../../analysis/early-warning/index.ts";
import { HOUR, MIN, T0 } from "./helpers.ts";
import { STORY_PAIRS } from "./fixtures/story-pairs.ts";

describe("text signatures", () => {
  it("strips URLs, handles, hashtags and RT before hashing", () => {
    expect(stripForSignature("RT @bob: Acme lost my bag!!! https://t.co/xyz #fail")).toBe("acme lost my bag");
    const a = simhash(stripForSignature("Acme airline broke my guitar and nobody cares"));
    const b = simhash(stripForSignature("RT @x: Acme airline broke my guitar and nobody cares!! #acmefail"));
    expect(hamming(a, b)).toBe(0);
  });
  it("extracts video ids and canonical URLs as link keys", () => {
    expect(linkKeys("watch https://youtu.be/abcDEF12345 now", null)).toContain("yt:abcDEF12345");
    expect(linkKeys("see https://www.youtube.com/watch?v=abcDEF12345&t=3", null)).toContain("yt:abcDEF12345");
    expect(linkKeys("x", "https://news.example.com/2026/acme-recall?utm=1")).toContain("url:news.example.com/2026/acme-recall");
    expect(linkKeys("https://acme.com", null)).toHaveLength(0); // bare brand home page is not a story
  });
});

describe("StoryClusterer", () => {
  it("groups by shared link, near-duplicate and rewording; keeps unrelated posts apart", () => {
    const c = new StoryClusterer();
    const a = c.assign({ brandId: "acme", text: "Acme Air baggage handlers broke my Taylor guitar in Chicago and refused to pay", at: T0 });
    const rt = c.assign({ brandId: "acme", text: "RT @dave: Acme Air baggage handlers broke my Taylor guitar in Chicago and refused to pay!", at: T0 + MIN });
    const rw = c.assign({ brandId: "acme", text: "Can't believe Acme Air refused to pay for the Taylor guitar their handlers broke", at: T0 + 2 * MIN });
    const other = c.assign({ brandId: "acme", text: "Acme Air lounge in Denver has great coffee this morning", at: T0 + 3 * MIN });
    const v1 = c.assign({ brandId: "acme", text: "this song is hilarious https://youtu.be/guitar12345", at: T0 + 4 * MIN });
    const v2 = c.assign({ brandId: "acme", text: "everyone watch https://www.youtube.com/watch?v=guitar12345", at: T0 + 5 * MIN });
    expect(rt.storyKey).toBe(a.storyKey);
    expect(rt.via).toBe("near-duplicate");
    expect(rw.storyKey).toBe(a.storyKey);
    expect(rw.via).toBe("rewording");
    expect(other.storyKey).not.toBe(a.storyKey);
    expect(v2.storyKey).toBe(v1.storyKey);
    expect(v2.via).toBe("link");
    expect(v1.storyKey).not.toBe(a.storyKey);
  });

  it("merges two stories when a post bridges them (link + near-duplicate)", () => {
    const c = new StoryClusterer();
    const video = c.assign({ brandId: "acme", text: "new song: united breaks guitars https://youtu.be/vid00000001", at: T0 });
    const text = c.assign({ brandId: "acme", text: "Musician says Acme Air broke his guitar and wrote a song about it", at: T0 + MIN });
    expect(text.storyKey).not.toBe(video.storyKey);
    for (let i = 0; i < 3; i++) c.assign({ brandId: "acme", text: "Musician says Acme Air broke his guitar and wrote a song about it", at: T0 + (2 + i) * MIN });
    const bridge = c.assign({ brandId: "acme", text: "Musician says Acme Air broke his guitar and wrote a song about it https://youtu.be/vid00000001", at: T0 + 10 * MIN });
    expect(bridge.merged).toHaveLength(1);
    expect(c.resolve(video.storyKey)).toBe(c.resolve(text.storyKey));
    expect(bridge.storyKey).toBe(text.storyKey); // the larger story survives
  });

  it("is CJK-aware: near-duplicate Chinese reposts join, a different complaint does not", () => {
    const c = new StoryClusterer();
    const a = c.assign({ brandId: "acme", text: "爱克美航空把我的吉他摔坏了，客服还拒绝赔偿！", at: T0 });
    const b = c.assign({ brandId: "acme", text: "转发 @小王: 爱克美航空把我的吉他摔坏了，客服还拒绝赔偿！！#航空#", at: T0 + MIN });
    const d = c.assign({ brandId: "acme", text: "爱克美航空的新航线下个月开通，票价很便宜", at: T0 + 2 * MIN });
    expect(b.storyKey).toBe(a.storyKey);
    expect(d.storyKey).not.toBe(a.storyKey);
  });

  it("splits in time: a matching post after a long quiet gap opens a continuation", () => {
    const c = new StoryClusterer({ splitAfterQuietMs: 24 * HOUR });
    const a = c.assign({ brandId: "acme", text: "Acme Air lost my luggage again on flight 202 to Boston", at: T0 });
    const b = c.assign({ brandId: "acme", text: "Acme Air lost my luggage again on flight 202 to Boston", at: T0 + 30 * HOUR });
    expect(b.storyKey).not.toBe(a.storyKey);
    expect(b.continues).toBe(a.storyKey);
  });

  it("keeps brands apart even for identical text", () => {
    const c = new StoryClusterer();
    const a = c.assign({ brandId: "acme", text: "worst customer service ever, on hold for three hours", at: T0 });
    const b = c.assign({ brandId: "globex", text: "worst customer service ever, on hold for three hours", at: T0 + MIN });
    expect(a.storyKey).not.toBe(b.storyKey);
  });

  it("meets the documented precision/recall on the hand-labelled pair set", () => {
    let tp = 0, fp = 0, fn = 0;
    for (const [x, y, same] of STORY_PAIRS) {
      const c = new StoryClusterer();
      // background posts give the IDF table realistic document frequencies
      for (let i = 0; i < 30; i++) c.assign({ brandId: "acme", text: `acme ${["flight", "app", "service", "order", "store"][i % 5]} update number ${i} today`, at: T0 + i });
      const a = c.assign({ brandId: "acme", text: x, at: T0 + MIN });
      const b = c.assign({ brandId: "acme", text: y, at: T0 + 2 * MIN });
      const joined = a.storyKey === b.storyKey;
      if (joined && same) tp++; else if (joined && !same) fp++; else if (!joined && same) fn++;
    }
    const precision = tp / Math.max(1, tp + fp), recall = tp / Math.max(1, tp + fn);
    expect(precision).toBeGreaterThanOrEqual(0.9);
    expect(recall).toBeGreaterThanOrEqual(0.7);
  });
});
