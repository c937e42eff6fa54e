import type { Logger } from '../../core/logger.js';
import { escalateOpenedAlertCase } from '../../handlers/alerts/alert-open.js';
import { CaseNotFoundError } from '../../handlers/errors.js';
import type { HandlerServices } from '../../handlers/services.js';
import { UnrecoverableJobError } from '../errors.js';
import type { JobProcessor } from '../job-runner.js';

export interface AlertOpenDeps {
  /** The app's handler services (read when the job runs: the app builds them after the runner). */
  services: () => HandlerServices;
  logger: Logger;
}

/**
 * A device alert opened a case (committed with the vendor's severity and this job): triage its
 * words, escalate it and record the message to the person at the machine. A second run (a retry
 * after a crash, a duplicate delivery) finds the case escalated and does nothing.
 */
export function alertOpenProcessor(deps: AlertOpenDeps): JobProcessor<'alert.open'> {
  return async (payload, ctx) => {
    const outcome = await escalateOpenedAlertCase(deps.services(), payload.caseId, payload.alertId).catch((err: unknown) => {
      if (err instanceof CaseNotFoundError) throw new UnrecoverableJobError(`case ${payload.caseId} is gone`, err);
      throw err;
    });
    if (outcome === 'done') deps.logger.debug({ jobId: ctx.jobId, caseId: payload.caseId }, 'alert case already escalated');
  };
}
