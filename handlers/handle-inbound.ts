import { ARTICLE_OPEN_ACTION } from './ask/answer-card.js';
import { ASK_ACCEPT_ACTION, ASK_DISMISS_ACTION, decideProposal, proposeAsk } from './kb/ask-proposals.js';
import { openArticle, parseArticleOpenValue } from './ask/open-article.js';
import { PAGE_ACK_ACTION } from './oncall/oncall-page.js';
import { acknowledgePage } from './oncall/page-ack.js';
import { randomUUID } from 'node:crypto';
import { toOtasukeError } from '../core/errors.js';
import { DatabaseOutageError } from '../db/errors.js';
import { isDatabaseOutage, retryThroughOutage } from '../db/outage.js';
import { detectLang, type Lang } from '../knowledge/text/normalize.js';
import { textCard } from './ask/answer-card.js';
import { continueNewQuestion, handleFollowUp, handleNewQuestion, replayAnswer } from './ask/handle-question.js';
import type { Outbound } from './cards.js';
import type { CaseRecord } from './cases/case-types.js';
import type { User } from './directory/directory-types.js';
import { CaseNotFoundError, concealCaseFrom, InvalidInputError, UnknownIdentityError } from './errors.js';
import { handleFeedback } from './feedback/handle-feedback.js';
import type { Inbound, InboundAction, InboundCommand, InboundMessage } from './inbound.js';
import { handleIntakeAnswer, parseIntakeValue } from './intake/handle-intake-answer.js';
import { INTAKE_ACTION_ID } from './intake/intake-card.js';
import { handleKbCommand } from './kb/handle-kb-command.js';
import { limitQuestionRate } from './limits/question-rate.js';
import { handleReportCommand } from './report/handle-report-command.js';
import { RECLASSIFY_ACTION } from './escalation/escalation-card.js';
import { reclassifyCase } from './escalation/reclassify-case.js';
import { assertResponderFor } from './escalation/responder-access.js';
import { saveResolutionDraft } from './escalation/save-resolution-draft.js';
import {
  claimCase,
  reassignCase,
  relayToAsker,
  releaseCase,
  reopenCase,
  resolveCase,
} from './escalation/responder-actions.js';
import { t } from '../core/i18n/t.js';
import { readerLang } from './directory/reader-lang.js';
import type { HandlerServices } from './services.js';
import { takeReceipt } from './delivery-receipts.js';
import { QuestionSlots } from './question-slots.js';
import { LLM_CONSENT_OFF_ACTION, LLM_CONSENT_ON_ACTION, switchOwnLlmConsent } from './directory/llm-consent.js';
import { handleClockAction, insurerCommand, legalCommand } from './legal/legal-actions.js';
import { DISPATCH_CANCEL_ACTION, DISPATCH_POST_ACTIONS, DISPATCH_REQUEST_ACTION } from './dispatch/dispatch-card.js';
import { cancelCaseDispatch, cancelDispatchPress } from './dispatch/dispatch-cancel.js';
import { dispatchCommand, handleDispatchPress, requestDispatch } from './dispatch/dispatch-actions.js';

const CASE_COMMANDS = new Set(['claim', 'release', 'resolve', 'reassign', 'reply', 'reclassify', 'fits', 'legal', 'insurer', 'dispatch']);

/**
 * The one entry point every adapter calls. Drops duplicate deliveries (shared
 * through PostgreSQL, so several bot processes agree), routes to the handler,
 * and turns any error into a translated reply: a person never sees a stack trace.
 */
export class InboundHandler {
  /** Questions past their receipt, at most this many at once per process (see QuestionSlots). */
  private readonly questionSlots: QuestionSlots;

  constructor(private readonly services: HandlerServices) {
    this.questionSlots = new QuestionSlots(services.policy.questionConcurrency ?? 16);
  }

  async handle(inbound: Inbound): Promise<Outbound[]> {
    if (inbound.kind !== 'message' || !this.services.metrics) return this.dispatch(inbound);
    // Answer latency: the whole handling of a message, whatever the outcome.
    const started = performance.now();
    try {
      return await this.dispatch(inbound);
    } finally {
      this.services.metrics.answerDuration(inbound.channel, (performance.now() - started) / 1000);
    }
  }

