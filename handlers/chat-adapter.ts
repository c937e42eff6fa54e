import type { Card, Outbound } from './cards.js';

/**
 * The port every chat platform implements (Slack, Teams, the local console).
 * Destinations and thread refs are opaque, platform-prefixed strings that only
 * the owning adapter encodes and decodes.
 */
export interface ChatAdapter {
  /** Prefix of the refs this adapter owns, e.g. `local`, `slack`, `teams`. */
  readonly platform: string;
  /**
   * Posts a card to a destination or thread; returns the ref of the thread it started or continued.
   * `deliveryId`, when given, is attached to the message where the platform can carry it, so
   * findDelivery can tell later whether this post got through.
   */
  post(to: string, card: Card, options?: PostOptions): Promise<PostResult>;
  /**
   * Looks for a message posted to `to` with this deliveryId (optional: only platforms that can
   * read their own messages back); found, it is adopted as the post of `card`. A worker killed between posting and recording it would
   * otherwise post the card a second time when its job is delivered again.
   */
  findDelivery?(to: string, card: Card, deliveryId: string): Promise<{ threadRef: string } | null>;
  /** Replaces a posted card in place (optional: the console cannot). */
  update?(ref: string, card: Card): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Where a post went: the thread it started or continued, and (where the platform says) the message itself. */
export interface PostResult {
  threadRef: string;
  /**
   * Ref of the posted message, for platforms that cannot read their messages back (Teams
   * activity id, playground delivery id): recorded with its outbox row so a later attempt
   * adopts it (updates it) instead of posting again.
   */
  messageRef?: string;
}

export interface PostOptions {
  /** Idempotency marker of this post (a job id): see ChatAdapter.findDelivery. */
  deliveryId?: string;
}

/** Finds the adapter that owns a ref by its platform prefix. */
export class ChatRegistry {
  private readonly adapters = new Map<string, ChatAdapter>();

  register(adapter: ChatAdapter): void {
    this.adapters.set(adapter.platform, adapter);
  }

  forRef(ref: string): ChatAdapter | undefined {
    return this.adapters.get(ref.split(':', 1)[0]!);
  }

  /**
   * Posts replies in order, each through the adapter owning its ref (cards marked `replace`
   * updated in place where the adapter can). A failure is handed to `onError` and does not stop
   * the rest. For replies produced away from an inbound request (jobs): nobody is waiting on a
   * platform's response, so `senderOnly` replies are posted like the others.
   */
  async deliver(replies: Outbound[], onError: (reply: Outbound, err: unknown) => void): Promise<number> {
    let delivered = 0;
    for (const o of replies) {
      const adapter = this.forRef(o.to);
      try {
        if (!adapter) throw new Error(`no chat adapter for ${o.to.split(':', 1)[0]}`);
        if (o.replace && adapter.update) await adapter.update(o.to, o.card);
        else await adapter.post(o.to, o.card);
        delivered++;
      } catch (err) {
        onError(o, err);
      }
    }
    return delivered;
  }

  all(): ChatAdapter[] {
    return [...this.adapters.values()];
  }
}
