import { InvalidTeamsRefError } from './teams-errors.js';

/**
 * The opaque, platform-prefixed ids the Teams adapter hands to the core, and
 * the only code that builds or reads them:
 *
 * - identity of a person: `teams:<aadTenantId>:<aadObjectId>` (both GUIDs, lower case)
 * - destination (a channel, a personal or group chat): `teams:<conversationId>`
 * - thread: `teams:<conversationId>;messageid=<rootMessageId>`: in a team channel this
 *   is exactly the conversation id Teams gives the messages of a reply chain; in a
 *   personal or group chat (no reply chains) the message id is the first message of
 *   the case, and replies go to the chat as replies to that message.
 */
export const PLATFORM = 'teams';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Conversation ids look like `19:abc@thread.tacv2`, `a:1Xy…`, `19:…@unq.gbl.spaces`. */
const CONVERSATION = /^[A-Za-z0-9][A-Za-z0-9:@._\-+/=!~]{2,400}$/;
/** Teams message ids are digits; other Bot Framework channels use other shapes. */
const MESSAGE_ID = /^[A-Za-z0-9:._-]{1,120}$/;
const THREAD_SUFFIX = ';messageid=';

/** A decoded destination or thread ref. */
export interface TeamsRef {
  /** The conversation without its `;messageid=` suffix: where the stored reference is kept. */
  conversationId: string;
  /** The root message of the thread, when the ref is a thread. */
  messageId?: string;
}

export function isGuid(value: string | undefined): value is string {
  return !!value && GUID.test(value);
}

export function identityOf(aadTenantId: string, aadObjectId: string): string {
  if (!isGuid(aadTenantId)) throw new InvalidTeamsRefError(`tenant ${JSON.stringify(aadTenantId)}`);
  if (!isGuid(aadObjectId)) throw new InvalidTeamsRefError(`user ${JSON.stringify(aadObjectId)}`);
  return `${PLATFORM}:${aadTenantId.toLowerCase()}:${aadObjectId.toLowerCase()}`;
}

/** Reads an identity; null when it is not a Teams identity. */
export function parseIdentity(identity: string): { aadTenantId: string; aadObjectId: string } | null {
  const m = /^teams:([^:]+):([^:]+)$/.exec(identity);
  if (!m || !isGuid(m[1]) || !isGuid(m[2])) return null;
  return { aadTenantId: m[1], aadObjectId: m[2] };
}

/** Splits a conversation id as Teams sends it (maybe with `;messageid=`) into its parts. */
export function splitConversationId(raw: string): TeamsRef {
  const at = raw.indexOf(THREAD_SUFFIX);
  const conversationId = at < 0 ? raw : raw.slice(0, at);
  const messageId = at < 0 ? undefined : raw.slice(at + THREAD_SUFFIX.length);
  if (!CONVERSATION.test(conversationId) || conversationId.includes(';')) throw new InvalidTeamsRefError(`conversation ${JSON.stringify(raw.slice(0, 200))}`);
  if (messageId !== undefined && !MESSAGE_ID.test(messageId)) throw new InvalidTeamsRefError(`message id ${JSON.stringify(messageId.slice(0, 200))}`);
  return messageId === undefined ? { conversationId } : { conversationId, messageId };
}

export function destinationOf(conversationId: string): string {
  const ref = splitConversationId(conversationId);
  return `${PLATFORM}:${ref.conversationId}`;
}

export function threadRefOf(conversationId: string, messageId: string): string {
  const ref = splitConversationId(`${splitConversationId(conversationId).conversationId}${THREAD_SUFFIX}${messageId}`);
  return `${PLATFORM}:${ref.conversationId}${THREAD_SUFFIX}${ref.messageId}`;
}

/** The ref of a conversation id exactly as Teams gave it (a channel reply chain keeps its suffix). */
export function refOfConversation(rawConversationId: string): string {
  const ref = splitConversationId(rawConversationId);
  return ref.messageId ? threadRefOf(ref.conversationId, ref.messageId) : destinationOf(ref.conversationId);
}

/** Reads a destination or thread ref; anything else throws InvalidTeamsRefError. */
export function parseRef(ref: string): TeamsRef {
  if (!ref.startsWith(`${PLATFORM}:`)) throw new InvalidTeamsRefError(ref);
  return splitConversationId(ref.slice(PLATFORM.length + 1));
}

/** The conversation id a thread ref lives in, as Teams spells it for a channel reply chain. */
export function conversationIdOf(ref: TeamsRef): string {
  return ref.messageId ? `${ref.conversationId}${THREAD_SUFFIX}${ref.messageId}` : ref.conversationId;
}

/** Stable id of the directory user behind a Teams identity (auto-registration). */
export function userIdOf(aadObjectId: string): string {
  return `teams-${aadObjectId.toLowerCase()}`;
}
