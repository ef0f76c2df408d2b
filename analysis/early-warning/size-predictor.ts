// Final-size prediction for a growing story, in the spirit of SEISMIC (Zhao et al.,
// KDD 2015): every post i with audience n_i triggers reactions at rate
// p * n_i * phi(t - t_i), where phi is a human reaction-time kernel (flat for s0,
// then a power-law tail with exponent 1 + theta). The infectiousness p is estimated
// from what has been seen so far, the reactions still "owed" by the posts already
// seen are summed, and the descendants of future reactions follow a branching
// process with ratio n* = p * mean(n). Unlike SEISMIC we also fit an
// outside-arrivals term mu (many independent posts about the same incident, e.g.
// an outage), because brand incidents are not single-source cascades.
// Pure and deterministic.

/** Reaction-time kernel parameters. */
export interface KernelParams {
  /** Length of the flat head in ms. @default 360_000 (6 minutes, estimated on Twitter15, see DEFAULT_KERNEL) */
  s0Ms: number;
  /** Power-law tail exponent minus one. @default 0.28 (estimated on Twitter15, see DEFAULT_KERNEL; SEISMIC reports 0.242) */
  theta: number;
}

/**
 * Shipped kernel: summary statistics of the Twitter15 propagation trees (Ma, Gao,
 * Wong, ACL 2017; ../shared/data/cascades/twitter15, an eval-only set whose README
 * allows a decay exponent estimated on it when the provenance is stated). 584,396
 * reaction delays (child minus parent time, <= 7 days) fitted by maximum likelihood
 * to this kernel, truncated at 7 days: s0 = 6 min (pooled); theta = 0.28, the median
 * of the per-cascade estimates at that s0 (pooled theta is 0.21, dominated by the
 * largest cascades; the predictor forecasts one cascade at a time). Reproduced by
 * kernelSummary() in bench/early-warning/cascades.ts. No prediction error was
 * minimised to choose them. Previously SEISMIC's published 5 min / 0.25.
 */
export const DEFAULT_KERNEL: KernelParams = { s0Ms: 6 * 60_000, theta: 0.28 };

/** Share of a post's eventual reactions that arrive within dtMs of it. */
export function kernelCdf(dtMs: number, k: KernelParams = DEFAULT_KERNEL): number {
  if (dtMs <= 0) return 0;
  const head = k.theta / (1 + k.theta); // mass of the flat head
  if (dtMs <= k.s0Ms) return (dtMs / k.s0Ms) * head;
  return 1 - (1 - head) * Math.pow(dtMs / k.s0Ms, -k.theta);
}

/** One observed post (the source or a reaction). */
export interface CascadeEvent {
  /** ms since the story started (first post at 0). */
  t: number;
  /** Audience weight n_i (followers, or followers plus amplified reposts); for a group, the sum. */
  n: number;
  /** Posts this event stands for (callers group dense stretches to bound cost). @default 1 */
  m?: number;
}

export interface PredictOptions {
  kernel?: KernelParams;
  /** Horizon of "final" size in ms after the first post. @default 7 days */
  horizonMs?: number;
  /** Fit an outside-arrivals rate as well as the self-exciting part. @default true */
  outsideArrivals?: boolean;
  /** Cap on the branching ratio so a supercritical estimate stays finite. @default 0.95 */
  maxBranching?: number;
  /** Multiplicative correction on the unseen part (SEISMIC's alpha), fitted offline. @default 1 */
  alpha?: number;
}

export interface SizePrediction {
  observed: number;
  predicted: number;
  low: number;
  high: number;
  /** Estimated infectiousness per audience member. */
  p: number;
  /** Estimated branching ratio (expected direct reactions per new post). */
  branching: number;
  /** Outside arrivals (posts not triggered by other posts) still expected. */
  outsideRemaining: number;
  /** Reactions still owed by posts already seen. */
  endogenousRemaining: number;
}

/**
 * Predicts the final number of posts of a story observed up to time `t` (ms since
 * its first post). Cost O(events); callers re-run it on a doubling schedule so the
 * amortised cost per mention stays O(1).
 */
