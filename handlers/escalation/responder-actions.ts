import type { Card, Outbound } from '../cards.js';
import type { CaseRecord } from '../cases/case-types.js';
import type { ResponderGroup, User } from '../directory/directory-types.js';
import type { Lang } from '../../knowledge/text/normalize.js';
import { hasFormatting, messageWithSpans, neutralizeSpans, plainOf, type RichSpan } from '../rich-text.js';
import { ForbiddenError, InvalidInputError } from '../errors.js';
import { t } from '../../core/i18n/t.js';
import type { HandlerServices } from '../services.js';
import { textCard } from '../ask/answer-card.js';
import { cancelEscalationTimers, escalateCase } from './escalate-case.js';
import { escalationCard } from './escalation-card.js';
import { DispatchStore } from '../dispatch/dispatch-store.js';
import { assertResponderFor } from './responder-access.js';
import { neutralize } from '../../knowledge/text/neutralize.js';
import type { JobSpec } from '../jobs.js';
import { recordFirstAckCheck } from '../oncall/ack-reminders.js';
import { nowOf, policyOf } from '../oncall/after-hours.js';

const MAX_SUMMARY = 4000;

/** Where responders talk about a case: its card's thread, or the group's destination. */
function responderThread(c: CaseRecord, destination: string): string {
  return c.responderThreadRef ?? destination;
}

/** The card as it should look now, posted into the responders' thread. */
async function refreshedCard(services: HandlerServices, c: CaseRecord, destination: string, holder: User | null): Promise<Outbound> {
  const [tenant, events, group, dispatchRoute] = await Promise.all([
    services.directory.getTenant(c.tenantId),
    services.cases.events(c.id),
    services.directory.groupForTenant(c.tenantId),
    new DispatchStore(services.db).hasRoute(c.tenantId),
  ]);
  const card = escalationCard(c, tenant, events, c.escalationTier, group, holder ? { name: holder.displayName, at: c.updatedAt } : null, { dispatchRoute });
  // In the card's own thread the new card replaces the old one where the platform can edit messages.
  return { to: responderThread(c, destination), card, ...(c.responderThreadRef ? { replace: true } : {}) };
}

/**
 * The case's responder card redrawn as the case is now (an intake answer, a
 * new fact), replacing the card already posted; null when no card was posted
 * yet (the notification job draws it from the current events) or the case is
 * not with the responders.
 */
export async function responderCardUpdate(services: HandlerServices, c: CaseRecord): Promise<Outbound | null> {
  if (!c.responderThreadRef || !['escalated', 'claimed', 'resolved', 'closed'].includes(c.state)) return null;
  let holder: User | null = null;
  let claimedAt: Date | undefined;
  if (c.state === 'claimed' && c.assigneeUserId) {
    holder = await services.directory.getUser(c.assigneeUserId);
    claimedAt = (await services.cases.events(c.id)).filter((e) => e.data.state === 'claimed').at(-1)?.at;
  }
  const [tenant, events, group, dispatchRoute] = await Promise.all([
    services.directory.getTenant(c.tenantId),
    services.cases.events(c.id),
    services.directory.groupForTenant(c.tenantId),
    new DispatchStore(services.db).hasRoute(c.tenantId),
  ]);
  const card = escalationCard(c, tenant, events, c.escalationTier, group, holder ? { name: holder.displayName, at: claimedAt ?? c.updatedAt } : null, { dispatchRoute });
  return { to: c.responderThreadRef, card, replace: true };
}

/** Claim: one atomic change; the losers get CaseAlreadyClaimedError (the holder's name) from the store. */
export async function claimCase(services: HandlerServices, c: CaseRecord, user: User): Promise<Outbound[]> {
  const group = await assertResponderFor(services, user, c, 'claim');
  let ackCheck: JobSpec[] = [];
  const claimed = await services.db.transaction(async (tx) => {
    const updated = await services.cases.transition(c.id, 'claim', { actor: { kind: 'user', userId: user.id }, tx, patch: { assigneeUserId: user.id } });
    // The re-notify timers of this round stop: a named person has it.
    await cancelEscalationTimers(tx, c.id);
    // …and a silent holder is reminded, then the case goes back (ack reminders, handlers/oncall).
    ackCheck = [await recordFirstAckCheck(services.jobs, updated, user.id, policyOf(services), nowOf(services), tx)];
    return updated;
  });
  await services.jobs.dispatch(ackCheck);
  return [
    { to: claimed.threadRef, card: textCard(t(claimed.lang, 'claim.toAsker', { name: neutralize(user.displayName) })) },
    await refreshedCard(services, claimed, group.destination, user),
  ];
}

