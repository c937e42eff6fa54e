import { severityRank, type Severity } from '../../knowledge/taxonomy.js';
import { categoryLabel, severityLabel } from '../ask/answer-card.js';
import type { CardBlock, Outbound } from '../cards.js';
import type { CaseRecord } from '../cases/case-types.js';
import type { User } from '../directory/directory-types.js';
import { escalateCase, renotifyNow } from '../escalation/escalate-case.js';
import { responderCardUpdate } from '../escalation/responder-actions.js';
import { ForbiddenError, IllegalTransitionError, InvalidInputError } from '../errors.js';
import type { InboundAction } from '../inbound.js';
import { t } from '../../core/i18n/t.js';
import type { HandlerServices } from '../services.js';
import { findIntakeQuestion, INTAKE_EVENT, latestIntakeAnswers } from './intake-questions.js';

/** `<caseNumber>|<questionId>|<optionId>`, each part from a closed alphabet. */
const VALUE = /^(OT-\d{1,12})\|([a-z][a-z_]*\.[a-z0-9_]+)\|([a-z0-9_]+)$/i;
const MAX_VALUE_CHARS = 200;

export interface IntakeValue {
  caseNumber: string;
  questionId: string;
  optionId: string;
}

/** Parses an intake button value; anything else is refused before a lookup. */
export function parseIntakeValue(value: string): IntakeValue {
  const m = value.length <= MAX_VALUE_CHARS ? VALUE.exec(value) : null;
  if (!m) throw new InvalidInputError('malformed intake value', 'error.intakeInvalid');
  return { caseNumber: m[1]!.toUpperCase(), questionId: m[2]!, optionId: m[3]! };
}

/**
 * A press of an intake button. The value is untrusted: the case, question and
 * option are checked against the data, and only the asker (or an admin of the
 * same company) may answer. An answer whose severity floor is above the case's
 * severity re-triages the case (severity only rises) and escalates it when it
 * is not with the responders yet.
 */
export async function handleIntakeAnswer(services: HandlerServices, action: InboundAction, c: CaseRecord, user: User): Promise<Outbound[]> {
  const value = parseIntakeValue(action.value);
  if (value.caseNumber !== c.number) throw new InvalidInputError(`intake value for ${value.caseNumber} routed to ${c.number}`, 'error.intakeInvalid');
  const sameTenantAdmin = user.tenantId === c.tenantId && user.roles.includes('admin');
  if (user.id !== c.askerUserId && !sameTenantAdmin) {
    await services.cases.appendEvent(c.id, 'access_refused', { kind: 'user', userId: user.id }, { action: action.actionId });
    throw new ForbiddenError(action.actionId, user.id, 'error.intakeAskerOnly');
  }

  const events = await services.cases.events(c.id);
  // A follow-up may have re-triaged the case into another category after the card was sent:
  // questions of any category the case has had are accepted, nothing else.
  const categories = new Set<string>([c.category ?? 'general', ...events.filter((e) => e.type === 'triaged').map((e) => String(e.data.category))]);
  const found = findIntakeQuestion(value.questionId);
  const option = found?.question.options.find((o) => o.id === value.optionId);
  if (!found || !option || !categories.has(found.category)) {
    throw new InvalidInputError(`unknown intake answer ${value.questionId}/${value.optionId} for ${c.number}`, 'error.intakeInvalid');
  }
  const lang = c.lang;
  const question = found.question[lang];
  const answer = option[lang];
  const previous = latestIntakeAnswers(events).find((a) => a.questionId === value.questionId);
  const lastTriage = [...events].reverse().find((e) => e.type === 'triaged');

  const committed = await services.db.transaction(async (tx) => {
    // Lock the case so two answers at once cannot lower what the other raised.
    await tx.query('SELECT id FROM cases WHERE id = $1 FOR UPDATE', [c.id]);
    let current = await services.cases.get(c.id, tx);
    let raised: { from: Severity | null; to: Severity } | null = null;
    await services.cases.appendEvent(
      c.id,
      INTAKE_EVENT,
      { kind: 'user', userId: user.id },
      { questionId: found.question.id, optionId: option.id, question, answer, ...(option.severityFloor ? { severityFloor: option.severityFloor } : {}) },
      tx,
    );
    const floor = option.severityFloor;
    if (floor && severityRank(floor) > severityRank(current.severity ?? 'low')) {
      raised = { from: current.severity, to: floor };
      const signals = Array.isArray(lastTriage?.data.signals) ? (lastTriage!.data.signals as unknown[]) : [];
      current = await services.cases.recordTriage(
        c.id,
        {
          category: current.category ?? 'general',
          severity: floor,
          data: {
            reason: 'intake_answer',
            from: current.severity,
            questionId: found.question.id,
            optionId: option.id,
            // Keep what triggered the case and add the answer that raised it, for the responder card.
            signals: [...signals, { id: `intake:${found.question.id}`, ja: `${found.question.ja}: ${option.ja}`, en: `${found.question.en}: ${option.en}` }],
          },
        },
        { kind: 'bot' },
        tx,
      );
    }
    return { current, raised };
  });

  let updated = committed.current;
  const rise = committed.raised;
  let escalatedNow = false;
  if (rise && (updated.state === 'new' || updated.state === 'answered')) {
    try {
      updated = await escalateCase(services, updated, { kind: 'bot' }, 'severity_raised', { from: rise.from, to: rise.to, questionId: found.question.id });
      escalatedNow = true;
    } catch (err) {
      // Escalated by someone else in the meantime: the responders have it either way.
      if (!(err instanceof IllegalTransitionError)) throw err;
    }
  } else if (rise && updated.state === 'escalated') {
    // Waiting for a responder and now more urgent: a fresh card at once, with the new wait.
    await renotifyNow(services, updated, { from: rise.from, to: rise.to, questionId: found.question.id });
  }

  // The responders' card shows the answer at once (a new escalation round posts a fresh card instead).
  const cardUpdate = escalatedNow ? null : await responderCardUpdate(services, updated);

  const changed = previous !== undefined && previous.optionId !== option.id;
  const blocks: CardBlock[] = [{ kind: 'text', text: t(lang, changed ? 'intake.updated' : 'intake.recorded', { question, answer, number: c.number }) }];
  if (rise) blocks.push({ kind: 'notice', text: t(lang, 'reply.severityRaised', { severity: severityLabel(lang, rise.to) }) });
  if (escalatedNow) blocks.push({ kind: 'notice', text: t(lang, 'reply.escalated', { number: c.number }) });
  return [
    {
      to: action.threadRef,
      card: {
        ...(rise ? { badge: { severity: rise.to, label: severityLabel(lang, rise.to), category: categoryLabel(lang, updated.category ?? 'general') } } : {}),
        blocks,
      },
    },
    ...(cardUpdate ? [cardUpdate] : []),
  ];
}
