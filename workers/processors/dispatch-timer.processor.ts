import { textCard } from '../../handlers/ask/answer-card.js';
import { passOn } from '../../handlers/dispatch/dispatch-flow.js';
import { DispatchStore } from '../../handlers/dispatch/dispatch-store.js';
import { nowOf } from '../../handlers/oncall/after-hours.js';
import { UnrecoverableJobError } from '../errors.js';
import type { JobProcessor } from '../job-runner.js';
import type { DispatchJobDeps } from './dispatch-post.processor.js';
import { t } from '../../core/i18n/t.js';

/**
 * An on-site request still unanswered by the group at `position`: `remind` posts a reminder in
 * the post's thread (once: the `dispatch_reminded` event carries the job id); `escalate` passes
 * it to the next group of the company's route, or tells the responders nobody took it. Both are
 * recorded jobs (PostgreSQL, then the queue), so they survive restarts and run once whatever the
 * number of processes; a request that was answered or moved meanwhile makes them do nothing.
 */
export function dispatchTimerProcessor(deps: DispatchJobDeps): JobProcessor<'dispatch.timer'> {
  return async (payload, ctx) => {
    const services = deps.services();
    const store = new DispatchStore(services.db);
    const record = await store.get(payload.dispatchId);
    if (!record) throw new UnrecoverableJobError(`dispatch request ${payload.dispatchId} is gone`);
    if (record.state !== 'requested' || record.position !== payload.position) return;
    if (payload.stage === 'escalate') {
      const out = await passOn(services, record, 'unanswered', { kind: 'system' }, nowOf(services));
      if (out) await deps.chat.deliver(out, (o, err) => deps.logger.warn({ to: o.to.split(':', 1)[0], err: (err as Error).message }, 'dispatch hand-over message not delivered'));
      return;
    }
    const events = await services.cases.events(record.caseId);
    if (events.some((e) => e.type === 'dispatch_reminded' && e.data.jobId === ctx.jobId)) return;
    // Not posted yet (the post job is behind, or failing): retried, so the reminder follows the post.
    if (!record.postRef) throw new Error(`dispatch request ${record.id} is not posted yet`);
    const [group, c] = await Promise.all([store.group(record.groupId), services.cases.get(record.caseId)]);
    const adapter = deps.chat.forRef(record.postRef);
    if (!group || !adapter) throw new UnrecoverableJobError(`dispatch request ${record.id}: no group or adapter to remind`);
    await adapter.post(record.postRef, textCard(t(group.lang, 'dispatch.post.remind', { number: c.number })), { deliveryId: ctx.jobId });
    await services.cases.appendEvent(record.caseId, 'dispatch_reminded', { kind: 'system' }, { dispatchId: record.id, groupId: group.id, groupName: group.name, jobId: ctx.jobId });
  };
}
