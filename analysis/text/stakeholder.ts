// Who is speaking: from author metadata the source gives us and the brand's configured
// competitor list. Order matters: an official or a newsroom outranks reach.
import type { AnalyzeInput, Stakeholder } from "../types.ts";

/** Followers at or above which an author counts as high-reach. */
export const HIGH_REACH_FOLLOWERS = 100_000;

const KIND_MAP: Record<string, Stakeholder> = {
  media: "media", press: "media", news: "media", outlet: "media", publisher: "media",
  journalist: "journalist", reporter: "journalist", editor: "journalist",
  official: "official", government: "official", regulator: "official", gov: "official", politician: "official", agency: "official",
  competitor: "competitor", verified: "verified", high_reach: "high_reach", influencer: "high_reach",
};

const norm = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");

export function detectStakeholder(input: AnalyzeInput, why: string[]): Stakeholder | null {
  const a = input.author;
  if (!a) return null;
  const kind = a.kind ? KIND_MAP[a.kind.toLowerCase()] : undefined;
  if (kind === "official" || kind === "media" || kind === "journalist") { why.push(`stakeholder: author kind '${a.kind}'`); return kind; }
  const competitors = input.brand?.competitors ?? [];
  const handle = norm(a.handle ?? ""), display = norm(a.displayName ?? "");
  for (const c of competitors) {
    const n = norm(c);
    if (n && (handle.includes(n) || display.includes(n))) { why.push(`stakeholder: author matches competitor '${c}'`); return "competitor"; }
  }
  if (kind === "competitor") { why.push(`stakeholder: author kind '${a.kind}'`); return "competitor"; }
  if ((a.followers ?? 0) >= HIGH_REACH_FOLLOWERS) { why.push(`stakeholder: ${a.followers} followers >= ${HIGH_REACH_FOLLOWERS}`); return "high_reach"; }
  if (a.verified) { why.push("stakeholder: verified account"); return "verified"; }
  if (kind) { why.push(`stakeholder: author kind '${a.kind}'`); return kind; }
  return null;
}
