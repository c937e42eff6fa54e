import type { Logger } from '../../core/logger.js';
import type { ChatRegistry } from '../../handlers/chat-adapter.js';
import type { ReplyOutbox } from '../../handlers/replies/reply-outbox.js';
import { UnrecoverableJobError } from '../errors.js';
import type { JobProcessor } from '../job-runner.js';

export interface ReplyDeliverDeps {
  outbox: ReplyOutbox;
  chat: ChatRegistry;
  logger: Logger;
}

/**
 * Delivers a conversation's replies left pending in the outbox, oldest first. A row whose post
 * is already known (Teams activity id, playground delivery id recorded with it) is adopted; on
 * a platform that can read its messages back (Slack: message metadata carrying the row's
 * idempotency key) a post the dead process made is found and adopted; anything else is posted.
 * A failure gives the rows back and throws (the runner retries with backoff), so nothing later
 * in the conversation overtakes it; rows still held by a live process make the job wait too.
 */
export function replyDeliverProcessor(deps: ReplyDeliverDeps): JobProcessor<'reply.deliver'> {
  return async (payload, ctx) => {
    const { rows, held } = await deps.outbox.lease(payload.conversation);
    for (const [i, row] of rows.entries()) {
      try {
        const adapter = deps.chat.forRef(row.to);
        if (!adapter) throw new UnrecoverableJobError(`no chat adapter runs here for ${row.to.split(':', 1)[0]}`);
        if (row.messageRef) {
          await deps.outbox.sent(row.id);
          continue;
        }
        const found = adapter.findDelivery && !row.reply.replace ? await adapter.findDelivery(row.to, row.reply.card, row.idemKey).catch(() => null) : null;
        if (found) {
          deps.logger.info({ jobId: ctx.jobId, reply: row.idemKey }, 'reply found already posted; adopted');
          await deps.outbox.sent(row.id);
          continue;
        }
        let messageRef: string | undefined;
        if (row.reply.replace && adapter.update) await adapter.update(row.to, row.reply.card);
        else messageRef = (await adapter.post(row.to, row.reply.card, { deliveryId: row.idemKey })).messageRef;
        await deps.outbox.sent(row.id, messageRef);
      } catch (err) {
        const permanent = err instanceof UnrecoverableJobError;
        for (const rest of rows.slice(i)) await deps.outbox.release(rest.id, (err as Error).message, permanent && rest === row).catch(() => undefined);
        throw err;
      }
    }
    if (held) throw new Error(`replies of ${payload.conversation} still held by the process that answered; delivered after it`);
    if (rows.length > 0) deps.logger.warn({ jobId: ctx.jobId, replies: rows.length }, 'stranded replies delivered from the outbox');
  };
}
