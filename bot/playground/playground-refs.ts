import crypto from 'node:crypto';

/**
 * Refs of the playground channel. Like every platform's, they are opaque
 * outside this folder and stored verbatim by the core:
 *
 * - `web:staff:<threadId>`: one staff conversation (one case); the browser picks the id.
 * - `web:responders`: the demo responder group's destination while the playground runs.
 * - `web:responders:<id>`: the responders' thread of one escalation card (returned by `post`).
 * - `web:admin`: where the admin's knowledge-base commands are answered.
 * - `web:dispatch`: the demo dispatch group's channel (its posts are shown from the database
 *   beside the case card; see responderCaseView).
 */
export const WEB_PLATFORM = 'web';
export const RESPONDERS_DESTINATION = 'web:responders';
export const ADMIN_THREAD = 'web:admin';
export const DISPATCH_DESTINATION = 'web:dispatch';

/** The demo people the page can act as (handlers/directory/local-demo.ts). */
export const PLAYGROUND_ROLES = ['staff', 'responder', 'admin'] as const;
export type PlaygroundRole = (typeof PLAYGROUND_ROLES)[number];

/** Ids the browser makes up (thread ids, delivery keys): letters, digits, `_` and `-`. */
export const CLIENT_ID = /^[A-Za-z0-9_-]{6,64}$/;

const STAFF_REF = /^web:staff:([A-Za-z0-9_-]{6,64})$/;
const RESPONDER_REF = /^web:responders(?::[A-Za-z0-9_-]{6,64})?$/;

export function isPlaygroundRole(value: unknown): value is PlaygroundRole {
  return typeof value === 'string' && (PLAYGROUND_ROLES as readonly string[]).includes(value);
}

/** The platform identity the playground speaks with for a demo role (`web:staff` …). */
export function identityFor(role: PlaygroundRole): string {
  return `${WEB_PLATFORM}:${role}`;
}

export function staffThreadRef(threadId: string): string {
  if (!CLIENT_ID.test(threadId)) throw new RangeError('bad thread id');
  return `web:staff:${threadId}`;
}

/** The browser's thread id of a staff ref, or null for any other ref. */
export function staffThreadId(ref: string): string | null {
  return STAFF_REF.exec(ref)?.[1] ?? null;
}

export function isResponderRef(ref: string): boolean {
  return RESPONDER_REF.test(ref);
}

/** A new responders' thread, one per escalation card posted to the destination. */
export function newResponderThreadRef(): string {
  return `${RESPONDERS_DESTINATION}:${randomId()}`;
}

/**
 * Whether a role may write into a thread from the page: staff in their own
 * conversations, responders in the responders' threads, the admin in the admin
 * thread or a conversation of their own. Anything else is refused before the
 * core sees it (the core checks roles again: this only keeps refs well-formed).
 */
export function mayWriteTo(role: PlaygroundRole, ref: string): boolean {
  if (role === 'staff') return STAFF_REF.test(ref);
  if (role === 'responder') return RESPONDER_REF.test(ref);
  return ref === ADMIN_THREAD || STAFF_REF.test(ref);
}

export function randomId(): string {
  return crypto.randomBytes(9).toString('base64url');
}
