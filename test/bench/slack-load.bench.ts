/**
 * An autocannon load test against the Slack HTTP receiver (loopback, bounded in
 * count and time): every request a freshly signed `event_callback` /
 * `app_mention` with its own event_id and message ts, 5 % of them Slack
 * redeliveries of a recent question (same body re-signed, `X-Slack-Retry-Num: 1`,
 * `X-Slack-Retry-Reason: http_timeout`), which must not be answered twice.
 *
 * For the whole bot (createApp on PostgreSQL + BullMQ, Bolt's HTTPReceiver on
 * the bot's own server at /slack/events) beside a bare Bolt app on the same
 * stand-in that only echoes the text into the thread (no dedupe: it answers a
 * redelivery again, which also shows the duplicate counter works):
 *
 * - burst: BURST requests over BURST_CONNECTIONS keep-alive connections, each
 *   sending its next request when the last one is acknowledged;
 * - sustained: a fixed SUSTAINED_RATE requests/s for SUSTAINED_SECONDS
 *   (autocannon's overallRate: each connection releases its quota at the start
 *   of every second, so the load comes in once-a-second waves).
 *
 * Each row: acknowledgements (autocannon: 2xx, non-2xx, errors/timeouts, ack
 * p50/p99/max), then, after a bounded wait, the replies at the Web API
 * stand-in: delivered / unique questions, duplicates (more than one reply in a
 * question's thread), lost (none), and sending → reply p50/p99. Target for the
 * bot: ack p99 < 3 s (Slack's deadline), nothing lost, nothing duplicated.
 *
 * `BENCH_SLACK_LOAD_RATE=N` (even) tries another sustained rate, `BENCH_SLACK_LOAD_CONNECTIONS=N`
 * another burst concurrency. `BENCH_SLACK_LOAD_PHASES=short,ack,burst,sustained` runs only those
 * phases, `BENCH_SLACK_LOAD_TARGETS=postgres,two,embedded,bare` only those targets (`two`: two bot
 * processes on the same PostgreSQL and Redis, the load split between them), and
 * `BENCH_BOT_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"` starts the bot processes with those
 * node options (a profile of the bot, written when it stops).
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import IORedis from 'ioredis';
import pg from 'pg';
import { slackLoad, type SlackLoadOptions, type SlackLoadResult } from '../helpers/slack-load.js';
import { CUSTOMER } from '../helpers/slack-payloads.js';
import { SlackStandIn } from '../helpers/slack-stand-in.js';
import { BENCH_QUESTIONS as QUESTIONS, startBareBolt } from '../helpers/bare-bolt.js';
import { startBotProcess, type BotProcess } from '../helpers/worker-process.js';
import type { Report, Rows } from './run-bench.js';

const WARMUP = 20;
/** Issue #16's burst: every ack within 1 s. */
const SHORT_BURST = 200;
const SHORT_BURST_ACK_TARGET_MS = 1000;
const BURST = 1000;
const BURST_CONNECTIONS = Number(process.env.BENCH_SLACK_LOAD_CONNECTIONS ?? 16);
const BURST_MAX_SECONDS = 90;
/**
 * Requests per second for the sustained phase. On this 2-core machine the bot answers 40–57 questions/s
 * at most (the burst, depending on what else runs); at 40/s its reply p50 was already 1.2 s, at 30/s
 * the reply p99 stays under ~0.75 s with a quarter to a half of the capacity in reserve.
 */
const SUSTAINED_RATE = Number(process.env.BENCH_SLACK_LOAD_RATE ?? 30);
/** Issue #16's sustained rate: ack p99 under 100 ms, whether or not the replies keep up. */
const ACK_RATE = 50;
const ACK_RATE_TARGET_MS = 100;
const SUSTAINED_SECONDS = 30;
/** Two requests per connection per second: the rate splits evenly, so every connection ends together. */
const SUSTAINED_CONNECTIONS = Math.max(1, Math.round(SUSTAINED_RATE / 2));
/** Every 20th request is a Slack redelivery (5 %). */
const RETRY_EVERY = 20;
const REPLY_WAIT_MS = 120_000;
const PHASES = new Set((process.env.BENCH_SLACK_LOAD_PHASES ?? 'short,ack,burst,sustained').split(',').map((p) => p.trim()));
const TARGETS = new Set((process.env.BENCH_SLACK_LOAD_TARGETS ?? 'postgres,two,embedded,bare').split(',').map((p) => p.trim()));
const BOT_NODE_ARGS = (process.env.BENCH_BOT_NODE_ARGS ?? '').split(' ').filter(Boolean);
const ACK_TARGET_MS = 3000;

const SECRET = 'bench-signing-secret';
const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = 'redis://127.0.0.1:6379';
const CHANNEL = 'C0LOAD';
const USERS = Array.from({ length: 10 }, (_, i) => `U0LOAD${String(i + 1).padStart(2, '0')}`);

