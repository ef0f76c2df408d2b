// Language detection: script ranges decide CJK, Cyrillic etc. instantly; franc-min
// handles Latin-script languages when there is enough text to be meaningful.
import { franc } from "franc-min";

const ISO3_TO_1: Record<string, string> = {
  eng: "en", spa: "es", fra: "fr", deu: "de", por: "pt", ita: "it", nld: "nl", rus: "ru", cmn: "zh", jpn: "ja",
  kor: "ko", arb: "ar", hin: "hi", tur: "tr", pol: "pl", ukr: "uk", ind: "id", vie: "vi", tha: "th", swe: "sv",
};

export function detectLanguage(text: string): string | null {
  const sample = text.slice(0, 400);
  const han = (sample.match(/[\u4e00-\u9fff]/g) ?? []).length;
  const kana = (sample.match(/[\u3040-\u30ff]/g) ?? []).length;
  const hangul = (sample.match(/[\uac00-\ud7af]/g) ?? []).length;
  if (kana > 2) return "ja";
  if (hangul > 2) return "ko";
  if (han >= 2) return "zh";
  if (/[\u0400-\u04ff]{3}/.test(sample)) return "ru";
  if (/[\u0600-\u06ff]{3}/.test(sample)) return "ar";
  const letters = (sample.match(/\p{L}/gu) ?? []).length;
  if (letters < 20) return /[a-z]{2}/i.test(sample) ? "en" : null;
  const code = franc(sample, { minLength: 20 });
  if (code === "und") return null;
  return ISO3_TO_1[code] ?? code;
}
