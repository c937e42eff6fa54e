import { z } from 'zod';
import { MalformedActivityError } from './teams-errors.js';
import { isGuid, splitConversationId, type TeamsRef } from './teams-ids.js';
import { parseTeamsText } from './teams-markup.js';
import { hasFormatting, type RichSpan } from '../../handlers/rich-text.js';
import { DISPATCH_FORM_FIELDS } from './teams-forms.js';

/*
 * Bot Framework activities as Teams sends them → the few facts the adapter
 * uses. Pure functions over plain JSON, so the unit tests feed them recorded
 * payloads (test/fixtures/teams/). Anything not shaped like a Teams activity
 * from a known kind of conversation is refused here, before the core sees it.
 */

export type ConversationType = 'personal' | 'groupChat' | 'channel';

/** What the adapter reads from an authenticated activity. */
export interface TeamsActivity {
  type: string;
  /** Activity id (a Teams message id for messages); deduplication key of retries. */
  id: string;
  /** Invoke name (`adaptiveCard/action`, `task/fetch`, `task/submit`). */
  name?: string;
  serviceUrl: string;
  /** The conversation id as sent (a channel reply chain keeps its thread suffix). */
  rawConversationId: string;
  conversation: TeamsRef;
  conversationType: ConversationType;
  aadTenantId: string;
  /** The person: Entra object id (absent for bots and some guests), display name. */
  from: { id: string; aadObjectId?: string; name?: string };
  botId: string;
  text: string;
  /** The text with its formatting (bold, italic, strike, links), when it has any: relays keep it. */
  rich?: RichSpan[];
  locale?: string;
  /** The message a reply, a card press or a submit refers to. */
  replyToId?: string;
  value?: unknown;
  mentionsBot: boolean;
  teamName?: string;
  channelName?: string;
}

const account = z.object({ id: z.string().min(1).max(500), name: z.string().max(500).optional(), aadObjectId: z.string().max(100).optional() });
const mention = z.object({ type: z.literal('mention'), mentioned: z.object({ id: z.string() }).optional(), text: z.string().max(1000).optional() });

const activitySchema = z.object({
  type: z.string().min(1).max(100),
  id: z.string().min(1).max(300),
  name: z.string().max(200).optional(),
  channelId: z.literal('msteams'),
  serviceUrl: z.url({ protocol: /^https?$/ }).max(2000),
  from: account,
  recipient: account,
  conversation: z.object({ id: z.string().min(1).max(1000), conversationType: z.string().max(50).optional(), tenantId: z.string().max(100).optional() }),
  channelData: z
    .object({
      tenant: z.object({ id: z.string().max(100) }).optional(),
      team: z.object({ id: z.string().max(500).optional(), name: z.string().max(500).optional() }).optional(),
      channel: z.object({ id: z.string().max(500).optional(), name: z.string().max(500).optional() }).optional(),
    })
    .optional(),
  text: z.string().optional(),
  locale: z.string().max(50).optional(),
  replyToId: z.string().max(300).optional(),
  value: z.unknown().optional(),
  entities: z.array(z.unknown()).max(100).optional(),
});

/** Reads an activity; throws MalformedActivityError for anything the bot cannot act on safely. */
export function readActivity(raw: unknown): TeamsActivity {
  const parsed = activitySchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new MalformedActivityError(`${issue?.path.join('.') || 'activity'}: ${issue?.message ?? 'invalid'}`);
  }
  const a = parsed.data;
  const aadTenantId = a.channelData?.tenant?.id ?? a.conversation.tenantId;
  if (!isGuid(aadTenantId)) throw new MalformedActivityError('no Microsoft 365 tenant id');
  let conversation: TeamsRef;
  try {
    conversation = splitConversationId(a.conversation.id);
  } catch {
    throw new MalformedActivityError('conversation id');
  }
  const mentions = (a.entities ?? []).flatMap((e) => {
    const m = mention.safeParse(e);
    return m.success ? [m.data] : [];
  });
  const botMentions = mentions.filter((m) => m.mentioned?.id === a.recipient.id).map((m) => m.text ?? '');
  return {
    type: a.type,
    id: a.id,
    ...(a.name ? { name: a.name } : {}),
    serviceUrl: a.serviceUrl,
    rawConversationId: a.conversation.id,
    conversation,
    conversationType: conversationTypeOf(a.conversation.conversationType, a.conversation.id),
    aadTenantId: aadTenantId.toLowerCase(),
    from: { id: a.from.id, ...(isGuid(a.from.aadObjectId) ? { aadObjectId: a.from.aadObjectId.toLowerCase() } : {}), ...(a.from.name ? { name: a.from.name } : {}) },
    botId: a.recipient.id,
    text: cleanText(a.text ?? '', botMentions),
    ...richOf(a.text ?? '', botMentions),
    ...(a.locale ? { locale: a.locale } : {}),
    ...(a.replyToId ? { replyToId: a.replyToId } : {}),
    ...(a.value !== undefined ? { value: a.value } : {}),
    mentionsBot: mentions.some((m) => m.mentioned?.id === a.recipient.id),
    ...(a.channelData?.team?.name ? { teamName: a.channelData.team.name } : {}),
    ...(a.channelData?.channel?.name ? { channelName: a.channelData.channel.name } : {}),
  };
}

function richOf(text: string, botMentions: string[]): { rich?: RichSpan[] } {
  const rich = parseTeamsText(text, botMentions);
  return hasFormatting(rich) ? { rich } : {};
}

