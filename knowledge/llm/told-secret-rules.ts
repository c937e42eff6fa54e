import type { Rule } from './redaction.js';

/**
 * Secrets told by what the sentence says about them rather than by a cue right before them (the holdout-10
 * round): a code given with its length (写っている12桁は …, the 16-character key is …), a key after the colon that
 * ends the sentence naming it (事前共有キーをメール本文に書いてきました：…), a file's download or unlock key a
 * sentence after it was named (ダウンロードキーで送っています。キーは全員 …), recovery codes in spaced groups
 * (recovery codes … are in a doc: ak29 7xq1, mp83 0zvn), and a bare password after a terse pass/pw in a note
 * (管理画面 …、pass tofu). The Redactor runs them after the other secret rules (secret-rules.ts).
 */

/** Letters and digits both: what a generated secret has and a word or a number has not. */
const mixed = (s: string): boolean => /[A-Za-z]/.test(s) && /\d/.test(s);

/** A unit, a count or a date after digits: the figure is no code (30日, 4桁, 2024年, 12 days). */
const NO_UNIT_AFTER = '(?![\\d.,/:-]?\\d)(?!\\s*(?:円|yen|ドル|%|桁|digits?|回|times|分|min|秒|日|days?|件|人|名|時|年|月|枚|個|MB|GB|KB))';

/** What numbers of things other than secrets are called (注文番号, order no., 型番): a value after them is theirs. */
const OTHER_NUMBER = /(?:注文|オーダー|受付|伝票|追跡|問い合わせ|問合せ|請求|型番|製品|シリアル|品番|会員|チケット|部屋|電話|(?<![A-Za-z])(?:order|tracking|invoice|ticket|serial|model|part|product|phone|room|case))/i;

/** Words of a key (事前共有キー, 鍵, secret, PSK); katakana キー only as a word of its own (not キーボード). */
const KEY_CUE = '(?:(?<![ァ-ヶー])キー(?![ァ-ヶー])|鍵|シークレット|トークン|パスフレーズ|(?<![A-Za-z])(?:keys?|PSK|secret|token|passphrase)(?![A-Za-z]))';

/** The key or password that opens a shared file (ダウンロードキー, 解凍パスワード, download key, zip password). */
const FILE_KEY_CUE =
  '(?:(?:ダウンロード|受け?取り|受取|閲覧|解凍|開封|展開|共有|ファイル|ZIP|zip)(?:用)?の?(?:キー|パスワード|パス|コード|暗証番号)|(?<![A-Za-z])(?:download|unlock|decryption|zip|archive|file|sharing) (?:key|password|passcode|code|PIN)s?(?![A-Za-z]))';

/** Words that follow a terse pass or pw in prose, never a password (pass the file, pass it on, pw reset). */
const NOT_A_PASSWORD_WORD =
  /^(?:the|a|an|it|this|that|them|these|those|on|in|to|by|for|of|and|or|is|was|be|through|along|over|around|out|up|down|back|rate|reset|change|changed|policy|manager|protected|required|expired|ok|test|word|words)$/i;

