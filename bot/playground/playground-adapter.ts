import { createHash } from 'node:crypto';
import type { Card, Outbound } from '../../handlers/cards.js';
import type { InboundHandler } from '../../handlers/handle-inbound.js';
import type { Inbound } from '../../handlers/inbound.js';
import type { ChatAdapter, ChatRegistry, PostOptions, PostResult } from '../../handlers/chat-adapter.js';
import type { ReplyOutbox } from '../../handlers/replies/reply-outbox.js';
import type { Logger } from '../../core/logger.js';
import { identityFor, newResponderThreadRef, randomId, RESPONDERS_DESTINATION, staffThreadRef, WEB_PLATFORM } from './playground-refs.js';
import { SseHub } from './sse-hub.js';

/** One reply as the sender's page gets it (files only go to the sender). */
export interface Delivery {
  id: string;
  to: string;
  at: string;
  card: Card;
  senderOnly: boolean;
  replace: boolean;
  file?: { name: string; contentType: string; base64: string };
}

export interface PlaygroundAdapterOptions {
  handler: InboundHandler;
  /** Every adapter of this process: a reply to a thread of another platform goes through its adapter. */
  chat: ChatRegistry;
  logger: Logger;
  /** The reply outbox: a page's question is kept in the inbox and its replies recorded (handleDurably). */
  outbox?: ReplyOutbox;
}

/**
 * The web playground as a chat platform (`web`). The page's messages, button
 * presses and commands become Inbound values and go through
 * InboundHandler.handle like Slack's and Teams'; what the core posts to a
 * `web:` ref is pushed to the open pages over Server-Sent Events. Nothing here
 * is the truth: cases and their timelines are in PostgreSQL, and the pages
 * rebuild their views from it (bot/playground/*-views.ts).
 */
export class PlaygroundAdapter implements ChatAdapter {
  readonly platform = WEB_PLATFORM;
  readonly hub = new SseHub();
  /** The page's address, known once the HTTP server listens. */
  url?: string;

  constructor(private readonly options: PlaygroundAdapterOptions) {}

  async post(to: string, card: Card, options: PostOptions = {}): Promise<PostResult> {
    // Each escalation card posted to the responders starts a thread of its own (the case's responders' thread).
    // A post to the staff member themself (a device alert about their PC) starts a conversation of its own.
    const threadRef = to === RESPONDERS_DESTINATION ? newResponderThreadRef() : to === identityFor('staff') ? staffThreadRef(`alert${randomId()}`) : to;
    // A delivery id decided before the post (the outbox row's key): a page that already has it ignores it again.
    const id = options.deliveryId ? deliveryIdOf(options.deliveryId) : randomId();
    this.hub.publish({ id, to: threadRef, at: new Date().toISOString(), card });
    return { threadRef, messageRef: `${threadRef}#${id}` };
  }

  async update(ref: string, card: Card): Promise<void> {
    // A message ref (`<thread>#<delivery id>`) names the thread the card is in.
    this.hub.publish({ id: randomId(), to: ref.split('#', 1)[0]!, at: new Date().toISOString(), card, replace: true });
  }

  /**
   * Hands one inbound from a page to the core, delivers the replies (to this
   * platform's pages, or through another adapter for a thread of another
   * platform), and returns them for the sender's page, files included.
   */
  async receive(inbound: Inbound): Promise<Delivery[]> {
    // A question is kept in the inbox and its replies recorded; other inbounds answer in the request.
    const replies = inbound.kind === 'message' ? await this.options.handler.handleDurably(inbound) : await this.options.handler.handle(inbound);
    const deliveries: Delivery[] = [];
    let stalled = false;
    for (const reply of replies) {
      if (reply.outboxId !== undefined && stalled) continue;
      try {
        deliveries.push(await this.deliver(reply));
        if (reply.outboxId !== undefined) await this.options.outbox?.sent(reply.outboxId, `${reply.to}#${deliveryIdOf(reply.idemKey!)}`);
      } catch (err) {
        // Left to the outbox's sweep, which delivers it (and anything after it) in order.
        if (reply.outboxId === undefined) throw err;
        stalled = true;
        this.options.logger.warn({ err: (err as Error).message, to: reply.to }, 'playground reply not marked sent; the outbox delivers it');
      }
    }
    return deliveries;
  }

  private async deliver(reply: Outbound): Promise<Delivery> {
    const delivery: Delivery = {
      id: reply.idemKey ? deliveryIdOf(reply.idemKey) : randomId(),
      to: reply.to,
      at: new Date().toISOString(),
      card: reply.card,
      senderOnly: !!reply.senderOnly,
      replace: !!reply.replace,
      ...(reply.file ? { file: { name: reply.file.name, contentType: reply.file.contentType, base64: reply.file.data.toString('base64') } } : {}),
    };
    // A refusal or error concerns the sender alone: it is only in the HTTP response.
    if (delivery.senderOnly) return delivery;
    const adapter = this.options.chat.forRef(reply.to);
    if (adapter === this) {
      this.hub.publish({ id: delivery.id, to: delivery.to, at: delivery.at, card: delivery.card, ...(delivery.replace ? { replace: true } : {}) });
    } else if (adapter) {
      // A case asked on another channel (the console, Slack) and handled from the playground.
      await (reply.replace && adapter.update ? adapter.update(reply.to, reply.card) : adapter.post(reply.to, reply.card, reply.idemKey ? { deliveryId: reply.idemKey } : {})).catch((err: unknown) =>
        this.options.logger.warn({ err: (err as Error).message, to: reply.to }, 'playground reply to another channel failed'),
      );
    } else {
      this.options.logger.warn({ to: reply.to }, 'no running adapter for this thread; the reply is on the case timeline only');
    }
    return delivery;
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {
    this.hub.close();
  }
}

/** The page's id of a delivery whose key was decided before posting (an outbox row's): the same key, the same id. */
function deliveryIdOf(key: string): string {
  return `d-${createHash('sha256').update(key).digest('base64url').slice(0, 22)}`;
}
