import type { Database, Queryable } from '../../db/database.js';
import { CaseStore } from '../../handlers/cases/case-store.js';
import type { Actor, CaseEvent } from '../../handlers/cases/case-types.js';
import type { Metrics } from '../../handlers/metrics.js';

/** Events that start an escalation round (the clock of time-to-claim starts at the latest). */
const ROUND_STARTS = ['escalated', 'reopened', 'released'];

/**
 * The case store with its timeline watched for metrics: every change writes an
 * event row through `appendEvent`, so escalations, claims and SLA breaches are
 * counted there without touching the escalation code. Counted when the row is
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

  override async appendEvent(caseId: number, type: string, actor: Actor, data: Record<string, unknown> = {}, q: Queryable = this.database): Promise<CaseEvent> {
    const event = await super.appendEvent(caseId, type, actor, data, q);
    if (type === 'escalated' || type === 'reopened') {
      // Same connection as the write: inside a transaction (PGlite has one connection) another one would wait on it.
      const r = await q.query<{ severity: string | null }>('SELECT severity FROM cases WHERE id = $1', [caseId]);
      this.metrics.escalation(r.rows[0]?.severity ?? 'unknown');
    } else if (type === 'claimed') {
      const r = await q.query<{ at: Date | null }>(
        'SELECT max(at) AS at FROM case_events WHERE case_id = $1 AND type = ANY($2::text[]) AND id < $3',
        [caseId, ROUND_STARTS, event.id],
      );
      const started = r.rows[0]?.at;
      if (started) this.metrics.timeToClaim((event.at.getTime() - new Date(started).getTime()) / 1000);
    } else if (type === 'tier_advanced') {
      this.metrics.slaBreach();
    }
    return event;
  }
}
