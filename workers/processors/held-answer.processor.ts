import type { ChatRegistry } from '../../handlers/chat-adapter.js';
import type { Logger } from '../../core/logger.js';
import type { Database } from '../../db/database.js';
import { textCard } from '../../handlers/ask/answer-card.js';
import { InboundHandler } from '../../handlers/handle-inbound.js';
import { finishHeldAnswer, getHeld, heldPreview } from '../../handlers/limits/held-questions.js';
import { t } from '../../core/i18n/t.js';
import type { HandlerServices } from '../../handlers/services.js';
import { replyLang } from '../../knowledge/text/normalize.js';
import { UnrecoverableJobError } from '../errors.js';
import type { JobProcessor } from '../job-runner.js';

export interface HeldAnswerDeps {
  db: Database;
  /** The app's handler services (read when the job runs: the app builds them after the runner). */
  services: () => HandlerServices;
  chat: ChatRegistry;
  logger: Logger;
}

/**
 * Answers a question a rate limit held, through the core handler (InboundHandler.handle), as if
 * the asker had just sent it in the same thread: a new case, or a follow-up if a case has started
 * in that thread since. The handler gets the app's services without the rate limiter (someone
 * decided this question is answered now). Its delivery key is made from the row, so a retried
 * job never asks twice; the row moves `answering` → `answered` (with the case number) once.
 * The replies are posted to the asker's thread through the adapter of its platform, after a
 * line saying which earlier question this answers.
 */
export function heldAnswerProcessor(deps: HeldAnswerDeps): JobProcessor<'held.answer'> {
  return async (payload, ctx) => {
    const held = await getHeld(deps.db, payload.heldId);
    if (!held) throw new UnrecoverableJobError(`held question ${payload.heldId} is gone`);
    // Answered by an earlier delivery, or dismissed meanwhile.
    if (held.status !== 'answering') return;
    const fail = async (note: string): Promise<never> => {
      await finishHeldAnswer(deps.db, held.id, { status: 'failed', note });
      throw new UnrecoverableJobError(`held question ${held.id}: ${note}`);
    };

    const platform = held.threadRef.split(':', 1)[0]!;
    if (!deps.chat.forRef(held.threadRef)) return fail(`no ${platform} channel runs in the bot to answer in ${held.threadRef}`);
    const identity = await identityOn(deps.db, held.userId, held.threadRef);
    if (!identity) return fail(`the asker ${held.userId} has no ${platform} identity any more`);

    const services = deps.services();
    const asker = await services.directory.getUser(held.userId);
    const handler = new InboundHandler({ ...services, rateLimiter: undefined });
    const replies = await handler.handle({
      kind: 'message',
      channel: held.channel,
      deliveryKey: `held-answer:${held.id}`,
      identity,
      threadRef: held.threadRef,
      text: held.text,
      langHint: asker?.lang,
    });
    const c = await services.cases.findByThread(held.threadRef);
    // Refusals (the asker left the company, the text is now too long …) concern someone who is not here to see them.
    const shown = replies.filter((o) => !o.senderOnly);
    if (!c) {
      const refusal = replies.find((o) => o.senderOnly)?.card.blocks.map((b) => ('text' in b ? b.text : '')).join(' ');
      return fail(`the core handler did not take it${refusal ? `: ${refusal}` : ''}`);
    }
    if (shown.length > 0) {
      const lang = replyLang(held.text, asker?.lang);
      // A failure is logged, not thrown: the handler already recorded the case, and a retried job would not get the replies again.
      await deps.chat.deliver([{ to: held.threadRef, card: textCard(t(lang, 'rateLimit.heldAnswer', { text: heldPreview(held.text, 60) })) }, ...shown], (o, err) =>
        deps.logger.error({ to: o.to, err: (err as Error).message }, 'could not deliver the answer to a held question; it is on the case timeline'),
      );
    }
    await finishHeldAnswer(deps.db, held.id, { status: 'answered', caseNumber: c.number });
    deps.logger.info({ jobId: ctx.jobId, held: held.id, tenant: held.tenantId, case: c.number, replies: shown.length }, 'held question answered');
  };
}

/** The asker's identity on the thread's platform (the same workspace first, for Slack). */
async function identityOn(db: Database, userId: string, threadRef: string): Promise<string | null> {
  const [platform, space] = threadRef.split(':');
  const r = await db.query<{ identity: string }>(
    "SELECT identity FROM user_identities WHERE user_id = $1 AND starts_with(identity, $2 || ':') ORDER BY identity",
    [userId, platform],
  );
  const ids = r.rows.map((row) => row.identity);
  return ids.find((id) => id.split(':')[1] === space) ?? ids[0] ?? null;
}
