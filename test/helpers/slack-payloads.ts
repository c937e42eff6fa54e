import fs from 'node:fs';
import path from 'node:path';
import type { WorkspaceFixture } from './slack-stand-in.js';

/**
 * Slack payloads for the tests, built from the recorded-shape fixtures in
 * test/fixtures/slack/ with the ids and text of the scenario filled in.
 */

const FIXTURES = path.resolve(__dirname, '../fixtures/slack');

function fixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8')) as T;
}

/** A customer company's workspace and the vendor's (where the responders work). */
export const CUSTOMER: WorkspaceFixture = { teamId: 'T0CUSTOMER', teamName: 'Sakura Trading', botToken: 'xoxb-customer-token', botUserId: 'U0BOTCUST', botId: 'B0BOTCUST' };
export const VENDOR: WorkspaceFixture = { teamId: 'T0VENDOR', teamName: 'Otasuke Security', botToken: 'xoxb-vendor-token', botUserId: 'U0BOTVEND', botId: 'B0BOTVEND' };
/** A workspace that never installed the app. */
export const STRANGER: WorkspaceFixture = { teamId: 'T0STRANGER', teamName: 'Nobody Inc', botToken: 'xoxb-stranger-token', botUserId: 'U0BOTSTRA', botId: 'B0BOTSTRA' };

let seq = 0;
/** A fresh message ts (seconds.micro), unique in the test run. */
export function nextTs(): string {
  seq++;
  return `${1765000000 + seq}.${String(seq).padStart(6, '0')}`;
}

function nextEventId(): string {
  return `Ev${(Date.now() % 1e8).toString(36).toUpperCase()}${(++seq).toString(36).toUpperCase().padStart(5, '0')}`;
}

export interface MessageSpec {
  team: WorkspaceFixture;
  user: string;
  channel: string;
  text: string;
  ts?: string;
  threadTs?: string;
  eventId?: string;
}

function envelope(base: Record<string, unknown>, team: WorkspaceFixture, event: Record<string, unknown>, eventId?: string): Record<string, unknown> {
  return {
    ...base,
    team_id: team.teamId,
    context_team_id: team.teamId,
    event,
    event_id: eventId ?? nextEventId(),
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: team.teamId, user_id: team.botUserId, is_bot: true, is_enterprise_install: false }],
  };
}

/** `@Otasuke <text>` in a channel (the text gets the bot's mention in front). */
export function mentionEvent(spec: MessageSpec): Record<string, unknown> {
  const base = fixture('app_mention');
  const ts = spec.ts ?? nextTs();
  const event = {
    ...(base.event as Record<string, unknown>),
    text: `<@${spec.team.botUserId}> ${spec.text}`,
    user: spec.user,
    ts,
    event_ts: ts,
    team: spec.team.teamId,
    channel: spec.channel,
    ...(spec.threadTs ? { thread_ts: spec.threadTs } : {}),
  };
  return envelope(base, spec.team, event, spec.eventId);
}

/** A direct message to the bot (a top-level one, or a reply in a DM thread). */
export function dmEvent(spec: MessageSpec): Record<string, unknown> {
  const base = fixture('message_im');
  const ts = spec.ts ?? nextTs();
  const event = {
    ...(base.event as Record<string, unknown>),
    text: spec.text,
    user: spec.user,
    ts,
    event_ts: ts,
    team: spec.team.teamId,
    channel: spec.channel,
    ...(spec.threadTs ? { thread_ts: spec.threadTs, parent_user_id: spec.team.botUserId } : {}),
  };
  return envelope(base, spec.team, event, spec.eventId);
}

/** A reply in a channel thread (message.channels). */
export function threadReplyEvent(spec: MessageSpec & { threadTs: string }): Record<string, unknown> {
  const base = fixture('message_thread_reply');
  const ts = spec.ts ?? nextTs();
  const event = { ...(base.event as Record<string, unknown>), text: spec.text, user: spec.user, ts, event_ts: ts, team: spec.team.teamId, channel: spec.channel, thread_ts: spec.threadTs };
  return envelope(base, spec.team, event, spec.eventId);
}

export function homeOpenedEvent(team: WorkspaceFixture, user: string): Record<string, unknown> {
  const base = fixture('app_home_opened');
  return envelope(base, team, { ...(base.event as Record<string, unknown>), user, channel: `D${user.slice(1)}`, event_ts: nextTs() });
}

export function urlVerification(challenge: string): Record<string, unknown> {
  return { ...fixture('url_verification'), challenge };
}

