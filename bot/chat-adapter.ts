import type { Card } from '../handlers/cards.js';

/**
 * The port every chat platform implements (Slack, Teams, the local console).
 * Destinations and thread refs are opaque, platform-prefixed strings that only
 * the owning adapter encodes and decodes.
 */
export interface ChatAdapter {
  /** Prefix of the refs this adapter owns, e.g. `local`, `slack`, `teams`. */
  readonly platform: string;
  /** Posts a card to a destination or thread; returns the ref of the thread it started or continued. */
  post(to: string, card: Card): Promise<{ threadRef: string }>;
  /** Replaces a posted card in place (optional: the console cannot). */
  update?(ref: string, card: Card): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
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
