import type { Outbound } from '../cards.js';
import type { CaseRecord } from '../cases/case-types.js';
import type { User } from '../directory/directory-types.js';
import { CaseHiddenError, ForbiddenError, InvalidInputError, mayKnowCase } from '../errors.js';
import type { InboundAction } from '../inbound.js';
import type { HandlerServices } from '../services.js';
import { textCard } from '../ask/answer-card.js';
import { assertResponderFor } from '../escalation/responder-access.js';
import { responderCardUpdate } from '../escalation/responder-actions.js';
import { nowOf } from '../oncall/after-hours.js';
import { mayExportReport, type ReportFile } from '../report/export-report.js';
import { reportToMarkdown, type CaseReport } from '../report/case-report.js';
import { reportToPdf } from '../report/report-pdf.js';
import { InsuranceStore } from '../insurance/insurance-store.js';
import { buildInsurerReport } from '../insurance/insurer-report.js';
import { clocksOf, markFiled, setAwareness, setWrongful, startPpcClock } from './case-clocks.js';
import { INSURER_REPORT_ACTION, LEGAL_DRAFTS_ACTION, LEGAL_TICK_ACTION, LEGAL_WRONGFUL_ACTION } from './clock-card.js';
import { buildDraft, DRAFT_KINDS, type DraftKind } from './legal-drafts.js';
import { jstMinute, parseJapanTime } from './legal-rules.js';
import { t, type KeysOf } from '../../core/i18n/t.js';

export type DraftFormat = 'md' | 'pdf';

/** Renders a draft or insurer report; the file name says it is a draft. */
export async function renderDraft(report: CaseReport, name: string, format: DraftFormat): Promise<ReportFile> {
  const base = `${name}-${report.caseNumber}`;
  if (format === 'md') return { filename: `${base}.md`, contentType: 'text/markdown; charset=utf-8', data: Buffer.from(reportToMarkdown(report), 'utf8') };
  return { filename: `${base}.pdf`, contentType: 'application/pdf', data: await reportToPdf(report) };
}

/**
 * Who may take a draft or the insurer report: as for the incident report (an admin of the case's
 * company, a responder of its group). A refusal is audited; to someone who may not know the case
 * it reads as "not found". A copy taken is on the timeline too.
 */
async function assertMayExport(services: HandlerServices, user: User, c: CaseRecord, action: string): Promise<void> {
  if (await mayExportReport(services, user, c)) return;
  await services.cases.appendEvent(c.id, 'access_refused', { kind: 'user', userId: user.id }, { action });
  if (!(await mayKnowCase(services.directory, user, c))) throw new CaseHiddenError(c.number, action, user.id);
  throw new ForbiddenError(action, user.id, 'report.forbidden');
}

/** A PPC / IPA / police draft of the case for a person in chat. */
export async function exportDraft(services: HandlerServices, user: User, c: CaseRecord, kind: DraftKind, format: DraftFormat): Promise<ReportFile> {
  await assertMayExport(services, user, c, `draft ${kind}`);
  const file = await renderDraft(await buildDraft(services, c, kind, nowOf(services)), `draft-${kind}`, format);
  await services.cases.appendEvent(c.id, 'draft_exported', { kind: 'user', userId: user.id }, { draft: kind, format });
  return file;
}

/** The insurer report of the case, for a person in chat. */
export async function exportInsurerReport(services: HandlerServices, user: User, c: CaseRecord, format: DraftFormat): Promise<ReportFile> {
  await assertMayExport(services, user, c, 'insurer report');
  const profile = await new InsuranceStore(services.db).get(c.tenantId);
  const file = await renderDraft(await buildInsurerReport(services, c, profile, nowOf(services)), 'insurer-report', format);
  await services.cases.appendEvent(c.id, 'draft_exported', { kind: 'user', userId: user.id }, { draft: 'insurer', format });
  return file;
}

/** The reply with the card redrawn (the clock changed) and a line saying what changed, in the group's language. */
async function changed(services: HandlerServices, c: CaseRecord, to: string, key: KeysOf<'legal'>, lang: 'ja' | 'en', params: Record<string, string | number>): Promise<Outbound[]> {
  const fresh = await services.cases.get(c.id);
  const card = await responderCardUpdate(services, fresh);
  return [{ to, card: textCard(t(lang, `legal.${key}`, params)) }, ...(card ? [card] : [])];
}

/** The responder's tick: personal data left the company; the PPC clock starts, aware as of the case's opening. */
async function tick(services: HandlerServices, c: CaseRecord, user: User, to: string): Promise<Outbound[]> {
  const group = await assertResponderFor(services, user, c, 'legal start');
  const started = await startPpcClock(services, c, { kind: 'user', userId: user.id }, c.createdAt, 'responder', nowOf(services));
  if (!started) return [{ to, card: textCard(t(group.lang, 'legal.alreadyStarted', { number: c.number })), senderOnly: true }];
  const ppc = clocksOf(await services.cases.events(c.id)).ppc!;
  return changed(services, c, to, 'started', group.lang, { number: c.number, prelim: jstMinute(ppc.prelim), final: jstMinute(ppc.final), aware: jstMinute(ppc.awareAt) });
}

