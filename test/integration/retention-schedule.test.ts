import { loadConfig } from '../../core/config.js';
import { createApp, type App } from '../../bot/create-app.js';
import type { Database } from '../../db/database.js';
import { BullmqQueue } from '../../workers/bullmq-queue.js';
import type { CaseRecord } from '../../handlers/cases/case-types.js';
import { ANONYMISED_MARKER } from '../../handlers/retention/retention.js';
import { dayAfterRun, ensureRetentionScheduled, nextUtcDay, retentionRunSpec, utcDay } from '../../handlers/retention/retention-schedule.js';
import type { JobSpec } from '../../handlers/jobs.js';
import { retentionRunProcessor } from '../../workers/processors/retention-run.processor.js';
import { createPgliteTestDatabase, createPostgresTestDatabase, type TestDatabase, fromTemplate } from '../helpers/databases.js';
import { memoryLogger } from '../helpers/logger.js';
import { flushPrefix, REDIS_URL, uniquePrefix } from '../helpers/redis.js';
import { caseInState, seedDirectory } from '../helpers/seed.js';
import { until } from '../helpers/wait.js';

interface JobRow {
  id: string;
  status: string;
  attempts: number;
  run_at: Date;
}

async function retentionJobs(db: Database): Promise<JobRow[]> {
  const r = await db.query<JobRow>("SELECT id, status, attempts, run_at FROM jobs WHERE name = 'retention.run' ORDER BY run_at");
  return r.rows;
}

/** A resolved case, made `ageDays` old (resolution and last change). */
async function resolvedCase(app: App, ageDays: number): Promise<CaseRecord> {
  const c = await caseInState(app.services.cases, 'resolved');
  await app.db.query(`UPDATE cases SET updated_at = now() - ($2 || ' days')::interval, resolved_at = now() - ($2 || ' days')::interval WHERE id = $1`, [
    c.id,
    String(ageDays),
  ]);
  return c;
}

/**
 * Waits until a BullMQ worker is connected. Closing one whose connection is still being set up
 * makes BullMQ emit "Connection is closed" with no listener left (an uncaught error).
 */
async function queueReady(app: App): Promise<void> {
  if (app.queue instanceof BullmqQueue) {
    const queue = app.queue.bullQueue;
    await until(async () => (await queue.getWorkers()).length > 0);
  }
}

type Setup = { env: Record<string, string>; cleanup: () => Promise<void> };

/** PostgreSQL + BullMQ on Redis (a database and a queue prefix of their own), or PGlite in memory + in-process jobs. */
const KINDS: [string, () => Promise<Setup>][] = [
  [
    'PostgreSQL and BullMQ',
    async () => {
      const t = await createPostgresTestDatabase({ knowledge: true });
      const prefix = uniquePrefix();
      return {
        env: { DATABASE_URL: t.url!, REDIS_URL, QUEUE_PREFIX: prefix },
        cleanup: async () => {
          await flushPrefix(prefix);
          await t.drop();
        },
      };
    },
  ],
  ['PGlite and in-process jobs', async () => ({ env: { DATA_DIR: 'memory://' }, cleanup: async () => undefined })],
];

describe.each(KINDS)('the daily retention job on %s', (_kind, setup) => {
  describe('with RETENTION_DAYS=30', () => {
    let s: Setup;
    let app: App;
    const log = memoryLogger('info');

    beforeAll(async () => {
      s = await setup();
      app = await createApp(await fromTemplate(loadConfig({ ...s.env, HTTP_PORT: '0', CHANNEL: 'none', RETENTION_DAYS: '30' })), { logger: log.logger });
    });
    afterAll(async () => {
      await app.stop();
      await s.cleanup();
    });

    it('anonymises a case resolved 40 days ago by itself, keeps a recent one, and schedules tomorrow', async () => {
      // Cases in place before the bot starts: nobody calls runRetention, the job does.
      const old = await resolvedCase(app, 40);
      const recent = await resolvedCase(app, 5);
      await app.start();

      await until(async () => (await app.services.cases.get(old.id)).question === ANONYMISED_MARKER);
      expect((await app.services.cases.get(recent.id)).question).toBe('テストの質問');
      const today = utcDay(new Date());
      const jobs = await until(async () => {
        const rows = await retentionJobs(app.db);
        return rows[0]?.status === 'done' && rows;
      });
      expect(jobs.map((j) => [j.id, j.status, j.attempts])).toEqual([
        [`retention-run-${today}`, 'done', 1],
        [`retention-run-${nextUtcDay(today)}`, 'pending', 0],
      ]);
      expect(new Date(jobs[1]!.run_at).toISOString()).toBe(`${nextUtcDay(today)}T00:00:00.000Z`);

      const runs = await app.db.query<{ mode: string; cases: number; case_numbers: string[] }>('SELECT mode, cases, case_numbers FROM retention_runs');
      expect(runs.rows).toEqual([{ mode: 'anonymise', cases: 1, case_numbers: [old.number] }]);
      expect(await app.metrics.registry.metrics()).toContain('otasuke_retention_cases_total{mode="anonymise"} 1');
      expect(log.records().find((r) => r.msg === 'retention run finished')).toMatchObject({ day: today, mode: 'anonymise', cases: 1, next: nextUtcDay(today) });
    });
  });

  describe('without RETENTION_DAYS', () => {
    it('records no retention job', async () => {
      const s = await setup();
      const app = await createApp(await fromTemplate(loadConfig({ ...s.env, HTTP_PORT: '0', CHANNEL: 'none' })), { logger: memoryLogger('silent').logger });
      try {
        const old = await resolvedCase(app, 400);
        await app.start();
        await app.sweeper.sweep();
        await queueReady(app);
        expect(await retentionJobs(app.db)).toEqual([]);
        expect((await app.services.cases.get(old.id)).question).toBe('テストの質問');
      } finally {
        await app.stop();
        await s.cleanup();
      }
    });
  });
});

