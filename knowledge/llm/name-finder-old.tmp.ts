import path from 'node:path';
import type { IpadicFeatures, Tokenizer } from 'kuromoji';

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

const CJK = /[\u3040-\u30ff\u3400-\u9fff]/;
const WARM_UP = [
  '経理の田中さんから、佐藤部長宛てのメールの添付を開いたと連絡がありました。',
  'My colleague Sarah Connor forwarded an invoice from Bill, and Dr. Lee said it was fake.',
  '松本です。John Smith 様からの請求書について、山田 太郎が確認しています。',
];
const LATIN_CAPITAL = /[A-Z][a-z]/;

/**
 * Person names that no pattern can see: Japanese names the morphological
 * analyser's dictionary tags 人名 (kuromoji with its bundled IPADIC: 田中, 鈴木花子,
 * 渡部, ゆうこ, ブラウン), hiragana and single-kanji names before an honorific
 * (さくらちゃん, 東さん), and English names an NLP package recognises in context
 * (compromise: "Hope Williams", "from Kowalski", "Daniel and Sophie") or knows as
 * given names ("Bill from IT", "the site Ben sent").
 *
 * Loading reads IPADIC (2–3 s and about 300 MB, once per process that sends text to
 * a model); each message then costs a few milliseconds (`npm run bench -- redaction`:
 * mean 2–7 ms, p95 10–22 ms on a busy 2-core machine). Made once by the knowledge
 * factory and passed to every Redactor of that process.
 */
export class NameFinder {
  private constructor(
    private readonly tokenizer: Tokenizer<IpadicFeatures>,
    private readonly nlp: Nlp,
  ) {}

  /** Loads the dictionary and the English model. Throws when either is missing: then nothing may be sent. */
  static async load(): Promise<NameFinder> {
    const [kuromoji, compromise] = await Promise.all([import('kuromoji'), import('compromise')]);
    const builder = (kuromoji.default ?? kuromoji).builder({ dicPath: path.join(path.dirname(require.resolve('kuromoji/package.json')), 'dict') });
    const tokenizer = await new Promise<Tokenizer<IpadicFeatures>>((resolve, reject) => builder.build((err, t) => (err ? reject(err) : resolve(t))));
    const nlp = ((compromise as { default?: unknown }).default ?? compromise) as Nlp;
    const finder = new NameFinder(tokenizer, nlp);
    // The first calls build compromise's lexicon and warm both libraries (a few hundred ms on a
    // busy machine): paid here, once, not by the first question.
    for (const sample of WARM_UP) finder.find(sample);
    return finder;
  }

  /** Every name found in `text`, in Japanese and in English, possibly overlapping. */
  find(text: string): NameSpan[] {
    const spans: NameSpan[] = [];
    if (CJK.test(text)) spans.push(...this.japanese(text));
    if (LATIN_CAPITAL.test(text)) spans.push(...this.english(text));
    return spans;
  }

  /** See NameSpans.isNameBeforeCue (redaction.ts): the word must start and end on the dictionary's word boundaries there. */
  isNameBeforeCue(text: string, start: number, end: number): boolean {
    const from = Math.max(0, start - 8);
    const window = text.slice(from, Math.min(text.length, end + 4));
    const tokens = this.tokenizer.tokenize(window);
    const at = offsetsOf(window, tokens).map((o) => from + o);
    const bounds = new Set<number>(at.flatMap((o, i) => [o, o + tokens[i]!.surface_form.length]));
    if (!bounds.has(start) || !bounds.has(end)) return false;
    // 副店長, 全店長: a prefix, not a name; お助け隊さん: one kanji ending a phrase, not a name.
    const inside = tokens.filter((_, i) => at[i]! >= start && at[i]! < end);
    if (inside.some((t) => (t.pos !== '名詞' && t.surface_form !== '・' && t.pos_detail_1 !== '空白') || t.pos_detail_1 === '接尾')) return false;
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
    return word.length >= 2 && tokens.length > 0 && tokens.every(common);
  }

  private japanese(text: string): NameSpan[] {
    const tokens = this.tokenizer.tokenize(text);
    const at = offsetsOf(text, tokens);
    const spans: NameSpan[] = [];
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
        const cued = cueAfter(tokens[j + 1]);
        if (!inWord && (cued || (name.length > 1 && !kana) || (kana && name.includes('・')))) spans.push({ start, end });
        i = j;
        continue;
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
      if (before && !NOT_PERSON_WORDS.has(before[1]!) && !/^(?:The|A|An|I|My|Our|Your|His|Her|Their|From|To|And|Or|But|If|When|Ask|Tell|Call|Email|Dear|Hi|Hello|Hey|Thanks|Regards)$/.test(before[1]!)) {
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
      spans.push({ start, end: start + name.length });
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

function isPlaceName(t: IpadicFeatures): boolean {
  return t.pos_detail_2 === '地域' && t.pos_detail_3 === '一般' && /^[一-龥々]{2,3}$/.test(t.surface_form);
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

/** A one- or two-kanji word after a surname and a space, ending the name (矢野 誠の…). */
function isShortGivenName(t: IpadicFeatures | undefined, next: IpadicFeatures | undefined): boolean {
  if (!t || t.pos !== '名詞' || !/^[一-龥々]{1,2}$/.test(t.surface_form) || ROLE_AFTER.test(t.surface_form)) return false;
  return next === undefined || next.pos !== '名詞' || next.pos_detail_1 === '接尾';
}
