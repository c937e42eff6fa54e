import type { ChatAdapter, ChatRegistry, PostResult } from '../../handlers/chat-adapter.js';
import type { Logger } from '../../core/logger.js';
import type { Queryable } from '../../db/database.js';
import { retryThroughOutage } from '../../db/outage.js';
import { followUpRelay } from '../../handlers/escalation/follow-up-relay.js';
import type { Card } from '../../handlers/cards.js';
import type { CardRead, CaseStore } from '../../handlers/cases/case-store.js';
import type { DirectoryStore } from '../../handlers/directory/directory-store.js';
import { escalationCard } from '../../handlers/escalation/escalation-card.js';
import { CaseNotFoundError } from '../../handlers/errors.js';
import type { ReplyOutbox } from '../../handlers/replies/reply-outbox.js';
import { UnrecoverableJobError } from '../errors.js';
import type { JobProcessor } from '../job-runner.js';
import { Batcher } from '../../core/batcher.js';
import type { CaseEvent } from '../../handlers/cases/case-types.js';

export interface EscalationNotifyDeps {
  db: Queryable;
  cases: CaseStore;
  directory: DirectoryStore;
  chat: ChatRegistry;
  logger: Logger;
  /** Where a card's post is recorded on platforms that cannot read their messages back (Teams, the playground). */
  outbox?: ReplyOutbox;
  /** DB_OUTAGE_RETRY_MS: how long recording a posted card waits out a database outage. */
  outageRetryMs?: number;
}

/**
 * Posts the escalation card to the responder group the tenant routes to and
 * records where it went. A job that already notified (event carries its id)
 * does not post again when it is delivered twice.
 */
export function escalationNotifyProcessor(deps: EscalationNotifyDeps): JobProcessor<'escalation.notify'> {
  // The cards of one turn (a worker running several jobs at once) share their statements: one read
  // of cases, timelines, tenants and groups, one record of threads, events and outbox rows.
  const reads = new Batcher<number, CardRead | undefined>(async (ids) => {
    const found = await deps.cases.getManyForCards(ids);
    return ids.map((id) => found.get(id));
  });
  const records = new Batcher<Parameters<CaseStore['recordNotifiedMany']>[0][number], { events: CaseEvent[]; done: boolean }>((items) => deps.cases.recordNotifiedMany(items));
  return async (payload, ctx) => {
    // The case with its timeline, its tenant and its group: one read.
    const read = await reads.load(payload.caseId);
    if (!read) throw new UnrecoverableJobError(`case ${payload.caseId} is gone`, new CaseNotFoundError(String(payload.caseId)));
    const { case: c, events, tenant } = read;
    if (events.some((e) => e.type === 'responders_notified' && e.data.jobId === ctx.jobId)) return;
    // A case claimed (or resolved) before delivery needs no card any more.
    if (c.state !== 'escalated') return;
    // A tenant without a row of its own still routes by its id.
    const group = tenant ? read.group : await deps.directory.groupForTenant(c.tenantId);
    if (!group) throw new UnrecoverableJobError(`tenant ${c.tenantId} has no responder group`);
    const adapter = deps.chat.forRef(group.destination);
    if (!adapter) throw new UnrecoverableJobError(`no chat adapter for ${group.destination}`);
    const card = escalationCard(c, tenant, events, payload.tier, group);
    // A later attempt may follow one that posted and died before recording it (worker killed):
    // the platform is asked first, so the responders get one card, not two.
    let earlier = ctx.attempt > 1 ? await findEarlierPost(adapter, group.destination, card, ctx.jobId, deps.logger) : null;
    // A platform that cannot read its messages back: the post goes on record with its message (in the
    // statement below), so a later attempt updates the card an earlier one posted instead of posting again.
    const onRecord = !adapter.findDelivery && deps.outbox;
    const key = `card:${ctx.jobId}`;
    const earlierRef = onRecord && ctx.attempt > 1 ? await deps.outbox!.jobPosted(key) : null;
    if (earlierRef) {
      if (adapter.update) await adapter.update(earlierRef, card);
      earlier = { threadRef: earlierRef };
    }
    const posted: PostResult = earlier ?? (await adapter.post(group.destination, card, { deliveryId: ctx.jobId }));
    // Posted is posted: recording it waits out a database restart rather than post again on retry.
    // The outbox row marked sent, the thread, the event, the job done (when no follow-up waits to be
    // relayed) and the timeline as it was before the event: one statement.
    const recorded = await retryThroughOutage(
      () =>
        records.load({
          caseId: c.id,
          responderThreadRef: posted.threadRef,
          data: {
            jobId: ctx.jobId,
            tier: payload.tier,
            reason: payload.reason,
            group: group.id,
            destination: group.destination,
            responderThreadRef: posted.threadRef,
            ...(earlier ? { recovered: true } : {}),
          },
          ...(onRecord && !earlierRef ? { outboxSent: { key, to: group.destination, card, messageRef: posted.messageRef ?? posted.threadRef } } : {}),
          jobId: ctx.jobId,
        }),
      { retryMs: deps.outageRetryMs ?? RECORD_OUTAGE_RETRY_MS },
    );
    const now = recorded.events;
    // Follow-ups the asker wrote since this escalation that found no card thread to go to (the card
    // shows the question, not follow-ups): relayed here, each once (followUpRelay takes a receipt).
    const escalatedAt = Math.max(0, ...now.filter((e) => e.data.state === 'escalated').map((e) => e.id));
    const later = now.filter((e) => e.type === 'asker_message' && e.id > escalatedAt);
    if (recorded.done) {
      // The statement found what this filter finds: nothing to relay, the job is done.
      ctx.completed = true;
      return;
    }
    for (const e of later) {
      const asker = await deps.directory.getUser(e.actorUserId ?? c.askerUserId);
      const relay = asker ? await followUpRelay(deps.db, { ...c, responderThreadRef: posted.threadRef }, e, asker, group) : null;
      if (relay) await adapter.post(relay.to, relay.card);
    }
  };
}

/** How long recording a posted card waits out a database outage when DB_OUTAGE_RETRY_MS is not passed (its default). */
const RECORD_OUTAGE_RETRY_MS = 60_000;

async function findEarlierPost(adapter: ChatAdapter, to: string, card: Card, jobId: string, logger: Logger): Promise<{ threadRef: string } | null> {
  if (!adapter.findDelivery) return null;
  try {
    return await adapter.findDelivery(to, card, jobId);
  } catch (err) {
    // Cannot look (missing scope, platform down): post again; two cards beat none.
    logger.warn({ jobId, err: (err as Error).message }, 'could not check for an earlier card; posting again');
    return null;
  }
}
