/**
 * Personal data is replaced by placeholders before any text leaves for a model
 * (chat or embeddings). The mapping lives only in the Redactor object of one
 * request: it is never logged, stored or sent, and `restore()` puts the values
 * back into the generated answer that only the asker sees.
 */

import { PASSWORD_CONTEXT_RULES, TOKEN_CONTEXT_RULES } from './secret-context-rules.js';
import { HANDED, PASSWORD_RULES, TOKEN_RULES } from './secret-rules.js';
import { TABLE_RULES } from './table-rules.js';
import { CHAT_HANDLE_RULES } from './chat-handle-rules.js';
import { TOLD_PASSWORD_RULES, TOLD_TOKEN_RULES } from './told-secret-rules.js';
import { joinSpelledDigits, respellLeft } from './spelled-digits.js';
import { closeNameSpaces } from './closed-spaces.js';
import { CARRIED_PASSWORD_RULES, CARRIED_TOKEN_RULES, LINK_CREDENTIAL_RULES } from './secret-carrier-rules.js';

/** What a placeholder stands for. */
export type PiiKind =
  | 'EMAIL'
  | 'PHONE'
  | 'CARD'
  | 'MYNUMBER'
  | 'ADDRESS'
  | 'NAME'
  | 'PASSWORD'
  | 'TOKEN'
  | 'IP'
  | 'CHAT_ID'
  | 'URL_QUERY'
  | 'BANK'
  | 'BIRTHDATE'
  | 'ID_DOC';

/** What a hidden value is called when it is shown masked, in the reader's language. */
export const PII_LABELS: Record<PiiKind, { ja: string; en: string }> = {
  EMAIL: { ja: 'メールアドレス', en: 'e-mail address' },
  PHONE: { ja: '電話番号', en: 'phone number' },
  CARD: { ja: 'カード番号', en: 'card number' },
  MYNUMBER: { ja: 'マイナンバー', en: 'My Number' },
  ADDRESS: { ja: '住所', en: 'address' },
  NAME: { ja: '名前', en: 'name' },
  PASSWORD: { ja: 'パスワード', en: 'password' },
  TOKEN: { ja: 'トークン', en: 'token' },
  IP: { ja: 'IPアドレス', en: 'IP address' },
  CHAT_ID: { ja: 'チャットID', en: 'chat user id' },
  URL_QUERY: { ja: 'URLのパラメータ', en: 'URL parameters' },
  BANK: { ja: '口座番号', en: 'bank account' },
  BIRTHDATE: { ja: '生年月日', en: 'birth date' },
  ID_DOC: { ja: '旅券・免許証番号', en: 'ID document number' },
};

/**
 * Kinds never put back into a reply, whoever reads it: they stay a visible mask
 * such as [カード番号] / [card number]. URL parameters often carry session tokens.
 */
export const NEVER_RESTORED: ReadonlySet<PiiKind> = new Set(['CARD', 'MYNUMBER', 'PASSWORD', 'TOKEN', 'BANK', 'ID_DOC', 'URL_QUERY']);

const PREFECTURES =
  '北海道|東京都|京都府|大阪府|(?:青森|岩手|宮城|秋田|山形|福島|茨城|栃木|群馬|埼玉|千葉|神奈川|新潟|富山|石川|福井|山梨|長野|岐阜|静岡|愛知|三重|滋賀|兵庫|奈良|和歌山|鳥取|島根|岡山|広島|山口|徳島|香川|愛媛|高知|福岡|佐賀|長崎|熊本|大分|宮崎|鹿児島|沖縄)県';
/** Characters that end an address "line" in running Japanese text. */
const NOT_END = '[^\\s、。,.!?！？「」『』()（）:：;；]';
const HYPHEN = '[-‐‑–—−ー－]';
const NUM = '[0-9一二三四五六七八九十]';
/** A block number with its units: 1-2-3, 三丁目1番3号, 北1条 (西2丁目 is the next block). */
const BLOCK = `${NUM}+(?:(?:丁目|番地|番|号|条|線)|(?:${HYPHEN}|の)(?=${NUM})${NUM}+)*`;

/** Words before an honorific that are no name (お客様, 皆様, ご担当者様, 総務部長). */
const JA_NOT_NAMES = /^(?:.*[客皆者方員司下僚族人]|各位|先方|相手|本人|総務|経理|人事|営業|情報|技術|開発|製造|本|支店|事業|工場|会社|当社|弊社|御社|貴社|取引先)$/;
/** Organisations and departments before さん or in a From: line (日本郵便さん, 経理部, 青木建設). */
const JA_ORGANISATION = /(?:社|局|庁|署|協会|銀行|郵便|急便|運輸|建設|工業|商事|商店|物産|事務所|代理店|事業所|(?:経理|総務|人事|営業|情報|技術|開発|製造|企画|広報|法務|管理|システム)部)$/;
/** One kanji before an honorific that ends a word instead (A社さん, インキ屋さん, お母さん, お寺さん, 奥さん). */
const JA_NOT_SINGLE = /^[神王殿奥仏姫客皆母父兄姉妹弟嫁婿孫娘息子寺様方者員人社屋]$/;

/** Capitalised words that are products, companies, places or ordinary words, never names. */
const NOT_NAMES = new Set(
  (
    'Microsoft Teams Google Drive Windows Defender Office Outlook Excel Word PowerPoint OneDrive SharePoint Exchange Online Azure Amazon Apple ' +
    'Chrome Edge Zoom Slack Dropbox Adobe Acrobat Reader Security Center Centre Support Service Services Desk Help Team Department Bank Card ' +
    'Account Store Cloud Web Mail Gmail Yahoo Japan Tokyo Osaka London Police Agency Post Update Updates Phishing Emails Email Ransomware ' +
    'Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August September October November ' +
    'December Street Avenue Road Finance Accounting Sales The This That Our Your My His Her Their Is Please Otasuke Trend Micro Norton ' +
    'Visa Mastercard Express American Pay PayPal Line Facebook Instagram Twitter Meta Zoom Webex Box Notion Salesforce Docs Sheets Forms'
  ).split(' '),
);

/** Romanised roles and relations that take -san as a person does (uketsuke-san, tenchou-san, okyaku-sama): no name. */
const ROMAJI_ROLES =
  /^(?:uketsuke|tench?ou?|shach?ou?|buch?ou?|kach?ou?|kakarich?ou?|shunin|okyaku|okyakusama|minna|mina|obaa|ojii|oba|oji|onee|onii|otou|okaa|tant?ou?|kanrinin|oyakata|okami|gakusei|sensei|senpai|k?ou?hai|daiku|haisha|isha|keisatsu|yuu?bin|takk?yuu?bin|otaku|omawari|gyousha|gyosha|torihiki|kyaku|jimu|keiri|soumu|somu|jinji|eigyou?|baito|paato|haken)$/i;

/** Words that stand before a name without being part of it (Dear Ms…, Contact …, Thanks …). */
const FIRST_WORDS = /^(?:Dear|Hi|Hello|Hey|Contact|Thanks|Thank|Cheers|Regards|From|To|Cc|Mr|Mrs|Ms|Dr|Prof|Sir|Madam|Attn|Customer|Patient|Client|Guest|Mrs?\.|Ms\.)$/;

/** Words that open a place's name before a word that may be a person's (São Paulo, San José, Santa Cruz, Saint-Étienne). */
const PLACE_PREFIX = /^(?:São|Sao|San|Santa|Santo|Santos|Saint|Sainte|St|Ste|Sankt|Porto|Puerto|Rio|Río|Ciudad|Villa|Vila|Los|Las|La|Le|El|Al|Bad|Fort|Port|Mount|Lake|Cape|New)$/;

/** Words that make a holder's name a company's (Trading, Holdings, SHOKAI, ショウジ). */
const COMPANY_WORDS = /^(?:Trading|Company|Corporation|Holdings|Group|Industries|Services|Solutions|Systems|Partners|Logistics|Supply|Supplies|Enterprises?|International|Global|Shoji|Shokai|Sangyo|Kogyo|TRADING|COMPANY|CORPORATION|HOLDINGS|SHOJI|SHOKAI|ショウジ|ショウカイ|サンギョウ|コウギョウ|ケンセツ)$/;

/** Common given names: a capitalised one starts a name even at the start of a sentence. */
const FIRST_NAMES = new Set(
  (
    'James John Robert Michael David William Richard Joseph Thomas Tom Charles Chris Christopher Daniel Matthew Anthony Paul Steven Andrew ' +
    'Kenneth Joshua Kevin Brian George Edward Ronald Timothy Jason Jeffrey Ryan Jacob Gary Nicholas Eric Jonathan Stephen Larry Justin Scott ' +
    'Peter Ben Benjamin Sam Samuel Alex Alexander Jack Harry Oliver Henry Mark Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica ' +
    'Sarah Karen Nancy Lisa Betty Margaret Sandra Ashley Kimberly Emily Donna Michelle Carol Amanda Melissa Deborah Stephanie Rebecca Laura ' +
    'Sharon Cynthia Kathleen Amy Shirley Angela Helen Anna Brenda Emma Olivia Sophia Lucy Hannah Kate Katie Maria Julia Rachel Chloe Grace ' +
    'Kenji Hiroshi Takeshi Yuki Akiko Keiko Taro Hanako Ichiro Satoshi Naoko Yumi'
  ).split(' '),
);

/**
 * Words before an identity document's number: passport, residence card, driver's licence, health
 * insurance card (記号・番号), pension book, social security, employee or staff ID, "ID no.".
 */
const ID_DOC_CUE =
  '(?:旅券|パスポート|免許証|運転免許|免許番号|在留カード|特別永住者証明書|保険証|被保険者(?:証|番号)|資格確認書|記号(?:・|及び|と)?番号|基礎年金番号|年金番号|年金手帳|社員番号|社員ID|社員証|職員証|従業員番号|従業員証|職員番号|学籍番号|学生番号|学生証|入館証|IDカード|身分証(?:明書)?|住民票コード|障害者手帳|受給者証|医療証|療育手帳|福祉手帳|介護保険証|受診券|接種券|資格者証|診察券(?:番号)?|患者(?:番号|ID)|カルテ番号|会員番号|(?<![A-Za-z])(?:member(?:ship)? (?:ID|number|no\\.?)|patient (?:ID|number|no\\.?)|MRN|medical record(?: number| no\\.?)?|policy (?:number|no\\.?)|frequent flyer(?: number| no\\.?)?|passport|licen[cs]e|residence card|residence permit|ID card|ID badge|badge (?:ID|number|no\\.?)|ID no\\.?|ID number|ID#|SSS|SSN|social security(?: number)?|national insurance(?: number)?|NI number|insurance card|health insurance(?: number| no\\.?)?|pension(?: number| no\\.?)?|(?:employee|staff|student) (?:ID|number|no\\.?|card))(?![A-Za-z]))';
/** A birth cue: 生年月日, 誕生日, 生まれ, DOB, born, birthday. */
const BIRTH_CUE = '(?:生年月日|誕生日|生まれ|(?<![A-Za-z])(?:DOBs?|D\\.O\\.B\\.?|date of birth|birth ?date|birthday|born)(?![A-Za-z]))';
const MONTHS = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\\.?';
/** A date in any common form: 和暦 (昭和52年10月8日, S52.10.8), ISO, slashes, "May 5, 1994", "5th May 1994". */
const DATE =
  '(?:(?:昭和|平成|令和|大正|(?<![A-Za-z])[SHRT]\\.?)\\s*(?:\\d{1,2}|元)\\s*[年./-]\\s*\\d{1,2}\\s*[月./-]\\s*\\d{1,2}(?:\\s*日)?' +
  '|(?:昭和|平成|令和|大正)\\s*(?:\\d{1,2}|元)\\s*年(?:\\s*\\d{1,2}\\s*月)?' +
  '|(?<!\\d)\\d{4}\\s*[年/.-]\\s*\\d{1,2}\\s*[月/.-]\\s*\\d{1,2}(?:\\s*日)?' +
  '|(?<!\\d)\\d{1,2}\\s*月\\s*\\d{1,2}\\s*日' +
  '|(?<![\\d/.-])\\d{1,2}[/.-]\\d{1,2}[/.-](?:\\d{4}|\\d{2})' +
  `|${MONTHS} \\d{1,2}(?:st|nd|rd|th)?,? \\d{4}` +
  `|(?<!\\d)\\d{1,2}(?:st|nd|rd|th)? (?:of )?${MONTHS},? \\d{4}` +
  // Written without separators in forms and exports: 19850302.
  '|(?<!\\d)(?:19|20)\\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01]))(?![\\d/.-]?\\d)';

/**
 * A date that can be an adult's birth date: of an earlier era (昭和, 大正, Heisei up to 21) or a year
 * from 1920 to 2009. A later date beside personal data is as often when something happened to them.
 */
function isAdultsBirthDate(m: string): boolean {
  if (/^(?:昭和|大正|[ST](?![a-z]))/i.test(m)) return true;
  const heisei = /^(?:平成|H\.?)\s*(\d{1,2}|元)/i.exec(m);
  if (heisei) return heisei[1] === '元' || Number(heisei[1]) <= 21;
  const year = /(?:19|20)\d{2}/.exec(m);
  return year !== null && Number(year[0]) >= 1920 && Number(year[0]) < 2010;
}
/** An age written after a date says the date is a birth date: 1985/3/2（39歳）, 12 May 1990 (age 35). */
const AGE_AFTER = '[^\\S\\n]*(?:[(（,、][^\\S\\n]*)?(?:age[^\\S\\n]*|満)?\\d{1,3}[^\\S\\n]*(?:歳|才|years? old|y\\/?o\\b|[)）])';

