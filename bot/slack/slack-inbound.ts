import type { InboundAction, InboundCommand, InboundMessage } from '../../handlers/inbound.js';
import type { Lang } from '../../knowledge/text/normalize.js';
import { decodeActionId } from './block-kit-renderer.js';
import { destinationOf, identityOf, PLATFORM, threadRefOf } from './slack-ids.js';
import { parseMrkdwn } from './slack-markup.js';
import { hasFormatting, type RichSpan } from '../../handlers/rich-text.js';

/*
 * Slack payloads → the core's neutral Inbound values. Pure functions over the
 * fields the adapter reads, so the unit tests feed them recorded payloads.
 */

/** The fields of a `message` or `app_mention` event the adapter reads. */
export interface SlackMessageEvent {
  type: string;
  subtype?: string;
  user?: string;
  bot_id?: string;
  text?: string;
  ts: string;
  thread_ts?: string;
  channel: string;
  channel_type?: string;
  team?: string;
  user_team?: string;
}

/** Subtypes that are a person writing; edits, deletions, joins and bot posts are not. */
const PERSON_SUBTYPES = new Set([undefined, 'file_share', 'thread_broadcast']);

/** Why an event is not a message for the bot, or null when it is one. */
export function ignoredBecause(e: SlackMessageEvent, botUserId?: string): string | null {
  if (!PERSON_SUBTYPES.has(e.subtype)) return `subtype ${e.subtype}`;
  if (e.bot_id || !e.user) return 'from a bot';
  if (botUserId && e.user === botUserId) return 'from this bot';
  return null;
}

/** Is the event a direct message to the bot (the app's Messages tab)? */
export function isDirectMessage(e: SlackMessageEvent): boolean {
  return e.channel_type === 'im' || e.channel.startsWith('D');
}

/** Is it a reply inside a thread (not the thread's first message)? */
export function isThreadReply(e: SlackMessageEvent): boolean {
  return !!e.thread_ts && e.thread_ts !== e.ts;
}

export function mentionsBot(text: string | undefined, botUserId: string | undefined): boolean {
  return !!text && !!botUserId && text.includes(`<@${botUserId}`);
}

/**
 * Slack's message markup as plain words: the bot's own mention removed, user
 * references as `@name` (the directory's name; a person it does not know is left out, never
 * shown as a raw id), channel references as `#name`, links as `label (url)`, and the
 * `&amp;` `&lt;` `&gt;` entities decoded. What comes out is the person's text
 * as they saw it; the core neutralises and the renderer escapes it again on
 * the way out.
 */
