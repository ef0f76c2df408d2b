// Fits models/sentiment-en.json: the English sentiment model of the text engine.
// Trained ONLY on train-ok sets (../shared/data/README.md): VADER tweets (MIT) and
// TweetEval validation (SemEval-2017 4A), plus the project-written brand corpus
// (models/corpus/brand-posts.en.jsonl, see its README). No eval-only set is read.
// Usage: npm run model:build -- [--data DIR] [--out FILE] [--features sparse|dense|ngrams] [--cv]
//   --cv: 5-fold cross-validation on the training rows (corpus folds split by template,
//         so a held-out fold never shares a sentence frame with its training folds).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { tokenizeEnglish } from "../../analysis/text/tokenize.en.ts";
import { EnglishSentiment, SparseSentimentModel, sparseFeatures } from "../../analysis/text/sentiment.en.ts";
import { englishFeatures, predictProba, trainLinear, type Features, type TrainOptions } from "../../analysis/text/linear.ts";
import { FAILURE } from "../../analysis/text/complaint.rules.ts";
import { loadTweetEval, loadVader, REQUIRED_FILES } from "./data.ts";
import { macroF1 } from "./metrics.ts";

/** VADER's mean human valence (-4..+4) beyond which a tweet counts as polar. */
const VADER_POLAR = Number(process.argv.includes("--vader-polar") ? process.argv[process.argv.indexOf("--vader-polar") + 1] : "0.75");
/** The project-written corpus (committed with the repository). */
export const BRAND_CORPUS = fileURLToPath(new URL("../../models/corpus/brand-posts.en.jsonl", import.meta.url));
/** Hand-written brand posts that are never trained on: a held-out check of each build. */
export const BRAND_DEV = fileURLToPath(new URL("../../models/corpus/brand-dev.en.jsonl", import.meta.url));

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : dflt);
const dataDir = path.resolve(opt("data", "../shared/data"));
const out = path.resolve(opt("out", "models/sentiment-en.json"));
// "sparse" (shipped): rule summary + words, bigrams, emoji, address shape (sparseFeatures);
// "dense": the 4-number rule summary only; "ngrams": linear.ts englishFeatures.
const features = opt("features", "sparse") as "sparse" | "dense" | "ngrams";
if (!["sparse", "dense", "ngrams"].includes(features)) { console.error(`model:build: --features must be sparse, dense or ngrams (got ${JSON.stringify(features)})`); process.exit(1); }
const need = [REQUIRED_FILES.vader, REQUIRED_FILES.tweetevalText, REQUIRED_FILES.tweetevalLabels].filter((f) => !fs.existsSync(path.join(dataDir, f)));
if (need.length) {
  console.error(`model:build: missing training files under ${dataDir}:\n  ${need.join("\n  ")}`);
  process.exit(1);
}
if (features === "sparse" && !fs.existsSync(BRAND_CORPUS)) {
  console.error(`model:build: missing the project corpus ${BRAND_CORPUS} (regenerate: node bin/run-ts.mjs models/corpus/brand-posts.en.gen.ts)`);
  process.exit(1);
}

interface Row { text: string; label: string; source: "vader" | "tweeteval" | "corpus"; group: number }
const vader: Row[] = loadVader(dataDir).map((r, i) => ({ text: r.text, label: r.label >= VADER_POLAR ? "positive" : r.label <= -VADER_POLAR ? "negative" : "neutral", source: "vader", group: i }));
const tweeteval: Row[] = loadTweetEval(dataDir).map((r, i) => ({ text: r.text, label: r.label, source: "tweeteval", group: i }));
const corpus: Row[] = features !== "sparse" ? [] : fs.readFileSync(BRAND_CORPUS, "utf8").split("\n").filter(Boolean).map((line, i) => {
  const r = JSON.parse(line) as { text?: unknown; label?: unknown; template?: unknown };
  if (typeof r.text !== "string" || !["negative", "neutral", "positive"].includes(String(r.label))) {
    throw new Error(`model:build: ${BRAND_CORPUS} line ${i + 1}: needs "text" (string) and "label" (negative|neutral|positive)`);
  }
  return { text: r.text, label: String(r.label), source: "corpus", group: Number(r.template ?? i) };
});
// --corpus-weight N repeats the in-domain corpus rows N times (sample weight by duplication).
const corpusWeight = Math.max(1, Math.round(Number(opt("corpus-weight", features === "sparse" ? "2" : "1"))));
const rows = [...vader, ...tweeteval, ...Array.from({ length: corpusWeight }, () => corpus).flat()];
const en = new EnglishSentiment();
// The engine's failure cue, matched on the lower-cased post exactly as engine.ts does.
const failureOf = (text: string) => FAILURE.en.test(text.toLowerCase().replace(/’/g, "'"));
const featurize = (text: string): Features => {
  const t = tokenizeEnglish(text);
  const v = en.score(t);
  return features === "sparse" ? sparseFeatures(t, v, failureOf(text)) : englishFeatures(t, v, features === "ngrams");
};
// --word-scale S trains the word features (u:, n:, f:, g:, e:) at value S instead of 1,
// i.e. regularises them harder than the rule summary; the saved weights are multiplied by S,
// so the scorer still adds plain counts.
const wordScale = Number(opt("word-scale", features === "sparse" ? "0.1" : "1"));
const scaleWords = (f: Features): Features => {
  if (wordScale === 1) return f;
  for (const [k, v] of f) if (!k.startsWith("b:")) f.set(k, v * wordScale);
  return f;
};
const xs = rows.map((r) => scaleWords(featurize(r.text)));
const ys = rows.map((r) => r.label);
const trainOpts: TrainOptions = features === "sparse"
  ? { epochs: Number(opt("epochs", "12")), l2: Number(opt("l2", "1e-4")), minCount: 2, balance: !args.includes("--no-balance") }
  : { epochs: 15, l2: 1e-5 };

