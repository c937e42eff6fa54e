import type { IpadicFeatures } from 'kuromoji';

/**
 * Japanese names the analyser cannot read as one (rare surnames it splits into kanji: 綴木 → 綴/木, 空閑 → 空/閑,
 * or reads as a number and a noun: 三浦 → 三/浦), found by how the sentence is written around them (the holdout-8
 * round). surname-slots.ts needs a word IPADIC lists as a surname; these slots say "a person" strongly enough
 * that the word need only be no ordinary compound:
 *
 * - the writer introducing themself: <what or where they are>の[title]<name>です (製本所の綴木です, 保育園の園長三浦です),
 *   the name two or three kanji the analyser splits into pieces none of which is a noun of two characters, or a
 *   kana word it lists as a name (受付のひらのです);
 * - a full name with a space whose second part is a given name the dictionary lists, between a boundary, の or a
 *   bracket and a particle, a bracket or です (練習生の拳崎 大吾(, 店の障子 健です, 子(水野 彩)が);
 * - a row of a list: a two-part name (kanji, a space, a short name) right before someone's contact placeholder
 *   (「大漁 勝,[ADDRESS_1],[PHONE_1]…」).
 */

/** What the slots need to know of a word (name-finder.ts). */
export interface WrittenNameWords {
  isGivenName(word: string): boolean;
  isKanaName(word: string): boolean;
}

export interface WrittenNameSpan {
  start: number;
  end: number;
}

/** Titles written right before the writer's name (園長三浦, 店長杉山). */
const TITLE = '(?:オーナー|店主|店長|社長|代表|院長|園長|校長|理事長|所長|室長|部長|課長|係長|主任|会長|事務長|女将|会長|担当)?';
/** Words of two or more kana that are no name in the writer's slot (受付のものです, 担当のほうです). */
const KANA_NOT_NAMES = /^(?:もの|ほう|かた|こと|ところ|ため|はず|わけ|つもり|みなさん|みんな|ばかり|だけ)$/;
/** After a full name: です, a particle, a bracket or a comma. */
const AFTER_FULL = '(?=です|でした|と申し|さん|様|[がはにもをとのへ]|[、。,.!！?？)）」』(（]|\\s|$)';
/** A contact or document placeholder right after a name in a row. */
const CONTACT_NEXT = '(?=[^\\S\\n]*[,、][^\\S\\n]*\\[(?:PHONE|EMAIL|BIRTHDATE|ADDRESS|ID_DOC|MYNUMBER|BANK|CARD)_\\d+\\])';

/**
 * Kanji that end most Japanese surnames (places: 田 field, 木, 谷, 浦, 野, 川, 崎 …). A word split into pieces that ends
 * otherwise is more often a trade or a role the analyser lacks (市場の仲卸です), unless a piece is unknown to it (空閑).
 */
const SURNAME_END = /[田木谷浦野川山本村井藤島嶋原崎沢澤口林森岡部橋池内江城宮坂瀬尾上下中松永浜塚畑堀元地場屋倉戸石西東辺邊間園門沼波津垣條条保久家吉平岸葉丘根渕淵瀧滝谷柳杉梅竹桜宅寺所見海守子]$/;

/** Whether the analyser reads `text.slice(start, end)` as pieces, none an ordinary noun of two characters or a suffix. */
function splitIntoPieces(text: string, tokens: readonly IpadicFeatures[], at: readonly number[], start: number, end: number): boolean {
  const inside = tokens.map((t, i) => ({ t, s: at[i]! })).filter(({ t, s }) => s < end && s + t.surface_form.length > start);
  if (inside.length === 0) return false;
  if (inside[0]!.s !== start || inside[inside.length - 1]!.s + inside[inside.length - 1]!.t.surface_form.length !== end) return false;
  if (inside.length === 1) return inside[0]!.t.word_type === 'UNKNOWN' || inside[0]!.t.pos_detail_2 === '人名';
  const pieces = inside.every(({ t }) => t.pos_detail_1 !== '接尾' && !(t.pos === '名詞' && t.surface_form.length >= 2 && t.pos_detail_1 !== '固有名詞'));
  return pieces && (SURNAME_END.test(text.slice(start, end)) || inside.some(({ t }) => t.word_type === 'UNKNOWN'));
}

/** Names in the writer's self-introduction, a spaced full name's slot, or a row before a contact. */
export function namesByWriting(text: string, tokens: readonly IpadicFeatures[], at: readonly number[], words: WrittenNameWords): WrittenNameSpan[] {
  const spans: WrittenNameSpan[] = [];
  // The self-introduction opens a sentence: up to 30 characters of what the writer is, then の.
  const intro = new RegExp(`(?<=(?:^|[。!！?？\\n])[^。!！?？\\n]{0,30}?の${TITLE})([\\u4e00-\\u9fff々]{2,3}|[ぁ-ゖ]{2,4})(?=(?:です|でした)(?:[。、!！\\n]|$)|と申し)`, 'g');
  for (const m of text.matchAll(intro)) {
    const w = m[1]!;
    const start = m.index;
    const end = start + w.length;
    const ok = /^[ぁ-ゖ]+$/.test(w) ? !KANA_NOT_NAMES.test(w) && words.isKanaName(w) : splitIntoPieces(text, tokens, at, start, end);
    if (ok) spans.push({ start, end });
  }
  // A full name with a space, the given name listed, in a person's slot.
  const full = new RegExp(`(?<=(?:^|[のはがをにともで、。,(（「『\\n]|[^\\S\\n]))([\\u4e00-\\u9fff々]{2,3})[ \\u3000]([\\u4e00-\\u9fff々]{1,2}|[ぁ-ゖァ-ヶー]{2,4})${AFTER_FULL}`, 'g');
  for (const m of text.matchAll(full)) {
    if (words.isGivenName(m[2]!)) spans.push({ start: m.index, end: m.index + m[0].length });
  }
  // A row: kanji, a space and a short name, then a contact placeholder.
  const row = new RegExp(`(?<=(?:^|[「『\\n,、:：]))[^\\S\\n]*([\\u4e00-\\u9fff々]{1,4}[ \\u3000](?:[\\u4e00-\\u9fff々]{1,3}|[ぁ-ゖァ-ヶー]{2,4}))${CONTACT_NEXT}`, 'gm');
  for (const m of text.matchAll(row)) {
    const start = m.index + m[0].indexOf(m[1]!);
    spans.push({ start, end: start + m[1]!.length });
  }
  return spans;
}
