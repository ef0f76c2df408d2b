// The analyzer the pipeline uses. This is the Foundation's baseline (a small
// hand-written lexicon); the text-understanding work replaces createDefaultAnalyzer()
// with the full engine without touching the pipeline.
import type { AnalyzeInput, TextAnalysis, TextAnalyzer } from "./types.ts";
import { detectLanguage } from "./language.ts";
import { createTextEngine } from "./text/engine.ts";
import { DEFAULT_MODEL_PATH, ReloadingAnalyzer } from "./text/model-file.ts";

const POS: Record<string, number> = {
  good: 2, great: 3, love: 3, excellent: 3, amazing: 3, thanks: 2, thank: 2, awesome: 3, best: 3, happy: 2, nice: 2,
  "好": 2, "棒": 3, "喜欢": 2, "满意": 2, "谢谢": 2,
};
const NEG: Record<string, number> = {
  bad: -2, worst: -3, terrible: -3, awful: -3, broke: -3, broken: -3, lost: -2, delayed: -2, delay: -2, cancelled: -2,
  rude: -3, never: -1, hate: -3, angry: -3, refund: -1, disappointed: -2, horrible: -3, fail: -2, failed: -2,
  "差": -2, "坏": -3, "垃圾": -3, "投诉": -2, "失望": -2, "退款": -1, "摔坏": -3,
};
const NEGATORS = new Set(["not", "no", "never", "don't", "didn't", "isn't", "wasn't", "can't", "won't"]);

export function createBaselineAnalyzer(): TextAnalyzer {
  return {
    id: "baseline-lexicon@1",
    analyze(input: AnalyzeInput): TextAnalysis {
      const language = input.language ?? detectLanguage(input.text);
      const lower = input.text.toLowerCase();
      const why: string[] = [];
      let score = 0;
      const tokens = lower.split(/[^\p{L}\p{N}']+/u).filter(Boolean);
      tokens.forEach((t, i) => {
        let v = POS[t] ?? NEG[t] ?? 0;
        if (!v) return;
        if (i > 0 && NEGATORS.has(tokens[i - 1])) { v = -v * 0.5; why.push(`negated '${t}'`); }
        score += v;
        why.push(`'${t}' ${v > 0 ? "+" : ""}${v}`);
      });
      for (const [w, v] of Object.entries({ ...POS, ...NEG })) {
        if (/[\u4e00-\u9fff]/.test(w) && input.text.includes(w)) { score += v; why.push(`'${w}' ${v}`); }
      }
      const norm = Math.max(-1, Math.min(1, score / 5));
      const label = norm <= -0.2 ? "negative" : norm >= 0.2 ? "positive" : "neutral";
      return {
        language,
        sentiment: { label, score: norm },
        complaint: { kind: label === "negative" ? "grumble" : "none", category: null, servqual: null, reason: null, severity: label === "negative" ? "general" : null },
        churn: false,
        stakeholder: null,
        why,
        engine: "baseline-lexicon@1",
      };
    },
  };
}

/**
 * The full text engine (analysis/text/engine.ts): English and Chinese sentiment,
 * complaint kind/category/SERVQUAL/reason/severity, churn and stakeholder, with `why`.
 * Loads its lexicons and models once here; analyze() does no I/O.
 */
export function createDefaultAnalyzer(options: DefaultAnalyzerOptions = {}): TextAnalyzer {
  const engine = createTextEngine();
  if (options.preloadChinese) engine.preloadChinese();
  const modelPath = options.modelPath === undefined ? DEFAULT_MODEL_PATH : options.modelPath;
  return modelPath === null ? engine : new ReloadingAnalyzer(engine, modelPath, { onError: options.onModelError });
}

export interface DefaultAnalyzerOptions {
  /**
   * Workspace model written by `earshot model train`; picked up (and re-read when it
   * changes) without a restart. Default ./data/model.json; null = engine only.
   */
  modelPath?: string | null;
  /** Called when a model file exists but cannot be used (the engine keeps deciding). */
  onModelError?: (err: unknown) => void;
  /**
   * Load the Chinese analyzer at creation instead of at the first Chinese post (see
   * expectsChinese()). Default false: English-only workspaces never load jieba.
   */
  preloadChinese?: boolean;
}

const HAN = /\p{Script=Han}/u;

/**
 * Whether a workspace should expect Chinese posts: a brand named, matched or aliased in
 * Chinese characters, or a brand language filter that admits Chinese.
 */
export function expectsChinese(brands: Array<{ name?: string; keywords?: string[]; aliases?: string[]; languages?: string[] }>): boolean {
  return brands.some((b) => b.languages?.includes("zh") || [b.name ?? "", ...(b.keywords ?? []), ...(b.aliases ?? [])].some((w) => HAN.test(w)));
}
