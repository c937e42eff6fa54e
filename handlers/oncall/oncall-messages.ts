import type { Lang } from '../../knowledge/text/normalize.js';
import { fill } from '../messages.js';

/**
 * The on-call and office-hours strings, in Japanese and English (kept beside the feature so the
 * shared catalogue in handlers/messages.ts stays small; a unit test checks both languages carry
 * the same placeholders, as for the main catalogue).
 */
export const ONCALL_MESSAGES = {
  'afterHours.wait': {
    ja: '現在は担当チームの対応時間外です。担当者がこの案件(案件 {number})を確認するのは {when} 以降になります。被害が広がっている・急ぎの場合は、このスレッドにそう書き込んでください。',
    en: 'The responder team is outside its office hours right now. A person will look at this case ({number}) from {when}. If damage is spreading or it is urgent, say so in this thread.',
  },
  'afterHours.noOpening': {
    ja: '現在は担当チームの対応時間外で、次の対応開始時刻は決まっていません(案件 {number})。',
    en: 'The responder team is outside its office hours and has no opening time set (case {number}).',
  },
  'afterHours.paged': {
    ja: '対応時間外のため、当番の担当者を呼び出しました(案件 {number})。',
    en: 'It is outside office hours, so the on-call responder has been paged (case {number}).',
  },
  'page.title': {
    ja: '🚨 呼び出し({attempt}回目): {tenant} の案件 {number}(重要度: {severity})',
    en: '🚨 Page (attempt {attempt}): case {number} of {tenant} (severity: {severity})',
  },
  'page.body': {
    ja: '対応時間外の緊急案件です。「受領して担当する」を押すと、この案件の担当になり呼び出しが止まります。\n相談内容: {question}',
    en: 'An urgent case outside office hours. Press "Acknowledge and take it" to take the case and stop the pages.\nQuestion: {question}',
  },
  'page.ack': { ja: '受領して担当する', en: 'Acknowledge and take it' },
  'page.acked': { ja: '受領しました。案件 {number} の担当になりました。', en: 'Acknowledged: case {number} is yours now.' },
  'ack.remind': {
    ja: '{name}さん、案件 {number} で {minutes}分間 依頼者への連絡がありません。状況をひとこと伝えてください。このまま{revert}分経つと、案件は未担当に戻ります。',
    en: '{name}, case {number} has had no message to the asker for {minutes} min. Please give them an update; after {revert} min without one the case goes back to the queue.',
  },
  'ack.reverted': {
    ja: '案件 {number} は担当者から {minutes}分間 連絡がなかったため、未担当に戻しました。対応できる方は「担当する」を押してください。',
    en: 'Case {number} had no message from its holder for {minutes} min and is back in the queue, unclaimed. Press "Claim" if you can take it.',
  },
  'now.onCall': { ja: '当番: {name}({until} まで)', en: 'On call: {name} (until {until})' },
  'now.nobody': { ja: '当番: 未設定', en: 'On call: nobody set' },
  'now.open': { ja: '対応時間内', en: 'Within office hours' },
  'now.closed': { ja: '対応時間外(次の開始: {when})', en: 'Outside office hours (next opening: {when})' },
  'now.alwaysOpen': { ja: '対応時間: 未設定(常時対応)', en: 'Office hours: not set (always open)' },
} as const satisfies Record<string, Record<Lang, string>>;

export type OnCallMessageKey = keyof typeof ONCALL_MESSAGES;

export function ot(lang: Lang, key: OnCallMessageKey, params: Record<string, string | number> = {}): string {
  return fill(ONCALL_MESSAGES[key][lang], params);
}
