import type { Severity } from '../../knowledge/taxonomy.js';
import { jobId, type JobPayloads, type JobSpec } from '../jobs.js';
import type { CaseRecord } from '../cases/case-types.js';
import { DEFAULT_TIERS, type EscalationTier, type ResponderGroup } from '../directory/directory-types.js';

/** The tier that notification step `step` uses: steps past the last tier repeat the last one. */
export function tierFor(tiers: readonly EscalationTier[], step: number): EscalationTier {
  const list = tiers.length > 0 ? tiers : DEFAULT_TIERS;
  return list[Math.min(step, list.length - 1)]!;
}

export function waitSeconds(tiers: readonly EscalationTier[], step: number, severity: Severity | null): number {
  return tierFor(tiers, step).waitSeconds[severity ?? 'medium'];
}

/**
 * The two jobs of one notification step: post the card now, and check back
 * when the tier's wait runs out. Ids are deterministic per case, round and
 * step, so recording a step twice records it once.
 */
export function escalationStepJobs(
  c: CaseRecord,
  group: ResponderGroup | null,
  step: number,
  reason: JobPayloads['escalation.notify']['reason'],
  now = new Date(),
): JobSpec[] {
  const notify: JobSpec<'escalation.notify'> = {
    id: jobId('escalation-notify', c.id, 'r', c.escalationRound, 's', step),
    name: 'escalation.notify',
    payload: { caseId: c.id, tier: step, reason },
    runAt: now,
  };
  const wait = waitSeconds(group?.tiers ?? DEFAULT_TIERS, step, c.severity);
  const timer: JobSpec<'escalation.timer'> = {
    id: jobId('escalation-timer', c.id, 'r', c.escalationRound, 's', step),
    name: 'escalation.timer',
    payload: { caseId: c.id, round: c.escalationRound, step },
    runAt: new Date(now.getTime() + wait * 1000),
  };
  return [notify, timer];
}