  /**
   * Like handle, for replies produced after the platform was acknowledged: a question is kept
   * with its receipt (the durable inbox) until its replies are on record, and the replies shown
   * to everyone come back as rows of the reply outbox (`outboxId`), which the caller marks sent
   * once posted. Whatever is left undone (the process died, the database stayed away) the sweep
   * takes up again: an undone question by an `inbound.resume` job, an unsent row by `reply.deliver`.
   * `resume`: the stored claim of an undone question taken up again by the sweep.
   * `throwOnOutage`: a question the database was too far gone to even keep (no receipt) throws
   * DatabaseOutageError instead of asking the person to resend, for a caller that can hold it.
   */
  async handleDurably(inbound: Inbound, resume?: { claim: string }, opts: { throwOnOutage?: boolean } = {}): Promise<Outbound[]> {
    const outbox = this.services.outbox;
    if (!outbox) return this.handle(inbound);
    const started = performance.now();
    try {
      const { replies, outcome, claim } = await this.run(inbound, { claim: resume?.claim, inbox: true, resumed: !!resume });
      // A duplicate is someone else's; a question cut off by an outage stays undone for the sweep.
      if (resume && (outcome === 'kept' || outcome === 'outage')) throw new DatabaseOutageError(new Error('database unreachable while resuming a question'));
      if (outcome === 'outage' && opts.throwOnOutage && inbound.kind === 'message') throw new DatabaseOutageError(new Error('database unreachable before the question could be kept'));
      if (outcome !== 'handled') return replies;
      try {
        return await outbox.record(inbound.deliveryKey, inbound.threadRef, resume ? [{ to: inbound.threadRef, card: textCard(t(await this.resumedLang(inbound), 'reply.resumedLate')) }, ...replies] : replies, {
          keyPrefix: resume ? `${inbound.deliveryKey}/resumed` : inbound.deliveryKey,
          claim,
        });
      } catch (err) {
        // Not on record: the question stays undone in the inbox and is answered by the sweep later.
        this.services.logger.warn({ deliveryKey: inbound.deliveryKey, err: (err as Error).message }, 'replies could not be recorded; the question is taken up again later');
        return replies.filter((o) => o.senderOnly);
      }
    } finally {
      if (inbound.kind === 'message') this.services.metrics?.answerDuration(inbound.channel, (performance.now() - started) / 1000);
    }
  }

  private async resumedLang(inbound: Inbound): Promise<Lang> {
    const c = await this.services.cases.findByThread(inbound.threadRef).catch(() => null);
    return c?.lang ?? (inbound.kind === 'message' ? detectLang(inbound.text) : 'ja');
  }

  private async dispatch(inbound: Inbound): Promise<Outbound[]> {
    return (await this.run(inbound, {})).replies;
  }

  private async run(
    inbound: Inbound,
    opts: { claim?: string; inbox?: boolean; resumed?: boolean },
  ): Promise<{ replies: Outbound[]; outcome: 'handled' | 'duplicate' | 'outage' | 'kept'; claim: string }> {
    const lang: Lang = inbound.kind === 'message' ? detectLang(inbound.text) : 'ja';
    // One token per handling: a retry after a database outage is let back in by its own receipt.
    const claim = opts.claim ?? randomUUID();
    const kept = opts.inbox && inbound.kind === 'message' ? JSON.stringify(inbound) : undefined;
    let duplicate = false;
    let taken = false;
    try {
      const replies = await retryThroughOutage(
        async (attempt) => {
          if (!(await takeReceipt(this.services.db, inbound.deliveryKey, claim, kept))) {
            this.services.logger.debug({ deliveryKey: inbound.deliveryKey }, 'duplicate delivery dropped');
            duplicate = true;
            return [];
          }
          taken = true;
          if (inbound.kind === 'message') {
            const release = await this.questionSlots.take();
            try {
              return await this.message(inbound, attempt > 1 || !!opts.resumed);
            } finally {
              release();
            }
          }
          if (inbound.kind === 'command') return await this.command(inbound);
          return await this.action(inbound);
        },
        {
          // A question already acknowledged to the platform has nowhere else to go: it waits out a
          // database restart here. Presses and commands are refused at once ("try again"): the
          // button is still there, and re-running half of a claim is worse than asking for a click.
          retryMs: inbound.kind === 'message' ? this.services.policy.outageRetryMs : 0,
          onRetry: (err, attempt, waitMs) =>
            this.services.logger.warn({ deliveryKey: inbound.deliveryKey, attempt, waitMs, err: (err as Error).message }, 'database unreachable: question waits and retries'),
        },
      );
      return { replies, outcome: duplicate ? 'duplicate' : 'handled', claim };
    } catch (err) {
      const outage = isDatabaseOutage(err) || err instanceof DatabaseOutageError;
      // Kept in the inbox: nobody is asked to resend a question the sweep will answer once the database is back.
      if (outage && taken && kept) return { replies: [], outcome: 'kept', claim };
      return { replies: await this.refusal(inbound, err, lang), outcome: outage ? 'outage' : 'handled', claim };
    }
  }

