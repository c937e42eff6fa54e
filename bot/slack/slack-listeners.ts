import type { AllMiddlewareArgs, Context, SlackViewMiddlewareArgs, SlashCommand } from '@slack/bolt';
import { ARTICLE_OPEN_ACTION } from '../../handlers/ask/answer-card.js';
import { RECLASSIFY_ACTION } from '../../handlers/escalation/escalation-card.js';
import { isDatabaseOutage } from '../../db/outage.js';
import { textCard } from '../../handlers/ask/answer-card.js';
import type { Outbound } from '../../handlers/cards.js';
import type { User } from '../../handlers/directory/directory-types.js';
import { ForbiddenError } from '../../handlers/errors.js';
import { homeCard } from '../../handlers/home/home-summary.js';
import type { InboundAction, InboundMessage } from '../../handlers/inbound.js';
import { articleSourceForEdit } from '../../handlers/kb/kb-edit-source.js';
import { t, type KeysOf } from '../../core/i18n/t.js';
import { ArticleValidationError } from '../../knowledge/errors.js';
import { parseArticle } from '../../knowledge/kb/article-parser.js';
import type { Lang } from '../../knowledge/text/normalize.js';
import { OtasukeError } from '../../core/errors.js';
import { toBlockKit } from './block-kit-renderer.js';
import type { DeliveryContext, SlackAdapter } from './slack-adapter.js';
import { SlackNotInstalledError, translateSlackError } from './slack-errors.js';
import { destinationOf, identityOf, PLATFORM, threadRefOf } from './slack-ids.js';
import { mentionedUserIds } from './slack-markup.js';
import { readerLang } from '../../handlers/directory/reader-lang.js';
import { openDispatchForm, registerDispatchViews } from './slack-dispatch-listeners.js';
import {
  actionInbound,
  actionThreadRef,
  commandInbound,
  decodeSlackText,
  ignoredBecause,
  isDirectMessage,
  isThreadReply,
  mentionsBot,
  messageInbound,
  parseSlashText,
  type SlackBlockActionPayload,
  type SlackButtonAction,
  type SlackMessageEvent,
  type SlashRequest,
} from './slack-inbound.js';
import {
  articleTemplate,
  kbModal,
  KB_CALLBACK,
  parseKbSubmission,
  parseReclassifySubmission,
  type ResolveMeta,
  parseResolveSubmission,
  reclassifyModal,
  RECLASSIFY_CALLBACK,
  resolveModal,
  RESOLVE_CALLBACK,
  type SubmittedView,
} from './slack-modals.js';

/** The one slash command of the app. */
export const SLASH_COMMAND = '/otasuke';
/** How long the lookup of a person's language may hold up an acknowledgement. */
const LANG_LOOKUP_MS = 300;

/**
 * Every Bolt listener of the app. Each acknowledges first (events are
 * acknowledged by Bolt before the listener runs, with processBeforeResponse
 * off), then does the work tracked by the adapter, and turns any failure
 * into a polite reply: Slack never sees an error, so it never redelivers.
 */
