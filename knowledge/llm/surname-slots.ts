import type { IpadicFeatures } from 'kuromoji';

/**
 * Surnames the analyser reads as an ordinary word, a place or a company (堀 a moat, 永井 and 松本
 * places, 新井 and 小池 organisations, 杉山 and 青木 common nouns), found by the slot a person's name
 * fills in the sentence rather than by the word (issue #22 item 1, the holdout-6 round):
 *
 * - the writer introducing themself after what they are or where they work: 建設会社の堀です。,
 *   工場の新井です, ペットサロンのオーナー永井です (a title right before the name);
 * - a label or title joined to the name: 代表者名松本, 店長杉山が, 担当者名 石田;
 * - the first person naming themself: 私杉山だけです, 私相馬が担当いたします;
 * - a row of a list that pairs a name with someone's contact: 名簿：青木 [PHONE_1]、… (not a place: 千葉 [PHONE_1] is a branch);
 * - a full name written with a space, a given name IPADIC lists after the surname, standing between a
 *   particle or a boundary and a particle or a boundary: 持ち主は岡本 剛、, 私相馬 玲奈が (the given name is
 *   then part of the span).
 *
 * A slot alone decides nothing: the word must also be a surname IPADIC lists or the desk's list holds
 * (`isSurname`), of two characters or more unless the list holds it (堀, 森). Words that fill the same
 * slot and are no surname (東京の本社です, 私たちだけ) stay.
 */

/** What the slots need to know of a word. */
export interface SurnameWords {
  /** A surname IPADIC files as one, or the desk's list of surnames that are also words (see name-finder.ts). */
  isSurname(word: string): boolean;
  /** The desk's list (JA_SURNAMES): one-kanji surnames count only when listed there (堀, 森, 原). */
  isListedSurname(word: string): boolean;
  /** A given name IPADIC lists (剛, 玲奈, ひかり). */
  isGivenName(word: string): boolean;
}

/** Where a name stands in a text. */
export interface SlotSpan {
  start: number;
  end: number;
}

/** Titles and roles written right before a name, no の between (オーナー永井, 店長杉山, 代表松本). */
const TITLE_BEFORE =
  /(?:オーナー|店主|店長|社長|代表|代表者|代表取締役|院長|園長|校長|理事長|所長|室長|部長|課長|係長|主任|会長|担当|担当者|管理者|責任者|管理人|マネージャー|マネジャー|リーダー|事務長|看護師長|税理士|弁護士|司法書士|行政書士|先生|講師|ドライバー|スタッフ|パート|アルバイト)名?$/;
/** Labels of a form or a card before a name, their 名 joined (代表者名, 契約者名, 名義人, 持ち主). */
const LABEL_BEFORE = /(?:氏名|名前|代表者名|契約者名?|申込者名?|申請者名?|利用者名?|所有者名?|名義人?|受取人名?|担当者名|保護者名?|患者名|お名前)$/;
/** First-person words that name the writer when a surname follows (私杉山, わたくし相馬). */
const FIRST_PERSON = /^(?:私|わたし|わたくし|僕|ぼく|自分|小生)$/;
/** What may follow a name in these slots: です, a particle of a subject or an addressee, a comma or the end of a clause. */
const AFTER_NAME = /^(?:です|でした|と申します|と申し|が|は|に|も|から|より|だけ|さん|様|、|。|,|\.|!|！|\?|？|\s|[」』)）]|$)/;
/** After a full name with a space (松本 隆を答えた, 岡本 剛の携帯): the two parts say a person, any particle may follow. */
const AFTER_FULL_NAME = /^(?:です|でした|と申し|[がはにもをとのへ]|から|より|だけ|まで|さん|様|[、。,.!！?？…)）」』]|\s|$)/;
/** A placeholder of someone's contact or document right after a name in a row (青木 [PHONE_1]). */
const CONTACT_PLACEHOLDER = /^[^\S\n]*[:：]?[^\S\n]*\[(?:PHONE|EMAIL|BIRTHDATE|ADDRESS|ID_DOC|MYNUMBER|BANK|CARD)_\d+\]/;

/** Whether token i is a surname that may fill a slot: a whole noun, no prefix before it. */
function surnameAt(tokens: readonly IpadicFeatures[], i: number, words: SurnameWords): boolean {
  const t = tokens[i]!;
  const w = t.surface_form;
  if (t.pos !== '名詞' || tokens[i - 1]?.pos === '接頭詞' || !/^[\p{Unified_Ideograph}々]{1,4}$/u.test(w)) return false;
  return w.length >= 2 ? words.isSurname(w) : words.isListedSurname(w);
}

