import type { AnswerPlan } from '../../knowledge/answer/answer-plan.js';
import { severityRank } from '../../knowledge/taxonomy.js';
import { replyLang } from '../../knowledge/text/normalize.js';
import type { Outbound } from '../cards.js';
import type { CaseEvent, CaseRecord } from '../cases/case-types.js';
import type { User } from '../directory/directory-types.js';
import { escalateCase, renotifyNow } from '../escalation/escalate-case.js';
import { followUpRelay } from '../escalation/follow-up-relay.js';
import { llmUseFor } from '../directory/llm-consent.js';
import type { InboundMessage } from '../inbound.js';
import { intakeCard } from '../intake/intake-card.js';
import { t } from '../../core/i18n/t.js';
import type { HandlerServices } from '../services.js';
import { answerCard, severityLabel, textCard } from './answer-card.js';
import { afterHoursNotice } from '../oncall/after-hours.js';

/**
 * A new question: open a case, triage, retrieve, decide, record every step on
 * the timeline, and reply in the asker's thread.
 */
export async function handleNewQuestion(services: HandlerServices, msg: InboundMessage, asker: User, settled?: (c: CaseRecord) => void): Promise<Outbound[]> {
  const lang = replyLang(msg.text, msg.langHint);
  const actor = { kind: 'user', userId: asker.id } as const;
  const c = await services.cases.create(
    { tenantId: asker.tenantId!, askerUserId: asker.id, lang, channel: msg.channel, threadRef: msg.threadRef, question: msg.text },
    actor,
  );
  // Once the case row exists the question cannot be lost: if this process dies before answering,
  // the case stays `new` and the sweep's UnansweredCaseScan has a worker answer it (case.resume).
  return continueNewQuestion(services, msg, c, settled);
}

/**
 * The rest of a new question once its case exists: also how a question whose
 * handling was cut off (database gone half-way, process killed) is taken up
 * again from its case in state `new`.
 */
export async function continueNewQuestion(
  services: HandlerServices,
  msg: InboundMessage,
  opened: CaseRecord,
  /** Told the case as the question left it (answered or escalated), e.g. for the metrics. */
  settled?: (c: CaseRecord) => void,
): Promise<Outbound[]> {
  let c = opened;
  // The company's consent decides whether anything of the question goes to the model (issue #22).
  const llm = await llmUseFor(services.db, c.tenantId, services.planner);
  const plan = await services.planner.plan({ text: msg.text, langHint: msg.langHint, toWriter: msg.private === true, llm });
  // Triage already on record (the cut came after it) is not recorded twice.
  if (c.severity === null || c.severity === undefined) c = await recordPlan(services, c, plan);
  if (plan.decision === 'escalate') {
    c = await escalateCase(services, c, { kind: 'bot' }, plan.triage.humanRequested ? 'asker_request' : plan.answered ? 'triage' : 'no_answer', {
      severity: plan.triage.severity,
    });
  } else {
    c = await services.cases.transition(c.id, 'answer', { actor: { kind: 'bot' }, data: { decision: plan.decision } });
  }
  settled?.(c);
  const reply: Outbound = { to: msg.threadRef, card: answerCard(plan, c, services.articleUrl) };
  // Built only after the escalation is committed and its job dispatched: the questions never delay it.
  if (plan.decision !== 'escalate') return [reply];
  // Outside office hours the asker is told when a person will see it (or that the on-call responder was paged).
  const afterHours = await afterHoursNotice(services, c);
  return [reply, ...(afterHours ? [afterHours] : []), { to: msg.threadRef, card: intakeCard(c) }];
}

/**
 * The reply to a question already handled to the end by an attempt whose
 * reply never left (the database went away after the case was settled): the
 * same answer again, nothing recorded twice.
 */
export async function replayAnswer(services: HandlerServices, msg: InboundMessage, c: CaseRecord): Promise<Outbound[]> {
  const llm = await llmUseFor(services.db, c.tenantId, services.planner);
  const plan = await services.planner.plan({ text: msg.text, langHint: msg.langHint, toWriter: msg.private === true, llm });
  const reply: Outbound = { to: msg.threadRef, card: answerCard(plan, c, services.articleUrl) };
  return c.state === 'escalated' ? [reply, { to: msg.threadRef, card: intakeCard(c) }] : [reply];
}

/**
 * A message in a case's thread: re-triage the whole thread. Severity can only
 * rise; a rise to an escalating level escalates at once.
 */
