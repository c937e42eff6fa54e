import type { Rule } from './redaction.js';

/**
 * Secrets told by how they are written rather than by a cue right before them (the holdout-8 round):
 * keys of equal mixed groups, a code quoted inside the text message that carried it, the random part of
 * a share link, a password glued to its cue, quoted far after it, a default login pair, and a note of
 * quoted "label value" pairs. The Redactor runs them with the other secrets (secret-rules.ts).
 */

/** Words of a text about passwords or their cue (パスワード, PW, passcode). */
const PASSWORD_WORDS = '(?:パスワード|パスコード|暗証番号|(?<![A-Za-z])(?:passwords?|passcodes?|pass|pw|pwd)(?![A-Za-z]))';

/** Letters and digits both: what a generated secret has and a word or a number has not. */
const mixed = (s: string): boolean => /[A-Za-z]/.test(s) && /\d/.test(s);

/** Tokens: keys, one-time codes and link secrets recognised by their shape or their message. */
export const TOKEN_CONTEXT_RULES: readonly Rule[] = [
  // A generated key shown in three or more groups of the same length, each group mixing letters and digits
  // (recovery codes 8f3k-2mzq-9wtx, a registry's identifier A4K7-9PQ2-W8ZN). Part, order and phone numbers have
  // groups of digits only or of different lengths (AB-1234-XY, 2024-0612-0001); one case throughout, as printed.
  {
    kind: 'TOKEN',
    re: /(?<![A-Za-z0-9-])(?:[A-Z0-9]{4,5}(?:-[A-Z0-9]{4,5}){2,7}|[a-z0-9]{4,5}(?:-[a-z0-9]{4,5}){2,7})(?![A-Za-z0-9-])/g,
    accept: (m) => {
      const groups = m.split('-');
      return groups.every((g) => g.length === groups[0]!.length && mixed(g));
    },
  },
  // A one-time code quoted with the text message that carried it ("G-582947 is your Google verification code",
  // 123456 is your code): the service's letter prefix stays, the digits go.
  {
    kind: 'TOKEN',
    re: /(?<![A-Za-z0-9])(?:(?<=[A-Z]-))?\d{4,8}(?=[^\S\n]+is[^\S\n]+your[^\S\n]+(?:[A-Za-z-]+[^\S\n]+){0,3}(?:code|PIN|passcode|one-time password|OTP)(?![A-Za-z]))/g,
  },
  // The random part of a share or unlisted link (share.example-drive.com/f/Kx8Qm2Vr5Lp0Zt7W, vimeo…/9988123/4fa1c2e9b7):
  // whoever has the link sees the file, so the part is a secret as a query's token is. A segment of ten or more
  // letters and digits that reads as random: hexadecimal with both, or mixed case with digits and no word in it.
  {
    kind: 'TOKEN',
    re: /(?<=https?:\/\/[^\s/]+(?:\/[^\s/?#]*)*\/)[A-Za-z0-9_-]{10,64}(?=[/?#]|[.,;:)」』"']?(?:\s|$)|[^\x21-\x7E])/g,
    accept: (m) =>
      (/^[0-9a-f]+$/.test(m) && (m.match(/\d/g) ?? []).length >= 3 && (m.match(/[a-f]/g) ?? []).length >= 3) ||
      (/[A-Z]/.test(m) && /[a-z]/.test(m) && (m.match(/\d/g) ?? []).length >= 3 && !/[A-Za-z]{5}/.test(m)),
  },
];

/** Passwords written against, far after or beside their cue, and in notes of logins. */
export const PASSWORD_CONTEXT_RULES: readonly Rule[] = [
  // A cue in capitals glued to the value in Japanese text (管理者PWmenya2023!!, 暗証PIN0729): no space is needed
  // between scripts, and a Latin cue against a lower-case or digit value ends where the value starts.
  {
    kind: 'PASSWORD',
    re: /(?<=[\u3040-\u30ff\u3400-\u9fff](?:PW|PWD|PASS|PIN))(?=[\x21-\x7E]*\d)[a-z0-9][\x21-\x7E]{3,63}?(?=[」』"'”]|[.,;)]?(?:\s|$)|[^\x21-\x7E])/g,
  },
  // A value quoted later in the sentence that names the password (the Wi-Fi password is on a card at the hall:
  // "Kaisen2024wifi", パスワードは受付の横の紙に「…」と): letters with digits, set off in quotes, before the sentence ends.
  {
    kind: 'PASSWORD',
    re: new RegExp(`(?<=${PASSWORD_WORDS}[^\\n。!?]{0,100}?[「『"“])(?=[\\x21-\\x7E]*\\d)(?=[\\x21-\\x7E]*[A-Za-z])[\\x21-\\x7E]{6,64}(?=[」』"”])`, 'gi'),
    when: new RegExp(PASSWORD_WORDS, 'i'),
    accept: (m) => !/^(?:https?:|www\.)/i.test(m) && !/@[A-Za-z0-9-]+\./.test(m) && !/^[A-Z]{1,10}-\d+$/.test(m) && !/\.[a-z]{2,4}$/i.test(m),
  },
  // A default login told as user/password (the default login admin/admin, 初期設定の root/root のまま), a login word
  // between (a default theme of light/dark is none): the part after the slash is the password even when it is a plain word, since the default is what attackers try.
  {
    kind: 'PASSWORD',
    re: /(?<=(?:(?<![A-Za-z])(?:default|factory)|初期|デフォルト)[^\n.。]{0,20}?(?:(?<![A-Za-z])(?:login|log-in|credentials?|user(?:name)?|account|admin|password|pw)(?![A-Za-z])|ログイン|ID|アカウント|パスワード|設定)[^\n.。]{0,12}?(?<![\x21-\x7E])[A-Za-z0-9_.@-]{2,20}[/／])[A-Za-z0-9!@#$%^&*._-]{3,20}(?![\x21-\x7E]*[/／])(?=[.,;)」』"'”]?(?:\s|$)|[^\x21-\x7E])/gi,
    when: /default|factory|初期|デフォルト/i,
  },
  // A note of logins written as quoted pairs, a service or place then its secret (メモ帳に「freee Keiri#2024spring」
  // 「銀行 0729」): two such pairs in a row say the note lists credentials; each value with a digit is one.
  {
    kind: 'PASSWORD',
    re: /(?<=[「『"“][^」』"”\s]{1,20}[^\S\n]+)(?=[\x21-\x7E]*\d)[\x21-\x7E]{4,64}(?=[」』"”][^\S\n]*(?:[、,]?[^\S\n]*[「『"“][^」』"”\s]{1,20}[^\S\n]+[\x21-\x7E]{4,64}[」』"”]))|(?<=[「『"“][^」』"”\s]{1,20}[^\S\n]+[\x21-\x7E]{4,64}[」』"”][^\S\n]*[、,]?[^\S\n]*[「『"“][^」』"”\s]{1,20}[^\S\n]+)(?=[\x21-\x7E]*\d)[\x21-\x7E]{4,64}(?=[」』"”])/g,
    accept: (m) => !/^(?:https?:|www\.)/i.test(m) && !/^\d{1,4}[/.-]\d{1,2}(?:[/.-]\d{1,4})?$/.test(m) && !/^[$¥€£]?[\d,.]+円?$/.test(m.replace(/^\d{4}$/, 'x')),
  },
];
