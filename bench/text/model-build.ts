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
import { loadTweetEval, loadVader, REQUIRED_FILES } from "./data.ts";
import { macroF1 } from "./metrics.ts";

/** VADER's mean human valence (-4..+4) beyond which a tweet counts as polar. */
const VADER_POLAR = 0.75;
/** The project-written corpus (committed with the repository). */
export const BRAND_CORPUS = fileURLToPath(new URL("../../models/corpus/brand-posts.en.jsonl", import.meta.url));

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
const rows = [...vader, ...tweeteval, ...corpus];
const en = new EnglishSentiment();
const featurize = (text: string): Features => {
  const t = tokenizeEnglish(text);
  const v = en.score(t);
  return features === "sparse" ? sparseFeatures(t, v) : englishFeatures(t, v, features === "ngrams");
};
const xs = rows.map((r) => featurize(r.text));
const ys = rows.map((r) => r.label);
const trainOpts: TrainOptions = features === "sparse"
  ? { epochs: Number(opt("epochs", "12")), l2: Number(opt("l2", "3e-4")), minCount: 2 }
  : { epochs: 15, l2: 1e-5 };

if (args.includes("--cv")) {
  // Fold by group: corpus rows by template id, the tweet sets by row.
  const fold = (r: Row) => (r.source === "corpus" ? r.group * 7 + 3 : r.group) % 5;
  const CLASSES = ["negative", "neutral", "positive"];
  const pred: string[] = new Array(rows.length);
  for (let k = 0; k < 5; k++) {
    const tr = rows.map((_, i) => i).filter((i) => fold(rows[i]) !== k);
    const m = trainLinear(tr.map((i) => xs[i]), tr.map((i) => ys[i]), trainOpts);
    const scorer = features === "sparse" ? new SparseSentimentModel(m) : null;
    rows.forEach((r, i) => {
      if (fold(r) !== k) return;
      const t = tokenizeEnglish(r.text);
      const p = scorer ? scorer.proba(t, en.score(t)).p : predictProba(m, xs[i]);
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
  trainOptions: trainOpts,
  ...model,
};
fs.mkdirSync(path.dirname(out), { recursive: true });
// One feature per line: the file stays diffable without pretty-printing every number.
const body = Object.entries(model.weights).map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(",\n");
const head = JSON.stringify({ ...file, weights: undefined }, null, 2).replace(/\n}$/, "");
fs.writeFileSync(out, `${head},\n  "weights": {\n${body}\n  }\n}\n`);
console.log(`wrote ${out}: ${Object.keys(model.weights).length} features, classes ${model.classes.join("/")}, ${rows.length} training rows`);
