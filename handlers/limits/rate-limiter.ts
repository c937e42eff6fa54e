import type { Database } from '../../db/database.js';

/** Questions per minute allowed per asker and per company; 0 turns that limit off. */
export interface RateLimitPolicy {
  /** New questions one person may ask per minute (default 10). */
  userPerMinute: number;
  /** New questions one company (tenant) may ask per minute (default 120). */
  tenantPerMinute: number;
}

export type RateLimitScope = 'user' | 'tenant';

export type RateLimitVerdict =
  | { limited: false }
  | { limited: true; scope: RateLimitScope; limit: number; count: number; retryAfterSeconds: number };

const WINDOW_SECONDS = 60;

/**
 * Fixed one-minute windows counted in PostgreSQL, so every bot process sees the
 * same counts: one atomic `INSERT … ON CONFLICT DO UPDATE … RETURNING count`
 * per scope. Windows start on the database clock unless a clock is given (tests).
 */
export class RateLimiter {
  constructor(
    private readonly db: Database,
    private readonly policy: RateLimitPolicy,
    private readonly clock?: () => Date,
  ) {}

  /** Counts one question of `userId` in `tenantId` and says whether it is over a limit (the person's first). */
  async hit(userId: string, tenantId: string): Promise<RateLimitVerdict> {
    const user = await this.bump('user', userId, this.policy.userPerMinute);
    if (user.limited) return user;
    // Someone over their own limit does not eat into the company's budget.
    return this.bump('tenant', tenantId, this.policy.tenantPerMinute);
  }

  private async bump(scope: RateLimitScope, key: string, limit: number): Promise<RateLimitVerdict> {
    if (limit <= 0) return { limited: false };
    const now = this.clock?.() ?? null;
    const r = await this.db.query<{ count: number; retry_after: string; fresh: boolean }>(
      `WITH t AS (SELECT COALESCE($3::timestamptz, now()) AS now)
       INSERT INTO rate_limits AS r (scope, key, window_start, count)
       SELECT $1, $2, to_timestamp(floor(extract(epoch FROM t.now) / ${WINDOW_SECONDS}) * ${WINDOW_SECONDS}), 1 FROM t
       ON CONFLICT (scope, key, window_start) DO UPDATE SET count = r.count + 1
       RETURNING r.count,
         extract(epoch FROM (r.window_start + interval '${WINDOW_SECONDS} seconds' - (SELECT now FROM t)))::text AS retry_after,
         (r.count = 1) AS fresh`,
      [scope, key, now],
    );
    const row = r.rows[0]!;
    if (row.fresh) {
      // A new window: the older windows of this key are no longer needed.
      await this.db.query(
        `DELETE FROM rate_limits WHERE scope = $1 AND key = $2
           AND window_start < COALESCE($3::timestamptz, now()) - interval '${WINDOW_SECONDS} seconds'`,
        [scope, key, now],
      );
    }
    const count = Number(row.count);
    if (count <= limit) return { limited: false };
    return { limited: true, scope, limit, count, retryAfterSeconds: Math.max(1, Math.ceil(Number(row.retry_after))) };
  }
}
