import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { CUSTOMER } from './slack-payloads.js';
import type { SlackStandIn } from './slack-stand-in.js';

/** Routine questions (ja and en) the Slack benches send: answered from the knowledge base, no escalation. */
export const BENCH_QUESTIONS = [
  'パスワードを他のサイトと使い回しています。変えたほうがいいですか',
  'How do we turn on two-factor authentication for Google Workspace?',
  'USBメモリを拾いました。中身を確認してもいいですか',
  'What should I check before installing a browser extension?',
];

/**
 * The benches' baseline: Bolt with nothing behind it, on its own HTTP
 * receiver, acknowledging then echoing the text into the thread through the
 * same Web API stand-in. Whatever the bot costs on top is measured against it.
 */
export async function startBareBolt(standIn: SlackStandIn, signingSecret: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const receiver = new HTTPReceiver({ signingSecret, processBeforeResponse: false, logLevel: LogLevel.ERROR });
  const app = new App({
    receiver,
    token: CUSTOMER.botToken,
    logLevel: LogLevel.ERROR,
    convoStore: false,
    clientOptions: { slackApiUrl: standIn.apiUrl, timeout: 10_000, retryConfig: { retries: 5, factor: 2, minTimeout: 250, maxTimeout: 30_000 } },
  });
  app.event('app_mention', async ({ event, client }) => {
    await client.chat.postMessage({ channel: event.channel, thread_ts: event.ts, text: event.text });
  });
  const server = (await receiver.start(0)) as Server;
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/slack/events`, stop: () => receiver.stop() };
}
