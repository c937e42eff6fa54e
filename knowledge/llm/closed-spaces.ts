/**
 * Japanese writers often set a name off with spaces (塾の 新井 です, アルバイトの 陳 さん, 指導教員の 大川 教授 から):
 * the name finder reads such a name as it reads one written without them (塾の新井です). This view of a text
 * closes the spaces a name cannot hold — after a particle or a punctuation mark, and before an honorific, a
 * title, a copula or a particle — and keeps the one between a surname and a given name (宇野 颯太), which the
 * finder reads as one name. Offsets of the view map back to the text.
 */

/** What ends a phrase before a name: a particle or a Japanese punctuation mark (の, は, 、, 「, （). */
const BEFORE = /[のはがもをにへと、。「『（(：:]$/;

/**
 * What follows a name and no name holds: honorifics, titles, copulas and particles; a one-kana particle only
 * before no more kana (蒼 の名前, not 鈴木 のぞみ, a given name).
 */
const AFTER =
  /^(?:さん|様|さま|くん|君|ちゃん|氏|殿|先生|教授|准教授|講師|部長|課長|係長|社長|店長|所長|室長|院長|園長|校長|会長|主任|先輩|です|でした|でございます|と申します|と申し|から|より|まで|[がはにをへもの](?![ぁ-ゖ]))/;

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー々]/u;

/** `text` with those spaces closed, and for each offset of it (and its end) the offset in `text`. */
export function closeNameSpaces(text: string): { text: string; toText: number[] } {
  let out = '';
  const toText: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if ((c === ' ' || c === '\u3000') && i > 0 && i + 1 < text.length) {
      const next = text[i + 1]!;
      const closesAfterPhrase = BEFORE.test(text[i - 1]!) && CJK.test(next);
      const closesBeforeCue = CJK.test(text[i - 1]!) && AFTER.test(text.slice(i + 1, i + 8));
      if (closesAfterPhrase || closesBeforeCue) continue;
    }
    out += c;
    toText.push(i);
  }
  toText.push(text.length);
  return { text: out, toText };
}
