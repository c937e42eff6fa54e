import type { Logger } from '../core/logger.js';
import type { JobQueue } from './job-queue.js';
import type { JobRunner } from './job-runner.js';
import { JOB_RETRY, type JobSpec } from '../handlers/jobs.js';

/**
 * Runs the same job handlers inside the bot process with timers. Jobs survive a
 * restart only because they are recorded in PostgreSQL and swept at start; a
 * timer's exact moment does not (hence the warning at start).
 */
export class InProcessQueue implements JobQueue {
  readonly kind = 'in-process' as const;
  private readonly timers = new Map<string, { timer: NodeJS.Timeout; dueAt: number }>();
  private readonly running = new Set<Promise<unknown>>();
  private closed = false;

  constructor(
    private readonly runner: JobRunner,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    this.logger.warn('REDIS_URL is not set: jobs run in-process and are not durable across restarts until swept from the database');
  }

  async dispatch(spec: JobSpec): Promise<void> {
    if (this.closed || this.timers.has(spec.id)) return;
    this.schedule(spec.id, Math.max(0, spec.runAt.getTime() - Date.now()));
  }

  private schedule(id: string, delayMs: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(id);
      const p = this.runner
        .run(id)
        .then((outcome) => {
          if (outcome === 'retry' && !this.closed) this.schedule(id, JOB_RETRY.backoffMs);
        })
        .catch((err: unknown) => this.logger.error({ jobId: id, err: (err as Error).message }, 'job runner crashed'))
        .finally(() => this.running.delete(p));
      this.running.add(p);
    }, delayMs);
    timer.unref();
    this.timers.set(id, { timer, dueAt: Date.now() + delayMs });
  }

  async depth(): Promise<number> {
    return this.timers.size;
  }

  /**
   * Stops the timers. Jobs already due (an escalation just made) run before
   * returning, so a graceful stop does not postpone them to the next start.
   */
  async close(): Promise<void> {
    this.closed = true;
    const dueSoon: string[] = [];
    for (const [id, entry] of this.timers) {
      clearTimeout(entry.timer);
      if (entry.dueAt <= Date.now() + 1000) dueSoon.push(id);
    }
    this.timers.clear();
    await Promise.allSettled([...this.running]);
    for (const id of dueSoon) await this.runner.run(id).catch(() => undefined);
  }
}
