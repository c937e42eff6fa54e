import { type App } from '../../bot/create-app.js';
import type { Card } from '../../handlers/cards.js';
import { LOCAL_DEMO } from '../../handlers/directory/local-demo.js';
import type { InboundMessage } from '../../handlers/inbound.js';
import { RecordingAdapter } from '../helpers/recording-adapter.js';
import { until } from '../helpers/wait.js';
import { APP_SETUPS, startLocalApp, type LocalTestApp } from '../helpers/local-app.js';

/*
 * The asker writes again while the responders' first card is still being
 * posted (its thread not recorded yet). The follow-up used to go to the
 * responders' channel top level; now it waits on the timeline and the job
 * that posts the card relays it into the card's thread, once. Later
 * follow-ups go straight into the thread, once each.
 */

/** Holds card posts to the responders' destination until released: the instant between "posting" and "recorded". */
class GatedAdapter extends RecordingAdapter {
  private release?: () => void;
  private gate: Promise<void> | null = null;

  close(): void {
    this.gate = new Promise((r) => (this.release = r));
  }

  open(): void {
    this.release?.();
    this.gate = null;
  }

  override async post(to: string, card: Card): Promise<{ threadRef: string }> {
    if (to === LOCAL_DEMO.destination && this.gate) await this.gate;
    return super.post(to, card);
  }
}

let seq = 0;
function say(text: string, thread: string): InboundMessage {
  return { kind: 'message', channel: 'local', deliveryKey: `relay-${Date.now()}-${++seq}`, identity: LOCAL_DEMO.staff.identity, threadRef: `local:relay:${thread}`, text };
}

describe.each(APP_SETUPS)('a follow-up racing the first responder card, on %s', (_name, real) => {
  let local: LocalTestApp;
  let app: App;
  const chat = new GatedAdapter();

  beforeAll(async () => {
    local = await startLocalApp(real, { chat, logLevel: 'error', env: { JOB_SWEEP_INTERVAL_MS: '300' } });
    app = local.app;
  });
  afterAll(async () => {
    chat.open();
    await local.stop();
  });

  it('relays a follow-up written before the card thread exists into that thread once, and later ones once each', async () => {
    chat.close();
    await app.handler.handle(say('ランサムウェアに感染しました。ファイルが暗号化されて開けません', 'r1'));
    const c = (await app.services.cases.findByThread('local:relay:r1'))!;
    expect(c.state).toBe('escalated');
    // The card post is held: the case has no responder thread yet.
    const early = await app.handler.handle(say('追加情報: 経理のPCも同じ状態です', 'r1'));
    expect(early.map((o) => o.to)).toEqual(['local:relay:r1']);
    expect(chat.postsTo(LOCAL_DEMO.destination)).toHaveLength(0);

    chat.open();
    const thread = await until(async () => (await app.services.cases.get(c.id)).responderThreadRef);
    const relayed = () => chat.posts.filter((p) => p.to === thread && p.text.includes('経理のPCも同じ状態です'));
    await until(() => relayed().length === 1);

    const late = await app.handler.handle(say('追加情報: バックアップは無事でした', 'r1'));
    await app.chat.deliver(late, () => undefined);
    await new Promise((r) => setTimeout(r, 500));
    // Nothing at the channel's top level but the one card; each follow-up in the card's thread once.
    expect(chat.postsTo(LOCAL_DEMO.destination)).toHaveLength(1);
    expect(relayed()).toHaveLength(1);
    expect(chat.posts.filter((p) => p.to === thread && p.text.includes('バックアップは無事でした'))).toHaveLength(1);
  });
});
