// Seeded synthetic posts for throughput benchmarks (our own templates, no real posts).
import type { RawPost } from "../analysis/types.ts";
import { rng } from "./early-warning/generator.ts";

// The same seeded PRNG as the early-warning generator (mulberry32).
export const mulberry32 = rng;

const OPENERS = ["Just flew", "Booked", "Waited two hours with", "Honestly", "Third time this month", "Shout out to", "Can't believe", "So", "Update on my trip with", "Thread about"];
const BRANDS = ["Acme Air", "@acmeair", "AcmeAir", "Globex Airways"];
const TAILS = [
  "and they lost my bag again, nobody answers the phone", "great crew, smooth landing, thanks!", "flight delayed 3 hours with no explanation",
  "the agent was rude and refused a refund", "wifi did not work but the snacks were nice", "cancelled my flight, switching to Globex Airways",
  "best service I have had in years", "baggage handlers broke my guitar", "prices went up again for the same seat", "seat was fine, nothing special",
  "never flying with you again", "is the lounge open at gate 12?", "NOT HAPPY at all!!!", "sooooo good, love it",
];
const ZH = ["阿克米航空 Acme Air 又把我的行李弄丢了，太差了", "Acme Air 的服务很好，谢谢", "Acme Air 航班延误三个小时[怒]"];

/** All n posts at once (small n: tests, fixtures). */
export function syntheticPosts(n: number, seed = 42, start = Date.UTC(2026, 0, 5)): RawPost[] {
  const out: RawPost[] = [];
  for (const batch of syntheticPostBatches(n, n || 1, seed, start)) out.push(...batch);
  return out;
}

/**
 * The same posts as syntheticPosts(n, seed, start), made `size` at a time: a benchmark
 * replays them batch by batch without holding all of them (a collector or an import
 * never holds a whole history either), so peak RSS measures the pipeline, not the input.
 */
export function* syntheticPostBatches(n: number, size: number, seed = 42, start = Date.UTC(2026, 0, 5)): Generator<RawPost[]> {
  const rnd = mulberry32(seed);
  const spanMs = 7 * 24 * 3600_000;
  for (let from = 0; from < n; from += size) {
    const posts: RawPost[] = [];
    for (let i = from; i < Math.min(from + size, n); i++) {
      const zh = rnd() < 0.05;
      const text = zh ? ZH[Math.floor(rnd() * ZH.length)] :
        `${OPENERS[Math.floor(rnd() * OPENERS.length)]} ${BRANDS[Math.floor(rnd() * BRANDS.length)]} ${TAILS[Math.floor(rnd() * TAILS.length)]} #${i % 997}`;
      const user = Math.floor(rnd() * 20000);
      // Followers belong to the author (power law, exponent ~2), not to the post.
      const followers = Math.floor(10 / (1 - mulberry32(user)() * 0.999999));
      posts.push({
        externalId: `syn-${seed}-${i}`,
        text: rnd() < 0.2 ? `<p>${text} &amp; more at <a href="https://example.org/x?utm_source=t">link</a></p>` : text,
        url: `https://social.example.org/p/${i}?utm_campaign=x`,
        publishedAt: new Date(start + Math.floor((i / n) * spanMs)),
        author: { handle: `user${user}`, followers: Math.min(followers, 10_000_000) },
        engagement: { likes: Math.floor(rnd() * 50), reposts: Math.floor(rnd() * 10), replies: Math.floor(rnd() * 5), views: 0 },
      });
    }
    yield posts;
  }
}
