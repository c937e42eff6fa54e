import type { Queryable } from '../../db/database.js';
import type { CaseEvent, CaseRecord } from '../cases/case-types.js';
import { jobId, type JobPayloads, type JobSpec } from '../jobs.js';
import type { OnCallPolicy } from '../services.js';

type Stage = JobPayloads['ack.check']['stage'];

/** The check of `stage` for a holder, due at `dueAt`; deterministic id, so it is recorded once whoever records it. */
export function ackCheckJob(c: Pick<CaseRecord, 'id' | 'escalationRound'>, holderId: string, stage: Stage, since: Date, dueAt: Date): JobSpec<'ack.check'> {
  return {
    id: jobId('ack-check', c.id, 'r', c.escalationRound, stage, holderId, dueAt.getTime()),
    name: 'ack.check',
    payload: { caseId: c.id, round: c.escalationRound, holderId, stage, since: since.toISOString(), dueAt: dueAt.toISOString() },
    runAt: dueAt,
  };
}

/**
 * The holder's last sign of life: `since` (when they took the case, carried by the check) or
 * their latest message to the asker after it (its `at` on the app's clock). Reminders count from here.
 */
export function lastHolderActivity(events: readonly CaseEvent[], holderId: string, since: Date): Date {
  let last = since;
  for (const e of events) {
    if (e.type !== 'relayed_to_asker' || e.actorUserId !== holderId) continue;
    const at = typeof e.data.at === 'string' ? new Date(e.data.at) : e.at;
    if (at > last) last = at;
  }
  return last;
}

const minutes = (n: number) => n * 60_000;

/** The first reminder check of a newly claimed (or reassigned) case, recorded in the caller's transaction. */
export async function recordFirstAckCheck(
  jobs: { record(spec: JobSpec, tx: Queryable): Promise<void> },
  c: CaseRecord,
  holderId: string,
  policy: OnCallPolicy,
  now: Date,
  tx: Queryable,
): Promise<JobSpec> {
  const spec = ackCheckJob(c, holderId, 'remind', now, new Date(now.getTime() + minutes(policy.ackRemindMinutes[c.severity ?? 'medium'])));
  await jobs.record(spec, tx);
  return spec;
}

/** What a check finds: nothing to do, a later check to record, a reminder, or a revert. */
export type AckDecision =
  | { kind: 'none' }
  | { kind: 'later'; next: JobSpec<'ack.check'> }
  | { kind: 'remind'; since: Date; next: JobSpec<'ack.check'> }
  | { kind: 'revert'; since: Date };

/**
 * Decides a check from the case as it is now. A message from the holder since the check was
 * recorded moves the deadlines on (the check re-records itself for the new ones); a check of a
 * round, holder or state that has moved on does nothing.
 */
export function decideAckCheck(c: CaseRecord, events: readonly CaseEvent[], payload: JobPayloads['ack.check'], policy: OnCallPolicy, now: Date): AckDecision {
  if (c.state !== 'claimed' || c.assigneeUserId !== payload.holderId || c.escalationRound !== payload.round) return { kind: 'none' };
  const since = lastHolderActivity(events, payload.holderId, new Date(payload.since));
  const severity = c.severity ?? 'medium';
  const remindAt = new Date(since.getTime() + minutes(policy.ackRemindMinutes[severity]));
  const revertAt = new Date(since.getTime() + minutes(policy.ackRevertMinutes[severity]));
  if (now >= revertAt) return { kind: 'revert', since };
  if (now < remindAt) return { kind: 'later', next: ackCheckJob(c, payload.holderId, 'remind', since, remindAt) };
  const reminded = events.some((e) => e.type === 'ack_reminded' && e.data.since === since.toISOString() && e.data.holderId === payload.holderId);
  const next = ackCheckJob(c, payload.holderId, 'revert', since, revertAt);
  return reminded ? { kind: 'later', next } : { kind: 'remind', since, next };
}
