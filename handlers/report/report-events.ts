import { neutralize } from '../../knowledge/text/neutralize.js';
import type { Lang } from '../../knowledge/text/normalize.js';
import { categoryLabel, severityLabel } from '../ask/answer-card.js';
import type { CaseEvent } from '../cases/case-types.js';
import { findIntakeQuestion } from '../intake/intake-questions.js';
import { t, type MessageKey } from '../../core/i18n/t.js';
import type { ActorResolver } from './case-report.js';
import { describeDispatchEvent } from '../dispatch/dispatch-report.js';

const ESCALATION_REASONS = ['triage', 'asker_request', 'severity_raised', 'no_answer', 'reopened', 'released', 'device_alert'];

const str = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
/** What people wrote (the asker, a responder, an article's author), as the bot may repeat it: no pings. */
const quoted = (v: unknown): string => neutralize(str(v));

/**
 * One line saying what a timeline event means, in the case's language. The
 * vocabulary is the case store's (see ACTION_EVENT) plus the events the
 * handlers and workers append; an unknown type is still shown, generically,
 * so the report never silently drops a row. Text people wrote (follow-ups,
 * relays, summaries, article titles) is neutralised: the same line feeds the
 * incident report posted to chat and the playground's responder view.
 */
export async function describeEvent(lang: Lang, e: CaseEvent, actors: ActorResolver): Promise<string> {
  const d = e.data;
  switch (e.type) {
    case 'opened':
      return t(lang, 'report.event.opened');
    case 'triaged': {
      const severity = severityLabel(lang, str(d.severity));
      if (d.reason === 'intake_answer') return t(lang, 'report.event.triagedByIntake', { severity });
      return t(lang, 'report.event.triaged', { severity, category: categoryLabel(lang, str(d.category)) });
    }
    case 'answer_sent': {
      const line = t(lang, 'report.event.answerSent', { decision: decisionLabel(lang, d.decision) });
      const sources = Array.isArray(d.citations) ? (d.citations as { title?: unknown; slug?: unknown }[]).map((c) => quoted(c.title ?? c.slug)).filter(Boolean) : [];
      return sources.length ? `${line} ${t(lang, 'report.event.sources', { sources: sources.join(lang === 'ja' ? '、' : ', ') })}` : line;
    }
    case 'escalated':
      return t(lang, 'report.event.escalated', { reason: reasonLabel(lang, d.reason) });
    case 'responders_notified':
      return t(lang, 'report.event.notified', { tier: Number(d.tier ?? 0) + 1 });
    case 'tier_advanced':
      return t(lang, 'report.event.tierAdvanced', { tier: Number(d.to ?? 0) + 1 });
    case 'claimed':
      return t(lang, 'report.event.claimed');
    case 'released':
      return t(lang, 'report.event.released');
    case 'reclassified': {
      const side = (v: unknown) => {
        const o = (v ?? {}) as { severity?: unknown; category?: unknown };
        return `${severityLabel(lang, str(o.severity))} / ${categoryLabel(lang, str(o.category))}`;
      };
      return t(lang, 'report.event.reclassified', { from: side(d.from), to: side(d.to), reason: quoted(d.reason) });
    }
    case 'reassigned':
      return t(lang, 'report.event.reassigned', { name: await actors.name(str(d.to) || null) });
    case 'relayed_to_asker':
      return t(lang, 'report.event.relayed', { text: quoted(d.text) });
    case 'asker_message':
      return t(lang, 'report.event.askerMessage', { text: quoted(d.text) });
    case 'resolved':
      return t(lang, 'report.event.resolved', { summary: quoted(d.summary) });
    case 'reopened':
      return t(lang, 'report.event.reopened');
    case 'closed':
      return t(lang, 'report.event.closed');
    case 'feedback':
      return t(lang, 'report.event.feedback', {
        value: t(lang, d.helpful === true ? 'report.feedback.helpful' : 'report.feedback.notHelpful'),
      });
    case 'kb_draft_saved':
      return t(lang, 'report.event.kbDraft', { slug: str(d.slug) });
    case 'access_refused':
      return t(lang, 'report.event.accessRefused', { action: str(d.action) || '—' });
    case 'intake_answered': {
      const found = findIntakeQuestion(str(d.questionId));
      const option = found?.question.options.find((o) => o.id === d.optionId);
      return t(lang, 'report.event.intake', {
        question: found?.question[lang] ?? str(d.question ?? d.questionId),
        answer: option?.[lang] ?? str(d.answer ?? d.optionId),
      });
    }
    case 'report_exported':
      return t(lang, 'report.event.exported', { format: str(d.format).toUpperCase() });
    // Monitoring alerts (issue #20): the case came from a device, and who was told at the machine.
    case 'alert_received':
      return t(lang, 'report.event.alertReceived', {
        source: quoted(d.sourceName ?? d.source),
        title: quoted(d.title),
        target: quoted(d.host ?? d.user ?? '—'),
        severity: str(d.vendorSeverity ?? d.severity),
      });
    case 'alert_person_notified':
      return t(lang, d.asContact ? 'report.event.alertContactNotified' : 'report.event.alertPersonNotified', { who: await actors.name(str(d.userId)) });
    case 'alert_person_unreachable':
      return t(lang, 'report.event.alertPersonUnreachable', { who: await actors.name(str(d.userId)) });
    default:
      // On-site dispatch (駆けつけ): its own catalogue, beside the feature.
      return describeDispatchEvent(lang, e) ?? t(lang, 'report.event.other', { type: e.type });
  }
}

/** What the bot decided for a reply (answer, escalate, no answer, off topic), in words. */
export function decisionLabel(lang: Lang, decision: unknown): string {
  const known = ['answer', 'escalate', 'no_answer', 'off_topic'];
  return typeof decision === 'string' && known.includes(decision) ? t(lang, `report.decision.${decision}` as MessageKey) : str(decision) || '—';
}

function reasonLabel(lang: Lang, reason: unknown): string {
  return typeof reason === 'string' && ESCALATION_REASONS.includes(reason) ? t(lang, `report.reason.${reason}` as MessageKey) : str(reason) || '—';
}
