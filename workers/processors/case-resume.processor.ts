import type { ChatRegistry } from '../../handlers/chat-adapter.js';
import type { Logger } from '../../core/logger.js';
import { textCard } from '../../handlers/ask/answer-card.js';
import { continueNewQuestion } from '../../handlers/ask/handle-question.js';
import { CaseNotFoundError } from '../../handlers/errors.js';
import { t } from '../../core/i18n/t.js';
import type { HandlerServices } from '../../handlers/services.js';
import { UnrecoverableJobError } from '../errors.js';
import type { JobProcessor } from '../job-runner.js';

export interface CaseResumeDeps {
  /** The app's handler services (read when the job runs: the app builds them after the runner). */
  services: () => HandlerServices;
  chat: ChatRegistry;
  logger: Logger;
}

/**
 * Recorded by the sweep (UnansweredCaseScan) for a case still `new` CASE_RESUME_AFTER_MS after
 * its question opened it: the process handling it died between opening the case and answering.
 * The question is triaged and answered (or escalated) here, and the reply posted in the asker's
 * thread with an apology for the wait. The wait is far longer than any live handling can take (its
 * database-outage retries and model deadlines are bounded well below it), so a slow process is not
 * raced; a case answered meanwhile is left alone.
 */
export function caseResumeProcessor(deps: CaseResumeDeps): JobProcessor<'case.resume'> {
  return async (payload, ctx) => {
    const services = deps.services();
    const c = await services.cases.get(payload.caseId).catch((err: unknown) => {
      if (err instanceof CaseNotFoundError) throw new UnrecoverableJobError(`case ${payload.caseId} is gone`, err);
      throw err;
    });
    if (c.state !== 'new') return;
    if (!deps.chat.forRef(c.threadRef)) throw new UnrecoverableJobError(`no chat adapter runs here for ${c.threadRef}`);
    deps.logger.warn({ jobId: ctx.jobId, case: c.number }, 'question left unanswered by a process that stopped; answering it now');
    const replies = await continueNewQuestion(
      services,
      { kind: 'message', channel: c.channel, deliveryKey: `case-resume:${c.id}`, identity: `user:${c.askerUserId}`, threadRef: c.threadRef, text: c.question, langHint: c.lang },
      c,
    );
    await deps.chat.deliver([{ to: c.threadRef, card: textCard(t(c.lang, 'reply.resumedLate')) }, ...replies], (o, err) =>
      deps.logger.error({ to: o.to, case: c.number, err: (err as Error).message }, 'could not deliver a resumed answer; it is on the case timeline'),
    );
  };
}
