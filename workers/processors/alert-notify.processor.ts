import type { ChatRegistry } from '../../handlers/chat-adapter.js';
import type { Logger } from '../../core/logger.js';
import { notifyPersonAtMachine } from '../../handlers/alerts/notify-person.js';
import { CaseNotFoundError } from '../../handlers/errors.js';
import type { HandlerServices } from '../../handlers/services.js';
import { UnrecoverableJobError } from '../errors.js';
import type { JobProcessor } from '../job-runner.js';

export interface AlertNotifyDeps {
  services: () => HandlerServices;
  chat: ChatRegistry;
  logger: Logger;
}

/** A device alert opened a case: message the person at the machine (or the contact person). */
export function alertNotifyProcessor(deps: AlertNotifyDeps): JobProcessor<'alert.notify'> {
  return async (payload, ctx) => {
    const outcome = await notifyPersonAtMachine(deps.services(), deps.chat, payload.caseId).catch((err: unknown) => {
      if (err instanceof CaseNotFoundError) throw new UnrecoverableJobError(`case ${payload.caseId} is gone`, err);
      throw err;
    });
    if (outcome === 'unreachable') deps.logger.warn({ jobId: ctx.jobId, caseId: payload.caseId }, 'nobody to message about a device alert: no chat of theirs runs here');
  };
}