export function predictFinalSize(events: readonly CascadeEvent[], t: number, opts: PredictOptions = {}): SizePrediction {
  const k = opts.kernel ?? DEFAULT_KERNEL;
  const H = Math.max(opts.horizonMs ?? 7 * 86_400_000, t);
  const maxBranching = opts.maxBranching ?? 0.95;
  const alpha = opts.alpha ?? 1;
  const seen = events.filter((e) => e.t <= t);
  let R = 0;
  for (const e of seen) R += e.m ?? 1;
  if (R === 0) return { observed: 0, predicted: 0, low: 0, high: 0, p: 0, branching: 0, outsideRemaining: 0, endogenousRemaining: 0 };

  // Exposure: how many reactions each seen post "should" have produced by t per unit p.
  let exposure = 0, owed = 0, nSum = 0;
  for (let i = 0; i < seen.length; i++) {
    const e = seen[i];
    const n = Math.max(e.m ?? 1, e.n);
    if (i > 0 && (e.m ?? 1) > 0) nSum += n; // future posts look like reactions, not like the (often big) source
    exposure += n * kernelCdf(t - e.t, k);
    owed += n * (kernelCdf(H - e.t, k) - kernelCdf(t - e.t, k));
  }
  const reactions = R - 1; // the first post is the trigger, not a reaction
  let p = 0, mu = 0;
  const outsideSeenFrac = kernelCdf(t, k), outsideLeft = kernelCdf(H, k) - outsideSeenFrac;
  if (opts.outsideArrivals !== false && reactions >= 4) {
    // Split the reactions between "triggered" and "outside" by a two-parameter
    // least squares on counts in 6 consecutive slices of [0, t].
    const K = 5;
    const x = new Array<number>(K).fill(0), o: number[] = [], c = new Array<number>(K).fill(0);
    for (let s = 0; s < K; s++) o.push(kernelCdf((t * (s + 1)) / K, k) - kernelCdf((t * s) / K, k));
    for (let i = 0; i < seen.length; i++) {
      const e = seen[i];
      const n = Math.max(e.m ?? 1, e.n);
      const first = Math.min(K - 1, Math.floor((e.t / t) * K));
      c[first] += (e.m ?? 1) - (i === 0 ? 1 : 0);
      let prev = 0;
      for (let s = first; s < K; s++) {
        const cur = kernelCdf((t * (s + 1)) / K - e.t, k);
        x[s] += n * (cur - prev);
        prev = cur;
      }
    }
    let sxx = 0, soo = 0, sxo = 0, sxc = 0, soc = 0;
    for (let s = 0; s < K; s++) { sxx += x[s] * x[s]; soo += o[s] * o[s]; sxo += x[s] * o[s]; sxc += x[s] * c[s]; soc += o[s] * c[s]; }
    const det = sxx * soo - sxo * sxo;
    if (det > 1e-12) { p = (sxc * soo - soc * sxo) / det; mu = (soc * sxx - sxc * sxo) / det; }
    if (!(p > 0) || !(mu > 0)) {
      // non-negative fallback: whichever single term fits better
      const pOnly = sxx > 0 ? sxc / sxx : 0, muOnly = soo > 0 ? soc / soo : 0;
      let errP = 0, errM = 0;
      for (let s = 0; s < K; s++) { errP += (c[s] - pOnly * x[s]) ** 2; errM += (c[s] - muOnly * o[s]) ** 2; }
      if (errP <= errM) { p = pOnly; mu = 0; } else { p = 0; mu = muOnly; }
    }
    // keep the two parts consistent with the total seen
    const fitted = p * exposure + mu * outsideSeenFrac;
    if (fitted > 0) { const scale = reactions / fitted; p *= scale; mu *= scale; }
  } else {
    p = exposure > 0 ? reactions / exposure : 0;
  }
  const meanN = R > 1 ? nSum / (R - 1) : Math.max(1, seen[0].n);
  const predict = (pp: number, mm: number) => {
    const nStar = Math.min(maxBranching, pp * meanN * kernelCdf(H, k));
    const endo = pp * owed;
    const out = mm * outsideLeft;
    const remaining = (alpha * (endo + out)) / (1 - nStar);
    return { total: R + remaining, nStar, endo, out };
  };
  const mid = predict(p, mu);
  // Poisson uncertainty of the rate estimates: relative sd ~ 1/sqrt(reactions).
  const rel = 1.96 / Math.sqrt(Math.max(1, reactions));
  const lo = predict(p * Math.max(0, 1 - rel), mu * Math.max(0, 1 - rel));
  const hi = predict(p * (1 + rel), mu * (1 + rel));
  return {
    observed: R,
    predicted: mid.total,
    low: Math.max(R, lo.total),
    high: Math.max(mid.total, hi.total),
    p,
    branching: mid.nStar,
    outsideRemaining: mid.out,
    endogenousRemaining: mid.endo,
  };
}

