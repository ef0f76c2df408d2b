// One explainable risk score per story: a weighted sum of components in [0, 1],
// each reported with its value and contribution, times a polarity gate so a
// fast-growing happy story (a launch, a meme in the brand's favour) stays low.

export interface RiskInputs {
  count: number;
  negative: number;
  /** Severity-weighted complaint count (see complaintWeight). */
  complaintWeight: number;
  /** Mentions per hour over the last ~15 minutes. */
  rateFast: number;
  /** Mentions per hour over the last ~2 hours. */
  rateSlow: number;
  /** Engagement (likes + reposts + replies) per hour over the last ~15 minutes. */
  engagementRate: number;
  reach: number;
  maxFollowers: number;
  platforms: number;
  media: boolean;
  official: boolean;
  predictedSize: number;
  /**
   * Early reaction (SEISMIC's observation that the reaction rate of a post in its
   * first minutes, given its audience, predicts its final size): reactions (later
   * posts of the story, plus likes/reposts/replies seen) per minute in the story's
   * first EARLY_REACTION_MS, and the largest audience among the story's posts in that
   * window. Omitted (or after the window): the term is 0.
   */
  early?: { reactionsPerMin: number; followers: number; minutes: number };
  /**
   * Outside arrivals in the story's first minutes (story-stats.ts OutsideArrivals):
   * posts after the first, the number its earlier posts' audiences explain, and the
   * surprise -log10 P(that many | expected). Omitted (or after the window): the term is 0.
   */
  outside?: { reactions: number; expected: number; surprise: number; minutes: number };
}

export interface RiskComponent { name: string; value: number; weight: number; contribution: number; detail: string }

export interface RiskResult { risk: number; components: RiskComponent[]; gate: number; reasons: string[] }

/**
 * Component weights. The first four sum to 1 (risk 0..100 before the gate);
 * early_reaction and outside_arrivals are added on top for a story's first minutes
 * only, so the sum is capped at 100.
 */
export const RISK_WEIGHTS = { negativity: 0.2, complaint: 0.15, virality: 0.3, size: 0.35, earlyReaction: 0.25, outsideArrivals: 0.25 } as const;

/** Surprise (-log10 p) at which the outside-arrivals term starts (0) and counts fully (1). */
export const OUTSIDE_SURPRISE = { from: 1, full: 3 };

/**
 * Outside-arrivals value in [0, 1]: p = 0.1 -> 0, p = 0.001 -> 1 (linear in -log10 p).
 * Many independent posts that the story's audiences cannot explain (an outage: small
 * accounts complaining about the same failure on their own) score high; a thread of
 * reactions to one large account scores 0.
 */
export function outsideArrivalsValue(surprise: number): number {
  return clamp((surprise - OUTSIDE_SURPRISE.from) / (OUTSIDE_SURPRISE.full - OUTSIDE_SURPRISE.from));
}

/** Window after a story's first post in which the early-reaction term applies. */
export const EARLY_REACTION_MS = 10 * 60_000;

/** Scales of the early-reaction term (log scales; see earlyReactionValue). */
export const EARLY_REACTION = {
  /** Followers at which reach starts to count. @default 1,000 */
  reachFloor: 1_000,
  /** Followers at which reach counts fully. @default 1,000,000 */
  reachFull: 1_000_000,
  /** Reactions per minute at which velocity counts fully. @default 10 */
  fullRate: 10,
};

/**
 * Early-reaction value in [0, 1]: reach x early velocity. Reach: 1k followers -> 0,
 * 1M -> 1 (log scale); velocity: 0 reactions/min -> 0, 10/min -> 1 (log scale). A
 * small account's fast thread or a celebrity's shrugged-off post both stay low; a
 * high-reach post drawing reactions within its first minutes scores high.
 */
export function earlyReactionValue(reactionsPerMin: number, followers: number): number {
  const E = EARLY_REACTION;
  const reach = clamp((Math.log10(1 + followers) - Math.log10(E.reachFloor)) / (Math.log10(E.reachFull) - Math.log10(E.reachFloor)));
  const vel = clamp(Math.log10(1 + reactionsPerMin) / Math.log10(1 + E.fullRate));
  return reach * vel;
}