export interface Rule {
  kind: PiiKind;
  re: RegExp;
  /** Extra check on a match (digit counts, Luhn); false leaves the text alone. */
  accept?: (match: string) => boolean;
  /** Extra check on the text around a match (`text.slice(start, end)` is the match); false leaves it alone. */
  around?: (text: string, start: number, end: number) => boolean;
  /** A word before an honorific: with a dictionary, an ordinary noun (大家さん, 業者さん) is left alone. */
  beforeHonorific?: true;
  /** A guess the name finder makes better (two capitalised words in a row): skipped when there is one. */
  guess?: true;
  /** Run again once the names are hidden: the rule reads placeholders of names around a match. */
  late?: true;
  /** Run only on a text this matches (the rule's cue): a cheap test before a costly look-behind. */
  when?: RegExp;
  /** Only with a name finder, and when it says yes (a kana or romaji word that reads as a name). */
  finderSays?: (finder: NameSpans, match: string) => boolean;
}

/** Names a morphological analyser or an NLP package finds (name-finder.ts), as spans of the text. */
/** Flags the values of a text (redacted without the secret rules) that read as secrets. */
export interface SecretFlagger {
  flag(text: string): { value: string; kind: 'PASSWORD' | 'TOKEN' }[];
}

export interface NameSpans {
  find(text: string): { start: number; end: number }[];
  /**
   * Whether `text.slice(start, end)`, found before an honorific or a title, is a name: a word of its
   * own there (not 教 of 教室長), and no ordinary noun (大家さん, 業者さん names nobody).
   */
  isNameBeforeCue(text: string, start: number, end: number): boolean;
  /** Whether a word in kana reads as a surname or a given name the dictionary lists (あべ, ゆうき, サワダ). */
  isKanaName?(word: string): boolean;
  /** The learned secret detector loaded with the finder (secret-model.ts), used unless RedactorOptions.secrets says otherwise. */
  readonly secrets?: SecretFlagger | null;
  /** Whether a lower-case login reads as a Japanese name and is no English word (nakamura, aoki). */
  isRomajiName?(word: string): boolean;
  /** Whether a word is a surname (石田, 浜田, さわだ). */
  isSurname?(word: string): boolean;
  /** Whether a word is an English word (Mountain, View): a name has a part that is none. */
  isEnglishWord?(word: string): boolean;
  /** Whether a word is a given name the dictionary lists (隆, 千尋, ひかり): the second part of a full name. */
  isGivenName?(word: string): boolean;
  /** Whether a capitalised Latin word is a family name (Park, Hara) or a given name (Emi, Kevin). */
  isLatinName?(word: string, part: 'family' | 'given'): boolean;
}

/** Options of a Redactor. */
export interface RedactorOptions {
  /**
   * Finds names without a cue (田中が…, Bill from IT). Without it only the patterns
   * and the directory names apply: fine for tests, not for text that leaves.
   */
  names?: NameSpans;
  /**
   * A learned detector of secrets (secret-model.ts): it reads the text as redacted without the
   * secret rules, and the values it flags are hidden as PASSWORD/TOKEN beside what the rules find.
   * By default the one loaded with the name finder (`names.secrets`, the bundled secret-model.json),
   * that is for text that leaves; null: the rules alone.
   */
  secrets?: SecretFlagger | null;
  /** false: without the PASSWORD and TOKEN rules (the text the learned detector reads). */
  secretRules?: boolean;
}

const digitsOf = (s: string): string => s.replace(/\D/g, '');


/** A date with a deadline's word before it or まで after it (締切は 2025/3/31, due by 2025-04-01, 3/31まで): no birth date. */
function notADeadline(text: string, start: number, end: number): boolean {
  return (
    !/(?:締切|締め切り|期限|期日|提出日|更新日|有効期限|(?<![A-Za-z])(?:deadline|due|until|by|expires?|expiry))[^\S\n]*(?:は|日|:|on)?[^\S\n]*$/i.test(text.slice(Math.max(0, start - 12), start)) &&
    !/^[^\S\n]*(?:まで|迄|までに|以降)/.test(text.slice(end, end + 6))
  );
}

/**
 * Whether a capitalised phrase found by a cue can be a person's name: one part at least is no English
 * word (Ivan Petrov, Wang Lei), or it starts with a common given name. "Accounts Payable" and "Find Hub"
 * are English words throughout. Without a word list (no finder) the cue alone decides.
 */
