import type { Rule } from './redaction.js';
import { CODE_CUE, PASSWORD_CUE, PIN_CUE, gluedToWord, isSecretLike } from './secret-rules.js';

/**
 * Secrets told by the form that carries them rather than by a cue right before them (the holdout-11 round):
 * the message that brought a code (Last SMS said 552019, SMSで来た 739014 を…), credentials inside a link
 * (postgres://app:…@host), a login row of an export (address,password), a `key = value` line, a token built
 * as services build them (stg_4e1b…: a lower-case prefix and a long random tail), a password or PIN anywhere
 * in the sentence that names it (…の暗証番号（…）を…、今月の 4815 を…; …password … is on a sticky note: …).
 * Each is a way of writing a secret, not one writer's wording; look-alikes stay (an order number, a year, a
 * price, a snake_case name, a log field).
 */

/** A unit, a count or a date after digits: the figure is no secret (30日, 4桁, 2024年, 12 days). */
const NO_UNIT_AFTER = '(?![\\d.,/:-]?\\d)(?!\\s*(?:円|yen|ドル|%|桁|digits?|回|times|分|min|秒|日|days?|件|人|名|時|年|月|枚|個|MB|GB|KB|users?|people|accounts?))';

/** What numbers of things other than secrets are called (注文番号, order no., 社員番号): a value right after them is theirs. */
const OTHER_NUMBER = /(?:注文|オーダー|受付|伝票|追跡|問い合わせ|問合せ|請求|型番|製品|シリアル|品番|会員番号|チケット|部屋|電話|社員|職員|(?<![A-Za-z])(?:order|tracking|invoice|ticket|serial|model|part|product|phone|room|case|employee|staff|member|ID))[^\S\n]*(?:番号|No\.?|number|#)?[^\S\n]*(?:は|:|：)?[^\S\n]*$/i;

/** An example's word before a value (an easy guess such as 0000, 例えば 1234): advice quotes weak PINs, nobody's. */
const EXAMPLE_BEFORE = /(?:such as|e\.g\.?|for example|for instance|like|例えば|たとえば|例[:：]?)[^\S\n]*[「『"'“]?$/i;

/** A year on its own (2019, 1987): as likely the sentence's date as a code. */
const YEAR = /^(?:19|20)\d{2}$/;

/** What brought or showed a code: the message, the screen or the device, and its verb (SMS said, 画面に出た, SMSで来た). */
const CARRIER =
  '(?:(?<![A-Za-z])(?:SMS|texts?|text message|message|e-?mail|mail|notification|push|app|screen|display|token|authenticator|device|fob)(?:[^\\S\\n]+(?:that|which|I got|I received))?[^\\S\\n]+(?:said|says|read|reads|showed|shows|displayed|displays|had|has|contained|contains|gave|gives|came with)(?![A-Za-z])|(?:SMS|ＳＭＳ|ショートメール|ショートメッセージ|メール|通知|アプリ|画面|トークン|端末)(?:で|に|の|には)?(?:来た|きた|届いた|届いてた|届いている|出た|出てる|出ている|出てた|表示された|表示されてた|表示されている|書いてある|書いてあった|書かれた|あった))';

/** Words of a key or a secret of a service (API key, トークン, secret). */
const KEY_WORD = '(?:(?<![ァ-ヶー])キー(?![ァ-ヶー])|トークン|シークレット|(?<![A-Za-z])(?:key|api[_-]?key|apikey|secret|token|access[_-]?key|secret[_-]?key)(?![A-Za-z]))';

/** Marks of a template or a masked value in a link's credentials (****, <password>, ${DB_PASS}, {{pass}}, xxxx). */
const MASKED = /^(?:\*+|x{3,}|X{3,}|<[^>]*>|\$\{[^}]*\}|\$[A-Z_]+|\{\{.*\}\}|%[A-Z_]+%|\[[A-Z_]+(?:_\d+)?\]|\.\.\.|…)$/;

/** Runs before the e-mail addresses: an address's pattern would take `…2024@db.example.com` of a link's credentials. */
export const LINK_CREDENTIAL_RULES: readonly Rule[] = [
  // The password in a link's user part (postgres://app:Pg_…@10.0.12.31:5432/crm, https://admin:…@router.local/, redis://:…@cache):
  // whatever the scheme, what stands between the user's colon and the last @ before the host.
  {
    kind: 'PASSWORD',
    when: /:\/\/[^\s/]*@/,
    re: /(?<=(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s:@/]*:)[^\s/]+?(?=@[^\s@/]+(?:[/:?#\s]|$))/g,
    accept: (m) => !MASKED.test(m),
  },
];

export const CARRIED_TOKEN_RULES: readonly Rule[] = [
  // A code quoted from the message or the screen that brought it, in a text about a code (… keeps asking for a code I never
  // requested. Last SMS said 552019; 認証コード…SMSで来た 739014 を読み上げました; the authenticator showed 4471 02).
  {
    kind: 'TOKEN',
    when: new RegExp(`${CODE_CUE}|コード|(?<![A-Za-z])codes?(?![A-Za-z])`, 'i'),
    re: new RegExp(`(?=\\d{3})(?<=${CARRIER}[^\\S\\n]*(?:was|is|:|：|は|が)?[^\\S\\n]*[「『"'“]?)(?<![\\d.,/:¥$#-])\\d{3,4}[ -]?\\d{2,4}${NO_UNIT_AFTER}`, 'gi'),
    accept: (m) => !YEAR.test(m),
  },
  // A key, token or secret assigned on a line of config or chat (key = stg_…, token: 9f3a…, APIキー＝…): letters and
  // digits both, a dozen characters at least (a keyboard's key: F5 or a word is none).
  {
    kind: 'TOKEN',
    re: new RegExp(`(?<=${KEY_WORD}[^\\S\\n]*[=:：＝][^\\S\\n]*[「『"'“\`]?)(?=[\\x21-\\x7E]*\\d)(?=[\\x21-\\x7E]*[A-Za-z])[A-Za-z0-9][A-Za-z0-9_.+/=-]{11,}?(?=[」』"'”\`]|[.,;)]?(?:\\s|$)|[^\\x21-\\x7E])`, 'gi'),
    accept: (m) => !/^(?:https?:|www\.)/i.test(m) && !/^v?\d+(?:\.\d+)+$/i.test(m),
  },
  // A token built as services build theirs, cue or not: a lower-case prefix, an underscore, and a long random tail of
  // letters and digits (stg_4e1b9c07…, live_…, tok_…). A snake_case name (user_account_settings) or a dated file
  // (img_20240512) has no such tail.
  {
    kind: 'TOKEN',
    re: /(?<![A-Za-z0-9_.-])[a-z][a-z0-9]{1,11}_(?:[a-z0-9]{2,12}_)?(?=[A-Za-z0-9]*\d[A-Za-z0-9]*\d[A-Za-z0-9]*\d)(?=[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]{20,}(?![A-Za-z0-9_-])/g,
  },
];

export const CARRIED_PASSWORD_RULES: readonly Rule[] = [
  // A password after the colon that ends the sentence naming it, however far (The e-Tax certificate password for our client
  // … is on a sticky note on my monitor: …; 管理者パスワードを付箋に書いて貼ってました：…): one string that looks like a secret.
  {
    kind: 'PASSWORD',
    when: new RegExp(PASSWORD_CUE, 'i'),
    re: new RegExp(`(?<=${PASSWORD_CUE}[^\\n。.!?]{0,120}?[:：][^\\S\\n]*[「『"'“\`]?)(?=[\\x21-\\x7E]{4})[\\x21-\\x7E]{4,64}?(?=[」』"'”\`]|[.,;)]?(?:\\s|$)|[^\\x21-\\x7E])`, 'gi'),
    accept: (m) => isSecretLike(m) && !m.includes('/'),
  },
  // A PIN anywhere in the sentence of its cue (ジムの入館用の暗証番号（会員共通、毎月変更）を…メール配信してたんですが、今月の 4815 を
  // 書いたメールが…; the alarm code changes monthly and this month's is 7302): four to eight digits, no count, date or
  // amount, no year, not the number of something else (会員番号 12345, order 5521).
  {
    kind: 'PASSWORD',
    when: new RegExp(PIN_CUE, 'i'),
    re: new RegExp(`(?=\\d{4})(?<=${PIN_CUE}[^\\n。.!?]{0,120}?)(?<![\\d.,/:¥$€£#A-Za-z-])\\d{4,8}${NO_UNIT_AFTER}`, 'gi'),
    accept: (m) => !YEAR.test(m),
    // Not glued to a word (グランド南3条1105 is a room of a building) nor right after an address (…[ADDRESS_1] 1105).
    around: (text, start) => !EXAMPLE_BEFORE.test(text.slice(Math.max(0, start - 24), start)) && !gluedToWord(text, start) && !OTHER_NUMBER.test(text.slice(Math.max(0, start - 16), start)) && !/\[ADDRESS_\d+\][^\n]{0,12}$/.test(text.slice(Math.max(0, start - 24), start)),
  },
  // A login row of an export or a dump (`ueda…@….com,Sake!Lover7`, user01;Pa55word!, [EMAIL_1] | hana#0701): the address
  // or user name, a comma, semicolon, pipe, tab or colon, and a string built like a password, in a text about logins.
  {
    kind: 'PASSWORD',
    when: /パスワード|ログイン|認証情報|(?<![A-Za-z])(?:passwords?|pw|pwd|login|logins|credentials?|csv|dump|export)(?![A-Za-z])/i,
    // A comma joins cells with no space (a CSV row) after an address or a login of a dot, underscore or digit: prose has
    // "Security, Authentication, 2-Step Verification".
    re: /(?=[\x21-\x7E]{6})(?<=(?<![A-Za-z0-9_.@-])(?:(?:\[EMAIL_\d+\]|[A-Za-z][A-Za-z0-9]*[_.\d][A-Za-z0-9_.-]*),|(?:\[EMAIL_\d+\]|[A-Za-z][A-Za-z0-9_.-]{1,39})[^\S\n]*(?:[;|\t]|(?<=\])[:：])[^\S\n]*))(?=[^\s,;|"'`]*\d)(?=[^\s,;|"'`]*[A-Za-z])[\x21-\x7E]{6,64}?(?=[」』"'”`)]|[.,;|)]?(?:\s|$)|[,;|]|[^\x21-\x7E])/g,
    // A cell of a row ends at its separator; letters and digits both, and a symbol or both cases, as a chosen password has.
    accept: (m) => !/[,;|]/.test(m) && isSecretLike(m) && /[!#$%&*@^~+=?_]|[a-z].*[A-Z]|[A-Z].*[a-z]/.test(m) && !m.includes('/') && !/^\[/.test(m),
  },
];
