import type { Rule } from './redaction.js';

/**
 * The rules for secrets, one job: passwords, PINs and keypad codes, tokens, keys and one-time codes (issue #22
 * item 1). They were the largest group of redaction.ts; the Redactor runs them in its table's order (tokens after
 * the e-mail addresses, passwords after the birth dates: "his PIN is his birthday, May 5, 1994, so 050594").
 * Every secret is never restored (NEVER_RESTORED): a false one costs the model a word, a missed one leaks.
 */

/** Words before a one-time code (認証コード 739105, ワンタイムコード, MFA code, OTP). */
export const CODE_CUE =
  '(?:(?:(?:2|二)(?:段階|要素|ステップ)|多要素)認証(?:の)?(?:コード|番号)|(?:認証|確認)の(?:コード|番号)|(?:ワンタイム|認証|確認|検証|承認|セキュリティ|ログイン|SMS|ＳＭＳ|アクセス|招待|復旧|回復|リカバリー?|バックアップ|予備)(?:コード|番号)|ワンタイムパスワード|[0-9四六八]桁の(?:コード|番号|数字)|(?:届いた|送られてきた|来た|きた|受け取った|届いてる)(?:コード|番号|数字)|(?<![A-Za-z])(?:(?:recovery|backup|access|invite|one[- ]time|[4-8]-digit|(?:four|six|eight)-digit) codes?|(?:texted|sent|received|got)(?: (?:me|him|her|us|them|a|the|my|his|their))* codes?|codes? (?:they|he|she|it|we|you|I) (?:texted|sent|got|received))(?![A-Za-z])|(?<![A-Za-z])(?:ask(?:ed|s|ing)?(?: (?:me|us|him|her|them))? for (?:a|the|my|our|his|her|their|that) codes?|コードを(?:聞かれ|求められ|要求され))(?![A-Za-z])|(?<![A-Za-z])(?:OTP|one[- ]time pass(?:word|code)s?|(?:MFA|2FA|two-factor|verification|security|one-time|login|sign-?in|access|auth(?:entication)?|confirmation|SMS|OTP)\\s+code|verification number)(?![A-Za-z]))';
/** Words before a password or PIN (パスワード「…」, PW:, PIN, passcode). */
export const PASSWORD_CUE =
  '(?:パスワード|パスコード|パスフレーズ|暗証番号|(?<![ァ-ヶー])パス(?![ァ-ヶー])|PINコード|(?<![A-Za-z])(?:PIN|pass(?:word|code|phrase)?s?|pwd|passwd|pw)(?![A-Za-z]))';
/** Cues of a PIN: a secret of digits only (PIN 7731, 暗証番号は 0505). */
// A door, gate, alarm or key-box code is a PIN too: whoever reads it walks in (the door code … It's 2580#, オートロックの番号は 4417).
export const PIN_CUE =
  '(?:パスコード|暗証番号|PINコード|ロック解除|画面ロック|解除(?:コード|番号)|解錠(?:コード|番号)|ロック(?:の)?(?:番号|コード)|オートロック(?:の)?(?:番号|コード)|(?:ドア|入口|玄関|門|金庫|キーボックス|警備|セキュリティ)(?:の)?(?:暗証)?(?:番号|コード)|(?<![A-Za-z])(?:PIN|passcode|unlock code|lock ?code|lock screen code|screen lock|(?:door|gate|entry|entrance|keypad|alarm|key ?box|lockbox|safe) (?:code|combination|PIN))s?(?![A-Za-z]))';
const PIN_CUE_BEFORE = new RegExp(`${PIN_CUE}[^\\S\\n]*$`, 'i');

/**
 * Whether digits at `start` are glued to a word of kanji or katakana that is no PIN cue: the end of that word
 * (a room of a building, メゾン北2条1203; a 号 or 番 of an address), not a secret standing on its own. 暗証番号1234 is one.
 */
export function gluedToWord(text: string, start: number): boolean {
  const before = text.slice(Math.max(0, start - 16), start);
  return /[\p{Script=Han}\p{Script=Katakana}ー]$/u.test(before) && !PIN_CUE_BEFORE.test(before);
}

/** Verbs of handing a value over (I gave them …, sent …, 伝えてしまった): what follows a few words on is the value asked for. */
export const HANDED =
  '(?:(?<![A-Za-z])(?:gave|given|sent|told|typed|entered|read (?:out|back)|shared|provided|replied with|answered)(?![A-Za-z])|送っ|送信し|伝え|教え|入力し|答え|読み上げ)';

const digitsOf = (s: string): string => s.replace(/\D/g, '');

/**
 * Whether a string a few words after a password cue looks like the secret itself rather than an
 * ordinary token of the sentence: not a placeholder or template ({{contact:…}}), link, address, date, time, price, version,
 * ticket id (INC-2041), order number (#12345), file name or product with its version (Windows11).
 */