export interface PressSpec {
  team: WorkspaceFixture;
  user: string;
  channel: string;
  /** The ts of the message that carries the button. */
  messageTs: string;
  /** The thread it is in, when it is a reply. */
  threadTs?: string;
  /** Slack's action_id as rendered (e.g. `case.claim#0`). */
  actionId: string;
  value: string;
  triggerId: string;
  responseUrl: string;
  /** A press on the Home tab instead of a message. */
  fromHome?: boolean;
}

export function buttonPress(spec: PressSpec): Record<string, unknown> {
  const base = fixture('block_actions');
  const user = { ...(base.user as Record<string, unknown>), id: spec.user, username: spec.user.toLowerCase(), name: spec.user.toLowerCase(), team_id: spec.team.teamId };
  const action = { ...((base.actions as Record<string, unknown>[])[0] as Record<string, unknown>), action_id: spec.actionId, value: spec.value, action_ts: `${Date.now() / 1000}` };
  if (spec.fromHome) {
    return {
      ...base,
      user,
      team: { id: spec.team.teamId, domain: spec.team.teamName.toLowerCase().replace(/\s+/g, '-') },
      container: { type: 'view', view_id: `VH${spec.user}` },
      channel: undefined,
      message: undefined,
      response_url: undefined,
      view: { id: `VH${spec.user}`, type: 'home', team_id: spec.team.teamId },
      trigger_id: spec.triggerId,
      actions: [action],
    };
  }
  return {
    ...base,
    user,
    team: { id: spec.team.teamId, domain: spec.team.teamName.toLowerCase().replace(/\s+/g, '-') },
    container: { type: 'message', message_ts: spec.messageTs, channel_id: spec.channel, is_ephemeral: false, ...(spec.threadTs ? { thread_ts: spec.threadTs } : {}) },
    channel: { id: spec.channel, name: 'channel' },
    message: { ...(base.message as Record<string, unknown>), ts: spec.messageTs, team: spec.team.teamId, user: spec.team.botUserId, bot_id: spec.team.botId, ...(spec.threadTs ? { thread_ts: spec.threadTs } : { thread_ts: undefined }) },
    trigger_id: spec.triggerId,
    response_url: spec.responseUrl,
    actions: [action],
  };
}

export interface SubmitSpec {
  team: WorkspaceFixture;
  user: string;
  /** The view as the app opened it (from the stand-in's views.open record). */
  view: Record<string, unknown>;
  /** Input values by block id, each `{ <action_id>: value }`. */
  values: Record<string, Record<string, string>>;
  /** Static-select choices by block id, each `{ <action_id>: option value }`. */
  selects?: Record<string, Record<string, string>>;
  triggerId: string;
}

export function viewSubmission(spec: SubmitSpec): Record<string, unknown> {
  const base = fixture('view_submission');
  const state = {
    values: {
      ...Object.fromEntries(
        Object.entries(spec.values).map(([block, actions]) => [block, Object.fromEntries(Object.entries(actions).map(([id, value]) => [id, { type: 'plain_text_input', value }]))]),
      ),
      // As Slack sends a static_select: the chosen option (its text and value).
      ...Object.fromEntries(
        Object.entries(spec.selects ?? {}).map(([block, actions]) => [
          block,
          Object.fromEntries(Object.entries(actions).map(([id, value]) => [id, { type: 'static_select', selected_option: { text: { type: 'plain_text', text: value, emoji: true }, value } }])),
        ]),
      ),
    },
  };
  return {
    ...base,
    team: { id: spec.team.teamId, domain: 'x' },
    user: { id: spec.user, username: spec.user.toLowerCase(), name: spec.user.toLowerCase(), team_id: spec.team.teamId },
    trigger_id: spec.triggerId,
    view: { ...(base.view as Record<string, unknown>), ...spec.view, team_id: spec.team.teamId, state, hash: `${Date.now()}.x` },
  };
}

export interface CommandSpec {
  team: WorkspaceFixture;
  user: string;
  channel: string;
  text: string;
  triggerId: string;
  responseUrl: string;
}

/** The form fields of `/otasuke <text>`. */
export function slashCommand(spec: CommandSpec): Record<string, string> {
  return {
    ...fixture<Record<string, string>>('slash_command'),
    team_id: spec.team.teamId,
    team_domain: spec.team.teamName.toLowerCase().replace(/\s+/g, '-'),
    channel_id: spec.channel,
    user_id: spec.user,
    user_name: spec.user.toLowerCase(),
    text: spec.text,
    trigger_id: spec.triggerId,
    response_url: spec.responseUrl,
  };
}
