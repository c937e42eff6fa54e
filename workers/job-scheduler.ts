import type { Logger } from '../core/logger.js';
import type { Queryable } from '../db/database.js';
import type { JobQueue } from './job-queue.js';
import type { JobStore } from './job-store.js';
import type { JobScheduling, JobSpec } from '../handlers/jobs.js';
import { Batcher } from '../core/batcher.js';

/** Jobs handed to the queue in one exchange at most (BullMQ addBulk is one MULTI). */
const DISPATCH_CHUNK = 500;

/**
 * What handlers use to start background work: record the job in the caller's
 * transaction, then dispatch after commit. If the queue is down the job stays
 * pending in PostgreSQL and the sweep delivers it later: nothing is lost.
 */
export class JobScheduler implements JobScheduling {
  /** The jobs committed in one turn (a burst of escalations) go to the queue together. */
  private readonly batcher = new Batcher<JobSpec[], void>(async (lists) => {
    // Due-now jobs (cards) first, timers after: the queue's workers may start on them while the rest are still being added.
    await this.hand(lists.flat().sort((a, b) => a.runAt.getTime() - b.runAt.getTime()));
    return lists.map(() => undefined);
  });

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

  /** Resolves once the queue has them (or could not take them: then they stay pending for the sweep); never throws. */
  async dispatch(specs: JobSpec[]): Promise<void> {
    if (specs.length === 0) return;
    await this.batcher.load(specs);
  }

  private async hand(specs: JobSpec[]): Promise<void> {
    if (specs.length > 1 && this.queue.dispatchAll) {
      const dispatchAll = this.queue.dispatchAll.bind(this.queue);
      const chunks: JobSpec[][] = [];
      for (let i = 0; i < specs.length; i += DISPATCH_CHUNK) chunks.push(specs.slice(i, i + DISPATCH_CHUNK));
      await Promise.all(
        chunks.map(async (chunk) => {
          try {
            await dispatchAll(chunk);
          } catch (err) {
            this.logger.warn({ jobIds: chunk.map((s) => s.id), err: (err as Error).message }, 'could not enqueue jobs; they stay pending for the sweep');
          }
        }),
      );
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