  private async refusal(inbound: Inbound, err: unknown, lang: Lang): Promise<Outbound[]> {
    const e = isDatabaseOutage(err) ? new DatabaseOutageError(err) : toOtasukeError(err);
    const log = e.code === 'INTERNAL' ? this.services.logger.error.bind(this.services.logger) : this.services.logger.warn.bind(this.services.logger);
    log({ code: e.code, err: e.message, channel: inbound.channel, kind: inbound.kind }, 'inbound refused or failed');
    const userLang = (await this.userLang(inbound.identity)) ?? lang;
    const params: Record<string, string | number> = { max: this.services.limits.maxMessageChars };
    if ('holderName' in e) params.holder = String((e as { holderName: unknown }).holderName ?? '?');
    if ('caseNumber' in e) params.number = String((e as { caseNumber: unknown }).caseNumber);
    // A refusal or failure concerns only the person who sent this; platforms that can, show it to them alone.
    return [{ to: inbound.threadRef, card: textCard(t(userLang, e.userMessageKey, params)), senderOnly: true }];
  }

  /** `retrying`: an earlier attempt at this very delivery was cut off by a database outage. */
  private async message(msg: InboundMessage, retrying = false): Promise<Outbound[]> {
    const text = msg.text.trim();
    if (text.length === 0) throw new InvalidInputError('empty message');
    if (text.length > this.services.limits.maxMessageChars) {
      throw new InvalidInputError(`message of ${text.length} characters`, 'error.tooLong');
    }
    const asker = await this.services.directory.findByIdentity(msg.identity);
    if (!asker) throw new UnknownIdentityError(msg.identity);
    const existing = await this.services.cases.findByThread(msg.threadRef);
    const clean = { ...msg, text };
    // In the responders' thread of a case, a message is a reply to the asker (responders only).
    if (existing && existing.responderThreadRef === msg.threadRef && existing.threadRef !== msg.threadRef) {
      return relayToAsker(this.services, existing, asker, text, msg.rich);
    }
    if (!asker.tenantId) throw new UnknownIdentityError(msg.identity);
    if (existing && existing.threadRef === msg.threadRef) {
      if (existing.tenantId !== asker.tenantId) {
        // Someone of another company writing into this case's thread: refused and on the record.
        await this.services.cases.appendEvent(existing.id, 'access_refused', { kind: 'user', userId: asker.id }, { action: 'follow_up' });
        throw new UnknownIdentityError(msg.identity);
      }
      if (existing.askerUserId === asker.id && existing.question === text) {
        // This question's own case: an attempt cut off half-way (state still `new`) is taken up
        // where it stopped; one that settled the case but never sent its reply sends it now.
        if (existing.state === 'new') return continueNewQuestion(this.services, clean, existing);
        if (retrying) return replayAnswer(this.services, clean, existing);
      }
      return handleFollowUp(this.services, clean, existing, asker);
    }
    const limited = await limitQuestionRate(this.services, clean, { ...asker, tenantId: asker.tenantId });
    if (limited) return limited;
    // Counted by the case as the question left it (no second read of the case).
    const metrics = this.services.metrics;
    return handleNewQuestion(this.services, clean, asker, metrics ? (c) => metrics.question(c.category ?? 'unknown', c.severity ?? 'unknown', msg.channel) : undefined);
  }

