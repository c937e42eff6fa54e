import type { Config } from '../../core/config.js';
import type { Logger } from '../../core/logger.js';
import type { Metrics } from '../../handlers/metrics.js';
import type { Database } from '../../db/database.js';
import { retentionOptionsFromConfig, runRetention } from '../../handlers/retention/retention.js';
import { dayAfterRun, isUtcDay, retentionRunSpec, type RetentionJobs } from '../../handlers/retention/retention-schedule.js';
import { UnrecoverableJobError } from '../errors.js';
import type { JobProcessor } from '../job-runner.js';

export interface RetentionRunDeps {
  db: Database;
  /** RETENTION_DAYS / RETENTION_MODE / RETENTION_KEEP_REPORTS of this process. */
  retention: Config['retention'];
  jobs: RetentionJobs;
  logger: Logger;
  metrics?: Metrics;
  /** "Now", for tests. */
  now?: () => Date;
}

/**
 * The daily data-retention run. The next day's run is recorded first, so a run that fails (and
 * is retried, then given up) does not end the daily chain; recording is idempotent, so retries
 * and late deliveries do not add runs. The job row's lease makes one process run it; runRetention
 * itself skips cases already anonymised, so a second run of the same day changes nothing.
 * With RETENTION_DAYS unset (retention was turned off since the job was recorded), nothing runs
 * and no next run is scheduled.
 */
export function retentionRunProcessor(deps: RetentionRunDeps): JobProcessor<'retention.run'> {
  return async (payload, ctx) => {
    if (!isUtcDay(payload.day)) throw new UnrecoverableJobError(`retention.run: not a day: ${JSON.stringify(payload.day)}`);
    const options = retentionOptionsFromConfig({ retention: deps.retention });
    if (!options) {
      deps.logger.info({ jobId: ctx.jobId, day: payload.day }, 'retention is off (RETENTION_DAYS unset): run skipped, no next run scheduled');
      return;
    }
    const now = deps.now?.() ?? new Date();
    const next = retentionRunSpec(dayAfterRun(payload.day, now));
    await deps.jobs.schedule(next);
    const r = await runRetention(deps.db, { ...options, now });
    deps.metrics?.retained(r.mode, r.caseNumbers.length);
    deps.logger.info(
      {
        jobId: ctx.jobId,
        day: payload.day,
        mode: r.mode,
        days: options.days,
        cutoff: r.cutoff.toISOString(),
        cases: r.caseNumbers.length,
        events: r.events,
        reportsKept: r.reportsKept,
        runId: r.runId,
        next: next.payload.day,
      },
      'retention run finished',
    );
  };
}
