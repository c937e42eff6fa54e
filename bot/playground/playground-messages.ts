import type { Lang } from '../../knowledge/text/normalize.js';

/**
 * Every string of the playground page itself (tabs, labels, hints), in
 * Japanese and English; the page gets them from /playground/api/bootstrap.
 * What the bot says is not here: those cards come from the core, in the
 * language of the case (handlers/messages.ts). Kept beside the playground
 * rather than in messages.ts, like the Home tab's strings: they describe this
 * page, not the conversation. A test checks both languages and placeholders.
 */
export const PLAYGROUND_MESSAGES = {
  'app.title': { ja: 'お助けボット プレイグラウンド', en: 'Otasuke Bot playground' },
  'app.subtitle': {
    ja: '{tenant} の練習用の相談窓口です。Slack や Teams で相談したときと同じ答えが返ります。',
    en: 'The practice desk of {tenant}: the same answers as when you ask in Slack or Teams.',
  },
  'app.roles': { ja: '画面', en: 'View' },
  'role.staff': { ja: '社員(相談する)', en: 'Staff (ask)' },
  'role.responder': { ja: '対応担当', en: 'Responder' },
  'role.admin': { ja: '管理者', en: 'Admin' },
  'role.all': { ja: '並べて表示', en: 'Side by side' },
  'role.actingAs': { ja: '{name}さんとして操作', en: 'Acting as {name}' },
  'lang.label': { ja: '表示言語', en: 'Language' },
  'conn.live': { ja: 'リアルタイム接続中', en: 'Live' },
  'conn.offline': { ja: '再接続中…', en: 'Reconnecting…' },
  'common.send': { ja: '送信', en: 'Send' },
  'common.cancel': { ja: 'キャンセル', en: 'Cancel' },
  'common.you': { ja: 'あなた', en: 'You' },
  'common.bot': { ja: 'お助けボット', en: 'Otasuke Bot' },
  'common.onlyYou': { ja: 'あなたにだけ表示されています', en: 'Only you can see this' },
  'common.download': { ja: '{name} をもう一度ダウンロード', en: 'Download {name} again' },
  'common.failed': {
    ja: 'ボットに届きませんでした。接続を確認して、もう一度お試しください。',
    en: 'That did not reach the bot. Check the connection and try again.',
  },
  'common.sources': { ja: '参考記事', en: 'Sources' },
  'common.answered': { ja: '回答済み: {answer}', en: 'Answered: {answer}' },
  'case.number': { ja: '案件 {number}', en: 'Case {number}' },
  'state.new': { ja: '受付', en: 'New' },
  'state.answered': { ja: '回答済み', en: 'Answered' },
  'state.escalated': { ja: '担当者待ち', en: 'Waiting for a responder' },
  'state.claimed': { ja: '対応中', en: 'In progress' },
  'state.resolved': { ja: '解決済み', en: 'Resolved' },
  'state.closed': { ja: '終了', en: 'Closed' },
  'staff.new': { ja: '新しい相談', en: 'New question' },
  'staff.threads': { ja: 'あなたの相談', en: 'Your questions' },
  'staff.noThreads': { ja: 'まだ相談はありません。', en: 'No questions yet.' },
  'staff.emptyTitle': { ja: 'セキュリティで困ったことを書いてください', en: 'Tell us what looks wrong' },
  'staff.emptyBody': {
    ja: '緊急度を判定し、ナレッジベースの記事を出典にしてお答えします。深刻なときは最初にやるべきことをお伝えし、担当者におつなぎします。',
    en: 'The bot triages your question, answers from the knowledge base with sources, and for anything serious tells you what to do first and brings in a responder.',
  },
  'staff.examples': { ja: '例を試す', en: 'Try an example' },
  'staff.example.ransomware': {
    ja: '朝来たら共有フォルダのファイルが全部開けません。拡張子が変になってて、英語のテキストが置いてあります',
    en: 'This morning none of the files on the shared drive open. The extensions changed and there is a text file in English demanding payment.',
  },
  'staff.example.mfa': {
    ja: 'Google Workspace で二段階認証を有効にするにはどうすればいいですか?',
    en: 'How do we turn on two-factor authentication for Google Workspace?',
  },
  'staff.example.phishing': {
    ja: '取引先を名乗る不審なメールが来ました。添付は開いていません',
    en: 'I got a suspicious email claiming to be from a supplier. I have not opened the attachment.',
  },
  'staff.placeholder': {
    ja: '相談内容を入力(Enter で送信、Shift+Enter で改行)',
    en: 'Type your question (Enter sends, Shift+Enter adds a line)',
  },
  'staff.followUpPlaceholder': {
    ja: 'この相談に追記(Enter で送信)。担当者がいるときは担当者に届きます',
    en: 'Add to this question (Enter sends). A responder on the case sees it too',
  },
  'responder.queue': { ja: '対応待ち・対応中の案件', en: 'Waiting and in progress' },
  'responder.emptyQueue': { ja: '対応待ちの案件はありません。', en: 'Nothing is waiting.' },
  'responder.recent': { ja: '最近解決した案件', en: 'Recently resolved' },
  'responder.waiting': { ja: '担当者待ち(第{tier}段階の通知)', en: 'Waiting (tier {tier} notified)' },
  'responder.remaining': { ja: '再通知まで {time}', en: 'Re-notify in {time}' },
  'responder.overdue': { ja: '再通知の期限を {time} 超過', en: 'Re-notify overdue by {time}' },
  'responder.claim': { ja: '対応する', en: 'Claim' },
  'responder.heldBy': { ja: '対応中: {name}', en: 'Handled by {name}' },
  'responder.elapsed': { ja: '引き継ぎから {time}', en: '{time} since escalation' },
  'responder.pick': { ja: '一覧から案件を選んでください。', en: 'Pick a case from the list.' },
  'responder.conversation': { ja: '相談者とのやり取り', en: 'Conversation with the asker' },
  'responder.noConversation': {
    ja: 'まだやり取りはありません。ここに書くと相談者のスレッドに届きます。',
    en: 'Nothing yet. What you write here reaches the asker’s thread.',
  },
  'responder.replyPlaceholder': {
    ja: '相談者への返信(相談者のスレッドに届きます。Enter で送信)',
    en: 'Reply to the asker (relayed to their thread; Enter sends)',
  },
  'responder.timeline': { ja: '経過(報告書と同じ記録)', en: 'Timeline (the record the report is built from)' },
  'responder.report': { ja: '報告書', en: 'Report' },
  'responder.reportPdf': { ja: 'PDF で出力', en: 'Export PDF' },
  'responder.reportMd': { ja: 'Markdown で出力', en: 'Export Markdown' },
  'responder.resolveTitle': { ja: '案件 {number} を解決する', en: 'Resolve case {number}' },
  'responder.reclassifyTitle': { ja: '案件 {number} の判定を修正', en: 'Correct the triage of case {number}' },
  'responder.reclassifyIntro': {
    ja: '修正は理由とともに案件の履歴に残り、同意した会社の分だけ次の学習に使われます。',
    en: 'The correction and its reason go on the case timeline, and (for companies that agreed) into the next training.',
  },
  'responder.reclassifySeverity': { ja: '緊急度', en: 'Urgency' },
  'responder.reclassifyCategory': { ja: '分類', en: 'Category' },
  'responder.reclassifyReason': { ja: '理由', en: 'Reason' },
  'responder.reclassifySubmit': { ja: '修正する', en: 'Correct' },
  'responder.summaryLabel': { ja: '相談者に送る対応の要約', en: 'Summary for the asker' },
  'responder.resolveSubmit': { ja: '解決して要約を送る', en: 'Resolve and send the summary' },
  'responder.newCase': { ja: '新しい案件が届きました: {text}', en: 'New case: {text}' },
  'admin.articles': { ja: 'ナレッジベースの記事', en: 'Knowledge-base articles' },
  'admin.count': { ja: '{count} 件', en: '{count} articles' },
  'admin.filter': { ja: 'タイトル・slug で絞り込み', en: 'Filter by title or slug' },
  'admin.status.all': { ja: 'すべての状態', en: 'Any status' },
  'admin.status.published': { ja: '公開', en: 'Published' },
  'admin.status.draft': { ja: '下書き', en: 'Draft' },
  'admin.status.archived': { ja: 'アーカイブ', en: 'Archived' },
  'admin.reviewDue': { ja: '要再確認', en: 'Review due' },
  'admin.reviewDueHint': { ja: '出典との最終確認: {date}(12か月以上前)', en: 'Last checked against its sources: {date} (over 12 months ago)' },
  'admin.lang.all': { ja: 'すべての言語', en: 'Any language' },
  'admin.new': { ja: '新しい記事', en: 'New article' },
  'admin.pick': { ja: '記事を選ぶか、新しい記事を書いてください。', en: 'Pick an article or write a new one.' },
  'admin.newTitle': { ja: '新しい記事(下書きとして保存されます)', en: 'New article (saved as a draft)' },
  'admin.version': { ja: '第{version}版・{status}', en: 'v{version} · {status}' },
  'admin.save': { ja: '保存(新しい版)', en: 'Save (new version)' },
  'admin.publish': { ja: '公開する', en: 'Publish' },
  'admin.archive': { ja: 'アーカイブする', en: 'Archive' },
  'admin.history': { ja: '版の履歴', en: 'Version history' },
  'admin.restore': { ja: 'この版に戻す', en: 'Restore this version' },
  'admin.gaps': { ja: '回答できなかった質問', en: 'Questions the knowledge base could not answer' },
  'admin.showGaps': { ja: '過去30日分を表示', en: 'Show the last 30 days' },
  'admin.result': { ja: 'ボットの返答', en: 'Bot reply' },
  'admin.held': { ja: '回数制限で保留中の質問', en: 'Questions held by the rate limit' },
  'admin.heldHint': {
    ja: '短時間に質問が集中して受付を止めた、貴社の社員からの質問です。「回答する」で、質問したスレッドにボットが回答します。',
    en: 'Questions from your company the bot paused because too many came in at once. "Answer now" has the bot answer in the thread they were asked in.',
  },
  'admin.llm': { ja: '言語モデル(AI)の利用', en: 'Language model (AI)' },
  'admin.llmHint': {
    ja: '貴社の質問を外部の言語モデルに送るかどうかを決めます。オンにするまで何も送られず、ボットはオフラインで回答します。変更は全社員の次の質問から適用されます。',
    en: "Whether your company's questions may go to an external language model. Nothing is sent until you turn it on; the bot answers offline. A change applies from everyone's next question.",
  },
  'admin.llmEnabled': { ja: '言語モデルを使う', en: 'Use the language model' },
  'admin.llmEmbeddings': { ja: '質問の埋め込み(検索用)も送る', en: 'Also send question embeddings (search)' },
  'admin.llmSave': { ja: '保存', en: 'Save' },
  'admin.heldRefresh': { ja: '最新の状態を表示', en: 'Refresh' },
  'admin.heldEmpty': { ja: '保留中の質問はありません。', en: 'No held questions.' },
  'admin.heldAnswer': { ja: '回答する', en: 'Answer now' },
  'admin.heldDismiss': { ja: '回答不要にする', en: 'Dismiss' },
  'admin.heldBy': { ja: '{name}・{channel}', en: '{name} · {channel}' },
  'admin.heldStatus.held': { ja: '保留中', en: 'Held' },
  'admin.heldStatus.answering': { ja: '回答待ち', en: 'Answer queued' },
  'admin.heldStatus.answered': { ja: '回答済み', en: 'Answered' },
  'admin.heldStatus.dismissed': { ja: '回答不要', en: 'Dismissed' },
  'admin.heldStatus.failed': { ja: '回答できませんでした', en: 'Could not answer' },
  'admin.draft.title': { ja: '下書き(まだ公開されていません)', en: 'Draft (not published yet)' },
  'admin.draft.hint': {
    ja: '公開中の記事を保存すると下書きになります。社員への回答と検索は、「下書きを公開する」を押すまで公開中の版のままです。',
    en: 'Saving a published article makes a draft. Answers and search keep the published version until someone presses "Publish draft".',
  },
  'admin.draft.saveDraft': { ja: '下書きを保存', en: 'Save draft' },
  'admin.draft.publish': { ja: '下書きを公開する', en: 'Publish draft' },
  'admin.draft.discard': { ja: '下書きを破棄', en: 'Discard draft' },
  'admin.draft.by': { ja: '{name}さんが {time} に保存(下書き第{revision}稿、公開中の第{base}版をもとに編集)', en: 'Saved by {name} at {time} (draft revision {revision}, edited from published v{base})' },
  'admin.draft.preview': { ja: 'プレビュー(公開後の表示)', en: 'Preview (as it will be published)' },
  'admin.draft.diff': { ja: '公開中の版との差分', en: 'Changes from the published version' },
  'admin.draft.noChanges': { ja: '公開中の版と同じ内容です。', en: 'Same as the published version.' },
  'admin.draft.saved': { ja: '下書きを保存しました。公開中の記事はまだ変わっていません。', en: 'Draft saved. The published article has not changed yet.' },
  'admin.draft.publishedNow': { ja: '{slug} の下書きを公開しました(第{version}版)。すぐに検索と回答に使われます。', en: 'The draft of {slug} is published (v{version}); search and answers use it now.' },
  'admin.draft.discarded': { ja: '{slug} の下書きを破棄しました。公開中の版はそのままです。', en: 'The draft of {slug} is discarded; the published version is unchanged.' },
  'admin.draft.placeholders': {
    ja: '公開できません。仮の文字が残っています: {placeholders}。実際の内容に書き換えて下書きを保存してから公開してください。',
    en: 'Cannot publish: placeholder text is left: {placeholders}. Replace it with the real content, save the draft, then publish.',
  },
  'admin.draft.conflict': {
    ja: '保存できませんでした。{name}さんがこの下書きを先に更新しています(第{revision}稿)。最新の下書きを読み込み直して、変更を確認してからもう一度保存してください。',
    en: 'Not saved: {name} updated this draft first (revision {revision}). Reload the latest draft, check the changes, then save again.',
  },
  'admin.draft.gone': {
    ja: 'この下書きは、ほかの管理者がすでに公開または破棄しています。記事を開き直してください。',
    en: 'Another admin already published or discarded this draft. Open the article again.',
  },
  'admin.draft.outdated': {
    ja: '公開できません。下書きは第{base}版をもとにしていますが、公開中の記事はその後第{version}版に更新されました。差分を確認し、下書きを保存し直してから公開してください。',
    en: 'Cannot publish: the draft was written against v{base}, but the published article has since become v{version}. Check the diff, save the draft again, then publish.',
  },
  'admin.draft.invalid': { ja: '下書きを保存できませんでした。次の項目を確認してください: {problems}', en: 'The draft was not saved. Check these fields: {problems}' },
  'admin.draft.notPublished': { ja: '公開中の記事だけが下書きを持てます。', en: 'Only a published article has drafts.' },
  'admin.draft.reload': { ja: '最新の下書きを読み込む', en: 'Load the latest draft' },
  'admin.note.edit': { ja: 'チャットで編集', en: 'edited in chat' },
  'admin.note.add': { ja: 'チャットで追加', en: 'added in chat' },
  'admin.note.publish': { ja: '公開', en: 'published' },
  'admin.note.archive': { ja: 'アーカイブ', en: 'archived' },
  'admin.note.restore': { ja: '以前の版に戻した', en: 'restored' },
  'admin.note.draft': { ja: '下書きを公開', en: 'draft published' },
  'admin.template': {
    ja: '---\nslug: my-topic-ja\nlang: ja\ntitle: 〇〇(社員が探す言葉で書くタイトル)\nsummary: 〇〇(どんな状況か、まず何をするかを短く2行で)\ntopics: [reporting-contacts]\ncategory: general\nseverity_hint: medium\nupdated: {today}\nkeywords: []\n---\n\n## 今すぐやること\n\n1. 〇〇(最初にやること)\n2. 〇〇(次にやること)\n\n## やってはいけないこと\n\n- 〇〇(やってはいけないこと)\n\n## 担当者に相談すべきとき\n\n〇〇(どんなときに「担当者に相談する」を押すべきか)\n',
    en: '---\nslug: my-topic-en\nlang: en\ntitle: TODO article title (in the words staff search with)\nsummary: TODO two short lines - the situation and the one thing to do.\ntopics: [reporting-contacts]\ncategory: general\nseverity_hint: medium\nupdated: {today}\nkeywords: []\n---\n\n## What to do now\n\n1. TODO the first thing to do\n2. TODO the next thing\n\n## What not to do\n\n- TODO something to avoid\n\n## When to call a responder\n\nTODO when to press "Talk to a responder".\n',
  },
  'footer.note': {
    ja: 'ここでの相談・対応の記録・報告書は実際に保存されます。ページを開き直しても、別の画面から開いても、同じ内容が表示されます。',
    en: 'Questions, what was done about them and the reports are really saved here: open the page again, or on another screen, and you see the same.',
  },
} as const satisfies Record<string, Record<Lang, string>>;

export type PlaygroundMessageKey = keyof typeof PLAYGROUND_MESSAGES;

/** The catalogue as the page wants it: one flat map per language. */
export function playgroundStrings(): Record<Lang, Record<string, string>> {
  const out: Record<Lang, Record<string, string>> = { ja: {}, en: {} };
  for (const [key, entry] of Object.entries(PLAYGROUND_MESSAGES)) {
    out.ja[key] = entry.ja;
    out.en[key] = entry.en;
  }
  return out;
}