  private async action(action: InboundAction): Promise<Outbound[]> {
    const user = await this.services.directory.findByIdentity(action.identity);
    if (!user) throw new UnknownIdentityError(action.identity);
    // A phrasing proposal is about an article, not a case: admins decide it with one press.
    // The company's consent to the language model: an admin's switch, for their own company only.
    if (action.actionId === LLM_CONSENT_ON_ACTION || action.actionId === LLM_CONSENT_OFF_ACTION) {
      const on = action.actionId === LLM_CONSENT_ON_ACTION;
      await switchOwnLlmConsent(this.services.db, user, on, `${action.channel}:${user.displayName || user.id}`);
      return [{ to: action.threadRef, card: textCard(t(user.lang, on ? 'home.llm.switchedOn' : 'home.llm.switchedOff')), senderOnly: true }];
    }
    if (action.actionId === ASK_ACCEPT_ACTION || action.actionId === ASK_DISMISS_ACTION) {
      return [{ to: action.threadRef, card: await decideProposal(this.services, user, action.value, action.actionId === ASK_ACCEPT_ACTION), senderOnly: true }];
    }
    // A press on an on-site dispatch post names the request, not the case: its own checks (members of the dispatch group).
    if (DISPATCH_POST_ACTIONS.includes(action.actionId)) return handleDispatchPress(this.services, action, user);
    // 「駆けつけを取り消す」 on the case card names the request too; responders of the case's group only.
    if (action.actionId === DISPATCH_CANCEL_ACTION) return cancelDispatchPress(this.services, action.value, user, action.threadRef);
    // The value is untrusted (it comes back from the client): the case is looked up and checked, not believed.
    const intake = action.actionId === INTAKE_ACTION_ID;
    const opening = action.actionId === ARTICLE_OPEN_ACTION ? parseArticleOpenValue(action.value) : null;
    const caseRef = intake ? parseIntakeValue(action.value).caseNumber : (opening?.caseNumber ?? action.value);
    const c = await this.services.cases.findByNumber(caseRef);
    if (!c) throw new CaseNotFoundError(caseRef);
    // Refused to someone who may not know the case: in the words of "not found" (no probing of numbers).
    return this.caseAction(action, c, user).catch(async (err: unknown) => {
      throw await concealCaseFrom(this.services.directory, user, c, err, action.threadRef);
    });
  }

  private async caseAction(action: InboundAction, c: CaseRecord, user: User): Promise<Outbound[]> {
    const intake = action.actionId === INTAKE_ACTION_ID;
    if (action.actionId.startsWith('feedback.') || action.actionId === 'case.request_responder') {
      return handleFeedback(this.services, action, c, user);
    }
    if (intake) return handleIntakeAnswer(this.services, action, c, user);
    if (action.actionId.startsWith('legal.') || action.actionId.startsWith('insurance.')) return handleClockAction(this.services, action, c, user);
    // 「駆けつけ依頼」: the form's fields (Slack modal, Teams dialog, playground form), or the company's profile without one.
    if (action.actionId === DISPATCH_REQUEST_ACTION) return requestDispatch(this.services, c, user, action.form, action.threadRef);
    if (action.actionId === ARTICLE_OPEN_ACTION) {
      // The asker's own case, or a responder of its group: the same people who saw the answer.
      if (c.askerUserId !== user.id) await assertResponderFor(this.services, user, c, 'open article');
      return openArticle(this.services, c, user, parseArticleOpenValue(action.value).slug, action.threadRef);
    }
    const policy = this.services.policy;
    switch (action.actionId) {
      case 'case.claim':
        return claimCase(this.services, c, user);
      case 'case.release':
        return releaseCase(this.services, c, user);
      case PAGE_ACK_ACTION:
        return acknowledgePage(this.services, c, user, action.threadRef);
      case 'case.resolve':
        // Platforms collect the summary in a form (modal, card input) and send it back with the action.
        if (!action.form?.summary?.trim()) {
          const group = await assertResponderFor(this.services, user, c, 'resolve');
          return [{ to: action.threadRef, card: textCard(t(group.lang, 'resolve.needsSummary')) }];
        }
        return resolveCase(this.services, c, user, action.form.summary, policy.reopenWindowHours);
      case 'case.reopen':
        return reopenCase(this.services, c, user, policy.reopenWindowHours);
      case 'case.save_draft':
        return saveResolutionDraft(this.services, c, user);
      case RECLASSIFY_ACTION: {
        // Platforms with forms (Slack modal, Teams dialog) send the correction with the press; elsewhere the command is explained.
        const form = action.form;
        if (!form?.severity) {
          const group = await assertResponderFor(this.services, user, c, 'reclassify');
          return [{ to: action.threadRef, card: textCard(t(group.lang, 'reclassify.usage')) }];
        }
        return reclassifyCase(this.services, c, user, [form.severity, ...(form.category ? [form.category] : []), form.reason ?? '']);
      }
      case 'resolution.helpful':
      case 'resolution.not_helpful':
        return handleFeedback(this.services, { ...action, actionId: action.actionId.replace('resolution.', 'feedback.') }, c, user);
    }
    throw new InvalidInputError(`unknown action ${action.actionId}`);
  }

