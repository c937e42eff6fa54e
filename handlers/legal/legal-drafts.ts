import { bundledContacts, type ContactRegistry } from '../../knowledge/contacts/contact-registry.js';
import { neutralize } from '../../knowledge/text/neutralize.js';
import type { Lang } from '../../knowledge/text/normalize.js';
import { categoryLabel, severityLabel } from '../ask/answer-card.js';
import type { CaseEvent, CaseRecord } from '../cases/case-types.js';
import { findIntakeQuestion, latestIntakeAnswers } from '../intake/intake-questions.js';
import { buildCaseReport, formatJst, type CaseReport, type ReportBlock, type ReportSection, type ReportServices } from '../report/case-report.js';
import { clocksOf } from './case-clocks.js';
import { citeRule, jstMinute, PPC_RULES, type RuleId } from './legal-rules.js';

/** The drafts the desk prepares for a person to check and file. */
export type DraftKind = 'ppc' | 'ipa' | 'police';
export const DRAFT_KINDS: readonly DraftKind[] = ['ppc', 'ipa', 'police'];

const L = (lang: Lang, ja: string, en: string) => (lang === 'ja' ? ja : en);

/** What a person must write in where the case does not tell. */
const fillIn = (lang: Lang) => L(lang, '(記入してください)', '(to be filled in)');

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
    text: L(
      lang,
      `【下書き】これは案件の記録から自動で作成した下書きです。お助けボットは何も提出しません。内容を担当者が確認・修正し、${where}へ自分で提出してください。「(記入してください)」の箇所は案件の記録からは分からなかった項目です。`,
      `[DRAFT] Prepared automatically from the case record. Otasuke Bot files nothing. A person checks and corrects it and files it with ${where} themselves. "(to be filled in)" marks what the case record does not tell.`,
    ),
  };
}

function sourcesSection(lang: Lang, ids: RuleId[], contacts: ContactRegistry): ReportSection {
  return {
    id: 'sources',
    title: L(lang, '根拠と出典', 'Rules and sources'),
    blocks: [{ kind: 'list', items: ids.map((id) => citeRule(lang, id, contacts)) }],
  };
}

