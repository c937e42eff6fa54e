import type { Logger } from '../../core/logger.js';
import type { ChatRegistry } from '../../handlers/chat-adapter.js';
import { buildPostCard } from '../../handlers/dispatch/dispatch-flow.js';
import { DispatchStore } from '../../handlers/dispatch/dispatch-store.js';
import type { HandlerServices } from '../../handlers/services.js';
import { UnrecoverableJobError } from '../errors.js';
import type { JobProcessor } from '../job-runner.js';

export interface DispatchJobDeps {
  /** The app's handler services (read when the job runs: the app builds them after the runner). */
  services: () => HandlerServices;
  chat: ChatRegistry;
  logger: Logger;
}

/**
 * Posts an on-site request to the dispatch group it is with now (README "On-site dispatch"), with
 * accept / decline, and records where the post went so later presses update it in place. A
 * request that moved on (accepted, passed to the next group) is not posted; the job id is the
 * post's delivery id, so a retry after a crash adopts the post instead of posting twice where the
 * platform can tell, and the `dispatch_posted` event makes a finished run final.
 */
export function dispatchPostProcessor(deps: DispatchJobDeps): JobProcessor<'dispatch.post'> {
  return async (payload, ctx) => {
    const services = deps.services();
    const store = new DispatchStore(services.db);
    const record = await store.get(payload.dispatchId);
    if (!record) throw new UnrecoverableJobError(`dispatch request ${payload.dispatchId} is gone`);
    if (record.state !== 'requested' || record.position !== payload.position) return;
    const events = await services.cases.events(record.caseId);
    if (events.some((e) => e.type === 'dispatch_posted' && e.data.jobId === ctx.jobId)) return;
    const group = await store.group(record.groupId);
    const card = await buildPostCard(services, record, {});
    if (!group || !card) throw new UnrecoverableJobError(`dispatch group ${record.groupId} is gone`);
    const adapter = deps.chat.forRef(group.destination);
    if (!adapter) throw new UnrecoverableJobError(`no chat adapter for the dispatch group ${group.id} (${group.destination.split(':', 1)[0]})`);
    const found = adapter.findDelivery ? await adapter.findDelivery(group.destination, card, ctx.jobId) : null;
    const { threadRef } = found ?? (await adapter.post(group.destination, card, { deliveryId: ctx.jobId }));
    await store.setPostRef(record.id, payload.position, threadRef);
    await services.cases.appendEvent(record.caseId, 'dispatch_posted', { kind: 'system' }, {
      dispatchId: record.id, groupId: group.id, groupName: group.name, position: payload.position, jobId: ctx.jobId,
    });
  };
}
