// Fits models/sentiment-en.json: the English calibration layer of the text engine.
// Trained ONLY on train-ok sets (../shared/data/README.md): VADER tweets (MIT) and
// TweetEval validation (SemEval-2017 4A). Usage: npm run model:build -- [--data DIR]
import fs from "node:fs";
import path from "node:path";
import { tokenizeEnglish } from "../../analysis/text/tokenize.en.ts";
import { EnglishSentiment } from "../../analysis/text/sentiment.en.ts";
import { englishFeatures, trainLinear } from "../../analysis/text/linear.ts";
import { loadTweetEval, loadVader, REQUIRED_FILES } from "./data.ts";

/** VADER's mean human valence (-4..+4) beyond which a tweet counts as polar. */
const VADER_POLAR = 0.75;

const args = process.argv.slice(2);
const dataDir = path.resolve(args.includes("--data") ? args[args.indexOf("--data") + 1] : "../shared/data");
const out = path.resolve(args.includes("--out") ? args[args.indexOf("--out") + 1] : "models/sentiment-en.json");
// "dense": the 4-number rule summary only; "ngrams": plus word n-grams (see englishFeatures).
const features = (args.includes("--features") ? args[args.indexOf("--features") + 1] : "dense") as "dense" | "ngrams";
if (features !== "dense" && features !== "ngrams") { console.error(`model:build: --features must be dense or ngrams (got ${JSON.stringify(features)})`); process.exit(1); }
const need = [REQUIRED_FILES.vader, REQUIRED_FILES.tweetevalText, REQUIRED_FILES.tweetevalLabels].filter((f) => !fs.existsSync(path.join(dataDir, f)));
if (need.length) {
  console.error(`model:build: missing training files under ${dataDir}:\n  ${need.join("\n  ")}`);
  process.exit(1);
}
const vader = loadVader(dataDir).map((r) => ({ text: r.text, label: r.label >= VADER_POLAR ? "positive" : r.label <= -VADER_POLAR ? "negative" : "neutral" }));
const tweeteval = loadTweetEval(dataDir);
const rows = [...vader, ...tweeteval];
const en = new EnglishSentiment();
const xs = rows.map((r) => { const t = tokenizeEnglish(r.text); return englishFeatures(t, en.score(t), features === "ngrams"); });
const model = trainLinear(xs, rows.map((r) => r.label), { epochs: 15, l2: 1e-5 });
const file = {
  format: "earshot-linear",
  version: 1,
  name: "sentiment-en",
  trainedOn: [`vader-tweets/tweets_GroundTruth.txt (${vader.length}, |valence|>=${VADER_POLAR} polar)`, `tweeteval/val_* (${tweeteval.length})`],
  features,
  ...model,
};
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, JSON.stringify(file, null, 2) + "\n");
console.log(`wrote ${out}: ${Object.keys(model.weights).length} features, classes ${model.classes.join("/")}, ${rows.length} training rows`);
