// natural's Porter stemmer, loaded quietly: natural pulls in dotenv, which prints a tip
// on stdout at import unless DOTENV_CONFIG_QUIET is set (see notes/environment.md).
import { createRequire } from "node:module";

process.env.DOTENV_CONFIG_QUIET ??= "true";
const require = createRequire(import.meta.url);
const { PorterStemmer } = require("natural") as { PorterStemmer: { stem(w: string): string } };

const cache = new Map<string, string>();

/** Porter stem with a bounded memo (stemming the same words over and over is the common case). */
export function stem(word: string): string {
  let s = cache.get(word);
  if (s === undefined) {
    s = PorterStemmer.stem(word);
    if (cache.size > 50_000) cache.clear();
    cache.set(word, s);
  }
  return s;
}