export function registerSlackListeners(adapter: SlackAdapter): void {
  const { app } = adapter.bolt;

  app.event('app_mention', async ({ event, context }) => onMessage(adapter, event as unknown as SlackMessageEvent, context, true));
  app.event('message', async ({ event, context }) => onMessage(adapter, event as unknown as SlackMessageEvent, context, false));

  app.event('app_home_opened', async ({ event, context }) => {
    if (event.tab && event.tab !== 'home') return;
    const team = context.teamId;
    if (!team) return;
    await adapter.track(() => publishHome(adapter, team, event.user, context.enterpriseId));
  });

  // The tokens go; the workspace keeps its tenant for a reinstall.
  app.event('app_uninstalled', async ({ context }) => forgetInstallation(adapter, context));
  app.event('tokens_revoked', async ({ event, context }) => {
    if (event.tokens.bot?.length) await forgetInstallation(adapter, context);
  });

  app.command(SLASH_COMMAND, async ({ command, ack }) => {
    const text = decodeSlackText(command.text ?? '');
    const request = parseSlashText(text);
    const lang = await quickLang(adapter, command.team_id, command.user_id, text);
    if (request.kind === 'help') {
      await ack({ response_type: 'ephemeral', text: t(lang, 'slack.usage') });
      return;
    }
    if (request.kind === 'kbForm') {
      // The form must open within 3 s of the command (trigger_id): no "working" message first.
      await ack();
      await adapter.track(() => openKbForm(adapter, command, request, lang));
      return;
    }
    await ack({ response_type: 'ephemeral', text: t(lang, request.kind === 'question' ? 'slack.ack.workingDm' : 'slack.ack.working') });
    await adapter.track(() => (request.kind === 'question' ? askFromCommand(adapter, command, request.text, lang) : runCommand(adapter, command, request)));
  });

  app.action({ type: 'block_actions' }, async ({ ack, body, action, context }) => {
    await ack();
    const payload = body as unknown as SlackBlockActionPayload & { trigger_id: string };
    const button = action as unknown as SlackButtonAction & { type: string };
    if (button.type !== 'button') return;
    const team = context.teamId ?? payload.team?.id ?? payload.user.team_id;
    if (!team) return;
    await adapter.track(() => onButton(adapter, payload, button, team, context.enterpriseId));
  });

  app.view(RESOLVE_CALLBACK, async ({ ack, view, body, context }) => {
    const parsed = parseResolveSubmission(view as unknown as SubmittedView);
    await submitCaseForm(adapter, { ack, view, body, context }, parsed && { meta: parsed.meta, actionId: 'case.resolve', form: { summary: parsed.summary } }, {
      missing: parsed && !parsed.summary ? { field: 'summary', key: 'modal.resolve.empty' } : undefined,
      what: 'resolve form',
    });
  });

  app.view(RECLASSIFY_CALLBACK, async ({ ack, view, body, context }) => {
    const parsed = parseReclassifySubmission(view as unknown as SubmittedView);
    const form = parsed && { severity: parsed.severity, category: parsed.category, reason: parsed.reason };
    await submitCaseForm(adapter, { ack, view, body, context }, parsed && form && { meta: parsed.meta, actionId: RECLASSIFY_ACTION, form }, {
      missing: parsed && parsed.reason.length < 2 ? { field: 'reason', key: 'modal.reclassify.empty' } : undefined,
      what: 'triage correction form',
    });
  });

  // On-site dispatch (README "On-site dispatch"): the request form, the ETA and the end of the work.
  registerDispatchViews(adapter, submitCaseForm);

  app.view(KB_CALLBACK, async ({ ack, view, body, context }) => {
    const team = context.teamId ?? body.team?.id ?? body.user.team_id;
    const parsed = parseKbSubmission(view as unknown as SubmittedView);
    if (!team || !parsed) {
      await ack();
      adapter.logger.warn({ view: view.id }, 'slack: article form with unreadable metadata ignored');
      return;
    }
    // Checked before the form closes, so a mistake costs the admin nothing they typed.
    try {
      parseArticle('(slack)', parsed.markdown);
    } catch (err) {
      if (!(err instanceof ArticleValidationError)) throw err;
      const lang = await quickLang(adapter, team, body.user.id, '');
      const message = t(lang, 'slack.modal.kb.invalid', { problems: err.problems.join(' / ') });
      await ack({ response_action: 'errors', errors: { md_0: message.slice(0, 1000) } });
      return;
    }
    await ack();
    const { meta } = parsed;
    const ctx: DeliveryContext = { team, user: body.user.id, commandRef: meta.r, ...(meta.u ? { responseUrl: meta.u } : {}) };
    await adapter.track(() =>
      handleAndDeliver(
        adapter,
        {
          kind: 'command',
          channel: PLATFORM,
          deliveryKey: `${PLATFORM}:view:${team}:${view.id}`,
          identity: identityOf(body.user.team_id ?? team, body.user.id),
          threadRef: meta.r,
          command: 'kb',
          args: meta.verb === 'add' ? ['add'] : ['edit', meta.slug!],
          body: parsed.markdown,
        },
        ctx,
      ),
    );
  });

  // With extendedErrorHandler on, Bolt passes { error, body, context, logger } (its type for that is not exported).
  const onError = async ({ error, body }: { error: Error; body?: unknown }): Promise<void> => {
    // The database is restarting (authorization reads the installation there): not acknowledged,
    // so the receiver answers 503 and Slack delivers the event again later.
    if (isDatabaseOutage(error)) throw error;
    try {
      const e = translateSlackError(error);
      if (e instanceof SlackNotInstalledError) {
        const url = (body as { response_url?: unknown } | undefined)?.response_url;
        void adapter.refuseNotInstalled(e.team, typeof url === 'string' ? url : undefined);
        return;
      }
      adapter.logger.error({ code: e.code, err: e.message }, 'slack: listener failed');
    } catch {
      // The error handler must never throw: Bolt would answer Slack with a 500 and Slack would retry.
    }
  };
  app.error(onError as unknown as Parameters<typeof app.error>[0]);
}

