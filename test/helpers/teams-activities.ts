import fs from 'node:fs';
import path from 'node:path';

/**
 * Teams activities as the Bot Framework POSTs them to the bot, built from the
 * recorded-shape payloads in test/fixtures/teams/ with the scenario's people,
 * conversations and the stand-in connector's serviceUrl filled in.
 */

const FIXTURES = path.resolve(__dirname, '../fixtures/teams');

export const BOT_ID = '28:00000000-0000-4000-8000-0000000000b0';
/** Microsoft 365 organisations of the scenario. */
export const CUSTOMER_AAD = '11111111-2222-4333-8444-555555555555';
export const VENDOR_AAD = '99999999-8888-4777-8666-555555555555';
export const STRANGER_AAD = '77777777-6666-4555-8444-333333333333';
/** The customer's general channel and the vendor's responders channel. */
export const CUSTOMER_CHANNEL = '19:2a7c0b8e1f4d4b9a8c3e5f6a7b8c9d0e@thread.tacv2';
export const RESPONDERS_CHANNEL = '19:4e5f6a7b8c9d4e0f9a1b2c3d4e5f6a7b@thread.tacv2';

export interface TeamsPerson {
  aadTenantId: string;
  aadObjectId: string;
  /** The Teams user id (29:…). */
  teamsId: string;
  name: string;
  locale: string;
}

export const PEOPLE = {
  asker: { aadTenantId: CUSTOMER_AAD, aadObjectId: '6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f', teamsId: '29:1kXy0u3pQ-asker', name: '佐藤 花子', locale: 'ja-JP' },
  englishAsker: { aadTenantId: CUSTOMER_AAD, aadObjectId: '5e0b1c2d-3a4f-4b6c-9d8e-7f6a5b4c3d2e', teamsId: '29:1kXy0u3pQ-emily', name: 'Emily Clark', locale: 'en-US' },
  admin: { aadTenantId: CUSTOMER_AAD, aadObjectId: '4d9a0b1c-2e3f-4a5b-8c6d-7e8f9a0b1c2d', teamsId: '29:1kXy0u3pQ-admin', name: '鈴木 一郎', locale: 'ja-JP' },
  responder: { aadTenantId: VENDOR_AAD, aadObjectId: '0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e', teamsId: '29:1bRz5tYq8u-yamada', name: '山田 太郎', locale: 'ja-JP' },
  responder2: { aadTenantId: VENDOR_AAD, aadObjectId: '1c2d3e4f-5a6b-4c7d-9e8f-0a1b2c3d4e5f', teamsId: '29:1bRz5tYq8u-tanaka', name: '田中 次郎', locale: 'ja-JP' },
  stranger: { aadTenantId: STRANGER_AAD, aadObjectId: '2d3e4f5a-6b7c-4d8e-8f9a-0b1c2d3e4f5a', teamsId: '29:1nobody', name: 'Nobody', locale: 'en-US' },
} as const satisfies Record<string, TeamsPerson>;

/** Where an action happens: a channel thread (its root message), or a person's chat with the bot. */
export type Where = { channel: string; rootId: string } | { personal: TeamsPerson };

export function personalConversationOf(p: TeamsPerson): string {
  return `a:1personal-${p.aadObjectId}`;
}

export function identityOf(p: TeamsPerson): string {
  return `teams:${p.aadTenantId}:${p.aadObjectId}`;
}

type Json = Record<string, unknown>;

function fixture(name: string): Json {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8')) as Json;
}

let clock = 1_763_600_000_000;
/** A Teams message id: milliseconds, increasing. */
export function nextMessageId(): string {
  return String(++clock);
}

export class TeamsActivities {
  constructor(readonly serviceUrl: string) {}

  /** A message in the person's personal chat with the bot. */
  personal(person: TeamsPerson, text: string, extra: Json = {}): Json {
    const a = fixture('personal-message');
    const id = nextMessageId();
    return {
      ...a,
      ...this.common(person, { conversationType: 'personal', tenantId: person.aadTenantId, id: personalConversationOf(person) }),
      id,
      text,
      attachments: [{ contentType: 'text/html', content: `<p>${text}</p>` }],
      ...extra,
    };
  }

  /** A new post in a channel (a new reply chain); `mention` puts the bot's @mention in front. */
  channelPost(person: TeamsPerson, channel: string, text: string, options: { mention?: boolean; extra?: Json } = {}): Json {
    const id = nextMessageId();
    return this.channelMessage(person, `${channel};messageid=${id}`, id, text, options.mention ?? true, options.extra);
  }