function conversationTypeOf(declared: string | undefined, id: string): ConversationType {
  if (declared === 'personal' || declared === 'groupChat' || declared === 'channel') return declared;
  if (id.startsWith('a:') || id.startsWith('8:')) return 'personal';
  return id.includes('@thread.tacv2') || id.includes('@thread.skype') ? 'channel' : 'groupChat';
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

/**
 * Teams message text as the person saw it: the bot's own mention removed,
 * other mentions as `@name`, Teams' HTML (paragraphs, line breaks, styling)
 * reduced to text, entities decoded once. What comes out is data for the
 * core, which neutralises it; the renderer keeps it mention-free on the way out.
 */
export function cleanText(text: string, botMentionTexts: string[] = []): string {
  let out = text;
  for (const m of botMentionTexts) if (m) out = out.split(m).join(' ');
  out = out
    .replace(/<at\b[^>]*>([\s\S]*?)<\/at\s*>/gi, (_m, name: string) => `@${name.trim()}`)
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li)>/gi, '\n')
    .replace(/<\/?[a-z][a-z0-9]*\b[^>]*>/gi, '')
    .replace(/&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,8});/gi, (whole, name: string) => {
      if (name[0] === '#') {
        const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
      }
      return ENTITIES[name.toLowerCase()] ?? whole;
    });
  return out
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\u00a0]{2,}/g, ' ')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** What a message asks for. */
export type TeamsRequest =
  | { kind: 'help' }
  | { kind: 'newCase' }
  | { kind: 'question'; text: string }
  | { kind: 'command'; command: string; args: string[]; body?: string };

const CASE_COMMAND = /^(claim|release|resolve|reassign|reclassify|fits|reply|report)$/i;

/**
 * Reads a message: nothing or `help` → usage; `new` → a new case (chats
 * without reply chains); `kb …` → a knowledge-base command (Markdown on the
 * following lines); `claim|release|resolve|reassign|reply|report OT-…` → a
 * case command; anything else is a question. A leading `/` or `otasuke` is
 * allowed, as people type it out of habit from Slack.
 */
export function parseRequest(raw: string): TeamsRequest {
  const text = raw.replace(/^\/?\s*(otasuke|お助けボット)\b\s*/i, '').replace(/^\//, '').trim();
  if (!text || /^(help|ヘルプ|使い方|\?|？)$/i.test(text)) return { kind: 'help' };
  if (/^(new|新しい相談|新規相談|新規)$/i.test(text)) return { kind: 'newCase' };
  const [first = '', ...rest] = text.split('\n');
  const words = first.trim().split(/\s+/);
  const body = rest.join('\n').trim() || undefined;
  const [head = '', second = ''] = words;
  if (/^kb$/i.test(head)) return { kind: 'command', command: 'kb', args: words.slice(1), ...(body ? { body } : {}) };
  if (CASE_COMMAND.test(head) && /^OT-\d{1,12}$/i.test(second)) {
    return { kind: 'command', command: head.toLowerCase(), args: words.slice(1), ...(body ? { body } : {}) };
  }
  return { kind: 'question', text: raw.trim() };
}

/** A button press or form submit, as read from the untrusted data a card sent back. */
export interface CardAction {
  actionId: string;
  value: string;
  summary?: string;
  /** The triage-correction dialog's fields (checked again by the core). */
  severity?: string;
  category?: string;
  reason?: string;
  /** The on-site dispatch dialogs' fields (request, ETA, end of work), checked again by the core. */
  form?: Record<string, string>;
}

const ACTION_ID = /^[a-z][a-z0-9_]*(?:\.[a-z0-9_]+){1,3}$/;

/**
 * The action in an invoke or submit value: `adaptiveCard/action` carries it
 * in `action.data`, `task/fetch` / `task/submit` in `data`, an Action.Submit
 * message in `value` itself. Null when it is not one the renderer wrote.
 */
export function cardActionOf(activity: Pick<TeamsActivity, 'type' | 'name' | 'value'>): CardAction | null {
  const value = asRecord(activity.value);
  if (!value) return null;
  const data =
    activity.name === 'adaptiveCard/action'
      ? asRecord(asRecord(value.action)?.data)
      : activity.name === 'task/fetch' || activity.name === 'task/submit'
        ? asRecord(value.data)
        : value;
  if (!data || typeof data.actionId !== 'string' || !ACTION_ID.test(data.actionId) || typeof data.value !== 'string') return null;
  const summary = typeof data.summary === 'string' ? data.summary.slice(0, 20_000) : undefined;
  const field = (name: 'severity' | 'category' | 'reason', max: number) => (typeof data[name] === 'string' ? { [name]: (data[name] as string).slice(0, max) } : {});
  const form = data.actionId.startsWith('dispatch.')
    ? Object.fromEntries(DISPATCH_FORM_FIELDS.filter((f) => typeof data[f] === 'string').map((f) => [f, (data[f] as string).slice(0, 1000)]))
    : {};
  return {
    actionId: data.actionId,
    value: data.value.slice(0, 500),
    ...(Object.keys(form).length ? { form } : {}),
    ...(summary !== undefined ? { summary } : {}),
    ...field('severity', 20),
    ...field('category', 40),
    ...field('reason', 2000),
  };
}

function asRecord(v: unknown): Record<string, unknown> | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}
