// Brand matching: keywords and aliases, case-insensitive; whole-word for Latin
// scripts (so "Acme" does not match "acmeology") and substring for CJK, where words
// are not separated by spaces. Any exclusion vetoes the match.
import type { BrandMatchConfig } from "../collectors/types.ts";

const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]/;

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function termPattern(term: string): string {
  const t = escapeRe(term.trim());
  if (CJK.test(term)) return t;
  // Unicode-aware word boundaries; handles like "@acmeair" and tags like "#acme" work too.
  return `(?<![\\p{L}\\p{N}_])${t}(?![\\p{L}\\p{N}_])`;
}

export interface BrandMatcher {
  brandId: string;
  matches(text: string): boolean;
  /** The terms that matched (for the "why" and for debugging rules). */
  matchedTerms(text: string): string[];
}

export function compileBrandMatcher(brand: BrandMatchConfig): BrandMatcher {
  const terms = [...brand.keywords, ...brand.aliases].filter((t) => t.trim());
  const include = terms.length ? new RegExp(terms.map(termPattern).join("|"), "iu") : null;
  const exclude = brand.exclusions.length ? new RegExp(brand.exclusions.map(termPattern).join("|"), "iu") : null;
  return {
    brandId: brand.id,
    matches(text: string) {
      if (!include || !include.test(text)) return false;
      return !(exclude && exclude.test(text));
    },
    matchedTerms(text: string) {
      return terms.filter((t) => new RegExp(termPattern(t), "iu").test(text));
    },
  };
}

/** Returns the ids of every brand matched, in config order (first = primary). */
export function matchBrands(matchers: BrandMatcher[], text: string): string[] {
  const out: string[] = [];
  for (const m of matchers) if (m.matches(text)) out.push(m.brandId);
  return out;
}
