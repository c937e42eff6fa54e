import type { Database } from '../../db/database.js';
import type { JobProducer } from '../jobs.js';

/**
 * Forgets accepted signatures older than twice the signing window: a request that old is
 * refused as stale anyway. Runs before each sweep (every JOB_SWEEP_INTERVAL_MS) in every
 * process; the DELETE is idempotent. Produces no jobs.
 */
export class AlertReplayPurge implements JobProducer {
  readonly name = 'alert-replay-purge';
  constructor(private readonly db: Database) {}

  async produce(): Promise<number> {
    await this.db.query("DELETE FROM alert_replays WHERE seen_at < now() - interval '10 minutes'");
    return 0;
  }
}
