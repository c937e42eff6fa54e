import type { Database } from '../../db/database.js';
import { jobId, type JobProducer, type JobRecorder, type JobSpec } from '../jobs.js';

/** How many stale cases one scan takes up at most. */
const SCAN_LIMIT = 100;

/** The job that answers a question whose case is still `new` (its process died). */
export function resumeJob(caseId: number): JobSpec<'case.resume'> {
  return { id: jobId('case-resume', caseId), name: 'case.resume', payload: { caseId }, runAt: new Date() };
}

/**
 * Finds questions whose case has been `new` (opened, never answered) for
 * longer than any live handling takes: the process handling them died. Each
 * gets a `case.resume` job (one per case whatever the number of processes
 * scanning: the id is the case's), which the sweep then hands to the queue.
 * Run by every sweep; costs one indexed query, nothing per question.
 */
export class UnansweredCaseScan implements JobProducer {
  readonly name = 'unanswered cases';

  constructor(
    private readonly db: Database,
    private readonly jobs: JobRecorder,
    private readonly afterMs: number,
  ) {}

  /** Returns how many cases were found. */
  async produce(): Promise<number> {
    const r = await this.db.query<{ id: number }>(
      // A question still undone in the durable inbox is taken up whole by its inbound.resume job instead.
      // An alert case is `new` until its alert.open job escalates it: that job, not a question's resume, takes it up.
      `SELECT id FROM cases c WHERE state = 'new' AND channel <> 'alert' AND created_at < now() - ($1::int * interval '1 millisecond')
         AND NOT EXISTS (SELECT 1 FROM inbound_receipts r WHERE r.inbound IS NOT NULL AND r.done_at IS NULL AND r.inbound->>'threadRef' = c.thread_ref)
       ORDER BY created_at LIMIT $2`,
      [this.afterMs, SCAN_LIMIT],
    );
    for (const row of r.rows) await this.jobs.record(resumeJob(row.id));
    return r.rows.length;
  }
}
