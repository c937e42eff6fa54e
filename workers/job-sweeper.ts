import type { Logger } from '../core/logger.js';
import type { JobQueue } from './job-queue.js';
import type { JobStore } from './job-store.js';
import type { JobProducer } from '../handlers/jobs.js';


/**
 * Re-enqueues, from PostgreSQL, every job that is due (or whose runner died):
 * at start, so a Redis restarted empty loses nothing, and periodically, so a
 * dispatch that failed while Redis was away is delivered once it is back.
 */
export class JobSweeper {
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<number>;

  constructor(
    private readonly store: JobStore,
    private readonly queue: JobQueue,
    private readonly logger: Logger,
    private readonly intervalMs: number,
    private readonly producers: JobProducer[] = [],
  ) {}

  /** One pass; returns how many jobs were handed to the queue. */
  async sweep(): Promise<number> {
    if (this.sweeping) return this.sweeping;
    this.sweeping = (async () => {
      for (const producer of this.producers) {
        const found = await producer.produce().catch((err: unknown) => {
          this.logger.warn({ producer: producer.name, err: (err as Error).message }, 'job producer failed; the sweep goes on');
          return 0;
        });
        if (found > 0) this.logger.warn({ producer: producer.name, found }, 'sweep recorded jobs');
      }
      // Look ahead one interval so delayed jobs are in the queue before they are due.
      const due = await this.store.due(new Date(Date.now() + this.intervalMs));
      let dispatched = 0;
      for (const spec of due) {
        try {
          await this.queue.dispatch(spec);
          dispatched++;
        } catch (err) {
          this.logger.warn({ err: (err as Error).message }, 'sweep could not reach the queue; will try again');
          break;
        }
      }
      if (dispatched > 0) this.logger.info({ dispatched }, 'swept pending jobs into the queue');
      return dispatched;
    })().finally(() => {
      this.sweeping = undefined;
    });
    return this.sweeping;
  }

  start(): void {
    this.timer = setInterval(() => {
      this.sweep().catch((err: unknown) => this.logger.warn({ err: (err as Error).message }, 'job sweep failed'));
    }, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.sweeping?.catch(() => undefined);
  }
}
