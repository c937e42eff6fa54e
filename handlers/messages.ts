import type { Lang } from '../knowledge/text/normalize.js';

/**
 * Every user-visible string, in Japanese and English. Keys are stable; a test
 * checks that both languages define every key with the same placeholders.
 */
export const MESSAGES = {
  'reply.firstAid': { ja: '今すぐやること', en: 'Do this now' },
  'reply.steps': { ja: '対応の手順', en: 'What to do' },
  'reply.avoid': { ja: 'やってはいけないこと', en: 'Do not' },
  'reply.sources': { ja: '参考記事', en: 'Sources' },
  'reply.escalated': {
    ja: '担当者に連絡しました(案件 {number})。このスレッドに書き込むと担当者に届きます。',
    en: 'A responder has been alerted (case {number}). Anything you write in this thread reaches them.',
  },
  'reply.humanRequested': {
    ja: '担当者におつなぎします(案件 {number})。このスレッドでお待ちください。',
    en: 'I am connecting you with a responder (case {number}). Please wait in this thread.',
  },
  'reply.noAnswer': {
    ja: 'ナレッジベースに確かな回答が見つかりませんでした。推測でお答えはしません。担当者に相談できます。',
    en: "I couldn't find a reliable answer in the knowledge base, and I won't guess. You can ask a responder.",
  },
  'reply.noAnswerEscalated': {
    ja: 'ナレッジベースに確かな回答が見つからなかったため、担当者に引き継ぎました(案件 {number})。',
    en: "I couldn't find a reliable answer in the knowledge base, so I've passed this to a responder (case {number}).",
  },
  'reply.offTopic': {
    ja: 'この窓口では、情報セキュリティに関するご相談にお答えしています。不審なメール、ウイルス、パスワードなど、お困りのことがあればお書きください。',
    en: 'This desk answers information-security questions. If something looks suspicious (an email, a pop-up, a login), tell me about it.',
  },
  'reply.injection': {
    ja: 'ご依頼の内容にはお応えできません。他のお客様の相談内容や設定をお見せすることはできず、この窓口からほかの方へ一斉通知を送ることもありません。セキュリティのご相談であればお書きください。',
    en: "I can't do that. I never show other customers' cases or settings, and I don't send announcements to others. If you have a security question, please ask it.",
  },
  'reply.followUpRecorded': {
    ja: '案件 {number} に追記しました。担当者に届きます。',
    en: 'Added to case {number}. The responder will see it.',
  },
  'reply.severityRaised': {
    ja: 'お知らせいただいた内容から緊急度を「{severity}」に引き上げました。',
    en: 'Based on what you added, I have raised the urgency to "{severity}".',
  },
  'reply.badge': { ja: '{severity}|{category}', en: '{severity}|{category}' },
  'button.helpful': { ja: '役に立った', en: 'Helpful' },
  'button.notHelpful': { ja: '役に立たなかった', en: 'Not helpful' },
  'button.talkToResponder': { ja: '担当者に相談する', en: 'Talk to a responder' },
  'feedback.thanks': { ja: 'ありがとうございます。今後の改善に役立てます。', en: 'Thank you. This helps us improve.' },
  'feedback.whatMissing': {
    ja: '申し訳ありません。何が足りなかったか、このスレッドで教えていただけますか?管理者が記事を改善します。',
    en: 'Sorry about that. What was missing? Reply in this thread and an admin will improve the article.',
  },
  'intake.intro': {
    ja: '担当者が早く動けるよう、分かる範囲で教えてください(案件 {number})。ボタンを押すと担当者に伝わります。分からない項目はそのままで大丈夫です。',
    en: 'To help the responder act quickly, tell us what you know (case {number}). Each answer goes straight to them; skip anything you are unsure of.',
  },
  'intake.recorded': {
    ja: '「{question}」に「{answer}」と記録しました(案件 {number})。担当者に伝わります。',
    en: 'Noted "{answer}" for "{question}" (case {number}). The responder will see it.',
  },
  'intake.updated': {
    ja: '「{question}」の回答を「{answer}」に更新しました(案件 {number})。担当者に伝わります。',
    en: 'Updated your answer to "{question}" to "{answer}" (case {number}). The responder will see it.',
  },
  'card.escalation.intake': { ja: '初期確認の回答', en: 'Intake answers' },
  'card.escalation.title': { ja: '{icon} {number} {tenant}', en: '{icon} {number} {tenant}' },
  'card.escalation.question': { ja: '相談内容', en: 'Question' },
  'card.escalation.signals': { ja: '判定の根拠', en: 'Signals' },
  'card.escalation.severity': { ja: '緊急度', en: 'Severity' },
  'card.escalation.category': { ja: '分類', en: 'Category' },
  'card.escalation.tier': { ja: '通知段階', en: 'Tier' },
  'card.escalation.renotify': {
    ja: '{wait}以内に対応者が決まらなかったため、再通知します。',
    en: 'Nobody claimed this within {wait}; notifying again.',
  },
  'card.escalation.claimedBy': { ja: '対応中: {name} ({time})', en: 'Handled by {name} ({time})' },
  'card.escalation.resolved': { ja: '解決済み', en: 'Resolved' },
  'button.saveDraft': { ja: 'ナレッジの下書きに保存', en: 'Save as KB draft' },
  'button.reopen': { ja: '再開する', en: 'Reopen' },
  'relay.fromResponder': { ja: '👤 {name}(対応担当): {text}', en: '👤 {name} (responder): {text}' },
  'relay.fromAsker': { ja: '👤 {name}(相談者): {text}', en: '👤 {name} (asker): {text}' },
  'relay.delivered': { ja: '担当者に届けました。', en: 'Passed on to the responder.' },
  'claim.toAsker': { ja: '担当の{name}さんが対応します。', en: '{name} from the responder team is handling your case now.' },
  'claim.done': { ja: '{number} を担当しました。このスレッドに書き込むと相談者に届きます。', en: 'You have {number}. Anything you write in this thread reaches the asker.' },
  'release.done': { ja: '{number} を手放しました。対応チームに再通知します。', en: 'You released {number}; the responder team is notified again.' },
  'release.toAsker': { ja: '担当者が交代します。次の担当者が決まるまでお待ちください(案件 {number})。', en: 'Your case is being handed to another responder (case {number}). Please wait.' },
  'reassign.done': { ja: '{number} を {name} さんに引き継ぎました。', en: '{number} is handed over to {name}.' },
  'reassign.toAsker': { ja: '担当が{name}さんに代わりました。', en: '{name} is now handling your case.' },
  'resolve.needsSummary': {
    ja: '解決内容の要約を書いてください(例: 「resolve OT-000123 LANを抜いて駆除済み。パスワードを変更しました」)。',
    en: 'Please write a resolution summary (e.g. "resolve OT-000123 Disconnected and cleaned; passwords changed").',
  },
  'resolve.toAsker': { ja: '案件 {number} は解決しました。\n対応の要約: {summary}', en: 'Case {number} is resolved.\nSummary: {summary}' },
  'resolve.done': { ja: '{number} を解決済みにしました。相談者に要約を送りました。', en: '{number} is resolved; the summary was sent to the asker.' },
  'resolve.reopenHint': {
    ja: 'まだ困っている場合は {hours} 時間以内なら「再開する」を押してください。',
    en: 'Still a problem? Press "Reopen" within {hours} hours.',
  },
  'reopen.done': { ja: '案件 {number} を再開し、担当チームに連絡しました。', en: 'Case {number} is reopened and the responder team is notified.' },
  'reopen.tooLate': {
    ja: '解決から時間がたったため、この案件は再開できません。新しいご相談として書き込んでください。',
    en: 'This case was resolved too long ago to reopen. Please ask again as a new question.',
  },
  'resolved.followUp': {
    ja: '案件 {number} は解決済みです。まだ困っている場合は「再開する」を押してください。',
    en: 'Case {number} is resolved. If the problem continues, press "Reopen".',
  },
  'draft.saved': { ja: '下書き {slug} を保存しました。管理者が確認して公開します。', en: 'Draft {slug} is saved for the admins to review and publish.' },
  'button.claim': { ja: '対応する', en: 'Claim' },
  'button.release': { ja: '手放す', en: 'Release' },
  'button.resolve': { ja: '解決', en: 'Resolve' },
  'error.generic': {
    ja: '申し訳ありません、処理中にエラーが発生しました。ご相談内容は記録されています。少し待ってからもう一度お試しください。',
    en: 'Sorry, something went wrong on our side. Your message has been recorded. Please try again in a moment.',
  },
  'error.temporary': {
    ja: 'ただいまシステムが一時的に利用できません。少し待ってからもう一度お試しください。',
    en: 'The system is temporarily unavailable. Please try again in a moment.',
  },
  'error.notSupported': { ja: 'この操作はこの画面ではご利用いただけません。', en: 'This action is not available here.' },
  'error.illegalTransition': {
    ja: '案件 {number} は現在この操作ができない状態です。',
    en: 'Case {number} cannot do that in its current state.',
  },
  'error.caseNotFound': { ja: '該当する案件が見つかりません。', en: 'That case could not be found.' },
  'error.alreadyClaimed': {
    ja: 'この案件はすでに {holder} さんが対応しています。',
    en: 'This case is already being handled by {holder}.',
  },
  'error.forbidden': { ja: 'この操作を行う権限がありません。', en: 'You are not allowed to do that.' },
  'error.responderOnly': {
    ja: '案件の対応は担当チームのメンバーのみが行えます。',
    en: 'Only the responder team can take cases.',
  },
  'error.intakeInvalid': {
    ja: 'この回答は受け付けられませんでした。表示されているボタンから選んでください。',
    en: 'That answer could not be accepted. Please choose one of the buttons shown.',
  },
  'error.intakeAskerOnly': {
    ja: 'この確認事項には、相談されたご本人か、同じ会社の管理者の方のみ回答できます。',
    en: 'Only the person who asked, or an admin of their company, can answer these questions.',
  },
  'error.unknownUser': {
    ja: 'このワークスペースはまだ登録されていないため、ご相談を受け付けられません。管理者にお問い合わせください。',
    en: 'This workspace is not registered yet, so I cannot take questions here. Please contact your administrator.',
  },
  'error.invalidInput': {
    ja: 'メッセージを読み取れませんでした。内容を確認して、もう一度送ってください。',
    en: 'I could not read that message. Please check it and send it again.',
  },
  'error.tooLong': {
    ja: 'メッセージが長すぎます({max}文字まで)。要点を短くまとめて送ってください。',
    en: 'That message is too long (limit {max} characters). Please send a shorter summary.',
  },
  'kb.usage': {
    ja: '使い方: kb search <質問> | list [draft|published|archived] | show <slug> | history <slug> | publish <slug> | archive <slug> | restore <slug> <版> | gaps [日数] | add (2行目以降に記事のMarkdown) | edit <slug> (2行目以降にMarkdown)',
    en: 'Usage: kb search <question> | list [draft|published|archived] | show <slug> | history <slug> | publish <slug> | archive <slug> | restore <slug> <version> | gaps [days] | add (article Markdown on the following lines) | edit <slug> (Markdown on the following lines)',
  },
  'kb.adminOnly': { ja: 'ナレッジベースの編集は管理者のみが行えます。', en: 'Only admins can change the knowledge base.' },
  'kb.notFound': { ja: '記事が見つかりません。', en: 'Article not found.' },
  'kb.noResults': { ja: '該当する記事は見つかりませんでした。', en: 'No matching articles.' },
  'kb.published': { ja: '{slug} を公開しました(第{version}版)。すぐに検索対象になります。', en: '{slug} is published (v{version}) and searchable now.' },
  'kb.archived': { ja: '{slug} をアーカイブしました(第{version}版)。検索対象から外れました。', en: '{slug} is archived (v{version}) and no longer searchable.' },
  'kb.restored': { ja: '{slug} に第{from}版の内容を戻しました(第{version}版)。', en: '{slug}: the content of v{from} is restored as v{version}.' },
  'kb.unchanged': { ja: '{slug} は変更されていません(第{version}版のまま)。', en: '{slug} is unchanged (still v{version}).' },
  'kb.saved': { ja: '{slug} を保存しました(第{version}版、状態: {status})。', en: '{slug} is saved (v{version}, status: {status}).' },
  'kb.invalid': { ja: '記事を保存できませんでした。次の項目を確認してください: {problems}', en: 'The article was not saved. Check these fields: {problems}' },
  'kb.needsBody': {
    ja: '2行目以降に、front matter(slug、lang、title など)付きの記事Markdownを書いてください。',
    en: 'Put the article Markdown, with front matter (slug, lang, title …), on the lines after the command.',
  },
  'kb.noGaps': { ja: 'この期間に回答できなかった質問はありません。', en: 'No unanswered questions in this period.' },
  'kb.gapsTitle': { ja: '回答できなかった質問(過去{days}日)', en: 'Questions the knowledge base could not answer (last {days} days)' },
  'kb.historyTitle': { ja: '{slug} の版の履歴', en: 'Version history of {slug}' },
  'kb.searchTitle': { ja: '検索結果', en: 'Search results' },
  'console.welcome': {
    ja: 'お助けボット(ローカル)へようこそ。セキュリティの相談を入力してください。/new で新しい相談、/help でヘルプ、/quit で終了します。',
    en: 'Welcome to Otasuke Bot (local). Type a security question. /new starts a new case, /help shows help, /quit exits.',
  },
  'console.help': {
    ja: '/new 新しい相談を始める  /lang ja|en 言語を切り替える  /as staff|admin|responder デモ利用者を切り替える  /kb … ナレッジベースのコマンド  /claim|/release OT-… 、/resolve OT-… 要約、/reply OT-… 本文(担当者)  /quit 終了  それ以外の入力は相談として送られます(同じ相談への追記になります)。',
    en: '/new start a new case  /lang ja|en switch language  /as staff|admin|responder act as that demo user  /kb … knowledge-base commands  /claim|/release OT-… , /resolve OT-… summary, /reply OT-… text (responder)  /quit exit  Anything else is sent as a question (follow-ups go to the same case).',
  },
  'console.newThread': { ja: '新しい相談を始めます。', en: 'Starting a new case.' },
  'console.responders': { ja: '[担当チームへの通知]', en: '[to the responder team]' },
  'console.bye': { ja: '終了します。', en: 'Goodbye.' },
  'console.actingAs': { ja: '{name}({role})として操作します。', en: 'Acting as {name} ({role}).' },
} as const satisfies Record<string, Record<Lang, string>>;

export type MessageKey = keyof typeof MESSAGES;

/** The message for `key` in `lang`, with `{name}` placeholders filled in. */
export function t(lang: Lang, key: MessageKey | string, params: Record<string, string | number> = {}): string {
  const entry = (MESSAGES as Record<string, Record<Lang, string>>)[key] ?? MESSAGES['error.generic'];
  return entry[lang].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}
