/**
 * Signed app_mention events per second, and the time from sending an event
 * to its reply reaching the Web API (p50/p99), for the whole bot (HTTP
 * receiver → dedupe → identity → triage → search → case rows → Block Kit →
 * chat.postMessage) on PostgreSQL + BullMQ, beside a bare Bolt app on the
 * same machine, stand-in and load, that only echoes the text into the thread.
 */
import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';
import IORedis from 'ioredis';
import pg from 'pg';
import { loadConfig } from '../../core/config.js';
import { createApp } from '../../bot/create-app.js';
import { createLogger } from '../../core/logger.js';
import { CUSTOMER, mentionEvent, nextTs } from '../helpers/slack-payloads.js';
import { SlackSender } from '../helpers/slack-signing.js';
import { SlackStandIn } from '../helpers/slack-stand-in.js';
import { BENCH_QUESTIONS as QUESTIONS, startBareBolt } from '../helpers/bare-bolt.js';
import type { Report } from './run-bench.js';

const EVENTS = 400;
const LIGHT_EVENTS = 100;
const WARMUP = 20;
const IN_FLIGHT = 16;
const SECRET = 'bench-signing-secret';
const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = 'redis://127.0.0.1:6379';
const CHANNEL = 'C0BENCH';

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

/** Sends EVENTS signed mentions, IN_FLIGHT at a time, and times each reply's arrival at the stand-in. */
async function load(standIn: SlackStandIn, sender: SlackSender, count: number, inFlight = IN_FLIGHT): Promise<Record<string, string | number>> {
  const sentAt = new Map<string, number>();
  const replies: number[] = [];
  let lastReply = 0;
  standIn.onMessage = (m) => {
    const t0 = m.threadTs ? sentAt.get(m.threadTs) : undefined;
    if (t0 === undefined) return;
    sentAt.delete(m.threadTs!);
    const now = performance.now();
    replies.push(now - t0);
    lastReply = now;
  };
  const acks: number[] = [];
  let next = 0;
  const start = performance.now();
  let lastAck = start;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < count) {
        const i = next++;
        const ts = nextTs();
        const payload = mentionEvent({ team: CUSTOMER, user: 'U0BENCH', channel: CHANNEL, text: QUESTIONS[i % QUESTIONS.length]!, ts });
        sentAt.set(ts, performance.now());
        const r = await sender.event(payload);
        if (r.status !== 200) throw new Error(`event refused: ${r.status}`);
        acks.push(r.ms);
        lastAck = performance.now();
        // One at a time means one conversation at a time: the next question waits for this answer.
        if (inFlight === 1) while (sentAt.has(ts)) await new Promise((res) => setTimeout(res, 1));
      }
    }),
  );
  const deadline = Date.now() + 120_000;
  while (replies.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  standIn.onMessage = undefined;
  const sorted = [...replies].sort((a, b) => a - b);
  const ackSorted = [...acks].sort((a, b) => a - b);
  return {
    n: count,
    events_per_s: Number(((count / (lastAck - start)) * 1000).toFixed(0)),
    answered_per_s: Number(((replies.length / ((lastReply || performance.now()) - start)) * 1000).toFixed(0)),
    ack_p99_ms: Number(percentile(ackSorted, 0.99).toFixed(1)),
    reply_p50_ms: Number(percentile(sorted, 0.5).toFixed(1)),
    reply_p99_ms: Number(percentile(sorted, 0.99).toFixed(1)),
    reply_max_ms: Number((sorted.at(-1) ?? NaN).toFixed(1)),
    delivered: `${replies.length}/${count}`,
  };
}

/** The same questions straight into the core's handler, IN_FLIGHT at a time: what Slack adds on top. */
async function coreOnly(app: Awaited<ReturnType<typeof createApp>>, count: number): Promise<Record<string, string | number>> {
  const latencies: number[] = [];
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < count) {
        const i = next++;
        const ts = nextTs();
        const t0 = performance.now();
        await app.handler.handle({
          kind: 'message',
          channel: 'slack',
          deliveryKey: `bench:${ts}`,
          identity: `slack:${CUSTOMER.teamId}:U0BENCH`,
          threadRef: `slack:${CUSTOMER.teamId}:${CHANNEL}:${ts}`,
          text: QUESTIONS[i % QUESTIONS.length]!,
        });
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const wall = performance.now() - start;
  const sorted = latencies.sort((a, b) => a - b);
  return {
    n: count,
    answered_per_s: Number(((count / wall) * 1000).toFixed(0)),
    reply_p50_ms: Number(percentile(sorted, 0.5).toFixed(1)),
    reply_p99_ms: Number(percentile(sorted, 0.99).toFixed(1)),
    reply_max_ms: Number((sorted.at(-1) ?? NaN).toFixed(1)),
    delivered: `${count}/${count}`,
  };
}

/** The bare Bolt baseline with a signed sender of its own. */
async function bareBolt(standIn: SlackStandIn): Promise<{ sender: SlackSender; stop: () => Promise<void> }> {
  const bolt = await startBareBolt(standIn, SECRET);
  return { sender: new SlackSender(bolt.url, SECRET), stop: bolt.stop };
}

export async function run(report: Report): Promise<void> {
  const standIn = await SlackStandIn.start();
  standIn.addWorkspace(CUSTOMER);
  standIn.addUser({ id: 'U0BENCH', teamId: CUSTOMER.teamId, name: 'Bench', locale: 'ja-JP' });
  const name = `otasuke_bench_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const prefix = `obench_${crypto.randomBytes(4).toString('hex')}`;
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const config = loadConfig({
    DATABASE_URL: url.toString(),
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    HTTP_PORT: '0',
    CHANNEL: 'none',
    DB_POOL_MAX: '20',
    // One bench user sends hundreds of questions: the per-user limit would answer most with "please wait".
    RATE_LIMIT_USER_PER_MIN: '0',
    RATE_LIMIT_TENANT_PER_MIN: '0',
    SLACK_BOT_TOKEN: CUSTOMER.botToken,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: standIn.apiUrl,
  });
  const app = await createApp(config, { logger: createLogger({ level: 'error' }) });
  const bare = await bareBolt(standIn);
  try {
    await app.start();
    const sender = new SlackSender(`http://127.0.0.1:${(app.http.server.address() as AddressInfo).port}/slack/events`, SECRET);
    // Warm-up: first-contact registration (users.info), the search index, JIT, connection pools.
    await load(standIn, sender, WARMUP);
    await load(standIn, bare.sender, WARMUP);
    const bot = await load(standIn, sender, EVENTS);
    const echo = await load(standIn, bare.sender, EVENTS);
    const core = await coreOnly(app, EVENTS);
    report(`burst: signed app_mention → reply at the Web API, ${EVENTS} events, ${IN_FLIGHT} in flight (PostgreSQL + BullMQ, HTTP receiver)`, [
      { path: 'Otasuke Bot (triage, search, case, Block Kit)', ...bot },
      { path: 'bare Bolt echo', ...echo },
      { path: 'core handler alone, no Slack (same questions)', ...core },
    ]);
    const botLight = await load(standIn, sender, LIGHT_EVENTS, 1);
    const echoLight = await load(standIn, bare.sender, LIGHT_EVENTS, 1);
    report(`one conversation at a time: ${LIGHT_EVENTS} events, each sent after the previous reply`, [
      { path: 'Otasuke Bot (triage, search, case, Block Kit)', ...botLight },
      { path: 'bare Bolt echo', ...echoLight },
    ]);
  } finally {
    await bare.stop().catch(() => undefined);
    await app.stop();
    await standIn.close();
    const redis = new IORedis(REDIS_URL);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
