import fs from 'node:fs/promises';
import path from 'node:path';
import type { IpadicFeatures, Tokenizer } from 'kuromoji';
import { OtasukeError } from '../../core/errors.js';
import { loadBundledNameTagger, type NameLexicon, type NameTagger } from './name-model.js';
import { loadBundledSecretDetector, type SecretDetector } from './secret-model.js';
import { surnamesInSlots } from './surname-slots.js';
import { namesByWriting } from './written-name-slots.js';

/** Where a name stands in a text: `text.slice(start, end)` is the name. */
export interface NameSpan {
  start: number;
  end: number;
}

/** compromise's default export, typed only as far as it is used here. */
type Nlp = (text: string) => {
  json(): { terms: { tags: string[] }[] }[];
  people(): { json(options: { offset: true }): { text: string; offset: { start: number; length: number }; terms: { tags: string[] }[] }[] };
};

/** Suffixes that follow a person (IPADIC tags さん, 様, 氏, 君, ちゃん … 名詞,接尾,人名) and role titles. */
const ROLE_AFTER = /^(?:部長|課長|係長|社長|主任|専務|常務|店長|所長|室長|先輩|後輩|先生|会長|副社長|取締役|次長|院長|教授|議員)$/;
/** Single kanji that take さん/様 and are no name (神様, 奥さん, お客様). */
const NOT_SINGLE = /^[神王殿奥仏姫客皆母父兄姉妹弟嫁婿孫娘息様方者員人]$/;
/** Hiragana words that take さん/ちゃん and are no name. */
const NOT_KANA = /^(?:たく|みな|みんな|おじ|おば|おじい|おばあ|おにい|おねえ|おかあ|おとう|おくさ|あかちゃ|おきゃく|おいしゃ|おまわり)$/;
/** Capitalised words compromise may take for a person that are products, places or acronyms. */
const NOT_PERSON_WORDS = new Set(
  'Microsoft Teams Google Windows Defender Office Outlook Excel Word Azure Amazon Apple Chrome Edge Zoom Slack Dropbox Adobe Security Support Service Desk Help Team Bank Account Cloud Web Mail Gmail Yahoo Japan Tokyo Osaka Police Agency Update Phishing Email Ransomware Otasuke Visa Mastercard PayPal Line Facebook Instagram Meta Notion Salesforce God Jesus Christ Lord Santa Claus'.split(
    ' ',
  ),
);

/**
 * Japanese surnames that the dictionary files as an ordinary word (森 forest, 堀 moat, 金子 money),
 * an organisation (本田, 松田) or a place (千葉, 松本): taken for a name only with a cue before
 * (課長の森に) or a word of communication after (森から連絡, 金子に確認). Surnames IPADIC tags 人名
 * (林, 小林, 原) need no entry. Place and directions (千葉の倉庫, 東側) stay words without a cue.
 */
const JA_SURNAMES = new Set(
  (
    '森 堀 谷 池 石 岩 東 南 北 西 浜 島 泉 滝 畑 杉 梅 柳 竹 桜 菊 宮 星 坂 堤 藤 萩 榎 ' +
    '平野 荒木 山下 関口 古川 大橋 黒田 馬場 根本 春日 金子 本田 新井 安藤 松田 飯田 石田 松下 榊原 大川 市原 ' +
    '上野 千葉 長野 松本 太田 青山 服部 川口 中野 福島 宮崎 成田 福井 長田 岡山 広島 熊本 秋田 山形 富山 和歌山 ' +
    '豊田 堀田 小森 森川 内山 白鳥 岩井 松山 高山 大和 日野 立花 橘 南部 北原 東野 西野 小野寺 熊田 鶴田 亀田'
  ).split(' '),
);
/** Katakana words the dictionary tags 人名 that are mostly loanwords or ordinary words (マイページ, スマート, ストーン). */
const NOT_KATAKANA_NAMES = /^(?:マイ|スマート|ストーン|コール|ローズ|グレース|ケン|ホープ|ビル|マーク|キング|ヤング|ホワイト|グリーン|ブラック|ベル|ロング|ライト|ホール|ウッド|ゲート|ポート|ベスト)$/;
/**
 * Words before の that say a person follows (課長の森, 担当の堀, 経理の金子, 友人のロバート): roles,
 * relations and departments. A department written with its suffix (経理部の, 総務課の) counts too.
 */
const ROLE_BEFORE = /^(?:部長|課長|係長|社長|主任|専務|常務|店長|所長|室長|次長|会長|副社長|取締役|役員|代表|上司|同僚|部下|先輩|後輩|担当|担当者|前任|前任者|後任|秘書|受付|新人|社員|元社員|新入社員|派遣|派遣社員|パート|アルバイト|バイト|友人|知人|友達|夫|妻|旦那|経理|総務|人事|営業|情シス|広報|法務|企画|開発|購買|庶務|監査|同期|取引先|先方|相手|講師|顧問|税理士|弁護士)$|^.{1,6}(?:部|課|室|係|班|チーム|グループ|支店|営業所)$/;
/** A particle that joins a person to a verb of communication (森から連絡, 金子に確認, 堀が言って). */
const COMM_PARTICLE = /^(?:から|より|に|が|は|へ|も|と|にも|からも|には)$/;
/** Words of communication within three tokens after that particle. */
const COMM_WORD = /^(?:休み|休暇|不在|欠勤|欠席|出張|退職|異動|入社|出社|在宅|外出|早退|遅刻|休ん|連絡|電話|着信|メール|メッセージ|チャット|返信|転送|共有|送|届|来|言|聞|訊|伝え|伝言|頼|依頼|確認|相談|報告|指示|話|問い合わせ|問合せ|教え|質問|聞い|言わ|言っ|頼ま|LINE|DM|SMS|Teams|Slack|WhatsApp|Messenger|ショートメール|「|『)/;

const CJK = /[\u3040-\u30ff\u3400-\u9fff]/;
const WARM_UP = [
  '経理の田中さんから、佐藤部長宛てのメールの添付を開いたと連絡がありました。',
  'My colleague Sarah Connor forwarded an invoice from Bill, and Dr. Lee said it was fake.',
  '松本です。John Smith 様からの請求書について、山田 太郎が確認しています。',
];
const LATIN_CAPITAL = /[A-Z][a-z]/;
const LATIN_WORD = /[A-Za-z]{3}/;

/**
 * Person names that no pattern can see: Japanese names the morphological
 * analyser's dictionary tags 人名 (kuromoji with its bundled IPADIC: 田中, 鈴木花子,
 * 渡部, ゆうこ, ブラウン), hiragana and single-kanji names before an honorific
 * (さくらちゃん, 東さん), and English names an NLP package recognises in context
 * (compromise: "Hope Williams", "from Kowalski", "Daniel and Sophie") or knows as
 * given names ("Bill from IT", "the site Ben sent"); and names told only by the words
 * around them (issue #22): a role before (課長の森に), a verb of communication after
 * (金子に確認, ロバートから「…」), a greeting, cc or ask before an unknown capitalised word
 * (Hi Priya), a person's verb after it (Aiko from the front desk), lower-case given names
 * (did tom click), hyphenated romanised given names (Kim Soo-jin).
 *
 * Loading reads IPADIC and the English word list (2–7 s and about 345 MB, once per process
 * that sends text to a model; the word list is some 20 MB of it); each message then costs a
 * few milliseconds (`npm run bench -- redaction`: mean 2–4 ms, p95 10–13 ms on a busy 2-core
 * machine). Made once by the knowledge factory and passed to every Redactor of that process.
 */
export class NameFinder {
  private constructor(
    private readonly tokenizer: Tokenizer<IpadicFeatures>,
    private readonly nlp: Nlp,
    /** English words (word-list, 274,000 lower-case words): a capitalised word outside it may be a name compromise does not know (Priya, Aiko). */
    private readonly englishWords: ReadonlySet<string>,
    /** What IPADIC holds as a person's name anywhere: surfaces (林, 岸, 泉, 翔太) and their readings in romaji (yuki, kenta, sasaki, hara). */
    private readonly dictionaryNames: DictionaryNames,
    /** The learned secret detector, loaded with the finder so that every Redactor given the finder uses it. */
    readonly secrets: SecretDetector | null = null,
    /** The learned name tagger (name-model.ts): a name it finds is hidden beside those the rules find. */
    readonly tagger: NameTagger | null = null,
  ) {
    this.lexicon = {
      tokenizer,
      isSurname: (w) => this.isSurname(w),
      isListedSurname: (w) => JA_SURNAMES.has(w),
      isGivenName: (w) => this.isGivenName(w),
      isKanaName: (w) => this.isKanaName(w),
      isPerson: (w) => dictionaryNames.people.has(w),
      isEnglishWord: (w) => englishWords.has(w.toLowerCase()),
      isNotPerson: (w) => NOT_PERSON_WORDS.has(w) || NOT_PERSON_VENDORS.has(w) || ROLE_WORDS.test(w) || NOT_KATAKANA_NAMES.test(w),
      isRomajiReading: (w) => dictionaryNames.romaji.has(w),
      isRomajiGiven: (w) => dictionaryNames.given.has(w),
    };
  }

  /** What the learned tagger reads of the dictionaries. */
  readonly lexicon: NameLexicon;

  /** The same finder with another learned tagger, or none (for training and measuring one). */
  withTagger(tagger: NameTagger | null): NameFinder {
    return new NameFinder(this.tokenizer, this.nlp, this.englishWords, this.dictionaryNames, this.secrets, tagger);
  }

  /** Loads the dictionary and the English model. Throws when either is missing: then nothing may be sent. */
  static async load(): Promise<NameFinder> {
    const [kuromoji, compromise, wordList, wanakana] = await Promise.all([import('kuromoji'), import('compromise'), import('word-list'), import('wanakana')]);
    const words = new Set((await fs.readFile(wordList.default, 'utf8')).split('\n'));
    const builder = (kuromoji.default ?? kuromoji).builder({ dicPath: path.join(path.dirname(require.resolve('kuromoji/package.json')), 'dict') });
    const tokenizer = await new Promise<Tokenizer<IpadicFeatures>>((resolve, reject) => builder.build((err, t) => (err ? reject(err) : resolve(t))));
    const nlp = ((compromise as { default?: unknown }).default ?? compromise) as Nlp;
    const toRomaji = (wanakana.toRomaji ?? (wanakana as unknown as { default: { toRomaji: (kana: string) => string } }).default.toRomaji) as (kana: string) => string;
    const finder = new NameFinder(tokenizer, nlp, words, dictionaryNamesOf(tokenizer, toRomaji), loadBundledSecretDetector(), loadBundledNameTagger());
    // The first calls build compromise's lexicon and warm both libraries (a few hundred ms on a
    // busy machine): paid here, once, not by the first question.
    for (const sample of WARM_UP) finder.find(sample);
    return finder;
  }

  /** Every name found in `text`, in Japanese and in English, possibly overlapping. */
  find(text: string): NameSpan[] {
    const spans: NameSpan[] = [];
    if (CJK.test(text)) spans.push(...this.japanese(text), ...kanaNames(text).filter((s) => !this.isKanaWord(text.slice(s.start, s.end))));
    if (LATIN_CAPITAL.test(text)) spans.push(...this.english(text));
    if (LATIN_WORD.test(text)) spans.push(...this.cuedWords(text), ...this.peopleLists(text), ...this.dashSignatures(text), ...this.chatNames(text));
    spans.push(...this.mentions(text));
    if (/[A-Za-z]{2}/.test(text)) spans.push(...this.asianFullNames(text), ...this.latinBeforeHonorific(text));
    if (this.tagger) {
      // A part the tagger found beside a part the rules found (a given name before a surname) is one name with it.
      const beside = (a: NameSpan, b: NameSpan): boolean => a.end <= b.start && /^[ \u3000・]?$/.test(text.slice(a.end, b.start));
      const rules = spans.slice();
      for (const t of this.tagger.find(text, this.lexicon)) {
        spans.push(t);
        for (const s of rules) {
          if (beside(s, t)) spans.push({ start: s.start, end: t.end });
          else if (beside(t, s)) spans.push({ start: t.start, end: s.end });
        }
      }
    }
    return this.listMembers(text, spans);
  }

