import type { AnswerDecision, AnswerPlan, Citation } from '../../knowledge/answer/answer-plan.js';
import { isCategory, SEVERITIES, type Category, type Severity } from '../../knowledge/taxonomy.js';
import type { TriageSignal } from '../../knowledge/triage/types.js';
import { answerCard, categoryLabel, severityLabel, textCard } from '../../handlers/ask/answer-card.js';
import type { Card } from '../../handlers/cards.js';
import type { CaseState } from '../../handlers/cases/case-state-machine.js';
import type { CaseEvent, CaseRecord } from '../../handlers/cases/case-types.js';
import type { User } from '../../handlers/directory/directory-types.js';
import { intakeCard, intakeValue } from '../../handlers/intake/intake-card.js';
import { t } from '../../core/i18n/t.js';
import type { HandlerServices } from '../../handlers/services.js';
import { neutralize } from '../../knowledge/text/neutralize.js';
import { askerNotice, slotsOf } from '../../handlers/dispatch/dispatch-card.js';

/** One message of a conversation as the page shows it. */
export interface ThreadEntry {
  /** Stable per event (`e<eventId>` or `e<eventId>.<n>`), so the page can tell what is new. */
  id: string;
  at: string;
  /** Who speaks: the asker, the bot, or the responder (relayed). */
  side: 'asker' | 'bot' | 'responder';
  /** Who speaks, when a person does: the name, with the role where the reader needs it (「山田(対応担当)」); the card holds only their words. */
  author?: string;
  card: Card;
  /**
   * Values of the buttons already chosen on this card (the intake answers given): the page shows
   * them as chosen and locks their questions.
   */
  chosen?: string[];
}

type Services = Pick<HandlerServices, 'cases' | 'directory' | 'kb' | 'policy'>;

/** One of a staff member's conversations in the playground, newest first in the list. */
export interface StaffThreadSummary {
  number: string;
  thread: string;
  question: string;
  state: string;
  severity: string | null;
  updatedAt: string;
}

