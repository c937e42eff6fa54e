import type { Card, CardBlock, CardButton } from '../cards.js';
import type { CaseRecord } from '../cases/case-types.js';
import { t } from '../../core/i18n/t.js';
import { intakeQuestionsFor } from './intake-questions.js';

/** Action id of an intake answer button; its value is `<caseNumber>|<questionId>|<optionId>`. */
export const INTAKE_ACTION_ID = 'intake.answer';

/** The button value for one answer (ids never contain `|`). */
export function intakeValue(caseNumber: string, questionId: string, optionId: string): string {
  return `${caseNumber}|${questionId}|${optionId}`;
}

/**
 * The few facts a responder needs first, as buttons, in the case's language.
 * Sent after the escalation is committed, so it never delays it. Each question
 * is a `text` block heading a group of buttons (`group` = question id).
 */
export function intakeCard(c: CaseRecord): Card {
  const lang = c.lang;
  const questions = intakeQuestionsFor(c.category);
  const blocks: CardBlock[] = [{ kind: 'notice', text: t(lang, 'intake.intro', { number: c.number }) }];
  const buttons: CardButton[] = [];
  for (const q of questions) {
    blocks.push({ kind: 'text', text: q[lang], group: q.id });
    for (const o of q.options) {
      buttons.push({ actionId: INTAKE_ACTION_ID, label: o[lang], value: intakeValue(c.number, q.id, o.id), group: q.id });
    }
  }
  return { blocks, buttons };
}