export function decodeSlackText(text: string, botUserId?: string, names?: ReadonlyMap<string, string>): string {
  let out = text;
  if (botUserId) out = out.replace(new RegExp(`<@${botUserId}(?:\\|[^>]*)?>`, 'g'), ' ');
  out = out
    // A person by their directory name; never by the raw id (unknown to the directory: left out).
    .replace(/<@([A-Z0-9]+)\|([^>]*)>/g, (_m, id: string, name: string) => `@${names?.get(id) ?? name}`)
    .replace(/<@([A-Z0-9]+)>/g, (_m, id: string) => (names?.get(id) ? `@${names.get(id)}` : ''))
    .replace(/<#([A-Z0-9]+)\|([^>]*)>/g, (_m, _id: string, name: string) => `#${name || _id}`)
    .replace(/<#([A-Z0-9]+)>/g, (_m, id: string) => `#${id}`)
    .replace(/<!subteam\^[A-Z0-9]+\|([^>]*)>/g, (_m, label: string) => (label.startsWith('@') ? label : `@${label}`))
    .replace(/<!subteam\^[A-Z0-9]+>/g, '@group')
    .replace(/<!date\^[^|>]*\|([^>]*)>/g, (_m, fallback: string) => fallback)
    .replace(/<!(here|channel|everyone)(?:\|[^>]*)?>/g, (_m, word: string) => `@${word}`)
    .replace(/<(mailto:|tel:)?([^|>\s]+)\|([^>]*)>/g, (_m, scheme: string | undefined, target: string, label: string) =>
      scheme || label === target || label === target.replace(/^https?:\/\//, '') ? label : `${label} (${target})`,
    )
    .replace(/<((?:https?|mailto|tel):[^>\s]+)>/g, (_m, url: string) => url.replace(/^(mailto|tel):/, ''));
  return out.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/[ \t]{2,}/g, ' ').trim();
}

export interface MessageContext {
  /** The workspace whose installation received the event. */
  team: string;
  botUserId?: string;
  langHint?: Lang;
  /** Display names (from the directory) of the people the message mentions, by Slack user id. */
  names?: ReadonlyMap<string, string>;
}

/**
 * A person's message as the core's InboundMessage. The delivery key is the
 * message itself (workspace, channel, ts), not the event id: Slack's retries
 * of one event, and the `app_mention` and `message` events one @mention
 * produces, all carry the same message and are answered once.
 */
export function messageInbound(e: SlackMessageEvent, ctx: MessageContext): InboundMessage {
  return {
    kind: 'message',
    channel: PLATFORM,
    deliveryKey: messageDeliveryKey(ctx.team, e.channel, e.ts),
    identity: identityOf(e.user_team ?? e.team ?? ctx.team, e.user!),
    threadRef: threadRefOf(ctx.team, e.channel, e.thread_ts ?? e.ts),
    text: decodeSlackText(e.text ?? '', ctx.botUserId, ctx.names),
    ...richOf(e.text ?? '', ctx),
    private: isDirectMessage(e),
    ...(ctx.langHint ? { langHint: ctx.langHint } : {}),
  };
}

/** The message's formatting (bold, italic, strike, links) as runs, when it has any: relays keep it. */
function richOf(text: string, ctx: MessageContext): { rich?: RichSpan[] } {
  const rich = parseMrkdwn(text, { botUserId: ctx.botUserId, names: ctx.names });
  return hasFormatting(rich) ? { rich } : {};
}

export function messageDeliveryKey(team: string, channel: string, ts: string): string {
  return `${PLATFORM}:msg:${team}:${channel}:${ts}`;
}

/** What `/otasuke <text>` asks for. */
export type SlashRequest =
  | { kind: 'help' }
  | { kind: 'question'; text: string }
  | { kind: 'command'; command: string; args: string[]; body?: string }
  | { kind: 'kbForm'; verb: 'add' | 'edit'; slug?: string };

const CASE_COMMAND = /^(claim|release|resolve|reassign|reclassify|fits|reply|report)$/i;

/**
 * Reads the text after `/otasuke`: nothing or `help` → usage; `kb …` → a
 * knowledge-base command (`kb add` / `kb edit <slug>` without a body open a
 * form); `claim|release|resolve|reassign|reply|report OT-…` → a case command;
 * anything else is a question.
 */
export function parseSlashText(raw: string): SlashRequest {
  const text = raw.trim();
  if (!text || /^(help|ヘルプ|\?)$/i.test(text)) return { kind: 'help' };
  const [first = '', ...rest] = text.split('\n');
  const words = first.trim().split(/\s+/);
  const body = rest.join('\n').trim() || undefined;
  const [head = '', second = ''] = words;
  if (/^kb$/i.test(head)) {
    const verb = second.toLowerCase();
    if (!body && verb === 'add' && words.length === 2) return { kind: 'kbForm', verb: 'add' };
    if (!body && verb === 'edit' && words.length === 3) return { kind: 'kbForm', verb: 'edit', slug: words[2] };
    return { kind: 'command', command: 'kb', args: words.slice(1), ...(body ? { body } : {}) };
  }
  if (CASE_COMMAND.test(head) && /^OT-\d{1,12}$/i.test(second)) {
    return { kind: 'command', command: head.toLowerCase(), args: words.slice(1), ...(body ? { body } : {}) };
  }
  return { kind: 'question', text };
}

/** The fields of a slash-command request the adapter reads. */
export interface SlackCommandPayload {
  team_id: string;
  user_id: string;
  channel_id: string;
  trigger_id: string;
  text: string;
}

export function commandInbound(p: SlackCommandPayload, req: Extract<SlashRequest, { kind: 'command' }>, threadRef: string): InboundCommand {
  return {
    kind: 'command',
    channel: PLATFORM,
    deliveryKey: `${PLATFORM}:cmd:${p.team_id}:${p.trigger_id}`,
    identity: identityOf(p.team_id, p.user_id),
    threadRef,
    command: req.command,
    args: req.args,
    ...(req.body ? { body: req.body } : {}),
  };
}

/** The fields of a block_actions payload the adapter reads. */
export interface SlackBlockActionPayload {
  team?: { id: string } | null;
  user: { id: string; team_id?: string };
  container?: { type: string; message_ts?: string; channel_id?: string; thread_ts?: string; view_id?: string };
  channel?: { id: string };
  message?: { ts: string; thread_ts?: string };
  response_url?: string;
  trigger_id?: string;
}

export interface SlackButtonAction {
  action_id: string;
  value?: string;
  action_ts: string;
}

/**
 * A button press as the core's InboundAction; null when the action id is not
 * one the renderer wrote. A press on a message belongs to that message's
 * thread; a press on the Home tab is answered in the person's direct messages.
 */
export function actionInbound(body: SlackBlockActionPayload, action: SlackButtonAction, team: string): InboundAction | null {
  const actionId = decodeActionId(action.action_id);
  if (!actionId) return null;
  return {
    kind: 'action',
    channel: PLATFORM,
    deliveryKey: `${PLATFORM}:act:${team}:${body.user.id}:${action.action_ts}:${action.action_id}`,
    identity: identityOf(body.user.team_id ?? team, body.user.id),
    threadRef: actionThreadRef(body, team),
    actionId,
    value: action.value ?? '',
  };
}

/** Where the reply to a press goes: the pressed message's thread, or the person's DM. */
export function actionThreadRef(body: SlackBlockActionPayload, team: string): string {
  const channel = body.channel?.id ?? body.container?.channel_id;
  const ts = body.message?.thread_ts ?? body.message?.ts ?? body.container?.thread_ts ?? body.container?.message_ts;
  if (channel && ts) return threadRefOf(team, channel, ts);
  return destinationOf(team, body.user.id);
}