/**
 * A draft report built from the case: the PPC breach report's items, the IPA malware /
 * unauthorised-access report, or a summary to take to a police consultation. The result renders
 * like the incident report (Markdown, or PDF with the embedded Japanese font).
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
  const title = {
    ppc: L(lang, `個人情報保護委員会への漏えい等報告(下書き) ${c.number}`, `PPC personal-data breach report (draft) ${c.number}`),
    ipa: L(lang, `IPA ウイルス・不正アクセス届出(下書き) ${c.number}`, `IPA malware / unauthorised-access report (draft) ${c.number}`),
    police: L(lang, `警察への相談メモ(下書き) ${c.number}`, `Police consultation summary (draft) ${c.number}`),
  }[kind];
  const contacts_ = { ppc: 'ppc-report', ipa: 'ipa-company-desk', police: 'police-prefectural' }[kind];
  const where = contacts.get(contacts_)?.name[lang] ?? contacts_;
  const common = [
    { label: L(lang, '案件番号', 'Case number'), value: c.number },
    { label: L(lang, '会社名', 'Company'), value: base.tenantName },
    { label: L(lang, '発見・受付日時', 'Discovered / reported to the desk'), value: formatJst(c.createdAt) },
  ];

  let fields: { label: string; value: string }[];
  let rules: RuleId[];
  if (kind === 'ppc') {
    const people = intakeAnswer(lang, events, 'data_leak.people');
    const personal = intakeAnswer(lang, events, 'data_leak.personal_data');
    fields = [
      ...common,
      { label: L(lang, '漏えい等を知った時点', 'Became aware'), value: ppc ? jstMinute(ppc.awareAt) : `${jstMinute(awareAt)} ${L(lang, '(受付日時。要確認)', '(the desk received it; confirm)')}` },
      { label: L(lang, '速報の期限', 'Preliminary report due'), value: `${ppc ? jstMinute(ppc.prelim) : fillIn(lang)} — ${PPC_RULES.prelimGuidance[lang]}` },
      { label: L(lang, '確報の期限', 'Final report due'), value: ppc ? `${jstMinute(ppc.final)} (${L(lang, `${ppc.finalDays}日以内`, `within ${ppc.finalDays} days`)})` : fillIn(lang) },
      { label: L(lang, '概要', 'Summary'), value: `${L(lang, '分類', 'Category')}: ${category} / ${L(lang, '緊急度', 'Severity')}: ${severity}\n${L(lang, '相談内容', 'As reported')}: ${question}` },
      { label: L(lang, '漏えい等が発生し、又は発生したおそれがある個人データの項目', 'Items of personal data concerned'), value: personal ? `${L(lang, '個人情報を含む', 'Includes personal data')}: ${personal}. ${fillIn(lang)}` : fillIn(lang) },
      { label: L(lang, '漏えい等が発生し、又は発生したおそれがある個人データに係る本人の数', 'Number of persons concerned'), value: people ?? fillIn(lang) },
      { label: L(lang, '原因', 'Cause'), value: [signals.length ? signals.join(L(lang, '、', ', ')) : '', ppc?.wrongful ? L(lang, '不正の目的によるおそれあり(担当者の判断)', 'A wrongful purpose is or may be the cause (responder)') : ''].filter(Boolean).join(' / ') || fillIn(lang) },
      { label: L(lang, '二次被害又はそのおそれの有無及びその内容', 'Secondary damage or its risk'), value: fillIn(lang) },
      { label: L(lang, '本人への対応の実施状況', 'What was done for the persons concerned'), value: fillIn(lang) },
      { label: L(lang, '公表の実施状況', 'Public announcement'), value: fillIn(lang) },
      { label: L(lang, '再発防止のための措置', 'Measures against recurrence'), value: summary ? `${L(lang, '解決時の記録', 'Resolution record')}: ${summary}` : fillIn(lang) },
      { label: L(lang, 'その他参考となる事項', 'Other'), value: L(lang, `お助けボット案件 ${c.number}。経過は下の表のとおり。`, `Otasuke Bot case ${c.number}; timeline below.`) },
    ];
    rules = ['prelim', 'final', 'notice'];
  } else if (kind === 'ipa') {
    fields = [
      ...common,
      { label: L(lang, '届出の種類', 'Kind of report'), value: c.category === 'malware' || c.category === 'ransomware' ? L(lang, 'コンピュータウイルス', 'Computer virus') : L(lang, '不正アクセス(要確認)', 'Unauthorised access (confirm)') },
      { label: L(lang, '被害の概要', 'What happened'), value: `${category} / ${severity}\n${question}` },
      { label: L(lang, '判定の根拠', 'Triage signals'), value: signals.join(L(lang, '、', ', ')) || fillIn(lang) },
      { label: L(lang, '被害の範囲(機器・システム)', 'Affected machines and systems'), value: fillIn(lang) },
      { label: L(lang, '対応状況', 'Response so far'), value: summary || fillIn(lang) },
    ];
    rules = ['ipa'];
  } else {
    fields = [
      ...common,
      { label: L(lang, '相談したいこと', 'What to consult about'), value: `${category}: ${question}` },
      { label: L(lang, '被害の有無(金銭・情報)', 'Damage (money, data)'), value: [intakeAnswer(lang, events, 'fraud.money_sent'), intakeAnswer(lang, events, 'data_leak.personal_data')].filter(Boolean).join(' / ') || fillIn(lang) },
      { label: L(lang, '保全している証拠(ログ・メール・画面)', 'Evidence kept (logs, e-mails, screenshots)'), value: fillIn(lang) },
      { label: L(lang, 'これまでの対応', 'Response so far'), value: summary || fillIn(lang) },
    ];
    rules = ['police'];
  }

  const note = kind === 'police' ? contacts.get('police-online')?.note?.[lang] : undefined;
  return {
    ...base,
    title,
    provenance: L(lang, '案件の記録(変更できないタイムライン)から作成した下書き。提出は担当者が行います。', 'A draft from the case record (the append-only timeline); a person files it.'),
    sections: [
      { id: 'draft', title: L(lang, '下書き', 'Draft'), blocks: [draftWarning(lang, where), { kind: 'fields', fields }, ...(note ? [{ kind: 'paragraph' as const, text: note }] : [])] },
      section('intake'),
      section('timeline'),
      sourcesSection(lang, rules, contacts),
    ],
  };
}
