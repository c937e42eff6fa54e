import type { Database } from '../../db/database.js';
import type { Lang } from '../../knowledge/text/normalize.js';
import type { Card } from '../cards.js';
import type { CaseEvent, CaseRecord } from '../cases/case-types.js';
import type { JobPayloads } from '../jobs.js';
import { clocksOf, dueOf } from './case-clocks.js';
import { LEGAL_DRAFTS_ACTION } from './clock-card.js';
import { jstMinute } from './legal-rules.js';
import { t } from '../../core/i18n/t.js';

type Payload = JobPayloads['clock.remind'];

/**
 * Whether a reminder is still called for: its deadline runs, with the due date it was recorded
 * for (the awareness time or the wrongful mark may have moved it), is not recorded as filed, and
 * this very job has not reminded yet (a retry after a crash between posting and recording may
 * post again; the event makes a finished one final).
 */
export function reminderDue(events: readonly CaseEvent[], payload: Payload, jobId: string): boolean {
  const due = dueOf(clocksOf(events), payload.deadline);
  if (!due || due.toISOString() !== payload.dueAt) return false;
  return !events.some((e) => e.type === 'clock_reminded' && e.data.jobId === jobId);
}

const WHICH: Record<Payload['deadline'], string> = { ppc_prelim: 'prelim', ppc_final: 'final', insurer: 'insurer' };

/** The reminder in the reader's language. */
export function reminderCard(lang: Lang, c: Pick<CaseRecord, 'number'>, tenantName: string, payload: Payload): Card {
  const params = { number: c.number, tenant: tenantName, what: t(lang, `legal.what.${payload.deadline}`), due: jstMinute(new Date(payload.dueAt)), which: WHICH[payload.deadline] };
  return {
    blocks: [{ kind: payload.stage === 'due' ? 'notice' : 'text', text: t(lang, payload.stage === 'due' ? 'legal.remind.due' : 'legal.remind.before', params) }],
    ...(payload.deadline !== 'insurer' ? { buttons: [{ actionId: LEGAL_DRAFTS_ACTION, label: t(lang, 'legal.button.drafts'), value: c.number }] } : {}),
  };
}

/** The tenant's admins and where a direct message reaches each (their first identity), with their language. */
export async function tenantAdmins(db: Database, tenantId: string): Promise<{ userId: string; lang: Lang; to: string }[]> {
  const r = await db.query<{ id: string; lang: Lang; identity: string | null }>(
    `SELECT u.id, u.lang, (SELECT identity FROM user_identities i WHERE i.user_id = u.id ORDER BY identity LIMIT 1) AS identity
     FROM users u WHERE u.tenant_id = $1 AND 'admin' = ANY(u.roles) ORDER BY u.id`,
    [tenantId],
  );
  return r.rows.filter((row) => row.identity).map((row) => ({ userId: row.id, lang: row.lang, to: row.identity! }));
}
