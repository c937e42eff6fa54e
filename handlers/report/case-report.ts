import { bundledContacts } from '../../knowledge/contacts/contact-registry.js';
import { renderContactTokens } from '../../knowledge/contacts/contact-text.js';
import { neutralize } from '../../knowledge/text/neutralize.js';
import type { Lang } from '../../knowledge/text/normalize.js';
import { categoryLabel, severityLabel } from '../ask/answer-card.js';
import type { CaseEvent, CaseRecord } from '../cases/case-types.js';
import type { User } from '../directory/directory-types.js';
import { findIntakeQuestion, latestIntakeAnswers } from '../intake/intake-questions.js';
import { t } from '../../core/i18n/t.js';
import type { HandlerServices } from '../services.js';
import { decisionLabel, describeEvent } from './report-events.js';

/** What building a report reads: the case's own timeline and the directory, nothing else. */
export type ReportServices = Pick<HandlerServices, 'cases' | 'directory'>;

/** One piece of a report section. Renderers (Markdown, PDF) handle every kind. */
export type ReportBlock =
  | { kind: 'fields'; fields: { label: string; value: string }[] }
  | { kind: 'paragraph'; text: string }
  | { kind: 'subheading'; text: string }
  | { kind: 'list'; items: string[]; ordered?: boolean }
  /** `widths` are relative column weights for renderers that lay out a page (default: equal). */
  | { kind: 'table'; columns: string[]; rows: string[][]; widths?: number[] };

/** Stable ids of the report's sections, in the order they appear. */
export type ReportSectionId = 'overview' | 'signals' | 'question' | 'advice' | 'intake' | 'timeline' | 'resolution' | 'feedback' | 'draft' | 'sources';

export interface ReportSection {
  id: ReportSectionId;
  title: string;
  blocks: ReportBlock[];
}

/**
 * An incident report as data: the case's facts, already worded in the case's
 * language, as sections of neutral blocks. `reportToMarkdown` and
 * `reportToPdf` render the same structure.
 */
export interface CaseReport {
  lang: Lang;
  caseNumber: string;
  tenantName: string;
  title: string;
  /** When the report was made, and the same in Japan time as shown in the report. */
  generatedAt: Date;
  generatedAtText: string;
  /** One line on where the content comes from (the append-only timeline). */
  provenance: string;
  sections: ReportSection[];
}

/** Japan time with the date, e.g. `2025-11-25 09:14:03 JST`, whatever the server's time zone. */
export function formatJst(d: Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Tokyo',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(d)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second} JST`;
}

/** How a person appears in the report: name and role, as seen from this case. */
export interface ReportActor {
  name: string;
  role: string;
}

/**
 * Resolves the people on a case's timeline. A user of another company (for
 * example an admin of another tenant whose access was refused) is shown
 * without name: a report never discloses anything about another tenant.
 * Display names are chosen by people, so they are neutralised like any text
 * people wrote (a name cannot ping when the report or timeline is shown).
 */
export class ActorResolver {
  private readonly users = new Map<string, Promise<User | null>>();

  constructor(
    private readonly services: ReportServices,
    private readonly c: CaseRecord,
  ) {}

  user(id: string): Promise<User | null> {
    let found = this.users.get(id);
    if (!found) {
      found = this.services.directory.getUser(id);
      this.users.set(id, found);
    }
    return found;
  }

  /** Display name of a user as this case may show it (hidden for other tenants). */
  async name(id: string | null): Promise<string> {
    if (!id) return '—';
    return (await this.resolveUser(id)).name;
  }

  async forEvent(e: CaseEvent): Promise<ReportActor> {
    const lang = this.c.lang;
    if (e.actorKind === 'bot') return { name: t(lang, 'report.actor.bot'), role: t(lang, 'report.role.bot') };
    if (e.actorKind === 'system' || !e.actorUserId) return { name: t(lang, 'report.actor.system'), role: t(lang, 'report.role.system') };
    return this.resolveUser(e.actorUserId);
  }