type BoltContext = Context & AllMiddlewareArgs['context'];

/** A DM, an @mention, or a reply in a thread that belongs to a case. */
async function onMessage(adapter: SlackAdapter, e: SlackMessageEvent, context: BoltContext, mention: boolean): Promise<void> {
  const team = context.teamId ?? e.team;
  if (!team || ignoredBecause(e, context.botUserId)) return;
  const inChannel = !mention && !isDirectMessage(e);
  // In a channel only a reply in a case's thread is for the bot; an @mention arrives as app_mention.
  if (inChannel && (!isThreadReply(e) || mentionsBot(e.text, context.botUserId))) return;
  if (context.retryNum) adapter.logger.debug({ retryNum: context.retryNum, reason: context.retryReason }, 'slack: redelivered event');
  // Acknowledged already: from here the message must not be lost to a database restart, so the
  // lookups before the core (thread, workspace, person) wait it out like the core does.
  await adapter.track(async () => {
    const ctx: DeliveryContext = { team, user: e.user! };
    let lang = adapter.deps.defaultLang;
    let threadRef: string | undefined;
    try {
      const found = await adapter.waitOutOutage(async () => {
        if (inChannel && !(await adapter.deps.services.cases.findByThread(threadRefOf(team, e.channel, e.thread_ts!)))) return undefined;
        const identityTeam = e.user_team ?? e.team ?? team;
        const person = await adapter.people.ensure(identityTeam, e.user!, await adapter.installations.workspace(team, context.enterpriseId));
        return { person, names: await mentionNames(adapter, [team, identityTeam], e.text ?? '', context.botUserId) };
      });
      if (found === undefined) return;
      const user = found.person;
      lang = user?.lang ?? lang;
      const inbound = messageInbound(e, { team, botUserId: context.botUserId, langHint: user?.lang, names: found.names });
      threadRef = inbound.threadRef;
      if (!inbound.text) {
        // A file shared without a word needs no answer; an empty @mention gets the usage.
        if (e.subtype === 'file_share') return;
        await adapter.deliver([{ to: inbound.threadRef, card: textCard(t(lang, 'slack.usage')), senderOnly: true }], ctx);
        return;
      }
      // Acknowledged: the question is kept in the inbox and its replies go through the outbox.
      // Not even kept (the database went away before the receipt): held like the lookups above, not refused.
      await adapter.deliver(await adapter.waitOutOutage(() => adapter.deps.handler.handleDurably(inbound, undefined, { throwOnOutage: true })), ctx);
    } catch (err) {
      await adapter.apologize(ctx, threadRef, err, lang);
    }
  });
}

/**
 * The directory's names of the people a message mentions (`<@U…>`), looked up under the
 * workspaces the message concerns. Someone the directory does not know gets no entry: the
 * mention is left out of what the bot passes on, never shown as a raw id.
 */
async function mentionNames(adapter: SlackAdapter, teams: string[], text: string, botUserId?: string): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const id of mentionedUserIds(text)) {
    if (id === botUserId) continue;
    for (const team of new Set(teams)) {
      const person = await adapter.deps.services.directory.findByIdentity(identityOf(team, id));
      if (person) {
        names.set(id, person.displayName);
        break;
      }
    }
  }
  return names;
}

