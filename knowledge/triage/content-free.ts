import { normalizeText } from '../text/normalize.js';

/*
 * A message that describes nothing: a greeting, a thank-you, an "ok", a "test" typed to see whether
 * the bot answers. The recognisers learned from messages that say something, and on two or three
 * characters their reading is noise (a bare "hello" read as a medium case and went to responders).
 * Such a message is chit-chat whatever they read — unless it comes inside a thread, where "ok" or
 * "thanks" answers the bot about the case in hand (the thread's triage then stands).
 */
const FILLERS = [
  // Japanese: greetings, thanks, acknowledgements, tests.
  'おはようございます', 'おはよう', 'こんにちは', 'こんにちわ', 'こんばんは', 'こんばんわ', 'はじめまして', 'もしもし', 'おーい',
  'おつかれさまです', 'おつかれさま', 'お疲れさまです', 'お疲れ様です', 'お疲れさま', 'お疲れ様', 'おつかれ', 'お疲れ',
  'ありがとうございました', 'ありがとうございます', 'ありがとう', 'どうも',
  'よろしくおねがいします', 'よろしくお願いします', 'よろしくお願いいたします', 'よろしくお願い致します', 'よろしく',
  '了解しました', '了解です', '了解', '承知しました', '承知いたしました', 'わかりました', 'はい', 'いいえ', 'おけ',
  'テスト', 'てすと', 'ボット', 'さん', 'です', 'でした', '中',
  // English.
  'good morning', 'good afternoon', 'good evening', 'thank you', 'thanks', 'thx', 'cheers', 'hello', 'hiya', 'hey', 'hi', 'yo',
  'testing', 'test', 'ping', 'okay', 'ok', 'yes', 'no', 'bot', 'there', 'all', 'everyone', 'team',
].sort((a, b) => b.length - a.length);

const FILLER = new RegExp(FILLERS.map((w) => (/^[a-z ]+$/.test(w) ? `\\b${w}\\b` : w)).join('|'), 'g');
// Mentions, punctuation, symbols, emoji (and their :short_codes:), digits and spaces carry no situation.
const NOISE = /<[!@#][^>]*>|:[a-z0-9_+-]+:|[\p{P}\p{S}\p{N}\s]|\u200d|\ufe0f/gu;

/** True when the message, once greetings, thanks, acknowledgements and tests are taken out, says nothing. */
export function isContentFree(text: string): boolean {
  const normalized = normalizeText(text).toLowerCase();
  if (normalized.length > 60) return false;
  return normalized.replace(FILLER, ' ').replace(NOISE, '') === '';
}