function personLike(f: NameSpans, m: string): boolean {
  const parts = m.split(/[\s/]+/);
  // One word that does a person's verb is a person unless it names a team or a role ("Steve" texted; "Security" texted is none).
  if (parts.length === 1) return !NOT_NAMES.has(parts[0]!) && !/^(?:Security|Admin|Administrator|IT|HR|Finance|Accounts|Accounting|Payroll|Reception|Helpdesk|Management|Legal|Billing|Customer|Sales|Marketing|Operations|Ops|Boss|Manager|Director|Police|Courier|Delivery|Everyone|Someone|Unknown)$/i.test(parts[0]!);
  return FIRST_NAMES.has(parts[0]!) || parts.some((w) => f.isEnglishWord?.(w.replace(/['’]s$/, '')) === false) || f.isEnglishWord === undefined;
}

/** Parts of a login that name a role or a system, never a person (admin.user, sales_team, web.api). */
const LOGIN_WORDS = /^(?:admin|administrator|user|users|test|guest|info|support|sales|team|service|system|root|staff|office|shop|store|web|api|app|mail|backup|dev|prod|staging|demo|public|shared|common|general|main|master|owner)$/;

/** Luhn checksum: tells a card number from an order number of the same length. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/**
 * Order matters: e-mail addresses first (they may hold digits), international
 * phone numbers before card and My Number (a "+81 90 …" number has 12 digits),
 * cards before My Number, and names last so a name inside an address is not
 * split off first.
 */
const RULES: Rule[] = [
  ...LINK_CREDENTIAL_RULES,
  // URL query strings and fragments (tokens, session ids, e-mails): scheme, host and path stay.
  { kind: 'URL_QUERY', re: /(?<=(?:https?:\/\/|www\.)[\x21-\x7E]*?)[?#][^\s<>"'|]*[^\s<>"'|.,;:!?)\]]/g },
  // Slack and Teams user ids.
  { kind: 'CHAT_ID', re: /<@[UW][A-Z0-9]{6,}(?:\|[^>]*)?>|(?<![A-Za-z0-9])[UW]0[A-Z0-9]{7,10}(?![A-Za-z0-9])|(?<![A-Za-z0-9])(?:29:[A-Za-z0-9_-]{10,}|8:(?:orgid|live|teamsvisitor):[A-Za-z0-9._-]{6,})/g },
  // Chatwork mentions and replies carry the account id ([To:4419237], [rp aid=4419237 to=…], [piconname:4419237]).
  { kind: 'CHAT_ID', re: /(?<=\[(?:To:|rp aid=|piconname:|picon:))\d{4,12}(?=[\]\s])/g },
  // A Teams or Entra user (object) id is a GUID: after a user-id cue (ユーザーID a3f9…, user id 8c2d…).
  {
    kind: 'CHAT_ID',
    re: /(?<=(?:ユーザー|メンバー|アカウント|オブジェクト|(?<![A-Za-z])(?:user|member|account|object|AAD|Entra|Teams))[^\S\n]*(?:ID|id|Id)[^\S\n]*(?:[:：=]|は|is)?[^\S\n]*)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![0-9a-f-])/gi,
  },
  { kind: 'EMAIL', re: /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g },
  // An address written so that harvesters miss it (taro.y (at) example.com, hanako[at]example[dot]jp, info★example.co.jp,
  // アットマーク): the @ spelt out or replaced by a star, the dots perhaps too.
  {
    kind: 'EMAIL',
    when: /[([{<][^\S\n]*at[^\S\n]*[)\]}>]|[★☆]|アットマーク/i,
    re: /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+[^\S\n]*(?:[([{<][^\S\n]*at[^\S\n]*[)\]}>]|[★☆]|[(（]?アットマーク[)）]?)[^\S\n]*[A-Za-z0-9-]+(?:(?:\.|[^\S\n]*[([{<][^\S\n]*dot[^\S\n]*[)\]}>][^\S\n]*)[A-Za-z0-9-]+)*(?:\.|[^\S\n]*[([{<][^\S\n]*dot[^\S\n]*[)\]}>][^\S\n]*)[A-Za-z]{2,}(?![A-Za-z0-9-])/gi,
  },
  ...TOKEN_RULES,
  ...TOKEN_CONTEXT_RULES,
  ...TOLD_TOKEN_RULES,
  ...CARRIED_TOKEN_RULES,
  // Birth dates near a birth cue, in every form (1992年4月15日, 昭和58年, S52.10.8, 1956-08-21, May 5,
  // 1994, DOB 04/03/85): the cue may stand a few words before (her DOB was …, patient DOBs … One
  // was 1956-08-21) or right after (1985年3月2日生まれ). Dates without such a cue stay. Before the
  // passwords: "his PIN is his birthday, May 5, 1994, so 050594" holds both.
  {
    kind: 'BIRTHDATE',
    re: new RegExp(`(?=\\d|昭和|平成|令和|大正|[SHRT]\\.?\\s*\\d|${MONTHS})(?:(?<=${BIRTH_CUE}[^\\n]{0,40}?)${DATE}|${DATE}(?=[^\\S\\n]*(?:[(（]?\\s*)?(?:生まれ|生|産まれ|born)(?![A-Za-z])|${AGE_AFTER}))`, 'gi'),
    // A deadline or an expiry beside the cue (生年月日の欄を追加。締切は 2025/3/31, DOB field due by 2025-04-01) is no birth date.
    around: notADeadline,
  },
  // A list of birth dates under its cue (生年月日を入れてもらってた…例：⏎・たかはし 1990/1/15⏎・ほんだ 1988年12月3日):
  // a full date of a year before 2010 (or of an earlier era) within a few lines after the cue.
  {
    kind: 'BIRTHDATE',
    re: new RegExp(`(?=\\d|昭和|平成|令和|大正|[SHRT]\\.?\\s*\\d|${MONTHS})(?<=${BIRTH_CUE}[^]{0,200}?)${DATE}`, 'gi'),
    when: new RegExp(BIRTH_CUE, 'i'),
    around: notADeadline,
    accept: isAdultsBirthDate,
  },
  // A birthday without its year, right after its cue (誕生日おめでとう（7/22）, 誕生日の 0305, birthday is 03/05).
  {
    kind: 'BIRTHDATE',
    re: new RegExp(
      `(?=\\d)(?<=${BIRTH_CUE}[^\\n]{0,40}?)(?<![\\d/.-])(?:(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\\d|3[01])|(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01]))(?![\\d/.:-]?\\d)(?!\\s*(?:円|yen|%|件|人|名|時|分))`,
      'gi',
    ),
    when: new RegExp(BIRTH_CUE, 'i'),
  },
  ...PASSWORD_RULES,
  ...PASSWORD_CONTEXT_RULES,
  ...TOLD_PASSWORD_RULES,
  ...CARRIED_PASSWORD_RULES,
  ...TABLE_RULES,
  // Bank accounts: 普通 1234567, 普通口座・1234567, (当座)1234567, a CSV row's 普通,7712039, 口座番号 …, ゆうちょ 記号/番号, Account No.,
  // routing number, sort code, BSB; the cue in any case (Account no. 0098712).
  {
    kind: 'BANK',
    re: /(?=\d)(?<=(?:(?:普通|当座|貯蓄)(?:預金)?(?:口座)?|口座番号|ゆうちょの記号|記号|番号(?=\d{7,8})|(?:account|acct|acc|a\/c)\.?\s*(?:no\.?|number|#)|routing (?:no\.?|number)|sort code|BSB)[^\S\n]*(?:[:：・/／)）,、]|No\.?)?[^\S\n]*)\d[\d-]{4,11}(?![\d万円]|,\d)/gi,
  },
  // An IBAN, its country, check digits and 11–30 letters and digits, in groups of four or not (NO93 8601 1117 947 is
  // Norway's 15; DE89 3704 0044 0532 0130 00 Germany's 22).
  { kind: 'BANK', re: /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b/g, accept: (m) => m.replace(/ /g, '').length >= 15 && /\d{4}/.test(m.slice(4).replace(/ /g, '')) },
  // An account named by its type in English, as Japanese banks' are (savings 8820411, ordinary account 1234567,
  // checking #0098123): 6–10 digits right after it, no amount (savings of 1,200,000 yen stays).
  {
    kind: 'BANK',
    re: /(?=\d{6})(?<=(?<![A-Za-z])(?:savings|checking|chequing|ordinary|current|futsu|toza)(?: (?:account|acct|a\/c))?(?: (?:no\.?|number))?[^\S\n]*[:#]?[^\S\n]*)\d{6,10}(?![\d.,/:-]?\d|\s*(?:円|yen|ドル|dollars|%))/gi,
  },
  // An account handed over a sentence after it was asked for (asked for my account number. I gave them 4402918;
  // 口座番号を聞かれて、つい 3320914 と答えてしまった): 6–10 digits a few words after a verb of handing over.
  {
    kind: 'BANK',
    re: new RegExp(`(?=\\d{6})(?<=(?:口座|(?<![A-Za-z])(?:account|acct|bank details)(?![A-Za-z]))[^\\n]{0,60}?${HANDED}[^\\n]{0,15}?)(?<![\\d.,/:¥$€£#-])\\d{6,10}(?![\\d.,/:-]?\\d|\\s*(?:円|万|yen|ドル|dollars|件|回|人|名|%|times|days|users|people|accounts))`, 'gi'),
  },
  // A branch number (店番 123, 支店番号: 045, branch code 123) and an account right after a named branch
  // (渋谷支店 1234567): digits without hyphens, so a phone number after a branch stays a phone.
  { kind: 'BANK', re: /(?=\d{3})(?<=(?:支店番号|店番号?|支店コード|(?<![A-Za-z])branch (?:code|number|no\.?))[^\S\n]*[:：]?[^\S\n]*)\d{3}(?!\d)/gi },
  // In a text about an account or a payment, a branch's three digits right after the word branch or 支店, as forms and
  // people write them (branch 118, Rakuten Bank, branch 203, 銀行 支店 456 口座 …, 取引店 045, branch #118): not a room, a
  // floor, a count or an amount (支店 101号室, branch 3F, 支店 120名).
  {
    kind: 'BANK',
    when: /銀行|口座|振込|振り込|送金|入金|給与|(?<![A-Za-z])(?:bank|account|acct|a\/c|transfer|refund|deposit|payment|payroll|wire|remit)/i,
    re: /(?=\d{3})(?<=(?:支店|取引店|(?<![A-Za-z])branch)(?:[^\S\n]*(?:番号|コード|名|no\.?|number|code|#))?[^\S\n]*[:：#(（]?[^\S\n]*)\d{3}(?![\d-]|[.,]\d|[^\S\n]*(?:号|階|F\b|円|万|人|名|件|店|km|m\b|yen|staff|people|employees|branches|floor))/gi,
  },
  { kind: 'BANK', re: /(?=\d{6})(?<=[^\s、。]支店[^\S\n]*(?:[(（][^)）\n]{1,10}[)）])?[^\S\n]*(?:[:：・/／]|No\.?)?[^\S\n]*)\d{6,8}(?![\d-]|[.,]\d|\s*(?:円|万|件|人|名))/g },
  // An account number of 6–10 digits a few words after an account cue (口座は…, new account
  // 5566778899, changed to account 88776655): the figure is no amount, date or count.
  {
    kind: 'BANK',
    re: /(?=\d)(?<=(?:口座|振込先|振込口座|送金先|入金先|(?<![A-Za-z])(?:account|acct|a\/c)(?![A-Za-z]))(?:[^\n。.!?]|(?<=no)\.|\.\.\.){0,40}?)(?<![\d.,/:¥$€£-])\d(?:\d|-(?=\d)){5,11}(?![\d/:]|[.,]\d|\s*(?:円|万|yen|ドル|件|回|人|名|%|times|days|users|people|accounts))/gi,
    accept: (m) => {
      const n = digitsOf(m).length;
      // Banks abroad number accounts with up to 12 digits (account 88120045671); a Japanese mobile (090…) is a phone.
      return n >= 6 && n <= 12 && !/^(?:19|20)\d{2}-\d{2}-\d{2}$/.test(m) && !(n === 11 && /^0[789]0/.test(m));
    },
  },
  // The 番号 of a ゆうちょ account after its 記号 (ゆうちょの記号 12345 番号 6789012).
  { kind: 'BANK', when: /ゆうちょ|貯金/, re: /(?=\d)(?<=(?:ゆうちょ|貯金)[^\n]{0,20}?記号[^\n]{0,20}?番号[^\S\n]*[:：]?[^\S\n]*)\d{5,8}(?!\d)/g },
  // A ゆうちょ account written as its 記号 and 番号 in one (12340-87654321): five digits that start with 1 and end
  // with 0, then seven or eight, in a text about an account or a transfer.
  { kind: 'BANK', when: /ゆうちょ|貯金|口座|振込|振替|送金|(?<![A-Za-z])(?:account|bank|transfer)/i, re: /(?<![\d-])1\d{3}0[- ]?\d{7,8}(?![\d-])/g },
  // The other accounts of a sentence that named one (Old account 3810042, the new one in the HR system is 9902113;
  // 旧口座 1234567、新しいのは 7654321): once the first is hidden, a number of 6–10 digits after it is one too.
  {
    kind: 'BANK',
    re: /(?=\d{6})(?<=\[BANK_\d+\][^\n。.!?]{0,60}?)(?<![\d.,/:¥$€£#-]|\[[A-Z_]+_)\d{6,10}(?![\d/:-]|[.,]\d|\s*(?:円|万|yen|ドル|件|回|人|名|%|times|days|users|people|accounts))/g,
    late: true,
  },
  // Identity documents after a cue word (passport TZ1234567, 在留カード AB12345678CD, 免許証番号
  // 301234567890, 保険証の記号番号 12345678-0123, pension 1234-567890, SSS 34-1234567-8, employee
  // ID E-204518): whatever the format, an identifier of letters and at least five digits within a
  // few words of the cue.
  {
    kind: 'ID_DOC',
    re: new RegExp(
      `(?=[A-Za-z0-9-])(?<=${ID_DOC_CUE}[^\\n。!?]{0,40}?)(?<![A-Za-z0-9¥$€£]|\\d[.,]|[A-Za-z0-9]-)(?=[A-Za-z0-9-]*\\d)[A-Za-z]{0,3}-?\\d(?:[\\d]|[A-Za-z](?=\\d{2})|[- ・](?=\\d))*(?:-?[A-Za-z]{1,3})?(?![A-Za-z0-9]|[.,]\\d|-[A-Za-z0-9]|\\s*(?:円|yen|ドル|%|日|days|年|years))`,
      'gi',
    ),
    when: new RegExp(ID_DOC_CUE, 'i'),
    accept: (m) => {
      const n = digitsOf(m).length;
      // A staff number with its letter prefix may be short (社員番号 D-1187): the prefix says it is no count or year.
      return (n >= 5 || (n === 4 && /^[A-Za-z]{1,3}-?\d{4}$/.test(m))) && n <= 16 && !/^(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}$/.test(m) && !/^v?\d+(?:\.\d+)+$/i.test(m);
    },
  },
  // The short fields of a card's number (保険証の記号7301 番号28, 枝番 01, 記号31260012、番号1045): after
  // 記号/番号/枝番/No. in the same sentence as an ID cue, or 番号 right after a 記号 and its value, any
  // length of digits; a ゆうちょ 記号/番号 pair is the bank rule's.
  {
    kind: 'ID_DOC',
    re: new RegExp(
      `(?=\\d)(?<=(?:${ID_DOC_CUE}[^\\n。!?]{0,30}?|記号[^\\S\\n]*[:：]?[^\\S\\n]*(?:\\d{1,8}|\\[[A-Z_]+_\\d+\\])[^\\S\\n]*[、,/・]?[^\\S\\n]*)(?:記号|番号|枝番|No\\.?|number)[^\\S\\n]*(?:[:：]|は|が)?[^\\S\\n]*)\\d{1,8}(?:-\\d{1,4})?(?![\\d.,/:-]?\\d|\\s*(?:円|yen|%|日|年|歳|件|枚|人|名))`,
      'gi',
    ),
    accept: (m) => digitsOf(m).length >= 2,
    around: (text) => !/ゆうちょ|貯金/.test(text),
  },
  // The number of a document named in an earlier sentence (在留カードの番号を入力する…。番号は UH38291746EA,
  // 基礎年金番号を聞かれて…。番号 1234-567890): right after 番号/No./number, within a few sentences of the cue.
  {
    kind: 'ID_DOC',
    re: new RegExp(
      `(?=[A-Za-z0-9])(?<=${ID_DOC_CUE}[^]{0,160}?(?<!注文|受付|問い合わせ|問合せ|伝票|追跡|電話|部屋|製品|型式?|契約|請求書|整理|管理|予約|口座|(?<![A-Za-z])(?:order|tracking|invoice|phone|room|ticket|case|account|serial|model|part|version)[^\\S\\n]?)(?:番号|No\\.?|number)[^\\S\\n]*(?:[:：]|は|が|is)?[^\\S\\n]*)(?=[A-Za-z0-9-]*\\d)[A-Za-z]{0,3}\\d[\\d-]*[A-Za-z]{0,2}(?![A-Za-z0-9]|[.,]\\d)`,
      'gi',
    ),
    accept: (m) => digitsOf(m).length >= 5 && digitsOf(m).length <= 16 && !/^(?:19|20)\d{2}-\d{1,2}-\d{1,2}$/.test(m),
  },
  // A passport or licence number of letters and digits mixed, right after its cue (パスポート 19FR45821, passport
  // C4X7R2L9K, licence no. DL4X92K7): many countries' numbers are so, with fewer than five digits.
  {
    kind: 'ID_DOC',
    when: /旅券|パスポート|免許|在留カード|passport|licen[cs]e|residence|ID card/i,
    re: /(?=[A-Z0-9]{6})(?<=(?:旅券|パスポート|免許証|在留カード|(?<![A-Za-z])(?:[Pp]assport|PASSPORT|[Ll]icen[cs]e|[Rr]esidence card|ID card))(?:[^\S\n]*(?:番号|No\.?|no\.?|[Nn]umber|#|は|:|：|is|[(（]))*[^\S\n]*)(?=[A-Z0-9]*\d[A-Z0-9]*\d)(?=[A-Z0-9]*[A-Z])[A-Z0-9]{6,12}(?![A-Za-z0-9-])/g,
  },
  // Identifiers of a letter prefix and digits listed after a document's cue (学生証番号を集めてた。例：S2211408 前田),
  // and a residence card's shape anywhere (two letters, eight digits, two letters).
  {
    kind: 'ID_DOC',
    re: new RegExp(`(?=[A-Z])(?<=${ID_DOC_CUE}[^]{0,160}?)(?<![A-Za-z0-9-])[A-Z]{1,3}\\d{6,12}[A-Z]{0,2}(?![A-Za-z0-9]|-\\w)`, 'g'),
    when: new RegExp(ID_DOC_CUE, 'i'),
  },
  { kind: 'ID_DOC', re: /(?<![A-Za-z0-9])[A-Z]{2}\d{8}[A-Z]{2}(?![A-Za-z0-9])/g },
  // A document's number in a record listed a sentence or two after its cue (パスポート情報を備考欄に転記…。例：「Chen Wei-Ting /
  // 356184920 / 1988-07-09」): six to eleven digits standing as a field of the row, between separators, beside other fields.
  // Not a date written 19880709, a phone or a My Number (12 digits, its own rule).
  {
    kind: 'ID_DOC',
    re: new RegExp(`(?=\\d{6})(?<=${ID_DOC_CUE}[^]{0,200}?(?:[/|,、\\t][^\\S\\n]*|[^\\S\\n]+[/|][^\\S\\n]*))\\d{6,11}(?=[^\\S\\n]*(?:[/|,、\\t]|[」』)）]|$))`, 'gim'),
    when: new RegExp(ID_DOC_CUE, 'i'),
    accept: (m) => !/^0\d{9,10}$/.test(m) && !/^(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])$/.test(m),
  },
  // The number in brackets after a person, in a text about a document (基礎年金番号の一覧…。1人目は宇佐美 大地さん（4410-382917）,
  // the licence numbers … first row: Ito Ken (DL-4471982)): the bracket holds that person's number.
  {
    kind: 'ID_DOC',
    re: new RegExp(`(?=[A-Za-z0-9])(?<=${ID_DOC_CUE}[^]{0,200}?(?:さん|様|氏|くん|ちゃん|\\[NAME_\\d+\\])[^\\S\\n]*[(（][^\\S\\n]*)[A-Za-z]{0,3}-?\\d[\\d -]{3,16}\\d(?=[^\\S\\n]*[)）])`, 'gi'),
    when: new RegExp(ID_DOC_CUE, 'i'),
    accept: (m) => digitsOf(m).length >= 5 && digitsOf(m).length <= 16 && !/^(?:19|20)\d{2}-\d{1,2}-\d{1,2}$/.test(m),
    late: true,
  },
  // The 記号 of a health insurance card told with its 番号 (記号 1234 番号 56): both are the card's; a ゆうちょ pair is the bank's.
  {
    kind: 'ID_DOC',
    re: /(?<=記号[^\S\n]*[:：]?[^\S\n]*)\d{1,8}(?=[^\S\n]*[、,/・]?[^\S\n]*番号)/g,
    around: (text) => !/ゆうちょ|貯金|口座|銀行/.test(text),
  },
  // An employee or account code after ID (ID E88214, アカウントID EMP-0388, 社員ID: S-1042): letters, then four digits or more.
  {
    kind: 'ID_DOC',
    re: /(?=[A-Z])(?<=(?<![A-Za-z])(?:(?:employee|staff|account|member|アカウント|社員|職員|従業員)[^\S\n]*)?(?<![A-Za-z]|(?:[Oo]rder|[Tt]icket|[Cc]ase|[Rr]equest|[Tt]ransaction|[Tt]racking|[Pp]roduct|[Aa]pp|[Cc]lient|[Tt]enant|[Dd]evice|[Ee]rror|[Ee]vent|[Mm]essage|[Ii]nvoice|[Uu]ser|[Ss]ession|[Cc]hat|Slack|Teams|ユーザー|注文|チケット|案件)[^\S\n]*)ID[^\S\n]*(?:[:：#]|は)?[^\S\n]*)[A-Z]{1,4}-?\d{4,10}(?![A-Za-z0-9]|-\w)/g,
  },
  ...CHAT_HANDLE_RULES,
  // +81 90-1234-5678, +81-3-1234-5678, +1 (415) 555-0100, +44 20 7946 0958
  {
    kind: 'PHONE',
    re: /\+\d{1,3}[\s.-]?(?:\(0\)[\s.-]?)?\(?\d{1,4}\)?(?:[\s.-]?\d{2,4}){1,4}(?!\d)/g,
    accept: (m) => digitsOf(m).length >= 8 && digitsOf(m).length <= 15,
  },
  // Card-like numbers whatever their check digit: 13–19 digits grouped like a card (4-4-4-x,
  // 4-6-5) or in one run. Only a run right after an order/tracking cue is left alone.
  {
    kind: 'CARD',
    re: /(?<!(?:注文番号|オーダー番号|問い合わせ番号|受付番号|伝票番号|追跡番号|order|tracking|invoice)(?:\s*(?:no\.?|number|#|は|:))?\s*)(?<![\d-])(?:\d{4}([ -])\d{4}\1\d{4}\1\d{1,7}|\d{4}[ -]\d{6}[ -]\d{4,5}|\d{13,19})(?![\d-])/gi,
  },
  // A card number in any other grouping or width: a first group of four, then groups of two to eight digits with spaces,
  // hyphens or dots, mixed or not (4539 148803 436467, 4539.1488.0343.6467, 45391488 03436467), 13–19 digits in all —
  // whatever the check digit. An Amazon order (250-1234567-1234567) starts with three.
  {
    kind: 'CARD',
    re: /(?<!(?:注文番号|オーダー番号|問い合わせ番号|受付番号|伝票番号|追跡番号|order|tracking|invoice)(?:\s*(?:no\.?|number|#|は|:))?\s*)(?<![\d.-])\d{4}(?:[ .-]\d{2,8}){1,5}(?![\d-]|\.\d)/gi,
    accept: (m) => digitsOf(m).length >= 13 && digitsOf(m).length <= 19,
  },
  // A card number shown masked in part (4984 **** **** 2210, ・・・・ ・・・・ ・・・・ 7721, 4539-XXXX-XXXX-6467): the
  // digits left are still the card's, hidden as one whatever the mask; a mask alone (**** **** **** ****) is nothing.
  {
    kind: 'CARD',
    re: /(?<![\w*•●・-])(?:(?:\d{4}|[*xX•●・]{4})[ -]){3}(?:\d{1,7}|[*xX•●・]{4})(?![\w*•●・])/g,
    accept: (m) => /\d/.test(m) && /[*xX•●・]/.test(m),
  },
  // After a card's cue any grouping at all (カード番号 453 914 880 343 6467, card no. 4539148-803436467): 13–19 digits.
  {
    kind: 'CARD',
    when: /カード|クレカ|(?<![A-Za-z])(?:card|visa|mastercard|amex|jcb)(?![A-Za-z])/i,
    re: /(?=\d)(?<=(?:カード|クレカ|(?<![A-Za-z])(?:card|visa|mastercard|amex|jcb)(?![A-Za-z]))[^\n。]{0,30}?)(?<![\d.-])\d(?:[ .-]?\d){12,18}(?![\d-]|\.\d)/gi,
  },
  // My Number: 12 digits (often written 4-4-4). Every 12-digit number is treated as one (but an
  // order number right after its cue): a wrongly hidden number costs nothing, a leaked My Number
  // is a legal incident.
  {
    kind: 'MYNUMBER',
    re: /(?<!(?:注文番号|オーダー番号|問い合わせ番号|受付番号|伝票番号|追跡番号|order|tracking|invoice)(?:\s*(?:no\.?|number|#|は|:))?\s*)(?<!\d)\d{4}([ -]?)\d{4}\1\d{4}(?!\d)/gi,
  },
  // Domestic Japanese numbers: 03-1234-5678, 090-1234-5678, 0120-123-456, (03)1234-5678, 06(6123)4567, 09012345678.
  {
    kind: 'PHONE',
    re: /(?<![\d-])\(?0\d{1,4}\)?[\s()-]?\d{1,4}\)?[\s-]?\d{3,4}(?![\d-])/g,
    accept: (m) => digitsOf(m).length === 10 || digitsOf(m).length === 11,
  },
  // North American style without a country code: (415) 555-0100, 415-555-0100, and with the
  // trunk prefix 1 that toll-free numbers are written with (1-800-555-0199, 1 (888) 555-0100).
  { kind: 'PHONE', re: /(?<![\d-])(?:1[-.\s]?)?(?:\(\d{3}\)\s?|\d{3}[-.\s])\d{3}[-.\s]\d{4}(?![\d-])/g },
  // Japanese address: optional 〒code, a prefecture, one to three 市区町村郡 parts, then the
  // town name and block numbers (丸の内1-2-3, 本町二丁目5番地) when present.
  {
    kind: 'ADDRESS',
    re: new RegExp(
      `(?:〒\\s?\\d{3}${HYPHEN}?\\d{4}\\s*)?(?:${PREFECTURES})(?:${NOT_END}{1,10}?[市区町村郡]){1,3}` +
        `(?:${NOT_END}{0,15}?${BLOCK}(?:${NOT_END}{0,3}?${BLOCK})*)?`,
      'g',
    ),
  },
  { kind: 'ADDRESS', re: new RegExp(`〒\\s?\\d{3}${HYPHEN}?\\d{4}`, 'g') },
  // Without a prefecture: 市区町村 parts, the town, then block numbers (丁目/番地/号 or 1-2-3).
  {
    kind: 'ADDRESS',
    re: new RegExp(
      `(?:[一-龥々ヶケ]{1,5}?[市区町村郡]){1,3}[一-龥々ヶケのノぁ-んァ-ヶー]{0,8}?(?:${NUM}+(?:丁目|番地|番|号|条)(?:${HYPHEN}?${NUM}+(?:丁目|番地|番|号|条)?)*|\\d+-\\d+(?:-\\d+)?)(?:[西東南北]?${BLOCK})*`,
      'g',
    ),
  },
  { kind: 'ADDRESS', re: /(?<=郵便番号[^\S\n]*[:：]?[^\S\n]*)\d{3}-?\d{4}/g },
  // UK postcodes (SW1A 1AA), US state + ZIP (DC 20500), Japanese addresses in romaji (2-7-1 Marunouchi).
  { kind: 'ADDRESS', re: /\b(?:[A-Z]{1,2}\d[A-Z\d]?) \d[A-Z]{2}\b/g },
  {
    kind: 'ADDRESS',
    re: /\b(?:AL|AK|AZ|AR|CA|CO|CT|DC|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY) \d{5}(?:-\d{4})?\b/g,
  },
  { kind: 'ADDRESS', re: /\b\d{1,4}-\d{1,4}-\d{1,4} [A-Z][a-z]+\b/g },
  // IPv4 and IPv6 (with :: or all eight groups), not version numbers. An IPv6 address may follow a label's colon
  // (ログ:2001:db8::1c7 once NFKC has made ： a colon), so only a colon after a hex digit or another colon joins it.
  {
    kind: 'IP',
    re: /(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\d]|\.\d)|(?<![0-9A-Fa-f]|[0-9A-Fa-f:]:)(?:(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}|(?:[0-9A-Fa-f]{1,4}:){1,6}(?::[0-9A-Fa-f]{1,4}){1,6}|(?:[0-9A-Fa-f]{1,4}:){1,7}:|::(?:[0-9A-Fa-f]{1,4}:){0,6}[0-9A-Fa-f]{1,4})(?![0-9A-Fa-f:])/g,
    accept: (m) => !m.includes(':') || (m.match(/::/g) ?? []).length <= 1,
  },
  // Person names: a name before an honorific (田中様, 佐藤さん, 山本部長, スミスさん), and in English
  // after a title or a role (Mr Smith, my colleague Sarah Connor), -san, or two capitalised words
  // mid-sentence that are no product or company.
  // (くん of 聞くんです is no honorific; a kanji right after a letter, katakana or お/ご ends a word.)
  // A surname and a given name with a space between before an honorific (王 偉さん, 李 強様, 山田 花子様):
  // Chinese and Korean names of one-kanji parts are often written so. A role or department as the
  // first part (営業 田中さん) leaves it to the next rule.
  {
    kind: 'NAME',
    re: /(?<![A-Za-z0-9ァ-ヶーおご\p{Unified_Ideograph}々])[\p{Unified_Ideograph}々]{1,2}[ \u3000][\p{Unified_Ideograph}々]{1,2}(?=(?:様|さん|氏|先生|くん(?![でだじ])|君|ちゃん))/gu,
    accept: (m) => m.split(/[ \u3000]/).every((p) => !JA_NOT_NAMES.test(p) && !JA_ORGANISATION.test(p) && !/[部課室係社所店]$/.test(p)),
    beforeHonorific: true,
  },
  {
    kind: 'NAME',
    // \p{Unified_Ideograph} with the u flag: a kanji outside the basic block (𠮷 of 𠮷田, a surrogate pair) is part of the name; 〇 (〇〇さん, a blank) is none.
    re: /(?<![A-Za-z0-9ァ-ヶーおご])[\p{Unified_Ideograph}々]{1,4}(?=(?:様|さん|氏|先生|くん(?![でだじ])|君|ちゃん|部長|課長|係長|社長|主任|専務|常務|店長|所長|室長))/gu,    accept: (m) => !JA_NOT_NAMES.test(m) && !JA_ORGANISATION.test(m) && !JA_NOT_SINGLE.test(m),
    beforeHonorific: true,
  },
  // A surname the dictionary lists before a title, a space between or not (指導教員の 大川 教授 から, 森部長, 谷 先生): the surname
  // may be an ordinary word too (大川 a big river, 森 a wood), but a title is said of a person. さん is no such cue (大家さん).
  {
    kind: 'NAME',
    re: /(?<![A-Za-z0-9ァ-ヶーおご\p{Unified_Ideograph}々])[\p{Unified_Ideograph}々]{1,3}(?=[^\S\n]?(?:教授|准教授|先生|部長|課長|係長|社長|店長|所長|院長|園長|校長|会長|次長|主任|室長|専務|常務)(?![\p{Unified_Ideograph}々]))/gu,
    accept: (m) => !JA_NOT_NAMES.test(m) && !JA_ORGANISATION.test(m),
    finderSays: (f, m) => f.isSurname?.(m) === true,
  },
  // Katakana names before an honorific, their parts joined by ・ or a space (イ・ソヨンさん: a one-letter
  // Korean surname; タナカ ヒロシ様); no part a role (ゲストさん, メーカー スタッフさん).
  {
    kind: 'NAME',
    // Not the end of a word begun in kanji (情シスさん, 総務ママさん).
    re: /(?<![ァ-ヶー・\p{Unified_Ideograph}])[ァ-ヶ][ァ-ヶー]{0,10}(?:(?:・|[ \u3000](?=[ァ-ヶ][ァ-ヶー]{1,10}(?:・[ァ-ヶ][ァ-ヶー]{0,10})*(?:様|さん|氏|くん|君|ちゃん)))[ァ-ヶ][ァ-ヶー]{0,10}){0,3}(?=(?:様|さん|氏|くん(?![でだじ])|君|ちゃん))/gu,
    accept: (m) =>
      m.replace(/[・ \u3000]/g, '').length >= 2 &&
      m.split(/[ \u3000]/).every((p) => p.replace(/・/g, '').length >= 2) &&
      !m.split(/[・ \u3000]/).some((p) => /^(?:ユーザー|メンバー|オーナー|ドライバー|スタッフ|サポート|ベンダー|メーカー|フォロワー|パート|アルバイト|ゲスト|クライアント|オペレーター|エンジニア|デザイナー|カスタマー|センター|チーム|マネージャー|リーダー|ママ|パパ)$/.test(p)),
    beforeHonorific: true,
  },
  // Up to three words: Vietnamese and Chinese names often have three (Ms. Nguyen Thi Lan).
  { kind: 'NAME', re: /(?<=\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof)\.?\s)[A-Z][a-zA-Z'’-]+(?:\s[A-Z][a-zA-Z'’-]+){0,2}/g },
  // -san in chat, lower-case too (ask yamada-san), and with a space after a capitalised name (Yamada san).
  { kind: 'NAME', re: /\b[A-Za-z][a-z]+(?=-(?:san|sama|kun|chan|sensei|senpai)\b)|\b[A-Z][a-z]+(?= (?:san|sama|kun|chan)\b)/g, accept: (m) => !NOT_NAMES.has(m) && !ROMAJI_ROLES.test(m) },
  {
    kind: 'NAME',
    re: /(?<=\b(?:colleague|co-?worker|boss|manager|supervisor|assistant|accountant|receptionist|CEO|CFO|CTO|president|director|called|named)\s)[A-Z][a-z'’-]+(?:\s[A-Z][a-z'’-]+)?(?![\w'’-])/g,
    accept: (m) => !m.split(/\s/).some((w) => NOT_NAMES.has(w) || COMPANY_WORDS.test(w)),
  },
  // The people a desk hears about by what they are to the writer (patient Kaori Endo's card, our guest Tom Becker, my
  // mum Etsuko Hara): these words stand before products and letters too (client Figma files, patient B's images,
  // patient X-rays), so a part must be a given or family name the finder knows; a possessive is no part of the name.
  {
    kind: 'NAME',
    // The word may open the sentence (Customer Aiko Nishida called, Patient …), so its first letter in either case.
    re: /(?=[A-Z])(?<=\b(?:[Pp]atient|[Cc]lient|[Cc]ustomer|[Gg]uest|[Tt]enant|[Ss]tudent|[Pp]upil|[Ee]mployee|[Mm]ember|[Aa]pplicant|[Cc]andidate|[Dd]river|[Rr]esident|[Ss]ubscriber|[Mm]um|[Mm]om|[Mm]other|[Ff]ather|[Dd]ad|[Ww]ife|[Hh]usband|[Ss]on|[Dd]aughter|[Ss]ister|[Bb]rother|[Gg]randmother|[Gg]randfather|[Gg]randma|[Gg]randpa|[Aa]unt|[Uu]ncle|[Cc]ousin|[Nn]iece|[Nn]ephew)\s)[A-Z](?:[a-z]|['’-](?![sS]\b)(?=[A-Za-z]))+(?:\s[A-Z](?:[a-z]|['’-](?![sS]\b)(?=[A-Za-z]))+)?(?![\w-])/g,
    accept: (m) => !m.split(/\s/).some((w) => NOT_NAMES.has(w) || COMPANY_WORDS.test(w)),
    finderSays: (f, m) => m.split(/\s/).some((w, i, all) => f.isLatinName?.(w, i === 0 && all.length > 1 ? 'given' : 'family') === true || f.isLatinName?.(w, 'given') === true),
  },
  {
    kind: 'NAME',
    re: /(?<![A-Za-z]\s|[A-Za-z])(?:[A-Z][a-z]+)(?=\s[A-Z]|['’]s\b|\s(?:from|and|said|sent|called|emailed)\b)(?:\s[A-Z][a-z'’-]+)?/g,
    accept: (m) => FIRST_NAMES.has(m.split(/\s/)[0]!) && !m.split(/\s/).slice(1).some((w) => NOT_NAMES.has(w)),
  },
  {
    kind: 'NAME',
    re: /(?<=[a-z,;(]\s|[\u3040-\u30ff\u3400-\u9fff])[A-Z][a-z'’-]+\s[A-Z][a-z'’-]+(?![a-z'’-]|\s[A-Z])/g,
    accept: (m) => !m.split(/\s/).some((w) => NOT_NAMES.has(w.replace(/['’]s$/, ''))),
    guess: true,
  },
  // Names in kana before an honorific (あべちゃん, ゆうきくん, さわださん) or opening a row of a list (・たかはし [BIRTHDATE_1]):
  // a word the dictionary reads as a surname or a given name; みなさん, おかあさん are none.
  {
    kind: 'NAME',
    re: /(?<=^|[\s「『(（、。,!！?？:：・/])[ぁ-ゖ]{2,6}(?=さん|くん|ちゃん|様|君)|(?<=^[^\S\n]*(?:[-・*•][^\S\n]*)?)[ぁ-ゖァ-ヶー]{2,6}(?=[^\S\n]+(?:\[(?:BIRTHDATE|PHONE|EMAIL|ADDRESS|CARD|BANK|ID_DOC|MYNUMBER)_\d+\]|\d))/gm,
    finderSays: (f, m) => f.isKanaName?.(m) === true,
  },
  // A login in a log or a sentence (user=nakamura, failed logins for user aoki, 実行ユーザーは kato): a romanised
  // Japanese name; and a first name with an initial (kevin.h account, by t.sato).
  {
    kind: 'NAME',
    re: /(?<=(?:(?<![A-Za-z])(?:user(?:name)?|login|uid|account)[^\S\n]*(?:[=:：]|is)?|(?:実行ユーザー|ユーザー(?:名|ID)?|アカウント名?|ログインID)[^\S\n]*(?:[=:：]|は|が)?)[^\S\n]*)[a-z]{3,15}(?![A-Za-z0-9@._-])/g,
    finderSays: (f, m) => f.isRomajiName?.(m) === true,
  },
  { kind: 'NAME', re: /(?<![\w.@-])(?:[a-z]{3,12}\.[a-z]{1,2}|[a-z]{1,2}\.[a-z]{3,12})(?=[^\S\n]+(?:account|アカウント)|(?<=(?:by|user|ユーザー)[^\S\n]+[\w.]+))(?![\w.@-])/g },
  // A login of two parts after the word for a user or an account, bare, quoted or after = (user 'thi.nguyen', user=dr.kobayashi,
  // アカウント tomoko.m, login: daniel.park): given.family, family_given, title.surname or a name and an initial, when a part
  // is a name the finder knows and no English word; admin.user, sales.team, web_api stay.
  {
    kind: 'NAME',
    re: /(?<=(?:(?<![A-Za-z])(?:user(?:name)?|login(?: id)?|uid|account|user ?id)|ユーザー(?:名|ID)?|アカウント(?:名)?|ログインID)[^\S\n]*(?:[=:：]|は|が|is)?[^\S\n]*['"‘“「]?)(?<![\w.@-])[a-z]{1,15}[._][a-z]{1,15}(?![\w@-]|\.[a-z])/g,
    finderSays: (f, m) =>
      m.split(/[._]/).some((w) => w.length >= 3 && !LOGIN_WORDS.test(w) && (f.isRomajiName?.(w) === true || (f.isEnglishWord?.(w) === false && (f.isLatinName?.(w[0]!.toUpperCase() + w.slice(1), 'given') === true || f.isLatinName?.(w[0]!.toUpperCase() + w.slice(1), 'family') === true)))),
  },
  // Lower-case given names or logins listed after a label of people (attendees: takeshi, yumi, kenta; 参加者: sato, kato).
  {
    kind: 'NAME',
    when: /attendees|participants|members|cc|invitees|参加者|出席者|メンバー|宛先/i,
    re: /(?=[a-z])(?<=(?:(?<![A-Za-z])(?:attendees|participants|members|[Cc][Cc]|[Bb][Cc][Cc]|[Ii]nvitees|[Aa]ttendees|[Pp]articipants|[Mm]embers|参加者|出席者|メンバー|宛先))[^\S\n]*[:：][^\n]{0,80}?)(?<![A-Za-z0-9@._-])[a-z]{3,12}(?![A-Za-z0-9@._-])/g,
    finderSays: (f, m) => f.isRomajiName?.(m) === true,
  },
  // A name told with its cue in quotes or after it (signed "Ivan Petrov", name "Brandon Wells", 表示名「Tanaka Hiroshi」,
  // name Jordan Pike, calling himself "Mark Hill").
  {
    kind: 'NAME',
    finderSays: personLike,
    re: /(?<=(?:(?<![A-Za-z])(?:signed|named|called|calling (?:himself|herself|themselves)|name|display name|sender|signature)|表示名|名前|氏名|差出人|署名)[^\S\n]*(?:[:：]|is|was|as|は)?[^\S\n]*[「『"“])[A-Z][a-z'’-]+(?: [A-Z][a-z'’-]+){0,2}(?: [A-Z]\.)?(?=[」』"”])/g,
    accept: (m) => !m.split(/\s/).some((w) => NOT_NAMES.has(w) || COMPANY_WORDS.test(w)),
  },
  // Right after the word name itself, the cue alone decides (name Jordan Pike).
  {
    kind: 'NAME',
    re: /(?<=(?<![A-Za-z])(?:name|named|display name)[^\S\n]+)[A-Z][a-z'’-]+ [A-Z][a-z'’-]+(?![A-Za-z])/g,
    accept: (m) => !m.split(/\s/).some((w) => NOT_NAMES.has(w) || COMPANY_WORDS.test(w)),
  },
  // A name in quotes that does what a person does ("Steve" texted, 'Anna' asked), or followed by a role in brackets
  // (Frank Liu (CFO)); a name in brackets after a role (our office manager (Linda), an employee (Jun Sato), 社長(Masao)).
  {
    kind: 'NAME',
    finderSays: personLike,
    re: /(?<=[「『"“])[A-Z][a-z'’-]+(?: [A-Z][a-z'’-]+){0,2}(?=[」』"”][^\S\n]+(?:texted|emailed|called|messaged|asked|said|wrote|replied|sent|phoned|rang|told)\b)|(?<![A-Za-z'’-])[A-Z][a-z'’-]+ [A-Z][a-z'’-]+(?= ?[(（](?:CEO|CFO|CTO|COO|CIO|CISO|president|director|manager|accounting|finance|payroll|HR|IT|社長|部長|課長|経理|総務)[)）])|(?<=(?<![A-Za-z])(?:employee|staff(?:er)?|manager|CEO|CFO|CTO|COO|president|director|boss|colleague|co-?worker|accountant|bookkeeper|assistant|secretary|receptionist|clerk|cashier|intern|engineer|technician|contractor|teacher|nurse|driver|customer|client|tenant|guest|owner|admin|wife|husband|son|daughter|friend|patient|student|pupil|member|resident|applicant|mum|mom|mother|father|dad|parent|sister|brother|grandmother|grandfather|grandma|grandpa|aunt|uncle|社長|部長|課長|係長|店長|担当者?|社員|従業員|上司|同僚|部下|顧客|先生|母|父|祖母|祖父|患者|生徒|利用者)[^\S\n]?[(（])[A-Z][a-z'’-]+(?: [A-Z][a-z'’-]+){0,2}(?=[)）,、])/g,
    accept: (m) => !m.split(/\s/).some((w) => NOT_NAMES.has(w) || COMPANY_WORDS.test(w)),
  },
  // A full name in brackets or set off by commas after what the person is (I'm the wedding photographer (Hana Ito),
  // One driver, Sione Tupou, quit): both parts no English word, one a name the finder knows or the role says so.
  // A product in brackets (Google Drive, Zendesk Guide) has an English word in it.
  {
    kind: 'NAME',
    re: /(?<=[(（])[A-Z][a-z'’-]+ [A-Z][a-z'’-]+(?=[)）])|(?<=(?<![A-Za-z])(?:driver|employee|staff(?:er)?|member|customer|client|guest|tenant|student|patient|volunteer|worker|colleague|co-?worker|manager|nurse|teacher|contractor|intern|parent|resident|speaker|participant|donor|owner|trainee|helper|cleaner|caregiver|applicant)s?,[^\S\n]+)[A-Z][a-z'’-]+ [A-Z][a-z'’-]+(?=,)/g,
    accept: (m) => !m.split(/\s/).some((w) => NOT_NAMES.has(w) || COMPANY_WORDS.test(w)),
    finderSays: (f, m) => m.split(/\s/).every((w) => f.isEnglishWord?.(w) === false),
  },
  // A full name opening a sentence and doing something (Goro Uchida filled in the form): compromise misses names it
  // does not know; both parts no English word and one a given or family name the finder lists, or a romanised Japanese one.
  {
    kind: 'NAME',
    re: /(?<=(?:^|[.!?:]\s+))[A-Z][a-z]+ [A-Z][a-z]+(?= (?:[a-z]+ed|said|sent|told|wrote|took|gave|got|went|came|left|quit|made|paid|lost|found|forgot|clicked|opened)\b)/gm,
    accept: (m) => !m.split(/\s/).some((w) => NOT_NAMES.has(w) || COMPANY_WORDS.test(w)),
    finderSays: (f, m) =>
      m.split(/\s/).every((w) => f.isEnglishWord?.(w) === false) &&
      m.split(/\s/).some((w) => f.isLatinName?.(w, 'given') === true || f.isLatinName?.(w, 'family') === true || f.isRomajiName?.(w.toLowerCase()) === true),
  },
  // A name in kanji in brackets after a role, with a comma or its end (社長(山口 武、…), 奥様(山口 幸子、…)).
  {
    kind: 'NAME',
    re: /(?<=(?:社長|部長|課長|係長|店長|担当者?|社員|従業員|上司|同僚|部下|顧客|奥様|ご主人|夫|妻|息子|娘|先生)[(（])[一-龥々]{1,4}(?:[ \u3000][一-龥々ぁ-んァ-ヶー]{1,4})?(?=[)）、,])/g,
    accept: (m) => !JA_NOT_NAMES.test(m.split(/[ \u3000]/)[0]!) && !JA_ORGANISATION.test(m) && !/[部課室係社所店長医師士員者官]$/.test(m),
  },
  // A name in kana before と名乗る (銀行のサイトウと名乗って, 「シミズ タカシ」と名乗る男): what a caller gives as their name.
  {
    kind: 'NAME',
    re: /(?<![ァ-ヶー・])[ァ-ヶ][ァ-ヶー]{1,7}(?:[ \u3000・][ァ-ヶ][ァ-ヶー]{1,7})?(?=[」』]?(?:と|って)名乗)/g,
    finderSays: (f, m) => m.split(/[ \u3000・]/).every((p) => f.isKanaName?.(p) === true),
  },
  // Introducing oneself with a full name whose given name is also a word (I'm Nana Fujimoto, my name is Grace Kim,
  // this is Will Tanaka): one part at least is no English word, or both are names.
  {
    kind: 'NAME',
    re: /(?=[A-Z])(?<=(?:^|[^A-Za-z])(?:I['’]m|I am|[Tt]his is|[Mm]y name is|[Mm]y name's)[^\S\n]+)[A-Z][a-z'’-]+ [A-Z][a-z'’-]+(?![A-Za-z'’-])/g,
    accept: (m) => !m.split(/\s/).some((w) => NOT_NAMES.has(w) || COMPANY_WORDS.test(w)),
    // A product introduced so (this is Zendesk Guide) has no part that is a person's name.
    finderSays: (f, m) => m.split(/\s/).some((w) => f.isLatinName?.(w, 'given') === true || f.isLatinName?.(w, 'family') === true),
  },
  // A sign-off inside a line or a quote (…, sorry, Ryo", thanks, Haruto.⏎): a given or family name the finder knows
  // (not a vendor thanked: thanks, Kintone), right before the quote or the line ends.
  {
    kind: 'NAME',
    re: /(?=[A-Z])(?<=(?:^|[\s"“「(—–-])(?:[Tt]hanks|[Tt]hank you|[Tt]hx|[Ss]orry|[Cc]heers|[Rr]egards|[Bb]est|[Ll]ove|BR)[,!.]?[^\S\n]+)[A-Z][a-z]{1,14}(?=[^\S\n]*(?:["”」)]|[.!]?[^\S\n]*(?:\n|$)))/g,
    accept: (m) => !NOT_NAMES.has(m),
    finderSays: (f, m) => f.isLatinName?.(m, 'given') === true || f.isLatinName?.(m, 'family') === true,
  },
  // A romanised Japanese surname written before someone's number in a note or a row (Sugimoto [MYNUMBER_1] / spouse …,
  // Kato: [PHONE_1]): a reading IPADIC lists as a name that no English word list holds. Not before an address (a town).
  {
    kind: 'NAME',
    re: /(?<![A-Za-z'’.@_-])[A-Z][a-z]{2,14}(?=[^\S\n]*[:：]?[^\S\n]*\[(?:MYNUMBER|ID_DOC|PHONE|EMAIL|BIRTHDATE|BANK|CARD)_\d+\])/g,
    accept: (m) => !NOT_NAMES.has(m),
    finderSays: (f, m) => f.isRomajiName?.(m.toLowerCase()) === true,
  },
  // An airline's SURNAME/GIVEN with its title (NAKAMURA/TAKESHI MR on a boarding pass).
  { kind: 'NAME', re: /\b[A-Z]{2,}\/[A-Z]{2,}(?: ?(?:MR|MRS|MS|MISS|MSTR|DR))\b/g },
  // Introducing oneself in lower case after a greeting (hi team, wei here).
  {
    kind: 'NAME',
    re: /(?<=(?:^|[^A-Za-z])(?:hi|hello|hey|morning|evening)(?: (?:team|all|everyone|folks|guys))?[,!]?[^\S\n]+)[A-Za-z][a-z]{1,14}(?= here\b)/gi,
    accept: (m) => !/^(?:it|this|that|we|i|me|someone|nobody|everyone|all|team|again|same|there|who|what|just|still)$/i.test(m),
  },
  // A Latin name in Japanese text, between particles (弊社担当は Wang Lei に変わります, 担当の John Park さん).
  {
    kind: 'NAME',
    re: /(?<=[\u3040-\u30ff\u3400-\u9fff「『][^\S\n]?)[A-Z][a-z]+ [A-Z][a-z]+(?=[^\S\n]?(?:に|が|は|を|と|から|より|さん|様|氏|です|[」』、。]))/g,
    accept: (m) => !m.split(/\s/).some((w) => NOT_NAMES.has(w) || COMPANY_WORDS.test(w)),
    // A product's name is English words (Find Hub, Google Workspace); a person's has a part that is none (Wang Lei).
    finderSays: (f, m) => !m.split(/\s/).every((w) => f.isEnglishWord?.(w) !== false),
  },
  // A row of a roster in English: a full name, a comma and another value hidden already (and Aiko Fujimoto, [ADDRESS_2] …).
  {
    kind: 'NAME',
    re: /(?<![A-Za-z'’-]|[A-Z][a-z'’-]* )[A-Z][a-z'’-]+ [A-Z][a-z'’-]+(?=,?[^\S\n]*\[(?:ADDRESS|PHONE|EMAIL|BIRTHDATE|ID_DOC|CARD|BANK|MYNUMBER)_\d+\])/g,
    accept: (m) => !m.split(/\s/).some((w) => NOT_NAMES.has(w) || COMPANY_WORDS.test(w)),
    // A town before its address (Mountain View, [ADDRESS_1]) is English words; a name has a part that is none.
    finderSays: (f, m) => !m.split(/\s/).every((w) => f.isEnglishWord?.(w) !== false),
  },
  // A name in a labelled field or a header: 氏名:宮本由美, 差出人:北川 恵, 担当:新田, From: Kenta Suzuki <…>.
  {
    kind: 'NAME',
    re: /(?<=(?:氏名|名前|差出人|送信者|担当者?|署名|(?<![A-Za-z])(?:From|Name|Sender))[^\S\n]*[:：][^\S\n]*)(?:[一-龥々]{1,4}(?:[ [ \u3000][一-龥々ぁ-んァ-ヶー]{1,4})?|[ァ-ヶー]{2,10}(?:[・ \u3000][ァ-ヶー]{2,10})?|[A-Z][a-z]*['’]?[A-Z]?[a-z'’-]+(?: [A-Z][a-z]*['’]?[A-Z]?[a-z'’-]+){0,2})(?=$|[\s<(（、,。.]|[^\S\n])/gm,
    accept: (m) => !JA_NOT_NAMES.test(m) && !JA_ORGANISATION.test(m) && !m.split(/\s/).some((w) => NOT_NAMES.has(w)),
  },
  // The name on a card or in a log's field, often in capitals (Name on card: JAMES WRIGHT, Cardholder: Aiko Mori,
  // name=KOJI SAITO, customer_name="Ito Ken"): two or three words after the label.
  {
    kind: 'NAME',
    re: /(?=[A-Z])(?<=(?:(?<![A-Za-z])(?:[Nn]ame on (?:the )?card|NAME ON CARD|[Cc]ard ?holder(?: name)?|CARDHOLDER|[Hh]older name)[^\S\n]*[:：=]?|(?<![A-Za-z0-9])(?:[a-z]+_)?(?:name|full_?name|holder|cardholder)=)[^\S\n]*["']?)(?:[A-Z]{2,}(?: [A-Z]{2,}){1,2}|[A-Z][a-z'’-]+(?: [A-Z][a-z'’-]+){1,2})(?![A-Za-z])/g,
    accept: (m) => !m.split(/\s/).some((w) => NOT_NAMES.has(w) || COMPANY_WORDS.test(w) || /^(?:NULL|NONE|TEST|USER|ADMIN|UNKNOWN|NAME)$/.test(w)),
    // A placeholder of the form (NOT SHOWN, SEE BACK) is English words throughout; a name has a part that is none, or a known name.
    finderSays: (f, m) => m.split(/\s/).some((w) => f.isEnglishWord?.(w) === false || f.isLatinName?.(w.charAt(0) + w.slice(1).toLowerCase(), 'given') === true),
  },
  // The holder of an account or the reading of a name, colon or not (名義 ヤマダ タロウ, 口座名義：カ)タナカ
  // ハナコ, フリガナ ヤマダ タロウ, 受取人 YAMADA TARO, Account holder: Tanaka Hanako): bank forms write
  // the name in katakana or capital romaji with a space between the parts; a Chinese or Korean surname may be
  // one katakana (名義 リ ウェイ, イ ソヨン).
  {
    kind: 'NAME',
    re: /(?=[ァ-ヶA-Z])(?<=(?:(?:口座)?名義人?|受取人(?:名)?|振込人(?:名)?|依頼人(?:名)?|フリガナ|ふりがな|カナ(?:氏名)?|(?<![A-Za-z])(?:[Aa]ccount (?:[Nn]ame|[Hh]older)|[Bb]eneficiary(?: [Nn]ame)?|[Pp]ayee(?: [Nn]ame)?)(?![A-Za-z]))[^\S\n]*(?:[:：]|は|が)?[^\S\n]*(?:カ\)|\(カ\)|カ\))?[^\S\n]*)(?:[ァ-ヶー]{2,10}(?:[・ \u3000][ァ-ヶー]{1,10}){0,2}|[ァ-ヶ](?:[・ \u3000][ァ-ヶー]{1,10}){1,2}|[A-Z]{2,}(?: [A-Z]{2,}){1,2}|[A-Z][a-z]+(?: [A-Z][a-z]+){1,2})(?![ァ-ヶーA-Za-z])/g,
    accept: (m) => !/^(?:カブシキガイシャ|ユウゲンガイシャ|カ\)|ギンコウ|カナ$|カタカナ$|フリガナ$|ヨミ$|ローマジ$)/.test(m) && !m.split(/\s/).some((w) => NOT_NAMES.has(w) || COMPANY_WORDS.test(w)),
    // A company as the holder (Beneficiary: Hanoi Xuan Trading Co., Ltd) is no person.
    around: (text, _start, end) => !/^[^\S\n]*,?[^\S\n]*(?:Co\b|Ltd|Inc\b|LLC|Corp|GmbH|Pte|PLC|K\.K\.|株式会社|有限会社|合同会社)/i.test(text.slice(end, end + 12)),
  },
  // A signature: the line after "Regards," / "Thanks,", and a line that is only 姓 名 (高田 真一).
  {
    kind: 'NAME',
    // The sign-off may end a line of text (…a known phish. Thanks,⏎Mohammed Al-Farsi); a part may be joined (Al-Farsi, O'Connor).
    re: /(?<=(?:^|[.!?][^\S\n]+)(?:Thanks|Thank you|Many thanks|Regards|Best regards|Kind regards|Best wishes|Best|Cheers|Sincerely|Yours sincerely)[,.!]?[^\S\n]*\n)[A-Z][a-z]*(?:['’-][A-Z]?[a-z]+)*(?: [A-Z][a-z]*(?:['’-][A-Z]?[a-z]+)*){0,2}(?=[^\S\n]*$)/gm,
    accept: (m) => !m.split(/\s/).some((w) => NOT_NAMES.has(w)),
  },
  // A form's label and a space instead of a colon (担当 鈴木, 申請者 高橋 一郎): the name up to the line's end or a comma.
  {
    kind: 'NAME',
    re: /(?=[一-龥々])(?<=(?:^|[\s、。])(?:担当者?|作成者|申請者|承認者|依頼者|差出人|送信者|氏名)[ \u3000]+)[一-龥々]{1,4}(?:[ \u3000][一-龥々ぁ-ん]{1,4})?(?=[^\S\n]*(?:$|[、,。(（]))/gm,
    accept: (m) => !JA_NOT_NAMES.test(m.split(/[ \u3000]/)[0]!) && !JA_ORGANISATION.test(m) && !/[部課室係社所店]$/.test(m),
  },
  { kind: 'NAME', re: /^[一-龥々]{1,4}[ \u3000][一-龥々ぁ-ん]{1,4}(?=[^\S\n]*$)/gm, accept: (m) => !/[部課室係社所店長]$|^株式|会社|^(?:担当者?|作成者|申請者|承認者|依頼者|差出人|送信者|氏名|宛先)[ \u3000]/.test(m) && !m.split(/[ \u3000]/).some((w) => JA_NOT_NAMES.test(w)) },
  // A signature's line of a department or a title and a full name with a space (営業部 雲母 拓海, 代表取締役 山田 太郎):
  // the line after a company's is the sender's, whatever the words of the name mean (雲母 a mineral to IPADIC).
  {
    kind: 'NAME',
    re: /(?<=^[^\S\n]*(?:[\p{Unified_Ideograph}々ァ-ヶー]{0,12}(?:部|課|室|係|グループ|チーム|センター|支店|支社|営業所|事業所)|代表取締役(?:社長)?|取締役|代表|社長|部長|課長|係長|主任|店長|所長|院長|担当)[ \u3000]+)[\p{Unified_Ideograph}々]{1,4}[ \u3000][\p{Unified_Ideograph}々ぁ-ゖ]{1,4}(?=[^\S\n]*$)/gmu,
    accept: (m) => !/[部課室係社所店長]$/.test(m) && !m.split(/[ \u3000]/).some((w) => JA_NOT_NAMES.test(w) || JA_ORGANISATION.test(w)),
  },
  // A full name with a space right before someone's data in a row or an example (例:小鳥遊 ひなた [BIRTHDATE_1], 名簿:
  // 葉山 柚子 [PHONE_1]): the two parts and the datum say a person; the given name must be one the finder knows, or the
  // surname. Not before an address (a town and its ward).
  {
    kind: 'NAME',
    re: /(?<=^|[\s「『(（:：、,・])[\p{Unified_Ideograph}々]{1,3}[ \u3000](?:[\p{Unified_Ideograph}々]{1,3}|[ぁ-ゖ]{2,4}|[ァ-ヶー]{2,5})(?=[^\S\n]*[:：]?[^\S\n]*\[(?:BIRTHDATE|PHONE|EMAIL|ID_DOC|MYNUMBER|BANK|CARD)_\d+\])/gmu,
    accept: (m) => !/[部課室係社所店長]$/.test(m) && !m.split(/[ \u3000]/).some((w) => JA_NOT_NAMES.test(w) || JA_ORGANISATION.test(w)),
    finderSays: (f, m) => {
      const [family, given] = m.split(/[ \u3000]/) as [string, string];
      return f.isGivenName?.(given) === true || f.isKanaName?.(given) === true || f.isSurname?.(family) === true;
    },
  },
  // A name after 氏名は / お名前が (氏名は NGUYEN THI LAN です, 名前は「ヤン・ミン」): capitals, a capitalised full name, katakana
  // parts or kanji parts with a space, up to です, a comma or a bracket. A single kanji word (氏名は必須です) is none.
  {
    kind: 'NAME',
    re: /(?<=(?:氏名|お名前|名前|本名|フルネーム)[^\S\n]*(?:は|が)[^\S\n]*[「『]?)(?:[A-Z]{2,}(?: [A-Z]{2,}){1,3}|\p{Lu}[\p{Ll}'’-]+(?: \p{Lu}[\p{Ll}'’-]+){1,3}|[ァ-ヶー]{2,10}[・ \u3000][ァ-ヶー]{1,10}|[\p{Unified_Ideograph}々]{1,4}[ \u3000][\p{Unified_Ideograph}々ぁ-ゖ]{1,4})(?=[」』]|[^\S\n]*(?:です|でした|で|と|、|,|。|[(（]|$))/gmu,
    accept: (m) => !m.split(/[\s・]/).some((w) => NOT_NAMES.has(w) || COMPANY_WORDS.test(w) || JA_NOT_NAMES.test(w) || /^(?:NULL|NONE|TEST|USER|ADMIN|UNKNOWN|NAME|N\/A)$/.test(w)),
  },
  // A relative or a person the desk serves named in Latin letters after the word for them (奥様 Ewa, 夫の Marco, 患者 Kim
  // Lee): a name with a part that is no English word or that the finder knows as a given name (奥様の iPhone stays).
  {
    kind: 'NAME',
    re: /(?<=(?:奥様|奥さん|ご主人|旦那さん|夫|妻|息子|娘|父|母|祖父|祖母|義父|義母|兄|姉|弟|妹|婚約者|患者|利用者|会員|生徒|園児|児童)[^\S\n]*(?:の|は|:|：)?[^\S\n]*)\p{Lu}[\p{Ll}'’-]+(?: \p{Lu}[\p{Ll}'’-]+)?(?![A-Za-z\u00C0-\u024F0-9])/gu,
    accept: (m) => !m.split(/\s/).some((w) => NOT_NAMES.has(w) || COMPANY_WORDS.test(w)),
    finderSays: (f, m) => m.split(/\s/).some((w) => f.isEnglishWord?.(w) === false || f.isLatinName?.(w, 'given') === true),
  },
  // Introducing oneself in keigo after one's department (総務の四月一日でございます, 経理の小鳥遊と申します): a surname the
  // dictionary lists, whatever it reads as otherwise (四月一日 a date); the clause opens the message or a sentence.
  {
    kind: 'NAME',
    // After は or 、 as well (住職は了円と申します, 私、小鳥遊と申します), spaces or not around the name (住職は 了円 と申します).
    re: /(?<=(?:^|[。！!\n]|おります|です)[^\S\n]*[\p{Unified_Ideograph}々ァ-ヶー]{1,10}(?:の|は|、)[^\S\n]*)[\p{Unified_Ideograph}々]{2,4}(?=[^\S\n]*(?:でございます|と申します))/gmu,
    accept: (m) => !JA_NOT_NAMES.test(m) && !JA_ORGANISATION.test(m) && !/[部課室係社所店長員者]$/.test(m),
    // A word of its own there and no ordinary noun (総務の担当でございます, 件の対応でございます stay).
    beforeHonorific: true,
  },
  // A child's one-kanji given name before くん/ちゃん (「空くんのおうち」, 蓮くん, 凛ちゃん), which the dictionary also reads as a
  // word (空 the sky): a given name it lists, opening a quote, a clause or the text; not a relation (母ちゃん, 赤ちゃん).
  {
    kind: 'NAME',
    re: /(?<=^|[\s「『(（、。,!！?？・:：])[\p{Unified_Ideograph}](?=(?:くん|ちゃん)(?![でだじ]))/gmu,
    accept: (m) => !JA_NOT_SINGLE.test(m) && !/^[赤坊嬢猫犬婆爺叔伯甥姪]$/.test(m),
    finderSays: (f, m) => f.isGivenName?.(m) === true,
  },
  // A full date of a year before 2010 on a line that holds other personal data (a leaked row: Kim
  // Ji-woo, 1990-11-23, jiwoo.kim@…; 氏名 …、昭和58年4月1日、090-…): in incident chat a date that old
  // beside a person's data is their birth date. Not a date something happened to them (2008-04-01入社).
  {
    kind: 'BIRTHDATE',
    re: new RegExp(DATE, 'gi'),
    accept: isAdultsBirthDate,
    around: (text, start, end) => {
      const lineStart = text.lastIndexOf('\n', start - 1) + 1;
      const lineEnd = text.indexOf('\n', end);
      const line = text.slice(lineStart, lineEnd < 0 ? undefined : lineEnd);
      const after = text.slice(end, end + 12);
      return /\[(?:EMAIL|PHONE|MYNUMBER|ADDRESS|NAME|ID_DOC|BANK)_\d+\]|氏名|名前|(?<![A-Za-z])(?:name|Mr|Ms|Mrs)(?![A-Za-z])/i.test(line) && !/^\s*(?:に|から|より|付|付け)?\s*(?:入社|入学|卒業|発行|交付|登録|契約|採用|退職|開設|joined|hired|issued|registered|started)/i.test(after);
    },
    late: true,
  },
  // A continental European address: street and number, then a postcode and the town (Marienplatz 8, 80331 München;
  // Rue de Rivoli 12, 75001 Paris).
  // Postcodes of five digits, of three and two (Sweden, Czechia, Greece: 111 35 Stockholm) or of four digits and two
  // letters (the Netherlands: 1012 LG Amsterdam).
  { kind: 'ADDRESS', re: /(?<![\p{L}\d])\p{Lu}[\p{L}'.-]+(?:[ -][\p{L}'.-]+){0,3} \d{1,4}[a-zA-Z]?, (?:[A-Z]{1,2}-)?(?:\d{4,5}|\d{3} \d{2}|\d{4} ?[A-Z]{2}) \p{Lu}[\p{L}-]+(?: \p{Lu}[\p{L}-]+)?/gu, accept: (m) => !/^(?:Windows|Office|Version|Build|Update|iOS|Android|Rule|Step|Page|Chapter|Section|Room|Floor|Unit|Apt)\b/.test(m) },
  // A continental address, the number before the street's type word (45 Rue de la Paix, 75002 Paris; 12 Via Roma,
  // 00184 Roma; 3 Calle Mayor, 28013 Madrid): the postcode and town after it, the country too when written.
  {
    kind: 'ADDRESS',
    re: /(?<![\p{L}\d])\d{1,4}(?:bis|ter)?,? (?:Rue|Avenue|Av\.|Boulevard|Bd|Place|Allée|Chemin|Quai|Impasse|Via|Viale|Piazza|Corso|Calle|Avenida|Rua|Praça|Carrer|Passeig)(?: [\p{L}'’.-]+){1,5}, (?:[A-Z]{1,2}-)?\d{4,5} \p{Lu}[\p{L}-]+(?: \p{Lu}[\p{L}-]+)?(?:, \p{Lu}[\p{L}]+(?![\p{L}]))?/gu,
  },
  // English street address: "1600 Pennsylvania Avenue", "221B Baker Street, Apt 4".
  {
    kind: 'ADDRESS',
    re: /\b\d{1,5}[A-Za-z]?\s+(?:[A-Z][A-Za-z'.-]*\s+){1,4}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Square|Sq)\b\.?(?:,?\s+(?:Apt|Apartment|Suite|Ste|Unit|Floor|Fl)\.?\s*#?\w+)?/g,
  },
];

/**
 * A company's suffix after a name (KK, Co., Ltd, Inc., 株式会社), or what a company named after its founder has
 * (the Suzuki plant, Sakura Bank, Tanaka Motors): the name is the company's.
 */
const COMPANY_AFTER = /^(?:[^\S\n]+[A-Z][A-Za-z&.-]*){0,2}[^\S\n]*,?[^\S\n]*(?:KK\b|K\.K\.|Co\b|Ltd\b|Inc\b|LLC\b|Corp\b|Corporation\b|Company\b|GmbH\b|Pte\b|PLC\b|Holdings\b|Bank\b|Securities\b|Insurance\b|Motors?\b|Group\b|plant\b|factory\b|dealership\b|Foods?\b|Bakery\b|Brewery\b|Pharma(?:ceuticals?)?\b|Electric\b|Shipping\b|Logistics\b|Trading\b|Industries\b|Construction\b|Realty\b|Printing\b|Farms?\b|株式会社|有限会社|合同会社)/;

/** A placeholder this module writes, e.g. [PHONE_1], [URL_QUERY_2]. */
export const PLACEHOLDER = /\[(EMAIL|PHONE|CARD|MYNUMBER|ADDRESS|NAME|PASSWORD|TOKEN|IP|CHAT_ID|URL_QUERY|BANK|BIRTHDATE|ID_DOC)_(\d+)\]/g;

/** Whether `offset` of `text` falls inside a placeholder ([NAME_1]). */
function insidePlaceholder(text: string, offset: number): boolean {
  const open = text.lastIndexOf('[', offset);
  if (open < 0) return false;
  const close = text.indexOf(']', open);
  return close >= offset && /^\[[A-Z_]+_\d+\]$/.test(text.slice(open, close + 1));
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const CJK = /[\u3040-\u30ff\u3400-\u9fff]/;

/**
 * The spellings of a directory display name worth hiding: the name as written,
 * without its spaces, and its parts (山田 of 山田 太郎 — Japanese colleagues say
 * 山田さん). Latin parts need three letters so "Al" does not eat every "also".
 */
function nameVariants(name: string): string[] {
  const n = name.normalize('NFKC').trim();
  if (n.length < 2) return [];
  const parts = n.split(/[\s・]+/).filter(Boolean);
  const out = new Set<string>([n, parts.join(''), parts.join(' ')]);
  for (const p of parts) {
    if (CJK.test(p) ? p.length >= 2 : p.length >= 3) out.add(p);
  }
  return [...out].filter((v) => v.length >= 2);
}

function nameRule(names: readonly string[]): Rule | undefined {
  const variants = [...new Set(names.flatMap(nameVariants))].sort((a, b) => b.length - a.length);
  if (variants.length === 0) return undefined;
  // Latin names only as whole words; Japanese has no spaces to anchor on.
  const alternatives = variants.map((v) => (CJK.test(v) ? escapeRegExp(v) : `\\b${escapeRegExp(v)}\\b`));
  return { kind: 'NAME', re: new RegExp(alternatives.join('|'), 'giu') };
}

/** The values a redaction has hidden, by placeholder and back: one per request, and a throw-away one for the detector's pass. */
interface Book {
  readonly byValue: Map<string, string>;
  readonly byPlaceholder: Map<string, string>;
  readonly counters: Map<PiiKind, number>;
  /** Placeholders first seen in published articles: a desk's public address, not anyone's personal data. */
  readonly published: Set<string>;
}

function newBook(): Book {
  return { byValue: new Map(), byPlaceholder: new Map(), counters: new Map(), published: new Set() };
}

/** One pass of redaction: where its placeholders go, and whether the text is a published article's. */
interface Pass {
  readonly book: Book;
  readonly published: boolean;
}

/**
 * One request's redaction. Use one instance for everything a request sends
 * (question, history, passages), so the same value gets the same placeholder
 * everywhere, then `restore()` the model's answer.
 */
export class Redactor {
  private readonly rules: Rule[];
  /** The rules without the secret ones, for the text the learned detector reads (undefined without a detector). */
  private readonly bareRules: Rule[] | undefined;
  private readonly book = newBook();

  /** @param knownNames display names from the staff directory (and any the caller knows). */
  private readonly finder: NameSpans | undefined;
  private readonly secrets: SecretFlagger | undefined;

  /**
   * @param knownNames display names from the staff directory (and any the caller knows).
   * @param options.names the name finder (name-finder.ts) of the process, for names without a cue.
   */
  constructor(knownNames: readonly string[] = [], options: RedactorOptions = {}) {
    const names = nameRule(knownNames);
    const rules = options.secretRules === false ? RULES.filter((r) => r.kind !== 'PASSWORD' && r.kind !== 'TOKEN') : RULES;
    this.rules = names ? [...rules, names] : rules;
    this.finder = options.names;
    this.secrets = options.secrets !== undefined ? (options.secrets ?? undefined) : options.secretRules !== false ? (options.names?.secrets ?? undefined) : undefined;
    this.bareRules = this.secrets ? this.rules.filter((r) => r.kind !== 'PASSWORD' && r.kind !== 'TOKEN') : undefined;
  }

  /**
   * Returns `text` with personal data replaced by `[KIND_n]`. NFKC first, so
   * full-width digits and letters (０９０…, ｔａｒｏ＠…) cannot slip past the patterns.
   */
  redact(text: string, source: { published?: boolean } = {}): string {
    return this.run(text, this.rules, { book: this.book, published: source.published === true }, this.secrets);
  }

  /**
   * One redaction of `text` with `rules`, writing its placeholders into `pass.book`; with `secrets`, the
   * values the learned detector flags too.
   */
  private run(text: string, rules: readonly Rule[], pass: Pass, secrets: SecretFlagger | undefined): string {
    // Every width and dash between digits (０９０ー１２３４, 03―1234) reads as a hyphen.
    const normalised = text.normalize('NFKC').replace(/(?<=\d\s?)[‐‑‒–—―−ーｰ－](?=\s?\d)/g, '-');
    // A number read out digit by digit (暗証 7 0 2 1 9) is joined for the rules and spelled back at the end if none took it.
    const spelled = joinSpelledDigits(normalised);
    let out = spelled.text;
    const published = pass.published;
    for (const rule of rules) {
      if (rule.guess && this.finder) continue;
      out = this.apply(rule, out, pass);
    }
    if (secrets) out = this.hideFlaggedSecrets(text, out, pass, secrets);
    // Names the dictionary and the NLP package find come after the patterns' cues (氏名:…, 様):
    // a cue knows where a name ends better than a dictionary does. Not in published articles:
    // curated text names nobody (the finder took no word of their 766 paragraphs for a name),
    // and their passages would spend the model's deadline on it (a few ms each on a busy machine).
    if (this.finder && !published) out = this.replaceFound(out, pass);
    out = this.replaceKnownNames(out, pass);
    if (!published) out = this.joinNameParts(out, pass);
    // Rules that read the names around a match (a roster row: 長尾 正一 昭和23年12月24日) once more.
    for (const rule of rules) if (rule.late) out = this.apply(rule, out, pass);
    return respellLeft(out, spelled.runs, insidePlaceholder);
  }

  /**
   * The part of a name left beside its hidden part, hidden with it: a given name after a surname
   * ([NAME_1] 陽菜 for 浅野 陽菜, [NAME_1] T.), a surname before a given name (石田 [NAME_1]), and a
   * name's reading in brackets after it ([NAME_1](おかべ そうた)).
   */
  private joinNameParts(text: string, pass: Pass): string {
    const value = (p: string): string | undefined => pass.book.byPlaceholder.get(p);
    const notGiven = /^(?:部長|課長|係長|社長|主任|専務|常務|店長|所長|室長|次長|会長|先生|様|殿|宛|氏|君|他|等|本人|担当|経理|総務|人事|営業|宛て|さん|さま|くん|ちゃん|など|ほか|たち|から|まで|より|です|でした)$/;
    // The given name may end a list's row (遠藤 千尋…) or stand before a particle (代表者名松本 隆を答えた) when the dictionary lists it as a given name.
    let out = text.replace(/(\[NAME_\d+\])([ \u3000])([一-龥々]{1,2}|[ぁ-ゖァ-ヶー]{2,4})(?=[^\S\n]*(?:です|さん|様|くん|ちゃん|君|氏|[、,。(（)）」』/…:：]|\.{2,}|\[(?:BIRTHDATE|PHONE|EMAIL|ID_DOC|MYNUMBER|BANK|CARD)_\d+\]|$)|[^\S\n]*(を|が|は|に|と|から|も|の|へ))/gm, (m, p: string, sp: string, given: string, particle?: string) => {
      const v = value(p);
      if (!v || !CJK.test(v) || /\s/.test(v) || notGiven.test(given) || JA_NOT_NAMES.test(given)) return m;
      if (particle && !this.finder?.isGivenName?.(given)) return m;
      if (!CJK.test(given.slice(0, 1)) || /^[ぁ-ゖァ-ヶー]+$/.test(given)) {
        if (!/^[一-龥々]+$/.test(given) && !this.finder?.isKanaName?.(given)) return m;
      }
      return this.placeholderFor('NAME', `${v}${sp}${given}`, pass);
    });
    out = out.replace(/(\[NAME_\d+\]) ([A-Z]\.|[A-Z]['’][A-Z][a-z]+|Mc[A-Z][a-z]+)(?![A-Za-z])/g, (m, p: string, part: string) => {
      const v = value(p);
      return v && !CJK.test(v) ? this.placeholderFor('NAME', `${v} ${part}`, pass) : m;
    });
    // A surname written right against its given name when only the given name was found (入社した松本[NAME_1]さん for 松本さくら,
    // 松本 being a place as well): a surname of two or three kanji after a character that is none, before an honorific.
    out = out.replace(/(?<![一-龥々])([一-龥々]{2,3})(\[NAME_\d+\])(?=さん|様|さま|くん|君|ちゃん|氏)/g, (m, surname: string, p: string) => {
      const v = value(p);
      return v && /^(?:[ぁ-ゖァ-ヶー]{2,4}|[一-龥々]{1,2})$/.test(v) && this.finder?.isSurname?.(surname) && !JA_NOT_NAMES.test(surname) && !JA_ORGANISATION.test(surname) ? this.placeholderFor('NAME', `${surname}${v}`, pass) : m;
    });
    // And the other way round: a given name in kana left against its hidden surname ([NAME_1]ゆいさん for 松本ゆい).
    out = out.replace(/(\[NAME_\d+\])([ぁ-ゖァ-ヶー]{2,4})(?=さん|様|さま|くん|君|ちゃん|氏)/g, (m, p: string, given: string) => {
      const v = value(p);
      return v && /^[一-龥々]{1,3}$/.test(v) && this.finder?.isGivenName?.(given) ? this.placeholderFor('NAME', `${v}${given}`, pass) : m;
    });
    // The surname may follow a particle or the writer's 私 (生徒の小池 [NAME_1]ちゃん, 私相馬 [NAME_2]が): any place a word starts.
    out = out.replace(/(?<![一-龥々])(私|僕)?([一-龥々]{1,3})([ \u3000])(\[NAME_\d+\])/gm, (m, self: string | undefined, surname: string, sp: string, p: string) => {
      const v = value(p);
      return v && CJK.test(v) && !/\s/.test(v) && this.finder?.isSurname?.(surname) ? `${self ?? ''}${this.placeholderFor('NAME', `${surname}${sp}${v}`, pass)}` : m;
    });
    // A Latin given name hidden alone, and its family name left after it ([NAME_1] Park's address for Kevin Park), or a
    // roster's "Surname, Given" with the given name left ([NAME_1], Emi,[BIRTHDATE_1]).
    // A part with accents (Müller, Dubois-Lefèvre) is no English word: beside a hidden Latin name it is the rest of it.
    const accented = (part: string): boolean => /\P{ASCII}/u.test(part) && this.finder?.isEnglishWord?.(part) === false;
    out = out.replace(/(\[NAME_\d+\])( |,[^\S\n]?)(\p{Lu}[\p{Ll}'’-]+?)(?=['’]s\b|[^\p{L}'’-]|$)/gu, (m, p: string, sep: string, part: string, offset: number, all: string) => {
      const v = value(p);
      if (!v || CJK.test(v) || /\s/.test(v) || NOT_NAMES.has(part)) return m;
      const rowGoesOn = /^[^\S\n]*(?:,|\[[A-Z_]+_\d+\])/.test(all.slice(offset + m.length));
      const joined = sep === ' ' ? this.finder?.isLatinName?.(part, 'family') || accented(part) : rowGoesOn && this.finder?.isLatinName?.(part, 'given');
      return joined ? this.placeholderFor('NAME', sep === ' ' ? `${v} ${part}` : `${v}${sep}${part}`, pass) : m;
    });
    // And a given name left before its hidden family name (Aurélien [NAME_1] 氏 for Aurélien Dubois): a given name the
    // finder knows or a part with accents, never a word of the sentence (Dear, Contact, Mr are no part).
    out = out.replace(/(?<![A-Za-z\u00C0-\u024F'’-])(\p{Lu}[\p{Ll}'’-]+) (\[NAME_\d+\])/gu, (m, part: string, p: string) => {
      const v = value(p);
      if (!v || CJK.test(v) || /\s/.test(v) || NOT_NAMES.has(part) || FIRST_WORDS.test(part) || PLACE_PREFIX.test(part)) return m;
      return this.finder?.isLatinName?.(part, 'given') || accented(part) ? this.placeholderFor('NAME', `${part} ${v}`, pass) : m;
    });
    return out.replace(/(?<=\[NAME_\d+\][^\S\n]*[(（])[ぁ-ゖァ-ヶー]{2,8}(?:[ \u3000・][ぁ-ゖァ-ヶー]{1,8})?(?=[)）])/g, (reading) => this.placeholderFor('NAME', reading, pass));
  }

  /**
   * The values the learned detector flags in `text` redacted without the secret rules, hidden in
   * `out` wherever they stand as a whole token (no letter or digit against them) outside a placeholder.
   */
  private hideFlaggedSecrets(text: string, out: string, pass: Pass, secrets: SecretFlagger): string {
    // The detector's candidates are runs of three or more ASCII characters (secret-model.ts): a message
    // without one (full-width forms counted, in case they are normalised on the way) needs no second pass.
    if (!/[\x21-\x7E\uFF01-\uFF5E]{3}/.test(text)) return out;
    // The detector was trained on text redacted by a fresh redactor without the secret rules, so the second pass
    // numbers its placeholders in a book of its own (same rules, same finder, no second Redactor and no rules rebuilt).
    const bare = this.run(text, this.bareRules!, { book: newBook(), published: pass.published }, undefined);
    for (const { value, kind } of secrets.flag(bare)) {
      const re = new RegExp(`(?<![A-Za-z0-9])${escapeRegExp(value)}(?![A-Za-z0-9])`, 'g');
      out = out.replace(re, (m: string, offset: number, all: string) => (insidePlaceholder(all, offset) ? m : this.placeholderFor(kind, m, pass)));
    }
    return out;
  }

  /** One rule over `text`: each match its checks accept becomes a placeholder. */
  private apply(rule: Rule, text: string, pass: Pass): string {
    if (rule.when && !rule.when.test(text)) return text;
    return text.replace(rule.re, (match: string, ...args: unknown[]) => {
      const offset = args.find((a) => typeof a === 'number') as number;
      // Never re-redact a placeholder we inserted ("[PHONE_1]" holds no PII).
      if (/^\[[A-Z]+_\d+\]$/.test(match)) return match;
      if (rule.accept && !rule.accept(match)) return match;
      if (rule.around && !rule.around(text, offset, offset + match.length)) return match;
      if (rule.beforeHonorific && this.finder && !this.finder.isNameBeforeCue(text, offset, offset + match.length)) return match;
      if (rule.finderSays && (!this.finder || !rule.finderSays(this.finder, match))) return match;
      return this.placeholderFor(rule.kind, match, pass);
    });
  }

  /** The finder's names, replaced from the end so earlier offsets stay right; none inside a placeholder. */
  private replaceFound(text: string, pass: Pass): string {
    const placeholders = [...text.matchAll(PLACEHOLDER)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
    // The finder reads a name set off by spaces (塾の 新井 です) as one written without them.
    const view = closeNameSpaces(text);
    // Both readings count: the analyser finds some names only with their spaces (本部SVの 島田 です), some only without.
    const fromView = view.text === text ? [] : this.finder!.find(view.text).map((s) => ({ start: view.toText[s.start]!, end: s.end > s.start ? view.toText[s.end - 1]! + 1 : view.toText[s.start]! }));
    const spans = [...this.finder!.find(text), ...fromView]
      // A name ends where its kanji do before an honorific: the analyser may cut 颯太くん as 颯 + 太く, and 宇野 颯 is no name.
      .map((s) => {
        const rest = /^[\p{Unified_Ideograph}々]{1,2}(?=[^\S\n]*(?:さん|くん|ちゃん|様|君|氏))/u.exec(text.slice(s.end, s.end + 8));
        return rest && /[\p{Unified_Ideograph}々]$/u.test(text.slice(s.start, s.end)) ? { start: s.start, end: s.end + rest[0].length } : s;
      })
      .filter((s) => s.end > s.start && !placeholders.some((p) => s.start < p.end && p.start < s.end))
      // A Latin name before a company's suffix is the company's (Sakura Print KK, Tanaka Trading Co., Ltd.).
      .filter((s) => !(/[A-Za-z]$/.test(text.slice(s.start, s.end)) && COMPANY_AFTER.test(text.slice(s.end, s.end + 16))))
      // And a span that ends on such a word is the company's whole name (our client Shimizu Foods).
      .filter((s) => !/^[A-Z][\w'’-]*[^\S\n]/.test(text.slice(s.start, s.end)) || !COMPANY_AFTER.test(` ${text.slice(s.start, s.end).split(/[^\S\n]+/).pop()!}`))
      .sort((a, b) => a.start - b.start || b.end - a.end);
    const kept: { start: number; end: number }[] = [];
    for (const s of spans) if (kept.length === 0 || s.start >= kept[kept.length - 1]!.end) kept.push(s);
    let out = text;
    for (const s of kept.reverse()) out = out.slice(0, s.start) + this.placeholderFor('NAME', out.slice(s.start, s.end), pass) + out.slice(s.end);
    return out;
  }

  /**
   * A name recognised once (林さん, Dear Ms Fernandez) is hidden wherever else it stands in
   * this request (林から…, Fernandez said), without its cue. Only names of two or more
   * Japanese characters or three or more Latin letters, Latin ones as whole words and in
   * the same case (Grace the person, not a grace period).
   */
  private replaceKnownNames(text: string, pass: Pass): string {
    const names = [...pass.book.byPlaceholder]
      .filter(([p]) => p.startsWith('[NAME_'))
      .map(([, v]) => v)
      .filter((v) => (CJK.test(v) ? v.length >= 2 : v.length >= 3));
    // The parts of a Latin name of several words (Nguyen Van An → An starts Monday), capitalised
    // as written: of three letters or more anywhere, of two only before a verb (An starts, not An update).
    const parts = names
      .filter((v) => !CJK.test(v) && /\s/.test(v))
      .flatMap((v) => v.split(/\s+/))
      .filter((p) => /^[A-Z][a-z'’-]+$/.test(p) && !NOT_NAMES.has(p))
      .map((p) => (p.length >= 3 ? p : String.raw`${p}(?=\s+(?:[a-z]+[^su\s]s|said|says|is|was|has|had|will|can|did|does|got|sent|asked|called|told)\b)`));
    // The surname of a Japanese full name written with a space (中野 of From: 中野 聡 … 中野は実在の社員です): of two
    // characters or more, as colleagues are spoken of by surname.
    const jaParts = names.filter((v) => CJK.test(v) && /^[\p{Unified_Ideograph}々]{2,4}[ \u3000]/u.test(v)).map((v) => v.split(/[ \u3000]/)[0]!);
    const alternatives = [...[...names, ...jaParts].sort((a, b) => b.length - a.length).map((v) => escapeRegExp(v)), ...parts];
    if (alternatives.length === 0) return text;
    const re = new RegExp(alternatives.map((v) => (CJK.test(v) ? v : `(?<![A-Za-z])${v}(?![A-Za-z])`)).join('|'), 'gu');
    return text.replace(re, (match) => this.placeholderFor('NAME', match, pass));
  }

  /**
   * The model's text for a reader. Card numbers, My Numbers, passwords, tokens, bank accounts,
   * ID document numbers and URL parameters are never put back: they show as a neutral mask in
   * the reader's language ([カード番号] / [card number]). Other values come back only with
   * `toWriter` (a 1:1 conversation with the person who wrote them); anywhere else every
   * placeholder is masked. Values first seen in published articles (a desk's address) always
   * come back. Placeholders the model invented are masked.
   */
  restore(text: string, options: { lang: 'ja' | 'en'; toWriter: boolean }): string {
    return text.replace(PLACEHOLDER, (p, kind: PiiKind) => {
      const value = this.book.byPlaceholder.get(p);
      if (value !== undefined && this.book.published.has(p)) return value;
      if (value !== undefined && options.toWriter && !NEVER_RESTORED.has(kind)) return value;
      return `[${PII_LABELS[kind][options.lang]}]`;
    });
  }

  /** Whether `placeholder` was handed out by this redactor (in the question, the thread or a passage). */
  issued(placeholder: string): boolean {
    return this.book.byPlaceholder.has(placeholder);
  }

  /** How many distinct values of each kind were hidden (for logs: counts, never values). */
  counts(): Partial<Record<PiiKind, number>> {
    return Object.fromEntries(this.book.counters);
  }

  private placeholderFor(kind: PiiKind, value: string, pass: Pass): string {
    const { book } = pass;
    const key = `${kind}\u0000${value.toLowerCase()}`;
    const known = book.byValue.get(key);
    // A value the asker wrote stays theirs even when an article names it too.
    if (known) return known;
    const n = (book.counters.get(kind) ?? 0) + 1;
    book.counters.set(kind, n);
    const placeholder = `[${kind}_${n}]`;
    book.byValue.set(key, placeholder);
    book.byPlaceholder.set(placeholder, value);
    if (pass.published) book.published.add(placeholder);
    return placeholder;
  }
}