/** `/otasuke <question>`: asked in the person's DM with the bot, answered in that message's thread. */
async function askFromCommand(adapter: SlackAdapter, command: SlashCommand, question: string, lang: Lang): Promise<void> {
  const team = command.team_id;
  const ctx: DeliveryContext = { team, user: command.user_id, responseUrl: command.response_url };
  let threadRef: string | undefined;
  try {
    const user = await adapter.people.ensure(team, command.user_id, await adapter.installations.workspace(team, command.enterprise_id));
    const im = await adapter.clients.call(team, (c) => c.conversations.open({ users: command.user_id }));
    const dm = destinationOf(team, String(im.channel?.id ?? command.user_id));
    threadRef = (await adapter.post(dm, textCard(t(user?.lang ?? lang, 'slack.slash.questionRoot', { question })))).threadRef;
    const inbound: InboundMessage = {
      kind: 'message',
      channel: PLATFORM,
      deliveryKey: `${PLATFORM}:cmd:${team}:${command.trigger_id}`,
      identity: identityOf(team, command.user_id),
      threadRef,
      text: question,
      private: true,
      ...(user ? { langHint: user.lang } : {}),
    };
    await adapter.deliver(await adapter.deps.handler.handle(inbound), { team, user: command.user_id });
  } catch (err) {
    await adapter.apologize(ctx, threadRef, err, lang);
  }
}

/** `/otasuke kb …` and the case commands: the answers are for the sender only. */
async function runCommand(adapter: SlackAdapter, command: SlashCommand, request: Extract<SlashRequest, { kind: 'command' }>): Promise<void> {
  const team = command.team_id;
  const commandRef = destinationOf(team, command.channel_id);
  const ctx: DeliveryContext = { team, user: command.user_id, responseUrl: command.response_url, commandRef };
  let lang = adapter.deps.defaultLang;
  try {
    const user = await adapter.people.ensure(team, command.user_id, await adapter.installations.workspace(team, command.enterprise_id));
    lang = user?.lang ?? lang;
    await adapter.deliver(await adapter.deps.handler.handle(commandInbound(command, request, commandRef)), ctx);
  } catch (err) {
    await adapter.apologize(ctx, commandRef, err, lang);
  }
}

/** `/otasuke kb add` or `kb edit <slug>` without a body: the article editor, for admins. */
async function openKbForm(adapter: SlackAdapter, command: SlashCommand, request: Extract<SlashRequest, { kind: 'kbForm' }>, lang: Lang): Promise<void> {
  const team = command.team_id;
  const commandRef = destinationOf(team, command.channel_id);
  const ctx: DeliveryContext = { team, user: command.user_id, responseUrl: command.response_url, commandRef };
  try {
    const user = await adapter.people.ensure(team, command.user_id, await adapter.installations.workspace(team, command.enterprise_id));
    const userLang = user?.lang ?? lang;
    let markdown: string;
    if (request.verb === 'edit') markdown = await articleSourceForEdit(adapter.deps.services, user, request.slug!);
    else if (!user?.roles.includes('admin')) throw new ForbiddenError('kb add', user?.id ?? null, 'kb.adminOnly');
    else markdown = articleTemplate(userLang, new Date().toISOString().slice(0, 10));
    const view = kbModal(userLang, { verb: request.verb, ...(request.slug ? { slug: request.slug } : {}), r: commandRef, u: command.response_url }, markdown);
    if (!view) {
      await adapter.deliver([{ to: commandRef, card: textCard(t(userLang, 'slack.modal.kb.tooLong', { slug: request.slug ?? '' })) }], ctx);
      return;
    }
    await adapter.clients.call(team, (c) => c.views.open({ trigger_id: command.trigger_id, view }));
  } catch (err) {
    await refuse(adapter, ctx, commandRef, err, lang);
  }
}

