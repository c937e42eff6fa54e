import type { Logger } from '../core/logger.js';
import type { Queryable } from '../db/database.js';
import type { JobQueue } from './job-queue.js';
import type { JobStore } from './job-store.js';
import type { JobScheduling, JobSpec } from '../handlers/jobs.js';

/**
 * What handlers use to start background work: record the job in the caller's
 * transaction, then dispatch after commit. If the queue is down the job stays
 * pending in PostgreSQL and the sweep delivers it later: nothing is lost.
 */
export class JobScheduler implements JobScheduling {
  constructor(
    private readonly store: JobStore,
    private readonly queue: JobQueue,
    private readonly logger: Logger,
  ) {}

  record(spec: JobSpec, tx: Queryable): Promise<void> {
    return this.store.record(spec, tx);
  }

  recordAll(specs: JobSpec[], tx: Queryable): Promise<void> {
    return this.store.recordAll(specs, tx);
  }

  async dispatch(specs: JobSpec[]): Promise<void> {
    if (specs.length > 1 && this.queue.dispatchAll) {
      try {
        await this.queue.dispatchAll(specs);
      } catch (err) {
        this.logger.warn({ jobIds: specs.map((s) => s.id), err: (err as Error).message }, 'could not enqueue jobs; they stay pending for the sweep');
      }
      return;
    }
    for (const spec of specs) {
      try {
        await this.queue.dispatch(spec);
      } catch (err) {
        this.logger.warn({ jobId: spec.id, err: (err as Error).message }, 'could not enqueue job; it stays pending for the sweep');
      }
    }
  }

  /** Records and dispatches outside any transaction of the caller. */
  async schedule(spec: JobSpec): Promise<void> {
    await this.store.record(spec);
    await this.dispatch([spec]);
  }
}
