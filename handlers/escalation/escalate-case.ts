import type { Queryable } from '../../db/database.js';
import type { JobSpec } from '../jobs.js';
import type { CaseAction } from '../cases/case-state-machine.js';
import type { Actor, CaseRecord } from '../cases/case-types.js';
import type { HandlerServices } from '../services.js';
import { escalationStepJobs } from './escalation-jobs.js';
import { decideAfterHours, nowOf, planAfterHours } from '../oncall/after-hours.js';
import { OnCallStore } from '../oncall/oncall-store.js';
import { Batcher, ItemFailed } from '../../core/batcher.js';
import type { Database } from '../../db/database.js';
import type { CaseStore, TransitionOptions } from '../cases/case-store.js';
import type { OfficeHours } from '../oncall/office-hours.js';
import type { ResponderGroup } from '../directory/directory-types.js';

type Route = { group: ResponderGroup | null; hours: OfficeHours | null };
type TransitionItem = { caseId: number; action: CaseAction; options: TransitionOptions };

/** Escalations arriving in the same turn read their routes in one statement (per database). */
const routeBatchers = new WeakMap<Database, Batcher<string, Route>>();
/** … and are written in one statement (per case store): group commit, see CaseStore.tryTransitionMany. */
const transitionBatchers = new WeakMap<CaseStore, Batcher<TransitionItem, CaseRecord | null>>();

function routeOf(services: HandlerServices, tenantId: string): Promise<Route> {
  let batcher = routeBatchers.get(services.db);
  if (!batcher) {
    const store = new OnCallStore(services.db);
    batcher = new Batcher<string, Route>(async (tenantIds) => {
      const routes = await store.routesWithHours(tenantIds);
      return tenantIds.map((id) => routes.get(id) ?? { group: null, hours: null });
    });
    routeBatchers.set(services.db, batcher);
  }
  return batcher.load(tenantId);
}

function transitionOf(services: HandlerServices, item: TransitionItem): Promise<CaseRecord | null> {
  let batcher = transitionBatchers.get(services.cases);
  if (!batcher) {
    const cases = services.cases;
    batcher = new Batcher<TransitionItem, CaseRecord | null>(async (items) => {
      try {
        return await cases.tryTransitionMany(items);
      } catch (err) {
        // The statement wrote nothing: each item alone, so one that cannot be written fails only its own caller.
        if (items.length === 1) throw err;
        const settled = await Promise.allSettled(items.map((i) => cases.tryTransition(i.caseId, i.action, i.options)));
        return settled.map((s) => (s.status === 'fulfilled' ? s.value : new ItemFailed(s.reason)));
      }
    }, 250);
    transitionBatchers.set(services.cases, batcher);
  }
  return batcher.load(item);
}

export type EscalationReason = 'triage' | 'asker_request' | 'severity_raised' | 'no_answer' | 'reopened' | 'released' | 'device_alert';

/**
 * Moves a case to `escalated` (a new escalation round) and records the
 * notification and its timer in the same transaction, then dispatches them.
 * If the process dies between the two, the job rows are still pending and the
 * sweep delivers them: no escalation is lost.
 */
export async function escalateCase(
  services: HandlerServices,
  c: CaseRecord,
  actor: Actor,
  reason: EscalationReason,
  data: Record<string, unknown> = {},
): Promise<CaseRecord> {
  // The group and its office hours in one read, the escalation in one statement: two round trips,
  // each shared with the escalations of the same turn (a burst is a few statements, not two per case).
  const { group, hours } = await routeOf(services, c.tenantId);
  const fast = await escalateInOneStatement(services, c, actor, reason, data, group, hours);
  if (fast) {
    await services.jobs.dispatch(fast.specs);
    return fast.escalated;
  }
  let specs: JobSpec[] = [];
  const escalated = await services.db.transaction(async (tx) => {
    const recorded = await recordEscalation(services, c, actor, reason, data, tx, group);
    specs = recorded.specs;
    return recorded.escalated;
  });
  await services.jobs.dispatch(specs);
  return escalated;
}

/**
 * The escalation as one statement (state change, its events, its jobs: atomic, one round trip
 * instead of a transaction of five or six), built for the round that follows the one `c` is in.
 * Null when the case is no longer as `c` says (another process moved it on): nothing was
 * written, and the caller takes the transactional path, which reads the case afresh.
 */
