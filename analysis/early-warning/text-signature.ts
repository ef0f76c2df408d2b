// Text fingerprints used by story clustering. Pure functions, no dependencies, so
// clustering is deterministic and cheap enough for the hot path (a few microseconds
// per post). CJK text has no spaces, so it is shingled and tokenised by character
// bigrams instead of words: that keeps Chinese/Japanese rewordings comparable
// without a segmenter on the hot path.

const URL_RE = /\bhttps?:\/\/\S+|\bwww\.\S+/gi;
const HANDLE_RE = /(^|\s)[@＠][\p{L}\p{N}_.]+/gu;
const HASHTAG_RE = /(^|\s)[#＃][\p{L}\p{N}_]+/gu;
const RT_RE = /^\s*rt\s*:?\s*/i;
const CJK_RE = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]/u;
const CJK_RUN_RE = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+/gu;
const WORD_RE = /[\p{L}\p{N}]+/gu;

const STOP = new Set(
  ("the and for are but not you your with this that have has had was were from they them our out all any can " +
    "will just what when who how why its it's i'm im get got been being about into over than then there their " +
    "also very much more most some such only own same too should would could one two rt via amp http https www com")
    .split(" "),
);

/** Lower-cases and removes URLs, @handles, #hashtags and a leading "RT" so retweets and reposts compare equal. */
export function stripForSignature(text: string): string {
  // each pass only when its marker is present (same output, fewer regex passes on the hot path)
  let s = HAS_URL_RE.test(text) ? text.replace(URL_RE, " ") : text;
  if (s.includes("@") || s.includes("＠")) s = s.replace(HANDLE_RE, "$1 ");
  if (s.includes("#") || s.includes("＃")) s = s.replace(HASHTAG_RE, "$1 ");
  return s
    .toLowerCase()
    .replace(RT_RE, " ")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

const HAS_URL_RE = /https?:\/\/|www\./i;

export function hasCjk(text: string): boolean {
  return CJK_RE.test(text);
}

/** 32-bit FNV-1a with a seed; two seeds give the two halves of a 64-bit SimHash. */
export function fnv1a(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  // final avalanche so neighbouring shingles spread over all bits
  h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b) >>> 0; h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35) >>> 0; h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Character shingles of stripped text: 4-grams over Latin-script text (spaces
 * removed between words so small edits move few shingles), 2-grams inside CJK runs.
 */
export function shingles(stripped: string): string[] {
  const out: string[] = [];
  const cjkRuns = stripped.match(CJK_RUN_RE) ?? [];
  for (const run of cjkRuns) {
    if (run.length === 1) out.push(run);
    for (let i = 0; i + 2 <= run.length; i++) out.push(run.slice(i, i + 2));
  }
  const latin = stripped.replace(CJK_RUN_RE, " ").replace(/\s+/g, " ").trim();
  if (latin.length > 0) {
    if (latin.length < 4) out.push(latin);
    for (let i = 0; i + 4 <= latin.length; i++) out.push(latin.slice(i, i + 4));
  }
  return out;
}

// bit-sliced vote counters: up to 2^24 shingles, far beyond the 20,000-character text cap
const SLICES = 24;
const CA = new Int32Array(SLICES + 1), CB = new Int32Array(SLICES + 1);

/** fnv1a over s[from, to) without allocating the substring. */
function fnvRange(s: string, from: number, to: number, seed: number): number {
  let h = seed >>> 0;
  for (let i = from; i < to; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b) >>> 0; h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35) >>> 0; h ^= h >>> 16;
  return h >>> 0;
}

/** 64-bit SimHash as two unsigned 32-bit halves. */
export interface SimHash { hi: number; lo: number }

