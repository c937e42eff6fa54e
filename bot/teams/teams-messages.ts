import type { Lang } from '../../knowledge/text/normalize.js';
import { fill } from '../../handlers/messages.js';

/**
 * Strings only the Teams app shows (refusals at the door, usage, the resolve
 * dialog, file links). The conversation itself speaks through
 * handlers/messages.ts; these are the Teams surface around it, in both
 * languages with the same placeholders (checked by test/unit/teams-renderer.test.ts).
 */
export const TEAMS_MESSAGES = {
  'render.truncated': {
    ja: '(Teamsに表示できる長さを超えたため、一部を省略しました)',
    en: '(Shortened: the full text is longer than Teams can show.)',
  },
  'unknownTenant': {
    ja: 'この Microsoft 365 組織はお助けボットにまだ登録されていないため、ご相談を受け付けられません。社内のIT担当者または契約先のサポート窓口にお問い合わせください。',
    en: 'This Microsoft 365 organisation is not registered with Otasuke Bot yet, so I cannot take questions here. Please contact your IT administrator or your support provider.',
  },
  'usage': {
    ja: 'セキュリティで困ったことを、このチャットに書いてください(チャンネルでは @お助けボット とメンションしてください)。回答のあと、同じ会話(チャンネルでは同じスレッド)に書き込むと続きのご相談になります。「新しい相談」で別の相談を始めます。\n管理者: kb search|list|show|history|publish|archive|restore|gaps|add|edit …  担当者: claim|release|resolve|reply|report OT-…',
    en: 'Tell me what looks wrong in this chat (in a channel, mention @Otasuke). After my answer, keep writing in the same chat (in a channel, the same reply chain) to follow up. Type "new" to start another question.\nAdmins: kb search|list|show|history|publish|archive|restore|gaps|add|edit …  Responders: claim|release|resolve|reply|report OT-…',
  },
  'newCase': { ja: '新しいご相談として受け付けます。内容を書いてください。', en: 'Starting a new question. Tell me what is happening.' },
  'welcome': {
    ja: 'お助けボットです。セキュリティで困ったら、いつでもここに書いてください。緊急のときは最初にやるべきことからお伝えし、担当者におつなぎします。',
    en: 'Hi, I am Otasuke Bot. When something looks wrong, write it here. In an emergency I tell you what to do first and bring in a responder.',
  },
  'invoke.done': { ja: '受け付けました。', en: 'Done.' },
  'invoke.working': { ja: '処理しています。結果はこの会話にお知らせします。', en: 'Working on it. The result will appear in this conversation.' },
  'dialog.resolve.title': { ja: '案件を解決', en: 'Resolve case' },
  'dialog.resolve.intro': { ja: '{number} を解決済みにします。要約は相談者に送られます。', en: 'Resolve {number}. The summary is sent to the asker.' },
  'dialog.resolve.label': { ja: '対応の要約', en: 'Resolution summary' },
  'dialog.resolve.placeholder': { ja: '例: 感染したPCを隔離し、バックアップから復元しました。', en: 'e.g. Isolated the infected PC and restored the files from backup.' },
  'dialog.resolve.submit': { ja: '解決する', en: 'Resolve' },
  'dialog.resolve.empty': { ja: '要約を書いてください。', en: 'Please write a summary.' },
  'dialog.reclassify.title': { ja: '判定を修正', en: 'Correct triage' },
  'dialog.article.title': { ja: '参考記事', en: 'Article' },
  'dialog.reclassify.intro': {
    ja: '{number} の緊急度と分類を修正します。理由とともに案件の履歴に残り、同意した会社の分だけ次の学習に使われます。',
    en: 'Correct the urgency and category of {number}. The correction and its reason go on the case timeline, and (for companies that agreed) into the next training.',
  },
  'dialog.reclassify.severity': { ja: '緊急度', en: 'Urgency' },
  'dialog.reclassify.category': { ja: '分類', en: 'Category' },
  'dialog.reclassify.reason': { ja: '理由', en: 'Reason' },
  'dialog.reclassify.submit': { ja: '修正する', en: 'Correct' },
  'dialog.reclassify.empty': { ja: '理由を書いてください。', en: 'Please give a reason.' },
  'dialog.dispatch.required': { ja: 'この欄は必須です。', en: 'This field is required.' },
  'file.ready': { ja: '📎 {name}({size})。リンクは{minutes}分間有効です。', en: '📎 {name} ({size}). The link works for {minutes} minutes.' },
  'file.download': { ja: 'ダウンロード', en: 'Download' },
  'file.inline': { ja: '📎 {name} の内容:', en: '📎 Contents of {name}:' },
  'file.unavailable': {
    ja: 'この環境では Teams にファイルをお届けできません。Markdown 形式(例: report OT-000123 md)なら本文をここに表示できます。PDF が必要な場合は管理者にご相談ください。',
    en: 'Files cannot be delivered to Teams from this installation. The Markdown format (e.g. report OT-000123 md) can be shown here instead; ask an admin for the PDF.',
  },
} as const satisfies Record<string, Record<Lang, string>>;

export type TeamsMessageKey = keyof typeof TEAMS_MESSAGES;

export function teamsText(lang: Lang, key: TeamsMessageKey, params: Record<string, string | number> = {}): string {
  return fill(TEAMS_MESSAGES[key][lang], params);
}

/** The UI language of a Bot Framework locale (`ja-JP` → ja, `en-US` → en); undefined when none is given. */
export function langOfLocale(locale: string | undefined): Lang | undefined {
  if (!locale) return undefined;
  return /^ja\b/i.test(locale) ? 'ja' : 'en';
}
