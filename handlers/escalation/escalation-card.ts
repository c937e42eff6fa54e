import type { Card } from '../cards.js';
import type { CaseEvent, CaseRecord } from '../cases/case-types.js';
import type { Tenant } from '../directory/directory-types.js';
import { categoryLabel, severityLabel } from '../ask/answer-card.js';
import { t } from '../messages.js';

const SEVERITY_ICON: Record<string, string> = { critical: '🔴', high: '🟠', medium: '🟡', low: '🟢' };

/** The card responders see for an escalated case (language of the responder group: the case's). */
export function escalationCard(c: CaseRecord, tenant: Tenant | null, events: CaseEvent[], tier: number): Card {
  const lang = c.lang;
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
      { kind: 'text', text: `${t(lang, 'card.escalation.question')}: ${c.question}` },
    ],
    buttons: [
      { actionId: 'case.claim', label: t(lang, 'button.claim'), value: c.number, style: 'primary' },
      { actionId: 'case.resolve', label: t(lang, 'button.resolve'), value: c.number },
    ],
  };
}
