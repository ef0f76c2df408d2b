// Rule-based English valence in the VADER tradition (Hutto & Gilbert 2014), rewritten
// so that every rule that fires leaves a readable trace in `why`, and extended with the
// project's service vocabulary, emoji and emoticons.
import { BOOSTERS, CONTRAST, EMOJI_LEXICON, EMOTICONS, NEGATORS, buildEnglishLexicon } from "./lexicon.en.ts";
import type { Token } from "./tokenize.en.ts";

const CAPS_BOOST = 0.733;
const ELONGATION_BOOST = 0.3;
const NEGATION_SCALAR = -0.74;

export interface EnglishValence {
  /** VADER-style compound in [-1, 1]. */
  compound: number;
  pos: number;
  neg: number;
  negations: number;
  /** Number of tokens that carried valence. */
  hits: number;
  why: string[];
}

const fmt = (v: number) => (v > 0 ? "+" : "") + v.toFixed(1);

export class EnglishSentiment {
  readonly #lex = buildEnglishLexicon();

  /** Valence of a single word as the lexicon knows it (0 when unknown). */
  valence(w: string): number {
    return this.#lex.get(w) ?? 0;
  }

  #lookup(t: Token): number {
    if (t.kind === "emoji") return EMOJI_LEXICON[t.w] ?? EMOJI_LEXICON[t.w.replace(/\uFE0F/g, "")] ?? 0;
    if (t.kind === "emoticon") return EMOTICONS[t.w] ?? 0;
    if (t.kind !== "word") return 0;
    let v = this.#lex.get(t.w);
    if (v === undefined && t.elongated) v = this.#lex.get(t.w.replace(/(\p{L})\1+/gu, "$1"));
    return v ?? 0;
  }

  score(tokens: Token[]): EnglishValence {
    const why: string[] = [];
    let words = 0;
    let capsWords = 0;
    for (const t of tokens) if (t.kind === "word") { words++; if (t.caps) capsWords++; }
    // Capitals only signal shouting when the rest of the post is not shouting too.
    const capsMatter = capsWords > 0 && capsWords < words;
    const vals = new Array<number>(tokens.length).fill(0);
    let negations = 0;
    let hits = 0;
    let contrastAt = -1;
    let exclaim = 0;
    let question = 0;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      if (t.kind === "punct") {
        for (const ch of t.w) ch === "!" ? exclaim++ : question++;
        continue;
      }
      if (t.kind === "word" && CONTRAST.has(t.w) && i > 0) contrastAt = i;
      let v = this.#lookup(t);
      if (v === 0) continue;
      hits++;
      const sign = v > 0 ? 1 : -1;
      if (t.kind === "word") {
        if (t.caps && capsMatter) { v += sign * CAPS_BOOST; why.push(`rule: ALL CAPS '${t.w}'`); }
        if (t.elongated) { v += sign * ELONGATION_BOOST; why.push(`rule: elongation '${t.w}'`); }
        let negated = false;
        for (let k = 1; k <= 3 && i - k >= 0; k++) {
          const p = tokens[i - k];
          if (p.kind !== "word") { if (p.kind === "punct") break; continue; }
          const b = BOOSTERS[p.w];
          if (b) {
            const scaled = b * (1 - 0.05 * (k - 1)) * sign;
            v += p.caps && capsMatter ? scaled + sign * CAPS_BOOST * 0.5 : scaled;
            why.push(`rule: intensifier '${p.w}' on '${t.w}'`);
          }
          if (!negated && (NEGATORS.has(p.w) || p.w.endsWith("n't"))) negated = true;
        }
        if (negated) { v *= NEGATION_SCALAR; negations++; why.push(`rule: negation flips '${t.w}'`); }
      }
      vals[i] = v;
      why.push(`${v > 0 ? "pos" : "neg"}: '${t.w}' ${fmt(v)}`);
    }
    if (contrastAt > 0) {
      let touched = false;
      for (let i = 0; i < vals.length; i++) {
        if (vals[i] === 0) continue;
        vals[i] *= i < contrastAt ? 0.5 : 1.5;
        touched = true;
      }
      if (touched) why.push(`rule: contrast '${tokens[contrastAt].w}' weights the later clause`);
    }
    let sum = 0;
    let pos = 0;
    let neg = 0;
    for (const v of vals) { sum += v; if (v > 0) pos += v; else neg -= v; }
    if (sum !== 0 && exclaim > 0) {
      const amp = Math.min(exclaim, 4) * 0.292;
      sum += sum > 0 ? amp : -amp;
      why.push(`rule: ${exclaim} exclamation mark(s) amplify`);
    }
    if (sum !== 0 && question > 1) sum += (sum > 0 ? 1 : -1) * Math.min(question * 0.18, 0.96);
    const compound = sum === 0 ? 0 : sum / Math.sqrt(sum * sum + 15);
    return { compound, pos, neg, negations, hits, why };
  }
}
