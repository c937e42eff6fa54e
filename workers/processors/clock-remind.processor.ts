import type { Logger } from '../../core/logger.js';
import type { Database } from '../../db/database.js';
import type { ChatRegistry } from '../../handlers/chat-adapter.js';
import type { CaseStore } from '../../handlers/cases/case-store.js';
import type { DirectoryStore } from '../../handlers/directory/directory-store.js';
import { CaseNotFoundError } from '../../handlers/errors.js';
import { reminderCard, reminderDue, tenantAdmins } from '../../handlers/legal/clock-reminders.js';
import { UnrecoverableJobError } from '../errors.js';
import type { JobProcessor } from '../job-runner.js';

export interface ClockRemindDeps {
  db: Database;
  cases: CaseStore;
  directory: DirectoryStore;
  chat: ChatRegistry;
  logger: Logger;
}

/**
 * A deadline reminder (PPC 速報 / 確報, the insurer's window): to the responders' thread of the
 * case (or the group's destination) and to each admin of the tenant, by direct message. Stale
 * (the due date moved, or the report was recorded as filed) or already sent: nothing. The job
 * lease gives one run per reminder whatever the number of processes; the `clock_reminded` event
 * carries the job id. Nothing is filed anywhere: a reminder only tells people.
 */
export function clockRemindProcessor(deps: ClockRemindDeps): JobProcessor<'clock.remind'> {
  return async (payload, ctx) => {
    const c = await deps.cases.get(payload.caseId).catch((err: unknown) => {
      if (err instanceof CaseNotFoundError) throw new UnrecoverableJobError(`case ${payload.caseId} is gone`, err);
      throw err;
    });
    if (!reminderDue(await deps.cases.events(c.id), payload, ctx.jobId)) return;
    const [group, tenant] = await Promise.all([deps.directory.groupForTenant(c.tenantId), deps.directory.getTenant(c.tenantId)]);
    const tenantName = tenant?.name ?? c.tenantId;
    const sent: string[] = [];
    const responders = c.responderThreadRef ?? group?.destination;
    const targets = [
      ...(responders ? [{ to: responders, lang: group?.lang ?? c.lang }] : []),
      ...(await tenantAdmins(deps.db, c.tenantId)).map((a) => ({ to: a.to, lang: a.lang })),
    ];
    for (const target of targets) {
      const adapter = deps.chat.forRef(target.to);
      if (!adapter) continue;
      await adapter.post(target.to, reminderCard(target.lang, c, tenantName, payload), { deliveryId: `${ctx.jobId}-${sent.length}` });
      sent.push(target.to);
    }
    if (sent.length === 0) deps.logger.warn({ case: c.number, deadline: payload.deadline }, 'deadline reminder reached nobody (no adapter for the responders or the admins)');
    await deps.cases.appendEvent(c.id, 'clock_reminded', { kind: 'system' }, { jobId: ctx.jobId, deadline: payload.deadline, stage: payload.stage, dueAt: payload.dueAt, to: sent });
  };
}