export async function handleFollowUp(services: HandlerServices, msg: InboundMessage, c: CaseRecord, asker: User): Promise<Outbound[]> {
  const actor = { kind: 'user', userId: asker.id } as const;
  const events = await services.cases.events(c.id);
  const history = askerMessages(events.filter((e) => e.data.deliveryKey !== msg.deliveryKey));
  // A retry of this very message (same delivery) after a cut-off attempt records it once.
  const recorded =
    events.find((e) => e.type === 'asker_message' && e.data.deliveryKey === msg.deliveryKey) ??
    (await services.cases.appendEvent(c.id, 'asker_message', actor, { text: msg.text, deliveryKey: msg.deliveryKey }));
  const use = modelUseFor(c);
  const llm = use === 'none' ? undefined : await llmUseFor(services.db, c.tenantId, services.planner);
  const plan = await services.planner.plan({ text: msg.text, history, langHint: c.lang, toWriter: msg.private === true, model: use, llm });
  const previous = c.severity ?? 'low';
  const raised = severityRank(plan.triage.severity) > severityRank(previous);
  if (raised) c = await recordPlan(services, c, plan);
  const mayEscalate = c.state === 'new' || c.state === 'answered';
  if (mayEscalate && plan.decision === 'escalate') {
    c = await escalateCase(services, c, { kind: 'bot' }, plan.triage.humanRequested && !raised ? 'asker_request' : 'severity_raised', {
      from: previous,
      to: plan.triage.severity,
    });
    const card = answerCard(plan, c, services.articleUrl);
    if (raised) card.blocks.unshift({ kind: 'notice', text: t(c.lang, 'reply.severityRaised', { severity: severityLabel(c.lang, plan.triage.severity) }) });
    const afterHours = await afterHoursNotice(services, c);
    return [{ to: msg.threadRef, card }, ...(afterHours ? [afterHours] : []), { to: msg.threadRef, card: intakeCard(c) }];
  }
  if (c.state === 'resolved' || c.state === 'closed') {
    return [
      {
        to: msg.threadRef,
        card: {
          blocks: [{ kind: 'text', text: t(c.lang, 'resolved.followUp', { number: c.number }) }],
          buttons: [{ actionId: 'case.reopen', label: t(c.lang, 'button.reopen'), value: c.number }],
        },
      },
    ];
  }
  if (!mayEscalate) {
    // Still unclaimed and now more urgent: the responders get a fresh card at once.
    if (raised) await renotifyNow(services, c, { from: previous, to: plan.triage.severity });
    // The case is with the responders: the message goes to their thread, attributed.
    const group = await services.directory.groupForTenant(c.tenantId);
    const out: Outbound[] = [{ to: msg.threadRef, card: textCard(t(c.lang, 'reply.followUpRecorded', { number: c.number })) }];
    // Read again after recording the message: the card's thread may have been recorded meanwhile.
    const relay = group ? await followUpRelay(services.db, await services.cases.get(c.id), recorded, asker, group, msg.rich) : null;
    if (relay) out.push(relay);
    return out;
  }
  await services.cases.appendEvent(c.id, 'answer_sent', { kind: 'bot' }, planEventData(plan));
  return [{ to: msg.threadRef, card: answerCard(plan, c, services.articleUrl) }];
}

/**
 * What of the language model a follow-up's reply can use, by the case's state: only a case
 * still with the bot (new, answered) gets an answer; an escalated one only a verdict (a raise
 * re-notifies its responders at once); a claimed, resolved or closed one nothing (its reply is
 * "recorded for the responder" or "reopen?"), so nothing of the thread is sent to the model.
 */
export function modelUseFor(c: CaseRecord): 'answer' | 'triage' | 'none' {
  if (c.state === 'new' || c.state === 'answered') return 'answer';
  return c.state === 'escalated' ? 'triage' : 'none';
}

/**
 * Triage verdict, the advice given, and a KB gap when nothing answered: all on the record, in
 * one statement (atomic as the transaction it replaces was, at one round trip).
 */
async function recordPlan(services: HandlerServices, c: CaseRecord, plan: AnswerPlan): Promise<CaseRecord> {
  return services.cases.recordTriage(
    c.id,
    {
      category: plan.triage.category,
      severity: plan.triage.severity,
      data: {
        signals: plan.triage.signals,
        humanRequested: plan.triage.humanRequested,
        injectionSuspected: plan.triage.injectionSuspected,
        lang: plan.triage.lang,
        // The slots that decided it: a responder's later correction is exported against them.
        ...(plan.triage.situation ? { situation: plan.triage.situation, topics: plan.triage.topicHints.slice(0, 3) } : {}),
      },
    },
    { kind: 'bot' },
    undefined,
    {
      events: [{ type: 'answer_sent', actor: { kind: 'bot' }, data: planEventData(plan) }],
      ...(!plan.answered && plan.decision !== 'off_topic' ? { kbGap: { lang: plan.triage.lang, category: plan.triage.category, reason: 'no_answer' as const } } : {}),
    },
  );
}

function planEventData(plan: AnswerPlan): Record<string, unknown> {
  return {
    decision: plan.decision,
    answered: plan.answered,
    citations: plan.citations.map((c) => ({ slug: c.slug, title: c.title, score: Number(c.score.toFixed(3)) })),
    steps: plan.steps,
    // The model's wording is advice given too: it belongs on the record (already un-redacted for the asker).
    ...(plan.generated ? { generated: plan.generated } : {}),
  };
}

/** The asker's own words so far (question and follow-ups), oldest first. */
function askerMessages(events: CaseEvent[]): string[] {
  return events
    .filter((e) => e.type === 'opened' || e.type === 'asker_message')
    .map((e) => String(e.data.question ?? e.data.text ?? ''))
    .filter(Boolean);
}
