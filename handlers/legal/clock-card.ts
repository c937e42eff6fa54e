import type { CardBlock, CardButton } from '../cards.js';
import type { CaseEvent, CaseRecord } from '../cases/case-types.js';
import type { Lang } from '../../knowledge/text/normalize.js';
import { clocksOf } from './case-clocks.js';
import { jstMinute } from './legal-rules.js';
import { t } from '../../core/i18n/t.js';

export const LEGAL_TICK_ACTION = 'legal.tick';
export const LEGAL_DRAFTS_ACTION = 'legal.drafts';
export const LEGAL_WRONGFUL_ACTION = 'legal.wrongful';
export const INSURER_REPORT_ACTION = 'insurance.report';

/**
 * The deadlines running on a case, for its responder card: the PPC 速報 / 確報 with the time of
 * awareness and the wrongful-purpose mark, and the insurer's notification window. Due dates are
 * absolute (Japan time): the card is redrawn on events, so a relative countdown would go stale;
 * the reminders do the counting down.
 */
export function clockBlocks(lang: Lang, c: Pick<CaseRecord, 'number'>, events: readonly CaseEvent[]): CardBlock[] {
  const { ppc, insurer } = clocksOf(events);
  const blocks: CardBlock[] = [];
  if (ppc) {
    const filed = (d: Date, done: boolean) => (done ? `${jstMinute(d)} — ${t(lang, 'legal.card.ppc.filed')}` : jstMinute(d));
    blocks.push(
      { kind: 'text', text: t(lang, 'legal.card.ppc.title') },
      {
        kind: 'fields',
        fields: [
          { label: t(lang, 'legal.card.ppc.aware'), value: jstMinute(ppc.awareAt) },
          { label: t(lang, 'legal.card.ppc.prelim'), value: filed(ppc.prelim, ppc.filed.has('prelim')) },
          { label: t(lang, 'legal.card.ppc.final', { days: ppc.finalDays }), value: filed(ppc.final, ppc.filed.has('final')) },
          { label: t(lang, 'legal.card.ppc.wrongful'), value: t(lang, ppc.wrongful ? 'legal.card.yes' : 'legal.card.no') },
        ],
      },
      { kind: 'text', text: t(lang, 'legal.card.ppc.hint', { number: c.number }) },
    );
  }
  if (insurer) {
    blocks.push({
      kind: 'fields',
      fields: [
        { label: t(lang, 'legal.card.insurer.due'), value: insurer.notified ? `${jstMinute(insurer.dueAt)} — ${t(lang, 'legal.card.insurer.done')}` : jstMinute(insurer.dueAt) },
        { label: t(lang, 'legal.card.insurer.policy'), value: `${insurer.insurer} / ${insurer.policyNumber}` },
      ],
    });
  }
  return blocks;
}

/** The clock buttons that make sense now: the tick before a PPC clock runs; drafts and the wrongful mark after; the insurer report. */
export function clockButtons(lang: Lang, c: Pick<CaseRecord, 'number' | 'state'>, events: readonly CaseEvent[]): CardButton[] {
  if (!['escalated', 'claimed', 'resolved', 'closed'].includes(c.state)) return [];
  const { ppc, insurer } = clocksOf(events);
  const buttons: CardButton[] = [];
  // The tick is the holder's call while they work the case (an unclaimed or resolved card keeps its buttons).
  if (!ppc) {
    if (c.state === 'claimed') buttons.push({ actionId: LEGAL_TICK_ACTION, label: t(lang, 'legal.button.tick'), value: c.number, style: 'danger' });
  } else {
    buttons.push({ actionId: LEGAL_DRAFTS_ACTION, label: t(lang, 'legal.button.drafts'), value: c.number });
    buttons.push({ actionId: LEGAL_WRONGFUL_ACTION, label: t(lang, ppc.wrongful ? 'legal.button.wrongfulOff' : 'legal.button.wrongfulOn'), value: c.number });
  }
  if (insurer) buttons.push({ actionId: INSURER_REPORT_ACTION, label: t(lang, 'legal.button.insurerReport'), value: c.number });
  return buttons;
}