/** A button: Resolve opens the summary form (for responders); everything else goes to the core. */
async function onButton(adapter: SlackAdapter, payload: SlackBlockActionPayload & { trigger_id: string }, button: SlackButtonAction, team: string, enterpriseId?: string): Promise<void> {
  const ctx: DeliveryContext = { team, user: payload.user.id, ...(payload.response_url ? { responseUrl: payload.response_url } : {}) };
  const threadRef = actionThreadRef(payload, team);
  let lang = adapter.deps.defaultLang;
  try {
    const user = await adapter.people.ensure(payload.user.team_id ?? team, payload.user.id, await adapter.installations.workspace(team, enterpriseId));
    // A responder's forms read like their cards: in their group's language.
    lang = user ? await readerLang(adapter.deps.services.directory, user) : lang;
    const inbound = actionInbound(payload, button, team);
    if (!inbound) {
      adapter.logger.warn({ actionId: button.action_id.slice(0, 100) }, 'slack: unknown action id');
      await adapter.deliver([{ to: threadRef, card: textCard(t(lang, 'error.invalidInput')), senderOnly: true }], ctx);
      return;
    }
    // A responder gets the summary form; anyone else is refused (and audited) by the core as for any resolve.
    if (inbound.actionId === 'case.resolve' && user?.roles.includes('responder')) {
      const view = resolveModal(lang, { n: inbound.value.slice(0, 40), r: threadRef, ...(payload.response_url ? { u: payload.response_url } : {}) });
      await adapter.clients.call(team, (c) => c.views.open({ trigger_id: payload.trigger_id, view }));
      return;
    }
    // A cited article opens in a modal: the core decides what may be shown (only the articles the answer cited, to those who saw it).
    if (inbound.actionId === ARTICLE_OPEN_ACTION) {
      const [shown] = await adapter.deps.handler.handle(inbound);
      if (shown) {
        const { blocks } = toBlockKit(shown.card, { maxBlocks: 100, maxChars: 60_000 });
        const title = { type: 'plain_text' as const, text: t(lang, 'slack.modal.article.title'), emoji: true };
        const close = { type: 'plain_text' as const, text: t(lang, 'slack.modal.close'), emoji: true };
        await adapter.clients.call(team, (c) => c.views.open({ trigger_id: payload.trigger_id, view: { type: 'modal', title, close, blocks } }));
      }
      return;
    }
    // The triage correction form, preset to the case's current verdict; the core checks the submission as for the command.
    if (inbound.actionId === RECLASSIFY_ACTION && user?.roles.includes('responder')) {
      const c = await adapter.deps.services.cases.findByNumber(inbound.value.slice(0, 40));
      if (c) {
        const meta = { n: c.number, r: threadRef, ...(payload.response_url ? { u: payload.response_url } : {}) };
        const view = reclassifyModal(lang, meta, { severity: c.severity ?? 'low', category: c.category ?? 'general' });
        await adapter.clients.call(team, (cl) => cl.views.open({ trigger_id: payload.trigger_id, view }));
        return;
      }
    }
    // On-site dispatch: its forms open for those who may fill them; anyone else goes to the core, which refuses.
    const meta = { n: inbound.value.slice(0, 40), r: threadRef, ...(payload.response_url ? { u: payload.response_url } : {}) };
    if (await openDispatchForm(adapter, { actionId: inbound.actionId, meta, user, lang, team, triggerId: payload.trigger_id })) return;
    await adapter.deliver(await adapter.deps.handler.handle(inbound), ctx);
    if (payload.container?.type === 'view') await publishHome(adapter, team, payload.user.id, enterpriseId);
  } catch (err) {
    await adapter.apologize(ctx, threadRef, err, lang);
  }
}

/** What Bolt hands a view listener (the parts a case form's submission reads). */
export interface ViewArgs {
  ack: SlackViewMiddlewareArgs['ack'];
  view: { id: string };
  body: { team: { id: string } | null; user: { id: string; team_id?: string } };
  context: { teamId?: string };
}

/**
 * A submitted case form (resolve, triage correction): refused quietly when its metadata or values
 * are unreadable (forged or stale), sent back to the person when a required field is empty, and
 * otherwise handed to the core as the button's action with the form's fields.
 */