function unscale(m: { weights: Record<string, number[]> }): void {
  if (wordScale === 1) return;
  for (const [k, w] of Object.entries(m.weights)) if (!k.startsWith("b:")) m.weights[k] = w.map((v) => Math.round(v * wordScale * 1e4) / 1e4);
}

if (args.includes("--cv")) {
  // Fold by group: corpus rows by template id, the tweet sets by row.
  const fold = (r: Row) => (r.source === "corpus" ? r.group * 7 + 3 : r.group) % 5;
  const CLASSES = ["negative", "neutral", "positive"];
  const pred: string[] = new Array(rows.length);
  for (let k = 0; k < 5; k++) {
    const tr = rows.map((_, i) => i).filter((i) => fold(rows[i]) !== k);
    const m = trainLinear(tr.map((i) => xs[i]), tr.map((i) => ys[i]), trainOpts);
    unscale(m);
    const scorer = features === "sparse" ? new SparseSentimentModel(m) : null;
    rows.forEach((r, i) => {
      if (fold(r) !== k) return;
      const t = tokenizeEnglish(r.text);
      const p = scorer ? scorer.proba(t, en.score(t), failureOf(r.text)).p : predictProba(m, xs[i]);
      pred[i] = m.classes[p.indexOf(Math.max(...p))];
    });
  }
  for (const src of ["vader", "tweeteval", "corpus"] as const) {
    const idx = rows.map((r, i) => (r.source === src ? i : -1)).filter((i) => i >= 0);
    if (!idx.length) continue;
    console.log(`cv ${src}: macro-F1 ${macroF1(idx.map((i) => ys[i]), idx.map((i) => pred[i]), CLASSES).toFixed(3)} (${idx.length} rows)`);
  }
  process.exit(0);
}

const model = trainLinear(xs, ys, trainOpts);
unscale(model);
// Prior shift for posts that start with an @-handle (Saerens et al. 2002): training
// balances the classes, i.e. assumes equal priors; posts addressed to a brand are mostly
// complaints. The shift log(p_brand(y) / p_train(y)) uses the project corpus's own label
// mix as p_brand (a choice made from general knowledge when the corpus was written, see
// models/corpus/brand-posts.en.README.md), added to the b:addressed weights.
// --no-prior-shift leaves it out.
const priorShift: number[] = [];
if (features === "sparse" && corpus.length && !args.includes("--no-prior-shift")) {
  const K = model.classes.length;
  const pTrain = model.classes.map((c) => (trainOpts.balance === false ? ys.filter((y) => y === c).length / ys.length : 1 / K));
  model.classes.forEach((c, k) => priorShift.push(Math.round(Math.log(corpus.filter((r) => r.label === c).length / corpus.length / pTrain[k]) * 1e4) / 1e4));
  const w = (model.weights["b:addressed"] ??= new Array(K).fill(0));
  for (let k = 0; k < K; k++) w[k] = Math.round((w[k] + priorShift[k]) * 1e4) / 1e4;
  console.log(`prior shift for addressed posts (added to b:addressed): ${model.classes.map((c, k) => `${c} ${priorShift[k] >= 0 ? "+" : ""}${priorShift[k]}`).join(", ")}`);
}
if (features === "sparse" && fs.existsSync(BRAND_DEV)) {
  const scorer = new SparseSentimentModel(model);
  const dev = fs.readFileSync(BRAND_DEV, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as { text: string; label: string });
  const pred = dev.map((r) => { const t = tokenizeEnglish(r.text); const p = scorer.proba(t, en.score(t), failureOf(r.text)).p; return model.classes[p.indexOf(Math.max(...p))]; });
  console.log(`held-out project dev set (${dev.length} hand-written posts, model alone): macro-F1 ${macroF1(dev.map((r) => r.label), pred, ["negative", "neutral", "positive"]).toFixed(3)}`);
  if (args.includes("--show-dev")) dev.forEach((r, i) => { if (pred[i] !== r.label) console.log(`  dev miss: ${r.label} -> ${pred[i]}: ${r.text}`); });
}
const file = {
  format: "earshot-linear",
  version: features === "sparse" ? 2 : 1,
  name: "sentiment-en",
  trainedOn: [
    `vader-tweets/tweets_GroundTruth.txt (${vader.length}, |valence|>=${VADER_POLAR} polar)`,
    `tweeteval/val_* (${tweeteval.length})`,
    ...(corpus.length ? [`models/corpus/brand-posts.en.jsonl (${corpus.length}, project-written)`] : []),
  ],
  features,
  trainOptions: { ...trainOpts, corpusWeight, wordScale },
  ...(priorShift.length ? { addressedPriorShift: priorShift } : {}),
  ...model,
};
fs.mkdirSync(path.dirname(out), { recursive: true });
// One feature per line: the file stays diffable without pretty-printing every number.
const body = Object.entries(model.weights).map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(",\n");
const head = JSON.stringify({ ...file, weights: undefined }, null, 2).replace(/\n}$/, "");
fs.writeFileSync(out, `${head},\n  "weights": {\n${body}\n  }\n}\n`);
console.log(`wrote ${out}: ${Object.keys(model.weights).length} features, classes ${model.classes.join("/")}, ${rows.length} training rows`);
