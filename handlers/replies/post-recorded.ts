import type { ChatRegistry } from '../chat-adapter.js';
import type { Outbound } from '../cards.js';
import type { ReplyOutbox } from './reply-outbox.js';

/**
 * Posts replies in order through the adapters that own their refs; a reply on record in the
 * outbox (`outboxId`) carries its idempotency key to the platform and is marked sent once
 * posted. After a recorded reply fails, the recorded ones behind it are left to the sweep
 * (`reply.deliver`), which keeps the conversation's order; a failure is handed to `onError`.
 */
export async function postRecorded(chat: ChatRegistry, outbox: ReplyOutbox | undefined, replies: Outbound[], onError: (reply: Outbound, err: unknown) => void): Promise<void> {
  let stalled = false;
  for (const o of replies) {
    if (o.outboxId !== undefined && stalled) continue;
    try {
      const adapter = chat.forRef(o.to);
      if (!adapter) throw new Error(`no chat adapter for ${o.to.split(':', 1)[0]}`);
      let messageRef: string | undefined;
      if (o.replace && adapter.update) await adapter.update(o.to, o.card);
      else messageRef = (await adapter.post(o.to, o.card, o.idemKey ? { deliveryId: o.idemKey } : {})).messageRef;
      if (o.outboxId !== undefined && outbox) await outbox.sent(o.outboxId, messageRef);
    } catch (err) {
      if (o.outboxId !== undefined) stalled = true;
      onError(o, err);
    }
  }
}
