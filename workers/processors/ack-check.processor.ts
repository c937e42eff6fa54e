import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import { textCard } from '../../handlers/ask/answer-card.js';
import type { ChatRegistry } from '../../handlers/chat-adapter.js';
import type { Outbound } from '../../handlers/cards.js';
import { escalateCase } from '../../handlers/escalation/escalate-case.js';
import { CaseNotFoundError, IllegalTransitionError } from '../../handlers/errors.js';
import { t } from '../../core/i18n/t.js';
import { decideAckCheck } from '../../handlers/oncall/ack-reminders.js';
import { policyOf } from '../../handlers/oncall/after-hours.js';
import { OnCallStore } from '../../handlers/oncall/oncall-store.js';
import type { HandlerServices } from '../../handlers/services.js';
import { neutralize } from '../../knowledge/text/neutralize.js';
import { UnrecoverableJobError } from '../errors.js';
import type { JobProcessor } from '../job-runner.js';

export interface AckCheckDeps {
  /** The app's handler services (read when the job runs: the app builds them after the runner). */
  services: () => HandlerServices;
  chat: ChatRegistry;
  clock: Clock;
  logger: Logger;
}

/**
 * A claimed case's holder has been silent: remind them (their page contact, else the case's
 * responders' thread), and later put the case back in the queue unclaimed, which re-notifies the
 * responders like any release. Both land on the case timeline (`ack_reminded`, `released` with
 * cause `ack_timeout`). A message from the holder to the asker meanwhile moves the deadlines.
 */
export function ackCheckProcessor(deps: AckCheckDeps): JobProcessor<'ack.check'> {
  return async (payload, ctx) => {
    const services = deps.services();
    const c = await services.cases.get(payload.caseId).catch((err: unknown) => {
      if (err instanceof CaseNotFoundError) throw new UnrecoverableJobError(`case ${payload.caseId} is gone`, err);
      throw err;
    });
    const policy = policyOf(services);
    const now = deps.clock();
    const decision = decideAckCheck(c, await services.cases.events(c.id), payload, policy, now);
    if (decision.kind === 'none') return;
    if (decision.kind === 'later') {
      await services.jobs.schedule(decision.next);
      return;
    }
    const group = await services.directory.groupForTenant(c.tenantId);
    const severity = c.severity ?? 'medium';
    const holder = await services.directory.getUser(payload.holderId);
    if (decision.kind === 'remind') {
      const pageTo = await new OnCallStore(services.db).pageTarget(payload.holderId);
      const to = pageTo && deps.chat.forRef(pageTo) ? pageTo : (c.responderThreadRef ?? group?.destination);
      const lang = (pageTo ? holder?.lang : group?.lang) ?? c.lang;
      const text = t(lang, 'oncall.ack.remind', {
        name: neutralize(holder?.displayName ?? payload.holderId),
        number: c.number,
        minutes: policy.ackRemindMinutes[severity],
        revert: policy.ackRevertMinutes[severity],
      });
      // Recorded first: a retry after a failed post finds the event and does not remind twice.
      await services.cases.appendEvent(c.id, 'ack_reminded', { kind: 'system' }, {
        holderId: payload.holderId, since: decision.since.toISOString(), minutes: policy.ackRemindMinutes[severity], to: to ?? null, jobId: ctx.jobId,
      });
      if (to) await deliver(deps, [{ to, card: textCard(text) }]);
      await services.jobs.schedule(decision.next);
      return;
    }
    try {
      const released = await escalateCase(services, c, { kind: 'system' }, 'released', {
        cause: 'ack_timeout', holderId: payload.holderId, since: decision.since.toISOString(), minutes: policy.ackRevertMinutes[severity],
      });
      const out: Outbound[] = [{ to: released.threadRef, card: textCard(t(released.lang, 'release.toAsker', { number: released.number })) }];
      const thread = released.responderThreadRef ?? group?.destination;
      if (thread) out.push({ to: thread, card: textCard(t(group?.lang ?? released.lang, 'oncall.ack.reverted', { number: released.number, minutes: policy.ackRevertMinutes[severity] })) });
      await deliver(deps, out);
    } catch (err) {
      // Released, resolved or claimed anew between the check and the change: nothing to revert.
      if (err instanceof IllegalTransitionError) return;
      throw err;
    }
  };
}

async function deliver(deps: AckCheckDeps, out: Outbound[]): Promise<void> {
  await deps.chat.deliver(out, (o, err) => deps.logger.warn({ to: o.to, err: (err as Error).message }, 'ack reminder could not be posted'));
}
