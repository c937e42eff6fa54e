import type { Logger } from '../core/logger.js';
import { retryThroughOutage } from '../db/outage.js';
import { UnrecoverableJobError } from './errors.js';
import type { JobStore } from './job-store.js';
import { JOB_RETRY, type JobName, type JobPayloads, type JobSpec } from '../handlers/jobs.js';

/** What a processor gets besides its payload. */
export interface JobContext {
  jobId: string;
  attempt: number;
  /**
   * Set by a processor whose last statement also marked its job done (one round trip fewer);
   * the runner then records nothing more. Only when nothing that could still fail follows it.
   */
  completed?: boolean;
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
    const ctx: JobContext = { jobId: id, attempt };
    try {
      if (!processor) throw new UnrecoverableJobError(`No processor for job ${spec.name}`);
      await processor(spec.payload, ctx);
    } catch (err) {
      return this.fail(spec, attempt, err);
    }
    if (ctx.completed) {
      this.observer?.jobOutcome(spec.name, 'done');
      return 'done';
    }
    // Done is done: recording it waits out a database restart, or the job would sit 'running'
    // until its lease ran out and then run (and maybe notify) again.
    try {
      await retryThroughOutage(() => this.store.complete(id), { retryMs: OUTCOME_OUTAGE_RETRY_MS });
    } catch (err) {
      this.logger.error({ jobId: id, job: spec.name, err: (err as Error).message }, 'job ran but could not be recorded as done; it runs again after its lease');
      this.observer?.jobOutcome(spec.name, 'retry');
      return 'retry';
    }
    this.observer?.jobOutcome(spec.name, 'done');
    return 'done';
  }

  private async fail(spec: JobSpec, attempt: number, err: unknown): Promise<RunOutcome> {
    const id = spec.id;
    const permanent = err instanceof UnrecoverableJobError;
    const retryAt = new Date(Date.now() + JOB_RETRY.backoffMs * 2 ** Math.min(attempt - 1, 10));
    const status = await retryThroughOutage(() => this.store.release(id, err instanceof Error ? err.message : String(err), permanent, retryAt), {
      retryMs: OUTCOME_OUTAGE_RETRY_MS,
    });
    this.logger[status === 'failed' ? 'error' : 'warn'](
      { jobId: id, job: spec.name, attempt, err: (err as Error).message },
      status === 'failed' ? 'job failed for good' : 'job failed, will retry',
    );
    const outcome = status === 'failed' ? 'failed' : 'retry';
    this.observer?.jobOutcome(spec.name, outcome);
    return outcome;
  }
}

/** How long recording a run's outcome waits out a database outage; below the lease, so nobody takes the job over meanwhile. */
const OUTCOME_OUTAGE_RETRY_MS = JOB_RETRY.leaseMs / 2;

export function describeJob(spec: JobSpec): string {
  return `${spec.name}#${spec.id}`;
}