export const TOLD_TOKEN_RULES: readonly Rule[] = [
  // A code told with its length (写っている12桁は 8QK2…, 登記識別情報の12桁, the 16-character key is …): a run of letters
  // and digits of exactly that length a few words on. An order or serial number told so (12桁の注文番号 …) is no code.
  {
    kind: 'TOKEN',
    when: /桁|文字|characters?|chars?|digits?/i,
    re: /(?<=(?<!\d)\d{1,2}[^\S\n]?(?:桁|文字|-?characters?|-?chars?|-?digits?)(?![A-Za-z])[^\n]{0,30}?)(?<![\x21-\x7E])[A-Za-z0-9]{6,40}(?![\x21-\x7E]*[A-Za-z0-9])/gi,
    accept: mixed,
    around: (text, start, end) => {
      const told = /(?<!\d)(\d{1,2})[^\S\n]?(?:桁|文字|-?characters?|-?chars?|-?digits?)(?![A-Za-z])(?![\s\S]*\d[^\S\n]?(?:桁|文字|-?characters?|-?chars?|-?digits?)(?![A-Za-z]))([^\n]*)$/i.exec(text.slice(Math.max(0, start - 40), start));
      return told !== null && Number(told[1]) === end - start && !OTHER_NUMBER.test(told[2]!);
    },
  },
  // A document's secret code a few sentences after its name: 登記識別情報 (twelve letters and digits under a seal).
  {
    kind: 'TOKEN',
    when: /登記識別情報|識別情報/,
    re: /(?<=識別情報[^]{0,200}?)(?<![A-Za-z0-9])(?=[0-9A-Z]*\d)(?=[0-9A-Z]*[A-Z])[0-9A-Z]{12}(?![A-Za-z0-9])/g,
  },
  // A key after the colon that ends the sentence naming it (VPN接続用の事前共有キーをメール本文にそのまま書いてきました：…,
  // they pasted the API secret in the ticket: …): a string of letters and digits right after the colon.
  {
    kind: 'TOKEN',
    when: new RegExp(KEY_CUE, 'i'),
    re: new RegExp(`(?<=${KEY_CUE}[^\\n。.!?]{0,40}?[:：][^\\S\\n]*[「『"“]?)(?=[\\x21-\\x7E]{8})[\\x21-\\x7E]{8,64}?(?=[」』"”]|[.,;)]?(?:\\s|$)|[^\\x21-\\x7E])`, 'gi'),
    // Not a link, a path or a version (the key step: v2.1.3).
    accept: (m) => mixed(m) && !/^(?:https?:|www\.)/i.test(m) && !m.includes('/') && !/^v?\d+(?:\.\d+)+$/i.test(m),
  },
  // Recovery or backup codes in groups of four with a space (… are in a Google Doc: ak29 7xq1, mp83 0zvn, tq55 ry2c), a
  // sentence or two after their cue: each group mixes letters and digits or is digits, the pair has a letter, one case.
  {
    kind: 'TOKEN',
    when: /バックアップ|リカバリ|復旧|回復|予備|backup|recovery/i,
    re: /(?<=(?:(?:バックアップ|リカバリー?|復旧|回復|予備)(?:用)?(?:コード|キー)|(?<![A-Za-z])(?:backup|recovery) (?:codes?|keys?)(?![A-Za-z]))[^]{0,200}?)(?<![\x21-\x7E])[A-Za-z0-9]{4} [A-Za-z0-9]{4}(?![\x21-\x7E]*[A-Za-z0-9])/gi,
    accept: (m) => {
      const groups = m.split(' ');
      return /[A-Za-z]/.test(m) && groups.every((g) => /\d/.test(g)) && (m === m.toLowerCase() || m === m.toUpperCase());
    },
  },
];

export const TOLD_PASSWORD_RULES: readonly Rule[] = [
  // The key of a shared file a sentence or two after it was named (ギガファイル便のリンクとダウンロードキーで送っています。
  // キーは全員 0753 で統一, the zip password went in a second mail … it's 4471): four to eight digits, no count or
  // date, not a number of something else (注文番号 12345678).
  {
    kind: 'PASSWORD',
    when: new RegExp(FILE_KEY_CUE, 'i'),
    re: new RegExp(`(?=\\d{4})(?<=${FILE_KEY_CUE}[^]{0,80}?)(?<![\\d.,/:¥$#-])\\d{4,8}${NO_UNIT_AFTER}`, 'gi'),
    around: (text, start) => !OTHER_NUMBER.test(text.slice(Math.max(0, start - 12), start)),
  },
  // A password right after a terse pass or pw in a note about a login or an admin page (ルーターの管理画面 …、pass tofu。,
  // admin / pw sakura): one word that ends the clause; prose (pass the file on, pass rate 90%) has more words after it.
  {
    kind: 'PASSWORD',
    when: /管理画面|ログイン|ルーター|ルータ|(?<![A-Za-z])(?:admin|login|router|user|ID)(?![A-Za-z])|\[IP_\d+\]|\d+\.\d+\.\d+\.\d+/i,
    re: /(?<=(?:^|[\s、。,;「(])(?:pass|pw|pwd|passwd|パス|PW)[^\S\n]+)[A-Za-z0-9!@#$%^&*._-]{3,32}(?=[。、,;!?！？)」]|\.(?:\s|$)|[^\S\n]*$)/gim,
    accept: (m) => !NOT_A_PASSWORD_WORD.test(m) && !/^\[/.test(m),
  },
];
