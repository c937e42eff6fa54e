import type { Card } from '../cards.js';
import type { CaseRecord } from '../cases/case-types.js';
import type { Tenant } from '../directory/directory-types.js';
import { jobId, type JobSpec } from '../jobs.js';
import type { Lang } from '../../knowledge/text/normalize.js';
import { neutralize } from '../../knowledge/text/neutralize.js';
import { categoryLabel, severityLabel } from '../ask/answer-card.js';
import { t } from '../../core/i18n/t.js';

/** The button on a page: acknowledging takes the case (one atomic claim) and stops the pages. */
export const PAGE_ACK_ACTION = 'oncall.ack';

/** Page attempt `attempt` of round `round`; the id is deterministic, so two processes record it once. */
export function pageJob(caseId: number, round: number, attempt: number, runAt: Date): JobSpec<'oncall.page'> {
  return { id: jobId('oncall-page', caseId, 'r', round, 'a', attempt), name: 'oncall.page', payload: { caseId, round, attempt }, runAt };
}

/** The direct message that pages the on-call responder, in their language. */
export function pageCard(c: CaseRecord, tenant: Tenant | null, attempt: number, lang: Lang): Card {
  const severity = c.severity ?? 'high';
  return {
    badge: { severity, label: severityLabel(lang, severity), category: categoryLabel(lang, c.category ?? 'general') },
    blocks: [
      { kind: 'notice', text: t(lang, 'oncall.page.title', { attempt: attempt + 1, tenant: tenant?.name ?? c.tenantId, number: c.number, severity: severityLabel(lang, severity) }) },
      { kind: 'text', text: t(lang, 'oncall.page.body', { question: neutralize(c.question) }) },
    ],
    buttons: [{ actionId: PAGE_ACK_ACTION, label: t(lang, 'oncall.page.ack'), value: c.number, style: 'primary' }],
  };
}
