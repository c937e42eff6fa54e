import type { Activity, TurnContext } from 'botbuilder';
import type { Card, Outbound } from '../../handlers/cards.js';
import type { CaseRecord } from '../../handlers/cases/case-types.js';
import type { User } from '../../handlers/directory/directory-types.js';
import type { InboundHandler } from '../../handlers/handle-inbound.js';
import type { InboundAction } from '../../handlers/inbound.js';
import { t, type KeysOf } from '../../core/i18n/t.js';
import type { HandlerServices } from '../../handlers/services.js';
import type { Lang } from '../../knowledge/text/normalize.js';
import { toOtasukeError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { toPlainText } from '../local/plain-text-renderer.js';
import { toAdaptiveCard } from './adaptive-card-renderer.js';
import { cardActionOf, parseRequest, readActivity, type CardAction, type TeamsActivity } from './teams-activity.js';
import type { TeamsAdapter } from './teams-adapter.js';
import { ARTICLE_OPEN_ACTION } from '../../handlers/ask/answer-card.js';
import { RECLASSIFY_ACTION } from '../../handlers/escalation/escalation-card.js';
import { DISPATCH_ETA_ACTION, DISPATCH_REQUEST_ACTION } from '../../handlers/dispatch/dispatch-card.js';
import { dispatchFormDefaults, dispatchRequestRefusal, mayAnswerDispatch } from '../../handlers/dispatch/dispatch-actions.js';
import { dispatchDoneFormCard, dispatchEtaFormCard, dispatchRequestFormCard } from './teams-forms.js';
import { caseNumberOf, DIALOG_ACTIONS, executeCardResponse, executeMessageResponse, reclassifyFormCard, RESOLVE_ACTION, resolveFormCard, taskContinue, taskMessage } from './teams-forms.js';
import { destinationOf, identityOf, PLATFORM, refOfConversation, threadRefOf, userIdOf } from './teams-ids.js';
import { langOfLocale } from './teams-locale.js';
import type { TeamsStore } from './teams-store.js';
import { retryThroughOutage } from '../../db/outage.js';
import { readerLang } from '../../handlers/directory/reader-lang.js';

/** What one HTTP request's turn found, for /api/messages to answer with. */
export interface RequestState {
  /** Set when the (authenticated) activity is not one the bot can act on: answered 400. */
  malformed?: string;
  /** Set when the turn failed (database down …): answered 500 so the channel may retry. */
  failed?: boolean;
}

export interface TeamsTurnDeps {
  adapter: TeamsAdapter;
  store: TeamsStore;
  services: Pick<HandlerServices, 'directory' | 'cases' | 'policy' | 'db'>;
  handler: InboundHandler;
  logger: Logger;
  defaultLang: Lang;
}

/** Teams ends a turn after 10–15 s; an action's answer must be back well before. */
const INVOKE_DEADLINE_MS = 8000;
/** In a chat without reply chains, a case that is answered but quiet this long is over: the next message is a new question. */
const CHAT_CASE_QUIET_MS = 30 * 60_000;
const OPEN_WITH_PEOPLE = new Set(['escalated', 'claimed']);
/** How long a turn waits out a database outage: the Bot Framework gives up on a turn after about 15 s. */
const TURN_OUTAGE_RETRY_MS = 10_000;
const OPEN_WITH_BOT = new Set(['new', 'answered']);

/**
 * One turn of the Teams bot: reads the activity, lets only registered
 * organisations (or registered people) in, and routes messages, card
 * actions and dialog submits to the core's single entry point.
 */
export class TeamsTurn {
  constructor(private readonly deps: TeamsTurnDeps) {}

  async run(context: TurnContext, state: RequestState): Promise<void> {
    let a: TeamsActivity;
    try {
      a = readActivity(context.activity);
    } catch (err) {
      state.malformed = (err as Error).message;
      this.deps.logger.warn({ reason: state.malformed, type: (context.activity as { type?: unknown }).type }, 'teams activity refused');
      return;
    }
    try {
      // The turn reads and writes PostgreSQL before it is acknowledged: a database restart is waited
      // out (within the Bot Framework's patience) rather than answered 500. Every step is safe to repeat.
      await retryThroughOutage(() => this.handle(context, a), {
        retryMs: Math.min(TURN_OUTAGE_RETRY_MS, this.deps.services.policy.outageRetryMs),
        onRetry: (err, attempt, waitMs) => this.deps.logger.warn({ attempt, waitMs, err: (err as Error).message }, 'database unreachable: the Teams turn waits'),
      });
    } catch (err) {
      const e = toOtasukeError(err);
      state.failed = true;
      this.deps.logger.error({ code: e.code, err: e.message, type: a.type, name: a.name }, 'teams turn failed');
    }
  }

  private async handle(context: TurnContext, a: TeamsActivity): Promise<void> {
    await this.deps.store.saveConversation({
      conversationId: a.conversation.conversationId,
      aadTenantId: a.aadTenantId,
      reference: {
        channelId: 'msteams',
        serviceUrl: a.serviceUrl,
        bot: { id: a.botId },
        conversation: { id: a.conversation.conversationId, conversationType: a.conversationType, tenantId: a.aadTenantId, ...(a.conversationType !== 'personal' ? { isGroup: true } : {}) },
      },
      ...(a.teamName ? { teamName: a.teamName } : {}),
      ...(a.channelName ? { channelName: a.channelName } : {}),
    });
    if (a.type === 'message') await (a.value !== undefined && !a.text ? this.onSubmit(context, a) : this.onMessage(context, a));
    else if (a.type === 'invoke') await this.onInvoke(context, a);
    else if (a.type === 'conversationUpdate') await this.onConversationUpdate(context, a);
  }

  private async onMessage(context: TurnContext, a: TeamsActivity): Promise<void> {
    if (!a.from.aadObjectId) return; // not a person (another bot, a connector)
    const channel = a.conversationType === 'channel';
    const chainRef = channel ? (a.conversation.messageId ? refOfConversation(a.rawConversationId) : threadRefOf(a.conversation.conversationId, a.id)) : null;
    // With the channel-message permission the bot sees every post: only mentions and case threads are for it.
    if (channel && !a.mentionsBot && !(await this.deps.services.cases.findByThread(chainRef!))) return;
    const user = await this.sender(a);
    if (!user) return this.replyText(context, langOfLocale(a.locale) ?? this.deps.defaultLang, 'unknownTenant');
    const request = parseRequest(a.text);
    if (request.kind === 'help' || (request.kind === 'newCase' && channel)) return this.replyText(context, user.lang, 'usage');
    if (request.kind === 'newCase') {
      await this.deps.store.setCurrentThread(a.conversation.conversationId, null);
      return this.replyText(context, user.lang, 'newCase');
    }
    const identity = identityOf(a.aadTenantId, a.from.aadObjectId);
    const base = { channel: PLATFORM, deliveryKey: `${PLATFORM}:msg:${a.conversation.conversationId}:${a.id}`, identity };
    const inbound =
      request.kind === 'command'
        ? { ...base, kind: 'command' as const, threadRef: chainRef ?? threadRefOf(a.conversation.conversationId, a.id), command: request.command, args: request.args, ...(request.body ? { body: request.body } : {}) }
        : {
            ...base,
            kind: 'message' as const,
            threadRef: chainRef ?? (await this.chatThread(a)),
            text: request.text,
            // The formatting of the message as written (a question's text is the message's own).
            ...(a.rich && request.text === a.text ? { rich: a.rich } : {}),
            private: a.conversationType === 'personal',
            ...(langOfLocale(a.locale) ? { langHint: langOfLocale(a.locale) } : {}),
          };
    await this.typing(context);
    // Acknowledged: the answer is delivered proactively once ready, in order per conversation.
    // The question is kept in the inbox and its replies go through the outbox (ids recorded as posted).
    this.deps.adapter.track(this.deps.adapter.serial(a.conversation.conversationId, async () => this.deps.adapter.deliver(await this.deps.handler.handleDurably(inbound))));
  }

  /** An Action.Submit press from a client without Universal Actions: a message whose value is the button's data. */
  private async onSubmit(context: TurnContext, a: TeamsActivity): Promise<void> {
    const action = cardActionOf(a);
    if (!action || !a.from.aadObjectId) return;
    const user = await this.sender(a);
    if (!user) return this.replyText(context, langOfLocale(a.locale) ?? this.deps.defaultLang, 'unknownTenant');
    const inbound = this.actionInbound(a, action, `${PLATFORM}:submit:${a.id}`);
    this.deps.adapter.track(this.deps.adapter.serial(a.conversation.conversationId, async () => this.deps.adapter.deliver(await this.deps.handler.handle(inbound))));
  }

  private async onInvoke(context: TurnContext, a: TeamsActivity): Promise<void> {
    if (a.name !== 'adaptiveCard/action' && a.name !== 'task/fetch' && a.name !== 'task/submit') return; // botbuilder answers 501
    const action = cardActionOf(a);
    const lang = langOfLocale(a.locale) ?? this.deps.defaultLang;
    const task = a.name !== 'adaptiveCard/action';
    if (!action || !a.from.aadObjectId) {
      return this.invokeResponse(context, task ? 200 : 400, task ? taskMessage(t(lang, 'error.invalidInput')) : badRequest());
    }
    const user = await this.sender(a);
    if (!user) {
      const text = t(lang, 'teams.unknownTenant');
      return this.invokeResponse(context, 200, task ? taskMessage(text) : executeMessageResponse(text));
    }
    if (a.name === 'task/fetch') return this.onTaskFetch(context, a, action, user);
    const inbound = this.actionInbound(a, action, `${PLATFORM}:${a.name === 'task/submit' ? 'submit' : 'act'}:${a.id}`);
    const replies = await this.withinTurn(this.deps.handler.handle(inbound), a);
    if (!replies) {
      const text = t(user.lang, 'teams.invoke.working');
      return this.invokeResponse(context, 200, task ? taskMessage(text) : executeMessageResponse(text));
    }
    // A refusal is for the person who pressed: shown to them only, never posted in the channel.
    const privateText = replies.filter((r) => r.senderOnly).map((r) => toPlainText(r.card)).join('\n');
    const shared = replies.filter((r) => !r.senderOnly);
    this.deps.adapter.track(this.deps.adapter.deliver(shared));
    if (task) return this.invokeResponse(context, 200, privateText ? taskMessage(privateText) : undefined);
    const refreshed = shared.find((r) => r.replace && caseNumberOf(r.card) === action.value);
    return this.invokeResponse(
      context,
      200,
      refreshed && !privateText
        ? executeCardResponse(toAdaptiveCard(refreshed.card, { dialogActions: DIALOG_ACTIONS }))
        : executeMessageResponse(privateText || t(user.lang, 'teams.invoke.done')),
    );
  }

  /**
   * The Resolve button opens a dialog with the summary form. The core is
   * asked first, without a summary: it refuses (and audits) anyone who may
   * not resolve the case, and changes nothing for those who may.
   */
  private async onTaskFetch(context: TurnContext, a: TeamsActivity, action: CardAction, user: User): Promise<void> {
    if (action.actionId === ARTICLE_OPEN_ACTION) {
      // The article as an Adaptive Card in a dialog; the core decides what may be shown.
      const [shown] = await this.deps.handler.handle(this.actionInbound(a, action, `${PLATFORM}:fetch:${a.id}`));
      const card = shown ? toAdaptiveCard(shown.card) : null;
      return this.invokeResponse(context, 200, card ? taskContinue(t(user.lang, 'teams.dialog.article.title'), card) : taskMessage(t(user.lang, 'error.invalidInput')));
    }
    if (action.actionId.startsWith('dispatch.')) return this.onDispatchFetch(context, a, action, user);
    if (action.actionId !== RESOLVE_ACTION && action.actionId !== RECLASSIFY_ACTION) return this.invokeResponse(context, 200, taskMessage(t(user.lang, 'error.invalidInput')));
    const check = await this.deps.handler.handle({ ...this.actionInbound(a, { actionId: action.actionId, value: action.value }, `${PLATFORM}:fetch:${a.id}`) });
    const refusal = check.find((r) => r.senderOnly);
    if (refusal) return this.invokeResponse(context, 200, taskMessage(toPlainText(refusal.card)));
    const c = await this.deps.services.cases.findByNumber(action.value);
    // The forms read like the responders' cards: in their group's language.
    const lang = await readerLang(this.deps.services.directory, user);
    if (action.actionId === RECLASSIFY_ACTION) {
      const form = reclassifyFormCard(lang, action.value, { severity: c?.severity ?? 'low', category: c?.category ?? 'general' });
      return this.invokeResponse(context, 200, taskContinue(t(lang, 'teams.dialog.reclassify.title'), form));
    }
    return this.invokeResponse(context, 200, taskContinue(t(lang, 'teams.dialog.resolve.title'), resolveFormCard(lang, action.value)));
  }

  /**
   * On-site dispatch dialogs (README "On-site dispatch"): the request form for a responder of the
   * case's group (preset from the company's profile), the ETA and end-of-work forms for a member of
   * the dispatch group the request is with. Anyone else is refused by the core's own check, shown
   * in the dialog; nothing changes.
   */
  private async onDispatchFetch(context: TurnContext, a: TeamsActivity, action: CardAction, user: User): Promise<void> {
    const { services } = this.deps;
    const lang = await readerLang(services.directory, user);
    if (action.actionId === DISPATCH_REQUEST_ACTION) {
      const c = await services.cases.findByNumber(action.value);
      const refusal = c ? await dispatchRequestRefusal(services, c, user) : t(user.lang, 'error.caseNotFound');
      if (refusal || !c) return this.invokeResponse(context, 200, taskMessage(refusal ?? t(user.lang, 'error.caseNotFound')));
      return this.invokeResponse(context, 200, taskContinue(t(lang, 'dispatch.form.title'), dispatchRequestFormCard(lang, c.number, await dispatchFormDefaults(services, c))));
    }
    if (!(await mayAnswerDispatch(services, action.value, user.id))) {
      // Without a form the core refuses a non-member (and audits it) before anything else.
      const replies = await this.deps.handler.handle(this.actionInbound(a, { actionId: action.actionId, value: action.value }, `${PLATFORM}:fetch:${a.id}`));
      return this.invokeResponse(context, 200, taskMessage(replies.map((r) => toPlainText(r.card)).join('\n') || t(user.lang, 'error.forbidden')));
    }
    const eta = action.actionId === DISPATCH_ETA_ACTION;
    return this.invokeResponse(context, 200, taskContinue(t(lang, eta ? 'dispatch.form.etaTitle' : 'dispatch.form.doneTitle'), eta ? dispatchEtaFormCard(lang, action.value) : dispatchDoneFormCard(lang, action.value)));
  }

  /** The app was added somewhere: logged (the destination an operator needs), and a personal chat is greeted. */
  private async onConversationUpdate(context: TurnContext, a: TeamsActivity): Promise<void> {
    const added = (context.activity.membersAdded ?? []).some((m) => m.id === a.botId);
    if (!added) return;
    this.deps.logger.info(
      { conversation: a.conversation.conversationId, type: a.conversationType, team: a.teamName, channel: a.channelName, destination: destinationOf(a.conversation.conversationId) },
      'teams app installed in a conversation',
    );
    if (a.conversationType !== 'personal' || !a.from.aadObjectId) return;
    // Only people the bot will serve are greeted; anyone else hears the refusal when they write.
    const known = await this.deps.services.directory.findByIdentity(identityOf(a.aadTenantId, a.from.aadObjectId));
    if (!known && !(await this.deps.store.tenantFor(a.aadTenantId))) return;
    await this.replyText(context, known?.lang ?? langOfLocale(a.locale) ?? this.deps.defaultLang, 'welcome');
  }

  /**
   * The person behind an activity: a registered user (any organisation: the
   * vendor's responders are linked by an operator), or a new staff member of
   * a registered organisation (name and language from Teams). Null otherwise.
   */
  private async sender(a: TeamsActivity): Promise<User | null> {
    const identity = identityOf(a.aadTenantId, a.from.aadObjectId!);
    const { directory } = this.deps.services;
    const known = await directory.findByIdentity(identity);
    if (known) return known;
    const tenantId = await this.deps.store.tenantFor(a.aadTenantId);
    if (!tenantId) {
      this.deps.logger.warn({ aadTenant: a.aadTenantId }, 'teams message from an unregistered organisation refused');
      return null;
    }
    const id = userIdOf(a.from.aadObjectId!);
    const existing = await directory.getUser(id);
    if (existing) return directory.upsertUser(existing, [identity]);
    const displayName = [...(a.from.name?.trim() || 'Teams user')].slice(0, 80).join('');
    this.deps.logger.info({ user: id, tenant: tenantId }, 'teams user registered as staff');
    return directory.upsertUser({ id, tenantId, displayName, roles: ['staff'], lang: langOfLocale(a.locale) ?? this.deps.defaultLang }, [identity]);
  }

  /**
   * A personal or group chat has no reply chains: a message continues the
   * chat's case while people are on it, or while the bot's answer is fresh;
   * otherwise (or after "new") it starts a new case, threaded on itself.
   */
  private async chatThread(a: TeamsActivity): Promise<string> {
    const conversationId = a.conversation.conversationId;
    const stored = await this.deps.store.conversation(conversationId);
    const current = stored?.currentThread;
    if (current) {
      const c: CaseRecord | null = await this.deps.services.cases.findByThread(current);
      const fresh = !!stored.threadTouchedAt && Date.now() - stored.threadTouchedAt.getTime() < CHAT_CASE_QUIET_MS;
      if ((c && OPEN_WITH_PEOPLE.has(c.state)) || (fresh && (!c || OPEN_WITH_BOT.has(c.state)))) {
        await this.deps.store.setCurrentThread(conversationId, current);
        return current;
      }
    }
    const thread = threadRefOf(conversationId, a.id);
    await this.deps.store.setCurrentThread(conversationId, thread);
    return thread;
  }

  private actionInbound(a: TeamsActivity, action: CardAction, deliveryKey: string): InboundAction {
    // Replies to a press go to the pressed card's place: its channel thread, or below it in a chat.
    const threadRef =
      a.conversationType === 'channel'
        ? refOfConversation(a.rawConversationId)
        : a.replyToId
          ? threadRefOf(a.conversation.conversationId, a.replyToId)
          : destinationOf(a.conversation.conversationId);
    return {
      kind: 'action',
      channel: PLATFORM,
      deliveryKey,
      identity: identityOf(a.aadTenantId, a.from.aadObjectId!),
      threadRef,
      actionId: action.actionId,
      value: action.value,
      ...(action.summary !== undefined ? { form: { summary: action.summary } } : {}),
      ...(action.severity !== undefined ? { form: { severity: action.severity, category: action.category ?? '', reason: action.reason ?? '' } } : {}),
      ...(action.form ? { form: action.form } : {}),
    };
  }

  /** The core's answer if it comes within the turn's budget; null otherwise (it is then delivered when ready). */
  private async withinTurn(work: Promise<Outbound[]>, a: TeamsActivity): Promise<Outbound[] | null> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), INVOKE_DEADLINE_MS)));
    const result = await Promise.race([work, late]);
    clearTimeout(timer);
    if (result === null) {
      this.deps.logger.warn({ name: a.name }, 'teams action slower than the turn: answered later');
      this.deps.adapter.track(work.then((replies) => this.deps.adapter.deliver(replies)));
    }
    return result;
  }

  private async invokeResponse(context: TurnContext, status: number, body: unknown): Promise<void> {
    await context.sendActivity({ type: 'invokeResponse', value: { status, body } } as Partial<Activity>);
  }

  private async typing(context: TurnContext): Promise<void> {
    await context.sendActivity({ type: 'typing' }).catch((err: unknown) => {
      this.deps.logger.debug({ err: (err as Error).message }, 'teams typing indicator failed');
    });
  }

  /** A short reply in the turn (refusals at the door, usage). */
  private async replyText(context: TurnContext, lang: Lang, key: KeysOf<'teams'>): Promise<void> {
    const card: Card = { blocks: [{ kind: 'text', text: t(lang, `teams.${key}`) }] };
    await context.sendActivity(this.deps.adapter.cardActivity(card));
  }
}

function badRequest(): Record<string, unknown> {
  return { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: 'Not an action this bot wrote' } };
}
