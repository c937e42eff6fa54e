/**
 * Escalation → notification latency for a burst of 1,000 escalations on
 * PostgreSQL + BullMQ, beside a bare BullMQ add → process round trip measured
 * in the same run on the same Redis.
 */
import crypto from 'node:crypto';
import os from 'node:os';
import { Queue, Worker } from 'bullmq';
import IORedis from 'ioredis';
import pg from 'pg';
import type { ChatAdapter } from '../../handlers/chat-adapter.js';
import { loadConfig } from '../../core/config.js';
import { createApp } from '../../bot/create-app.js';
import { createLogger } from '../../core/logger.js';
import type { Card } from '../../handlers/cards.js';
import { LOCAL_DEMO } from '../../handlers/directory/local-demo.js';
import { escalateCase } from '../../handlers/escalation/escalate-case.js';
import type { Report } from './run-bench.js';

const BURST = 1000;
/** Jobs the worker runs at once, for the bot (QUEUE_CONCURRENCY) and the bare peer alike: `BENCH_ESCALATION_CONCURRENCY`. */
const CONCURRENCY = Number(process.env.BENCH_ESCALATION_CONCURRENCY ?? 8);
const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = 'redis://127.0.0.1:6379';

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function summary(latencies: number[], wallMs: number): Record<string, string | number> {
  const s = [...latencies].sort((a, b) => a - b);
  return {
    n: s.length,
    p50_ms: Number(percentile(s, 0.5).toFixed(1)),
    p99_ms: Number(percentile(s, 0.99).toFixed(1)),
    max_ms: Number(s.at(-1)!.toFixed(1)),
    throughput_per_s: Number(((s.length / wallMs) * 1000).toFixed(0)),
  };
}

/** Posts nothing anywhere; remembers when each case's first card arrived. */
class TimingAdapter implements ChatAdapter {
  readonly platform = 'local';
  readonly firstCardAt = new Map<string, number>();
  async post(to: string, card: Card): Promise<{ threadRef: string }> {
    const text = card.blocks.map((b) => ('text' in b ? b.text : '')).join(' ');
    const number = /OT-\d{6}/.exec(text)?.[0];
    if (number && !this.firstCardAt.has(number)) this.firstCardAt.set(number, performance.now());
    return { threadRef: `${to}:${number}` };
  }
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
}

async function bareBullmq(prefix: string): Promise<Record<string, string | number>> {
  const connection = { host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null };
  const queue = new Queue('bare', { connection, prefix });
  const added = new Map<string, number>();
  const latencies: number[] = [];
  let done: () => void;
  const finished = new Promise<void>((r) => (done = r));
  const worker = new Worker(
    'bare',
    async (job) => {
      latencies.push(performance.now() - added.get(job.id!)!);
      if (latencies.length === BURST) done();
    },
    { connection, prefix, concurrency: CONCURRENCY },
  );
  await worker.waitUntilReady();
  const start = performance.now();
  await Promise.all(
    Array.from({ length: BURST }, async (_, i) => {
      added.set(`b${i}`, performance.now());
      await queue.add('x', { i }, { jobId: `b${i}`, removeOnComplete: true });
    }),
  );
  await finished;
  const wall = performance.now() - start;
  await worker.close();
  await queue.close();
  return summary(latencies, wall);
}

export async function run(report: Report): Promise<void> {
  const name = `otasuke_bench_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const prefix = `obench_${crypto.randomBytes(4).toString('hex')}`;
  const chat = new TimingAdapter();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const config = loadConfig({ DATABASE_URL: url.toString(), REDIS_URL, QUEUE_PREFIX: prefix, HTTP_PORT: '0', CHANNEL: 'none', DB_POOL_MAX: '20', QUEUE_CONCURRENCY: String(CONCURRENCY) });
  const app = await createApp(config, { logger: createLogger({ level: 'error' }), adapters: [chat] });
  try {
    await app.start();
    const cases = [];
    for (let i = 0; i < BURST; i++) {
      const c = await app.services.cases.create(
        { tenantId: LOCAL_DEMO.tenantId, askerUserId: LOCAL_DEMO.staff.id, lang: 'ja', channel: 'local', threadRef: `local:bench:${i}`, question: `ベンチマーク ${i}` },
        { kind: 'bot' },
      );
      cases.push(await app.services.cases.recordTriage(c.id, { category: 'ransomware', severity: 'critical' }, { kind: 'bot' }));
    }
    const escalatedAt = new Map<string, number>();
    const returned: number[] = [];
    const loadBefore = os.loadavg()[0]!.toFixed(1);
    const start = performance.now();
    await Promise.all(
      cases.map(async (c) => {
        escalatedAt.set(c.number, performance.now());
        await escalateCase(app.services, c, { kind: 'bot' }, 'triage');
        returned.push(performance.now() - escalatedAt.get(c.number)!);
      }),
    );
    const deadline = Date.now() + 300_000;
    while (chat.firstCardAt.size < BURST && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const committedWall = Math.max(...returned);
    const wall = performance.now() - start;
    const latencies = [...chat.firstCardAt.entries()].map(([n, t]) => t - escalatedAt.get(n)!);
    // A first, discarded burst warms the peer's code paths (queue.add one by one, which the bot no
    // longer uses much): the bot's burst came first, cold, so the peer is measured at its best.
    await bareBullmq(`${prefix}_warm`);
    const bare = await bareBullmq(`${prefix}_bare`);
    report(`escalation → first responder card, burst of ${BURST} (PostgreSQL + BullMQ, worker concurrency ${CONCURRENCY}; load avg ${loadBefore} before)`, [
      { path: 'escalateCase → card posted', ...summary(latencies, wall), delivered: `${chat.firstCardAt.size}/${BURST}` },
      // The first half alone: recorded in PostgreSQL and handed to BullMQ (escalateCase returned).
      { path: 'escalateCase returned', ...summary(returned, committedWall), delivered: `${returned.length}/${BURST}` },
      { path: 'bare BullMQ add → process', ...bare, delivered: `${bare.n}/${BURST}` },
    ]);
  } finally {
    await app.stop();
    const redis = new IORedis(REDIS_URL);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
