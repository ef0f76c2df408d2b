// Hand-written posts for the PostgreSQL and rollup tests (no data from ../shared/data).
import type { RawPost } from "../../analysis/types.ts";

const PHRASES = [
  "Acme Air lost my bag again, worst airline ever",
  "Thanks @acmeair, the crew was lovely and we landed early",
  "Flying Acme Air to Lisbon today",
  "Acme Air cancelled my flight and nobody answers the phone. Never flying them again",
  "Is Acme Air serving meals on short flights?",
  "AcmeAir overcharged me for a seat, refund please",
  "Acme Air vs Globex Airways: Globex Airways was cheaper this time",
  "Great service from Acme Air at the gate",
];

/** n posts spread over `hours` hours from `start`, with a few authors, duplicates texts and engagement. */
export function fixturePosts(n: number, start = new Date("2026-11-20T00:00:00Z"), hours = 48, prefix = "p", o: { alwaysFollowers?: boolean } = {}): RawPost[] {
  const out: RawPost[] = [];
  for (let i = 0; i < n; i++) {
    out.push({
      externalId: `${prefix}${i}`,
      text: `${PHRASES[i % PHRASES.length]}${i % 5 === 0 ? "" : ` #${i}`}`,
      publishedAt: new Date(start.getTime() + Math.floor((i * hours * 3_600_000) / Math.max(1, n))),
      author: { handle: `user${i % 7}`, displayName: `User ${i % 7}`, followers: o.alwaysFollowers || i % 3 === 0 ? 100 * (i % 7) : null, verified: i % 7 === 3 },
      engagement: { likes: i % 11, reposts: i % 4, replies: i % 3, views: 10 * i },
      url: `https://social.example/p/${prefix}${i}`,
    });
  }
  return out;
}
