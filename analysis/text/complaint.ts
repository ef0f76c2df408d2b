// Complaint kind, category, SERVQUAL dimension, reason, severity and churn from the
// rule tables in complaint.rules.ts. Every decision appends the words that drove it.
import type { ComplaintCategory, ComplaintKind, SentimentLabel, Servqual, Severity, Stakeholder, TextAnalysis } from "../types.ts";
import { CATEGORY_RULES, CHURN, DEMAND, FAILURE, PRAISE, QUESTION_START, REASONS, SERVQUAL_RULES, SEVERITY, type CueRule } from "./complaint.rules.ts";

export interface ComplaintInput {
  /** Lower-cased English text or Simplified Chinese text. */
  text: string;
  lang: "en" | "zh" | "other";
  sentiment: SentimentLabel;
  score: number;
  /** The post names the brand or addresses someone (@handle, "you"). */
  addressed: boolean;
  competitors: string[];
  stakeholder: Stakeholder | null;
  /** FAILURE / CHURN matches when the caller has already run them (undefined = match here). */
  failure?: string | null;
  churnWords?: string | null;
}

const REASON_SERVQUAL: Record<string, Servqual> = {
  delay: "reliability", cancellation: "reliability", lost_baggage: "reliability", damaged_baggage: "reliability",
  booking: "reliability", customer_service: "responsiveness", staff: "assurance", inflight: "tangibles",
  entertainment: "tangibles", terminal: "tangibles", queue: "responsiveness", checkin: "reliability", rewards: "reliability",
};

function first<T extends string>(rules: CueRule<T>[], text: string, lang: "en" | "zh"): { value: T; word: string } | null {
  for (const r of rules) {
    const m = (lang === "en" ? r.en : r.zh)?.exec(text);
    if (m) return { value: r.value, word: m[0] };
  }
  return null;
}

function match(rx: { en: RegExp; zh: RegExp }, text: string, lang: "en" | "zh"): string | null {
  const m = rx[lang].exec(text);
  return m ? m[0] : null;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
// Competitor patterns are built once per (language, name): brands configure few competitors.
const competitorCache = new Map<string, RegExp>();
function competitorRe(lang: "en" | "zh", name: string): RegExp {
  const key = lang + "\u0000" + name;
  let rx = competitorCache.get(key);
  if (!rx) {
    const n = escapeRe(lang === "en" ? name.toLowerCase() : name);
    rx = lang === "en"
      ? new RegExp(String.raw`\b(?:switch(?:ing|ed)? to|go(?:ing)? with|fly(?:ing)?|try(?:ing)?|use|using|instead|better)\b[^.!?]{0,25}\b${n}\b|\b${n}\b[^.!?]{0,20}\b(?:instead|from now on|next time)\b`)
      : new RegExp(String.raw`(?:换|改|转|去).{0,4}${n}|${n}.{0,6}(?:更好|好多了)`);
    competitorCache.set(key, rx);
  }
  return rx;
}

export function analyzeComplaint(c: ComplaintInput, why: string[]): Pick<TextAnalysis, "complaint" | "churn"> {
  const none = { complaint: { kind: "none" as ComplaintKind, category: null, servqual: null, reason: null, severity: null }, churn: false };
  if (c.lang === "other") return none;
  const lang = c.lang;
  const t = c.text;
  const failure = c.failure !== undefined ? c.failure : match(FAILURE, t, lang);
  const demand = match(DEMAND, t, lang);
  const question = lang === "en" ? (t.includes("?") || QUESTION_START.test(t)) : /[?？吗呢]/.test(t);
  const praise = match(PRAISE, t, lang);
  const malicious = match(SEVERITY.malicious, t, lang);

  // A complaint needs a breached expectation (failure words) or a demand for a remedy;
  // plain bad mood ("mondays are the worst") is neither, unless aimed at the brand.
  let kind: ComplaintKind;
  if ((c.sentiment === "negative" || (failure && c.sentiment !== "positive")) && (failure || demand || c.addressed)) {
    if ((demand && (failure || c.sentiment === "negative")) || (failure && c.addressed)) {
      kind = "complaint";
      why.push(`complaint: ${[failure && `failure '${failure}'`, demand && `demand '${demand}'`, c.addressed && "addressed to the brand"].filter(Boolean).join(", ")}`);
    } else {
      kind = "grumble";
      why.push(`grumble: negative${failure ? ` with failure '${failure}'` : " about the brand"} but no demand${c.addressed ? "" : " or address to the brand"}`);
    }
  } else if (question) {
    kind = "question";
    why.push("question: question form without a failure");
  } else if (c.sentiment === "positive") {
    kind = "praise";
    why.push(`praise: positive sentiment${praise ? ` ('${praise}')` : ""}`);
  } else {
    kind = "none";
  }
  if (malicious && (kind === "none" || kind === "praise" || kind === "question")) {
    kind = "complaint";
    why.push("complaint: threat or extortion wording");
  }

  let category: ComplaintCategory | null = null;
  let servqual: Servqual | null = null;
  let reason: string | null = null;
  let severity: Severity | null = null;
  const isComplaint = kind === "complaint" || kind === "grumble";
  // The reason is what the post is about, so praise and questions get one too.
  {
    const r = first(REASONS, t, lang);
    if (r) { reason = r.value; why.push(`reason: ${r.value} ('${r.word}')`); }
  }
  if (isComplaint) {
    const cat = first(CATEGORY_RULES, t, lang);
    if (cat) { category = cat.value; why.push(`category: ${cat.value} ('${cat.word}')`); }
    else if (reason) { category = "service"; why.push(`category: service (from reason ${reason})`); }
    // Explicit empathy/assurance wording beats the reason; the reason beats weaker cues
    // such as "hours" that would otherwise call a delay a responsiveness failure.
    const strong = first(SERVQUAL_RULES.slice(0, 2), t, lang);
    const sq = strong ?? (reason && REASON_SERVQUAL[reason] ? null : first(SERVQUAL_RULES, t, lang));
    if (sq) { servqual = sq.value; why.push(`servqual: ${sq.value} ('${sq.word}')`); }
    else if (reason && REASON_SERVQUAL[reason]) { servqual = REASON_SERVQUAL[reason]; why.push(`servqual: ${servqual} (from reason ${reason})`); }

    const serious = match(SEVERITY.serious, t, lang);
    const hashtags = lang === "en" ? (t.match(/#\w+/g) ?? []).length : 0;
    if (malicious) { severity = "malicious"; why.push(`severity: malicious ('${malicious}')`); }
    else if (hashtags >= 6) { severity = "malicious"; why.push(`severity: malicious (hashtag flood: ${hashtags} tags, spam pattern)`); }
    else if (serious) { severity = "serious"; why.push(`severity: serious ('${serious}')`); }
    else if (c.stakeholder === "media" || c.stakeholder === "journalist" || c.stakeholder === "official") {
      severity = "serious"; why.push(`severity: serious (author is ${c.stakeholder})`);
    } else severity = "general";
  }

  let churn = false;
  const ch = c.churnWords !== undefined ? c.churnWords : match(CHURN, t, lang);
  if (ch && c.sentiment !== "positive") { churn = true; why.push(`churn: '${ch}'`); }
  else if (c.competitors.length && c.sentiment !== "positive") {
    for (const comp of c.competitors) {
      const rx = competitorRe(lang, comp);
      if (rx.test(t)) { churn = true; why.push(`churn: moving to competitor '${comp}'`); break; }
    }
  }
  return { complaint: { kind, category, servqual, reason, severity }, churn };
}
