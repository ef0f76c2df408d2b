// A story of a handful of posts that all came in one early burst has almost no
// exposure behind its (supercritical) branching estimate: without a prior the 0.95
// cap multiplies what is still owed by 20 and such stories were predicted in the
// thousands. The engine's Gamma prior on the branching ratio (ENGINE_SIZE_PREDICTION
// .branchingPrior) pulls them back, while a large story is barely moved.
import { describe, expect, it } from "vitest";
import { ENGINE_SIZE_PREDICTION } from "../../analysis/early-warning/engine.ts";
import { predictFinalSize, predictTreeSize, type CascadeEvent } from "../../analysis/early-warning/size-predictor.ts";
import { MIN } from "./helpers.ts";

const engineOpts = { ...ENGINE_SIZE_PREDICTION };
const noPrior = { ...ENGINE_SIZE_PREDICTION, branchingPrior: undefined };

const SEC = 1_000;
/** 5 posts: a post, then 4 more within 48 s, one of them widely reposted (a big early burst). */
const burst: CascadeEvent[] = [
  { t: 0, n: 800 },
  { t: 12 * SEC, n: 300 },
  { t: 24 * SEC, n: 6_000 },
  { t: 36 * SEC, n: 400 },
  { t: 48 * SEC, n: 200 },
];

/** 400 posts arriving steadily over an hour, audience 100 each. */
const big: CascadeEvent[] = Array.from({ length: 400 }, (_, i) => ({ t: Math.round((i * 60 * MIN) / 400), n: 100 }));

describe("branching prior in the engine's size prediction", () => {
  it("a 5-post story with one big early burst does not predict thousands", () => {
    const t = 1 * MIN; // the engine's floor on a story's age
    const raw = predictFinalSize(burst, t, noPrior);
    const withPrior = predictFinalSize(burst, t, engineOpts);
    // without the prior the estimate sits at the 0.95 cap: the failure this guards against
    expect(raw.branching).toBeCloseTo(0.95, 5);
    expect(raw.predicted).toBeGreaterThan(1_000);
    expect(withPrior.observed).toBe(5);
    expect(withPrior.predicted).toBeLessThan(500);
    expect(withPrior.predicted).toBeLessThan(raw.predicted / 5);
    expect(withPrior.branching).toBeLessThan(0.9);
    expect(withPrior.low).toBeLessThanOrEqual(withPrior.predicted);
    expect(withPrior.high).toBeGreaterThanOrEqual(withPrior.predicted);
  });

  it("barely moves a story with hundreds of reactions", () => {
    const t = 60 * MIN;
    const a = predictFinalSize(big, t, noPrior), b = predictFinalSize(big, t, engineOpts);
    expect(b.predicted).toBeGreaterThan(0.9 * a.predicted);
    expect(b.predicted).toBeLessThanOrEqual(a.predicted * 1.1);
  });

  it("does not change predictTreeSize", () => {
    const nodes = [{ t: 0, parent: -1 }, { t: MIN, parent: 0 }, { t: 2 * MIN, parent: 0 }, { t: 3 * MIN, parent: 1 }, { t: 4 * MIN, parent: 0 }];
    expect(predictTreeSize(nodes, 5 * MIN, { branchingPrior: { mean: 0.5, pseudoReactions: 5 } })).toEqual(predictTreeSize(nodes, 5 * MIN));
  });
});

describe("branching prior input checks", () => {
  it("rejects a prior with a non-positive mean, naming the field", () => {
    expect(() => predictFinalSize(burst, MIN, { ...engineOpts, branchingPrior: { mean: 0, pseudoReactions: 5 } })).toThrow(/branchingPrior.*mean/);
  });
});