  /** A reply in a channel's reply chain whose first message is `rootId`. */
  channelReply(person: TeamsPerson, channel: string, rootId: string, text: string, options: { mention?: boolean; extra?: Json } = {}): Json {
    return this.channelMessage(person, `${channel};messageid=${rootId}`, nextMessageId(), text, options.mention ?? false, options.extra);
  }

  /** An Action.Execute press on a card (invoke `adaptiveCard/action`). */
  execute(person: TeamsPerson, where: Where, replyToId: string, data: Json, extra: Json = {}): Json {
    const a = fixture('action-execute');
    return {
      ...a,
      ...this.common(person, this.conversation(person, where)),
      id: `f:${nextMessageId()}`,
      replyToId,
      value: { action: { type: 'Action.Execute', title: 'x', verb: String(data.actionId ?? ''), data }, trigger: 'manual' },
      ...extra,
    };
  }

  /** An Action.Submit press (clients without Universal Actions): a message whose value is the data. */
  submit(person: TeamsPerson, where: Where, replyToId: string, data: Json): Json {
    const a = fixture('action-submit');
    const { text: _text, ...rest } = a;
    return { ...rest, ...this.common(person, this.conversation(person, where)), id: nextMessageId(), replyToId, value: data };
  }

  taskFetch(person: TeamsPerson, where: Where, replyToId: string, data: Json): Json {
    const a = fixture('task-fetch');
    return { ...a, ...this.common(person, this.conversation(person, where)), id: `f:${nextMessageId()}`, replyToId, value: { type: 'task/fetch', data, context: { theme: 'default' } } };
  }

  taskSubmit(person: TeamsPerson, where: Where, replyToId: string, data: Json): Json {
    const a = fixture('task-submit');
    return { ...a, ...this.common(person, this.conversation(person, where)), id: `f:${nextMessageId()}`, replyToId, value: { type: 'task/submit', data, context: { theme: 'default' } } };
  }

  /** The app installed in a team: Teams tells the bot in the channel it was added to. */
  botAddedToChannel(person: TeamsPerson, channel: string, teamName: string, channelName: string): Json {
    const a = fixture('conversation-update-bot-added');
    return {
      ...a,
      ...this.common(person, { isGroup: true, conversationType: 'channel', tenantId: person.aadTenantId, id: channel }),
      id: `f:${nextMessageId()}`,
      channelData: { team: { id: channel, name: teamName }, channel: { id: channel, name: channelName }, eventType: 'teamMemberAdded', tenant: { id: person.aadTenantId } },
    };
  }

  /** The app installed in a person's personal scope: the bot joins their chat. */
  botAddedToPersonal(person: TeamsPerson): Json {
    const a = fixture('conversation-update-bot-added');
    return {
      ...a,
      ...this.common(person, { conversationType: 'personal', tenantId: person.aadTenantId, id: personalConversationOf(person) }),
      id: `f:${nextMessageId()}`,
      channelData: { tenant: { id: person.aadTenantId } },
    };
  }

  private channelMessage(person: TeamsPerson, conversationId: string, id: string, text: string, mention: boolean, extra: Json = {}): Json {
    const a = fixture('channel-mention');
    const channel = conversationId.split(';')[0]!;
    const body = mention ? `<at>Otasuke</at> ${text}` : text;
    const entities = (a.entities as Json[]).filter((e) => e.type !== 'mention' || mention);
    return {
      ...a,
      ...this.common(person, { isGroup: true, conversationType: 'channel', tenantId: person.aadTenantId, id: conversationId }),
      id,
      text: body,
      entities,
      channelData: { teamsChannelId: channel, channel: { id: channel }, team: { id: channel }, tenant: { id: person.aadTenantId } },
      ...extra,
    };
  }

  private conversation(person: TeamsPerson, where: Where): Json {
    return 'channel' in where
      ? { isGroup: true, conversationType: 'channel', tenantId: person.aadTenantId, id: `${where.channel};messageid=${where.rootId}` }
      : { conversationType: 'personal', tenantId: where.personal.aadTenantId, id: personalConversationOf(where.personal) };
  }

  private common(person: TeamsPerson, conversation: Json): Json {
    return {
      serviceUrl: this.serviceUrl,
      from: { id: person.teamsId, name: person.name, aadObjectId: person.aadObjectId },
      recipient: { id: BOT_ID, name: 'Otasuke' },
      conversation,
      locale: person.locale,
      channelData: { tenant: { id: person.aadTenantId } },
    };
  }
}

export interface PostResult {
  status: number;
  body: unknown;
  text: string;
}

/** POSTs an activity to the bot's /api/messages as the Bot Framework does. */
export async function postActivity(url: string, activity: unknown, headers: Record<string, string> = {}): Promise<PostResult> {
  const r = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: typeof activity === 'string' ? activity : JSON.stringify(activity),
  });
  const text = await r.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: r.status, body, text };
}
