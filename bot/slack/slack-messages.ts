import type { Lang } from '../../knowledge/text/normalize.js';
import { fill } from '../../handlers/messages.js';

/**
 * Strings only the Slack app shows (acknowledgements, modals, usage). The
 * conversation itself speaks through handlers/messages.ts; these are the
 * Slack surface around it, in both languages with the same placeholders
 * (checked by test/unit/slack-renderer.test.ts).
 */
export const SLACK_MESSAGES = {
  'render.truncated': {
    ja: '(Slackに表示できる長さを超えたため、一部を省略しました)',
    en: '(Shortened: the full text is longer than Slack can show.)',
  },
  'ack.working': { ja: '確認しています。少しお待ちください…', en: 'Working on it…' },
  'ack.workingDm': {
    ja: '確認しています。回答はお助けボットとのダイレクトメッセージのスレッドにお届けします。',
    en: 'Working on it. The answer will arrive in a thread in your direct messages with me.',
  },
  'slash.questionRoot': { ja: '📝 ご相談: {question}', en: '📝 Your question: {question}' },
  'usage': {
    ja: 'セキュリティのご相談は、私にDMを送るか、チャンネルで @お助けボット とメンションするか、`/otasuke 相談内容` と入力してください。回答はスレッドに届き、同じスレッドに書き込むと続きのご相談になります。\n管理者: `/otasuke kb search|add|edit|publish|archive|gaps …`  担当者: `/otasuke claim|release|reply|report OT-…`',
    en: 'Ask a security question by sending me a DM, mentioning @Otasuke in a channel, or typing `/otasuke your question`. The answer arrives in a thread; write in the same thread to follow up.\nAdmins: `/otasuke kb search|add|edit|publish|archive|gaps …`  Responders: `/otasuke claim|release|reply|report OT-…`',
  },
  'notInstalled': {
    ja: 'このワークスペースにはまだお助けボットがインストールされていないため、ご相談を受け付けられません。ワークスペースの管理者にインストールを依頼してください。',
    en: 'Otasuke Bot is not installed in this workspace yet, so I cannot take questions here. Please ask a workspace admin to install it.',
  },
  'modal.resolve.title': { ja: '案件を解決', en: 'Resolve case' },
  'modal.resolve.submit': { ja: '解決する', en: 'Resolve' },
  'modal.close': { ja: 'キャンセル', en: 'Cancel' },
  'modal.resolve.intro': { ja: '{number} を解決済みにします。要約は相談者に送られます。', en: 'Resolve {number}. The summary is sent to the asker.' },
  'modal.resolve.label': { ja: '対応の要約', en: 'Resolution summary' },
  'modal.resolve.placeholder': { ja: '例: 感染したPCを隔離し、バックアップから復元しました。', en: 'e.g. Isolated the infected PC and restored the files from backup.' },
  'modal.resolve.empty': { ja: '要約を書いてください。', en: 'Please write a summary.' },
  'modal.dispatch.empty': { ja: 'この欄は必須です。', en: 'This field is required.' },
  'modal.reclassify.title': { ja: '判定を修正', en: 'Correct triage' },
  'modal.article.title': { ja: '参考記事', en: 'Article' },
  'modal.reclassify.submit': { ja: '修正する', en: 'Correct' },
  'modal.reclassify.intro': {
    ja: '{number} の緊急度と分類を修正します。理由とともに案件の履歴に残り、同意した会社の分だけ次の学習に使われます。',
    en: 'Correct the urgency and category of {number}. The correction and its reason go on the case timeline, and (for companies that agreed) into the next training.',
  },
  'modal.reclassify.severity': { ja: '緊急度', en: 'Urgency' },
  'modal.reclassify.category': { ja: '分類', en: 'Category' },
  'modal.reclassify.reason': { ja: '理由', en: 'Reason' },
  'modal.reclassify.placeholder': { ja: '例: 予防の質問で、実際の被害はありませんでした。', en: 'e.g. It was a prevention question; nothing had happened.' },
  'modal.reclassify.empty': { ja: '理由を書いてください。', en: 'Please give a reason.' },
  'modal.kb.titleAdd': { ja: '記事を追加', en: 'Add an article' },
  'modal.kb.titleEdit': { ja: '記事を編集', en: 'Edit an article' },
  'modal.kb.submit': { ja: '保存', en: 'Save' },
  'modal.kb.intro': {
    ja: '記事をMarkdown(先頭に front matter: slug、lang、title など)で書いてください。長い記事は複数の欄に分かれています。欄は順につなげて保存されます。',
    en: 'Write the article as Markdown with front matter (slug, lang, title …). A long article is split over several boxes, joined in order when saved.',
  },
  'modal.kb.label': { ja: '記事のMarkdown({part}/{parts})', en: 'Article Markdown ({part}/{parts})' },
  'modal.kb.labelMore': { ja: '続き(任意)', en: 'More (optional)' },
  'modal.kb.tooLong': {
    ja: '{slug} はSlackの入力欄に収まらない段落を含むため、ここでは編集できません。`npm run kb -- import` で取り込んでください。',
    en: '{slug} has a paragraph too long for a Slack input box, so it cannot be edited here. Use `npm run kb -- import` instead.',
  },
  'modal.kb.invalid': { ja: '保存できません: {problems}', en: 'Cannot save: {problems}' },
  'file.sentToDm': { ja: 'ファイル {name} をダイレクトメッセージに送りました。', en: 'The file {name} was sent to your direct messages.' },
} as const satisfies Record<string, Record<Lang, string>>;

export type SlackMessageKey = keyof typeof SLACK_MESSAGES;

export function slackText(lang: Lang, key: SlackMessageKey, params: Record<string, string | number> = {}): string {
  return fill(SLACK_MESSAGES[key][lang], params);
}
