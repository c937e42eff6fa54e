import type { App, Receiver, ReceiverEvent } from '@slack/bolt';
import { KeepingReceiver, SlackEventInbox } from '../../bot/slack/slack-event-inbox.js';
import { memoryLogger } from '../helpers/logger.js';

/** A receiver that hands its events to whatever app it was given, as Bolt's receivers do. */
class HandingReceiver implements Receiver {
  app?: App;
  init(app: App): void {
    this.app = app;
  }
  start(): Promise<unknown> {
    return Promise.resolve();
  }
  stop(): Promise<unknown> {
    return Promise.resolve();
  }
}

const mention = (): ReceiverEvent => ({
  body: { type: 'event_callback', event_id: 'Ev0KEEP', event: { type: 'app_mention', user: 'U1', channel: 'C1', ts: '1.1', text: 'help' } },
  ack: async () => undefined,
});

describe('KeepingReceiver when the event cannot be kept', () => {
  const setUp = (failure: Error) => {
    const { logger, records } = memoryLogger('debug');
    const db = { query: () => Promise.reject(failure) };
    const inner = new HandingReceiver();
    const handled: ReceiverEvent[] = [];
    const app = { processEvent: async (e: ReceiverEvent) => void handled.push(e) } as unknown as App;
    new KeepingReceiver(inner, new SlackEventInbox(db as never, logger, 30_000), logger).init(app);
    return { inner, handled, records };
  };

  it('refuses it while the database is away, so the receiver answers 503 and Slack delivers it again', async () => {
    const { inner, handled } = setUp(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }));
    await expect(inner.app!.processEvent(mention())).rejects.toThrow('ECONNREFUSED');
    expect(handled).toHaveLength(0);
  });

  it('still handles it on any other failure, and says so at error', async () => {
    const { inner, handled, records } = setUp(new Error('value too long'));
    await inner.app!.processEvent(mention());
    expect(handled).toHaveLength(1);
    expect(records().some((r) => r.level === 50 && String(r.msg).includes('could not be kept'))).toBe(true);
  });
});
