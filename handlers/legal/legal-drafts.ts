import { t, type Lang } from '../../core/i18n/t.js';
import { bundledContacts, type ContactRegistry } from '../../knowledge/contacts/contact-registry.js';
import { neutralize } from '../../knowledge/text/neutralize.js';
import { categoryLabel, severityLabel } from '../ask/answer-card.js';
import type { CaseEvent, CaseRecord } from '../cases/case-types.js';
import { findIntakeQuestion, latestIntakeAnswers } from '../intake/intake-questions.js';
import { buildCaseReport, formatJst, type CaseReport, type ReportBlock, type ReportSection, type ReportServices } from '../report/case-report.js';
import { clocksOf } from './case-clocks.js';
import { citeRule, jstMinute, PPC_RULES, type RuleId } from './legal-rules.js';

/** The drafts the desk prepares for a person to check and file. */
export type DraftKind = 'ppc' | 'ipa' | 'police';
export const DRAFT_KINDS: readonly DraftKind[] = ['ppc', 'ipa', 'police'];

/** What a person must write in where the case does not tell. */
const fillIn = (lang: Lang) => t(lang, 'legal.doc.fillIn');

/** The answer to an intake question in the case's language, or null when not answered (or 不明). */
function intakeAnswer(lang: Lang, events: readonly CaseEvent[], questionId: string): string | null {
  const a = latestIntakeAnswers(events).find((x) => x.questionId === questionId);
  if (!a || a.optionId === 'unknown') return null;
  const option = findIntakeQuestion(questionId)?.question.options.find((o) => o.id === a.optionId);
  return option?.[lang] ?? a.answer;
}

function signalsOf(lang: Lang, events: readonly CaseEvent[]): string[] {
  const out = new Set<string>();
  for (const e of events) {
    if (e.type !== 'triaged' || !Array.isArray(e.data.signals)) continue;
    for (const s of e.data.signals as { ja?: string; en?: string; id?: string }[]) {
      const label = String(s?.[lang] ?? s?.id ?? '').trim();
      if (label) out.add(label);
    }
  }
  return [...out];
}

const lastSummary = (events: readonly CaseEvent[]) => {
  const e = events.filter((x) => x.type === 'resolved').at(-1);
  return e ? neutralize(String(e.data.summary ?? '')).trim() : '';
};

/** The warning every draft opens with: a draft, checked and filed by a person, never by the bot. */
function draftWarning(lang: Lang, where: string): ReportBlock {
  return {
    kind: 'paragraph',
    text: t(lang, 'legal.draft.warning', { where }),
  };
}

function sourcesSection(lang: Lang, ids: RuleId[], contacts: ContactRegistry): ReportSection {
  return {
    id: 'sources',
    title: t(lang, 'legal.draft.section.sources'),
    blocks: [{ kind: 'list', items: ids.map((id) => citeRule(lang, id, contacts)) }],
  };
}

/**
 * A draft report built from the case: the PPC breach report's items, the IPA malware /
 * unauthorised-access report, or a summary to take to a police consultation. The result renders
 * like the incident report (Markdown, or PDF with the embedded Japanese font); its wording is the
 * catalogue's legal.draft.* and legal.doc.* (core/i18n).
 */