/** Release: back to the queue, timers restart from the first tier. */
export async function releaseCase(services: HandlerServices, c: CaseRecord, user: User): Promise<Outbound[]> {
  const group = await assertResponderFor(services, user, c, 'release');
  if (c.state === 'claimed' && c.assigneeUserId !== user.id) throw new ForbiddenError('release', user.id, 'error.forbidden');
  const released = await escalateCase(services, c, { kind: 'user', userId: user.id }, 'released');
  return [
    { to: released.threadRef, card: textCard(t(released.lang, 'release.toAsker', { number: released.number })) },
    { to: responderThread(released, group.destination), card: textCard(t(group.lang, 'release.done', { number: released.number })) },
    ...(released.responderThreadRef ? [await refreshedCard(services, released, group.destination, null)] : []),
  ];
}

/** Reassign: the holder hands the case to another member of the same group. */
export async function reassignCase(services: HandlerServices, c: CaseRecord, user: User, targetUserId: string): Promise<Outbound[]> {
  const group = await assertResponderFor(services, user, c, 'reassign');
  if (c.assigneeUserId !== user.id) throw new ForbiddenError('reassign', user.id, 'error.forbidden');
  const target = await services.directory.getUser(targetUserId);
  if (!target || !target.roles.includes('responder') || !(await services.directory.isMember(group.id, target.id))) {
    throw new InvalidInputError(`reassign target ${targetUserId} is not in group ${group.id}`, 'error.responderOnly');
  }
  let ackCheck: JobSpec[] = [];
  const updated = await services.db.transaction(async (tx) => {
    const moved = await services.cases.reassign(c.id, target.id, { kind: 'user', userId: user.id }, tx);
    ackCheck = [await recordFirstAckCheck(services.jobs, moved, target.id, policyOf(services), nowOf(services), tx)];
    return moved;
  });
  await services.jobs.dispatch(ackCheck);
  return [
    { to: updated.threadRef, card: textCard(t(updated.lang, 'reassign.toAsker', { name: neutralize(target.displayName) })) },
    await refreshedCard(services, updated, group.destination, target),
  ];
}

/** Resolve: the holder's summary goes to the asker with feedback and reopen buttons. */
export async function resolveCase(services: HandlerServices, c: CaseRecord, user: User, summary: string, reopenHours: number): Promise<Outbound[]> {
  const group = await assertResponderFor(services, user, c, 'resolve');
  if (c.assigneeUserId !== user.id) throw new ForbiddenError('resolve', user.id, 'error.forbidden');
  const clean = neutralize(summary.trim()).slice(0, MAX_SUMMARY);
  if (!clean) throw new InvalidInputError('empty resolution summary', 'resolve.needsSummary');
  const resolved = await services.db.transaction(async (tx) => {
    const updated = await services.cases.transition(c.id, 'resolve', { actor: { kind: 'user', userId: user.id }, tx, data: { summary: clean } });
    await cancelEscalationTimers(tx, c.id);
    return updated;
  });
  // The asker reads the case's language; the responders' thread reads the group's.
  const lang = resolved.lang;
  return [
    {
      to: resolved.threadRef,
      card: {
        blocks: [
          { kind: 'notice', text: t(lang, 'resolve.toAsker', { number: resolved.number, summary: clean }) },
          { kind: 'text', text: t(lang, 'resolve.reopenHint', { hours: reopenHours }) },
        ],
        buttons: [
          { actionId: 'resolution.helpful', label: t(lang, 'button.helpful'), value: resolved.number },
          { actionId: 'resolution.not_helpful', label: t(lang, 'button.notHelpful'), value: resolved.number },
          { actionId: 'case.reopen', label: t(lang, 'button.reopen'), value: resolved.number },
        ],
      },
    },
    { to: responderThread(resolved, group.destination), card: textCard(t(group.lang, 'resolve.done', { number: resolved.number })) },
    // The bot found no article for it: the responder may name one, so the next such question finds it (fits …).
    ...((await citedNothing(services, resolved)) ? [{ to: responderThread(resolved, group.destination), card: textCard(t(group.lang, 'fits.hint', { number: resolved.number })) }] : []),
    ...(resolved.responderThreadRef ? [await refreshedCard(services, resolved, group.destination, null)] : []),
  ];
}

