import { textCard } from '../ask/answer-card.js';
import type { Outbound } from '../cards.js';
import type { User } from '../directory/directory-types.js';
import { InvalidInputError } from '../errors.js';
import type { InboundCommand } from '../inbound.js';
import { t } from '../../core/i18n/t.js';
import type { HandlerServices } from '../services.js';
import { exportCaseReport, type ReportFormat } from './export-report.js';

const CASE_NUMBER = /^OT-\d{1,12}$/i;
const FORMATS: Record<string, ReportFormat> = { md: 'md', markdown: 'md', pdf: 'pdf' };

/**
 * `report OT-000123 [md|pdf]` (default pdf): the incident report as a file in
 * the thread, with a short card saying what it is. Access is checked (and a
 * refusal audited) by exportCaseReport.
 */
export async function handleReportCommand(services: HandlerServices, cmd: InboundCommand, user: User): Promise<Outbound[]> {
  const [number = '', formatArg = 'pdf', ...extra] = cmd.args;
  const format = FORMATS[formatArg.toLowerCase()];
  if (!CASE_NUMBER.test(number) || !format || extra.length > 0) throw new InvalidInputError(`bad report command: ${cmd.args.join(' ')}`, 'report.usage');
  const file = await exportCaseReport(services, user, number.toUpperCase(), format);
  return [
    {
      to: cmd.threadRef,
      card: textCard(t(user.lang, 'report.ready', { number: number.toUpperCase(), format: format.toUpperCase() })),
      file: { name: file.filename, contentType: file.contentType, data: file.data },
    },
  ];
}
