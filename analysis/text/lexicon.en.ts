// English word lists. The general-purpose valences come from the VADER lexicon (MIT,
// Hutto & Gilbert 2014, shipped inside the vader-sentiment dependency); everything in
// this file is written by the project: brand/service vocabulary that general lexicons
// miss ("delayed", "on hold", "rebooked"), emoji valences, and the rule word lists.
import { lexicon as vaderLexicon } from "vader-sentiment/src/vader_lexicon.js";

/** Valence on VADER's -4..+4 scale for service and brand talk. Overrides VADER. */
export const DOMAIN_LEXICON: Record<string, number> = {
  // service failures (the outcome or process failed)
  delayed: -1.8, delay: -1.5, delays: -1.5, late: -1.2, later: 0, cancelled: -2.0, canceled: -2.0, cancel: -1.2,
  cancellation: -1.6, cancellations: -1.6, stranded: -2.4, stuck: -1.8, missed: -1.3, lost: -1.8, losing: -1.2,
  misplaced: -1.8, damaged: -2.0, broken: -2.0, broke: -1.8, ruined: -2.5, overbooked: -2.0, bumped: -1.4,
  hold: -1.0, waiting: -1.2, waited: -1.3, wait: -0.8, hrs: -0.6, hours: -0.8, hour: -0.5, mins: -0.3, minutes: -0.4,
  nobody: -1.0, unacceptable: -2.8, useless: -2.4, unhelpful: -2.2, incompetent: -2.6, incompetence: -2.6,
  rude: -2.4, worst: -3.0, terrible: -3.0, horrible: -3.0, disappointing: -2.2, disappointed: -2.2,
  ridiculous: -2.2, pathetic: -2.6, joke: -1.0, fail: -2.0, fails: -2.0, failed: -2.0, epic: 0,
  refund: -0.6, compensation: -0.6, reimburse: -0.6, voucher: -0.2, complaint: -1.5, complain: -1.5,
  overcharged: -2.2, charged: -0.8, fee: -0.8, fees: -0.9, scam: -2.8, lied: -2.4, lies: -2.2, liar: -2.6,
  dirty: -2.0, smelly: -2.0, cramped: -1.6, freezing: -1.0, tarmac: -0.8, diverted: -1.2, stranding: -2.2,
  again: -0.3, still: -0.4, yet: -0.2, never: -0.6, disconnected: -1.5, hung: -0.8, busy: -0.4, understaffed: -2.0,
  frustrated: -2.2, frustrating: -2.2, annoyed: -1.9, annoying: -1.9, furious: -3.0, livid: -3.0, angry: -2.3,
  sucks: -2.2, suck: -2.0, shame: -1.6, shameful: -2.4, awful: -2.8, mess: -1.6, chaos: -1.8, nightmare: -2.6,
  // satisfaction and gratitude
  thanks: 1.6, thank: 1.6, thx: 1.4, ty: 1.2, appreciate: 2.0, appreciated: 2.0, kudos: 2.4, shoutout: 1.6,
  helpful: 2.0, friendly: 2.0, smooth: 1.6, ontime: 1.6, early: 0.8, upgrade: 1.4, upgraded: 1.8,
  awesome: 3.0, amazing: 2.9, great: 2.7, excellent: 3.0, love: 3.0, loved: 2.9, best: 3.0, perfect: 2.9,
  fantastic: 3.0, wonderful: 2.9, impressed: 2.4, delighted: 2.8, happy: 2.4, glad: 2.0, pleased: 2.0, nice: 1.8,
  fast: 1.0, quick: 1.0, quickly: 1.0, comfortable: 1.8, clean: 1.4, resolved: 1.6, fixed: 1.0, recommend: 1.8,
  // words VADER scores but that are neutral in customer talk
  please: 0, pls: 0, plz: 0, help: 0, yes: 0.4, ok: 0.3, okay: 0.3, care: 0, like: 0.3, want: 0, free: 0.6,
  hi: 0, hey: 0, matter: 0, pretty: 0.2, well: 0.2, fly: 0, flight: 0, united: 0, virgin: 0, southwest: 0,
};