const clamp = (x: number) => (x < 0 ? 0 : x > 1 ? 1 : Number.isFinite(x) ? x : 0);

/** Weight of one post's complaint tag: kind x severity. */
export function complaintWeight(kind: string | null | undefined, severity: string | null | undefined): number {
  if (kind !== "complaint" && kind !== "grumble") return 0;
  const sev = severity === "malicious" ? 1 : severity === "serious" ? 0.85 : 0.6;
  return (kind === "complaint" ? 1 : 0.5) * sev;
}

export function scoreRisk(x: RiskInputs): RiskResult {
  const negShare = (x.negative + 0.5) / (x.count + 2);
  const compShare = (x.complaintWeight + 0.2) / (x.count + 2);
  const velocity = clamp(Math.log10(1 + x.rateFast) / 3);
  const accel = clamp((x.rateFast / Math.max(1, x.rateSlow) - 1) / 3);
  const eng = clamp(Math.log10(1 + x.engagementRate) / 4);
  const reach = clamp((Math.log10(1 + x.reach) - 3) / 4);
  const broadcaster = clamp((Math.log10(1 + x.maxFollowers) - 3) / 4);
  const spread = clamp((x.platforms - 1) / 2);
  const pickup = x.media ? 1 : x.official ? 0.7 : 0;
  const virality = 0.3 * velocity + 0.1 * accel + 0.1 * eng + 0.15 * reach + 0.1 * broadcaster + 0.1 * spread + 0.15 * pickup;
  const size = clamp(Math.log10(Math.max(1, x.predictedSize)) / 4);
  const comps: RiskComponent[] = [
    { name: "negativity", value: clamp(negShare), weight: RISK_WEIGHTS.negativity, contribution: 0, detail: `${x.negative}/${x.count} negative` },
    { name: "complaint", value: clamp(compShare * 1.5), weight: RISK_WEIGHTS.complaint, contribution: 0, detail: `severity-weighted complaints ${x.complaintWeight.toFixed(1)}` },
    {
      name: "virality", value: clamp(virality), weight: RISK_WEIGHTS.virality, contribution: 0,
      detail: `${x.rateFast.toFixed(0)}/h (2h avg ${x.rateSlow.toFixed(0)}/h), reach ${Math.round(x.reach)}, top broadcaster ${Math.round(x.maxFollowers)} followers, ${x.platforms} platform(s)${x.media ? ", media pick-up" : x.official ? ", official pick-up" : ""}`,
    },
    { name: "predicted_size", value: size, weight: RISK_WEIGHTS.size, contribution: 0, detail: `${Math.round(x.predictedSize)} mentions recent or still predicted` },
  ];
  if (x.early) {
    const e = x.early;
    comps.push({
      name: "early_reaction", value: earlyReactionValue(e.reactionsPerMin, e.followers), weight: RISK_WEIGHTS.earlyReaction, contribution: 0,
      detail: `${e.reactionsPerMin.toFixed(1)} reactions/min in the first ${e.minutes.toFixed(1)} min on a post reaching ${Math.round(e.followers)} followers`,
    });
  }
  if (x.outside) {
    const o = x.outside;
    comps.push({
      name: "outside_arrivals", value: outsideArrivalsValue(o.surprise), weight: RISK_WEIGHTS.outsideArrivals, contribution: 0,
      detail: `${o.reactions} complaints after the first post in ${o.minutes.toFixed(1)} min where the posts' audiences explain ${o.expected.toFixed(1)} reactions (p ${Math.pow(10, -o.surprise).toExponential(1)}): independent posters`,
    });
  }
  let sum = 0;
  for (const c of comps) { c.contribution = 100 * c.value * c.weight; sum += c.contribution; }
  sum = Math.min(100, sum);
  const gate = clamp(0.2 + 1.6 * Math.max(negShare, compShare));
  const risk = sum * gate;
  const reasons = comps
    .slice()
    .sort((a, b) => b.contribution - a.contribution)
    .map((c) => `${c.name} ${c.contribution.toFixed(1)} pts (${c.detail})`);
  if (gate < 1) reasons.push(`polarity gate x${gate.toFixed(2)} (share negative/complaint ${(Math.max(negShare, compShare) * 100).toFixed(0)}%)`);
  return { risk, components: comps, gate, reasons };
}
