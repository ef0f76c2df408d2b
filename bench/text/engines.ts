// The engines compared by bench:text, behind one small shape: a 3-class label and a
// score per text. Baselines are English lexicon analyzers with no complaint or Chinese
// support; the bench prints "n/a" where an engine has no answer.
import { createRequire } from "node:module";
import type { SentimentLabel, TextAnalysis } from "../../analysis/types.ts";
import { createTextEngine, type TextEngine } from "../../analysis/text/engine.ts";

process.env.DOTENV_CONFIG_QUIET ??= "true";
const require = createRequire(import.meta.url);

export interface BenchEngine {
  name: string;
  sentiment(text: string): { label: SentimentLabel; score: number };
  /** Full analysis when the engine has one (Earshot only). */
  full?(text: string): TextAnalysis;
  engine?: TextEngine;
}

const label3 = (s: number, th = 0): SentimentLabel => (s > th ? "positive" : s < -th ? "negative" : "neutral");

export function createEarshot(): BenchEngine {
  const engine = createTextEngine();
  return {
    name: "Earshot",
    engine,
    sentiment: (text) => engine.analyze({ text }).sentiment,
    full: (text) => engine.analyze({ text }),
  };
}

export function createNatural(): BenchEngine {
  const natural = require("natural");
  const analyzer = new natural.SentimentAnalyzer("English", natural.PorterStemmer, "afinn");
  const tok = new natural.WordTokenizer();
  return {
    name: "natural AFINN",
    sentiment: (text) => { const s = analyzer.getSentiment(tok.tokenize(text)) || 0; return { label: label3(s), score: s }; },
  };
}

export function createSentimentJs(): BenchEngine {
  const Sentiment = require("sentiment");
  const s = new Sentiment();
  return {
    name: "sentiment (AFINN-165)",
    sentiment: (text) => { const r = s.analyze(text); return { label: label3(r.score), score: r.comparative }; },
  };
}

export function createVader(): BenchEngine {
  const { SentimentIntensityAnalyzer } = require("vader-sentiment");
  return {
    name: "vader-sentiment",
    sentiment: (text) => { const c = SentimentIntensityAnalyzer.polarity_scores(text).compound; return { label: label3(c, 0.05), score: c }; },
  };
}

export const ENGINE_FACTORIES: Record<string, () => BenchEngine> = {
  earshot: createEarshot, natural: createNatural, sentiment: createSentimentJs, vader: createVader,
};