export function simhash(stripped: string): SimHash {
  // Same shingles and hashes as shingles() + fnv1a(), computed in place (no substring
  // per shingle), and the per-bit vote counted with bit-sliced counters: slice k of
  // CA/CB holds bit k of the count of ones for all 32 bit positions at once, so a
  // shingle costs a ripple-carry add (about two word operations) instead of 64
  // increments. A bit of the result is set when ones > shingles - ones, exactly the
  // sign of the classic +1/-1 accumulator.
  CA.fill(0); CB.fill(0);
  let nSh = 0;
  const add = (str: string, from: number, to: number) => {
    nSh++;
    let carry = fnvRange(str, from, to, 0x811c9dc5);
    for (let k = 0; carry !== 0; k++) { const c = CA[k]; CA[k] = c ^ carry; carry = c & carry; }
    carry = fnvRange(str, from, to, 0x9747b28c);
    for (let k = 0; carry !== 0; k++) { const c = CB[k]; CB[k] = c ^ carry; carry = c & carry; }
  };
  if (CJK_RE.test(stripped)) {
    for (const run of stripped.match(CJK_RUN_RE) ?? []) {
      if (run.length === 1) add(run, 0, 1);
      for (let i = 0; i + 2 <= run.length; i++) add(run, i, i + 2);
    }
    const latin = stripped.replace(CJK_RUN_RE, " ").replace(/\s+/g, " ").trim();
    if (latin.length > 0 && latin.length < 4) add(latin, 0, latin.length);
    for (let i = 0; i + 4 <= latin.length; i++) add(latin, i, i + 4);
  } else {
    // stripForSignature output: already single-spaced and trimmed when it has no CJK
    const latin = /\s\s|^\s|\s$/.test(stripped) ? stripped.replace(/\s+/g, " ").trim() : stripped;
    if (latin.length > 0 && latin.length < 4) add(latin, 0, latin.length);
    for (let i = 0; i + 4 <= latin.length; i++) add(latin, i, i + 4);
  }
  let top = 0; // slices in use: counts never exceed nSh
  while (top < SLICES && nSh >= 1 << top) top++;
  let hi = 0, lo = 0;
  for (let bit = 0; bit < 32; bit++) {
    let onesA = 0, onesB = 0;
    for (let k = 0; k < top; k++) { onesA |= ((CA[k] >>> bit) & 1) << k; onesB |= ((CB[k] >>> bit) & 1) << k; }
    if (2 * onesA > nSh) hi |= 1 << bit;
    if (2 * onesB > nSh) lo |= 1 << bit;
  }
  return { hi: hi >>> 0, lo: lo >>> 0 };
}

function popcount32(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}

export function hamming(a: SimHash, b: SimHash): number {
  return popcount32((a.hi ^ b.hi) >>> 0) + popcount32((a.lo ^ b.lo) >>> 0);
}

/** Four 16-bit bands: two SimHashes within Hamming distance 3 always share at least one band. */
export function simhashBands(h: SimHash): string[] {
  return [
    `0:${h.hi & 0xffff}`,
    `1:${h.hi >>> 16}`,
    `2:${h.lo & 0xffff}`,
    `3:${h.lo >>> 16}`,
  ];
}

/** Content words for TF-IDF: words of 3+ letters minus stop words; CJK as character bigrams. */
export function tokens(stripped: string): string[] {
  const out: string[] = [];
  const cjk = CJK_RE.test(stripped);
  if (cjk) for (const run of stripped.match(CJK_RUN_RE) ?? []) {
    if (run.length === 1) out.push(run);
    for (let i = 0; i + 2 <= run.length; i++) out.push(run.slice(i, i + 2));
  }
  const latin = cjk ? stripped.replace(CJK_RUN_RE, " ") : stripped;
  for (const w of latin.match(WORD_RE) ?? []) {
    if (w.length < 3 || STOP.has(w)) continue;
    // crude plural folding so "flights"/"flight" share a term
    out.push(w.length > 4 && w.endsWith("s") && !w.endsWith("ss") ? w.slice(0, -1) : w);
  }
  return out;
}

const VIDEO_PATTERNS: Array<[RegExp, string]> = [
  [/(?:youtube\.com\/(?:watch\?(?:.*&)?v=|shorts\/|embed\/)|youtu\.be\/)([\w-]{6,})/i, "yt"],
  [/tiktok\.com\/@?[\w.-]*\/?video\/(\d+)/i, "tt"],
  [/(?:twitter|x)\.com\/[\w]+\/status(?:es)?\/(\d+)/i, "tw"],
  [/bilibili\.com\/video\/(\w+)/i, "bili"],
  [/weibo\.com\/\d+\/(\w+)/i, "wb"],
];

/**
 * Shared-link keys: a video id (YouTube, TikTok, X status, Bilibili, Weibo) or a
 * canonical URL without query/fragment. Links to the brand's own home page are
 * too common to mean "same story", so bare domains are skipped.
 */
export function linkKeys(text: string, canonicalUrl: string | null | undefined): string[] {
  const urls = HAS_URL_RE.test(text) ? (text.match(URL_RE) ?? []).slice(0, 5) : [];
  if (canonicalUrl) urls.push(canonicalUrl);
  const keys = new Set<string>();
  for (const raw of urls) {
    let matched = false;
    for (const [re, tag] of VIDEO_PATTERNS) {
      const m = raw.match(re);
      if (m) { keys.add(`${tag}:${m[1]}`); matched = true; break; }
    }
    if (matched) continue;
    const u = raw.replace(/^https?:\/\//i, "").replace(/^www\./i, "").replace(/[?#].*$/, "").replace(/\/+$/, "").toLowerCase();
    if (u.includes("/") && u.length > 8) keys.add(`url:${u}`);
  }
  return [...keys];
}