async function wrongful(services: HandlerServices, c: CaseRecord, user: User, to: string, value: boolean | null): Promise<Outbound[]> {
  const group = await assertResponderFor(services, user, c, 'legal wrongful');
  const before = clocksOf(await services.cases.events(c.id)).ppc;
  if (!before) return [{ to, card: textCard(t(group.lang, 'legal.notStarted', { number: c.number })), senderOnly: true }];
  const next = value ?? !before.wrongful;
  await setWrongful(services, c, { kind: 'user', userId: user.id }, next);
  const ppc = clocksOf(await services.cases.events(c.id)).ppc!;
  return changed(services, c, to, 'wrongfulSet', group.lang, { number: c.number, value: t(group.lang, next ? 'legal.card.yes' : 'legal.card.no'), final: jstMinute(ppc.final), days: ppc.finalDays });
}

async function draftsFor(services: HandlerServices, c: CaseRecord, user: User, to: string, kinds: readonly DraftKind[], format: DraftFormat): Promise<Outbound[]> {
  const lang = (await services.directory.groupForTenant(c.tenantId))?.lang ?? user.lang;
  const out: Outbound[] = [];
  for (const kind of kinds) {
    const file = await exportDraft(services, user, c, kind, format);
    out.push({ to, card: textCard(t(lang, 'legal.draftReady', { number: c.number, what: t(lang, `legal.what.draft.${kind}`), format: format.toUpperCase() })), file: { name: file.filename, contentType: file.contentType, data: file.data } });
  }
  return out;
}

/** The clock buttons of the responder card (README "Legal clocks and insurance"). */
export async function handleClockAction(services: HandlerServices, action: InboundAction, c: CaseRecord, user: User): Promise<Outbound[]> {
  switch (action.actionId) {
    case LEGAL_TICK_ACTION:
      return tick(services, c, user, action.threadRef);
    case LEGAL_WRONGFUL_ACTION:
      return wrongful(services, c, user, action.threadRef, null);
    case LEGAL_DRAFTS_ACTION:
      return draftsFor(services, c, user, action.threadRef, DRAFT_KINDS, 'pdf');
    case INSURER_REPORT_ACTION:
      return insurerCommand(services, c, user, ['pdf'], action.threadRef);
  }
  throw new InvalidInputError(`unknown action ${action.actionId}`);
}

/** `legal OT-000123 start | aware <time> | wrongful yes|no | filed prelim|final|insurer | draft ppc|ipa|police [md|pdf]`. */
export async function legalCommand(services: HandlerServices, c: CaseRecord, user: User, args: string[], to: string): Promise<Outbound[]> {
  const [verb = '', ...rest] = args;
  const usage = async () => [{ to, card: textCard(t((await services.directory.groupForTenant(c.tenantId))?.lang ?? user.lang, 'legal.usage')), senderOnly: true }];
  switch (verb.toLowerCase()) {
    case 'start':
      return tick(services, c, user, to);
    case 'wrongful': {
      const v = (rest[0] ?? '').toLowerCase();
      if (!['yes', 'no', 'on', 'off', 'あり', 'なし'].includes(v)) return usage();
      return wrongful(services, c, user, to, ['yes', 'on', 'あり'].includes(v));
    }
    case 'aware': {
      const group = await assertResponderFor(services, user, c, 'legal aware');
      const at = parseJapanTime(rest.join(' '));
      const before = clocksOf(await services.cases.events(c.id)).ppc;
      if (!before) return [{ to, card: textCard(t(group.lang, 'legal.notStarted', { number: c.number })), senderOnly: true }];
      if (!at || at.getTime() > nowOf(services).getTime()) return usage();
      await setAwareness(services, c, { kind: 'user', userId: user.id }, at, before.awareAt);
      const ppc = clocksOf(await services.cases.events(c.id)).ppc!;
      return changed(services, c, to, 'awareSet', group.lang, { number: c.number, aware: jstMinute(ppc.awareAt), prelim: jstMinute(ppc.prelim), final: jstMinute(ppc.final) });
    }
    case 'filed': {
      const group = await assertResponderFor(services, user, c, 'legal filed');
      const which = (rest[0] ?? '').toLowerCase();
      if (which !== 'prelim' && which !== 'final' && which !== 'insurer') return usage();
      await markFiled(services, c, { kind: 'user', userId: user.id }, which);
      const what = t(group.lang, which === 'insurer' ? 'legal.what.insurer' : which === 'prelim' ? 'legal.what.ppc_prelim' : 'legal.what.ppc_final');
      return changed(services, c, to, 'filedSet', group.lang, { number: c.number, what });
    }
    case 'draft': {
      const kind = (rest[0] ?? '').toLowerCase() as DraftKind;
      const format = (rest[1] ?? 'pdf').toLowerCase();
      if (!DRAFT_KINDS.includes(kind) || (format !== 'md' && format !== 'pdf')) return usage();
      return draftsFor(services, c, user, to, [kind], format);
    }
  }
  return usage();
}

/** `insurer OT-000123 [md|pdf]`: the insurer report as a file. */
export async function insurerCommand(services: HandlerServices, c: CaseRecord, user: User, args: string[], to: string): Promise<Outbound[]> {
  const format = (args[0] ?? 'pdf').toLowerCase();
  const lang = (await services.directory.groupForTenant(c.tenantId))?.lang ?? user.lang;
  if (format !== 'md' && format !== 'pdf') return [{ to, card: textCard(t(lang, 'legal.usage')), senderOnly: true }];
  const file = await exportInsurerReport(services, user, c, format);
  return [{ to, card: textCard(t(lang, 'legal.draftReady', { number: c.number, what: t(lang, 'legal.what.insurerReport'), format: format.toUpperCase() })), file: { name: file.filename, contentType: file.contentType, data: file.data } }];
}