  private async command(cmd: InboundCommand): Promise<Outbound[]> {
    const user = await this.services.directory.findByIdentity(cmd.identity);
    if (!user) throw new UnknownIdentityError(cmd.identity);
    if (cmd.command === 'kb') return [{ to: cmd.threadRef, card: await handleKbCommand(this.services, cmd, user) }];
    if (cmd.command === 'report') return handleReportCommand(this.services, cmd, user);
    // `dispatch <id> accept|…` answers a dispatch post; `dispatch OT-… request` is a case command below.
    if (cmd.command === 'dispatch' && !/^OT-\d/i.test(cmd.args[0] ?? '')) {
      return dispatchCommand(this.services, user, cmd.args, { channel: cmd.channel, deliveryKey: cmd.deliveryKey, identity: cmd.identity, threadRef: cmd.threadRef });
    }
    // Case commands: `<verb> OT-000123 [text…]` (the text-only way to do what the card buttons do).
    const [number = '', ...rest] = cmd.args;
    const c = CASE_COMMANDS.has(cmd.command) ? await this.services.cases.findByNumber(number) : null;
    if (CASE_COMMANDS.has(cmd.command) && !c) throw new CaseNotFoundError(number);
    if (!c) throw new InvalidInputError(`unknown command ${cmd.command}`);
    // As for buttons: refused to someone who may not know the case, in the words of "not found".
    return this.caseCommand(cmd, c, user, rest).catch(async (err: unknown) => {
      throw await concealCaseFrom(this.services.directory, user, c, err);
    });
  }

  private async caseCommand(cmd: InboundCommand, c: CaseRecord, user: User, rest: string[]): Promise<Outbound[]> {
    switch (cmd.command) {
      case 'claim':
        return claimCase(this.services, c, user);
      case 'release':
        return releaseCase(this.services, c, user);
      case 'resolve':
        return resolveCase(this.services, c, user, [rest.join(' '), cmd.body ?? ''].join('\n'), this.services.policy.reopenWindowHours);
      case 'reassign':
        return reassignCase(this.services, c, user, rest[0] ?? '');
      case 'reclassify':
        return reclassifyCase(this.services, c, user, [...rest, ...(cmd.body ? [cmd.body] : [])]);
      case 'fits':
        return proposeAsk(this.services, c, user, rest, cmd.threadRef);
      case 'legal':
        return legalCommand(this.services, c, user, rest, cmd.threadRef);
      case 'insurer':
        return insurerCommand(this.services, c, user, rest, cmd.threadRef);
      case 'dispatch':
        if ((rest[0] ?? '').toLowerCase() === 'cancel') return cancelCaseDispatch(this.services, c, user, cmd.threadRef);
        if ((rest[0] ?? '').toLowerCase() !== 'request') return dispatchCommand(this.services, user, [], { channel: cmd.channel, deliveryKey: cmd.deliveryKey, identity: cmd.identity, threadRef: cmd.threadRef });
        return requestDispatch(this.services, c, user, undefined, cmd.threadRef);
      case 'reply':
        return relayToAsker(this.services, c, user, [rest.join(' '), cmd.body ?? ''].join('\n').trim());
    }
    throw new InvalidInputError(`unknown command ${cmd.command}`);
  }


  /** The language the sender reads: a responder's group's, anyone else's own. */
  private async userLang(identity: string): Promise<Lang | null> {
    try {
      const user = await this.services.directory.findByIdentity(identity);
      return user ? await readerLang(this.services.directory, user) : null;
    } catch {
      return null;
    }
  }
}
