import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import type { Logger } from '../core/logger.js';
import { QueueUnavailableError } from './errors.js';
import type { JobQueue } from './job-queue.js';
import type { JobRunner } from './job-runner.js';
import type { JobSpec } from '../handlers/jobs.js';

/** Job rows dispatched together that share one BullMQ job at most (see BullmqQueue.dispatchAll). */
const GROUP_SIZE = 32;
/** … when due within this many milliseconds of the group's first. */
const GROUP_WINDOW_MS = 100;

export interface BullmqQueueOptions {
  redisUrl: string;
  /** Key prefix, so several deployments (or test files) share one Redis. */
  prefix: string;
  /** Queue name; one queue carries every job name. */
  name?: string;
  concurrency?: number;
  /** Whether this process also runs a worker (bot processes may only produce). */
  runWorker?: boolean;
  /** Deadline for closing: BullMQ's close waits for active jobs without a limit of its own. */
  closeTimeoutMs?: number;
  /**
   * Deadline for handing a job to Redis. ioredis queues commands while it
   * reconnects, so without one a dispatch to a Redis that is down never returns.
   */
  dispatchTimeoutMs?: number;
}

/**
 * BullMQ delivery. Retries and idempotency are the JobRunner's (PostgreSQL)
 * business: a BullMQ job only says "run job row X now"; the runner's lease
 * ignores duplicates and its release re-dispatches failed attempts.
 */
export class BullmqQueue implements JobQueue {
  readonly kind = 'bullmq' as const;
  private readonly queue: Queue;
  private worker?: Worker;
  private readonly connection: ConnectionOptions;

  constructor(
    private readonly options: BullmqQueueOptions,
    private readonly runner: JobRunner,
    private readonly logger: Logger,
  ) {
    const url = new URL(options.redisUrl);
    this.connection = {
      host: url.hostname,
      port: Number(url.port || 6379),
      username: url.username || undefined,
      password: url.password || undefined,
      db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : undefined,
      tls: url.protocol === 'rediss:' ? {} : undefined,
      // Workers block on Redis; BullMQ needs this unset for them.
      maxRetriesPerRequest: null,
    };
    this.queue = new Queue(options.name ?? 'jobs', { connection: this.connection, prefix: options.prefix });
    this.queue.on('error', (err) => this.logger.warn({ err: err.message }, 'queue connection error'));
  }

  /** The BullMQ queue itself, for the operators' dashboard. */
  get bullQueue(): Queue {
    return this.queue;
  }

  async start(): Promise<void> {
    if (this.options.runWorker === false) return;
    this.worker = new Worker(
      this.options.name ?? 'jobs',
      async (job) => {
        // One job row, or several due together (see dispatchAll): run side by side, so their
        // statements are shared (the stores batch what is asked for in the same turn).
        const ids = (job.data.ids as string[] | undefined) ?? [job.data.id as string];
        const settled = await Promise.allSettled(
          ids.map(async (id) => {
            const outcome = await this.runner.run(id);
            // A retry is re-dispatched as a new delayed BullMQ job with the row's next run time.
            if (outcome === 'retry') await this.redispatchRetry(id);
          }),
        );
        const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
        if (failed) throw failed.reason;
      },
      { connection: this.connection, prefix: this.options.prefix, concurrency: this.options.concurrency ?? 8 },
    );
    this.worker.on('error', (err) => this.logger.warn({ err: err.message }, 'worker connection error'));
  }

  async dispatch(spec: JobSpec): Promise<void> {
    await this.dispatchAll([spec]);
  }

  /**
   * One Redis exchange for all of them (addBulk: one MULTI), under the same deadline as one. Jobs
   * dispatched together travel in groups of up to GROUP_SIZE rows per BullMQ job when they are due
   * within GROUP_WINDOW_MS of each other (a burst's cards, now; their timers, minutes later): a
   * worker runs a group's rows side by side, each under its own lease, so a burst needs fewer
   * BullMQ round trips and its statements are shared. A group is delayed until its latest row is
   * due (a timer of a burst runs at most GROUP_WINDOW_MS late); a lone job, or one taken over, keeps a BullMQ job of its own.
   */
  async dispatchAll(specs: JobSpec[]): Promise<void> {
    const now = Date.now();
    const delayOf = (spec: JobSpec) => Math.max(0, spec.runAt.getTime() - now);
    const single = (spec: JobSpec) => ({
      name: spec.name,
      data: { id: spec.id },
      opts: { jobId: spec.takeover ? `${spec.id}-takeover${spec.takeover}` : spec.id, delay: delayOf(spec), removeOnComplete: true, removeOnFail: true },
    });
    const jobs: { name: string; data: Record<string, unknown>; opts: { jobId: string; delay: number; removeOnComplete: boolean; removeOnFail: boolean } }[] = [];
    let group: JobSpec[] = [];
    const close = () => {
      if (group.length === 1) jobs.push(single(group[0]!));
      else if (group.length > 1)
        jobs.push({
          name: 'group',
          data: { ids: group.map((s) => s.id) },
          opts: { jobId: `group-${group[0]!.id}-${group.length}`, delay: delayOf(group.at(-1)!), removeOnComplete: true, removeOnFail: true },
        });
      group = [];
    };
    // Soonest first: a worker may start on the cards while the timers are added.
    for (const spec of [...specs].sort((a, b) => a.runAt.getTime() - b.runAt.getTime())) {
      if (spec.takeover) {
        jobs.push(single(spec));
        continue;
      }
      if (group.length === GROUP_SIZE || (group.length > 0 && Math.max(now, spec.runAt.getTime()) - Math.max(now, group[0]!.runAt.getTime()) > GROUP_WINDOW_MS)) close();
      group.push(spec);
    }
    close();
    const adding = jobs.length === 1 ? this.queue.add(jobs[0]!.name, jobs[0]!.data, jobs[0]!.opts) : this.queue.addBulk(jobs);
    // If the deadline wins, the add may still land later: harmless, the job row's lease makes it run once.
    adding.catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        adding,
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('Redis did not answer in time')), this.options.dispatchTimeoutMs ?? 3000);
        }),
      ]);
    } catch (err) {
      throw new QueueUnavailableError(err);
    } finally {
      clearTimeout(timer);
    }
  }

  private async redispatchRetry(id: string): Promise<void> {
    // Same id would be ignored while the current BullMQ job still exists, so retries get a suffix.
    await this.queue.add('retry', { id }, { jobId: `${id}-r${Date.now()}`, delay: 1000, removeOnComplete: true, removeOnFail: true });
  }

  async depth(): Promise<number> {
    const counts = await this.queue.getJobCounts('waiting', 'delayed', 'active');
    return (counts.waiting ?? 0) + (counts.delayed ?? 0) + (counts.active ?? 0);
  }

  async close(): Promise<void> {
    const deadline = this.options.closeTimeoutMs ?? 10_000;
    const closing = Promise.allSettled([this.worker?.close(), this.queue.close()]);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([closing.then(() => false), new Promise<boolean>((r) => (timer = setTimeout(() => r(true), deadline)))]);
    clearTimeout(timer);
    if (timedOut) {
      this.logger.warn({ deadlineMs: deadline }, 'queue did not close in time; disconnecting');
      // A connection still trying to reach a Redis that is gone would keep the process alive.
      await Promise.allSettled([this.worker?.disconnect(), this.queue.disconnect()]);
    }
  }
}