describe.each([
  ['BullMQ', true],
  ['in-process jobs', false],
] as const)('two bot processes on one PostgreSQL database with %s', (_kind, bullmq) => {
  let t: TestDatabase;
  const apps: App[] = [];
  const prefix = uniquePrefix();

  beforeAll(async () => {
    t = await createPostgresTestDatabase({ knowledge: true });
    for (let i = 0; i < 2; i++) {
      const env = { DATABASE_URL: t.url!, HTTP_PORT: '0', CHANNEL: 'none', RETENTION_DAYS: '30', ...(bullmq ? { REDIS_URL, QUEUE_PREFIX: prefix } : {}) };
      apps.push(await createApp(await fromTemplate(loadConfig(env)), { logger: memoryLogger('silent').logger }));
    }
  });
  afterAll(async () => {
    for (const app of apps) await app.stop();
    await flushPrefix(prefix);
    await t.drop();
  });

  it('schedule each day once and run it once', async () => {
    const old = await resolvedCase(apps[0]!, 40);
    await Promise.all(apps.map((app) => app.start()));
    await until(async () => (await apps[0]!.services.cases.get(old.id)).question === ANONYMISED_MARKER);
    const today = utcDay(new Date());
    const jobs = await until(async () => {
      const rows = await retentionJobs(apps[0]!.db);
      return rows[0]?.status === 'done' && rows;
    });
    expect(jobs.map((j) => [j.id, j.status, j.attempts])).toEqual([
      [`retention-run-${today}`, 'done', 1],
      [`retention-run-${nextUtcDay(today)}`, 'pending', 0],
    ]);
    expect((await apps[0]!.db.query('SELECT 1 FROM retention_runs')).rows).toHaveLength(1);

    // A restart (a third start on the same database) finds both days there and adds nothing.
    await ensureRetentionScheduled(apps[1]!.services.jobs);
    await apps[1]!.sweeper.sweep();
    expect((await retentionJobs(apps[0]!.db)).map((j) => [j.id, j.status, j.attempts])).toEqual(jobs.map((j) => [j.id, j.status, j.attempts]));
  });
});

describe('the retention.run processor', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createPgliteTestDatabase();
    await seedDirectory(t.db);
  });
  afterAll(() => t.drop());

  function recorder(): { specs: JobSpec[]; schedule(spec: JobSpec): Promise<void> } {
    const specs: JobSpec[] = [];
    return { specs, schedule: async (spec) => void specs.push(spec) };
  }
  const on = { days: 30, mode: 'anonymise' as const, keepReports: false };

  it("schedules the next day's run, or today's when delivered a day late", async () => {
    const jobs = recorder();
    const now = new Date('2026-03-10T00:00:05Z');
    const run = retentionRunProcessor({ db: t.db, retention: on, jobs, logger: memoryLogger('silent').logger, now: () => now });
    await run({ day: '2026-03-10' }, { jobId: 'x', attempt: 1 });
    await run({ day: '2026-03-08' }, { jobId: 'y', attempt: 1 });
    expect(jobs.specs.map((s) => s.id)).toEqual(['retention-run-2026-03-11', 'retention-run-2026-03-10']);
    expect(jobs.specs[0]).toEqual(retentionRunSpec('2026-03-11'));
  });

  it('does nothing and schedules nothing once retention is turned off', async () => {
    const jobs = recorder();
    const run = retentionRunProcessor({ db: t.db, retention: { ...on, days: undefined }, jobs, logger: memoryLogger('silent').logger });
    await run({ day: utcDay(new Date()) }, { jobId: 'z', attempt: 1 });
    expect(jobs.specs).toEqual([]);
    expect((await t.db.query('SELECT 1 FROM retention_runs')).rows).toHaveLength(0);
  });

  it('refuses a payload that is not a day, for good', async () => {
    const run = retentionRunProcessor({ db: t.db, retention: on, jobs: recorder(), logger: memoryLogger('silent').logger });
    await expect(run({ day: '2026-02-30' }, { jobId: 'w', attempt: 1 })).rejects.toMatchObject({ code: 'JOB_UNRECOVERABLE' });
  });

  it('computes days in UTC across month and year ends', () => {
    expect(nextUtcDay('2025-12-31')).toBe('2026-01-01');
    expect(nextUtcDay('2028-02-28')).toBe('2028-02-29');
    expect(dayAfterRun('2026-01-01', new Date('2026-01-01T23:59:59Z'))).toBe('2026-01-02');
    expect(dayAfterRun('2025-12-20', new Date('2026-01-01T10:00:00Z'))).toBe('2026-01-01');
    expect(utcDay(new Date('2026-01-01T08:59:59+09:00'))).toBe('2025-12-31');
  });
});
