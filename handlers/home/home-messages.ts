import type { Lang } from '../../knowledge/text/normalize.js';
import { fill } from '../messages.js';

/**
 * Strings of the personal overview (the Slack Home tab, a Teams personal tab).
 * Kept beside the overview rather than in messages.ts while other work edits
 * that file; same shape and the same placeholder check in the tests.
 */
export const HOME_MESSAGES = {
  'home.title': { ja: 'お助けボット', en: 'Otasuke Bot' },
  'home.intro': {
    ja: 'セキュリティで困ったら、私にDMを送るか、チャンネルでメンションするか、`/otasuke 相談内容` と入力してください。緊急のときは最初にやるべきことからお伝えし、担当者におつなぎします。',
    en: 'When something looks wrong, send me a DM, mention me in a channel, or type `/otasuke your question`. In an emergency I tell you what to do first and bring in a responder.',
  },
  'home.myCases': { ja: 'あなたの相談(未解決)', en: 'Your open cases' },
  'home.noCases': { ja: '未解決の相談はありません。', en: 'You have no open cases.' },
  'home.queue': { ja: '対応待ちの案件', en: 'Waiting for a responder' },
  'home.noQueue': { ja: '対応待ちの案件はありません。', en: 'Nothing is waiting.' },
  'home.myClaims': { ja: 'あなたが担当中の案件', en: 'Your cases' },
  'home.noClaims': { ja: '担当中の案件はありません。', en: 'You are not handling any case.' },
  'home.kbStats': { ja: 'ナレッジベース', en: 'Knowledge base' },
  'home.kbCounts': { ja: '公開 {published} 件 / 下書き {draft} 件 / アーカイブ {archived} 件', en: '{published} published / {draft} drafts / {archived} archived' },
  'home.gaps': { ja: '回答できなかった質問(過去{days}日)', en: 'Questions the knowledge base could not answer (last {days} days)' },
  'home.noGaps': { ja: 'ありません。', en: 'None.' },
  'home.caseLine': { ja: '{number} ・ {state} ・ {severity}\n{question}', en: '{number} · {state} · {severity}\n{question}' },
  'home.more': { ja: 'ほか {count} 件', en: '{count} more' },
  'home.llm': { ja: '言語モデル(AI)の利用(あなたの会社)', en: 'Language model (AI) for your company' },
  'home.llm.turnOn': { ja: '言語モデルを使う', en: 'Turn the language model on' },
  'home.llm.turnOff': { ja: '言語モデルを使わない', en: 'Turn the language model off' },
  'home.llm.switchedOn': { ja: '言語モデルの利用をオンにしました。以後の質問から、上記の内容が送信先に送られます。', en: 'The language model is now on: from the next question, what is listed above is sent to the provider.' },
  'home.llm.switchedOff': { ja: '言語モデルの利用をオフにしました。以後の質問は社外に送られず、オフラインで回答します。', en: 'The language model is now off: questions stay on this machine and are answered offline.' },
  'state.new': { ja: '受付', en: 'new' },
  'state.answered': { ja: '回答済み', en: 'answered' },
  'state.escalated': { ja: '担当者待ち', en: 'waiting for a responder' },
  'state.claimed': { ja: '対応中', en: 'in progress' },
  'state.resolved': { ja: '解決済み', en: 'resolved' },
  'state.closed': { ja: '終了', en: 'closed' },
} as const satisfies Record<string, Record<Lang, string>>;

export type HomeMessageKey = keyof typeof HOME_MESSAGES;

export function homeText(lang: Lang, key: HomeMessageKey, params: Record<string, string | number> = {}): string {
  return fill(HOME_MESSAGES[key][lang], params);
}
