import { t } from '../../core/i18n/t.js';
import type { Queryable } from '../../db/database.js';
import { neutralize } from '../../knowledge/text/neutralize.js';
import { textCard } from '../ask/answer-card.js';
import type { Outbound } from '../cards.js';
import type { CaseRecord } from '../cases/case-types.js';
import type { User } from '../directory/directory-types.js';
import { concealCaseFrom } from '../errors.js';
import { assertResponderFor } from '../escalation/responder-access.js';
import type { HandlerServices } from '../services.js';
import { askerNotice } from './dispatch-card.js';
import { postUpdate, toResponders } from './dispatch-flow.js';
import { DispatchStore, type DispatchRecord, type DispatchState } from './dispatch-store.js';

/** The states a request may be called off from: before the technician is on site (after that, 作業完了 ends it). */
export const CANCELLABLE_STATES: readonly DispatchState[] = ['requested', 'accepted'];

/** Marks the request's pending post and timers cancelled, so they never run (they would find it moved and do nothing anyway). */
async function cancelDispatchJobs(tx: Queryable, dispatchId: number): Promise<number> {
  const r = await tx.query(
    `UPDATE jobs SET status = 'cancelled', finished_at = now()
     WHERE name IN ('dispatch.post', 'dispatch.timer') AND status = 'pending' AND (payload->>'dispatchId')::bigint = $1`,
    [dispatchId],
  );
  return r.rowCount;
}

const refusal = (to: string, lang: User['lang'], text: string): Outbound[] => [{ to, card: textCard(text), senderOnly: true }];

/**
 * 「駆けつけを取り消す」 (case card) or `dispatch <id> cancel` / `dispatch OT-000123 cancel`: a
 * responder of the case's group calls off a request still waiting for an answer or accepted but
 * not yet on site. One conditional update from the state the presser saw (a press racing an
 * accept or a timer: one of them wins), the `dispatch_cancelled` event and the request's pending
 * jobs cancelled in one transaction. Then the dispatch group's post loses its buttons and says
 * so (with a line in its thread once someone had accepted, so the technician is not left
 * travelling), the responders get a line and their card, and the asker, once told someone
 * comes, is told nobody will, in the case's language.
 */
export async function cancelDispatch(services: HandlerServices, record: DispatchRecord, user: User, to: string): Promise<Outbound[]> {
  const c = await services.cases.get(record.caseId);
  try {
    await assertResponderFor(services, user, c, 'dispatch cancel');
  } catch (err) {
    throw await concealCaseFrom(services.directory, user, c, err, to);
  }
  const store = new DispatchStore(services.db);
  const group = await store.group(record.groupId);
  const groupName = group?.name ?? record.groupId;
  const name = neutralize(user.displayName);
  const notNow = (state: DispatchState) => refusal(to, user.lang, t(user.lang, 'dispatch.refuse.notNow', { state: t(user.lang, `dispatch.state.${state}`) }));
  if (!CANCELLABLE_STATES.includes(record.state)) return notNow(record.state);
  const technician = record.acceptedBy ? neutralize((await services.directory.getUser(record.acceptedBy))?.displayName ?? '') : '';
  const moved = await services.db.transaction(async (tx) => {
    const updated = await store.move(tx, record.id, { state: record.state, position: record.position }, { state: 'cancelled' });
    if (!updated) return null;
    await services.cases.appendEvent(c.id, 'dispatch_cancelled', { kind: 'user', userId: user.id }, {
      dispatchId: record.id, groupId: record.groupId, groupName, byName: name, fromState: record.state, technician,
    }, tx);
    await cancelDispatchJobs(tx, record.id);
    return updated;
  });
  if (!moved) return notNow(((await store.get(record.id)) ?? record).state);
  const out: Outbound[] = [];
  const post = await postUpdate(services, moved, { gone: { key: 'post.cancelled', name } });
  if (post) out.push(post);
  if (record.state === 'accepted' && record.postRef && group) {
    out.push({ to: record.postRef, card: textCard(t(group.lang, 'dispatch.post.cancelledThread', { number: c.number, name })) });
  }
  out.push(...(await toResponders(services, c, 'responders.cancelled', () => ({ number: c.number, name, group: groupName }))));
  const toAsker = askerNotice(c.lang, 'dispatch_cancelled', { groupName, technician, fromState: record.state }, record.details.slots);
  if (toAsker) out.push({ to: c.threadRef, card: textCard(toAsker) });
  return out;
}

/** `dispatch OT-000123 cancel`: the case's open request, if one may be cancelled. */
export async function cancelCaseDispatch(services: HandlerServices, c: CaseRecord, user: User, to: string): Promise<Outbound[]> {
  const open = (await new DispatchStore(services.db).ofCase(c.id)).filter((r) => CANCELLABLE_STATES.includes(r.state)).at(-1);
  if (!open) {
    await assertResponderFor(services, user, c, 'dispatch cancel');
    return refusal(to, user.lang, t(user.lang, 'dispatch.refuse.cancelNoOpen', { number: c.number }));
  }
  return cancelDispatch(services, open, user, to);
}

/** A press of 「駆けつけを取り消す」, or `dispatch <id> cancel`: the value names the request and is not believed. */
export async function cancelDispatchPress(services: HandlerServices, value: string, user: User, to: string): Promise<Outbound[]> {
  const id = value.replace(/^D-?/i, '');
  const record = /^\d{1,12}$/.test(id) ? await new DispatchStore(services.db).get(Number(id)) : null;
  if (!record) return refusal(to, user.lang, t(user.lang, 'dispatch.refuse.notFound'));
  return cancelDispatch(services, record, user, to);
}