export async function submitCaseForm(
  adapter: SlackAdapter,
  { ack, view, body, context }: ViewArgs,
  submission: { meta: ResolveMeta; actionId: string; form: Record<string, string> } | null,
  options: { missing?: { field: string; key: KeysOf<'slack'> }; what: string },
): Promise<void> {
  const team = context.teamId ?? body.team?.id ?? body.user.team_id;
  if (!team || !submission) {
    await ack();
    adapter.logger.warn({ view: view.id }, `slack: ${options.what} with unreadable values ignored`);
    return;
  }
  if (options.missing) {
    const lang = await quickLang(adapter, team, body.user.id, '');
    await ack({ response_action: 'errors', errors: { [options.missing.field]: t(lang, `slack.${options.missing.key}`) } });
    return;
  }
  await ack();
  const { meta } = submission;
  const ctx: DeliveryContext = { team, user: body.user.id, ...(meta.u ? { responseUrl: meta.u } : {}) };
  const inbound: InboundAction = {
    kind: 'action',
    channel: PLATFORM,
    deliveryKey: `${PLATFORM}:view:${team}:${view.id}`,
    identity: identityOf(body.user.team_id ?? team, body.user.id),
    threadRef: meta.r,
    actionId: submission.actionId,
    value: meta.n,
    form: submission.form,
  };
  await adapter.track(() => handleAndDeliver(adapter, inbound, ctx));
}

async function handleAndDeliver(adapter: SlackAdapter, inbound: Parameters<SlackAdapter['deps']['handler']['handle']>[0], ctx: DeliveryContext): Promise<void> {
  try {
    await adapter.deliver(await adapter.deps.handler.handle(inbound), ctx);
  } catch (err) {
    await adapter.apologize(ctx, inbound.threadRef, err, adapter.deps.defaultLang);
  }
}

/** The Home tab: the person's overview (their cases; the queue for responders; KB figures for admins). */
export async function publishHome(adapter: SlackAdapter, team: string, slackUser: string, enterpriseId?: string): Promise<void> {
  try {
    const user: User | null = await adapter.people.ensure(team, slackUser, await adapter.installations.workspace(team, enterpriseId));
    const card = await homeCard(adapter.deps.services, user, adapter.deps.defaultLang);
    const { blocks } = toBlockKit(card, { maxBlocks: 100, maxChars: 60_000 });
    await adapter.clients.call(team, (c) => c.views.publish({ user_id: slackUser, view: { type: 'home', blocks } }));
  } catch (err) {
    const e = translateSlackError(err);
    adapter.logger.warn({ code: e.code, err: e.message, team }, 'slack: could not publish the Home tab');
  }
}

async function forgetInstallation(adapter: SlackAdapter, context: BoltContext): Promise<void> {
  const isOrg = context.isEnterpriseInstall === true;
  await adapter.installations.deleteInstallation({
    teamId: isOrg ? undefined : context.teamId,
    enterpriseId: context.enterpriseId,
    isEnterpriseInstall: isOrg,
  } as Parameters<typeof adapter.installations.deleteInstallation>[0]);
  adapter.logger.warn({ team: context.teamId, enterprise: context.enterpriseId }, 'slack: app uninstalled or tokens revoked; installation removed');
}

/** A refusal or failure of a command, said privately in the person's language. */
async function refuse(adapter: SlackAdapter, ctx: DeliveryContext, to: string, err: unknown, lang: Lang): Promise<void> {
  if (err instanceof OtasukeError && err.code !== 'INTERNAL' && !(err.userMessageKey === 'error.temporary')) {
    const reply: Outbound = { to, card: textCard(t(lang, err.userMessageKey)), senderOnly: true };
    await adapter.deliver([reply], ctx);
    return;
  }
  await adapter.apologize(ctx, to, err, lang);
}

/** The person's language for an acknowledgement: the text's, else the directory's (if it answers at once), else the default. */
async function quickLang(adapter: SlackAdapter, team: string, user: string, text: string): Promise<Lang> {
  if (/[\u3040-\u30ff\u3400-\u9fff]/.test(text)) return 'ja';
  const known = await Promise.race([
    adapter.people.find(team, user).catch(() => null),
    new Promise<null>((r) => setTimeout(() => r(null), LANG_LOOKUP_MS).unref()),
  ]);
  return known?.lang ?? adapter.deps.defaultLang;
}
