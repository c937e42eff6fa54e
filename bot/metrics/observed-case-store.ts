import type { Database, Queryable } from '../../db/database.js';
import { CaseStore } from '../../handlers/cases/case-store.js';
import type { WrittenEvent } from '../../handlers/cases/case-store.js';
import type { CaseRecord } from '../../handlers/cases/case-types.js';
import type { Metrics } from '../../handlers/metrics.js';

/** Events that start an escalation round (the clock of time-to-claim starts at the latest). */
const ROUND_STARTS = ['escalated', 'reopened', 'released'];

/**
 * The case store with its timeline watched for metrics: every event row written (by
 * appendEvent or in the statement of a change) passes through `onEvents`, so escalations,
 * claims and SLA breaches are counted there without touching the escalation code. Counted when the row is
 * written, inside the caller's transaction (a rolled-back change still counts:
 * rare, and acceptable for monitoring).
 */
export class ObservedCaseStore extends CaseStore {
  constructor(
    private readonly database: Database,
    private readonly metrics: Metrics,
  ) {
    super(database);
  }

  protected override async onEvents(c: Pick<CaseRecord, 'id'> & Partial<CaseRecord>, written: WrittenEvent[], q: Queryable): Promise<void> {
    for (const event of written) {
      if (event.type === 'escalated' || event.type === 'reopened') {
        // The case as the escalation left it, when the change came with it; else read on the same
        // connection as the write (inside a transaction, PGlite has one connection: another would wait on it).
        const severity =
          c.severity !== undefined ? c.severity : (await q.query<{ severity: string | null }>('SELECT severity FROM cases WHERE id = $1', [c.id])).rows[0]?.severity;
        this.metrics.escalation(severity ?? 'unknown');
      } else if (event.type === 'claimed') {
        const r = await q.query<{ at: Date | null }>(
          'SELECT max(at) AS at FROM case_events WHERE case_id = $1 AND type = ANY($2::text[]) AND id < $3',
          [c.id, ROUND_STARTS, event.id],
        );
        const started = r.rows[0]?.at;
        if (started) this.metrics.timeToClaim((event.at.getTime() - new Date(started).getTime()) / 1000);
      } else if (event.type === 'tier_advanced') {
        this.metrics.slaBreach();
      }
    }
  }
}