  private async resolveUser(id: string): Promise<ReportActor> {
    const lang = this.c.lang;
    const u = await this.user(id);
    if (!u) return { name: id, role: t(lang, 'report.role.unknown') };
    const vendor = u.tenantId === null;
    if (!vendor && u.tenantId !== this.c.tenantId) return { name: t(lang, 'report.actor.hidden'), role: t(lang, 'report.role.external') };
    const name = neutralize(u.displayName);
    if (u.id === this.c.askerUserId) return { name, role: t(lang, 'report.role.asker') };
    if (u.roles.includes('responder')) return { name, role: t(lang, 'report.role.responder') };
    if (u.roles.includes('admin')) return { name, role: t(lang, 'report.role.admin') };
    return { name, role: t(lang, 'report.role.staff') };
  }
}

/**
 * Builds the incident report of one case from its append-only timeline: what
 * happened when, who did what, the triage, the advice given and the
 * resolution. Reads only this case's events and its own tenant; the caller
 * checks who may see it (see export-report.ts). What people wrote (question,
 * follow-ups, relays, summaries, names, cited article text) is neutralised:
 * the words stay, mention tokens become plain words (the report is posted
 * into chat as a file, and its lines are shown in the playground).
 */
export async function buildCaseReport(services: ReportServices, c: CaseRecord, now: Date = new Date()): Promise<CaseReport> {
  const lang = c.lang;
  const [events, tenant] = await Promise.all([services.cases.events(c.id), services.directory.getTenant(c.tenantId)]);
  const actors = new ActorResolver(services, c);
  const tenantName = tenant?.name ?? c.tenantId;
  const last = (type: string) => [...events].reverse().find((e) => e.type === type);
  const none = t(lang, 'report.none');
  const resolvedAt = c.resolvedAt ?? last('resolved')?.at ?? null;
  const closedAt = c.state === 'closed' ? (last('closed')?.at ?? c.updatedAt) : null;

  const overview: ReportSection = {
    id: 'overview',
    title: t(lang, 'report.section.overview'),
    blocks: [
      {
        kind: 'fields',
        fields: [
          { label: t(lang, 'report.field.number'), value: c.number },
          { label: t(lang, 'report.field.company'), value: tenantName },
          { label: t(lang, 'report.field.asker'), value: await actors.name(c.askerUserId) },
          { label: t(lang, 'report.field.opened'), value: formatJst(c.createdAt) },
          { label: t(lang, 'report.field.resolved'), value: resolvedAt ? formatJst(resolvedAt) : t(lang, 'report.notYet') },
          { label: t(lang, 'report.field.closed'), value: closedAt ? formatJst(closedAt) : t(lang, 'report.notYet') },
          { label: t(lang, 'report.field.state'), value: t(lang, `report.state.${c.state}`) },
          { label: t(lang, 'report.field.category'), value: c.category ? categoryLabel(lang, c.category) : none },
          { label: t(lang, 'report.field.severity'), value: c.severity ? severityLabel(lang, c.severity) : none },
          { label: t(lang, 'report.field.assignee'), value: c.assigneeUserId ? await actors.name(c.assigneeUserId) : none },
        ],
      },
    ],
  };

  const signals = triageSignals(lang, events);
  const sections: ReportSection[] = [
    overview,
    {
      id: 'signals',
      title: t(lang, 'report.section.signals'),
      blocks: [signals.length ? { kind: 'list', items: signals } : { kind: 'paragraph', text: t(lang, 'report.signals.none') }],
    },
    { id: 'question', title: t(lang, 'report.section.question'), blocks: [{ kind: 'paragraph', text: neutralize(c.question) }] },
    { id: 'advice', title: t(lang, 'report.section.advice'), blocks: adviceBlocks(lang, events) },
    { id: 'intake', title: t(lang, 'report.section.intake'), blocks: intakeBlocks(lang, events) },
    {
      id: 'timeline',
      title: t(lang, 'report.section.timeline'),
      blocks: [
        {
          kind: 'table',
          columns: [t(lang, 'report.column.time'), t(lang, 'report.column.actor'), t(lang, 'report.column.role'), t(lang, 'report.column.event')],
          widths: [2.2, 1.6, 1.3, 5],
          rows: await Promise.all(
            events.map(async (e) => {
              const who = await actors.forEvent(e);
              return [formatJst(e.at), who.name, who.role, await describeEvent(lang, e, actors)];
            }),
          ),
        },
      ],
    },
    { id: 'resolution', title: t(lang, 'report.section.resolution'), blocks: resolutionBlocks(lang, events) },
    { id: 'feedback', title: t(lang, 'report.section.feedback'), blocks: await feedbackBlocks(lang, events, actors) },
  ];

  return {
    lang,
    caseNumber: c.number,
    tenantName,
    title: t(lang, 'report.title', { number: c.number }),
    generatedAt: now,
    generatedAtText: t(lang, 'report.generatedAt', { time: formatJst(now) }),
    provenance: t(lang, 'report.provenance'),
    sections,
  };
}

