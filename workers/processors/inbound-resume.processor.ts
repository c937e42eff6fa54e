import { randomUUID } from 'node:crypto';
import type { Logger } from '../../core/logger.js';
import type { ChatRegistry } from '../../handlers/chat-adapter.js';
import { InboundHandler } from '../../handlers/handle-inbound.js';
import { postRecorded } from '../../handlers/replies/post-recorded.js';
import type { HandlerServices } from '../../handlers/services.js';
import { UnrecoverableJobError } from '../errors.js';
import type { JobProcessor } from '../job-runner.js';

export interface InboundResumeDeps {
  /** The app's handler services (read when the job runs: the app builds them after the runner). */
  services: () => HandlerServices;
  chat: ChatRegistry;
  logger: Logger;
}

/**
 * A question kept in the durable inbox whose replies never got on record (its process died
 * after the acknowledgement, anywhere before the replies were written, or the database stayed
 * away longer than DB_OUTAGE_RETRY_MS). It is taken over under a new claim (the handling that
 * looked dead can no longer record anything), handled again through the core (a case still `new`
 * is continued, one already settled has its answer replayed, nothing recorded twice), and the
 * replies go out through the outbox with an apology for the wait.
 */
export function inboundResumeProcessor(deps: InboundResumeDeps): JobProcessor<'inbound.resume'> {
  return async (payload, ctx) => {
    const services = deps.services();
    const outbox = services.outbox;
    if (!outbox) throw new UnrecoverableJobError('no reply outbox in this process');
    const claim = randomUUID();
    const inbound = await outbox.takeOverInbound(payload.key, claim);
    if (!inbound) return;
    if (!deps.chat.forRef(inbound.threadRef)) throw new UnrecoverableJobError(`no chat adapter runs here for ${inbound.threadRef}`);
    deps.logger.warn({ jobId: ctx.jobId, key: payload.key }, 'question left undone by a process that stopped or gave up; answering it now');
    // Someone decided nothing here: the question was accepted already, so no rate limit applies again.
    const handler = new InboundHandler({ ...services, rateLimiter: undefined });
    const replies = await handler.handleDurably(inbound, { claim });
    await postRecorded(deps.chat, outbox, replies, (o, err) =>
      deps.logger.warn({ to: o.to, err: (err as Error).message }, 'a resumed reply could not be posted yet; the outbox delivers it'),
    );
  };
}
