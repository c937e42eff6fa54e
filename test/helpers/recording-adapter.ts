import type { ChatAdapter } from '../../handlers/chat-adapter.js';
import { toPlainText } from '../../bot/local/plain-text-renderer.js';
import type { Card } from '../../handlers/cards.js';

/** One post as a recording adapter kept it. */
export interface RecordedPost {
  to: string;
  card: Card;
  text: string;
}

/** A chat adapter for the `local` platform that keeps what the bot posted. */
export class RecordingAdapter implements ChatAdapter {
  readonly platform = 'local';
  readonly posts: RecordedPost[] = [];

  /**
   * `journal`: a list shared by the adapters of several bot processes, which gets every post of
   * each in the order they were made. Their own `posts` lists, put one after the other, are not in
   * that order: which process posts a card depends on which of them leased the job first.
   */
  constructor(private readonly journal?: RecordedPost[]) {}

  async post(to: string, card: Card): Promise<{ threadRef: string }> {
    const post = { to, card, text: toPlainText(card) };
    this.posts.push(post);
    this.journal?.push(post);
    return { threadRef: `${to}:${this.posts.length}` };
  }

  postsTo(to: string) {
    return this.posts.filter((p) => p.to === to);
  }

  async start(): Promise<void> {}
  async stop(): Promise<void> {}
}
