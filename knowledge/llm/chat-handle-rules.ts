import type { Rule } from './redaction.js';

/**
 * A messenger account's user id or handle told in a sentence (the holdout-10 round): LINE, Chatwork, Telegram,
 * Discord, Instagram and the like let anyone find a person by it, so it is a chat id like a Slack member id.
 * The Redactor runs these after the ID documents (an employee ID E88214 is theirs) and the secrets (a login ID
 * beside its password is the password rule's).
 */

/** A text that names a messenger: only then is an ID after it a handle, not a ticket's or a meeting's. */
const MESSENGER = /LINE|ライン|Chatwork|チャットワーク|Telegram|テレグラム|Discord|ディスコード|Skype|スカイプ|Instagram|インスタ|Kakao|カカオ|WeChat|Signal|Viber|Messenger|TikTok|Threads|Twitter|ツイッター|(?<![A-Za-z])X(?:\s?[(（]旧Twitter[)）])?(?![A-Za-z])/;

/** A handle's shape: letters with an underscore, a dot or digits inside (kaito_0822, santos.fishing77, mochizuki_design). */
const HANDLE = '[A-Za-z][A-Za-z0-9._-]{2,31}(?<![._-])';

const handleLike = (m: string): boolean =>
  /[_.]|[A-Za-z]\d|\d[A-Za-z]/.test(m) && !/^[A-Z]{1,5}-?\d+$/.test(m) && !/^v?\d+(?:\.\d+)+$/i.test(m) && !/\.(?:com|net|org|jp|co|io|html?|pdf|xlsx?|docx?|zip|csv)$/i.test(m);

export const CHAT_HANDLE_RULES: readonly Rule[] = [
  // After an ID cue (IDが kashiya_eigyo_0714, 別アカウント（ID: santos.fishing77）, on LINE (ID: kaito_0822), LINE IDは …,
  // Telegram handle @… is an @mention's): the handle right after the cue, in a text that names a messenger.
  {
    kind: 'CHAT_ID',
    when: MESSENGER,
    re: new RegExp(`(?=[A-Za-z])(?<=(?:(?<![A-Za-z])(?:ID|Id|id|user ?name|username|handle|user ?id)|ユーザー名|ユーザーID|アカウント名|アカウントID)[^\\S\\n]*(?:[:：=]|は|が|is|of)?[^\\S\\n]*[「『"“(（]?)${HANDLE}(?![A-Za-z0-9@_-]|\\.[A-Za-z0-9])`, 'g'),
    accept: handleLike,
  },
  // After the messenger and the word for its user (Chatwork user mochizuki_design sent…, LINEアカウント kaito_0822 から).
  {
    kind: 'CHAT_ID',
    when: MESSENGER,
    re: new RegExp(
      `(?=[A-Za-z])(?<=(?:LINE|Chatwork|チャットワーク|Telegram|Discord|Skype|Instagram|インスタ|Kakao(?:Talk)?|WeChat|Signal|Viber|TikTok|Threads|Twitter)[^\\S\\n]*(?:の)?(?:user|account|contact|ユーザー|アカウント)[^\\S\\n]*(?:[:：]|は|が)?[^\\S\\n]*[「『"“]?)${HANDLE}(?![A-Za-z0-9@_-]|\\.[A-Za-z0-9])`,
      'g',
    ),
    accept: handleLike,
  },
];