/** Whether the bot's answer to the case cited no article (or the asker said it did not help). */
async function citedNothing(services: HandlerServices, c: CaseRecord): Promise<boolean> {
  const events = await services.cases.events(c.id);
  const sent = events.find((e) => e.type === 'answer_sent');
  const citations = (sent?.data as { citations?: unknown[] } | undefined)?.citations ?? [];
  const notHelpful = events.some((e) => e.type === 'feedback' && (e.data as { helpful?: boolean }).helpful === false);
  return citations.length === 0 || notHelpful;
}

/** Reopen by the asker, within the window after resolution. */
export async function reopenCase(services: HandlerServices, c: CaseRecord, user: User, reopenHours: number): Promise<Outbound[]> {
  if (user.id !== c.askerUserId) throw new ForbiddenError('reopen', user.id);
  const resolvedAt = c.resolvedAt?.getTime() ?? 0;
  if (c.state !== 'resolved' && c.state !== 'closed') throw new InvalidInputError(`case ${c.number} is ${c.state}`, 'error.illegalTransition');
  if (Date.now() - resolvedAt > reopenHours * 3_600_000) return [{ to: c.threadRef, card: textCard(t(c.lang, 'reopen.tooLate')) }];
  const reopened = await escalateCase(services, c, { kind: 'user', userId: user.id }, 'reopened');
  return [{ to: reopened.threadRef, card: textCard(t(reopened.lang, 'reopen.done', { number: reopened.number })) }];
}

/** A responder writing in the case's thread: the asker sees it, attributed and neutralised, in the asker's language. */
export async function relayToAsker(services: HandlerServices, c: CaseRecord, user: User, text: string, rich?: RichSpan[]): Promise<Outbound[]> {
  await assertResponderFor(services, user, c, 'relay');
  // Commands skip the message-size check of the inbound path; a relay gets the same limit.
  if (text.length > services.limits.maxMessageChars) throw new InvalidInputError(`relay of ${text.length} characters`, 'error.tooLong');
  const clean = neutralize(text);
  // `at` on the app's clock: ack reminders count the holder's silence from their last message.
  await services.cases.appendEvent(c.id, 'relayed_to_asker', { kind: 'user', userId: user.id }, { text: clean, at: nowOf(services).toISOString() });
  return [{ to: c.threadRef, card: relayCard(c.lang, 'relay.fromResponder', user.displayName, clean, rich) }];
}

/** The asker writing in an escalated case's thread: the responders see it in theirs, in the group's language. */
export function relayToResponders(c: CaseRecord, asker: User, text: string, group: Pick<ResponderGroup, 'destination' | 'lang'>, rich?: RichSpan[]): Outbound {
  return { to: responderThread(c, group.destination), card: relayCard(group.lang, 'relay.fromAsker', asker.displayName, neutralize(text), rich) };
}

/**
 * An attributed relay in the reader's language. The person's words stay as written; their
 * formatting (when the adapter parsed any) travels as runs, so the platform it is relayed to
 * shows it in its own markup.
 */
function relayCard(lang: Lang, key: 'relay.fromResponder' | 'relay.fromAsker', name: string, clean: string, rich?: RichSpan[]): Card {
  const params = { name: neutralize(name) };
  const spans = rich && hasFormatting(rich) ? neutralizeSpans(rich) : null;
  if (!spans) return textCard(t(lang, key, { ...params, text: clean }));
  return { blocks: [{ kind: 'text', text: t(lang, key, { ...params, text: plainOf(spans) }), rich: messageWithSpans(lang, key, params, spans) }] };
}
