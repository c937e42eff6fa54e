import type { Card } from '../handlers/cards.js';

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
  post(to: string, card: Card, options?: PostOptions): Promise<{ threadRef: string }>;
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

  all(): ChatAdapter[] {
    return [...this.adapters.values()];
  }
}
