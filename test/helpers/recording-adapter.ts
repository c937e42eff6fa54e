import type { ChatAdapter } from '../../handlers/chat-adapter.js';
import { toPlainText } from '../../bot/local/plain-text-renderer.js';
import type { Card } from '../../handlers/cards.js';

/** A chat adapter for the `local` platform that keeps what the bot posted. */
export class RecordingAdapter implements ChatAdapter {
  readonly platform = 'local';
  readonly posts: { to: string; card: Card; text: string }[] = [];

  async post(to: string, card: Card): Promise<{ threadRef: string }> {
    this.posts.push({ to, card, text: toPlainText(card) });
    return { threadRef: `${to}:${this.posts.length}` };
  }

  postsTo(to: string) {
    return this.posts.filter((p) => p.to === to);
  }

  async start(): Promise<void> {}
  async stop(): Promise<void> {}
}
