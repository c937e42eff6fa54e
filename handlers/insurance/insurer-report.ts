import { neutralize } from '../../knowledge/text/neutralize.js';
import type { Lang } from '../../knowledge/text/normalize.js';
import { categoryLabel, severityLabel } from '../ask/answer-card.js';
import type { CaseRecord } from '../cases/case-types.js';
import { buildCaseReport, formatJst, type CaseReport, type ReportServices } from '../report/case-report.js';
import { clocksOf } from '../legal/case-clocks.js';
import { jstMinute } from '../legal/legal-rules.js';
import type { InsuranceProfile } from './insurance-store.js';
import { dispatchReportBlocks } from '../dispatch/dispatch-report.js';

const L = (lang: Lang, ja: string, en: string) => (lang === 'ja' ? ja : en);

/**
 * The report for the tenant's insurer, from the case record: when it was discovered, what
 * happened, affected systems and data (the intake answers), actions taken and by whom (the
 * timeline), on-site hours and costs (the dispatch requests on the timeline, handlers/dispatch),
 * and the attachments to send with it. Rendered like the incident report.
 */
export async function buildInsurerReport(services: ReportServices, c: CaseRecord, profile: InsuranceProfile | null, now: Date): Promise<CaseReport> {
  const lang = c.lang;
  const base = await buildCaseReport(services, c, now);
  const events = await services.cases.events(c.id);
  const clocks = clocksOf(events);
  const section = (id: CaseReport['sections'][number]['id']) => base.sections.find((s) => s.id === id)!;
  const dash = L(lang, '(記入してください)', '(to be filled in)');
  const exported = events.filter((e) => e.type === 'report_exported').length;
  return {
    ...base,
    title: L(lang, `保険会社向け事故報告書 ${c.number}`, `Insurer incident report ${c.number}`),
    provenance: L(lang, '案件の記録(変更できないタイムライン)から作成。保険会社への連絡・提出は担当者が行います。', 'From the case record (the append-only timeline). A person sends it to the insurer.'),
    sections: [
      {
        id: 'overview',
        title: L(lang, '契約と期限', 'Policy and deadline'),
        blocks: [
          {
            kind: 'fields',
            fields: [
              { label: L(lang, '会社名', 'Company'), value: base.tenantName },
              { label: L(lang, '保険会社', 'Insurer'), value: profile?.insurer ?? dash },
              { label: L(lang, '証券番号', 'Policy number'), value: profile?.policyNumber ?? dash },
              { label: L(lang, '保険会社への連絡期限', 'Notify the insurer by'), value: clocks.insurer ? jstMinute(clocks.insurer.dueAt) : profile ? `${profile.notifyWindowHours}h` : dash },
              { label: L(lang, '補償内容のメモ', 'Coverage notes'), value: profile?.coverageNotes || dash },
            ],
          },
        ],
      },
      {
        id: 'question',
        title: L(lang, '発見と事故の内容', 'Discovery and what happened'),
        blocks: [
          {
            kind: 'fields',
            fields: [
              { label: L(lang, '発見(受付)日時', 'Discovered (reported to the desk)'), value: formatJst(c.createdAt) },
              { label: L(lang, '案件番号', 'Case number'), value: c.number },
              { label: L(lang, '分類', 'Category'), value: c.category ? categoryLabel(lang, c.category) : dash },
              { label: L(lang, '緊急度', 'Severity'), value: c.severity ? severityLabel(lang, c.severity) : dash },
              { label: L(lang, '相談内容', 'As reported'), value: neutralize(c.question) },
              ...(clocks.ppc ? [{ label: L(lang, '個人データの漏えい等', 'Personal-data breach'), value: L(lang, `あり(知った時点 ${jstMinute(clocks.ppc.awareAt)})`, `yes (aware since ${jstMinute(clocks.ppc.awareAt)})`) }] : []),
            ],
          },
        ],
      },
      { ...section('intake'), title: L(lang, '影響を受けたシステム・データ(初期確認の回答)', 'Affected systems and data (intake answers)') },
      { ...section('timeline'), title: L(lang, '実施した対応と実施者(経過)', 'Actions taken and by whom (timeline)') },
      section('resolution'),
      {
        id: 'draft',
        title: L(lang, '駆けつけ時間・費用', 'On-site hours and costs'),
        blocks: dispatchReportBlocks(lang, events),
      },
      {
        id: 'sources',
        title: L(lang, '添付資料', 'Attachments'),
        blocks: [
          {
            kind: 'list',
            items: [
              L(lang, `インシデント報告書(npm run report -- ${c.number}、出力済み ${exported} 回)`, `Incident report (npm run report -- ${c.number}; exported ${exported} times)`),
              L(lang, 'ログ・画面の記録など(担当者が添付)', 'Logs, screenshots and the like (attached by a person)'),
            ],
          },
        ],
      },
    ],
  };
}
