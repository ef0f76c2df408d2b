// natural's Porter stemmer, loaded on its own: natural's index pulls in every module it
// has (dotenv, which prints a tip on stdout unless DOTENV_CONFIG_QUIET is set, and the
// mongoose/redis/pg storage backends), about 120 MB of RSS and 0.7 s at start-up; the
// stemmer file alone costs under 1 MB.
import { createRequire } from "node:module";

process.env.DOTENV_CONFIG_QUIET ??= "true";
const require = createRequire(import.meta.url);
const PorterStemmer = require("natural/lib/natural/stemmers/porter_stemmer.js") as { stem(w: string): string };

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