  /**
   * The other members of a list one of whose members is a name (Hayashi, Hara and Lee; tom and
   * yuki; 小林・加藤・吉田): a word joined by a comma, and, or, &, /, 、 or ・ to a name found (or to a
   * name placeholder the patterns wrote) is a name too when it could be one at all: a word no
   * English word list holds, a given name or surname compromise or IPADIC knows, or for Japanese
   * a surname IPADIC lists or a word it tags 人名. Repeated until the list has no new member.
   */
  private listMembers(text: string, found: NameSpan[]): NameSpan[] {
    const spans = [...found];
    const anchors: NameSpan[] = [...found, ...[...text.matchAll(/\[NAME_\d+\]/g)].map((m) => ({ start: m.index, end: m.index + m[0].length }))];
    const seen = new Set(anchors.map((a) => `${a.start}:${a.end}`));
    const latinAnchor = (a: NameSpan): boolean => /^(?:\[NAME_\d+\]|[A-Za-z][A-Za-z'’ .-]*)$/.test(text.slice(a.start, a.end));
    for (let k = 0; k < anchors.length && k < 200; k++) {
      const a = anchors[k]!;
      const latin = latinAnchor(a);
      const add = (start: number, end: number): void => {
        if (seen.has(`${start}:${end}`)) return;
        seen.add(`${start}:${end}`);
        spans.push({ start, end });
        anchors.push({ start, end });
      };
      const after = text.slice(a.end, a.end + 40);
      const before = text.slice(Math.max(0, a.start - 40), a.start);
      if (latin || /^\[NAME_/.test(text.slice(a.start, a.end))) {
        // A comma joins names only in an enumeration that ends in and/or/& (Hayashi, Hara and Lee):
        // "Hi, Emily" and "Mrs. Ito, Urawa" are no lists.
        const enumerates = (rest: string): boolean => /^(?:\s*,\s*[A-Za-z][a-z'’-]+)*\s*,?\s*(?:and|or|&)\s+[A-Za-z]/.test(rest);
        const right = /^(\s*(?:,|&|\/|\band\b|\bor\b)\s*)([A-Za-z][a-z]+(?:['’-][A-Za-z][a-z]+)?)(?![A-Za-z0-9@_/-])/.exec(after);
        if (right && (!right[1]!.includes(',') || enumerates(after)) && this.isLatinListMember(right[2]!)) add(a.end + right[1]!.length, a.end + right[0].length);
        const left = /(?<![A-Za-z0-9@_/.-])([A-Za-z][a-z]+(?:['’-][A-Za-z][a-z]+)?)(\s*(?:,|&|\/|\band\b|\bor\b)\s*)$/.exec(before);
        if (left && (!left[2]!.includes(',') || enumerates(after)) && this.isLatinListMember(left[1]!)) add(a.start - left[0].length, a.start - left[2]!.length);
      }
      if (!latin) {
        const right = /^([、・])([\p{Unified_Ideograph}々]{1,4}|[ァ-ヶー]{2,10})/u.exec(after);
        const member = right ? this.japaneseListMember(right[2]!) : '';
        if (member) add(a.end + 1, a.end + 1 + member.length);
        const left = /([\p{Unified_Ideograph}々]{1,4}|[ァ-ヶー]{2,10})([、・])$/u.exec(before);
        const prior = left ? this.japaneseListMember(left[1]!, true) : '';
        if (prior) add(a.start - 1 - prior.length, a.start - 1);
        // と joins two people only when the pair is then counted or addressed as people (石川と千葉の2名が,
        // 森と堀の二人, 西と東さん): 千葉と長野の拠点 stays two places.
        const pair = /^と([\p{Unified_Ideograph}々]{1,4}|[ァ-ヶー]{2,10})/u.exec(after);
        const paired = pair ? this.japaneseListMember(pair[1]!) : '';
        if (paired && PEOPLE_COUNTED.test(after.slice(1 + paired.length))) add(a.end + 1, a.end + 1 + paired.length);
        const pairLeft = /(?<![\p{Unified_Ideograph}々ァ-ヶー])([\p{Unified_Ideograph}々]{1,4}|[ァ-ヶー]{2,10})と$/u.exec(before);
        const pairedLeft = pairLeft ? this.japaneseListMember(pairLeft[1]!, true) : '';
        if (pairedLeft && pairedLeft.length === pairLeft![1]!.length && PEOPLE_COUNTED.test(after)) add(a.start - 1 - pairedLeft.length, a.start - 1);
      }
    }
    return spans;
  }

  /**
   * A foreign full name in katakana, its parts joined by ・ (グエン・ヴァン・アン, チャン・ティ・ホア,
   * キム・ミンジュン), which the analyser reads as one unknown word: a name when one part is a name
   * IPADIC lists and no part (one of three or four) is an ordinary word (マイ・ページ, ウイルス・バスター stay).
   */
  private katakanaFullNames(text: string): NameSpan[] {
    const spans: NameSpan[] = [];
    // A list's bullet (・アルベス・リカルド) is no part of the name.
    for (const m of text.matchAll(/(?<![ァ-ヶー]|[ァ-ヶー]・)[ァ-ヶ][ァ-ヶー]{0,7}(?:・[ァ-ヶ][ァ-ヶー]{0,7}){1,3}(?![ァ-ヶー・])/g)) {
      const parts = m[0].split('・');
      const named = parts.some((p) => this.dictionaryNames.people.has(p) && !NOT_KATAKANA_NAMES.test(p));
      // One loanword among three parts is a name's part that is also a word (ヴァン, van).
      const ordinary = parts.filter((p) => this.isOrdinaryNoun(p)).length;
      if (named && (ordinary === 0 || (parts.length >= 3 && ordinary <= 1))) {
        spans.push({ start: m.index, end: m.index + m[0].length });
        continue;
      }
      // Foreign names the dictionary lacks (パク・ジウン, ジョアン・シルバ, オリベイラ・アナ): no part an ordinary word, and
      // the sentence says a person stands there: a role or department before (営業の, 人事の), です or
      // と申します after, or a birth date or contact after a comma (オリベイラ・アナ、1995年…生).
      const before = text.slice(Math.max(0, m.index - 12), m.index);
      const after = text.slice(m.index + m[0].length, m.index + m[0].length + 16);
      const roleBefore = /(?:^|[^ぁ-ゖ])の$/.test(before) && ROLE_BEFORE.test(/([\p{Unified_Ideograph}々ァ-ヶー]{1,8})の$/u.exec(before)?.[1] ?? '');
      const personAfter = /^(?:です|でした|と申します|と名乗|から(?:連絡|メール|電話)|[、,]\s*(?:\[(?:BIRTHDATE|EMAIL|PHONE|ADDRESS|ID_DOC)_\d+\]|\d{4}年|[SHR昭平令])|[^\S\n]*[/／]?[^\S\n]*\[(?:BIRTHDATE|EMAIL|PHONE|ADDRESS|ID_DOC|CARD|BANK|MYNUMBER)_\d+\])/u.test(after);
      // A part the dictionary does not know at all (オリベイラ) outweighs one that is also a word (アナ).
      const unknown = parts.filter((p) => this.tokenizer.tokenize(p).every((t) => t.word_type === 'UNKNOWN')).length;
      if ((ordinary === 0 || (ordinary === 1 && unknown >= 1)) && parts.every((p) => p.length >= 2) && (roleBefore || personAfter || /(?:氏名|名前|私は|私、)[:：]?\s*$/.test(before))) spans.push({ start: m.index, end: m.index + m[0].length });
    }
    // A full name in katakana with a space (ヒラノ ミサキ 様, 「シミズ タカシ」と名乗る, 普通 1234567 オオノ ケンイチ): a
    // surname's reading, then a given name's, as forms, bank statements and callers write them.
    for (const m of text.matchAll(/(?<![ァ-ヶー・])([ァ-ヶ][ァ-ヶー]{1,7})[ \u3000]([ァ-ヶ][ァ-ヶー]{1,7})(?![ァ-ヶー・])/g)) {
      const [surname, given] = [m[1]!, m[2]!];
      if (this.dictionaryNames.surnameKana.has(surname) && this.dictionaryNames.givenKana.has(given) && !NOT_KATAKANA_NAMES.test(surname) && !NOT_KATAKANA_NAMES.test(given)) {
        spans.push({ start: m.index, end: m.index + m[0].length });
      }
    }
    return spans;
  }

  /**
   * Romanised East and Southeast Asian full names: a common Vietnamese, Korean or Chinese family name
   * and one to three short given-name syllables (Nguyen Thi Hoa, Bui Thanh Long, Kim Minsu, Zhang Wei,
   * tran minh duc in lower-case chat). A syllable that is also an English word counts only as a
   * Vietnamese middle or given name (Van, Thi, Long) or beside one that is no English word, and a
   * family name that is an English word (Do, Park, Song, Long) needs a given name that is none (Park
   * Avenue, Song Title stay).
   */
  private asianFullNames(text: string): NameSpan[] {
    const spans: NameSpan[] = [];
    // The given names in a lookahead: every word is tried as a family name (for tran minh duc).
    const re = /(?<![A-Za-z0-9'’@._/-])([A-Za-z][a-z]{1,6})(?=((?: [A-Za-z][a-z]{1,7}(?:-[a-z]{2,5})?){1,3})(?![A-Za-z0-9@_/-]|\.[A-Za-z]))/g;
    for (const m of text.matchAll(re)) {
      const family = m[1]!;
      const lowerFamily = family.toLowerCase();
      if (!ASIAN_FAMILY_NAMES.has(lowerFamily)) continue;
      const capital = /^[A-Z]/.test(family);
      const given: string[] = [];
      for (const g of m[2]!.trim().split(' ')) {
        // Written as the family name is: capitalised after a capital, lower-case after lower-case.
        if (/^[A-Z]/.test(g) !== capital || NOT_PERSON_WORDS.has(g) || NOT_PERSON_VENDORS.has(g)) break;
        const lower = g.toLowerCase();
        // A syllable has a vowel (rn of "do rn" has none).
        const syllable = /[aeiouy]/.test(lower) && (VIET_SYLLABLES.has(lower) || !this.englishWords.has(lower.replace(/-.*/, '')));
        if (!syllable) break;
        given.push(g);
      }
      if (given.length === 0) continue;
      const foreign = given.filter((g) => !this.englishWords.has(g.toLowerCase().replace(/-.*/, ''))).length;
      const familyWord = this.englishWords.has(lowerFamily);
      // Lower-case chat needs the stronger sign: a family name that is no English word and a given name that is none.
      if ((familyWord || !capital) && foreign === 0) continue;
      if (!capital && familyWord) continue;
      // A place that starts like a family name (Hong Kong, Ho Chi Minh City): compromise knows the place.
      const phrase = `${family} ${given.join(' ')}`;
      if ((this.nlp(phrase).json()[0]?.terms ?? []).some((t) => t.tags.some((x) => /^(?:Place|City|Country|Region|Organization)$/.test(x)))) continue;
      const end = m.index + family.length + given.reduce((n, g) => n + 1 + g.length, 0);
      spans.push({ start: m.index, end });
    }
    return spans;
  }

  /**
   * A name in Latin letters before a Japanese honorific (Nguyen Thi Hoa様, Sarahさん, TANAKA TARO様): a
   * person unless the words are a company or product (Amazonさん, Trend Micro様) or an acronym (NTT様).
   */
  private latinBeforeHonorific(text: string): NameSpan[] {
    const spans: NameSpan[] = [];
    // A part may carry accents (Aurélien, Müller) and a family name its particles (Pieter van der Berg, Ana de la Cruz).
    for (const m of text.matchAll(/(?<![A-Za-z\u00C0-\u024F0-9@._-])(\p{Lu}[\p{Ll}'’]+(?:[ -](?:(?:van|von|der|den|de|del|della|di|da|dos|das|du|la|le|ten|ter|bin|ibn|al|el) )*\p{Lu}[\p{Ll}'’]+){0,3}|[A-Z]{2,}(?: [A-Z]{2,}){1,3})(?=[ \u3000]?(?:様|さん|氏|くん|ちゃん|先生))/gu)) {
      const words = m[1]!.split(/[ -]/).filter((w) => /^\p{Lu}/u.test(w));
      if (words.some((w) => NOT_PERSON_WORDS.has(w) || NOT_PERSON_VENDORS.has(w) || NOT_PERSON_VENDORS.has(w.charAt(0) + w.slice(1).toLowerCase()))) continue;
      const named = words.some((w) => {
        const lower = w.toLowerCase();
        const tags = this.nlp(w).json()[0]?.terms[0]?.tags ?? [];
        if (tags.some((t) => /^(?:Organization|Place|Country|City|Region|Acronym)$/.test(t)) && !tags.some((t) => /^(?:FirstName|LastName)$/.test(t))) return false;
        return !this.englishWords.has(lower) || tags.some((t) => /^(?:FirstName|LastName)$/.test(t)) || this.dictionaryNames.romaji.has(lower);
      });
      if (named) spans.push({ start: m.index, end: m.index + m[1]!.length });
    }
    return spans;
  }

  /**
   * @mentions in chat (@ken, @Tanaka, @佐藤): the handle is someone's name. Not @here, @channel and
   * the like, not a domain or an address (@example.co.jp, ryo@), not an acronym (@IT担当) and not a
   * role, a department or a relation (@総務, @ヘルプデスク, @娘さん).
   */
  private mentions(text: string): NameSpan[] {
    const spans: NameSpan[] = [];
    for (const m of text.matchAll(/(?<![\w.@+/-])@([A-Za-z][A-Za-z0-9_-]{0,30}[A-Za-z0-9](?:\.[A-Za-z][A-Za-z0-9_-]{0,30}[A-Za-z0-9])?|[\p{Unified_Ideograph}々]{1,6}|[ァ-ヶー]{2,10})(?![A-Za-z0-9_-]|\.[A-Za-z0-9])/gu)) {
      const handle = m[1]!;
      // The channel-wide mentions, and the word for the act itself (should I @mention the bot).
      if (/^(?:here|channel|everyone|all|team|group|room|admin|admins|bot|mention|mentions|mentioned|mentioning|reply|username|handle|gmail|googlemail|yahoo|outlook|hotmail|icloud|proton|docomo|ezweb|softbank)$/i.test(handle)) continue;
      if (/^[A-Z]{1,4}$/.test(handle)) continue;
      // A handle with a dot (@tom.nguyen) is a person's; one ending like a domain (@example.com) is none.
      if (/\.(?:com|net|org|jp|co|io|info|biz|us|uk|de|cn|ne|or|ac|go|dev|app|ai|me|tv|gov|edu)$/i.test(handle)) continue;
      if (/^[^A-Za-z]/.test(handle) && (this.isOrdinaryNoun(handle) || NOT_SINGLE.test(handle) || ROLE_BEFORE.test(handle) || /^(?:ヘルプデスク|サポート|システム|スタッフ|チーム|メンバー|みんな|全員)/.test(handle))) continue;
      spans.push({ start: m.index + 1, end: m.index + 1 + handle.length });
    }
    return spans;
  }

  /**
   * Whether a capitalised word that is also an English word may be a given name (Anil, Raj, Lee): compromise
   * sees a singular noun or a person in it and nothing else, and it does not read as a role, a team or an
   * abstract noun (Customer, Finance, Marketing, Management, Security).
   */
  private couldBeGivenName(w: string): boolean {
    // Given names that are also words are short (Anil, Raj, Lee, Will); a long one is the word (Quarantine says).
    if (NOT_PERSON_WORDS.has(w) || NOT_PERSON_VENDORS.has(w) || w.length < 3 || w.length > 5 || ROLE_WORDS.test(w)) return false;
    if (/(?:er|or|ist|ant|ent|ian|ment|ing|ance|ence|ity|ness|tion|sion|ure|ary|ery|al|ics|ship|ism|s)$/.test(w)) return false;
    const tags = this.nlp(w).json()[0]?.terms[0]?.tags ?? [];
    return tags.includes('Noun') && tags.every((t) => /^(?:Noun|Singular|ProperNoun|Person|FirstName|LastName|MaleName|FemaleName)$/.test(t));
  }

  /** Whether a word in a list beside a name is a name too (Hara, Lee, yuki; not Sales, the, Microsoft). */
  private isLatinListMember(w: string): boolean {
    if (NOT_PERSON_WORDS.has(w) || NOT_PERSON_VENDORS.has(w) || w.length < 2) return false;
    const lower = w.toLowerCase();
    const tags = this.nlp(w).json()[0]?.terms[0]?.tags ?? [];
    if (tags.some((t) => /^(?:Organization|Place|Country|City|Region|Month|WeekDay|Date|Acronym|Pronoun|Determiner|Conjunction|Preposition|Expression|Adverb|Verb|Adjective|Value)$/.test(t))) return false;
    const personTag = tags.some((t) => /^(?:FirstName|LastName|MaleName|FemaleName|Person)$/.test(t));
    if (/^[a-z]/.test(w)) return (!this.englishWords.has(w) && this.dictionaryNames.romaji.has(w)) || (personTag && !LOWER_NOT_NAMES.has(w));
    return !this.englishWords.has(lower) || personTag || this.dictionaryNames.romaji.has(lower) || this.couldBeGivenName(w);
  }

  /**
   * The name at the start (or, with `fromEnd`, the end) of a run of kanji or katakana beside a
   * list separator: the longest piece IPADIC lists as a surname or tags 人名 (鈴木 of 鈴木課長), else ''.
   */
  private japaneseListMember(run: string, fromEnd = false): string {
    for (let n = run.length; n >= 1; n--) {
      const piece = fromEnd ? run.slice(run.length - n) : run.slice(0, n);
      // A piece cut out of a word is none (務 of 総務・木村, a given name to IPADIC): the cut must fall between the run's words.
      if (n < run.length && !this.wordBoundary(run, fromEnd ? run.length - n : n)) continue;
      const tokens = this.tokenizer.tokenize(piece);
      const person = tokens.length > 0 && tokens.every((t) => t.pos_detail_2 === '人名');
      if ((this.dictionaryNames.surnames.has(piece) || person) && !(n > 1 && this.isOrdinaryNoun(piece))) return piece;
    }
    return '';
  }

  /** Whether the analyser puts a word boundary at `at` in `run`. */
  private wordBoundary(run: string, at: number): boolean {
    let pos = 0;
    for (const t of this.tokenizer.tokenize(run)) {
      if (pos === at) return true;
      pos += t.surface_form.length;
    }
    return pos === at;
  }

  /** Whether hiragana is an ordinary word to the dictionary: an adverb, interjection or adjectival noun (たいへん, いままさに, しんぱい). */
  private isKanaWord(word: string): boolean {
    const tokens = this.tokenizer.tokenize(word);
    // A surname's reading the analyser can only cut into pieces (たなか as た + なか) is no word of the language.
    if (tokens.length > 1 && this.isSurname(word) && !tokens.some((t) => /^(?:副詞|感動詞|連体詞|接続詞|形容詞)$/.test(t.pos))) return false;
    return tokens
      .some((t) => /^(?:副詞|感動詞|連体詞|接続詞|形容詞)$/.test(t.pos) || (t.pos === '名詞' && /^(?:形容動詞語幹|副詞可能|代名詞|非自立|ナイ形容詞語幹|サ変接続)$/.test(t.pos_detail_1)));
  }

  /** See NameSpans.isNameBeforeCue (redaction.ts): the word must start and end on the dictionary's word boundaries there. */
  isNameBeforeCue(text: string, start: number, end: number): boolean {
    // Never cut a surrogate pair (𠮷): kuromoji throws on half of one.
    let from = Math.max(0, start - 8);
    if (/[\uDC00-\uDFFF]/.test(text.charAt(from))) from -= 1;
    let to = Math.min(text.length, end + 4);
    if (/[\uD800-\uDBFF]/.test(text.charAt(to - 1))) to += 1;
    const window = text.slice(from, to);
    const tokens = this.tokenizer.tokenize(window);
    const at = offsetsOf(window, tokens).map((o) => from + o);
    const bounds = new Set<number>(at.flatMap((o, i) => [o, o + tokens[i]!.surface_form.length]));
    if (!bounds.has(start) || !bounds.has(end)) return false;
    // 副店長, 全店長: a prefix, not a name; お助け隊さん: one kanji ending a phrase, not a name.
    const inside = tokens.filter((_, i) => at[i]! >= start && at[i]! < end);
    // A kanji kuromoji does not know (𠮷 of 𠮷田, outside the basic block) comes as an unknown symbol: it is part of the word.
    const unknownKanji = (t: IpadicFeatures): boolean => t.word_type === 'UNKNOWN' && /^\p{Unified_Ideograph}+$/u.test(t.surface_form);
    // Beside such a kanji the analyser reads the rest as a suffix (髙 + 橋): the suffix check is then no sign of a compound.
    const odd = inside.some(unknownKanji);
    // A lone kanji the analyser reads as the stem of an adjective or verb (偉 of 王偉さん, 強 of 李強さん) can
    // only be a name's character there: a stem with no ending cannot stand before an honorific.
    const stem = (t: IpadicFeatures): boolean => /^(?:形容詞|動詞)$/.test(t.pos) && /^\p{Unified_Ideograph}$/u.test(t.surface_form) && inside.length > 1;
    if (inside.some((t) => (t.pos !== '名詞' && t.surface_form !== '・' && t.pos_detail_1 !== '空白' && !unknownKanji(t) && !stem(t)) || (t.pos_detail_1 === '接尾' && !odd))) return false;
    return !this.isOrdinaryNoun(text.slice(start, end));
  }

  /**
   * Whether `word` alone is an ordinary noun to the dictionary (大家, 業者, パート, 材料屋):
   * then "大家さん" is a landlord, not a Mr 大家. Names and unknown words are not.
   */
  isOrdinaryNoun(word: string): boolean {
    const tokens = this.tokenizer.tokenize(word);
    // Known nouns, none a person's or a place's name (高田 is a place to IPADIC, and a surname):
    // 店員, 情シス, 材料屋, 介護士, and organisations (Amazonさん, フォロワー).
    const common = (t: IpadicFeatures): boolean => t.word_type === 'KNOWN' && t.pos === '名詞' && t.pos_detail_2 !== '人名' && t.pos_detail_2 !== '地域';
    // A surname in katakana the dictionary files as a company (コバヤシ, タナベ): before an honorific, a person.
    if (/^[ァ-ヶー]{2,8}$/.test(word) && this.dictionaryNames.surnameKana.has(word) && !NOT_KATAKANA_NAMES.test(word)) return false;
    return word.length >= 2 && tokens.length > 0 && tokens.every(common);
  }

  /** Whether `word` is a surname: a surface IPADIC files as one or the desk's list, or its reading in kana (さわだ, クボタ). */
  isSurname(word: string): boolean {
    if (/^[ぁ-ゖァ-ヶー]+$/.test(word)) return this.dictionaryNames.surnameKana.has(toKatakana(word));
    return JA_SURNAMES.has(word) || this.dictionaryNames.surnames.has(word);
  }

  /**
   * Whether a word in kana reads as a surname or a given name (あべ, ゆうき, こうた, タナベ) and is no
   * ordinary word that takes さん too (みなさん, おかあさん, たくさん).
   */
  isKanaName(word: string): boolean {
    if (!/^[ぁ-ゖァ-ヶー]{2,6}$/.test(word) || NOT_KANA.test(word) || KANA_NOT_SELF.test(word) || NOT_KATAKANA_NAMES.test(word) || /^[おご]|(?:さん|ちゃん|くん|さま)$/.test(word)) return false;
    const k = toKatakana(word);
    return this.dictionaryNames.surnameKana.has(k) || this.dictionaryNames.givenKana.has(k);
  }

  /** Whether a word is a given name IPADIC lists (隆, 千尋, 玲奈; ひかり, ユウキ in kana): the second part of a full name. */
  isGivenName(word: string): boolean {
    if (/^[ぁ-ゖァ-ヶー]+$/.test(word)) return this.dictionaryNames.givenKana.has(toKatakana(word));
    return this.dictionaryNames.givenSurfaces.has(word);
  }

  /**
   * Whether a capitalised Latin word is a person's family name (Park, Hara, Nguyen) or given name (Emi, Kevin):
   * compromise's name tags, the Asian family names, or a romanised IPADIC reading no English word list holds.
   */
  isLatinName(word: string, part: 'family' | 'given'): boolean {
    if (!/^[A-Z][a-z'’-]+$/.test(word) || NOT_PERSON_WORDS.has(word) || NOT_PERSON_VENDORS.has(word) || ROLE_WORDS.test(word)) return false;
    const lower = word.toLowerCase();
    const tags = this.nlp(word).json()[0]?.terms[0]?.tags ?? [];
    if (part === 'family') return tags.includes('LastName') || ASIAN_FAMILY_NAMES.has(lower) || (this.dictionaryNames.romaji.has(lower) && !this.englishWords.has(lower));
    return tags.includes('FirstName') || (this.dictionaryNames.given.has(lower) && !this.englishWords.has(lower));
  }

  /** Whether `word` is an English word of the word list, in any case (Mountain, View, Find, Hub). */
  isEnglishWord(word: string): boolean {
    return this.englishWords.has(word.toLowerCase());
  }

  /** Whether a lower-case login (nakamura, aoki, kato) reads as a Japanese name and is no English word. */
  isRomajiName(word: string): boolean {
    const w = word.toLowerCase();
    return w.length >= 3 && this.dictionaryNames.romaji.has(w) && !this.englishWords.has(w) && !ROMAJI_NOT_NAMES.has(w);
  }

  private japanese(text: string): NameSpan[] {
    const tokens = this.tokenizer.tokenize(text);
    const at = offsetsOf(text, tokens);
    const spans: NameSpan[] = [...this.katakanaFullNames(text), ...surnamesInSlots(text, tokens, at, { isSurname: (w) => this.isSurname(w), isListedSurname: (w) => JA_SURNAMES.has(w), isGivenName: (w) => this.isGivenName(w) }), ...namesByWriting(text, tokens, at, { isGivenName: (w) => this.isGivenName(w), isKanaName: (w) => this.isKanaName(w) })];
    const isPerson = (t: IpadicFeatures | undefined): boolean => t !== undefined && t.pos_detail_2 === '人名' && t.pos_detail_1 === '固有名詞';
    const isHonorific = (t: IpadicFeatures | undefined): boolean => t !== undefined && t.pos_detail_1 === '接尾' && t.pos_detail_2 === '人名';
    const cueAfter = (t: IpadicFeatures | undefined): boolean => isHonorific(t) || (t !== undefined && ROLE_AFTER.test(t.surface_form));
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      const start = at[i]!;
      // おたく (お + たく): a prefix makes the word no name. A surname IPADIC files as a place
      // (松本, 岡本, 高田) counts when the sentence says it is someone: 松本です。, 岡本までご連絡を.
      if ((isPerson(t) && tokens[i - 1]?.pos !== '接頭詞') || (isPlaceName(t) && selfNamed(tokens, i))) {
        // A surname and a given name, possibly with a space or ・ between (山崎 優子, エミリー・ブラウン);
        // a surname, a space and a short kanji word is a given name the dictionary lacks (矢野 誠).
        let j = i;
        for (;;) {
          const gap = tokens[j + 1];
          const joinable = gap && (gap.pos_detail_1 === '空白' || gap.surface_form === '・');
          if (isPerson(tokens[j + 1])) j += 1;
          else if (joinable && isPerson(tokens[j + 2])) j += 2;
          else if (joinable && gap.pos_detail_1 === '空白' && tokens[j]!.pos_detail_3 === '姓' && isShortGivenName(tokens[j + 2], tokens[j + 3])) j += 2;
          else break;
        }
        const end = at[j]! + tokens[j]!.surface_form.length;
        const name = text.slice(start, end);
        // One kanji alone (林, 森) is a name only with a cue after it (林さん, 森部長); so is a
        // katakana word alone (the dictionary's マイ, スマート, パート are mostly loanwords), unless
        // two names are joined (エミリー・ブラウン); and never a piece of a longer kana word.
        // Kana alone likewise (ゆう of ゆうちょ, えい of えいご in a message typed without kanji).
        const kana = /^[ぁ-ゖァ-ヶー・]+$/.test(name);
        const katakana = /^[ァ-ヶー・]+$/.test(name);
        const inWord = katakana ? /[ァ-ヶー]$/.test(text.slice(0, start)) || /^[ァ-ヶー]/.test(text.slice(end)) : kana && /[ぁ-ゖ]$/.test(text.slice(0, start));
        // A name the dictionary knows that is too short or too common to stand alone (林, ロバート,
        // ひろみ) counts with a cue around it: an honorific or title after, a role before
        // (課長の林に), or a verb of communication after (ロバートから「…」と).
        // 小林製薬, 大塚商会: a surname that names a company is no person.
        if (ORGANISATION_AFTER.test(tokens[j + 1]?.surface_form ?? '')) {
          i = j;
          continue;
        }
        // Signing off with one kanji: a surname (原, 森), not a given name the dictionary lists that ends a sentence (笑).
        const signed = signs(text, start, end) && (name.length >= 2 || t.pos_detail_3 === '姓' || JA_SURNAMES.has(name));
        const context =
          cueBefore(tokens, i) || signed || ((communicatesAfter(tokens, j) || (i === j && selfNamed(tokens, i))) && !(katakana && NOT_KATAKANA_NAMES.test(name)));
        const cued = cueAfter(tokens[j + 1]) || context;
        // A kana name after a particle starts a word of its own (うちのひろみちゃん).
        const afterParticle = tokens[i - 1]?.pos === '助詞' && cueAfter(tokens[j + 1]);
        if ((!inWord || afterParticle) && (cued || (name.length > 1 && !kana) || (kana && name.includes('・')))) spans.push({ start, end });
        i = j;
        continue;
      }
      // A surname that is also an ordinary word, an organisation or a place (森, 金子, 千葉), with a
      // cue: 課長の森に, 森から連絡, 金子に確認したところ. Not after a prefix nor inside a compound.
      // IPADIC's own surname entries (林, 岸, 楠) count only with the stronger cues: many are ordinary
      // words too (上に言われた is the boss), so a verb after is not enough for them.
      // (A katakana word IPADIC also lists as a name but reads as a word here is left alone even with a
      // cue: ラベルに「給与」, リストに are Ravel and Liszt to IPADIC.)
      const listed = JA_SURNAMES.has(t.surface_form);
      const inDictionary = !listed && this.dictionaryNames.surnames.has(t.surface_form) && /^(?:一般|固有名詞)$/.test(t.pos_detail_1) && !NOT_SINGLE.test(t.surface_form) && !ROLE_BEFORE.test(t.surface_form);
      if (t.pos === '名詞' && tokens[i - 1]?.pos !== '接頭詞' && tokens[i - 1]?.pos !== '名詞' && (listed || inDictionary) && tokens[i + 1]?.pos !== '名詞') {
        // With a cue: a role before (課長の森に), a verb of communication or a person's state after
        // (森から連絡, 泉が今日お休み), or the writer naming themself (原です。, 総務の岸です).
        // A lone kanji signing off is a surname only when it is one the desk hears as such (原, 森), not 笑 or 汗.
        const signed = (listed || t.surface_form.length >= 2) && signs(text, start, start + t.surface_form.length);
        if (cueBefore(tokens, i) || (listed && communicatesAfter(tokens, i)) || selfNamed(tokens, i) || introduced(tokens, i) || signed) {
          spans.push({ start, end: start + t.surface_form.length });
          continue;
        }
      }
      // A surname in katakana the dictionary files as a company or does not know (社長のクボタ, 銀行のサイトウと名乗って,
      // 担当はナカジマと名乗りました, コバヤシ様): a person with a cue — a role before, or と名乗る after (an honorific is the
      // patterns' cue, and the dictionary then reads the word as no ordinary noun).
      if (/^[ァ-ヶー]{2,8}$/.test(t.surface_form) && t.pos === '名詞' && this.dictionaryNames.surnameKana.has(t.surface_form) && !NOT_KATAKANA_NAMES.test(t.surface_form)) {
        const whole = !/[ァ-ヶー・]$/.test(text.slice(0, start)) && !/^[ァ-ヶー・]/.test(text.slice(start + t.surface_form.length));
        if (whole && tokens[i + 1]?.pos !== '名詞' && (cueBefore(tokens, i) || selfNamed(tokens, i))) {
          spans.push({ start, end: start + t.surface_form.length });
          continue;
        }
      }
      // A given name the dictionary also lists as a place or a word (恵子 is a place to IPADIC, 蓮 a
      // lotus), after a relation or role (妻の恵子, 部下の直樹): the role says a person follows.
      const word = t.surface_form;
      // A verbal noun the dictionary also lists as a name (直行 of 営業の直行直帰) is the noun: only a proper
      // noun, or a common one before a particle, counts.
      const nounLike = t.pos_detail_1 === '固有名詞' || (t.pos_detail_1 === '一般' && tokens[i + 1]?.pos === '助詞');
      if (t.pos === '名詞' && nounLike && /^[\p{Unified_Ideograph}々]{2,3}$/u.test(word) && this.dictionaryNames.people.has(word) && tokens[i + 1]?.pos !== '名詞' && (cueBefore(tokens, i) || introduced(tokens, i))) {
        spans.push({ start, end: start + word.length });
        continue;
      }
      // A surname, a space and a short given name before です or an honorific (私、宮崎 蓮です, 千葉 翼と申します):
      // a full name written with a space, whatever the dictionary makes of each part (宮崎 a place, 蓮 a lotus).
      if (t.pos === '名詞' && (JA_SURNAMES.has(word) || this.dictionaryNames.surnames.has(word)) && tokens[i + 1]?.pos_detail_1 === '空白' && isShortGivenName(tokens[i + 2], tokens[i + 3])) {
        const next = tokens[i + 3]?.surface_form ?? '';
        if (/^(?:です|でした)$/.test(next) || (next === 'と' && /^申し/.test(tokens[i + 4]?.surface_form ?? '')) || isHonorific(tokens[i + 3])) {
          spans.push({ start, end: at[i + 2]! + tokens[i + 2]!.surface_form.length });
          i += 2;
          continue;
        }
      }
      // A row of a list or a name set off by brackets (・上野 あかり 職員番号…, 長尾 トメ [BIRTHDATE_1], 社長(山口 武、…),
      // 「荒木 さくら」): a surname, a space and a given name in kanji or kana, standing between boundaries.
      if (t.pos === '名詞' && (JA_SURNAMES.has(word) || this.dictionaryNames.surnames.has(word)) && tokens[i + 1]?.pos_detail_1 === '空白' && !ROLE_BEFORE.test(word)) {
        const g = tokens[i + 2];
        const gEnd = g ? at[i + 2]! + g.surface_form.length : 0;
        // Also after の when details in brackets follow (子会社の和田 隆(社員ID: …), 担当の森 玲奈(営業部)): a person
        // introduced with their ID, age or role; the given name must then be one IPADIC lists.
        const bracketAfter = g !== undefined && /^[^\S\n]*[(（]/.test(text.slice(gEnd, gEnd + 3));
        const opens =
          /(?:^|[\n(（「『、,:：・/]|[^\S\n])[^\S\n]*$/.test(text.slice(Math.max(0, start - 3), start)) || start === 0 || (bracketAfter && text[start - 1] === 'の' && this.isGivenName(g.surface_form));
        const closes = g !== undefined && (bracketAfter || /^(?:[^\S\n]*(?:$|\n|[)）」』、,/／]|\[[A-Z_]+_\d+\])|[^\S\n]+(?=[\p{Unified_Ideograph}\d[]))/u.test(text.slice(gEnd, gEnd + 12)));
        const kanaGiven = g !== undefined && /^[ぁ-ゖァ-ヶー]{2,4}$/.test(g.surface_form) && g.pos === '名詞' && this.isKanaName(g.surface_form);
        const kanjiGiven = isShortGivenName(g, tokens[i + 3]) && !/^[駅店様殿宛君氏部課社所市区町村県都府道線口前後側内外他等分中用]$/.test(g!.surface_form) && !(g!.surface_form.length >= 2 && this.isOrdinaryNoun(g!.surface_form) && !this.dictionaryNames.people.has(g!.surface_form));
        if (opens && closes && (kanaGiven || kanjiGiven)) {
          spans.push({ start, end: gEnd });
          i += 2;
          continue;
        }
      }
      // Words the dictionary does not know as names, before an honorific: さくらちゃん, 東さん.
      if (isHonorific(tokens[i + 1]) && t.pos === '名詞' && t.pos_detail_1 !== '固有名詞') {
        const s = t.surface_form;
        const prev = tokens[i - 1];
        const prefixed = prev !== undefined && prev.pos === '接頭詞';
        if (!prefixed && /^[ぁ-ゖ]{2,5}$/.test(s) && !NOT_KANA.test(s)) spans.push({ start, end: start + s.length });
        // One kanji that starts a word (東さん), not the end of a compound (材料屋さん, 介護士さん).
        else if (!prefixed && /^[一-龥]$/.test(s) && !NOT_SINGLE.test(s) && t.pos_detail_1 !== '接尾' && prev?.pos !== '名詞') spans.push({ start, end: start + 1 });
      }
    }
    return spans;
  }

  private english(text: string): NameSpan[] {
    const spans: NameSpan[] = this.givenNames(text);
    for (const person of this.nlp(text).people().json({ offset: true })) {
      // A title alone ("10 Major Security Threats") is no person: a given name or a surname must be there.
      if (!person.terms.some((t) => t.tags.includes('FirstName') || t.tags.includes('LastName'))) continue;
      let start = person.offset.start;
      let name = text.slice(start, start + person.offset.length);
      // compromise keeps the title and the punctuation: the name is what stays after them.
      const title = /^(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir)\.?\s+/.exec(name);
      if (title) {
        start += title[0].length;
        name = name.slice(title[0].length);
      }
      name = name.replace(/(?:['’]s)?[\s,.;:!?'’-]*$/, '');
      // compromise may take only the surname it knows (Hope Williams, Yuki Tanaka's) or the
      // given name (Liam O'Brien): a capitalised word right beside it belongs to the name.
      const before = /(?:^|[^A-Za-z'’.])([A-Z][a-z'’-]*[a-z]) $/.exec(text.slice(Math.max(0, start - 30), start));
      // Not an adverb, a date or an interjection opening the sentence (Yesterday Rohan's…, Apparently Kenji…, Now Priya…).
      const ordinary = (w: string): boolean =>
        (this.nlp(w).json()[0]?.terms[0]?.tags ?? []).some((t) => /^(?:Adverb|Date|Expression|Conjunction|Preposition|Determiner|Pronoun|Uncountable|Modal)$/.test(t));
      if (before && !NOT_PERSON_WORDS.has(before[1]!) && !ordinary(before[1]!) && !/^(?:The|A|An|I|My|Our|Your|His|Her|Their|From|To|And|Or|But|If|When|Ask|Tell|Call|Email|Dear|Hi|Hello|Hey|Thanks|Regards|Per|Via|Cc|CC|Message|Spoke|Told|Asked|Ping|Sorry|Yes|No|Ok|Okay)$/.test(before[1]!)) {
        start -= before[1]!.length + 1;
        name = `${before[1]!} ${name}`;
      }
      const after = /^ ([A-Z][a-z]*['’]?[A-Z]?[a-z]+)(?![A-Za-z])/.exec(text.slice(start + name.length));
      if (after && !NOT_PERSON_WORDS.has(after[1]!) && name.split(/\s+/).length === 1) name = `${name} ${after[1]!}`;
      const words = name.split(/\s+/).filter(Boolean);
      // Part of an identifier, a domain or a place code (XX-Onsen-Free, Booking.com, Minato-ku): no person.
      if (/[-_@/.]$/.test(text.slice(0, start)) || /^(?:[-_@/]|\.[A-Za-z])/.test(text.slice(start + name.length))) continue;
      // Only capitalised words that are no acronym ("grace period", "NAS") nor a product.
      if (words.length === 0 || !words.every((w) => /^[A-Z][a-z'’-]*[a-z]$/.test(w) && !NOT_PERSON_WORDS.has(w))) continue;
      // A word that is also an English word opening a sentence and run straight into a lower-case word
      // that no person's verb is (Grace period for…, Grant access to…) is the word, not a person.
      const rest = text.slice(start + name.length);
      const opening = /(?:^|[.!?]\s+|\n)$/.test(text.slice(0, start));
      // A given name that is seldom a word stays (Emma again, sorry!).
      const givenName = (this.nlp(name).json()[0]?.terms[0]?.tags ?? []).includes('FirstName') && !LOWER_NOT_NAMES.has(name.toLowerCase());
      if (words.length === 1 && opening && !givenName && this.englishWords.has(name.toLowerCase()) && /^ [a-z]/.test(rest) && !PERSON_AFTER.test(rest) && !SPEECH_AFTER.test(rest) && !/^ (?:is|was|has|had|will|can|did|does|and|or)\b/.test(rest)) continue;
      spans.push({ start, end: start + name.length });
    }
    return spans;
  }

  /**
   * Names neither compromise nor its lexicon calls a person, told by the words around them:
   * a capitalised word outside the English word list (Priya, Aiko, Olumide) after a greeting,
   * cc, ask or tell, or followed by a person's verb (Priya asking, Aiko from the front desk);
   * a given name written in lower case (did tom click, thanks emily); a romanised given name
   * with a hyphen beside a capitalised surname (Kim Soo-jin, Ji-hoon Park).
   */
  private cuedWords(text: string): NameSpan[] {
    const spans: NameSpan[] = [];
    // Not a piece of an identifier, a path or an address (Trojan:Win32, C:\\Users\\ishii, ryo@).
    const word = /(?<![A-Za-z0-9'’@._/\\-])([A-Za-z][a-z]+(?:-[a-z]+)?)(?![A-Za-z0-9@_/\\-]|['’](?!s\b)|\.[A-Za-z]|:[A-Za-z0-9])/g;
    for (const m of text.matchAll(word)) {
      const w = m[1]!;
      let start = m.index;
      let end = start + w.length;
      const before = text.slice(Math.max(0, start - 30), start);
      const after = text.slice(end, end + 60);
      const capital = /^[A-Z]/.test(w);
      if (NOT_PERSON_WORDS.has(w) || NOT_PERSON_VENDORS.has(w)) continue;
      const strong = STRONG_BEFORE.test(before);
      // A name of two or three words (Nguyen Van An needs…): the person's verb comes after the last.
      const run = capital ? /^(?: [A-Z][a-z]{1,11}){1,2}(?![A-Za-z'’-])/.exec(after) : null;
      const runPlain = run !== null && run[0].trim().split(' ').every((x) => !NOT_PERSON_WORDS.has(x) && !NOT_PERSON_VENDORS.has(x));
      const person = PERSON_AFTER.test(after) || (runPlain && PERSON_AFTER.test(after.slice(run![0].length)));
      const nextCapital = /^ ([A-Z][a-z]+)(?![A-Za-z])/.exec(after);
      const prevCapital = /(?:^|[^A-Za-z])([A-Z][a-z]+) $/.exec(before);
      if (w.includes('-')) {
        // A romanised given name (Soo-jin, Ji-hoon): short parts, no English compound, a capitalised surname beside it.
        const [first, second] = w.split('-') as [string, string];
        if (!capital || first.length > 5 || second.length > 5 || HYPHEN_WORD_ENDS.test(w.toLowerCase()) || this.englishWords.has(w.toLowerCase())) continue;
        if (this.englishWords.has(first.toLowerCase()) && this.englishWords.has(second)) continue;
        const surnameBefore = prevCapital && !NOT_PERSON_WORDS.has(prevCapital[1]!) && !/^(?:The|A|An|My|Our|Your|Hi|Hey|Dear|From|To)$/.test(prevCapital[1]!);
        const surnameAfter = nextCapital && !NOT_PERSON_WORDS.has(nextCapital[1]!) && !this.englishWords.has(nextCapital[1]!.toLowerCase());
        if (surnameBefore) start -= prevCapital[1]!.length + 1;
        if (surnameAfter) end += nextCapital[0].length;
        if (surnameBefore || surnameAfter || strong || person) spans.push({ start, end });
        continue;
      }
      if (w.length < 3) continue;
      if (!capital) {
        // A given name in lower case, with a cue on either side; a Japanese particle after it is
        // one (tomもTeamsで, emilyから連絡): only a person or a thing takes it, and a thing in Latin
        // letters (zipが, macで) is no given name.
        const particle = /^(?:が|は|も|に|から|と|って|へ|より|さん|くん|ちゃん)/.test(after);
        // A romanised Japanese name IPADIC knows that is no English word (yuki, kenta, sasaki),
        // written in lower case as chat often is, with the same cues. Without one it is too often
        // a place, a unit or a romanised word (20 min, the fukuoka office, tenko, koseki).
        // "for kenji:", "with yuki": a romanised name after a preposition (it is no English word).
        const cued = strong || particle || person || (/(?:^|[^A-Za-z])(?:for|with)\s+$/i.test(before) && /^(?:\s*[:,]|\s+(?:he|she|who)\b)/.test(after));
        if (cued && this.dictionaryNames.romaji.has(w) && !this.englishWords.has(w) && !ROMAJI_NOT_NAMES.has(w) && !/[\\:]$/.test(before)) {
          spans.push({ start, end });
          continue;
        }
        // A word no English word list holds right after "it's", "i'm", "this is", hi or thanks (it's priya, hi anil).
        const endsPhrase = /^(?:[,.!?:;)]|\s+(?:here|from|in|at|of|with|and|on|speaking)\b|\s*$)/.test(after);
        if (strong && endsPhrase && !this.englishWords.has(w) && !ROMAJI_NOT_NAMES.has(w) && !LOWER_NOT_NAMES.has(w) && !/^(?:lol|omg|btw|fyi|asap|thx|pls|plz|guys|folks|team|all|everyone|there)$/.test(w)) {
          spans.push({ start, end });
          continue;
        }
        const lowerTags = this.nlp(w).json()[0]?.terms[0]?.tags ?? [];
        // A given name opening a sentence before a verb in the past (mark pasted the password, tom clicked):
        // even a name that is also a word (mark, bill) acts there; may/will/can are modals.
        const opensSentence = /(?:^|[.!?]\s+|\n)$/.test(before);
        if (opensSentence && lowerTags.includes('FirstName') && !/^(?:may|will|can|june|april|august)$/.test(w) && /^ (?:[a-z]+ed|sent|got|gave|left|lost|said|told|forgot|wrote|took|made|put|ran|saw|found|paid|clicked|opened|typed|pasted)\b/.test(after)) {
          spans.push({ start, end });
          continue;
        }
        // Introducing oneself in lower case (it's will from the tokyo office, this is mark here): a given name even when a word.
        if (SELF_INTRO.test(before) && INTRO_AFTER.test(after) && (LOWER_NOT_NAMES.has(w) || lowerTags.includes('FirstName'))) {
          spans.push({ start, end });
          continue;
        }
        // After for/with/to/from, a name compromise knows that is no English word and that then acts (for lopez
        // has…). Not a bare word after "for": compromise calls tenko (app for tenko) a surname too.
        const acts = PERSON_AFTER.test(after) || /^(?:['’]s\b|\s+(?:has|had|is|was|needs|wants|who)\b)/.test(after);
        if (WEAK_BEFORE.test(before) && acts && !this.englishWords.has(w) && !ROMAJI_NOT_NAMES.has(w) && lowerTags.some((t) => /^(?:FirstName|LastName)$/.test(t))) {
          spans.push({ start, end });
          continue;
        }
        if (LOWER_NOT_NAMES.has(w) || !(strong || particle || person || (WEAK_BEFORE.test(before) && person))) continue;
        if (!lowerTags.includes('FirstName')) continue;
        spans.push({ start, end });
        continue;
      }
      // "Hope from Legal found…", "April from procurement thinks…": a word that is also an English word,
      // a month or a verb is a person when it is placed in a department and then acts.
      const dept = new RegExp(`^ (?:from|in|at) (?:the )?(?:${DEPARTMENTS})(?: team| department| dept\\.?)?,?(?= )`, 'i').exec(after);
      if (dept && PERSON_AFTER.test(after.slice(dept[0].length)) && !NOT_PERSON_WORDS.has(w) && !/^(?:The|This|That|Someone|Somebody|Everyone|Nobody|Anyone|Email|Mail|Invoice|Message|Request|Ticket|Call|Note|Notice|Letter|Report|Alert|Reply|Feedback|Approval|Word|News|Help|Support)$/.test(w)) {
        spans.push({ start, end });
        continue;
      }
      // A word also in the English list opening a sentence before a person's verb (Anil says, Raj said):
      // a person when compromise sees only a singular noun in it and it is no role, team or thing.
      if (this.englishWords.has(w.toLowerCase()) && /(?:^|[.!?]\s+|\n)$/.test(before) && SPEECH_AFTER.test(after) && this.couldBeGivenName(w)) {
        spans.push({ start, end });
        continue;
      }
      // A capitalised word that is no English word and that compromise knows as nothing else.
      // "This is Will from IT", "it's Mark here": introducing oneself, with a given name that is also a word.
      if (SELF_INTRO.test(before) && INTRO_AFTER.test(after) && (LOWER_NOT_NAMES.has(w.toLowerCase()) || (this.nlp(w).json()[0]?.terms[0]?.tags ?? []).includes('FirstName'))) {
        spans.push({ start, end });
        continue;
      }
      // A clause that opens on a person who then acts (…says Jun forwarded a file, but Hana clicked): a word no
      // English list holds, or a given name or month (Jun, May) compromise knows; not an organisation or a place.
      // (compromise only when the words around fit: it costs a fraction of a millisecond a word.)
      if (CLAUSE_BEFORE.test(before) && PERSON_AFTER.test(after)) {
        const clauseTags = this.nlp(w).json()[0]?.terms[0]?.tags ?? [];
        if ((!this.englishWords.has(w.toLowerCase()) || clauseTags.some((t) => /^(?:FirstName|Month)$/.test(t))) && !clauseTags.some((t) => /^(?:Organization|Place|Country|City|Region|Acronym)$/.test(t))) {
          spans.push({ start, end });
          continue;
        }
      }
      if (this.englishWords.has(w.toLowerCase())) continue;
      const tags = this.nlp(w).json()[0]?.terms[0]?.tags ?? [];
      // A romanised given name after with/to/for/from (shared it with Kenji, sent to Haruto): no English word, no place.
      // Not a shop, class or team named after one (from Akari Ueno, from Kirin class).
      const named = /^ (?:[A-Z]|(?:class|team|group|room|store|shop|branch|office|building|station|line|app|account|project|channel|site|brand|school|salon|cafe|restaurant)\b)/.test(after);
      if (WEAK_BEFORE.test(before) && !named && this.dictionaryNames.given.has(w.toLowerCase()) && !tags.some((t) => /^(?:Organization|Place|Country|City|Region|Acronym)$/.test(t))) {
        spans.push({ start, end });
        continue;
      }
      if (tags.some((t) => /^(?:Organization|Place|Country|City|Region|Month|WeekDay|Date|Acronym|Verb|Adjective|Adverb|Value)$/.test(t))) continue;
      const opens = /(?:^|[.!?:]\s+|\n)$/.test(before);
      // A place or a branch (in Fukuoka who…, at Kawagoe says, the Shibuya shared…, Maruya Kamata got…) is no person.
      const placeBefore = /(?:^|[^A-Za-z])(?:in|at|on|near|into|of|the|a|an|our|their|this|that|its)\s+$/i.test(before) || (prevCapital !== null && !strong);
      if (!(strong || (WEAK_BEFORE.test(before) && person) || ((opens || /[a-z,] $/.test(before)) && person && !placeBefore))) continue;
      // A surname right after (Priya Sharma) belongs to the name; an English word after makes it a company (Acme Supplies).
      if (runPlain && run![0].trim().split(' ').length === 2 && run![0].trim().split(' ').every((x) => x.length <= 6)) {
        end += run![0].length;
      } else if (nextCapital && !NOT_PERSON_WORDS.has(nextCapital[1]!)) {
        if (this.englishWords.has(nextCapital[1]!.toLowerCase()) && !(this.nlp(nextCapital[1]!).json()[0]?.terms[0]?.tags ?? []).includes('LastName')) continue;
        end += nextCapital[0].length;
      }
      spans.push({ start, end });
    }
    return spans;
  }

  /**
   * Lists of people none of whom has a cue of their own, told by the verb the list takes (Hara and Lee
   * both clicked, jun and minh both reported, Raj, Mei and Tom said): every member that could be a
   * name (no English word, or a given name or surname compromise knows, or a romanised name IPADIC
   * lists, or an English word that reads as a given name); all members or none (Sales and Marketing both
   * asked names nobody).
   */
  private peopleLists(text: string): NameSpan[] {
    const spans: NameSpan[] = [];
    const list = /(?<![A-Za-z0-9'’@._/-])([A-Za-z][a-z]+(?:, [A-Za-z][a-z]+)*,? (?:and|&) [A-Za-z][a-z]+)(?![A-Za-z0-9'’@_/-])/g;
    for (const m of text.matchAll(list)) {
      const after = text.slice(m.index + m[0].length, m.index + m[0].length + 60);
      if (!PERSON_AFTER.test(after) && !/^ (?:both|each|all)\b/.test(after)) continue;
      const members = [...m[1]!.matchAll(/[A-Za-z][a-z]+/g)].filter((w) => w[0] !== 'and');
      const ok = members.every(({ 0: w }) => {
        if (NOT_PERSON_WORDS.has(w) || NOT_PERSON_VENDORS.has(w) || w.length < 2) return false;
        const lower = w.toLowerCase();
        const tags = this.nlp(w).json()[0]?.terms[0]?.tags ?? [];
        if (tags.some((t) => /^(?:FirstName|LastName|MaleName|FemaleName)$/.test(t)) && !LOWER_NOT_NAMES.has(lower)) return true;
        if (this.dictionaryNames.romaji.has(lower) && !ROMAJI_NOT_NAMES.has(lower)) return true;
        if (/^[A-Z]/.test(w)) return !this.englishWords.has(lower) ? !tags.some((t) => /^(?:Organization|Place|Country|City|Region|Acronym|Verb|Adjective)$/.test(t)) : this.couldBeGivenName(w);
        return false;
      });
      if (!ok) continue;
      for (const w of members) spans.push({ start: m.index + w.index, end: m.index + w.index + w[0].length });
    }
    return spans;
  }

  /**
   * Lower-case names where chat puts them: a speaker opening a line of a pasted transcript ([10:02]
   * kenta: clicked…), a name alone on the line after a sign-off (Best,⏎yuki), "yuki and I" / "me and
   * kenta", and a login written initial.surname or given.surname (t.suzuki, taro.suzuki). Only a
   * romanised name IPADIC lists or a given name compromise knows, that no English word list holds.
   */
  private chatNames(text: string): NameSpan[] {
    const spans: NameSpan[] = [];
    const isName = (w: string): boolean => {
      const lower = w.toLowerCase();
      if (lower.length < 3 || this.englishWords.has(lower) || ROMAJI_NOT_NAMES.has(lower) || LOWER_NOT_NAMES.has(lower)) return false;
      return this.dictionaryNames.romaji.has(lower) || (this.nlp(lower).json()[0]?.terms[0]?.tags ?? []).some((t) => /^(?:FirstName|LastName)$/.test(t));
    };
    const add = (start: number, w: string): void => void spans.push({ start, end: start + w.length });
    for (const m of text.matchAll(/^[^\S\n]*(?:\[?\d{1,2}:\d{2}(?::\d{2})?\]?[^\S\n]*)?([a-z][a-z]{2,14})(?=[^\S\n]*:[^\S\n/])/gm)) {
      if (isName(m[1]!)) add(m.index + m[0].length - m[1]!.length, m[1]!);
    }
    for (const m of text.matchAll(/(?<=(?:^|[.!?][^\S\n]+)(?:thanks|thank you|thx|best|regards|cheers|br|best regards)[,.!]?[^\S\n]*\n[^\S\n]*)([a-z]{3,14})(?=[^\S\n]*(?:\n|$))/gim)) {
      if (isName(m[1]!)) add(m.index, m[1]!);
    }
    for (const m of text.matchAll(/(?<![A-Za-z'’@._-])([a-z]{3,14}) and (?:I|me)\b|\b(?:me|I) and ([a-z]{3,14})(?![A-Za-z'’@_-])/g)) {
      const w = (m[1] ?? m[2])!;
      if (isName(w)) add(m[1] ? m.index : m.index + m[0].length - w.length, w);
    }
    for (const m of text.matchAll(/(?<![\w@./-])([a-z]{1,12})\.([a-z]{3,12})(?![\w@-]|\.[a-z])/g)) {
      const [first, second] = [m[1]!, m[2]!];
      // A name either way round; an initial counts as a given name (t.suzuki, suzuki.t is rarer and left).
      if ((first.length === 1 || isName(first)) && isName(second) && this.dictionaryNames.surnames.size > 0) add(m.index, m[0]);
    }
    return spans;
  }

  /** A name signing a message after a dash at the end of a line (— Sarah, -- Tom Baker). */
  private dashSignatures(text: string): NameSpan[] {
    const spans: NameSpan[] = [];
    for (const m of text.matchAll(/(?<=(?:^|\s)(?:[—―–]|--?)[^\S\n]?)([A-Z][a-z]+(?:['’-][A-Z]?[a-z]+)*(?: [A-Z][a-z]+(?:['’-][A-Z]?[a-z]+)*){0,2})(?=[^\S\n]*(?:\n|$))/gm)) {
      const words = m[1]!.split(' ');
      const first = words[0]!;
      if (words.some((w) => NOT_PERSON_WORDS.has(w) || NOT_PERSON_VENDORS.has(w))) continue;
      const tags = this.nlp(first).json()[0]?.terms[0]?.tags ?? [];
      if (!tags.includes('FirstName') && (this.englishWords.has(first.toLowerCase()) || tags.some((t) => /^(?:Organization|Place|Country|City|Month|WeekDay|Date)$/.test(t)))) continue;
      spans.push({ start: m.index, end: m.index + m[1]!.length });
    }
    return spans;
  }

  /**
   * A given name standing alone, which compromise does not call a person in context: a
   * capitalised word its lexicon knows as a first name (Bill, Grace, Ben; not Hope, Will) in
   * mid-sentence ("the site Ben sent me", "a DM from Mike"), or opening a sentence before a
   * word that says someone acts or is somewhere ("Bill from IT …", "Grace at reception …").
   */
  private givenNames(text: string): NameSpan[] {
    const spans: NameSpan[] = [];
    for (const m of text.matchAll(/(?<![A-Za-z'’-])[A-Z][a-z]{2,}(?![A-Za-z'’-])/g)) {
      const word = m[0];
      const start = m.index;
      if (NOT_PERSON_WORDS.has(word)) continue;
      const before = text.slice(Math.max(0, start - 2), start);
      const midSentence = /[a-z,;:] $/.test(before);
      const opens = start === 0 || /(?:[.!?]\s|\n)$/.test(text.slice(Math.max(0, start - 2), start)) || /^\s*$/.test(text.slice(0, start));
      const acts = /^(?:['’]s\b| (?:from|at|in|on|and|said|says|sent|asked|called|emailed|told|just|also|has|had|is|was|got|clicked|opened|forwarded)\b)/.test(text.slice(start + word.length));
      if (!midSentence && !(opens && acts)) continue;
      const tags = this.nlp(word).json()[0]?.terms[0]?.tags ?? [];
      if (tags.includes('FirstName')) spans.push({ start, end: start + word.length });
    }
    return spans;
  }
}

/** Introducing oneself before a name (this is Will from IT, it's will (@U…) from the tokyo office). */
const SELF_INTRO = /(?:^|[^A-Za-z])(?:this is|it['’]?s|i['’]?m|i am|my name is)\s+$/i;
/** What follows a name one introduces oneself by: where one is from, here, a handle in brackets. */
const INTRO_AFTER = /^(?:\s+(?:from|here|of|in|at)\b|\s*[(,])/;
/** Words that open a clause whose subject may be a person (…says Jun forwarded, but Hana clicked). */
const CLAUSE_BEFORE = /(?:^|[^A-Za-z])(?:says|said|thinks|thought|heard|mentioned|that|because|but|and|so|when|since|if|then)\s+$/;
/** Common Vietnamese, Korean and Chinese family names in romanisation (Nguyen, Kim, Zhang). */
const ASIAN_FAMILY_NAMES = new Set(
  (
    'nguyen tran pham huynh hoang phan vu vo dang bui do ho ngo duong ly le truong dinh trinh luong ' +
    'kim lee park choi jung jeong kang cho yoon jang lim shin kwon hwang ahn yoo hong jeon moon bae baek heo seo ' +
    'zhang wang li liu chen yang huang zhao wu zhou xu sun zhu hu guo lin gao luo zheng liang xie tang feng deng peng zeng xiao tian dong yuan cai jiang du cheng wei su ding shen yao cui zhong qian qin xiong meng qiu'
  ).split(' '),
);
/** Vietnamese middle and given names that are also English words or look like them (Van, Thi, Long, An). */
const VIET_SYLLABLES = new Set('van thi duc minh thanh ngoc quoc huu xuan anh quang tuan hai thu hong bao gia cong trong manh hoai phuong thuy lan hoa long nam an binh khanh linh mai hung dung tam tien vinh'.split(' '));
/** A word before a person that only a person takes: a greeting, a thank-you, cc, ask/tell, did (hi Priya, did tom click). */
const STRONG_BEFORE = /(?:^|[^A-Za-z])(?:hi|hey|hello|dear|thanks|thank you|thx|tks|ty|cheers|cc|ask|asked|tell|told|ping|pinged|did|does|this is|it['’]?s|i['’]?m|i am|my name is|name is|named|name|username|user name|user id|login id|from:|to:|sender:|hired|welcome|welcomed|meet|met|onboard|onboarding)[,:]?\s+$|(?:名前|氏名|フルネーム|本名|ユーザー名|ユーザーID|ログインID|アカウント名)(?:は|が|[:：])?\s*$/i;
/** Departments a person is "from" (Hope from Legal, April from procurement). */
const DEPARTMENTS =
  'legal|finance|accounts|accounting|sales|hr|human resources|it|marketing|procurement|purchasing|payroll|reception|support|security|admin|ops|operations|engineering|facilities|compliance|audit|customer service|customer support|the front desk|front desk|logistics|shipping|warehouse|design|product|research|r&d|qa|management|the board|treasury|tax|billing|infosec|helpdesk|help desk|service desk|office|head office';
/** Verbs of saying after a person opening a sentence (Anil says, Raj said, Lee asked). */
const SPEECH_AFTER = /^(?: (?:also|just|already|now|then))? (?:says|said|asked|asks|told|tells|thinks|thought|reported|reports|mentioned|wrote|writes|replied|confirmed|noticed|emailed|texted|called|wants|needs|clicked|forwarded)\b/;
/** Capitalised words for roles, teams and other people's relations that take a person's verb (Customer says, Dad said). */
const ROLE_WORDS = /^(?:Dad|Mom|Mum|Mother|Father|Boss|Staff|Team|Client|Customer|Everyone|Someone|Nobody|Somebody|Anyone|Chief|Guard|Nurse|Doctor|Intern|Admin|Audit|Legal|Finance|Sales|Support|Security|Reception|Payroll|Marketing|Corporate|Head|Police|Bank|Vendor|Supplier|Landlord|Tenant|Office|Store|Shop|Branch|Site|Google|Apple|Amazon|Microsoft|Zoom|Slack|Teams|Outlook|Windows|Chrome|Nothing|Everything|Something|Anything|Time|Today|Tomorrow|Yesterday|Tonight|Morning|Evening|Night|Week|Month|Year|Life|Work|Home|School|Class|Book|Note|Email|Mail|Phone|Call|Text|Message|Letter|Report|Ticket|Alert|Log|Page|Form|Link|File|Folder|Drive|Cloud|Server|System|App|Tool|Bot|Board|Press|News|Media|Law|Rule|Policy|Plan|Price|Cost|Fee|Tax|Cash|Money|Card|Account|Code|Key|Lock|Door|Gate|Desk|Room|Hall|Floor|Building|City|Town|State|Government|Court|Judge|Agent|Man|Woman|Guy|Girl|Boy|Kid|Child|Baby|Friend|Neighbor|Neighbour|Partner|Wife|Husband|Son|Daughter|Brother|Sister|Uncle|Aunt|Cousin|Grandma|Grandpa)$/;
/** Romanised Japanese that chat in English carries and that IPADIC also has as a name's reading. */
const ROMAJI_NOT_NAMES = new Set('san sama kun chan sensei senpai desu masu arigato arigatou sumimasen onegai hai iie kaisha shacho bucho kacho'.split(' '));
/** A word before a person or a thing (from, to, with, by): a person only when a person's verb follows. */
const WEAK_BEFORE = /(?:^|[^A-Za-z])(?:from|to|with|by|for|and)\s+$/i;
/** What follows a person: a verb of saying or doing, or where they work (Priya asking, Aiko from the front desk, tom click). */
const PERSON_AFTER =
  /^(?:,?(?: (?:both|also|just|already|all|then|never|still|probably|accidentally))? (?:said|says|asked|asks|told|tells|emailed|texted|messaged|called|sent|forwarded|clicked|click|opened|open|lost|reported|typed|replied|wrote|mentioned|thinks|thought|approved|installed|shared|entered|received|gave|got|found|noticed|saw|spotted|pasted|asking|saying|telling|wants|needs|who|starts|started|joins|joined|left|leaves|forgot|logged|signed|paid|tried|can['’]t|cannot|couldn['’]t|didn['’]t|doesn['’]t|won['’]t|is off|is out|is sick|is on leave|is away|was off)\b|,? (?:from|at|in|on) (?:the|our|my|his|her) [a-z]+ (?:desk|team|office|department)\b|,? (?:from|in|at) (?:[Aa]ccounts|[Aa]ccounting|[Ff]inance|[Ss]ales|hr|HR|[Ll]egal|[Mm]arketing|[Rr]eception|[Ss]upport|it|IT|[Pp]ayroll|[Aa]dmin|[Pp]rocurement|[Pp]urchasing|[Ss]ecurity)\b|,? and (?:she|he)\b|['’]s (?:laptop|phone|smartphone|pc|PC|Mac|iPhone|iPad|computer|mailbox|inbox|account|password|desk|car|bag|wallet|husband|wife|son|daughter|mother|father|mum|mom|dad|boss)\b)/;
/** Lower-case words compromise knows as given names that are mostly ordinary words. */
const LOWER_NOT_NAMES = new Set(
  'may will can june april august rose mark bill grace grant hope jack frank rich pat sue joy dawn faith chase max miles guy art ray sky summer autumn winter amber ruby penny page bob rob drew chuck sandy rusty lily ivy iris holly daisy olive pearl crystal candy honey ginger jade robin dean dale glen gene earl duke king prince major hunter carter cliff sterling hazel violet harmony melody destiny trinity star storm rain river'.split(' '),
);
/** Second parts of hyphenated English words (pop-up, log-in, wi-fi), which are no romanised given name. */
const HYPHEN_WORD_ENDS = /-(?:up|in|on|out|off|down|over|by|to|mail|fi|line|site|time|based|party|factor|step|level|way|free|end|hoc|like|ins|ons|ups|ish|less|ready|only|wide|side|back|box|key|day|pay|ops|com|net)$/;
/** Vendors and products a security desk hears of, which the word list lacks. */
const NOT_PERSON_VENDORS = new Set(
  'Norton Avira Avast Trend ESET Grafana Kibana Zabbix Nagios Kuroneko Yamato Sagawa Netflix Spotify Hulu Uniqlo Zscaler Fortinet FortiGate Sophos CrowdStrike SentinelOne Mimecast Proofpoint DocuSign Datadog Okta Cloudflare Akamai Palo Alto Kaspersky McAfee Symantec Trellix ESET Avast Bitdefender Malwarebytes Webroot Splunk Wazuh Jamf Intune Entra Yubikey YubiKey Authy Duo LastPass Bitwarden Keeper Dashlane AnyDesk TeamViewer Chatwork Kintone Backlog Garoon Cybozu Rakuten Docomo SoftBank Mercari Paidy Shopify Squarespace Wix GoDaddy Xserver Sakura Onamae WhatsApp Telegram Signal WeChat Discord Linkedin LinkedIn TikTok Venmo Zelle Wise Revolut Coinbase Binance Bitcoin Ethereum Trello Asana Jira Confluence Github GitHub Gitlab GitLab Bitbucket Figma Canva Miro Hubspot HubSpot Zendesk Freshdesk Qualys Nessus Tenable Rapid7 Veeam Synology QNAP Buffalo Netgear Yamaha Fortigate'.split(
    ' ',
  ),
);

/**
 * Where each token starts in `text`. kuromoji's word_position drifts on some input (line
 * breaks, sentence splits), so each token is looked for after the previous one instead.
 */
function offsetsOf(text: string, tokens: readonly IpadicFeatures[]): number[] {
  const at: number[] = [];
  let cursor = 0;
  for (const t of tokens) {
    const found = text.indexOf(t.surface_form, cursor);
    const start = found >= 0 ? found : cursor;
    at.push(start);
    cursor = start + t.surface_form.length;
  }
  return at;
}


/** Whether a role, relation or department and の stand right before token i (課長の, 経理部の, 友人の). */
function cueBefore(tokens: readonly IpadicFeatures[], i: number): boolean {
  if (tokens[i - 1]?.surface_form !== 'の') return false;
  const role = tokens[i - 2];
  if (!role || role.pos !== '名詞') return false;
  // 経理部 may come as 経理 + 部: the department is the two tokens together.
  const joined = tokens[i - 3]?.pos === '名詞' && role.pos_detail_1 === '接尾' ? tokens[i - 3]!.surface_form + role.surface_form : role.surface_form;
  return ROLE_BEFORE.test(joined) || ROLE_BEFORE.test(role.surface_form);
}

/**
 * Whether a branch or team named by a place and の stand before token i (長野支店の, 大阪営業所の): two or
 * three nouns together. Weaker than a role (南大阪営業所の間で is a place), so only with です after (see introduced).
 */
function branchBefore(tokens: readonly IpadicFeatures[], i: number): boolean {
  if (tokens[i - 1]?.surface_form !== 'の') return false;
  const role = tokens[i - 2];
  if (!role || role.pos !== '名詞') return false;
  let named = role.surface_form;
  for (let k = i - 3; k >= Math.max(0, i - 4) && tokens[k]!.pos === '名詞'; k--) {
    named = tokens[k]!.surface_form + named;
    if (/(?:支店|支社|営業所|事業所|工場|課|部|室|係|班|チーム)$/.test(named) && ROLE_BEFORE.test(named)) return true;
  }
  return false;
}

/** Whether token j is followed by a particle and, within three tokens, a word of communication (から連絡, に確認, が言って). */
function communicatesAfter(tokens: readonly IpadicFeatures[], j: number): boolean {
  const particle = tokens[j + 1];
  if (!particle || particle.pos !== '助詞' || !COMM_PARTICLE.test(particle.surface_form)) return false;
  for (let k = j + 2; k <= j + 4 && k < tokens.length; k++) {
    const w = tokens[k]!;
    if (COMM_WORD.test(w.surface_form) || COMM_WORD.test(w.basic_form)) return true;
    if (w.surface_form === '。' || w.surface_form === '\n') return false;
  }
  return false;
}

/**
 * Whether text[start, end) signs the message: it stands alone at the end of a line that follows a
 * finished sentence (…お願いできますか。原, …ですか。前田) or a sign-off (以上、原).
 */
function signs(text: string, start: number, end: number): boolean {
  if (!/^[^\S\n]*(?:\n|$)/.test(text.slice(end))) return false;
  const before = text.slice(0, start);
  return /(?:[。．！!？?…]|\.{3}|以上[、,]?|よろしくお願いします[。！!]?)[^\S\n]*$/.test(before) || (/\n[^\S\n]*$/.test(before) && /[。！!？?]/.test(before));
}

/** Nouns after a surname that make it a company's name (小林製薬, 大塚商会, 田中建設, 明治安田生命). */
const ORGANISATION_AFTER = /^(?:製薬|商会|建設|工業|電機|電気|電工|産業|証券|銀行|商事|物産|運輸|製作所|工務店|病院|医院|薬局|興業|化学|食品|自動車|重工|印刷|不動産|商店|書店|酒造|製菓|グループ|ホールディングス|事務所|法律事務所|会計事務所|歯科|クリニック|生命|海上|火災|損保|信託|信金|信用金庫|電鉄|鉄道|交通|観光|造船|鉄工)$/;

function isPlaceName(t: IpadicFeatures): boolean {
  return t.pos_detail_2 === '地域' && t.pos_detail_3 === '一般' && /^[一-龥々]{2,3}$/.test(t.surface_form);
}

/** Whether token i is named by a department or role before and です after: 総務の岸です, 営業部の森でした. */
function introduced(tokens: readonly IpadicFeatures[], i: number): boolean {
  const next = tokens[i + 1]?.surface_form ?? '';
  return (cueBefore(tokens, i) || branchBefore(tokens, i)) && (next === 'です' || next === 'でした' || (next === 'と' && /^申し/.test(tokens[i + 2]?.surface_form ?? '')));
}

/** Whether token i is someone's name by what follows: "Xです" opening a message or a quote, "Xと申します", "Xと名乗る", "Xまで(ご)連絡". */
function selfNamed(tokens: readonly IpadicFeatures[], i: number): boolean {
  const next = (k: number): string => tokens[i + k]?.surface_form ?? '';
  const prev = tokens[i - 1];
  const opens = prev === undefined || prev.pos === '記号';
  if (next(1) === 'です' && opens && /^[。、!！\n]?$/.test(next(2).slice(0, 1))) return true;
  if (next(1) === 'と' && /^(?:申し|名乗)/.test(next(2))) return true;
  return next(1) === 'まで' && (next(2) === '連絡' || (next(2) === 'ご' && next(3) === '連絡'));
}

/**
 * The finder of one knowledge instance (createKnowledge), loaded on the first call and shared
 * by every later one; a failed load fails every call (then nothing may be sent).
 */
export function loadNameFinderOnce(): () => Promise<NameFinder> {
  let loading: Promise<NameFinder> | undefined;
  return () => (loading ??= NameFinder.load());
}

/** Hiragana to katakana (さわだ → サワダ); other characters stay. */
function toKatakana(word: string): string {
  return word.replace(/[ぁ-ゖ]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60));
}

/** A one- or two-kanji word after a surname and a space, ending the name (矢野 誠の…). */
function isShortGivenName(t: IpadicFeatures | undefined, next: IpadicFeatures | undefined): boolean {
  if (!t || t.pos !== '名詞' || !/^[一-龥々]{1,2}$/.test(t.surface_form) || ROLE_AFTER.test(t.surface_form)) return false;
  // A comma or an opening bracket the analyser files as a noun (「,[」 of a CSV row, 「(」 before an ID) ends the name
  // as a particle does; a quote does not (google "まるや 定食" is a shop and a dish).
  return next === undefined || next.pos !== '名詞' || next.pos_detail_1 === '接尾' || /^[,(（[、]/.test(next.surface_form);
}

/** What follows a pair or list of people: a head count (の2名, の二人, の両名) or an honorific. */
const PEOPLE_COUNTED = /^(?:の?(?:[0-9０-９]+|[二三四五六七八九十両])(?:名|人)|の(?:両名|ふたり|お二人|二人|3人|三人)|(?:さん|様|氏|くん|ちゃん|先生|部長|課長))/;

/** Hiragana words that open a message before です, or a request, and are no name (そうです, ほんとです, おつかれさまです). */
const KANA_NOT_SELF =
  /^(?:そう|どう|こう|ああ|ほんと|ほんとう|まじ|だめ|いや|はい|いいえ|これ|それ|あれ|どれ|ここ|そこ|あそこ|わたし|わたくし|あたし|ぼく|おれ|うち|みんな|みなさん|こちら|そちら|どちら|いま|きょう|あした|きのう|まだ|もう|たぶん|ちょっと|もちろん|だいじょうぶ|よろしく|ありがとう|すみません|ごめん|おつかれ|おつかれさま|おはよう|こんにちは|こんばんは|おやすみ|やばい|すごい|いい|よい|ない|なし|あり|なに|なん|だれ|いつ|どこ|ひとり|ふたり|みな|たしか|じつ|じつは|いちおう|ぜんぶ|いっしょ|とりあえず|とにかく|なんか|やっぱり|まさか|いっぱい|たくさん|すこし|かなり|ほか|ほかの|あと|つぎ|さき|まえ|うえ|した|なか|そと|もの|こと|ところ|とき|ため|はず|よう|わけ|だけ|ばかり|ほど|くらい|ぐらい|など|まで|から|より|けど|でも|しかし|ただ|また|なお|あの|この|その|どの|ひと|かた|ひま|むり|へん|だれか|なにか|どこか|いつか|あなた|かれ|かのじょ|かれら|みなさま|みなさん|おきゃくさま)$/;

/**
 * Given names in hiragana that the dictionary files as a word (さくら cherry, ゆい a verb's stem) or
 * reads as a name and a particle (あや + か), told by where they stand: opening the message or a line
 * before です (さくらです、…, ゆいです！), or before a particle and a verb of asking or telling (あやかに
 * 頼まれて, みゆきから連絡). Ordinary words that open a message (そうです, ほんとです) are no name.
 */
function kanaNames(text: string): NameSpan[] {
  const spans: NameSpan[] = [];
  // Before です only where a writer names themself, opening the message or a line (かばんごとです, しんぱいです
  // end a sentence); before a verb of asking anywhere a word starts.
  const re = /(?<=^|[「『])([ぁ-ゖ]{2,5})(?=です(?:[、。！!\n…~〜]|$)|と申します)|(?<=^|[\n。、！!？?「『\s])([ぁ-ゖ]{2,5})(?=(?:から|より|に)(?:頼ま|言わ|聞い|聞き|連絡|相談|電話|メール|LINE|DM|お願い|伝言|確認))/gmu;
  for (const m of text.matchAll(re)) {
    const w = (m[1] ?? m[2])!;
    // Pronouns and the endings of a clause (どなた, だったそう, とのこと) are no name; names rarely hold っ.
    // A name before an honorific (ゆうこさんから) is the honorific rule's to find, without the honorific.
    if (KANA_NOT_SELF.test(w) || NOT_KANA.test(w) || /(?:さん|ちゃん|くん|さま)$/.test(w) || /っ|^[だでどを]|(?:ない|たい|ます|ません|ました|でし|まし|れる|られ|せる|ける|そう|よう|こと|もの|みたい|らしい)$/.test(w)) continue;
    spans.push({ start: m.index, end: m.index + w.length });
  }
  return spans;
}

/** What IPADIC lists as a person's name, whatever it tags the word as in a given sentence. */
export interface DictionaryNames {
  /** Surfaces filed as a surname (林, 岸, 泉, 森: the analyser may call them forest or shore in context). */
  surnames: ReadonlySet<string>;
  /** Surfaces of every 人名 entry, given names and foreign names too (グエン, チャン, リン, キム). */
  people: ReadonlySet<string>;
  /** Readings of every 人名 entry in lower-case romaji, with long vowels also shortened (yuuki → yuki, satou → sato). */
  romaji: ReadonlySet<string>;
  /** Surfaces filed as a given name (隆, 千尋, 玲奈), whether or not IPADIC files them as a surname too (剛, 勇). */
  givenSurfaces: ReadonlySet<string>;
  /** Readings of given-name entries only (名: kenji, haruto, yui), in the same romaji: rarely a place. */
  given: ReadonlySet<string>;
  /** Readings of surname entries in katakana (コバヤシ, クボタ, サワダ): a surname written in kana. */
  surnameKana: ReadonlySet<string>;
  /** Readings of given-name entries in katakana (ミサキ, ケンイチ, ユウキ): a given name written in kana. */
  givenKana: ReadonlySet<string>;
}

/**
 * Reads the person entries out of kuromoji's own IPADIC (34,000 entries, about 0.5 s): the
 * feature strings sit NUL-separated in the token info dictionary's feature buffer
 * ("林,名詞,固有名詞,人名,姓,*,*,林,ハヤシ,ハヤシ"). kuromoji has no public way to list its entries,
 * hence the cast; the shape is checked and an unexpected one fails the load (then nothing is sent).
 */
function dictionaryNamesOf(tokenizer: Tokenizer<IpadicFeatures>, toRomaji: (kana: string) => string): DictionaryNames {
  const buffer = (tokenizer as unknown as { token_info_dictionary?: { pos_buffer?: { buffer?: Uint8Array } } }).token_info_dictionary?.pos_buffer?.buffer;
  if (!(buffer instanceof Uint8Array)) throw new NameFinderLoadError('kuromoji dictionary layout changed: no feature buffer');
  const text = Buffer.from(buffer.buffer, buffer.byteOffset, buffer.length).toString('utf8');
  const surnames = new Set<string>();
  const givenSurfaces = new Set<string>();
  const people = new Set<string>();
  const readings = new Set<string>();
  const givenReadings = new Set<string>();
  const surnameReadings = new Set<string>();
  for (let at = text.indexOf(',人名,'); at >= 0; at = text.indexOf(',人名,', at + 1)) {
    const end = text.indexOf('\0', at);
    const f = text.slice(text.lastIndexOf('\0', at) + 1, end < 0 ? undefined : end).split(',');
    if (f[4] === '姓') surnames.add(f[0]!);
    if (f[4] === '名') givenSurfaces.add(f[0]!);
    people.add(f[0]!);
    if (f[8] && f[8] !== '*') readings.add(f[8]);
    if (f[8] && f[8] !== '*' && f[4] === '名') givenReadings.add(f[8]);
    if (f[8] && f[8] !== '*' && f[4] === '姓') surnameReadings.add(f[8]);
  }
  if (surnames.size < 1000) throw new NameFinderLoadError(`kuromoji dictionary layout changed: ${surnames.size} surnames`);
  const romanise = (into: Set<string>, kana: Iterable<string>): Set<string> => {
    for (const r of kana) {
      const word = toRomaji(r).replace(/[^a-z]/g, '');
      if (word.length < 2) continue;
      into.add(word);
      into.add(word.replace(/ou/g, 'o').replace(/uu/g, 'u').replace(/oo/g, 'o'));
    }
    return into;
  };
  // Kana readings of two sounds or more (ハラ, モリ, アベ): one sound (イ, ト) is no name written alone.
  const kana = (from: Set<string>): Set<string> => new Set([...from].filter((r) => /^[ァ-ヶー]{2,}$/.test(r)));
  return { surnames, givenSurfaces, people, romaji: romanise(new Set<string>(), readings), given: romanise(new Set<string>(), givenReadings), surnameKana: kana(surnameReadings), givenKana: kana(givenReadings) };
}

/** The name finder could not be built: nothing may be sent to a model. */
export class NameFinderLoadError extends OtasukeError {
  constructor(message: string) {
    super('NAME_FINDER_LOAD', message);
  }
}
