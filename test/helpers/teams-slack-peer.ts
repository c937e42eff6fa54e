import type { ChatAdapter } from '../../handlers/chat-adapter.js';
import type { App } from '../../bot/create-app.js';
import { toPlainText } from '../../bot/local/plain-text-renderer.js';
import type { Card, Outbound } from '../../handlers/cards.js';
import type { Inbound } from '../../handlers/inbound.js';

/**
 * The other side of a bridged case: a chat adapter for the `slack` platform
 * that keeps what the core posts and updates there, and stands in for Slack
 * people by handing their inbounds to the core and delivering the replies
 * the way every adapter must, to whichever adapter owns each ref (a Teams
 * asker's thread goes to the Teams adapter). Refs look like the Slack
 * adapter's (`slack:<team>:<channel>[:<ts>]`).
 *
 * It is not the Slack engineer's Web API stand-in (test/helpers/slack-stand-in.ts):
 * that one drives the real SlackAdapter, whose deliver() posts every reply
 * through itself, so a reply addressed to `teams:…` cannot leave it yet.
 */
export class SlackPeer implements ChatAdapter {
  readonly platform = 'slack';
  readonly posts: { to: string; card: Card; text: string; threadRef: string }[] = [];
  readonly updates: { ref: string; card: Card; text: string }[] = [];
  private ts = 1_763_600_000;

  async post(to: string, card: Card): Promise<{ threadRef: string }> {
    // A post to a channel starts a thread (its ts); a post to a thread stays in it.
    const threadRef = to.split(':').length >= 4 ? to : `${to}:${++this.ts}.000100`;
    this.posts.push({ to, card, text: toPlainText(card), threadRef });
    return { threadRef };
  }

  async update(ref: string, card: Card): Promise<void> {
    this.updates.push({ ref, card, text: toPlainText(card) });
  }

  postsTo(ref: string) {
    return this.posts.filter((p) => p.to === ref || p.threadRef === ref);
  }

  /** A Slack person's message, press or command, as the Slack adapter would hand it to the core. */
  async receive(app: App, inbound: Inbound): Promise<Outbound[]> {
    const replies = await app.handler.handle(inbound);
    for (const o of replies) {
      const target = app.chat.forRef(o.to);
      if (!target) throw new Error(`no adapter for ${o.to}`);
      if (o.replace && target.update) await target.update(o.to, o.card);
      else await target.post(o.to, o.card);
    }
    return replies;
  }

  async start(): Promise<void> {}
  async stop(): Promise<void> {}
}
