import type { Logger } from '../../core/logger.js';
import { jobId, type JobProducer, type JobRecorder, type JobSpec } from '../jobs.js';
import type { ReplyOutbox } from './reply-outbox.js';

/** The job that delivers a conversation's stranded replies (one per oldest row and attempt). */
export function replyDeliverJob(conversation: string, firstId: number, attempts: number): JobSpec<'reply.deliver'> {
  return { id: jobId('reply-deliver', firstId, attempts), name: 'reply.deliver', payload: { conversation }, runAt: new Date() };
}

/** The job that takes up an undone question of the inbox. */
export function inboundResumeJob(key: string): JobSpec<'inbound.resume'> {
  return { id: jobId('inbound-resume', key), name: 'inbound.resume', payload: { key }, runAt: new Date() };
}

/**
 * Run by every sweep: replies left pending past their lease get a `reply.deliver` job per
 * conversation. The live path records no job: a reply posted at once costs one insert and one update.
 */
export class StrandedReplyScan implements JobProducer {
  readonly name = 'stranded replies';

  constructor(
    private readonly outbox: ReplyOutbox,
    private readonly jobs: JobRecorder,
  ) {}

  async produce(): Promise<number> {
    const found = await this.outbox.stranded();
    for (const f of found) await this.jobs.record(replyDeliverJob(f.conversation, f.firstId, f.attempts));
    return found.length;
  }
}

/**
 * Run by every sweep: questions kept in the inbox whose replies are still not on record
 * `afterMs` after they arrived (longer than any live handling, database outages included) get
 * an `inbound.resume` job.
 */
export class UndoneInboundScan implements JobProducer {
  readonly name = 'undone questions';

  constructor(
    private readonly outbox: ReplyOutbox,
    private readonly jobs: JobRecorder,
    private readonly afterMs: number,
  ) {}

  async produce(): Promise<number> {
    const keys = await this.outbox.undoneInbound(this.afterMs);
    for (const key of keys) await this.jobs.record(inboundResumeJob(key));
    return keys.length;
  }
}

/**
 * Run by every sweep, at most once per `everyMs`: sent replies and finished jobs older than the
 * retention window are deleted. Records no job; returns 0 (nothing for the queue).
 */
export class Housekeeping implements JobProducer {
  readonly name = 'housekeeping';
  private last = 0;

  constructor(
    private readonly outbox: ReplyOutbox,
    private readonly retentionMs: number,
    private readonly logger: Logger,
    private readonly everyMs = 60_000,
  ) {}

  async produce(): Promise<number> {
    if (Date.now() - this.last < this.everyMs) return 0;
    this.last = Date.now();
    const r = await this.outbox.purge(this.retentionMs);
    if (r.replies + r.jobs > 0) this.logger.info(r, 'housekeeping: finished jobs and sent replies past their retention deleted');
    return 0;
  }
}