/** The person's own cases asked in the playground (other channels' threads cannot be continued here). */
export async function staffThreads(services: Pick<HandlerServices, 'db'>, user: User): Promise<StaffThreadSummary[]> {
  const r = await services.db.query<{ number: string; thread_ref: string; question: string; state: string; severity: string | null; updated_at: Date }>(
    `SELECT number, thread_ref, question, state, severity, updated_at FROM cases
     WHERE asker_user_id = $1 AND thread_ref LIKE 'web:staff:%' ORDER BY id DESC LIMIT 50`,
    [user.id],
  );
  return r.rows.map((c) => ({
    number: c.number,
    thread: c.thread_ref,
    question: c.question.length > 80 ? `${c.question.slice(0, 80)}…` : c.question,
    state: c.state,
    severity: c.severity,
    updatedAt: new Date(c.updated_at).toISOString(),
  }));
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

interface TriageState {
  category: Category;
  severity: Severity;
  humanRequested: boolean;
  injectionSuspected: boolean;
  signals: TriageSignal[];
}

/**
 * The asker's thread of a case, rebuilt from its append-only timeline: the
 * questions, the bot's answers (the same answer card the core sent, from the
 * recorded triage, steps and citations), intake questions, responder messages,
 * claim and resolution notices. The page shows this, not what one process
 * happened to push, so a reload or a second bot process shows the same thread.
 * What was never recorded (a refusal shown to one person) is not here.
 */
export async function askerThread(services: Services, c: CaseRecord): Promise<ThreadEntry[]> {
  const events = await services.cases.events(c.id);
  const asker = await services.directory.getUser(c.askerUserId);
  const names = nameCache(services);
  const lang = c.lang;
  const out: ThreadEntry[] = [];
  let state: CaseState = 'new';
  let triage: TriageState = {
    category: c.category ?? 'general',
    severity: c.severity ?? 'low',
    humanRequested: false,
    injectionSuspected: false,
    signals: [],
  };
  let intakeEntry: ThreadEntry | undefined;
  const intakeAnswers = new Map<string, string>();
  const bot = (e: CaseEvent, card: Card, n = 0): ThreadEntry => ({ id: n ? `e${e.id}.${n}` : `e${e.id}`, at: e.at.toISOString(), side: 'bot', card });

  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    const d = e.data;
    const next = events[i + 1];
    switch (e.type) {
      case 'opened':
        out.push({ id: `e${e.id}`, at: e.at.toISOString(), side: 'asker', author: asker?.displayName, card: textCard(str(d.question) || c.question) });
        break;
      case 'asker_message': {
        out.push({ id: `e${e.id}`, at: e.at.toISOString(), side: 'asker', author: asker?.displayName, card: textCard(str(d.text)) });
        // What the bot said depended on where the case stood (handleFollowUp).
        if (state === 'escalated' || state === 'claimed') out.push(bot(e, textCard(t(lang, 'reply.followUpRecorded', { number: c.number })), 1));
        if (state === 'resolved' || state === 'closed') {
          out.push(
            bot(e, { blocks: [{ kind: 'text', text: t(lang, 'resolved.followUp', { number: c.number }) }], buttons: [reopenButton(c)] }, 1),
          );
        }
        break;
      }
      case 'triaged':
        triage = {
          category: isCategory(str(d.category)) ? (str(d.category) as Category) : triage.category,
          severity: asSeverity(d.severity) ?? triage.severity,
          humanRequested: d.humanRequested === true,
          injectionSuspected: d.injectionSuspected === true,
          signals: Array.isArray(d.signals) ? (d.signals as TriageSignal[]) : triage.signals,
        };
        break;
      case 'answer_sent': {
        // Answers recorded while the case was with the responders were not sent: the asker got "added to the case".
        if (state !== 'new' && state !== 'answered') break;
        const card = await rebuiltAnswerCard(services, c, triage, d);
        if (next?.type === 'escalated' && next.data.reason === 'severity_raised') {
          card.blocks.unshift({ kind: 'notice', text: t(lang, 'reply.severityRaised', { severity: severityLabel(lang, triage.severity) }) });
        }
        out.push(bot(e, card));
        break;
      }
      case 'escalated': {
        const reason = str(d.reason);
        // Escalations from an intake answer are announced on that answer's card.
        if (d.questionId) break;
        if (reason === 'asker_request') out.push(bot(e, textCard(t(lang, 'reply.humanRequested', { number: c.number }))));
        if (!intakeEntry) {
          intakeEntry = bot(e, intakeCard({ ...c, category: triage.category }), 1);
          out.push(intakeEntry);
        }
        break;
      }
      case 'intake_answered': {
        const questionId = str(d.questionId);
        const changed = intakeAnswers.has(questionId) && intakeAnswers.get(questionId) !== str(d.optionId);
        intakeAnswers.set(questionId, str(d.optionId));
        const card: Card = {
          blocks: [{ kind: 'text', text: t(lang, changed ? 'intake.updated' : 'intake.recorded', { question: str(d.question), answer: str(d.answer), number: c.number }) }],
        };
        const rise = next?.type === 'triaged' && next.data.reason === 'intake_answer' ? asSeverity(next.data.severity) : null;
        if (rise) {
          card.badge = { severity: rise, label: severityLabel(lang, rise), category: categoryLabel(lang, triage.category) };
          card.blocks.push({ kind: 'notice', text: t(lang, 'reply.severityRaised', { severity: severityLabel(lang, rise) }) });
          const after = events[i + 2];
          if (after?.type === 'escalated' && after.data.questionId === questionId) card.blocks.push({ kind: 'notice', text: t(lang, 'reply.escalated', { number: c.number }) });
        }
        out.push(bot(e, card));
        break;
      }
      case 'claimed':
        out.push(bot(e, textCard(t(lang, 'claim.toAsker', { name: await names(e.actorUserId) }))));
        break;
      case 'reassigned':
        out.push(bot(e, textCard(t(lang, 'reassign.toAsker', { name: await names(str(d.to)) }))));
        break;
      case 'released':
        out.push(bot(e, textCard(t(lang, 'release.toAsker', { number: c.number }))));
        break;
      case 'relayed_to_asker': {
        const name = await names(e.actorUserId);
        // The bubble's header names the responder; the bubble holds their words only.
        out.push({ id: `e${e.id}`, at: e.at.toISOString(), side: 'responder', author: t(lang, 'relay.responderName', { name }), card: textCard(neutralize(str(d.text))) });
        break;
      }
      case 'resolved':
        // Stored neutralised by resolveCase; neutralised again in case an older row was not.
        out.push(bot(e, resolutionCard(c, neutralize(str(d.summary)), services.policy.reopenWindowHours)));
        break;
      case 'reopened':
        out.push(bot(e, textCard(t(lang, 'reopen.done', { number: c.number }))));
        break;
      case 'feedback':
        out.push(bot(e, textCard(t(lang, d.helpful === true ? 'feedback.thanks' : 'feedback.whatMissing'))));
        break;
      case 'dispatch_accepted':
      case 'dispatch_eta':
      case 'dispatch_arrived':
      case 'dispatch_done':
      case 'dispatch_cancelled': {
        // On-site dispatch: who comes and when (or that nobody will), as the asker was told.
        const notice = askerNotice(lang, e.type, d, slotsOf(events, d.dispatchId));
        if (notice) out.push(bot(e, textCard(notice)));
        break;
      }
    }
    if (typeof d.state === 'string') state = d.state as CaseState;
  }
  if (intakeEntry && intakeAnswers.size) intakeEntry.chosen = [...intakeAnswers].map(([question, option]) => intakeValue(c.number, question, option));
  return out;
}