/** One node of a propagation tree as observed so far (parent index -1 for the root). */
export interface TreeNode { t: number; parent: number }

/**
 * Tree-aware variant for data with parent links but no follower counts (e.g. the
 * Twitter15 propagation trees): each node's infectiousness is estimated from its
 * own observed children, shrunk towards the pooled rate (gamma-Poisson empirical
 * Bayes, `shrink` pseudo-exposures), then remaining children are projected with
 * the same kernel and branching factor as predictFinalSize.
 */
export interface TreePredictOptions extends PredictOptions {
  /** Gamma-Poisson pseudo-exposures pulling each node towards the pooled rate. @default 1 */
  shrink?: number;
  /** Width of the "recent" window for SEISMIC's time-varying infectiousness, in ms. @default 15 minutes */
  recentMs?: number;
  /**
   * Weight (0..1, in log space) of the rate seen in the recent window against the
   * rate over the whole observed life: a cascade that is slowing down is
   * predicted to end smaller. @default 0
   */
  recentWeight?: number;
}

export function predictTreeSize(nodes: readonly TreeNode[], t: number, opts: TreePredictOptions = {}): SizePrediction {
  const k = opts.kernel ?? DEFAULT_KERNEL;
  const H = Math.max(opts.horizonMs ?? 7 * 86_400_000, t);
  const alpha = opts.alpha ?? 1;
  const shrink = opts.shrink ?? 1;
  const R = nodes.length;
  if (R === 0) return { observed: 0, predicted: 0, low: 0, high: 0, p: 0, branching: 0, outsideRemaining: 0, endogenousRemaining: 0 };
  const children = new Float64Array(R);
  const recentKids = new Float64Array(R);
  const w = opts.recentMs ?? 15 * 60_000, beta = opts.recentWeight ?? 0;
  for (const nd of nodes) if (nd.parent >= 0 && nd.parent < R) { children[nd.parent]++; if (nd.t > t - w) recentKids[nd.parent]++; }
  let cNonRoot = 0, expNonRoot = 0;
  for (let i = 1; i < R; i++) { cNonRoot += children[i]; expNonRoot += kernelCdf(t - nodes[i].t, k); }
  const pooled = expNonRoot > 0 ? cNonRoot / expNonRoot : 0;
  const phiH = kernelCdf(H, k);
  const nStar = Math.min(opts.maxBranching ?? 0.95, pooled * phiH);
  const project = (scale: number) => {
    let owed = 0;
    for (let i = 0; i < R; i++) {
      const seenFrac = kernelCdf(t - nodes[i].t, k);
      // the source is not like its reactions (it is why the cascade exists): no shrinkage for it
      const sh = i === 0 ? 0 : shrink;
      let lam = (sh + children[i] * scale) / (sh / Math.max(pooled * scale, 1e-9) + seenFrac);
      if (beta > 0 && children[i] > 0) {
        const recentFrac = seenFrac - kernelCdf(t - w - nodes[i].t, k);
        const lamRecent = (sh + recentKids[i] * scale + 0.5) / (sh / Math.max(pooled * scale, 1e-9) + recentFrac);
        lam = Math.exp((1 - beta) * Math.log(lam) + beta * Math.log(lamRecent));
      }
      owed += lam * (kernelCdf(H - nodes[i].t, k) - seenFrac);
    }
    return R + (alpha * owed) / (1 - nStar);
  };
  const rel = 1.96 / Math.sqrt(Math.max(1, R - 1));
  const mid = project(1);
  return {
    observed: R,
    predicted: mid,
    low: Math.max(R, project(Math.max(0.05, 1 - rel))),
    high: Math.max(mid, project(1 + rel)),
    p: pooled,
    branching: nStar,
    outsideRemaining: 0,
    endogenousRemaining: mid - R,
  };
}