async function escalateInOneStatement(
  services: HandlerServices,
  c: CaseRecord,
  actor: Actor,
  reason: EscalationReason,
  data: Record<string, unknown>,
  group: Awaited<ReturnType<HandlerServices['directory']['groupForTenant']>>,
  hours: Awaited<ReturnType<OnCallStore['hours']>>,
): Promise<{ escalated: CaseRecord; specs: JobSpec[] } | null> {
  const action = actionFor(reason);
  const next: CaseRecord = {
    ...c,
    state: 'escalated',
    escalationRound: c.escalationRound + 1,
    escalationTier: 0,
    ...(action === 'release' ? { assigneeUserId: null } : {}),
  };
  const afterHours = decideAfterHours(services, next, hours);
  let specs = escalationStepJobs(next, group, 0, stepReason(reason), nowOf(services));
  // Outside office hours a critical or high case pages the on-call responder before the round's first timer runs.
  if (afterHours?.page) specs = [...specs.filter((s) => s.name !== 'escalation.timer'), afterHours.page];
  const escalated = await transitionOf(services, { caseId: c.id, action, options: {
    actor,
    data: { reason, ...data },
    patch: { escalationTier: 0, ...(action === 'release' ? { assigneeUserId: null } : {}) },
    expectVersion: c.version,
    events: afterHours ? [{ type: 'after_hours', actor: { kind: 'system' }, data: { ...afterHours.record } }] : [],
    jobs: specs,
  } });
  if (!escalated) return null;
  if (!group) services.logger.error({ case: escalated.number, tenant: escalated.tenantId }, 'tenant has no responder group: escalation cannot be delivered');
  return { escalated, specs };
}

const actionFor = (reason: EscalationReason): CaseAction => (reason === 'reopened' ? 'reopen' : reason === 'released' ? 'release' : 'escalate');
const stepReason = (reason: EscalationReason): 'escalated' | 'reopened' | 'released' =>
  reason === 'reopened' ? 'reopened' : reason === 'released' ? 'released' : 'escalated';

/**
 * The state change and the notification jobs of an escalation, inside the caller's
 * transaction (a device alert opens its case and escalates it in one commit); the caller
 * dispatches the returned jobs after the commit.
 */
export async function recordEscalation(
  services: HandlerServices,
  c: CaseRecord,
  actor: Actor,
  reason: EscalationReason,
  data: Record<string, unknown>,
  tx: Queryable,
  group: Awaited<ReturnType<HandlerServices['directory']['groupForTenant']>>,
): Promise<{ escalated: CaseRecord; specs: JobSpec[] }> {
  const action = actionFor(reason);
  const updated = await services.cases.transition(c.id, action, {
    actor,
    tx,
    data: { reason, ...data },
    patch: { escalationTier: 0, ...(action === 'release' ? { assigneeUserId: null } : {}) },
  });
  const specs = await recordSteps(services, updated, 0, stepReason(reason), tx, group);
  if (!group) services.logger.error({ case: updated.number, tenant: updated.tenantId }, 'tenant has no responder group: escalation cannot be delivered');
  return { escalated: updated, specs };
}

async function recordSteps(
  services: HandlerServices,
  c: CaseRecord,
  step: number,
  reason: 'escalated' | 'renotify' | 'reopened' | 'released',
  tx: Queryable,
  group: Awaited<ReturnType<HandlerServices['directory']['groupForTenant']>>,
): Promise<JobSpec[]> {
  let specs = escalationStepJobs(c, group, step, reason, nowOf(services));
  // Outside office hours a critical or high case pages the on-call responder before the round's first timer runs.
  if (step === 0) {
    const after = await planAfterHours(services, c, group, tx);
    if (after?.page) specs = [...specs.filter((s) => s.name !== 'escalation.timer'), after.page];
  }
  await services.jobs.recordAll(specs, tx);
  return specs;
}

/** Cancels the pending re-notify timers and on-call pages of a case (claimed, resolved). */
export async function cancelEscalationTimers(tx: Queryable, caseId: number): Promise<number> {
  const r = await tx.query(
    `UPDATE jobs SET status = 'cancelled', finished_at = now()
     WHERE name IN ('escalation.timer', 'oncall.page') AND status = 'pending' AND (payload->>'caseId')::bigint = $1`,
    [caseId],
  );
  return r.rowCount;
}

/**
 * Severity rose on a case that is already waiting for a responder: post the
 * card again now (with the new severity) and restart the timer with the new
 * severity's wait. The old timer finds the step moved on and does nothing.
 */
export async function renotifyNow(services: HandlerServices, c: CaseRecord, data: Record<string, unknown>): Promise<void> {
  if (c.state !== 'escalated') return;
  const group = await services.directory.groupForTenant(c.tenantId);
  let specs: JobSpec[] = [];
  await services.db.transaction(async (tx) => {
    const advanced = await services.cases.advanceTier(c.id, c.escalationRound, c.escalationTier, { ...data, reason: 'severity_raised' }, tx);
    if (!advanced) return;
    specs = await recordSteps(services, advanced, advanced.escalationTier, 'renotify', tx, group);
  });
  await services.jobs.dispatch(specs);
}
