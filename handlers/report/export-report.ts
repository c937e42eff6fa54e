import type { CaseRecord } from '../cases/case-types.js';
import type { User } from '../directory/directory-types.js';
import { CaseHiddenError, CaseNotFoundError, ForbiddenError, mayKnowCase } from '../errors.js';
import { buildCaseReport, reportToMarkdown, type CaseReport, type ReportServices } from './case-report.js';
import { reportToPdf, type PdfOptions } from './report-pdf.js';

export type ReportFormat = 'md' | 'pdf';

export const REPORT_FORMATS: readonly ReportFormat[] = ['md', 'pdf'];

/** A rendered report, ready to hand to a chat adapter or write to disk. */
export interface ReportFile {
  filename: string;
  contentType: string;
  data: Buffer;
}

/** Renders a built report in one format. */
export async function renderCaseReport(report: CaseReport, format: ReportFormat, pdf?: PdfOptions): Promise<ReportFile> {
  const base = `incident-report-${report.caseNumber}`;
  if (format === 'md') {
    return { filename: `${base}.md`, contentType: 'text/markdown; charset=utf-8', data: Buffer.from(reportToMarkdown(report), 'utf8') };
  }
  return { filename: `${base}.pdf`, contentType: 'application/pdf', data: await reportToPdf(report, pdf) };
}

/**
 * Who may read a case's report: an admin of the case's own company, or a
 * responder of the group the company's cases are routed to. Nobody else, and
 * never across tenants (an admin of another company is refused).
 */
export async function mayExportReport(services: ReportServices, user: User, c: CaseRecord): Promise<boolean> {
  if (user.tenantId === c.tenantId && user.roles.includes('admin')) return true;
  if (!user.roles.includes('responder')) return false;
  const group = await services.directory.groupForTenant(c.tenantId);
  return !!group && (await services.directory.isMember(group.id, user.id));
}

/**
 * Exports a case's incident report for a person in chat. A refusal is audited
 * on the case's timeline (`access_refused`, action `report`) before it is
 * thrown, and returns no data (to someone who may not even know the case, in
 * the words of "not found": CaseHiddenError); a successful export is recorded too
 * (`report_exported`), so the timeline shows who took a copy of the record.
 */
export async function exportCaseReport(
  services: ReportServices,
  user: User,
  caseNumber: string,
  format: ReportFormat,
  pdf?: PdfOptions,
): Promise<ReportFile> {
  const c = await services.cases.findByNumber(caseNumber);
  if (!c) throw new CaseNotFoundError(caseNumber);
  if (!(await mayExportReport(services, user, c))) {
    await services.cases.appendEvent(c.id, 'access_refused', { kind: 'user', userId: user.id }, { action: 'report' });
    if (!(await mayKnowCase(services.directory, user, c))) throw new CaseHiddenError(caseNumber, 'report', user.id);
    throw new ForbiddenError('report', user.id, 'report.forbidden');
  }
  const file = await renderCaseReport(await buildCaseReport(services, c), format, pdf);
  await services.cases.appendEvent(c.id, 'report_exported', { kind: 'user', userId: user.id }, { format });
  return file;
}
