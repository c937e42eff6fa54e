import type { Lang } from '../../core/i18n/t.js';

/**
 * Text normalisation shared by triage, indexing and querying, so that the same
 * characters typed in different widths or cases compare equal.
 *
 * NFKC folds half-width katakana (ﾗﾝｻﾑ → ランサム), full-width latin (ＰＣ → PC)
 * and compatibility forms in one step; lower-casing then makes latin case-blind.
 */
export function normalizeText(input: string): string {
  return input
    .normalize('NFKC')
    .toLowerCase()
    // Curly quotes and Japanese brackets carry no meaning for matching.
    .replace(/[\u2018\u2019\u201c\u201d]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/** Languages the bot answers in: defined once, in the catalogue (core/i18n/t.ts); re-exported for the modules that detect it. */
export type { Lang };

/**
 * Detects the asker's language: any kana or CJK ideograph makes it Japanese,
 * because a Japanese speaker often mixes English product names into a sentence
 * while an English speaker almost never writes kana.
 */
export function detectLang(text: string): Lang {
  return /[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]/.test(text) ? 'ja' : 'en';
}

/**
 * The language to answer in: what the person wrote in, unless the text has no
 * words to tell by ("OK", "?", a URL); then the platform's locale, then `fallback`.
 */
export function replyLang(text: string, hint: Lang | undefined, fallback: Lang = 'ja'): Lang {
  if (/[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]/.test(text)) return 'ja';
  if (/[a-zA-Z]{2,}/.test(text.replace(/https?:\/\/\S+/g, ''))) return 'en';
  return hint ?? fallback;
}
