import type { Outbound } from '../cards.js';
import type { CaseRecord } from '../cases/case-types.js';
import type { User } from '../directory/directory-types.js';
import type { HandlerServices } from '../services.js';
import { textCard } from '../ask/answer-card.js';
import { claimCase } from '../escalation/responder-actions.js';
import { t } from '../../core/i18n/t.js';

/**
 * The paged responder acknowledges: they take the case (the same atomic claim as the card's
 * button, so a colleague's simultaneous claim makes exactly one winner), the timeline records the
 * acknowledgement, and the pending pages and timers of the round stop.
 */
export async function acknowledgePage(services: HandlerServices, c: CaseRecord, user: User, threadRef: string): Promise<Outbound[]> {
  const out = await claimCase(services, c, user);
  await services.cases.appendEvent(c.id, 'page_acknowledged', { kind: 'user', userId: user.id }, { round: c.escalationRound });
  return [{ to: threadRef, card: textCard(t(user.lang, 'oncall.page.acked', { number: c.number })) }, ...out];
}
