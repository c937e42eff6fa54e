import type { Outbound } from '../cards.js';
import type { CaseRecord } from '../cases/case-types.js';
import type { User } from '../directory/directory-types.js';
import { escalateCase } from '../escalation/escalate-case.js';
import { afterHoursNotice } from '../oncall/after-hours.js';
import { ForbiddenError, InvalidInputError } from '../errors.js';
import type { InboundAction } from '../inbound.js';
import { intakeCard } from '../intake/intake-card.js';
import { t } from '../../core/i18n/t.js';
import type { HandlerServices } from '../services.js';
import { textCard } from '../ask/answer-card.js';

/** Buttons under an answer: only the asker (or an admin of the same company) may press them. */
export async function handleFeedback(services: HandlerServices, action: InboundAction, c: CaseRecord, user: User): Promise<Outbound[]> {
  const sameTenantAdmin = user.tenantId === c.tenantId && user.roles.includes('admin');
  if (user.id !== c.askerUserId && !sameTenantAdmin) {
    await services.cases.appendEvent(c.id, 'access_refused', { kind: 'user', userId: user.id }, { action: action.actionId });
    throw new ForbiddenError(action.actionId, user.id);
  }
  const actor = { kind: 'user', userId: user.id } as const;
  const lang = c.lang;
  switch (action.actionId) {
    case 'feedback.helpful':
      await services.cases.appendEvent(c.id, 'feedback', actor, { helpful: true });
      return [{ to: action.threadRef, card: textCard(t(lang, 'feedback.thanks')) }];
    case 'feedback.not_helpful':
      await services.db.transaction(async (tx) => {
        await services.cases.appendEvent(c.id, 'feedback', actor, { helpful: false }, tx);
        await tx.query('INSERT INTO kb_gaps (tenant_id, case_id, lang, question, category, reason) VALUES ($1, $2, $3, $4, $5, $6)', [
          c.tenantId,
          c.id,
          lang,
          c.question,
          c.category,
          'not_helpful',
        ]);
      });
      return [{ to: action.threadRef, card: textCard(t(lang, 'feedback.whatMissing')) }];
    case 'case.request_responder': {
      if (c.state !== 'new' && c.state !== 'answered') {
        return [{ to: action.threadRef, card: textCard(t(lang, 'reply.followUpRecorded', { number: c.number })) }];
      }
      const escalated = await escalateCase(services, c, actor, 'asker_request');
      const afterHours = await afterHoursNotice(services, escalated);
      return [
        { to: action.threadRef, card: textCard(t(lang, 'reply.humanRequested', { number: escalated.number })) },
        ...(afterHours ? [afterHours] : []),
        // After the escalation is committed and dispatched: the questions never delay it.
        { to: action.threadRef, card: intakeCard(escalated) },
      ];
    }
    default:
      throw new InvalidInputError(`unknown action ${action.actionId}`);
  }
}