/** Emoji valence (-4..+4), written by the project. */
export const EMOJI_LEXICON: Record<string, number> = {
  "😀": 2, "😃": 2.2, "😄": 2.2, "😁": 2, "😆": 2, "😊": 2.2, "🙂": 1.2, "😍": 3, "🥰": 3, "😘": 2.4, "😎": 1.8,
  "🤩": 3, "👍": 2, "👏": 2.2, "🙌": 2.2, "💯": 2, "🎉": 2.4, "🥳": 2.6, "❤": 3, "❤️": 3, "💕": 2.6, "💖": 2.6,
  "💙": 2.4, "💜": 2.4, "😂": 1.2, "🤣": 1.2, "✨": 1.4, "🔥": 1, "✈": 0, "✈️": 0, "🙏": 1.0, "😇": 2, "☺": 2,
  "😞": -2, "😔": -2, "😟": -1.8, "😕": -1.5, "🙁": -1.6, "☹": -1.8, "😣": -2, "😖": -2.2, "😫": -2.4, "😩": -2.4,
  "😢": -2.4, "😭": -2.6, "😤": -2.4, "😠": -2.8, "😡": -3, "🤬": -3.4, "🤯": -1.6, "😱": -2, "😨": -2, "😰": -2,
  "🤮": -3, "🤢": -2.6, "👎": -2.4, "💔": -2.6, "🙄": -1.8, "😒": -1.8, "😑": -1.2, "😐": -0.6, "🤦": -2, "🤦‍♂️": -2,
  "🤦‍♀️": -2, "😬": -1.2, "💩": -2.4, "😴": -0.8, "🥱": -1, "⏰": -0.4, "🐌": -1.2,
};

/** Emoticons (:-) etc.) that VADER's word split would break apart. */
export const EMOTICONS: Record<string, number> = {
  ":)": 2, ":-)": 2, ":]": 2, "=)": 2, ":d": 2.4, ":-d": 2.4, "xd": 2, ";)": 1.6, ";-)": 1.6, ":p": 1.2, ":-p": 1.2,
  "<3": 2.6, "^_^": 2, "^^": 1.6, ":(": -2, ":-(": -2, ":[": -2, "=(": -2, ":'(": -2.4, ":/": -1.2, ":-/": -1.2,
  ":\\": -1.2, ">:(": -2.8, "d:": -2, ":|": -0.6, "-_-": -1.4, "</3": -2.4,
};

export const NEGATORS = new Set([
  "not", "no", "never", "none", "nobody", "nothing", "nowhere", "neither", "nor", "cannot", "without", "hardly",
  "aint", "arent", "cant", "couldnt", "didnt", "doesnt", "dont", "hadnt", "hasnt", "havent", "isnt", "shouldnt",
  "wasnt", "werent", "wont", "wouldnt", "ain't", "aren't", "can't", "couldn't", "didn't", "doesn't", "don't",
  "hadn't", "hasn't", "haven't", "isn't", "shouldn't", "wasn't", "weren't", "won't", "wouldn't", "n't",
]);

/** Degree adverbs: positive boosts magnitude, negative dampens. */
export const BOOSTERS: Record<string, number> = {
  absolutely: 0.293, completely: 0.293, extremely: 0.293, incredibly: 0.293, really: 0.293, so: 0.293, very: 0.293,
  totally: 0.293, utterly: 0.293, truly: 0.293, super: 0.293, such: 0.2, most: 0.293, highly: 0.293, too: 0.2,
  seriously: 0.293, beyond: 0.293, fucking: 0.4, freaking: 0.35, damn: 0.3, literally: 0.2, ever: 0.25,
  slightly: -0.293, somewhat: -0.293, kinda: -0.293, barely: -0.293, little: -0.2, bit: -0.2, almost: -0.2,
  partly: -0.293, marginally: -0.293, fairly: -0.15, rather: -0.15,
};

/** Words after which the earlier clause matters less ("nice crew but lost my bag"). */
export const CONTRAST = new Set(["but", "however", "although", "though", "yet", "except", "unfortunately"]);

/** One merged table: project words override VADER's general valences. */
export function buildEnglishLexicon(): Map<string, number> {
  const m = new Map<string, number>();
  for (const [w, v] of Object.entries(vaderLexicon)) if (!w.includes(" ")) m.set(w, v);
  for (const [w, v] of Object.entries(DOMAIN_LEXICON)) m.set(w, v);
  return m;
}
