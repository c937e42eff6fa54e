import crypto from 'node:crypto';
import type { Database, Queryable } from '../db/database.js';
import { retryThroughOutage } from '../db/outage.js';
import { JOB_RETRY, jobRowsInsert, type JobName, type JobPayloads, type JobSpec } from '../handlers/jobs.js';
import { Batcher } from '../core/batcher.js';

interface JobRow {
  id: string;
  name: JobName;
  payload: JobPayloads[JobName];
  run_at: Date;
  attempts: number;
  status: string;
}

/** How long taking a lease waits out a database outage. */
const LEASE_OUTAGE_RETRY_MS = 30_000;

const toSpec = (r: JobRow): JobSpec => ({ id: r.id, name: r.name, payload: r.payload, runAt: new Date(r.run_at) } as JobSpec);

/** A job row leased to one runner for a while. */
export interface LeasedJob {
  spec: JobSpec;
  attempt: number;
}

/**
 * The `jobs` table. Idempotency lives here rather than in BullMQ: the lease is
 * an atomic UPDATE, so a job delivered twice (retry, stalled worker, two
 * sweeps) runs its processor once at a time and never after it is done.
 */
export class JobStore {
  /** Leases asked for in the same turn (a worker running several jobs at once) are taken in one statement. */
  private readonly leases = new Batcher<{ id: string; token: string }, JobRow | null>((asks) => this.leaseMany(asks));
  /** … and so are their completions. */
  private readonly completions = new Batcher<string, void>(async (ids) => {
    await this.db.query("UPDATE jobs SET status = 'done', finished_at = now(), lease_until = NULL, lease_token = NULL WHERE id = ANY($1::text[])", [ids]);
    return ids.map(() => undefined);
  });

  /** `leaseMs`: how long a running job is its runner's before another worker may take it over. */
  constructor(
    private readonly db: Database,
    private readonly leaseMs: number = JOB_RETRY.leaseMs,
  ) {}

  /** Records a job in the caller's transaction; a second record of the same id is ignored. */
  async record(spec: JobSpec, tx: Queryable = this.db): Promise<void> {
    await this.recordAll([spec], tx);
  }

  /** Records several jobs with one statement; ids already recorded are ignored. */
  async recordAll(specs: JobSpec[], tx: Queryable = this.db): Promise<void> {
    if (specs.length === 0) return;
    const params: unknown[] = [];
    await tx.query(jobRowsInsert('(SELECT 1) AS one', specs, params), params);
  }

  /**
   * Takes the job if it is pending (or its runner's lease ran out). A lease cut off by a database
   * outage is retried with the same token, so a lease that was granted but whose reply was lost
   * is recognised as ours rather than leaving the job 'running' for a whole lease.
   */
  async lease(id: string, leaseMs: number = this.leaseMs): Promise<LeasedJob | null> {
    const token = crypto.randomUUID();
    const retry = { retryMs: Math.min(leaseMs / 2, LEASE_OUTAGE_RETRY_MS) };
    let row: JobRow | null | undefined;
    if (leaseMs === this.leaseMs) {
      row = await retryThroughOutage(() => this.leases.load({ id, token }), retry);
    } else {
      const r = await retryThroughOutage(
        () =>
          this.db.query<JobRow>(
            `UPDATE jobs SET status = 'running', attempts = CASE WHEN lease_token IS NOT DISTINCT FROM $3 THEN attempts ELSE attempts + 1 END,
               lease_until = now() + ($2::int * interval '1 millisecond'), lease_token = $3
             WHERE id = $1 AND (status = 'pending' OR (status = 'running' AND (lease_until < now() OR lease_token = $3)))
             RETURNING id, name, payload, run_at, attempts, status`,
            [id, leaseMs, token],
          ),
        retry,
      );
      row = r.rows[0];
    }
    return row ? { spec: toSpec(row), attempt: row.attempts } : null;
  }

  /**
   * The leases of one turn in one statement, each ask with its own token (so a retry after an
   * outage still recognises its own lease). Asks for the same job in one batch: the UPDATE takes
   * the row once, for one of the tokens; the others get null, as a second racing lease would.
   */
  private async leaseMany(asks: { id: string; token: string }[]): Promise<(JobRow | null)[]> {
    const r = await this.db.query<JobRow & { lease_token: string }>(
      `UPDATE jobs j SET status = 'running', attempts = CASE WHEN j.lease_token IS NOT DISTINCT FROM a.token THEN j.attempts ELSE j.attempts + 1 END,
         lease_until = now() + ($3::int * interval '1 millisecond'), lease_token = a.token
       FROM unnest($1::text[], $2::text[]) AS a(id, token)
       WHERE j.id = a.id AND (j.status = 'pending' OR (j.status = 'running' AND (j.lease_until < now() OR j.lease_token = a.token)))
       RETURNING j.id, j.name, j.payload, j.run_at, j.attempts, j.status, j.lease_token`,
      [asks.map((a) => a.id), asks.map((a) => a.token), this.leaseMs],
    );
    const byToken = new Map(r.rows.map((row) => [row.lease_token, row]));
    return asks.map((a) => byToken.get(a.token) ?? null);
  }

  async complete(id: string, tx?: Queryable): Promise<void> {
    if (!tx) return this.completions.load(id);
    await tx.query("UPDATE jobs SET status = 'done', finished_at = now(), lease_until = NULL, lease_token = NULL WHERE id = $1", [id]);
  }

  /** Gives the job back for a later attempt, or fails it for good. */
  async release(id: string, error: string, permanent: boolean, retryAt: Date): Promise<'pending' | 'failed'> {
    const r = await this.db.query<{ status: 'pending' | 'failed' }>(
      `UPDATE jobs SET status = CASE WHEN $3::boolean OR attempts >= $4 THEN 'failed' ELSE 'pending' END,
         last_error = $2, lease_until = NULL, lease_token = NULL, run_at = $5,
         finished_at = CASE WHEN $3::boolean OR attempts >= $4 THEN now() ELSE NULL END
       WHERE id = $1 RETURNING status`,
      [id, error.slice(0, 2000), permanent, JOB_RETRY.maxAttempts, retryAt],
    );
    return r.rows[0]?.status ?? 'failed';
  }

  /** Cancels pending jobs (e.g. a claim stops the re-notify timers). */
  async cancel(ids: string[], tx: Queryable = this.db): Promise<number> {
    const r = await tx.query("UPDATE jobs SET status = 'cancelled', finished_at = now() WHERE id = ANY($1) AND status = 'pending'", [ids]);
    return r.rowCount;
  }

  /** Jobs that should be in a queue now or soon: pending, or running with an expired lease. */
  async due(horizon: Date, limit = 500): Promise<JobSpec[]> {
    const r = await this.db.query<JobRow>(
      `SELECT id, name, payload, run_at, attempts, status FROM jobs
       WHERE (status = 'pending' AND run_at <= $1) OR (status = 'running' AND lease_until < now())
       ORDER BY run_at LIMIT $2`,
      [horizon, limit],
    );
    return r.rows.map((row) => (row.status === 'running' ? { ...toSpec(row), takeover: row.attempts } : toSpec(row)));
  }

  async status(id: string): Promise<string | null> {
    const r = await this.db.query<{ status: string }>('SELECT status FROM jobs WHERE id = $1', [id]);
    return r.rows[0]?.status ?? null;
  }
}
