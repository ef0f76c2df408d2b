// Shared shapes that flow through the pipeline: collectors produce RawPost,
// normalisation and brand matching produce NormalizedPost, the text analyzer adds
// TextAnalysis, and the store assigns ids (StoredMention). Later stages (stories,
// detectors, incidents) consume StoredMention.

/** What a collector yields. Everything but externalId, text and publishedAt is optional. */
export interface RawPost {
  externalId: string;
  text: string;              // may contain HTML; normalisation strips it
  title?: string | null;
  url?: string | null;
  publishedAt: Date;
  language?: string | null;  // as declared by the source, if any
  author?: {
    handle: string;
    displayName?: string | null;
    followers?: number | null;
    verified?: boolean;
    kind?: string | null;    // stakeholder hint from the source (e.g. "media")
  } | null;
  engagement?: { likes?: number; reposts?: number; replies?: number; views?: number } | null;
  parentExternalId?: string | null;
  quotedExternalId?: string | null;
  platform?: string;         // defaults to the collector's platform
}

export interface NormalizedPost extends RawPost {
  sourceId: string;
  platform: string;
  text: string;              // plain text, entities decoded, whitespace folded
  canonicalUrl: string | null;
  contentHash: string;       // first 64 bits of the sha1 of the lower-cased text without URLs (16 hex digits)
  brandIds: string[];        // every brand whose keywords matched (first = primary)
  fetchedAt: Date;
}

export type SentimentLabel = "negative" | "neutral" | "positive";
export type ComplaintKind = "complaint" | "grumble" | "question" | "praise" | "none";
export type ComplaintCategory = "product" | "service" | "price" | "integrity";
export type Servqual = "tangibles" | "reliability" | "responsiveness" | "assurance" | "empathy";
export type Severity = "general" | "serious" | "malicious";
export type Stakeholder = "media" | "journalist" | "official" | "verified" | "high_reach" | "competitor";

/** Everything text understanding says about one post, with the reasons. */
export interface TextAnalysis {
  language: string | null;         // ISO 639-1 where known ("en", "zh"), null when undetermined
  sentiment: { label: SentimentLabel; score: number }; // score in [-1, 1]
  complaint: {
    kind: ComplaintKind;
    category: ComplaintCategory | null;
    servqual: Servqual | null;
    reason: string | null;         // delay | cancellation | lost_baggage | damaged_baggage | staff | booking | ...
    severity: Severity | null;
  };
  churn: boolean;
  stakeholder: Stakeholder | null;
  /** Words and rules that drove each label, e.g. ["neg: 'broke' -3", "rule: negation flips 'good'"]. */
  why: string[];
  engine: string;                  // engine id + version, e.g. "baseline-lexicon@1"
}

export interface AnalyzeInput {
  text: string;
  language?: string | null;
  author?: RawPost["author"];
  brand?: { id: string; name: string; keywords: string[]; competitors: string[] } | null;
}

/** Text analyzers are synchronous and pure so the hot path stays fast and replays are deterministic. */
export interface TextAnalyzer {
  readonly id: string;
  analyze(input: AnalyzeInput): TextAnalysis;
}

export interface StoredMention extends NormalizedPost {
  id: number;
  brandId: string;           // the brand this event is about (one event per matched brand)
  authorId: number | null;
  /** The author's followers as stored when this mention was (the store knows them; rollups count them as reach). Absent: not known here. */
  authorFollowers?: number | null;
  duplicateOfId: number | null;
  analysis: TextAnalysis;
}
