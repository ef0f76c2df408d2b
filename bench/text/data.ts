// Loaders for the benchmark sets in ../shared/data. Each loader names the file it
// needs so a missing folder produces one clear list rather than a stack trace.
import fs from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { decodeHTML } from "entities";

export const REQUIRED_FILES = {
  airline: "airline-tweets/Tweets.csv",
  tweetevalText: "tweeteval/val_text.txt",
  tweetevalLabels: "tweeteval/val_labels.txt",
  vader: "vader-tweets/tweets_GroundTruth.txt",
  complaints: "complaints/complaints-dev.csv",
  twacs: "twacs/airlines_labeled_raw.csv",
  weibo: "weibo/weibo-dev.tsv",
  waimai: "chinese-reviews/waimai_10k.csv",
  chnsenticorp: "chinese-reviews/ChnSentiCorp_htl_all.csv",
} as const;

export function missingFiles(dir: string): string[] {
  return Object.values(REQUIRED_FILES).filter((f) => !fs.existsSync(path.join(dir, f)));
}

const read = (dir: string, f: string) => fs.readFileSync(path.join(dir, f), "utf8");
const csv = (dir: string, f: string) =>
  parse(read(dir, f), { columns: true, skip_empty_lines: true, relax_quotes: true, relax_column_count: true }) as Record<string, string>[];

export interface Labelled<L> { text: string; label: L }

export function loadAirline(dir: string): Array<{ text: string; label: "negative" | "neutral" | "positive"; reason: string }> {
  return csv(dir, REQUIRED_FILES.airline).map((r) => ({
    text: decodeHTML(r.text),
    label: r.airline_sentiment as "negative" | "neutral" | "positive",
    reason: r.negativereason ?? "",
  }));
}

export function loadTweetEval(dir: string): Labelled<"negative" | "neutral" | "positive">[] {
  const texts = read(dir, REQUIRED_FILES.tweetevalText).split("\n");
  const labels = read(dir, REQUIRED_FILES.tweetevalLabels).split("\n");
  const names = ["negative", "neutral", "positive"] as const;
  const out: Labelled<"negative" | "neutral" | "positive">[] = [];
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i].trim();
    if (l === "") continue;
    out.push({ text: texts[i] ?? "", label: names[Number(l)] });
  }
  return out;
}

export function loadVader(dir: string): Labelled<number>[] {
  return read(dir, REQUIRED_FILES.vader).split(/\r?\n/).filter(Boolean).map((line) => {
    const [, v, ...rest] = line.split("\t");
    return { text: decodeHTML(rest.join("\t")), label: Number(v) };
  }).filter((r) => Number.isFinite(r.label));
}

export function loadComplaints(dir: string): Array<{ text: string; label: boolean; domain: string }> {
  return csv(dir, REQUIRED_FILES.complaints).map((r) => ({ text: decodeHTML(r.text), label: r.label === "1", domain: r.domain }));
}

export function loadTwacs(dir: string): Labelled<string>[] {
  return csv(dir, REQUIRED_FILES.twacs).map((r) => ({
    text: r.first_utterance.replace(/^<cust__\s*/, "").replace(/\s*__cust>$/, "").replace(/__company__/g, "@company").replace(/__cust__/g, "@customer"),
    label: r.tag,
  }));
}

function binaryCsv(dir: string, f: string): Labelled<0 | 1>[] {
  return csv(dir, f).filter((r) => r.review).map((r) => ({ text: r.review, label: r.label === "1" ? 1 : 0 }));
}
export const loadWaimai = (dir: string) => binaryCsv(dir, REQUIRED_FILES.waimai);
export const loadChnSentiCorp = (dir: string) => binaryCsv(dir, REQUIRED_FILES.chnsenticorp);
export function loadWeibo(dir: string): Labelled<0 | 1>[] {
  return read(dir, REQUIRED_FILES.weibo).split(/\r?\n/).filter(Boolean).map((line) => {
    const tab = line.indexOf("\t");
    return { text: line.slice(tab + 1), label: line.slice(0, tab) === "1" ? 1 : 0 } as Labelled<0 | 1>;
  }).filter((r) => r.text);
}
