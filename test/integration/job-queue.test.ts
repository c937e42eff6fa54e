import { BullmqQueue } from '../../workers/bullmq-queue.js';
import { UnrecoverableJobError } from '../../workers/errors.js';
import { InProcessQueue } from '../../workers/in-process-queue.js';
import type { JobQueue } from '../../workers/job-queue.js';
import { JobRunner, type JobProcessors } from '../../workers/job-runner.js';
import { JobScheduler } from '../../workers/job-scheduler.js';
import { JobStore } from '../../workers/job-store.js';
import { JobSweeper } from '../../workers/job-sweeper.js';
import type { JobSpec } from '../../handlers/jobs.js';
import { createPostgresTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { memoryLogger } from '../helpers/logger.js';
import { flushPrefix, REDIS_URL, uniquePrefix } from '../helpers/redis.js';
import { until } from '../helpers/wait.js';

/** A processor that records what it ran and fails on demand. */
function recordingProcessors() {
  const ran: number[] = [];
  const ranAt = new Map<number, number>();
  const failuresLeft = new Map<number, number>();
  const processors: JobProcessors = {
    'escalation.notify': async (payload) => {
      const left = failuresLeft.get(payload.caseId) ?? 0;
      if (left > 0) {
        failuresLeft.set(payload.caseId, left - 1);
        throw new Error('transient failure');
      }
      if (payload.caseId < 0) throw new UnrecoverableJobError('bad payload');
      ran.push(payload.caseId);
      ranAt.set(payload.caseId, Date.now());
    },
    'escalation.timer': async () => undefined,
    'alert.open': async () => undefined,
    'alert.notify': async () => undefined,
    'oncall.page': async () => undefined,
    'ack.check': async () => undefined,
    'retention.run': async () => undefined,
    'held.answer': async () => undefined,
    'case.resume': async () => undefined,
    'reply.deliver': async () => undefined,
    'inbound.resume': async () => undefined,
    'clock.remind': async () => undefined,
    'dispatch.post': async () => undefined,
    'dispatch.timer': async () => undefined,
  };
  return { ran, ranAt, failuresLeft, processors };
}

let seq = 0;
function spec(caseId: number, delayMs = 0): JobSpec<'escalation.notify'> {
  return { id: `test-${Date.now()}-${++seq}`, name: 'escalation.notify', payload: { caseId, tier: 0, reason: 'escalated' }, runAt: new Date(Date.now() + delayMs) };
}


const QUEUE_KINDS = [
  ['BullMQ on Redis', (runner: JobRunner, prefix: string) => new BullmqQueue({ redisUrl: REDIS_URL, prefix }, runner, memoryLogger().logger)],
  ['in-process', (runner: JobRunner) => new InProcessQueue(runner, memoryLogger().logger)],
] as const;

describe.each(QUEUE_KINDS)('jobs on the %s queue', (_kind, makeQueue) => {
  let t: TestDatabase;
  let store: JobStore;
  let queue: JobQueue;
  let scheduler: JobScheduler;
  let rec: ReturnType<typeof recordingProcessors>;
  const prefix = uniquePrefix();

  beforeAll(async () => {
    t = await createPostgresTestDatabase();
    store = new JobStore(t.db);
    rec = recordingProcessors();
    queue = makeQueue(new JobRunner(store, rec.processors, memoryLogger().logger), prefix);
    scheduler = new JobScheduler(store, queue, memoryLogger().logger);
    await queue.start();
  });
  afterAll(async () => {
    await queue.close();
    await flushPrefix(prefix);
    await t.drop();
  });

  it('runs a recorded job once and marks it done', async () => {
    const s = spec(1);
    await scheduler.schedule(s);
    await until(async () => (await store.status(s.id)) === 'done');
    expect(rec.ran.filter((id) => id === 1)).toHaveLength(1);
  });

  it('runs a job dispatched three times only once', async () => {
    const s = spec(2);
    await scheduler.schedule(s);
    await queue.dispatch(s);
    await queue.dispatch(s);
    await until(async () => (await store.status(s.id)) === 'done');
    await new Promise((r) => setTimeout(r, 300));
    expect(rec.ran.filter((id) => id === 2)).toHaveLength(1);
  });

  it('waits for a delayed job', async () => {
    const s = spec(3, 600);
    await scheduler.schedule(s);
    await new Promise((r) => setTimeout(r, 200));
    expect(rec.ran).not.toContain(3);
    await until(async () => (await store.status(s.id)) === 'done');
  });

  it('retries a transient failure until it succeeds', async () => {
    rec.failuresLeft.set(4, 1);
    const s = spec(4);
    await scheduler.schedule(s);
    await until(async () => (await store.status(s.id)) === 'done');
    expect(rec.ran.filter((id) => id === 4)).toHaveLength(1);
  });

  it('runs 40 jobs dispatched together (grouped BullMQ jobs on Redis), each once, a failing one retried or failed alone', async () => {
    rec.failuresLeft.set(1005, 1);
    const specs = Array.from({ length: 40 }, (_, i) => spec(i === 7 ? -5 : 1000 + i));
    await store.recordAll(specs);
    await scheduler.dispatch(specs);
    if (queue instanceof BullmqQueue) {
      // Due-now jobs share BullMQ jobs (32 rows each): 2 for 40.
      const counts = await queue.bullQueue.getJobCounts('waiting', 'active', 'completed', 'failed', 'delayed');
      expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(2);
    }
    await until(async () => {
      const r = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM jobs WHERE id = ANY($1::text[]) AND status IN ('done', 'failed')", [specs.map((x) => x.id)]);
      return r.rows[0]!.n === 40;
    });
    await new Promise((r) => setTimeout(r, 300));
    for (let i = 0; i < 40; i++) if (i !== 7) expect(rec.ran.filter((id) => id === 1000 + i)).toHaveLength(1);
    expect(await store.status(specs[7]!.id)).toBe('failed');
    expect(await store.status(specs[5]!.id)).toBe('done');
  });

  it('runs 20 timers due together (one delayed group on Redis) none before its time', async () => {
    const at = Date.now() + 700;
    const specs = Array.from({ length: 20 }, (_, i) => ({ ...spec(2000 + i), runAt: new Date(at + i * 4) }));
    await store.recordAll(specs);
    await scheduler.dispatch(specs);
    const ranAt = rec.ranAt;
    await until(() => specs.every((_, i) => ranAt.has(2000 + i)));
    // Each ran once, and no earlier than it was due (a group waits for its latest row).
    for (let i = 0; i < 20; i++) {
      expect(rec.ran.filter((id) => id === 2000 + i)).toHaveLength(1);
      expect(ranAt.get(2000 + i)!).toBeGreaterThanOrEqual(at + i * 4);
    }
  });

  it('fails an unrecoverable job for good without retrying', async () => {
    const s = spec(-1);
    await scheduler.schedule(s);
    await until(async () => (await store.status(s.id)) === 'failed');
    const r = await t.db.query<{ attempts: number; last_error: string }>('SELECT attempts, last_error FROM jobs WHERE id = $1', [s.id]);
    expect(r.rows[0]).toEqual({ attempts: 1, last_error: 'bad payload' });
  });
});

describe('when Redis is unreachable or restarted empty', () => {
  let t: TestDatabase;
  let store: JobStore;
  const prefix = uniquePrefix();

  beforeAll(async () => {
    t = await createPostgresTestDatabase();
    store = new JobStore(t.db);
  });
  afterAll(async () => {
    await flushPrefix(prefix);
    await t.drop();
  });

  it('keeps the job pending in PostgreSQL, logs it, and delivers it once Redis is back', async () => {
    const rec = recordingProcessors();
    const log = memoryLogger();
    const runner = new JobRunner(store, rec.processors, log.logger);
    // Nothing listens on port 1: every Redis command fails.
    const down = new BullmqQueue({ redisUrl: 'redis://127.0.0.1:1', prefix, runWorker: false, closeTimeoutMs: 500, dispatchTimeoutMs: 500 }, runner, log.logger);
    const s = spec(10);
    await new JobScheduler(store, down, log.logger).schedule(s);
    expect(await store.status(s.id)).toBe('pending');
    expect(log.records().some((r) => r.msg === 'could not enqueue job; it stays pending for the sweep')).toBe(true);
    await down.close();

    const up = new BullmqQueue({ redisUrl: REDIS_URL, prefix }, runner, log.logger);
    await up.start();
    const swept = await new JobSweeper(store, up, log.logger, 1000).sweep();
    expect(swept).toBeGreaterThanOrEqual(1);
    await until(async () => (await store.status(s.id)) === 'done');
    expect(rec.ran).toEqual([10]);
    await up.close();
  });

  it('re-enqueues every pending job from PostgreSQL after Redis lost them, each delivered once', async () => {
    const rec = recordingProcessors();
    const log = memoryLogger();
    const runner = new JobRunner(store, rec.processors, log.logger);
    const producer = new BullmqQueue({ redisUrl: REDIS_URL, prefix, runWorker: false }, runner, log.logger);
    const specs = Array.from({ length: 20 }, (_, i) => spec(100 + i));
    const scheduler = new JobScheduler(store, producer, log.logger);
    for (const s of specs) await scheduler.schedule(s);
    await producer.close();
    expect(await flushPrefix(prefix)).toBeGreaterThan(0);

    const worker = new BullmqQueue({ redisUrl: REDIS_URL, prefix }, runner, log.logger);
    await worker.start();
    const sweeper = new JobSweeper(store, worker, log.logger, 1000);
    await sweeper.sweep();
    await sweeper.sweep();
    await until(async () => rec.ran.length >= 20);
    await new Promise((r) => setTimeout(r, 300));
    expect([...rec.ran].sort()).toEqual(specs.map((s) => s.payload.caseId).sort());
    await worker.close();
  });
});
