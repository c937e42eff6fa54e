import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import type { Database } from '../../db/database.js';
import type { ChatRegistry } from '../../handlers/chat-adapter.js';
import type { CaseStore } from '../../handlers/cases/case-store.js';
import type { DirectoryStore } from '../../handlers/directory/directory-store.js';
import { escalationStepJobs, waitSeconds } from '../../handlers/escalation/escalation-jobs.js';
import { CaseNotFoundError } from '../../handlers/errors.js';
import type { JobSpec } from '../../handlers/jobs.js';
import { OnCallStore } from '../../handlers/oncall/oncall-store.js';
import { pageCard, pageJob } from '../../handlers/oncall/oncall-page.js';
import { onCallAt } from '../../handlers/oncall/rotation.js';
import { DEFAULT_TIERS } from '../../handlers/directory/directory-types.js';
import type { OnCallPolicy } from '../../handlers/services.js';
import { UnrecoverableJobError } from '../errors.js';
import type { JobProcessor } from '../job-runner.js';
import type { JobScheduler } from '../job-scheduler.js';

export interface OnCallPageDeps {
  db: Database;
  cases: CaseStore;
  directory: DirectoryStore;
  chat: ChatRegistry;
  jobs: JobScheduler;
  clock: Clock;
  policy: OnCallPolicy;
  logger: Logger;
}

/**
 * One page attempt: a direct message to whoever is on call now (override, else rotation), then
 * the next attempt after the first tier's wait, or — after the last attempt — the round's first
 * timer, which moves the case to the next tier the usual way. A case claimed (or acknowledged),
 * resolved, re-escalated or already moved on by a tier makes this a no-op; the job lease and the
 * `oncall_paged` event carrying the job id make one page per attempt whatever the number of processes.
 */
export function onCallPageProcessor(deps: OnCallPageDeps): JobProcessor<'oncall.page'> {
  const store = new OnCallStore(deps.db);
  return async (payload, ctx) => {
    const c = await deps.cases.get(payload.caseId).catch((err: unknown) => {
      if (err instanceof CaseNotFoundError) throw new UnrecoverableJobError(`case ${payload.caseId} is gone`, err);
      throw err;
    });
    if (c.state !== 'escalated' || c.escalationRound !== payload.round || c.escalationTier !== 0) return;
    const group = await deps.directory.groupForTenant(c.tenantId);
    if (!group) throw new UnrecoverableJobError(`tenant ${c.tenantId} has no responder group`);
    const now = deps.clock();
    const events = await deps.cases.events(c.id);
    const done = events.some((e) => e.type === 'oncall_paged' && e.data.jobId === ctx.jobId);
    if (!done) {
      const who = onCallAt(await store.rotation(group.id), await store.overrides(group.id, now), now);
      const target = who ? await store.pageTarget(who.userId) : null;
      const adapter = target ? deps.chat.forRef(target) : undefined;
      if (!who || !target || !adapter) {
        // Nobody to page: the timeline says so and the round goes on to the next tier without waiting for pages.
        await deps.cases.appendEvent(c.id, 'oncall_unreachable', { kind: 'system' }, { jobId: ctx.jobId, attempt: payload.attempt, userId: who?.userId ?? null, target });
        deps.logger.warn({ case: c.number, group: group.id, userId: who?.userId }, 'nobody on call can be paged; falling back to the escalation tiers');
        await recordNext(deps, [escalationStepJobs(c, group, 0, 'escalated', now).find((s) => s.name === 'escalation.timer')!]);
        return;
      }
      const person = await deps.directory.getUser(who.userId);
      const tenant = await deps.directory.getTenant(c.tenantId);
      await adapter.post(target, pageCard(c, tenant, payload.attempt, person?.lang ?? group.lang), { deliveryId: ctx.jobId });
      await deps.cases.appendEvent(c.id, 'oncall_paged', { kind: 'system' }, {
        jobId: ctx.jobId, attempt: payload.attempt, userId: who.userId, source: who.source, to: target,
      });
    }
    const wait = waitSeconds(group.tiers.length ? group.tiers : DEFAULT_TIERS, 0, c.severity) * 1000;
    const at = new Date(now.getTime() + wait);
    // Not acknowledged after this wait: page again, or after the last attempt let the round's timer move it to the next tier.
    const next: JobSpec =
      payload.attempt + 1 < deps.policy.pageAttempts
        ? pageJob(c.id, c.escalationRound, payload.attempt + 1, at)
        : escalationStepJobs(c, group, 0, 'escalated', now).find((s) => s.name === 'escalation.timer')!; // due at now + the tier's wait
    await recordNext(deps, [next]);
  };
}

async function recordNext(deps: Pick<OnCallPageDeps, 'db' | 'jobs'>, specs: JobSpec[]): Promise<void> {
  await deps.db.transaction(async (tx) => {
    for (const spec of specs) await deps.jobs.record(spec, tx);
  });
  await deps.jobs.dispatch(specs);
}
