import TinySegmenter from 'tiny-segmenter';
import { normalizeText } from '../text/normalize.js';

/**
 * Japanese-aware tokens for indexing and querying. Both sides go through the
 * same function, so whatever the database is, the same text gives the same terms.
 *
 * Japanese has no spaces, so each run of kana/kanji yields:
 *  - the words TinySegmenter finds that carry content (contain kanji or katakana),
 *    which keeps katakana loanwords whole (ランサムウェア);
 *  - kanji/katakana character bigrams, which match compounds the segmenter
 *    splits differently in a question than in an article (個人情報 vs 個人/情報).
 * Latin words are lower-cased, stop words dropped, and plurals folded.
 */
/**
 * Bumped whenever `tokens()` changes its output: the stored index was built
 * with an older version and is rebuilt at start (knowledge/create-knowledge.ts).
 */
export const ANALYZER_VERSION = 3;

export class TextAnalyzer {
  private readonly segmenter = new TinySegmenter();

  tokens(text: string): string[] {
    const normalized = normalizeText(text);
    const out: string[] = [];
    for (const match of normalized.matchAll(RUN)) {
      const run = match[0];
      if (LATIN_START.test(run)) {
        for (const word of run.split(/[^a-z0-9+#]+/)) {
          if (word.length >= 2 && !EN_STOP.has(word)) out.push(stemEnglish(word));
        }
      } else {
        this.japanese(run, out);
      }
    }
    return out;
  }

  private japanese(run: string, out: string[]): void {
    for (const word of this.segmenter.segment(run)) {
      if (CONTENT_CHAR.test(word) && word.length >= 2) out.push(word);
    }
    // Bigrams over stretches of kanji/katakana only: hiragana bigrams are mostly grammar.
    for (const stretch of run.match(CONTENT_STRETCH) ?? []) {
      const chars = [...stretch];
      if (chars.length === 1) {
        if (KANJI.test(stretch)) out.push(stretch);
        continue;
      }
      for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
    }
  }
}

// A run is either latin/digits (with joiners) or Japanese script.
const RUN = /[a-z0-9][a-z0-9+#._-]*|[\u3040-\u30ff\u3400-\u9fff\u30fc々〆]+/g;
const LATIN_START = /^[a-z0-9]/;
const KANJI = /[\u3400-\u9fff々]/;
const CONTENT_CHAR = /[\u30a0-\u30ff\u3400-\u9fff々]/;
const CONTENT_STRETCH = /[\u30a0-\u30ff\u3400-\u9fff々ー]+/g;

const EN_STOP = new Set(
  'a an the and or but if of to in on at by for with from as is are was were be been being it its this that these those there here i me my we our us you your he she they them their what which who whom how why when where do does did doing done have has had having can could should would will shall may might must not no yes so than too very just also about into over under again more most some any all each other such only own same then once up down out off please help thanks thank hi hello get got one'.split(
    ' ',
  ),
);

/** Light English stemming: enough to match plural and -ing/-ed forms of the same word. */
export function stemEnglish(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  let w = word;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('ied') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('ing') && w.length > 5) w = undouble(w.slice(0, -3));
  else if (w.endsWith('ed') && w.length > 4) w = undouble(w.slice(0, -2));
  else if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) w = w.slice(0, -1);
  // share/shared/sharing all end as "shar": drop a final e so the forms meet.
  if (w.endsWith('e') && w.length > 4) w = w.slice(0, -1);
  return w;
}

/** stopped → stop, logged → log (but not "ss"/"ll" endings, which are the word's own). */
function undouble(w: string): string {
  return /([bdgkmnprt])\1$/.test(w) ? w.slice(0, -1) : w;
}