/** The surface of up to three nouns ending at token i (代表/者/名 → 代表者名). */
function nounsEndingAt(tokens: readonly IpadicFeatures[], i: number): string {
  let s = '';
  for (let k = i; k >= Math.max(0, i - 2) && tokens[k]?.pos === '名詞'; k--) s = tokens[k]!.surface_form + s;
  return s;
}

/**
 * Whether tokens before i read "<what or where the writer is>の", opening the message or a sentence:
 * up to four nouns after a boundary (the start, a full stop, a line break, a symbol), then の.
 */
function opensWithWhoTheyAre(tokens: readonly IpadicFeatures[], i: number): boolean {
  if (tokens[i - 1]?.surface_form !== 'の') return false;
  let k = i - 2;
  let nouns = 0;
  while (k >= 0 && tokens[k]!.pos === '名詞' && tokens[k]!.pos_detail_1 !== '代名詞' && nouns < 4) {
    k--;
    nouns++;
  }
  return nouns > 0 && (k < 0 || tokens[k]!.pos === '記号' || /\n/.test(tokens[k]!.surface_form));
}

/** Surnames in a person's slot of `text` (tokens and their offsets as the finder has them). */
export function surnamesInSlots(text: string, tokens: readonly IpadicFeatures[], at: readonly number[], words: SurnameWords): SlotSpan[] {
  const spans: SlotSpan[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (!surnameAt(tokens, i, words)) continue;
    const t = tokens[i]!;
    const start = at[i]!;
    const end = start + t.surface_form.length;
    const next = tokens[i + 1];
    // A surname glued to a noun after it is a compound (松本市, 新井薬師), not a name; a space may start a given name.
    if (next?.pos === '名詞' && next.pos_detail_1 !== '接尾' && next.pos_detail_1 !== '空白') continue;
    const after = text.slice(end, end + 8);
    const selfIntro = /^(?:です|でした)(?:[。、!！\n]|$)|^と申し/.test(after) && opensWithWhoTheyAre(tokens, i);
    // A space or a colon may stand between a title and the name (担当 安藤, 担当者：石田).
    const prevNouns = nounsEndingAt(tokens, /^(?:[ \u3000:：])$/.test(tokens[i - 1]?.surface_form ?? '') ? i - 2 : i - 1);
    const titled = prevNouns !== '' && (TITLE_BEFORE.test(prevNouns) || LABEL_BEFORE.test(prevNouns)) && AFTER_NAME.test(after);
    const firstPerson = FIRST_PERSON.test(tokens[i - 1]?.surface_form ?? '') && AFTER_NAME.test(after);
    // Not a place IPADIC knows (千葉 [PHONE_1]、長野 [PHONE_2] lists branches): a row names a person only by a surname that is no place.
    const row = t.pos_detail_2 !== '地域' && /(?:^|[\n、,:：・(（「『/]|[^\S\n])[^\S\n]*$/.test(text.slice(Math.max(0, start - 2), start)) && CONTACT_PLACEHOLDER.test(text.slice(end));
    // 姓 名 with a space: the given name one or two kanji or a kana name, then a particle or a boundary.
    const given = next?.pos_detail_1 === '空白' && next.surface_form.length === 1 ? tokens[i + 2] : undefined;
    const givenEnd = given ? at[i + 2]! + given.surface_form.length : end;
    const spaced =
      given !== undefined &&
      /^(?:[\p{Unified_Ideograph}々]{1,2}|[ぁ-ゖァ-ヶー]{2,4})$/u.test(given.surface_form) &&
      words.isGivenName(given.surface_form) &&
      AFTER_FULL_NAME.test(text.slice(givenEnd, givenEnd + 8)) &&
      (i === 0 || /^(?:助詞|記号)$/.test(tokens[i - 1]!.pos) || FIRST_PERSON.test(tokens[i - 1]!.surface_form) || TITLE_BEFORE.test(prevNouns) || LABEL_BEFORE.test(prevNouns));
    if (spaced) spans.push({ start, end: givenEnd });
    else if (selfIntro || titled || firstPerson || row) spans.push({ start, end });
  }
  return spans;
}