/** Every signal any triage recorded, first seen first, in the case's language. */
function triageSignals(lang: Lang, events: CaseEvent[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const e of events) {
    if (e.type !== 'triaged' || !Array.isArray(e.data.signals)) continue;
    for (const s of e.data.signals as { id?: unknown; ja?: unknown; en?: unknown }[]) {
      const label = String(s?.[lang] ?? s?.id ?? '').trim();
      const id = String(s?.id ?? label);
      if (!label || seen.has(id)) continue;
      seen.add(id);
      out.push(label);
    }
  }
  return out;
}

interface AdviceData {
  decision?: unknown;
  citations?: unknown;
  steps?: unknown;
}

/** One entry per reply the bot sent: when, what it decided, which articles it cited, which steps it gave. */
function adviceBlocks(lang: Lang, events: CaseEvent[]): ReportBlock[] {
  const blocks: ReportBlock[] = [];
  for (const e of events) {
    if (e.type !== 'answer_sent') continue;
    const data = e.data as AdviceData;
    const citations = Array.isArray(data.citations) ? (data.citations as { slug?: unknown; title?: unknown }[]) : [];
    // Steps as recorded; a desk they name ({{contact:<id>}}) reads with its details from the registry.
    const steps = Array.isArray(data.steps) ? (data.steps as unknown[]).map((s) => neutralize(renderContactTokens(String(s), lang, bundledContacts()).text)).filter(Boolean) : [];
    blocks.push({ kind: 'subheading', text: t(lang, 'report.advice.entry', { time: formatJst(e.at) }) });
    blocks.push({
      kind: 'fields',
      fields: [{ label: t(lang, 'report.advice.decision'), value: decisionLabel(lang, data.decision) }],
    });
    if (citations.length) {
      blocks.push({ kind: 'paragraph', text: t(lang, 'report.advice.sources') });
      blocks.push({ kind: 'list', items: citations.map((ci) => `${neutralize(String(ci.title ?? ci.slug ?? ''))} (${neutralize(String(ci.slug ?? ''))})`) });
    }
    if (steps.length) {
      blocks.push({ kind: 'paragraph', text: t(lang, 'report.advice.steps') });
      blocks.push({ kind: 'list', ordered: true, items: steps });
    }
  }
  return blocks.length ? blocks : [{ kind: 'paragraph', text: t(lang, 'report.advice.none') }];
}

/** The latest answer to each intake question, in asking order, labelled in the case's language. */
function intakeBlocks(lang: Lang, events: CaseEvent[]): ReportBlock[] {
  const answers = latestIntakeAnswers(events);
  if (answers.length === 0) return [{ kind: 'paragraph', text: t(lang, 'report.intake.none') }];
  const order = (id: string) => findIntakeQuestion(id)?.order ?? Number.MAX_SAFE_INTEGER;
  const rows = answers
    .sort((a, b) => order(a.questionId) - order(b.questionId))
    .map((a) => {
      const found = findIntakeQuestion(a.questionId);
      const option = found?.question.options.find((o) => o.id === a.optionId);
      return [found?.question[lang] ?? a.question, option?.[lang] ?? a.answer, formatJst(a.at)];
    });
  return [
    {
      kind: 'table',
      columns: [t(lang, 'report.column.question'), t(lang, 'report.column.answer'), t(lang, 'report.column.time')],
      widths: [4, 2.5, 2.2],
      rows,
    },
  ];
}

