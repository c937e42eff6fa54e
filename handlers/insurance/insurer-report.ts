import { t } from '../../core/i18n/t.js';
import { neutralize } from '../../knowledge/text/neutralize.js';
import { categoryLabel, severityLabel } from '../ask/answer-card.js';
import type { CaseRecord } from '../cases/case-types.js';
import { buildCaseReport, formatJst, type CaseReport, type ReportServices } from '../report/case-report.js';
import { clocksOf } from '../legal/case-clocks.js';
import { jstMinute } from '../legal/legal-rules.js';
import type { InsuranceProfile } from './insurance-store.js';
import { dispatchReportBlocks } from '../dispatch/dispatch-report.js';

/**
 * The report for the tenant's insurer, from the case record: when it was discovered, what
 * happened, affected systems and data (the intake answers), actions taken and by whom (the
 * timeline), on-site hours and costs (the dispatch requests on the timeline, handlers/dispatch),
 * and the attachments to send with it. Rendered like the incident report; its wording is the
 * catalogue's legal.insurerReport.* (core/i18n).
 */
export async function buildInsurerReport(services: ReportServices, c: CaseRecord, profile: InsuranceProfile | null, now: Date): Promise<CaseReport> {
  const lang = c.lang;
  const base = await buildCaseReport(services, c, now);
  const events = await services.cases.events(c.id);
  const clocks = clocksOf(events);
  const section = (id: CaseReport['sections'][number]['id']) => base.sections.find((s) => s.id === id)!;
  const dash = t(lang, 'legal.doc.fillIn');
  const exported = events.filter((e) => e.type === 'report_exported').length;
  return {
    ...base,
    title: t(lang, 'legal.insurerReport.title', { number: c.number }),
    provenance: t(lang, 'legal.insurerReport.provenance'),
    sections: [
      {
        id: 'overview',
        title: t(lang, 'legal.insurerReport.section.overview'),
        blocks: [
          {
            kind: 'fields',
            fields: [
              { label: t(lang, 'report.field.company'), value: base.tenantName },
              { label: t(lang, 'legal.insurerReport.field.insurer'), value: profile?.insurer ?? dash },
              { label: t(lang, 'legal.insurerReport.field.policyNumber'), value: profile?.policyNumber ?? dash },
              { label: t(lang, 'legal.insurerReport.field.notifyBy'), value: clocks.insurer ? jstMinute(clocks.insurer.dueAt) : profile ? `${profile.notifyWindowHours}h` : dash },
              { label: t(lang, 'legal.insurerReport.field.coverage'), value: profile?.coverageNotes || dash },
            ],
          },
        ],
      },
      {
        id: 'question',
        title: t(lang, 'legal.insurerReport.section.question'),
        blocks: [
          {
            kind: 'fields',
            fields: [
              { label: t(lang, 'legal.insurerReport.field.discovered'), value: formatJst(c.createdAt) },
              { label: t(lang, 'report.field.number'), value: c.number },
              { label: t(lang, 'report.field.category'), value: c.category ? categoryLabel(lang, c.category) : dash },
              { label: t(lang, 'report.field.severity'), value: c.severity ? severityLabel(lang, c.severity) : dash },
              { label: t(lang, 'legal.doc.asReported'), value: neutralize(c.question) },
              ...(clocks.ppc ? [{ label: t(lang, 'legal.insurerReport.field.breach'), value: t(lang, 'legal.insurerReport.value.breach', { aware: jstMinute(clocks.ppc.awareAt) }) }] : []),
            ],
          },
        ],
      },
      { ...section('intake'), title: t(lang, 'legal.insurerReport.section.intake') },
      { ...section('timeline'), title: t(lang, 'legal.insurerReport.section.timeline') },
      section('resolution'),
      {
        id: 'draft',
        title: t(lang, 'legal.insurerReport.section.dispatch'),
        blocks: dispatchReportBlocks(lang, events),
      },
      {
        id: 'sources',
        title: t(lang, 'legal.insurerReport.section.attachments'),
        blocks: [
          {
            kind: 'list',
            items: [
              t(lang, 'legal.insurerReport.attachment.report', { number: c.number, count: exported }),
              t(lang, 'legal.insurerReport.attachment.logs'),
            ],
          },
        ],
      },
    ],
  };
}
