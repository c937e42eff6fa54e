import type { Logger } from '../bot/logger.js';
import { UnrecoverableJobError } from './errors.js';
import type { JobStore } from './job-store.js';
import { JOB_RETRY, type JobName, type JobPayloads, type JobSpec } from './jobs.js';

/** What a processor gets besides its payload. */
export interface JobContext {
  jobId: string;
  attempt: number;
}

export type JobProcessor<N extends JobName> = (payload: JobPayloads[N], ctx: JobContext) => Promise<void>;
export type JobProcessors = { [N in JobName]: JobProcessor<N> };

export type RunOutcome = 'done' | 'skipped' | 'retry' | 'failed';

/** Told the outcome of every leased run (metrics); must not throw. */
export interface JobOutcomeObserver {
  jobOutcome(job: JobName, outcome: RunOutcome): void;
}

/**
 * Runs one recorded job by id, for either queue kind. The Postgres lease makes
 * a duplicate delivery a no-op; the error class decides retry or give up.
 */
export class JobRunner {
  constructor(
    private readonly store: JobStore,
    private readonly processors: JobProcessors,
    private readonly logger: Logger,
    private readonly observer?: JobOutcomeObserver,
  ) {}

  async run(id: string): Promise<RunOutcome> {
    const leased = await this.store.lease(id);
    if (!leased) return 'skipped';
    const { spec, attempt } = leased;
    const processor = this.processors[spec.name] as JobProcessor<JobName> | undefined;
    try {
      if (!processor) throw new UnrecoverableJobError(`No processor for job ${spec.name}`);
      await processor(spec.payload, { jobId: id, attempt });
      await this.store.complete(id);
      this.observer?.jobOutcome(spec.name, 'done');
      return 'done';
    } catch (err) {
      const permanent = err instanceof UnrecoverableJobError;
      const retryAt = new Date(Date.now() + JOB_RETRY.backoffMs * 2 ** Math.min(attempt - 1, 10));
      const status = await this.store.release(id, err instanceof Error ? err.message : String(err), permanent, retryAt);
      this.logger[status === 'failed' ? 'error' : 'warn'](
        { jobId: id, job: spec.name, attempt, err: (err as Error).message },
        status === 'failed' ? 'job failed for good' : 'job failed, will retry',
      );
      const outcome = status === 'failed' ? 'failed' : 'retry';
      this.observer?.jobOutcome(spec.name, outcome);
      return outcome;
    }
  }
}

export function describeJob(spec: JobSpec): string {
  return `${spec.name}#${spec.id}`;
}
