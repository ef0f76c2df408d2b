// Small deterministic helpers for the early-warning tests (no shared data, no clock).
import type { EngineMention } from "../../analysis/early-warning/index.ts";

/** mulberry32: tiny seeded PRNG so every test series is reproducible. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Poisson sample (Knuth for small means, normal approximation above 50). */
export function poisson(r: () => number, mean: number): number {
  if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * gauss(r)));
  const L = Math.exp(-mean);
  let k = 0, p = 1;
  do { k++; p *= r(); } while (p > L);
  return k - 1;
}

export function gauss(r: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}

let nextId = 1;
export function mention(p: Partial<EngineMention> & { text: string; at: number; brandId?: string; sentiment?: string; complaint?: string; followers?: number; handle?: string; stakeholder?: string | null }): EngineMention {
  return {
    id: nextId++,
    brandId: p.brandId ?? "acme",
    text: p.text,
    publishedAt: new Date(p.at),
    platform: p.platform ?? "x",
    canonicalUrl: p.canonicalUrl ?? null,
    author: { handle: p.handle ?? `u${nextId}`, followers: p.followers ?? 100 },
    engagement: p.engagement ?? null,
    analysis: {
      sentiment: { label: p.sentiment ?? "neutral" },
      complaint: { kind: p.complaint ?? "none", severity: p.complaint === "complaint" ? "serious" : null },
      stakeholder: p.stakeholder ?? null,
    },
  };
}

export const T0 = Date.UTC(2026, 0, 5, 0, 0, 0); // a Monday, 00:00 UTC
export const MIN = 60_000;
export const HOUR = 3_600_000;