export async function buildDraft(services: ReportServices, c: CaseRecord, kind: DraftKind, now: Date, contacts: ContactRegistry = bundledContacts()): Promise<CaseReport> {
  const lang = c.lang;
  const base = await buildCaseReport(services, c, now);
  const events = await services.cases.events(c.id);
  const section = (id: ReportSection['id']) => base.sections.find((s) => s.id === id)!;
  const clocks = clocksOf(events);
  const ppc = clocks.ppc;
  const category = c.category ? categoryLabel(lang, c.category) : fillIn(lang);
  const severity = c.severity ? severityLabel(lang, c.severity) : fillIn(lang);
  const question = neutralize(c.question);
  const signals = signalsOf(lang, events);
  const summary = lastSummary(events);
  const awareAt = ppc?.awareAt ?? c.createdAt;
  const title = t(lang, `legal.draft.title.${kind}`, { number: c.number });
  const contacts_ = { ppc: 'ppc-report', ipa: 'ipa-company-desk', police: 'police-prefectural' }[kind];
  const where = contacts.get(contacts_)?.name[lang] ?? contacts_;
  const common = [
    { label: t(lang, 'report.field.number'), value: c.number },
    { label: t(lang, 'report.field.company'), value: base.tenantName },
    { label: t(lang, 'legal.draft.field.discovered'), value: formatJst(c.createdAt) },
  ];

  let fields: { label: string; value: string }[];
  let rules: RuleId[];
  if (kind === 'ppc') {
    const people = intakeAnswer(lang, events, 'data_leak.people');
    const personal = intakeAnswer(lang, events, 'data_leak.personal_data');
    fields = [
      ...common,
      { label: t(lang, 'legal.draft.ppc.aware'), value: ppc ? jstMinute(ppc.awareAt) : t(lang, 'legal.draft.ppc.awareFromDesk', { aware: jstMinute(awareAt) }) },
      { label: t(lang, 'legal.draft.ppc.prelimDue'), value: `${ppc ? jstMinute(ppc.prelim) : fillIn(lang)} — ${PPC_RULES.prelimGuidance[lang]}` },
      { label: t(lang, 'legal.draft.ppc.finalDue'), value: ppc ? `${jstMinute(ppc.final)} (${t(lang, 'legal.draft.ppc.withinDays', { days: ppc.finalDays })})` : fillIn(lang) },
      { label: t(lang, 'legal.draft.ppc.summary'), value: `${t(lang, 'report.field.category')}: ${category} / ${t(lang, 'report.field.severity')}: ${severity}\n${t(lang, 'legal.doc.asReported')}: ${question}` },
      { label: t(lang, 'legal.draft.ppc.items'), value: personal ? `${t(lang, 'legal.draft.ppc.includesPersonal')}: ${personal}. ${fillIn(lang)}` : fillIn(lang) },
      { label: t(lang, 'legal.draft.ppc.persons'), value: people ?? fillIn(lang) },
      { label: t(lang, 'legal.draft.ppc.cause'), value: [signals.length ? signals.join(t(lang, 'legal.doc.listSeparator')) : '', ppc?.wrongful ? t(lang, 'legal.draft.ppc.wrongful') : ''].filter(Boolean).join(' / ') || fillIn(lang) },
      { label: t(lang, 'legal.draft.ppc.secondary'), value: fillIn(lang) },
      { label: t(lang, 'legal.draft.ppc.forPersons'), value: fillIn(lang) },
      { label: t(lang, 'legal.draft.ppc.announcement'), value: fillIn(lang) },
      { label: t(lang, 'legal.draft.ppc.recurrence'), value: summary ? `${t(lang, 'legal.draft.ppc.resolution')}: ${summary}` : fillIn(lang) },
      { label: t(lang, 'legal.draft.ppc.other'), value: t(lang, 'legal.draft.ppc.otherValue', { number: c.number }) },
    ];
    rules = ['prelim', 'final', 'notice'];
  } else if (kind === 'ipa') {
    fields = [
      ...common,
      { label: t(lang, 'legal.draft.ipa.kind'), value: c.category === 'malware' || c.category === 'ransomware' ? t(lang, 'legal.draft.ipa.virus') : t(lang, 'legal.draft.ipa.access') },
      { label: t(lang, 'legal.draft.ipa.whatHappened'), value: `${category} / ${severity}\n${question}` },
      { label: t(lang, 'legal.draft.ipa.signals'), value: signals.join(t(lang, 'legal.doc.listSeparator')) || fillIn(lang) },
      { label: t(lang, 'legal.draft.ipa.scope'), value: fillIn(lang) },
      { label: t(lang, 'legal.draft.ipa.response'), value: summary || fillIn(lang) },
    ];
    rules = ['ipa'];
  } else {
    fields = [
      ...common,
      { label: t(lang, 'legal.draft.police.consult'), value: `${category}: ${question}` },
      { label: t(lang, 'legal.draft.police.damage'), value: [intakeAnswer(lang, events, 'fraud.money_sent'), intakeAnswer(lang, events, 'data_leak.personal_data')].filter(Boolean).join(' / ') || fillIn(lang) },
      { label: t(lang, 'legal.draft.police.evidence'), value: fillIn(lang) },
      { label: t(lang, 'legal.draft.police.response'), value: summary || fillIn(lang) },
    ];
    rules = ['police'];
  }

  const note = kind === 'police' ? contacts.get('police-online')?.note?.[lang] : undefined;
  return {
    ...base,
    title,
    provenance: t(lang, 'legal.draft.provenance'),
    sections: [
      { id: 'draft', title: t(lang, 'legal.draft.section.draft'), blocks: [draftWarning(lang, where), { kind: 'fields', fields }, ...(note ? [{ kind: 'paragraph' as const, text: note }] : [])] },
      section('intake'),
      section('timeline'),
      sourcesSection(lang, rules, contacts),
    ],
  };
}
