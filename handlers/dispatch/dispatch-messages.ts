import type { Lang } from '../../knowledge/text/normalize.js';
import { fill } from '../messages.js';

/**
 * The on-site dispatch strings (駆けつけ), in Japanese and English, kept beside the feature like
 * the legal and on-call ones; a unit test checks both languages carry the same placeholders.
 */
export const DISPATCH_MESSAGES = {
  'button.request': { ja: '駆けつけ依頼', en: 'Request on-site visit' },
  'button.accept': { ja: '引き受ける', en: 'Accept' },
  'button.decline': { ja: '辞退する', en: 'Decline' },
  'button.eta': { ja: '到着予定を知らせる', en: 'Set ETA' },
  'button.arrived': { ja: '到着した', en: 'Arrived' },
  'button.done': { ja: '作業完了', en: 'Done' },

  'post.title': { ja: '🚗 駆けつけ依頼 {number}({tenant})', en: '🚗 On-site request {number} ({tenant})' },
  'post.address': { ja: '住所', en: 'Address' },
  'post.contact': { ja: '現地の連絡先', en: 'On-site contact' },
  'post.slots': { ja: '希望日時', en: 'Preferred times' },
  'post.remote': { ja: '進め方', en: 'Approach' },
  'post.remoteFirst': { ja: 'まずリモートで確認し、必要なら訪問', en: 'Remote first, on site if needed' },
  'post.onsite': { ja: '訪問', en: 'On site' },
  'post.bring': { ja: '持参するもの', en: 'What to bring' },
  'post.notes': { ja: '備考', en: 'Notes' },
  'post.case': { ja: '案件の状況', en: 'The case' },
  'post.requestedBy': { ja: '依頼者', en: 'Requested by' },
  'post.askPress': { ja: '引き受けられる場合は「引き受ける」を、難しい場合は「辞退する」を押してください。', en: 'Press Accept if you can go, Decline if you cannot.' },
  'post.accepted': { ja: '✅ {name} さんが引き受けました。', en: '✅ Accepted by {name}.' },
  'post.eta': { ja: '到着予定: {eta}', en: 'ETA: {eta}' },
  'post.arrived': { ja: '📍 {time} に到着', en: '📍 Arrived at {time}' },
  'post.done': { ja: '🏁 {time} に完了(現地 {hours} 時間{cost})', en: '🏁 Done at {time} ({hours} h on site{cost})' },
  'post.declined': { ja: '{name} さんが辞退しました。次の駆けつけ先に回しました。', en: 'Declined by {name}; passed on to the next dispatch group.' },
  'post.movedOn': { ja: '回答がなかったため、次の駆けつけ先に回しました。', en: 'No answer in time; passed on to the next dispatch group.' },
  'post.closed': { ja: 'この依頼は受付を終了しました。', en: 'This request is closed.' },
  'post.remind': { ja: '⏰ 駆けつけ依頼 {number} にまだ回答がありません。引き受けられるか、辞退するかを押してください。', en: '⏰ On-site request {number} is still unanswered. Please accept or decline.' },
  'post.none': { ja: '—', en: '—' },
  'post.cost': { ja: '、費用 {yen} 円', en: ', cost ¥{yen}' },

  'card.title': { ja: '🚗 駆けつけ', en: '🚗 On-site dispatch' },
  'card.state': { ja: '状況', en: 'Status' },
  'card.group': { ja: '駆けつけ先', en: 'Dispatch group' },
  'card.who': { ja: '担当者', en: 'Technician' },
  'card.eta': { ja: '到着予定', en: 'ETA' },
  'card.hours': { ja: '現地作業時間・費用', en: 'Hours on site, cost' },
  'state.requested': { ja: '依頼中(回答待ち)', en: 'Requested (waiting for an answer)' },
  'state.accepted': { ja: '引き受け済み', en: 'Accepted' },
  'state.arrived': { ja: '現地で作業中', en: 'On site' },
  'state.done': { ja: '完了', en: 'Done' },
  'state.unanswered': { ja: 'どの駆けつけ先も引き受けませんでした', en: 'No dispatch group took it' },

  'responders.requested': { ja: '案件 {number}: 駆けつけを {group} に依頼しました。', en: 'Case {number}: on-site visit requested from {group}.' },
  'responders.accepted': { ja: '案件 {number}: {group} の {name} さんが駆けつけを引き受けました。', en: 'Case {number}: {name} of {group} accepted the on-site visit.' },
  'responders.eta': { ja: '案件 {number}: {name} さんの到着予定は {eta} です。', en: 'Case {number}: {name} expects to arrive at {eta}.' },
  'responders.arrived': { ja: '案件 {number}: {name} さんが現地に到着しました({time})。', en: 'Case {number}: {name} arrived on site ({time}).' },
  'responders.done': { ja: '案件 {number}: 現地作業が完了しました(現地 {hours} 時間{cost})。', en: 'Case {number}: on-site work done ({hours} h on site{cost}).' },
  'responders.escalated': { ja: '案件 {number}: {from} が{why}ため、駆けつけを {to} に依頼しました。', en: 'Case {number}: {from} {why}; the on-site request went to {to}.' },
  'responders.unanswered': { ja: '⚠️ 案件 {number}: どの駆けつけ先も引き受けませんでした(最後: {from} が{why})。別の手配をしてください。', en: '⚠️ Case {number}: no dispatch group took the on-site request (last: {from} {why}). Please arrange it another way.' },
  'why.declined': { ja: '辞退した', en: 'declined' },
  'why.unanswered': { ja: '時間内に回答しなかった', en: 'did not answer in time' },

  'asker.accepted': { ja: '🚗 駆けつけが決まりました: {group} の {name} さんが伺います。{when}', en: '🚗 An on-site visit is arranged: {name} of {group} will come. {when}' },
  'asker.whenSlots': { ja: '希望日時: {slots}(到着予定が決まりしだいお知らせします)', en: 'Preferred times: {slots} (we will tell you the arrival time as soon as it is set).' },
  'asker.whenLater': { ja: '到着予定が決まりしだいお知らせします。', en: 'We will tell you the arrival time as soon as it is set.' },
  'asker.eta': { ja: '🚗 {name} さんは {eta} ごろ到着の予定です。', en: '🚗 {name} expects to arrive at about {eta}.' },
  'asker.arrived': { ja: '📍 {name} さんが到着しました。', en: '📍 {name} has arrived.' },
  'asker.done': { ja: '🏁 {name} さんの現地作業が終わりました。', en: '🏁 {name} has finished the on-site work.' },

  'refuse.membersOnly': { ja: 'この駆けつけ依頼に回答できるのは、依頼先の駆けつけグループのメンバーのみです。何も変更していません。', en: 'Only members of the dispatch group this request went to can answer it. Nothing was changed.' },
  'refuse.notFound': { ja: 'この駆けつけ依頼は見つかりません。何も変更していません。', en: 'That on-site request could not be found. Nothing was changed.' },
  'refuse.notNow': { ja: 'この駆けつけ依頼は現在「{state}」のため、この操作はできません。何も変更していません。', en: 'This on-site request is "{state}", so that cannot be done now. Nothing was changed.' },
  'refuse.open': { ja: '案件 {number} にはすでに進行中の駆けつけ依頼があります。', en: 'Case {number} already has an open on-site request.' },
  'refuse.noRoute': { ja: '案件 {number} の会社には駆けつけ先が登録されていません(`npm run ops -- dispatch route …`)。', en: 'No dispatch group is set up for the company of case {number} (`npm run ops -- dispatch route …`).' },
  'refuse.noAddress': { ja: '住所が必要です。会社の住所が登録されていないため、フォームに入力してください(`npm run ops -- tenant site set …`)。', en: 'An address is needed: none is on file for the company, so please type it in the form (`npm run ops -- tenant site set …`).' },
  'refuse.usage': {
    ja: '使い方: `dispatch OT-000123 request`(会社の登録住所で依頼)、`dispatch <依頼番号> accept | decline | eta 14:30 | arrived | done [時間] [費用]`',
    en: 'Usage: `dispatch OT-000123 request` (at the address on file), `dispatch <request id> accept | decline | eta 14:30 | arrived | done [hours] [cost]`',
  },
  'refuse.eta': { ja: '到着予定を「14:30」「30分」「2026-12-07 09:00」のように入力してください。', en: 'Please give the ETA like "14:30", "30 min" or "2026-12-07 09:00".' },
  'refuse.hours': { ja: '現地作業時間を 0.25〜24 時間で、費用を 0 以上の円で入力してください。', en: 'Please give the hours on site (0.25 to 24) and the cost in yen (0 or more).' },

  'form.title': { ja: '駆けつけ依頼', en: 'On-site visit' },
  'form.submit': { ja: '依頼する', en: 'Send request' },
  'form.intro': { ja: '案件 {number} の駆けつけを依頼します。住所と連絡先は会社の登録内容です(変更できます)。', en: 'Request an on-site visit for case {number}. Address and contact come from the company profile (you may change them).' },
  'form.address': { ja: '住所', en: 'Address' },
  'form.contact': { ja: '現地の連絡先(氏名・電話)', en: 'On-site contact (name, phone)' },
  'form.slots': { ja: '希望日時', en: 'Preferred time slots' },
  'form.slotsHint': { ja: '例: 今日 15時以降 / 明日 午前', en: 'e.g. today after 15:00 / tomorrow morning' },
  'form.remote': { ja: '進め方', en: 'Approach' },
  'form.bring': { ja: '持参するもの', en: 'What to bring' },
  'form.notes': { ja: '備考', en: 'Notes' },
  'form.etaTitle': { ja: '到着予定', en: 'Arrival time' },
  'form.etaLabel': { ja: '到着予定(14:30 / 30分 / 2026-12-07 09:00)', en: 'ETA (14:30 / 30 min / 2026-12-07 09:00)' },
  'form.etaSubmit': { ja: '知らせる', en: 'Send' },
  'form.doneTitle': { ja: '作業完了', en: 'Work done' },
  'form.hours': { ja: '現地作業時間(時間)', en: 'Hours on site' },
  'form.cost': { ja: '費用(円、空欄なら時間×単価)', en: 'Cost in yen (blank: hours × rate)' },
  'form.doneNote': { ja: '作業内容のメモ', en: 'What was done' },
  'form.doneSubmit': { ja: '記録する', en: 'Record' },

  'report.title': { ja: '駆けつけ時間・費用', en: 'On-site hours and costs' },
  'report.none': { ja: 'この案件では駆けつけを依頼していません。', en: 'No on-site visit was requested for this case.' },
  'report.row': {
    ja: '依頼 {at} / {group} / 担当 {name} / 到着 {arrived} / 完了 {done} / 現地 {hours} 時間 / 費用 {cost} / 状況 {state}',
    en: 'Requested {at} / {group} / technician {name} / arrived {arrived} / done {done} / {hours} h on site / cost {cost} / status {state}',
  },
  'report.total': { ja: '合計: 現地 {hours} 時間、費用 {cost}', en: 'Total: {hours} h on site, cost {cost}' },
  'report.yen': { ja: '{yen} 円', en: '¥{yen}' },
  'report.unknown': { ja: '(未記録)', en: '(not recorded)' },

  'event.requested': { ja: '駆けつけを依頼({group}、住所 {address})', en: 'On-site visit requested ({group}, address {address})' },
  'event.posted': { ja: '駆けつけ依頼を {group} に掲示', en: 'On-site request posted to {group}' },
  'event.reminded': { ja: '駆けつけ依頼の催促({group})', en: 'On-site request reminder ({group})' },
  'event.accepted': { ja: '駆けつけを引き受け({group})', en: 'On-site visit accepted ({group})' },
  'event.declined': { ja: '駆けつけを辞退({group})', en: 'On-site visit declined ({group})' },
  'event.escalated': { ja: '駆けつけ依頼を {to} に回付(理由: {why})', en: 'On-site request passed on to {to} (reason: {why})' },
  'event.unanswered': { ja: 'どの駆けつけ先も引き受けず', en: 'No dispatch group took the on-site request' },
  'event.eta': { ja: '到着予定 {eta}', en: 'ETA {eta}' },
  'event.arrived': { ja: '現地に到着', en: 'Arrived on site' },
  'event.done': { ja: '現地作業完了(現地 {hours} 時間{cost})', en: 'On-site work done ({hours} h on site{cost})' },
} as const satisfies Record<string, Record<Lang, string>>;

export type DispatchMessageKey = keyof typeof DISPATCH_MESSAGES;

export function dt(lang: Lang, key: DispatchMessageKey, params: Record<string, string | number> = {}): string {
  return fill(DISPATCH_MESSAGES[key][lang], params);
}
