import type { Lang } from '../../knowledge/text/normalize.js';
import { fill } from '../messages.js';

/**
 * The legal-clock and insurance strings, in Japanese and English (kept beside the feature so the
 * shared catalogue in handlers/messages.ts stays small; a unit test checks both languages carry
 * the same placeholders).
 */
export const LEGAL_MESSAGES = {
  'card.ppc.title': { ja: '⚖️ 個人情報保護委員会への報告期限(個人データの漏えい等)', en: '⚖️ PPC reporting deadlines (personal-data breach)' },
  'card.ppc.aware': { ja: '漏えい等を知った時点', en: 'Became aware' },
  'card.ppc.prelim': { ja: '速報(速やかに・概ね3〜5日以内。表示は5日目)', en: 'Preliminary report (promptly, roughly 3–5 days; 5th day shown)' },
  'card.ppc.final': { ja: '確報({days}日以内)', en: 'Final report (within {days} days)' },
  'card.ppc.wrongful': { ja: '不正の目的によるおそれ', en: 'Wrongful purpose' },
  'card.ppc.filed': { ja: '提出済み(記録: 担当者)', en: 'filed (recorded by a responder)' },
  'card.ppc.hint': {
    ja: '期限は自動では提出しません。下書きを確認して、担当者が提出してください。知った時点の訂正: `legal {number} aware YYYY-MM-DD HH:MM`、提出の記録: `legal {number} filed prelim|final`',
    en: 'Nothing is filed automatically: check the drafts and file them yourself. Correct the awareness time: `legal {number} aware YYYY-MM-DD HH:MM`; record a filing: `legal {number} filed prelim|final`',
  },
  'card.insurer.title': { ja: '🛡️ 保険会社への連絡期限', en: '🛡️ Deadline to notify the insurer' },
  'card.insurer.due': { ja: '保険会社への連絡期限', en: 'Notify the insurer by' },
  'card.insurer.policy': { ja: '保険会社・証券番号', en: 'Insurer, policy number' },
  'card.insurer.done': { ja: '連絡済み(記録: 担当者)', en: 'notified (recorded by a responder)' },
  'card.yes': { ja: 'あり', en: 'yes' },
  'card.no': { ja: 'なし', en: 'no' },
  'button.tick': { ja: '個人データ流出あり(法定期限を開始)', en: 'Personal data left the company (start legal clocks)' },
  'button.drafts': { ja: '届出の下書き', en: 'Report drafts' },
  'button.wrongfulOn': { ja: '不正目的あり(確報60日)', en: 'Wrongful act (final report: 60 days)' },
  'button.wrongfulOff': { ja: '不正目的なし(確報30日)', en: 'No wrongful act (final report: 30 days)' },
  'button.insurerReport': { ja: '保険会社向け報告書', en: 'Insurer report' },
  'started': { ja: '案件 {number}: 個人情報保護委員会への報告期限を開始しました。速報 {prelim} まで、確報 {final} まで(知った時点 {aware})。', en: 'Case {number}: the PPC reporting clocks are running. Preliminary report by {prelim}, final report by {final} (aware since {aware}).' },
  'alreadyStarted': { ja: '案件 {number} の報告期限はすでに開始しています。', en: 'The reporting clocks of case {number} are already running.' },
  'notStarted': { ja: '案件 {number} では報告期限が開始されていません。', en: 'No reporting clock runs on case {number}.' },
  'awareSet': { ja: '案件 {number}: 知った時点を {aware} に訂正しました。速報 {prelim} まで、確報 {final} まで。', en: 'Case {number}: awareness time set to {aware}. Preliminary report by {prelim}, final report by {final}.' },
  'wrongfulSet': { ja: '案件 {number}: 不正の目的によるおそれ = {value}。確報の期限は {final}({days}日以内)です。', en: 'Case {number}: wrongful purpose = {value}. The final report is due {final} (within {days} days).' },
  'filedSet': { ja: '案件 {number}: 「{what}」を提出済みとして記録しました(この期限の催促は止まります)。', en: 'Case {number}: "{what}" recorded as filed (its reminders stop).' },
  'usage': {
    ja: '使い方: `legal OT-000123 start | aware YYYY-MM-DD HH:MM | wrongful yes|no | filed prelim|final|insurer | draft ppc|ipa|police [md|pdf]`、`insurer OT-000123 [md|pdf]`',
    en: 'Usage: `legal OT-000123 start | aware YYYY-MM-DD HH:MM | wrongful yes|no | filed prelim|final|insurer | draft ppc|ipa|police [md|pdf]`, `insurer OT-000123 [md|pdf]`',
  },
  'draftReady': { ja: '案件 {number} の{what}(下書き・{format})です。内容を確認し、担当者が提出してください。自動では提出されません。', en: 'The {what} of case {number} (draft, {format}). Check it and file it yourself; nothing is filed automatically.' },
  'noInsurer': { ja: '案件 {number} の会社には保険の情報が登録されていません(`npm run ops -- insurance set`)。', en: 'No insurance policy is on file for the company of case {number} (`npm run ops -- insurance set`).' },
  'remind.before': {
    ja: '⏰ 案件 {number}({tenant}): 「{what}」の期限 {due} が近づいています。下書きは「届出の下書き」から。提出は担当者が行ってください。',
    en: '⏰ Case {number} ({tenant}): the deadline for "{what}" is {due}. The drafts are under "Report drafts"; a person files them.',
  },
  'remind.due': {
    ja: '⚠️ 案件 {number}({tenant}): 本日が「{what}」の期限({due})です。提出済みなら `legal {number} filed {which}` で記録してください。',
    en: '⚠️ Case {number} ({tenant}): "{what}" is due today ({due}). If it was filed, record it with `legal {number} filed {which}`.',
  },
  'what.ppc_prelim': { ja: '個人情報保護委員会への速報', en: 'preliminary report to the PPC' },
  'what.ppc_final': { ja: '個人情報保護委員会への確報', en: 'final report to the PPC' },
  'what.insurer': { ja: '保険会社への連絡', en: 'notice to the insurer' },
  'what.draft.ppc': { ja: '個人情報保護委員会への報告', en: 'PPC breach report' },
  'what.draft.ipa': { ja: 'IPA へのウイルス・不正アクセス届出', en: 'IPA malware / unauthorised-access report' },
  'what.draft.police': { ja: '警察への相談メモ', en: 'police consultation summary' },
  'what.insurerReport': { ja: '保険会社向け報告書', en: 'insurer report' },
} as const satisfies Record<string, Record<Lang, string>>;

export type LegalMessageKey = keyof typeof LEGAL_MESSAGES;

export function lt(lang: Lang, key: LegalMessageKey, params: Record<string, string | number> = {}): string {
  return fill(LEGAL_MESSAGES[key][lang], params);
}