export function isSecretLike(m: string): boolean {
  // The inside of a placeholder this module wrote ([EMAIL_1] in brackets) is none either.
  if (/^[[{<(@]/.test(m) || /^(?:https?:|www\.)/i.test(m) || /@[A-Za-z0-9-]+\.[A-Za-z]{2,}/.test(m) || /\[[A-Z_]+_\d+\]|^[A-Z_]+_\d+$/.test(m)) return false;
  if (/^\d{1,4}[/.-]\d{1,2}(?:[/.-]\d{1,4})?$/.test(m) || /^\d{1,2}:\d{2}/.test(m)) return false;
  if (/^[$¥€£#]?[\d,.]+$/.test(m) || /^v?\d+(?:\.\d+)+$/i.test(m) || /^[A-Z]{1,10}-\d+$/.test(m) || /^802\.11[a-z]*$/i.test(m)) return false;
  // A masked address (45.x.x.x), a count or a size with its unit (12-person, 6-digit, 2-step, 10GB).
  if (/^[\dx]{1,3}(?:\.[\dx]{1,3}){3}$/i.test(m) || /^\d+-?(?:[a-z]+|[KMGT]B|GHz|MHz|px|mm|cm|kg)$/.test(m)) return false;
  if (/\.(?:zip|pdf|xlsx?|docx?|pptx?|csv|exe|jpe?g|png|txt|html?)$/i.test(m)) return false;
  if (/^(?:Windows|Win|iOS|iPadOS|Android|macOS|Office|Excel|Word|Teams|Outlook|Chrome|Edge|iPhone|iPad|Pixel|Galaxy|KB|CVE)[\s-]?\d/i.test(m) || /^1password$/i.test(m)) return false;
  // A secret has digits (Mori2024!, yuko0415, Paris!2023); words in quotes (「ログイン」, "admin") are the sentence's own.
  return m.length >= 4 && /\d/.test(m) && /[A-Za-z!$%&*@^~_+=?]/.test(m.replace(/^#/, ''));
}

/**
 * Whether a string has the build of a chosen password (Sakura#88, Haru2024!, kaikei#2211, NgyBr@nch-5G-2025):
 * letters and digits side by side or joined by a symbol, and a symbol (! # $ % & * @ ^ ~ + = ?) of its own.
 * A reference with its number (Issue#88, order #1234), a figure in a sentence (COVID-19!), a version
 * (v2.0!), a path or a link, a log line's field (user=soumu01) have not, nor has anything isSecretLike turns down.
 */
export function isBuiltLikePassword(m: string): boolean {
  if (m.length < 6 || m.length > 64 || m.includes('/') || /[A-Za-z0-9-]\.[A-Za-z]{2,}(?![A-Za-z0-9])/.test(m)) return false;
  if (/^(?:issue|ticket|order|case|pr|no|room|item|inc|req|bug|job|build|invoice|po|ref|rev|run|step|task|story|page|line|id|part|sku|model|lot|seat|gate|floor|unit|table)s?[#:]\d+$/i.test(m)) return false;
  if (!isSecretLike(m) || !isSecretLike(m.replace(/[!?]+$/, ''))) return false;
  // A field of a log line (date=2026-12-05, srcip=203.0.113.5, user=soumu01) or an address in it is the log's own.
  if (/^[A-Za-z_][\w.-]*[=:]/.test(m) || /\d{1,3}\.\d{1,3}\.\d{1,3}|\d{1,2}:\d{2}/.test(m)) return false;
  const symbol = /[!#$%&*@^~+=?]/.test(m.replace(/^[#@]/, ''));
  const joined = /[A-Za-z]\d|\d[A-Za-z]|[A-Za-z][!#$%&*@^~+=?_]+\d|\d[!#$%&*@^~+=?_]+[A-Za-z]|[A-Za-z][!#$%&*@^~+=?]+[A-Za-z]/.test(m);
  return symbol && joined && /[A-Za-z]/.test(m) && /\d/.test(m);
}

/** Tokens, keys and one-time codes: well-known formats, shapes without a cue, and values a few words after a cue. */
export const TOKEN_RULES: readonly Rule[] = [
  // Well-known token formats, cue word or not (GitHub's fine-grained github_pat_… as well as ghp_…, SendGrid SG.…, Google ya29.…).
  {
    kind: 'TOKEN',
    re: /\b(?:sk-[A-Za-z0-9_-]{16,}|(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{16,}|whsec_[A-Za-z0-9]{16,}|glpat-[A-Za-z0-9_-]{20,}|SG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}|ya29\.[A-Za-z0-9_-]{20,}|github_pat_[A-Za-z0-9_]{30,}|hf_[A-Za-z0-9]{30,}|xapp-[A-Za-z0-9-]{10,}|npm_[A-Za-z0-9]{30,}|xox[abprs]-[A-Za-z0-9-]{10,}|gh[pousr]_[A-Za-z0-9]{20,}|AKIA[0-9A-Z]{16}|AIza[0-9A-Za-z_-]{35}|eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,})/g,
  },
  // A session or auth cookie written name=value (connect.sid=s%3A…, PHPSESSID=…, auth_token=…).
  {
    kind: 'TOKEN',
    re: /(?<=(?<![A-Za-z0-9])[A-Za-z0-9._-]*(?:sid|SID|sess|SESS|session|SESSION|token|TOKEN|jwt|JWT|csrf|CSRF|auth|AUTH)[A-Za-z0-9_-]*=)[^\s;&"'<>]{8,}/g,
    accept: (m) => /\d/.test(m) && /[A-Za-z]/.test(m),
  },
  // A key of a product, a licence, a gift card or a recovery, told without a cue: groups of capitals
  // and digits joined by hyphens (PX-7Q3R-K8M2-9TZL-W4NB, XXXXX-XXXXX-…), letters and digits both in
  // several groups; and BitLocker's eight groups of six digits. An order number (JP-2024-5501) has fewer groups.
  {
    kind: 'TOKEN',
    re: /(?<![A-Za-z0-9-])[A-Z0-9]{2,6}(?:-[A-Z0-9]{4,6}){3,7}(?![A-Za-z0-9-])|(?<![\d-])\d{6}(?:-\d{6}){7}(?![\d-])/g,
    // Random keys mix letters and digits within most groups; a stock or part number (AB-1234-XY5Z-0001) does not.
    accept: (m) => /^\d{6}-/.test(m) || m.split('-').filter((g) => /[A-Z]/.test(g) && /\d/.test(g)).length >= 3,
  },
  // The codes of gift and prepaid cards after their cue (iTunesカードの番号 ABCD-1234-EFGH-5678, Amazonギフト券のコード…,
  // sent photos of the gift card codes …): letters and digits, ten or more, grouped or not, any of the list.
  {
    kind: 'TOKEN',
    re: /(?=[A-Za-z0-9])(?<=(?:ギフト(?:カード|券|コード)|プリペイド(?:カード|番号)|(?:iTunes|Apple|Google ?Play|Amazon|Steam|Nintendo|PlayStation|楽天|Vプリカ|Vプリカ)(?:[^\S\n]*ギフト)?(?:カード|券|コード)|(?<![A-Za-z])(?:gift ?cards?|gift codes?|prepaid cards?|redemption codes?|claim codes?)(?![A-Za-z]))[^]{0,80}?)(?<![A-Za-z0-9-])(?=[A-Za-z0-9-]*\d)(?=[A-Za-z0-9-]*[A-Za-z])[A-Za-z0-9]{2,8}(?:-[A-Za-z0-9]{2,8}){1,6}(?![A-Za-z0-9-])|(?=[A-Za-z0-9])(?<=(?:ギフト(?:カード|券|コード)|プリペイド(?:カード|番号)|(?<![A-Za-z])(?:gift ?cards?|gift codes?|redemption codes?|claim codes?)(?![A-Za-z]))[^]{0,80}?)(?<![A-Za-z0-9-])(?=[A-Z0-9]*\d)(?=[A-Z0-9]*[A-Z])[A-Z0-9]{12,20}(?![A-Za-z0-9-])/gi,
    when: /ギフト|プリペイド|カード|券|gift|prepaid|redemption|claim/i,
    accept: (m) => digitsOf(m).length >= 3 && m.replace(/-/g, '').length >= 10,
    // An order, invoice or ticket number beside the card is the shop's (注文番号 ORD-2024-5501).
    around: (text, start) => !/(?:(?:注文|オーダー|受付|伝票|問い合わせ|問合せ|請求書?|管理)(?:番号|No\.?)|(?<![A-Za-z])(?:order|invoice|ticket|tracking|ref(?:erence)?|receipt|PO|SKU)(?:[^\S\n]*(?:no\.?|number|#|ID))?)[^\S\n]*[:：#]?[^\S\n]*$/i.test(text.slice(Math.max(0, start - 24), start)),
  },
  // A random string of mixed case and digits (an API key pasted on a line of its own, fJ8kS2pQx9vW…):
  // 20 characters or more with upper- and lower-case letters and digits, no word of six letters inside.
  {
    kind: 'TOKEN',
    re: /(?<![A-Za-z0-9_+/=%.-])[A-Za-z0-9_+/-]{20,}={0,2}(?![A-Za-z0-9_+/=%.-])/g,
    accept: (m) => (m.match(/[A-Z]/g) ?? []).length >= 4 && (m.match(/[a-z]/g) ?? []).length >= 4 && (m.match(/\d/g) ?? []).length >= 4 && !/[A-Za-z]{7}|[a-z]{6}/.test(m) && !m.includes('/'),
  },
  // The body of a private key pasted with its armour (-----BEGIN OPENSSH PRIVATE KEY----- b3BlbnNz…, also PGP's
  // PRIVATE KEY BLOCK): every base64 line after the header, up to its END line, an ellipsis or the end. A public key
  // or a certificate is no secret and stays.
  {
    kind: 'TOKEN',
    when: /PRIVATE KEY/,
    re: /(?<=-----BEGIN [A-Z0-9 ]*PRIVATE KEY[A-Z ]*-----[^\S\n]*\n?(?:[A-Za-z-]+: [^\n]*\n)*\s*)[A-Za-z0-9+/=]{16,}(?:\s+[A-Za-z0-9+/=]{4,})*/g,
  },
  // Incoming-webhook URLs carry their secret in the path, not the query (hooks.slack.com/services/T…/B…/…).
  { kind: 'TOKEN', re: /(?<=\/)(?<=hooks\.slack(?:\.[\w-]+)*\.[a-z]{2,}\/services\/|discord(?:app)?\.com\/api\/webhooks\/|outlook\.office(?:365)?\.com\/webhook\/|webhook\.office\.com\/webhookb2\/)[A-Za-z0-9_@/-]+/g },
  // One-time codes after a cue, also split in groups (MFA code 905 113, 認証コード 482 913): a code
  // read out or copied from a screen is often written that way.
  {
    kind: 'TOKEN',
    re: new RegExp(`(?=\\d{3,4}[ -]\\d)(?<=${CODE_CUE}[^\\S\\n]*(?:は|を|が|:|=|is|was)?[^\\S\\n]*[「『"'“]?)\\d{3,4}[ -]\\d{3,4}(?![\\d-])`, 'gi'),
  },
  // A code handed over a sentence after it was asked for (asked for my MFA code. I sent 381 920, 認証コードを聞かれて…
  // 4471 02 を伝えてしまった): digits, grouped or not, a few words after a verb of handing over.
  {
    kind: 'TOKEN',
    // Japanese puts the verb after the value (… 772 015 を伝えてしまった), English before it (I sent 381 920).
    re: new RegExp(
      `(?=\\d{3})(?:(?<=${CODE_CUE}[^\\n]{0,60}?${HANDED}[^\\n]{0,15}?)|(?<=${CODE_CUE}[^\\n]{0,60}?)(?=[\\d -]{5,9}[^\\S\\n]*(?:を|と|って)[^\\S\\n]*${HANDED}))(?<![\\d.,/:¥$#-])\\d{3,4}[ -]?\\d{2,4}(?![\\d.,/:-]?\\d)(?!\\s*(?:円|yen|ドル|%|桁|digits|回|times|分|min|秒|日|days|件|人|名|時|年|月))`,
      'gi',
    ),
  },
  // A six-digit code read out in two groups right after the word code (read back a code: 629 104, コードは 719 402).
  { kind: 'TOKEN', re: /(?<=(?<!(?:error|status|zip|postal|post|area|country|product|source|HTTP|exit|return|reason|エラー|ステータス|郵便|商品|製品|終了|理由)[^\S\n]?)(?:(?<![A-Za-z])codes?|コード)[^\S\n]*(?:[:：]|は|is|was)[^\S\n]*[「『"'“]?)\d{3}[ -]\d{3}(?![\d-])/gi },
  // Secrets after a cue word: APIキー sk-…, 認証コード 583920, client_secret=…
  {
    kind: 'TOKEN',
    re: new RegExp(
      `(?=[A-Za-z0-9])(?<=(?:APIキー|アクセスキー|アクセストークン|トークン|シークレット(?:キー)?|セッション(?:ID|キー|クッキー|Cookie)|回復(?:用)?キー|回復パスワード|リカバリー?キー|秘密鍵|プライベートキー|ライセンスキー|プロダクトキー|${CODE_CUE}|(?<![A-Za-z])(?:api[_ -]?key|apikey|access[_ -]?(?:token|key)|refresh[_ -]?token|(?:client[_ -]?)?secret(?:[_ -]?key)?|token|bearer|session[_ -]?(?:id|token|key|cookie)|sessionid|cookie|recovery (?:key|password)|private[_ -]?key|licen[cs]e key|product key|signing key|app password)(?![A-Za-z]))[^\\S\\n]*(?:は|を|が|:|=|is|was)?[^\\S\\n]*[「『"'“]?)(?=[\\x21-\\x7E]*\\d)[A-Za-z0-9][\\x21-\\x7E]{3,}?(?=[」』"'”]|[.,;)]?(?:\\s|$)|[^\\x21-\\x7E])`,
      'gi',
    ),
  },
  // Recovery and backup codes come as a list (バックアップコード: 1234-5678, 2345-6789 / backup codes
  // 83920174 55102938): every code of the list after the cue, each of letters and digits.
  {
    kind: 'TOKEN',
    re: /(?<![\x21-\x7E])(?=[A-Za-z0-9]{4})(?<=(?:(?:バックアップ|リカバリー?|復旧|回復|予備)(?:用)?(?:コード|キー)|(?<![A-Za-z])(?:backup|recovery) (?:codes?|keys?)(?![A-Za-z]))[^\n。]{0,30}?)(?<![\x21-\x7E])(?=[A-Za-z0-9-]*\d)[A-Za-z0-9]{4,10}(?:-[A-Za-z0-9]{3,10}){0,7}(?:(?:[^\S\n]*[,、/][^\S\n]*|[^\S\n]+)(?=[A-Za-z0-9-]*\d)[A-Za-z0-9]{4,10}(?:-[A-Za-z0-9]{3,10}){0,7})*(?![\x21-\x7E]*[A-Za-z0-9])/gi,
    accept: (m) => digitsOf(m).length >= 3 && !/^(?:19|20)\d{2}-\d{2}-\d{2}$/.test(m),
  },
  // Backup codes printed as a list on the lines after the cue (バックアップコードを…貼ってた。⏎83920 11746⏎55018 92374):
  // each line that is only a code of letters and digits, within a few lines of the cue.
  {
    kind: 'TOKEN',
    re: /(?=[A-Za-z0-9])(?<=(?:(?:バックアップ|リカバリー?|復旧|回復|予備)(?:用)?(?:コード|キー)|(?<![A-Za-z])(?:backup|recovery) (?:codes?|keys?)(?![A-Za-z]))[^]{0,240}?\n[^\S\n]*(?:[-・*•][^\S\n]*|\d{1,2}[.)][^\S\n]+)?)(?=[A-Za-z0-9 -]*\d)[A-Za-z0-9]{4,10}(?:[ -][A-Za-z0-9]{3,10}){0,7}(?=[^\S\n]*(?:\n|$))/gi,
    accept: (m) => digitsOf(m).length >= 4 && !/^(?:19|20)\d{2}-\d{2}-\d{2}$/.test(m),
  },
  // A Wi-Fi key after the network's name or label (Wi-Fi(事務所)：kmr-office-5G-8823x, Wi-Fi / yamabuki-net-7781,
  // 無線LANのパスワードは…, WPA key: …): a string that looks like a secret, letters with digits.
  {
    kind: 'TOKEN',
    re: /(?=[\x21-\x7E])(?<=(?:Wi-?Fi|WLAN|無線LAN|WPA2?(?:-PSK)?|PSK|ネットワークキー|暗号化キー|セキュリティキー|(?<![A-Za-z])(?:network|wireless|WPA) key)(?:[^\S\n]*[(（][^)）\n]{1,12}[)）])?[^\S\n]*(?:の)?(?:パスワード|パス|キー|PW|password|key|pass)?[^\S\n]*(?:[:：=/／]|は|is)[^\S\n]*[「『"'“]?)[\x21-\x7E]{6,63}?(?=[」』"'”]|[.,;)]?(?:\s|$)|[^\x21-\x7E])/gi,
    accept: (m) => isSecretLike(m),
  },
  // A key told in quotes or brackets a few words after what it opens (Wi-Fiのキー（…）を壁に貼ってる, 事前共有キーを「…」に
  // している, the VPN pre-shared key ("…") is on the wiki): people set a secret off from the sentence so, and a
  // string of letters with digits there is the secret itself.
  {
    kind: 'TOKEN',
    when: /キー|鍵|key|PSK|secret|シークレット|トークン|token|パスフレーズ|passphrase/i,
    re: /(?<=[「『"“([])(?=[\x21-\x7E]{6})(?<=(?:(?<![ァ-ヶー])キー(?![ァ-ヶー])|鍵|シークレット|トークン|パスフレーズ|(?<![A-Za-z])(?:keys?|PSK|secret|token|passphrase)(?![A-Za-z]))[^\n。.!?]{0,30}?[「『"“([])[\x21-\x7E]{6,64}?(?=[」』"”)\]])/gi,
    accept: (m) => isSecretLike(m),
  },
  // Backup codes remembered or copied a sentence or two after their cue, several in a row (バックアップコードを紙に書いて…。
  // 覚えてるのは 4721 9930 と 8156 0274 だけ; backup codes … I still have 5521-0938 and 7730-1184): groups of digits or
  // letters and digits shaped as such codes are (4+4, 8 to 10 in one), every one of them.
  {
    kind: 'TOKEN',
    when: /バックアップ|リカバリ|復旧|回復|予備|backup|recovery/i,
    re: /(?=[A-Za-z0-9]{4})(?<=(?:(?:バックアップ|リカバリー?|復旧|回復|予備)(?:用)?(?:コード|キー)|(?<![A-Za-z])(?:backup|recovery) (?:codes?|keys?)(?![A-Za-z]))[^]{0,200}?)(?<![\x21-\x7E])(?:\d{4}[ -]\d{4}(?:[ -]\d{4})?|\d{8,10}|(?=[A-Za-z0-9]*\d)(?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]{4}-[A-Za-z0-9]{4})(?![\x21-\x7E]*[A-Za-z0-9])/gi,
    accept: (m) => !/^(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])$/.test(m),
  },
  // A one-time code a few words after its cue (認証コードがSMSで届きました。482913 / the code they
  // texted me was 551203): digits only, no amount, count or time.
  {
    kind: 'TOKEN',
    re: new RegExp(`(?=\\d{4})(?<![\\d.,/:¥$#-])(?<=${CODE_CUE}[^\\n]{1,30}?)(?<![\\d.,/:¥$#-])(?<!(?:チケット|案件|注文|受付|伝票|問い合わせ|番号|No\\.?|(?<![A-Za-z])(?:ticket|case|order|invoice|INC|REQ))[^\\S\\n]*(?:は|:|#)?[^\\S\\n]*)\\d{4,8}(?![\\d.,/:-]?\\d)(?!\\s*(?:円|yen|ドル|%|桁|digits|回|times|分|min|秒|日|days|件|人|名|時|年|月))`, 'gi'),
  },
];

/** Passwords and PINs: after a cue, a few words on, told before the cue, in lists of logins, or built as a password is. */
export const PASSWORD_RULES: readonly Rule[] = [
  // Passwords and PINs right after a cue word (パスワード「…」, pw: …, PIN 7731).
  {
    kind: 'PASSWORD',
    re: new RegExp(
      `(?=[\\x21-\\x7E])(?<=${PASSWORD_CUE}[^\\S\\n]*(?:は|を|が|:|=|is|was)?[^\\S\\n]*(?:いつも|も)?[^\\S\\n]*[「『"'“]?)(?![A-Za-z]+(?:['’][a-z]+)?(?:[.,;:)?!"'”]*(?:\\s|$)|[^\\x21-\\x7E]))(?![(（])(?!\\d{1,3}(?!\\d))(?!(?:pw|pwd|pass(?:word)?|PIN)[:=])(?!\\[[A-Z_]+_\\d+\\])(?<![A-Za-z](?=\\.[A-Za-z]{2,5}(?![A-Za-z0-9])|-[A-Za-z]))[\\x21-\\x7E]{3,64}?(?=[」』"'”]|[.,;)?]?(?:\\s|$)|[^\\x21-\\x7E])`,
      'gi',
    ),
    when: new RegExp(PASSWORD_CUE, 'i'),
  },
  // A password a few words after its cue (PWは別送…。今回のは Yoko_0312, asked for her password. She
  // gave Paris!2023, PW、付箋に「yuko0415」, パスワードを全員で共有しています（Hoiku#2024）): only a string that looks
  // like a secret, letters with digits or symbols, bare, quoted or in brackets.
  {
    kind: 'PASSWORD',
    re: new RegExp(
      `(?=[\\x21-\\x7E])(?<=${PASSWORD_CUE}[^\\n]{1,40}?)(?:(?<=[「『"“])[\\x21-\\x7E]{4,64}(?=[」』"”])|(?<=[(\\[])[\\x21-\\x7E]{4,64}?(?=[)\\]])|(?<![\\x21-\\x7E])(?![(\\[])(?=[\\x21-\\x7E]*\\d)(?=[\\x21-\\x7E]*[A-Za-z!#$%&*@^~_+=])[\\x21-\\x7E]{6,64}?(?=[.,;)?!]?(?:\\s|$)|[^\\x21-\\x7E]))`,
      'gi',
    ),
    when: new RegExp(PASSWORD_CUE, 'i'),
    accept: (m) => isSecretLike(m),
  },
  // A PIN of digits a few words after its cue (PIN is his birthday, …, so 050594); a keypad's # or * after it is part of it.
  {
    kind: 'PASSWORD',
    re: new RegExp(`(?=\\d{4})(?<=${PIN_CUE}[^\\n]{0,40}?)(?<![\\d.,/:-])\\d{4,8}(?:[#*](?![A-Za-z0-9]))?(?![\\d.,/:-]?\\d)(?!\\s*(?:円|yen|ドル|%|桁|digits|回|times|分|min|秒|日|days|年|月|時|件|人|名|users?|people|accounts?|requests?))`, 'gi'),
    when: new RegExp(PIN_CUE, 'i'),
    // The number of something else named right before it (会員番号 55012, order 5521) is that thing's.
    around: (text, start) => !gluedToWord(text, start) && !/(?:会員|注文|受付|伝票|社員|職員|チケット|(?<![A-Za-z])(?:member|order|ticket|invoice|employee|staff|case))(?:番号|ID|No\.?|number|#)?[^\S\n]*[:：#]?[^\S\n]*$/i.test(text.slice(Math.max(0, start - 16), start)),
  },
  // A number of as many digits as the sentence said the secret has (ロック解除は4桁で、たぶん0714です, 4桁の 0000, the
  // 6-digit code was 551203): told its length, the reader is told the secret.
  {
    kind: 'PASSWORD',
    when: /桁|digit/i,
    re: /(?=\d{4})(?<=(?:[4-8]桁|(?<![A-Za-z])(?:[4-8]|four|six|eight)[ -]digits?)[^\n]{0,20}?)(?<![\d.,/:¥$#-])\d{4,8}(?![\d.,/:-]?\d)(?!\s*(?:円|yen|ドル|%|桁|digits|回|times|分|min|秒|日|days|年|月|時|件|人|名))/gi,
    around: (text, start, end) => {
      const said = /([4-8]|four|six|eight)(?:桁|[ -]digits?)(?![\s\S]*(?:[4-8]|four|six|eight)(?:桁|[ -]digits?))/i.exec(text.slice(Math.max(0, start - 40), start));
      const n = said ? ({ four: 4, six: 6, eight: 8 } as Record<string, number>)[said[1]!.toLowerCase()] ?? Number(said[1]) : 0;
      return n === end - start;
    },
  },
  // A default password told as a word (the admin password is still the default admin, 初期パスワードの admin のまま):
  // a short word after "default" near a password cue, or after "default password".
  {
    kind: 'PASSWORD',
    re: new RegExp(
      `(?<=(?:${PASSWORD_CUE}[^\\n.。]{0,25}?(?<![A-Za-z])(?:default|factory default)|(?:default|初期|デフォルト)[^\\S\\n]*(?:の)?[^\\S\\n]*${PASSWORD_CUE}[^\\S\\n]*(?:is|was|:|=|は|が|の)?(?:[^\\S\\n]*still)?)[^\\S\\n]*(?:is|was|:|=|は|の)?[^\\S\\n]*[「『"'“]?)[A-Za-z0-9!@#$%^&*._-]{3,20}(?![A-Za-z0-9!@#$%^&*_-])`,
      'gi',
    ),
    when: new RegExp(PASSWORD_CUE, 'i'),
    accept: (m) => !/^(?:one|ones|value|values|setting|settings|password|passwords|pass|and|or|for|to|the|is|was|of|from|vendor|factory|still|set|unchanged|changed|never|not|on|in|at|config|configuration|login|PIN|code|policy|policies|rule|rules|requirement|requirements|length|complexity|manager|change|reset|expiry|expiration|must|should|requires|required|will|can|has|had|with|every|after|before|when|if|by|setup|page|screen|list|lists)$/i.test(m),
  },
  // A password written without a cue or with one far off, in a text about signing in, an account or a key (いつもの
  // Sakura#88 で入れない, I typed Haru2024! into a page that looked like our login, 「メール Yuki0808!」, the Wi-Fi key for
  // the branch is NgyBr@nch-5G-2025): a string built as people build passwords (isBuiltLikePassword), standing alone.
  {
    kind: 'PASSWORD',
    when: /パスワード|パス|暗証|ログイン|サインイン|アカウント|入れな|入れません|入力|打ち込|Wi-?Fi|無線|(?<![A-Za-z])(?:passwords?|passcode|pw|login|log(?:ged)? ?in|sign(?:ed)? ?in|accounts?|typed|entered|credentials?|key)(?![A-Za-z])/i,
    re: /(?<![\x21-\x7E])[A-Za-z0-9!#$%&*@^~+=?_.-]{6,64}?(?=[」』"”)]|[.,;:)]?(?:\s|$)|[^\x21-\x7E])/g,
    accept: isBuiltLikePassword,
  },
  // A value typed into a page, without a symbol (I typed Natsu2024 into the fake page, 偽サイトに Minato55 を入力してしまった),
  // in a text about signing in or a password: letters with digits right after the verb of typing, or right before
  // を入力/と打った. A ticket id (INC-2041), a product with its number (Windows11) or an order number stays (isSecretLike).
  {
    kind: 'PASSWORD',
    when: /パスワード|ログイン|サインイン|アカウント|(?<![A-Za-z])(?:passwords?|login|log(?:ged)? ?in|sign(?:ed)? ?in|sign-in|credentials?)(?![A-Za-z])/i,
    re: /(?<=(?<![A-Za-z])(?:typed|entered|put in|keyed in)[^\S\n]+(?:in[^\S\n]+)?[「『"'“]?)(?=[\x21-\x7E]*\d)(?=[\x21-\x7E]*[A-Za-z])[\x21-\x7E]{6,64}?(?=[」』"'”]|[.,;)]?(?:\s|$))|(?<![\x21-\x7E])(?=[\x21-\x7E]*\d)(?=[\x21-\x7E]*[A-Za-z])[\x21-\x7E]{6,64}?(?=[」』"'”]?[^\S\n]*(?:を|と|って)[^\S\n]*(?:入力|打ち込|打っ|入れ))/gi,
    accept: (m) => isSecretLike(m) && !/^[A-Z]{2,}-?\d+$/.test(m),
    // What the value was typed as, when said, decides: an order, ticket, member or serial number is none (entered
    // ABC123 as the order number, 注文番号に AB1234 を入力).
    around: (text, start, end) =>
      !/^[^\S\n]*(?:as|in|into|for)[^\S\n]+(?:the|an?|my|our|their|his|her)?[^\S\n]*(?:order|ticket|invoice|ref(?:erence)?|customer|member(?:ship)?|user ?(?:name|id)?|ID|tracking|serial|product|coupon|promo|voucher|case|search)/i.test(text.slice(end, end + 40)) &&
      !/(?:注文|受付|問い合わせ|問合せ|伝票|会員|お客様|顧客|ユーザー|チケット|製品|シリアル|クーポン|検索)(?:番号|ID|コード|欄|窓)?[^\S\n]*(?:に|は|欄に|:|：)?[^\S\n]*$/.test(text.slice(Math.max(0, start - 16), start)),
  },
  // A password told before its cue (used Summer2024 as her password, 「hana0701」をパスワードにしてた).
  {
    kind: 'PASSWORD',
    re: new RegExp(
      `(?<![\\x21-\\x7E])[「『"“]?[\\x21-\\x7E]{4,64}?[」』"”]?(?=[^\\S\\n]+as[^\\S\\n]+(?:(?:my|his|her|their|the|our|a|its|your)[^\\S\\n]+)?(?:new[^\\S\\n]+)?(?:password|passcode|PIN|pw)(?![A-Za-z])|[^\\S\\n]*(?:を|って|という|が)?[^\\S\\n]*(?:の)?(?:パスワード|パスコード|暗証番号|PW)(?:に|として|にして|にしてる|にしてた|にしてい))`,
      'gi',
    ),
    accept: (m) => /^[「『"“].+[」』"”]$/.test(m) ? m.length >= 5 : isSecretLike(m),
  },
  // A list of logins and their passwords (pw.txt の中身：⏎複合機管理者：admin1234⏎Amazon k0uji!amzn, admin / K1kan#Sys2022):
  // in a text about passwords, the value ending a line after its label, or after a user name and a slash.
  {
    kind: 'PASSWORD',
    re: /(?<=^[^\S\n]*(?:[-・*•][^\S\n]*)?[^\n:：=]{1,24}?(?:[^\S\n]*[:：][^\S\n]*|[^\S\n]+))(?=[\x21-\x7E]*\d)[\x21-\x7E]{4,64}(?=[^\S\n]*$)|(?<=(?:^|[\s「『"“])[A-Za-z0-9_@-]{2,30}[^\S\n]*[/／][^\S\n]*)(?=[\x21-\x7E]*\d)[\x21-\x7E]{6,64}?(?=[」』"”]|[.,;)]?(?:\s|$))/gm,
    accept: (m) => isSecretLike(m) && !/^[A-Z]{2,}\d+$/.test(m),
    when: /パスワード|暗証番号|パスコード|PW|ログイン情報|認証情報|(?<![A-Za-z])(?:passwords?|pw|pwd|passcodes?|credentials|logins)(?![A-Za-z])/i,
  },
  // A login told as its address or user name and the password after a slash, where the text says it is a login
  // (ログインは taro@… / pan-pan-0311, sign-in: m.ito / Sakura#88): the address is hidden by then, its placeholder counts.
  {
    kind: 'PASSWORD',
    when: /ログイン|サインイン|(?<![A-Za-z])(?:login|log-?in|sign-?in|logon|credentials?)(?![A-Za-z])/i,
    // A slash with no space after a word with a dot is a path (example.com/abc123), no pair.
    re: /(?=[\x21-\x7E]{6})(?<=(?:^|[\s「『"“(:：])(?:(?:[A-Za-z0-9_@.-]{2,40}|\[EMAIL_\d+\])(?:[^\S\n]+[/／][^\S\n]*|[^\S\n]*[/／][^\S\n]+)|[A-Za-z0-9_@-]{2,40}[/／]))(?=[\x21-\x7E]*\d)[\x21-\x7E]{6,64}?(?=[」』"”)]|[.,;)]?(?:\s|$)|[^\x21-\x7E])/g,
    // A path after a verb and a slash (read /share/2024/) is none.
    accept: (m) => isSecretLike(m) && !/^[A-Z]{2,}\d+$/.test(m) && !/^(?:https?:|www\.)/.test(m) && !m.includes('/'),
  },
];
