import { SocketModeReceiver, HTTPReceiver } from '@slack/bolt';
import { loadConfig } from '../../core/config.js';
import { createSlackBolt } from '../../bot/slack/slack-receiver.js';
import { SlackEventInbox } from '../../bot/slack/slack-event-inbox.js';
import { boltLogger } from '../../bot/slack/slack-logger.js';
import { PostgresInstallationStore } from '../../bot/slack/installation-store.js';
import { memoryLogger } from '../helpers/logger.js';
import { CUSTOMER, mentionEvent, nextTs, slashCommand } from '../helpers/slack-payloads.js';
import { PEOPLE, startSlackApp, until, type SlackTestApp } from '../helpers/slack-app.js';

const APP_TOKEN = 'xapp-1-A0OTASUKE-1234-socketmodetoken';

describe('Slack Socket Mode wiring', () => {
  const store = new PostgresInstallationStore({} as never);
  const log = memoryLogger('silent').logger;
  const logger = boltLogger(log);
  const inbox = { events: new SlackEventInbox({} as never, log, 30_000), logger: log };

  it('uses Bolt’s SocketModeReceiver with the app token when SLACK_MODE=socket (no signing secret needed)', () => {
    const config = loadConfig({ SLACK_MODE: 'socket', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: APP_TOKEN }).slack!;
    const bolt = createSlackBolt(config, store, logger, inbox);
    expect(bolt.mode).toBe('socket');
    expect(bolt.receiver).toBeInstanceOf(SocketModeReceiver);
  });

  it('uses the HTTP receiver, acknowledging before processing, in HTTP mode', () => {
    const bolt = createSlackBolt(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }).slack!, store, logger, inbox);
    expect(bolt.receiver).toBeInstanceOf(HTTPReceiver);
    expect((bolt.receiver as unknown as { processBeforeResponse: boolean }).processBeforeResponse).toBe(false);
  });
});

/*
 * Not Slack itself: the stand-in implements the Socket Mode handshake the
 * SDK uses (apps.connections.open → a WebSocket URL, `hello`, envelopes,
 * acks, ping/pong) with a minimal RFC 6455 server. The real service may
 * differ in details the SDK hides (reconnect hints, refresh of the URL).
 */
describe('Slack over Socket Mode (against a WebSocket stand-in)', () => {
  let s: SlackTestApp;
  beforeAll(async () => {
    s = await startSlackApp({ mode: 'single', appToken: APP_TOKEN, env: { SLACK_MODE: 'socket', SLACK_APP_TOKEN: APP_TOKEN } });
    await until(() => s.standIn.socketCount === 1);
  });
  afterAll(() => s?.stop());

  it('opens one connection with the app token and serves no HTTP endpoint for Slack', async () => {
    expect(s.standIn.callsTo('apps.connections.open')[0]?.token).toBe(APP_TOKEN);
    expect((await fetch(`${s.base}/slack/events`, { method: 'POST', body: '{}' })).status).toBe(404);
  });

  it('acknowledges an event envelope, answers in the thread, and drops the redelivery', async () => {
    const ts = nextTs();
    const payload = mentionEvent({ team: CUSTOMER, user: PEOPLE.asker.id, channel: 'C0GENERAL', text: '不審なメールのリンクを押してしまいました', ts });
    const started = Date.now();
    const ack = await s.standIn.sendEnvelope('events_api', payload);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(ack).toMatchObject({ envelope_id: expect.any(String) });
    await until(() => s.standIn.thread('C0GENERAL', ts)[0]);
    await s.standIn.sendEnvelope('events_api', payload, { retryAttempt: 1 });
    await new Promise((r) => setTimeout(r, 500));
    expect(s.standIn.thread('C0GENERAL', ts).filter((m) => m.blocks[0]?.type === 'header')).toHaveLength(1);
  });

  it('acknowledges a slash command with the private "working on it" in the ack payload', async () => {
    const fields = slashCommand({ team: CUSTOMER, user: PEOPLE.asker.id, channel: 'C0GENERAL', text: 'kb search パスワード', triggerId: s.standIn.newTriggerId(), responseUrl: s.standIn.responseUrl() });
    const ack = await s.standIn.sendEnvelope('slash_commands', fields);
    expect(ack).toMatchObject({ payload: { response_type: 'ephemeral', text: expect.stringContaining('確認しています') } });
  });
});
