import { jobId, type JobSpec } from '../../workers/jobs.js';
import type { CaseRecord, Actor } from '../cases/case-types.js';
import type { HandlerServices } from '../services.js';

export type EscalationReason = 'triage' | 'asker_request' | 'severity_raised' | 'no_answer' | 'reopened';

/**
 * Moves a case to `escalated` and records the notification job in the same
 * transaction, then dispatches it. If the process dies between the two, the
 * job row is still pending and the sweep delivers it: no escalation is lost.
 */
export async function escalateCase(
  services: HandlerServices,
  c: CaseRecord,
  actor: Actor,
  reason: EscalationReason,
  data: Record<string, unknown> = {},
): Promise<CaseRecord> {
  let spec: JobSpec<'escalation.notify'> | undefined;
  const escalated = await services.db.transaction(async (tx) => {
    const updated = await services.cases.transition(c.id, reason === 'reopened' ? 'reopen' : 'escalate', {
      actor,
      tx,
      data: { reason, ...data },
      patch: { escalationTier: 0 },
    });
    spec = {
      id: jobId('escalation-notify', updated.id, 'v', updated.version),
      name: 'escalation.notify',
      payload: { caseId: updated.id, tier: 0, reason: reason === 'reopened' ? 'reopened' : 'escalated' },
      runAt: new Date(),
    };
    await services.jobs.record(spec, tx);
    return updated;
  });
  await services.jobs.dispatch([spec!]);
  return escalated;
}
