import type { Card, CardBlock, CardButton } from '../cards.js';
import type { Lang } from '../../knowledge/text/normalize.js';
import type { CaseEvent, CaseRecord } from '../cases/case-types.js';
import type { ResponderGroup, Tenant } from '../directory/directory-types.js';
import { tierFor } from './escalation-jobs.js';
import { categoryLabel, severityLabel } from '../ask/answer-card.js';
import { findIntakeQuestion, latestIntakeAnswers } from '../intake/intake-questions.js';
import { neutralize } from '../../knowledge/text/neutralize.js';
import { t } from '../../core/i18n/t.js';
import { clockBlocks, clockButtons } from '../legal/clock-card.js';
import { dispatchBlocks, dispatchButtons } from '../dispatch/dispatch-card.js';

const SEVERITY_ICON: Record<string, string> = { critical: '🔴', high: '🟠', medium: '🟡', low: '🟢' };

/** What the card knows besides the case: whether the company has an on-site dispatch route (else no 「駆けつけ依頼」). */
export interface CardOptions {
  dispatchRoute?: boolean;
}

/**
 * The card responders see for an escalated case, in the language of the responder group that
 * reads it (the case's own language only when no group is known); the asker's question is
 * quoted as written.
 */
export function escalationCard(
  c: CaseRecord,
  tenant: Tenant | null,
  events: CaseEvent[],
  tier: number,
  group?: ResponderGroup | null,
  holder?: { name: string; at: Date } | null,
  options: CardOptions = {},
): Card {
  const lang = group?.lang ?? c.lang;
  const severity = c.severity ?? 'medium';
  const triage = [...events].reverse().find((e) => e.type === 'triaged');
  const signals = Array.isArray(triage?.data.signals)
    ? (triage!.data.signals as { ja?: string; en?: string; id?: string }[]).map((s) => s[lang] ?? s.id ?? '').filter(Boolean)
    : [];
  return {
    badge: { severity, label: severityLabel(lang, severity), category: categoryLabel(lang, c.category ?? 'general') },
    blocks: [
      { kind: 'text', text: t(lang, 'card.escalation.title', { icon: SEVERITY_ICON[severity] ?? '', number: c.number, tenant: tenant?.name ?? c.tenantId }) },
      {
        kind: 'fields',
        fields: [
          { label: t(lang, 'card.escalation.severity'), value: severityLabel(lang, severity) },
          { label: t(lang, 'card.escalation.category'), value: categoryLabel(lang, c.category ?? 'general') },
          { label: t(lang, 'card.escalation.tier'), value: String(tier + 1) },
          ...(signals.length ? [{ label: t(lang, 'card.escalation.signals'), value: signals.join(', ') }] : []),
        ],
      },
      ...statusBlocks(lang, c, tier, group, holder),
      { kind: 'text', text: `${t(lang, 'card.escalation.question')}: ${neutralize(c.question)}` },
      ...intakeBlocks(lang, events),
      ...clockBlocks(lang, c, events),
      ...dispatchBlocks(lang, events),
    ],
    buttons: [...caseButtons(c, lang), ...clockButtons(lang, c, events), ...dispatchButtons(lang, c, events, options.dispatchRoute ?? false)],
  };
}

/** Who holds the case, or why the card is posted again. */
function statusBlocks(lang: Lang, c: CaseRecord, tier: number, group?: ResponderGroup | null, holder?: { name: string; at: Date } | null): CardBlock[] {
  if (c.state === 'claimed' && holder) {
    return [{ kind: 'notice', text: t(lang, 'card.escalation.claimedBy', { name: holder.name, time: hhmm(holder.at) }) }];
  }
  if (c.state === 'resolved' || c.state === 'closed') return [{ kind: 'notice', text: t(lang, 'card.escalation.resolved') }];
  if (tier > 0 && group) {
    const previous = tierFor(group.tiers, tier - 1);
    const wait = formatWait(lang, previous.waitSeconds[c.severity ?? 'medium']);
    const mention = tierFor(group.tiers, tier).mention;
    return [{ kind: 'notice', text: `${mention ? `${mention} ` : ''}${t(lang, 'card.escalation.renotify', { wait })}` }];
  }
  return [];
}

/** The button that opens the triage-correction form (Slack modal, Teams dialog); elsewhere it explains the command. */
export const RECLASSIFY_ACTION = 'case.reclassify';

/** The buttons that make sense in the case's state, labelled in the reader's language. */
export function caseButtons(c: CaseRecord, lang: Lang): CardButton[] {
  if (c.state === 'escalated') return [{ actionId: 'case.claim', label: t(lang, 'button.claim'), value: c.number, style: 'primary' }];
  if (c.state === 'claimed') {
    return [
      { actionId: 'case.resolve', label: t(lang, 'button.resolve'), value: c.number, style: 'primary' },
      { actionId: 'case.release', label: t(lang, 'button.release'), value: c.number },
      { actionId: RECLASSIFY_ACTION, label: t(lang, 'button.reclassify'), value: c.number },
    ];
  }
  if (c.state === 'resolved') {
    return [
      { actionId: 'case.save_draft', label: t(lang, 'button.saveDraft'), value: c.number },
      { actionId: RECLASSIFY_ACTION, label: t(lang, 'button.reclassify'), value: c.number },
    ];
  }
  return [];
}

function formatWait(lang: Lang, seconds: number): string {
  if (seconds < 60) return t(lang, 'card.escalation.waitSeconds', { seconds });
  return t(lang, 'card.escalation.waitMinutes', { minutes: Math.round(seconds / 60) });
}

function hhmm(d: Date): string {
  // Responders work in Japan time whatever the server's zone.
  return d.toLocaleTimeString('ja-JP', { hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Tokyo' });
}

/** The latest answer to each intake question, in asking order, labelled in the card's language. */
function intakeBlocks(lang: Lang, events: CaseEvent[]): CardBlock[] {
  const answers = latestIntakeAnswers(events);
  if (answers.length === 0) return [];
  const order = (id: string) => findIntakeQuestion(id)?.order ?? Number.MAX_SAFE_INTEGER;
  const fields = answers
    .sort((a, b) => order(a.questionId) - order(b.questionId))
    .map((a) => {
      const found = findIntakeQuestion(a.questionId);
      const option = found?.question.options.find((o) => o.id === a.optionId);
      return { label: found?.question[lang] ?? a.question, value: option?.[lang] ?? a.answer };
    });
  return [
    { kind: 'text', text: t(lang, 'card.escalation.intake') },
    { kind: 'fields', fields },
  ];
}
