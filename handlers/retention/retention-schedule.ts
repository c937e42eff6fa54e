import { jobId, type JobSpec } from '../jobs.js';

/** Something that records and dispatches a job (the JobScheduler). */
export interface RetentionJobs {
  schedule(spec: JobSpec): Promise<void>;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The UTC day of a moment, `YYYY-MM-DD`. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** The UTC day after `day`. */
export function nextUtcDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return utcDay(d);
}

export function isUtcDay(day: string): boolean {
  return DAY.test(day) && !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) && utcDay(new Date(`${day}T00:00:00Z`)) === day;
}

/**
 * The retention run of one UTC day: due at 00:00 UTC (09:00 in Japan) of that day, with an id
 * made from the day only, so every bot process that schedules it records the same row once.
 */
export function retentionRunSpec(day: string): JobSpec<'retention.run'> {
  return { id: jobId('retention-run', day), name: 'retention.run', payload: { day }, runAt: new Date(`${day}T00:00:00Z`) };
}

/**
 * The day whose run comes after the run of `day`, seen at `now`: the next day, or today when
 * the run was delivered late (the bot was down over midnight), so a day is never skipped.
 */
export function dayAfterRun(day: string, now: Date): string {
  const next = nextUtcDay(day);
  const today = utcDay(now);
  return next > today ? next : today;
}

/**
 * Makes sure the daily runs exist (called at every start when RETENTION_DAYS is set): today's
 * (due at once if no process ran it yet) and tomorrow's. Recording is idempotent, so several
 * processes starting together record each day once, and a run already done is not redone.
 */
export async function ensureRetentionScheduled(jobs: RetentionJobs, now: Date = new Date()): Promise<JobSpec<'retention.run'>[]> {
  const today = utcDay(now);
  const specs = [retentionRunSpec(today), retentionRunSpec(nextUtcDay(today))];
  for (const spec of specs) await jobs.schedule(spec);
  return specs;
}