/** One statement on the admin database, on a connection of its own (PostgreSQL may be restarted meanwhile). */
async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function dropKeys(prefix: string): Promise<void> {
  const redis = new IORedis(REDIS_URL, { maxRetriesPerRequest: 3 });
  redis.on('error', () => undefined);
  try {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}

function row(path: string, r: SlackLoadResult, verdict: string): Rows[number] {
  return {
    path,
    sent: r.sent,
    retries: r.retries,
    acked_2xx: r.acked2xx,
    non_2xx: r.non2xx,
    'errors/timeouts': `${r.errors}/${r.timeouts}`,
    ack_p50_ms: r.ackP50Ms,
    ack_p99_ms: r.ackP99Ms,
    ack_max_ms: r.ackMaxMs,
    req_per_s: Number(r.reqPerS.toFixed(1)),
    delivered: `${r.answered}/${r.questions}`,
    duplicates: r.duplicates,
    lost: r.ephemeralOnly ? `${r.lost} (${r.ephemeralOnly} ephemeral)` : String(r.lost),
    reply_p50_ms: Math.round(r.replyP50Ms),
    reply_p99_ms: Math.round(r.replyP99Ms),
    answered_per_s: Number(r.answeredPerS.toFixed(1)),
    verdict,
  };
}

/** The bot's target: every request acknowledged with 2xx, ack p99 under the phase's target (Slack's 3 s at most), every question answered exactly once. */
function verdict(r: SlackLoadResult, ackTargetMs = ACK_TARGET_MS): string {
  const misses = [
    r.ackP99Ms >= ackTargetMs ? `ack p99 ${r.ackP99Ms} ms ≥ ${ackTargetMs}` : '',
    r.acked2xx < r.sent ? `${r.sent - r.acked2xx} not acked` : '',
    r.lost ? `${r.lost} lost` : '',
    r.duplicates ? `${r.duplicates} duplicated` : '',
  ].filter(Boolean);
  return misses.length ? `MISSED: ${misses.join(', ')}` : 'ok';
}

export async function run(report: Report): Promise<void> {
  if (!Number.isInteger(SUSTAINED_RATE) || SUSTAINED_RATE < 2 || SUSTAINED_RATE % 2) throw new Error(`BENCH_SLACK_LOAD_RATE must be an even number ≥ 2, not ${SUSTAINED_RATE}`);
  if (!Number.isInteger(BURST_CONNECTIONS) || BURST_CONNECTIONS < 1 || BURST_CONNECTIONS > BURST) throw new Error(`BENCH_SLACK_LOAD_CONNECTIONS must be a whole number from 1 to ${BURST}`);
  const standIn = await SlackStandIn.start();
  standIn.addWorkspace(CUSTOMER);
  for (const id of USERS) standIn.addUser({ id, teamId: CUSTOMER.teamId, name: `Load ${id.slice(-2)}`, locale: 'ja-JP' });
  const name = `otasuke_load_${crypto.randomBytes(4).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const prefix = `oload_${crypto.randomBytes(4).toString('hex')}`;
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const bots: BotProcess[] = [];
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'otasuke-load-'));
  let bare: Awaited<ReturnType<typeof startBareBolt>> | undefined;
  try {
    const onPostgres = {
      DATABASE_URL: url.toString(),
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      HTTP_HOST: '127.0.0.1',
      CHANNEL: 'none',
      LOG_LEVEL: 'error',
      DB_POOL_MAX: '20',
      // Ten bench users send hundreds of questions: the rate limits would answer most with "please wait".
      RATE_LIMIT_USER_PER_MIN: '0',
      RATE_LIMIT_TENANT_PER_MIN: '0',
      SLACK_BOT_TOKEN: CUSTOMER.botToken,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: standIn.apiUrl,
    };
    const start = async (env: Record<string, string>): Promise<BotProcess> => {
      const p = await startBotProcess(env, 60_000, BOT_NODE_ARGS);
      bots.push(p);
      return p;
    };
    const targets: { path: string; url: string | string[]; bot: boolean }[] = [];
    // The bot runs as it does in production, `bot/main.ts` in a process of its own: its event loop
    // is not shared with autocannon's (which would add the load generator's waits to the bot's acks).
    if (TARGETS.has('postgres') || TARGETS.has('two')) {
      const first = await start(onPostgres);
      if (TARGETS.has('postgres')) targets.push({ path: 'Otasuke Bot (own process; PostgreSQL + BullMQ)', url: `${first.base}/slack/events`, bot: true });
      if (TARGETS.has('two')) {
        // A second process on the same database and queue: the load is split between the two.
        const second = await start(onPostgres);
        targets.push({ path: 'two Otasuke Bot processes (one PostgreSQL + BullMQ; load split)', url: [`${first.base}/slack/events`, `${second.base}/slack/events`], bot: true });
      }
    }
    if (TARGETS.has('embedded')) {
      // The default a newcomer runs: embedded PGlite (on its own thread), in-process jobs.
      const embedded = await start({
        DATA_DIR: dataDir,
        HTTP_HOST: '127.0.0.1',
        CHANNEL: 'none',
        LOG_LEVEL: 'error',
        RATE_LIMIT_USER_PER_MIN: '0',
        RATE_LIMIT_TENANT_PER_MIN: '0',
        SLACK_BOT_TOKEN: CUSTOMER.botToken,
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: standIn.apiUrl,
      });
      targets.push({ path: 'Otasuke Bot (own process; embedded PGlite + in-process jobs)', url: `${embedded.base}/slack/events`, bot: true });
    }
    if (TARGETS.has('bare')) {
      bare = await startBareBolt(standIn, SECRET);
      targets.push({ path: 'bare Bolt echo (bench process, no dedupe)', url: bare.url, bot: false });
    }
    const common = { signingSecret: SECRET, standIn, team: CUSTOMER, channel: CHANNEL, users: USERS, questions: QUESTIONS, replyWaitMs: REPLY_WAIT_MS };
    const phase = async (options: Omit<SlackLoadOptions, keyof typeof common | 'url'>, ackTargetMs = ACK_TARGET_MS): Promise<Rows> => {
      const rows: Rows = [];
      for (const t of targets) {
        const r = await slackLoad({ ...common, ...options, url: t.url });
        rows.push(row(t.path, r, t.bot ? verdict(r, ackTargetMs) : r.duplicates === r.retries ? `answers all ${r.retries} retries again` : '–'));
      }
      return rows;
    };

    // Warm-up: first contact of every user (users.info, registration), the search index, JIT, pools.
    await phase({ amount: WARMUP, connections: 4, maxSeconds: 30 });
    // The second process of `two` warms up too (its search index, JIT, pools).
    if (TARGETS.has('two')) await slackLoad({ ...common, amount: WARMUP, connections: 4, maxSeconds: 30, url: `${bots[1]!.base}/slack/events` });

    // Anything else busy on the two cores shows in every figure: the load average is part of the title.
    const load = (): string => `load avg ${os.loadavg()[0]!.toFixed(1)} before`;
    let before = load();
    if (PHASES.has('short')) report(
      `short burst: ${SHORT_BURST} signed app_mention requests, all at once (${SHORT_BURST} connections; ack target ${SHORT_BURST_ACK_TARGET_MS} ms; ${before})`,
      await phase({ amount: SHORT_BURST, connections: SHORT_BURST, maxSeconds: BURST_MAX_SECONDS, retryEvery: RETRY_EVERY }, SHORT_BURST_ACK_TARGET_MS),
    );
    before = load();
    if (PHASES.has('ack')) report(
      `acks at ${ACK_RATE} requests/s for ${SUSTAINED_SECONDS} s (ack target ${ACK_RATE_TARGET_MS} ms; replies may lag; ${before})`,
      await phase(
        { amount: ACK_RATE * SUSTAINED_SECONDS, connections: ACK_RATE / 2, overallRate: ACK_RATE, maxSeconds: SUSTAINED_SECONDS + 15, retryEvery: RETRY_EVERY },
        ACK_RATE_TARGET_MS,
      ),
    );
    before = load();
    if (PHASES.has('burst')) report(
      `burst: ${BURST} signed app_mention requests (${100 / RETRY_EVERY} % Slack retries), ${BURST_CONNECTIONS} connections, each sending on the last ack (autocannon, loopback; ${before})`,
      await phase({ amount: BURST, connections: BURST_CONNECTIONS, maxSeconds: BURST_MAX_SECONDS, retryEvery: RETRY_EVERY }),
    );
    before = load();
    if (PHASES.has('sustained')) report(
      `sustained: ${SUSTAINED_RATE} requests/s for ${SUSTAINED_SECONDS} s (${100 / RETRY_EVERY} % Slack retries), ${SUSTAINED_CONNECTIONS} connections (autocannon overallRate, loopback; ${before})`,
      await phase({
        amount: SUSTAINED_RATE * SUSTAINED_SECONDS,
        connections: SUSTAINED_CONNECTIONS,
        overallRate: SUSTAINED_RATE,
        maxSeconds: SUSTAINED_SECONDS + 15,
        retryEvery: RETRY_EVERY,
      }),
    );
  } finally {
    await bare?.stop().catch(() => undefined);
    for (const p of bots) await p.stop().catch(() => undefined);
    await standIn.close();
    await fs.rm(dataDir, { recursive: true, force: true });
    // Each clean-up on its own: Redis being restarted must not leave the database behind.
    await dropKeys(prefix).catch((err: unknown) => console.error(`slack-load: Redis keys ${prefix}* left behind: ${String(err)}`));
    await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}
