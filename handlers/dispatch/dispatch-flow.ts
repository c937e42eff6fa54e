import { textCard } from '../ask/answer-card.js';
import type { Outbound } from '../cards.js';
import type { Actor, CaseRecord } from '../cases/case-types.js';
import { responderCardUpdate } from '../escalation/responder-actions.js';
import { jobId, type JobSpec } from '../jobs.js';
import type { HandlerServices } from '../services.js';
import { dispatchPostCard, type PostStatus } from './dispatch-card.js';
import { DispatchStore, type DispatchGroup, type DispatchRecord } from './dispatch-store.js';
import { t, type KeysOf } from '../../core/i18n/t.js';

/** What the dispatch steps need: the handler services (the job processors are handed the same ones). */
export type DispatchServices = HandlerServices;

/**
 * The jobs of a request posted to the group at `position`: the post now, a reminder and the
 * hand-over to the next group after the group's waits. Deterministic ids (request, position,
 * stage), so recording them twice records each once; a timer whose request moved on does nothing.
 */
export function postJobs(dispatchId: number, position: number, group: Pick<DispatchGroup, 'remindSeconds' | 'escalateSeconds'>, now: Date): JobSpec[] {
  const at = (seconds: number) => new Date(now.getTime() + seconds * 1000);
  return [
    { id: jobId('dispatch-post', dispatchId, position), name: 'dispatch.post', payload: { dispatchId, position }, runAt: now },
    { id: jobId('dispatch-timer', dispatchId, position, 'remind'), name: 'dispatch.timer', payload: { dispatchId, position, stage: 'remind' }, runAt: at(group.remindSeconds) },
    { id: jobId('dispatch-timer', dispatchId, position, 'escalate'), name: 'dispatch.timer', payload: { dispatchId, position, stage: 'escalate' }, runAt: at(Math.max(group.escalateSeconds, group.remindSeconds + 1)) },
  ];
}

/** Where the responders of the case read (the card's thread, else their group's channel) and in which language. */
export async function respondersOf(services: DispatchServices, c: CaseRecord): Promise<{ to: string | null; lang: 'ja' | 'en' }> {
  const group = await services.directory.groupForTenant(c.tenantId);
  return { to: c.responderThreadRef ?? group?.destination ?? null, lang: group?.lang ?? c.lang };
}

/** A line to the responders of the case and their card redrawn (the dispatch block changed). */
export async function toResponders(services: DispatchServices, c: CaseRecord, key: KeysOf<'dispatch'>, params: (lang: 'ja' | 'en') => Record<string, string | number>): Promise<Outbound[]> {
  const { to, lang } = await respondersOf(services, c);
  const fresh = await services.cases.get(c.id);
  const card = await responderCardUpdate(services, fresh);
  return [...(to ? [{ to, card: textCard(t(lang, `dispatch.${key}`, params(lang))) }] : []), ...(card ? [card] : [])];
}

/** The dispatch group's post as it should look now (null before it was posted). */
export async function postUpdate(services: Pick<HandlerServices, 'db' | 'cases' | 'directory'>, record: DispatchRecord, status: PostStatus): Promise<Outbound | null> {
  if (!record.postRef) return null;
  const card = await buildPostCard(services, record, status);
  return card ? { to: record.postRef, card, replace: true } : null;
}

/** The post of the request for the group it is with now, in that group's language. */
export async function buildPostCard(services: Pick<HandlerServices, 'db' | 'cases' | 'directory'>, record: DispatchRecord, status: PostStatus) {
  const store = new DispatchStore(services.db);
  const [group, c, tenant, requester] = await Promise.all([
    store.group(record.groupId),
    services.cases.get(record.caseId),
    services.directory.getTenant(record.tenantId),
    services.directory.getUser(record.requestedBy),
  ]);
  if (!group) return null;
  return dispatchPostCard(group.lang, { c, tenantName: tenant?.name ?? record.tenantId, record, details: record.details, requester: requester?.displayName ?? record.requestedBy, status });
}

/**
 * Hands a request still waiting at `record.position` to the next group of its company's route
 * (declined there, or unanswered in time), or closes it as unanswered after the last group. One
 * transaction with the events and the next group's jobs; null when the request had moved already
 * (another press or timer won). `before` appends what happened first (the decline) in the same
 * transaction. Returns what to tell: the old post, the responders.
 */
export async function passOn(
  services: DispatchServices,
  record: DispatchRecord,
  why: 'declined' | 'unanswered',
  actor: Actor,
  now: Date,
  declinedBy?: string,
): Promise<Outbound[] | null> {
  const store = new DispatchStore(services.db);
  let specs: JobSpec[] = [];
  const from = await store.group(record.groupId);
  const fromName = from?.name ?? record.groupId;
  const moved = await services.db.transaction(async (tx) => {
    const route = await store.route(record.tenantId, tx);
    const next = route[record.position + 1];
    const patch = next ? { position: record.position + 1, groupId: next.id, postRef: null } : { state: 'unanswered' as const };
    const updated = await store.move(tx, record.id, { state: 'requested', position: record.position }, patch);
    if (!updated) return null;
    if (why === 'declined') await services.cases.appendEvent(record.caseId, 'dispatch_declined', actor, { dispatchId: record.id, groupId: record.groupId, groupName: fromName, byName: declinedBy ?? '' }, tx);
    if (next) {
      await services.cases.appendEvent(record.caseId, 'dispatch_escalated', actor, { dispatchId: record.id, from: record.groupId, fromName, to: next.id, toName: next.name, why }, tx);
      specs = postJobs(record.id, record.position + 1, next, now);
      for (const s of specs) await services.jobs.record(s, tx);
    } else {
      await services.cases.appendEvent(record.caseId, 'dispatch_unanswered', actor, { dispatchId: record.id, fromName, why }, tx);
    }
    return { updated, next };
  });
  if (!moved) return null;
  await services.jobs.dispatch(specs);
  const c = await services.cases.get(record.caseId);
  const old = await postUpdate(services, record, { gone: why === 'declined' ? { key: 'post.declined', name: declinedBy ?? '' } : { key: moved.next ? 'post.movedOn' : 'post.closed' } });
  const lines = moved.next
    ? await toResponders(services, c, 'responders.escalated', (lang) => ({ number: c.number, from: fromName, to: moved.next!.name, why: t(lang, `dispatch.why.${why}`) }))
    : await toResponders(services, c, 'responders.unanswered', (lang) => ({ number: c.number, from: fromName, why: t(lang, `dispatch.why.${why}`) }));
  return [...(old ? [old] : []), ...lines];
}