/** The answer card as the core built it, from what the timeline recorded of the plan. */
async function rebuiltAnswerCard(services: Services, c: CaseRecord, triage: TriageState, d: Record<string, unknown>): Promise<Card> {
  const decision = (['answer', 'escalate', 'no_answer', 'off_topic'] as const).find((x) => x === d.decision) ?? 'answer';
  const recorded = Array.isArray(d.citations) ? (d.citations as { slug?: unknown; title?: unknown; score?: unknown }[]) : [];
  const citations: Citation[] = [];
  let avoid: string[] = [];
  let passage: string | undefined;
  for (const [i, r] of recorded.entries()) {
    const slug = str(r.slug);
    // "What not to do" came from the top article and is not on the record: its current version says it.
    const article = slug ? await services.kb.show(slug).catch(() => null) : null;
    if (i === 0 && article) {
      avoid = article.sections.avoid;
      passage = article.summary;
    }
    citations.push({
      articleId: article?.id ?? 0,
      slug,
      title: str(r.title) || article?.title || slug,
      lang: article?.lang ?? c.lang,
      topics: article?.topics ?? [],
      passage: '',
      score: typeof r.score === 'number' ? r.score : 0,
    });
  }
  const generated = d.generated as { text?: unknown; citedSlugs?: unknown } | undefined;
  const plan: AnswerPlan = {
    triage: {
      category: triage.category,
      severity: triage.severity,
      lang: c.lang,
      signals: triage.signals,
      humanRequested: triage.humanRequested,
      escalate: decision === 'escalate',
      topicHints: [],
      securityRelevant: decision !== 'off_topic',
      injectionSuspected: triage.injectionSuspected,
    },
    decision: decision as AnswerDecision,
    answered: d.answered === true,
    citations,
    steps: strings(d.steps),
    avoid,
    passage,
    generated: typeof generated?.text === 'string' ? { text: generated.text, citedSlugs: strings(generated.citedSlugs) } : undefined,
    trace: { retrievalMs: 0, topScore: citations[0]?.score ?? 0, threshold: 0 },
  };
  return answerCard(plan, c);
}

/** The card resolveCase sends the asker: the summary, feedback and reopen. */
export function resolutionCard(c: CaseRecord, summary: string, reopenHours: number): Card {
  const lang = c.lang;
  return {
    blocks: [
      { kind: 'notice', text: t(lang, 'resolve.toAsker', { number: c.number, summary }) },
      { kind: 'text', text: t(lang, 'resolve.reopenHint', { hours: reopenHours }) },
    ],
    buttons: [
      { actionId: 'resolution.helpful', label: t(lang, 'button.helpful'), value: c.number },
      { actionId: 'resolution.not_helpful', label: t(lang, 'button.notHelpful'), value: c.number },
      reopenButton(c),
    ],
  };
}

function reopenButton(c: CaseRecord) {
  return { actionId: 'case.reopen', label: t(c.lang, 'button.reopen'), value: c.number };
}

function asSeverity(v: unknown): Severity | null {
  return (SEVERITIES as readonly unknown[]).includes(v) ? (v as Severity) : null;
}

/**
 * Display names of users by id, each looked up once, neutralised as the live
 * messages neutralise them ("Yamada is handling your case", relays): a name is
 * text a person chose and is shown to others under the bot's name.
 */
export function nameCache(services: Pick<HandlerServices, 'directory'>): (id: string | null) => Promise<string> {
  const cache = new Map<string, Promise<string>>();
  return (id) => {
    if (!id) return Promise.resolve('—');
    let found = cache.get(id);
    if (!found) {
      found = services.directory.getUser(id).then((u) => neutralize(u?.displayName ?? id));
      cache.set(id, found);
    }
    return found;
  };
}
