// vader-sentiment ships no types; we only read its lexicon table (word -> mean valence).
declare module "vader-sentiment/src/vader_lexicon.js" {
  export const lexicon: Record<string, number>;
}
