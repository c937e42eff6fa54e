import type { Clock } from '../../core/clock.js';
import type { Database } from '../../db/database.js';
import type { CaseStore } from '../../handlers/cases/case-store.js';
import type { DirectoryStore } from '../../handlers/directory/directory-store.js';
import { escalationStepJobs, tierFor } from '../../handlers/escalation/escalation-jobs.js';
import { CaseNotFoundError } from '../../handlers/errors.js';
import { UnrecoverableJobError } from '../errors.js';
import type { JobProcessor } from '../job-runner.js';
import type { JobScheduler } from '../job-scheduler.js';
import type { JobSpec } from '../../handlers/jobs.js';

export interface EscalationTimerDeps {
  db: Database;
  cases: CaseStore;
  directory: DirectoryStore;
  jobs: JobScheduler;
  /** When the next tier's wait starts from; default the machine's clock. */
  clock?: Clock;
}

/**
 * A tier's wait ran out. If nobody claimed the case in this round, move to the
 * next tier: re-notify and start that tier's timer (the last tier repeats).
 * A claim, release or resolve since then makes this a no-op.
 */
export function escalationTimerProcessor(deps: EscalationTimerDeps): JobProcessor<'escalation.timer'> {
  return async (payload) => {
    const c = await deps.cases.get(payload.caseId).catch((err: unknown) => {
      if (err instanceof CaseNotFoundError) throw new UnrecoverableJobError(`case ${payload.caseId} is gone`, err);
      throw err;
    });
    if (c.state !== 'escalated' || c.escalationRound !== payload.round || c.escalationTier !== payload.step) return;
    const group = await deps.directory.groupForTenant(c.tenantId);
    let specs: JobSpec[] = [];
    await deps.db.transaction(async (tx) => {
      const next = payload.step + 1;
      const advanced = await deps.cases.advanceTier(c.id, payload.round, payload.step, { tier: tierFor(group?.tiers ?? [], next).name }, tx);
      if (!advanced) return;
      specs = escalationStepJobs(advanced, group, next, 'renotify', deps.clock?.() ?? new Date());
      for (const spec of specs) await deps.jobs.record(spec, tx);
    });
    await deps.jobs.dispatch(specs);
  };
}