/** Every resolution summary (a reopened case may be resolved more than once), latest last. */
function resolutionBlocks(lang: Lang, events: CaseEvent[]): ReportBlock[] {
  const resolved = events.filter((e) => e.type === 'resolved');
  if (resolved.length === 0) return [{ kind: 'paragraph', text: t(lang, 'report.resolution.none') }];
  return resolved.flatMap((e): ReportBlock[] => [
    { kind: 'subheading', text: t(lang, 'report.resolution.entry', { time: formatJst(e.at) }) },
    { kind: 'paragraph', text: neutralize(String(e.data.summary ?? '')).trim() || t(lang, 'report.none') },
  ]);
}

async function feedbackBlocks(lang: Lang, events: CaseEvent[], actors: ActorResolver): Promise<ReportBlock[]> {
  const feedback = events.filter((e) => e.type === 'feedback');
  if (feedback.length === 0) return [{ kind: 'paragraph', text: t(lang, 'report.feedback.none') }];
  const items = await Promise.all(
    feedback.map(async (e) => {
      const who = await actors.forEvent(e);
      const value = t(lang, e.data.helpful === true ? 'report.feedback.helpful' : 'report.feedback.notHelpful');
      return t(lang, 'report.feedback.entry', { time: formatJst(e.at), name: who.name, value });
    }),
  );
  return [{ kind: 'list', items }];
}

/** Escapes text for a Markdown table cell: no column break, no line break, no active markup. */
export function escapeMarkdownCell(text: string): string {
  return escapeMarkdown(text).replace(/\r\n|\r|\n/g, '<br>');
}

/**
 * Escapes user-supplied text so a Markdown viewer shows it literally: no
 * links, emphasis, HTML or headings from what someone typed.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_[\]<>|#~]/g, (ch) => `\\${ch}`)
    .replace(/^(\s*)([-+=]|\d+\.)(\s)/gm, (_m, lead: string, mark: string, space: string) => `${lead}${mark.replace(/([-+=.])/, '\\$1')}${space}`);
}

/** The report as Markdown (GitHub-flavoured tables), every piece of text escaped. */
export function reportToMarkdown(report: CaseReport): string {
  const out: string[] = [`# ${escapeMarkdown(report.title)}`, '', escapeMarkdown(report.generatedAtText), '', `_${escapeMarkdown(report.provenance)}_`, ''];
  for (const section of report.sections) {
    out.push(`## ${escapeMarkdown(section.title)}`, '');
    for (const block of section.blocks) out.push(...blockToMarkdown(block), '');
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

function blockToMarkdown(block: ReportBlock): string[] {
  switch (block.kind) {
    case 'fields':
      return block.fields.map((f) => `- **${escapeMarkdown(f.label)}**: ${paragraphText(f.value)}`);
    case 'paragraph':
      return [paragraphText(block.text)];
    case 'subheading':
      return [`### ${escapeMarkdown(block.text)}`];
    case 'list':
      return block.items.map((item, i) => `${block.ordered ? `${i + 1}.` : '-'} ${paragraphText(item)}`);
    case 'table': {
      const row = (cells: string[]) => `| ${cells.map(escapeMarkdownCell).join(' | ')} |`;
      return [row(block.columns), `|${block.columns.map(() => ' --- ').join('|')}|`, ...block.rows.map(row)];
    }
  }
}

/** Multi-line text kept as hard line breaks, each line escaped. */
function paragraphText(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => escapeMarkdown(line))
    .join('  \n');
}
