import { OtasukeError } from '../../core/errors.js';
import type { MessageKey } from '../../core/i18n/t.js';
import { UnrecoverableJobError } from '../../workers/errors.js';

/*
 * The Teams adapter's errors and the one translator from what botbuilder and
 * the Bot Framework connector throw to them. The rest of the code branches on
 * these classes, never on messages.
 *
 * Permanent failures (credentials refused, a conversation the bot was removed
 * from, an activity the connector rejects) extend UnrecoverableJobError: a job
 * posting a card then gives up at once instead of retrying what cannot work.
 * Transient ones (429 and 5xx left over after the connector client's own
 * retries, 412, timeouts, network errors) are plain OtasukeErrors, which the
 * job runner retries with backoff.
 */

/** Base of the permanent ones; `status` is the connector's HTTP status, when there was one. */
export class TeamsPermanentError extends UnrecoverableJobError {
  override readonly code: string;
  override readonly userMessageKey: MessageKey;
  constructor(code: string, message: string, readonly status?: number, cause?: unknown) {
    super(message, cause);
    this.code = code;
    this.userMessageKey = 'error.generic';
  }
}

/** The connector refused the bot's credentials (401/403): wrong app id or password, or the app was blocked. */
export class TeamsAuthError extends TeamsPermanentError {
  constructor(status: number, cause?: unknown) {
    super('TEAMS_AUTH', `The Bot Framework connector refused the bot's credentials (HTTP ${status})`, status, cause);
  }
}

/** The conversation or message is gone, or the bot was removed from it (404/410). */
export class TeamsNotFoundError extends TeamsPermanentError {
  constructor(status: number, cause?: unknown) {
    super('TEAMS_NOT_FOUND', `The conversation or message does not exist for the bot (HTTP ${status})`, status, cause);
  }
}

/** The connector rejected the activity itself (400, 413: a card it cannot take). */
export class TeamsRequestRejectedError extends TeamsPermanentError {
  constructor(status: number, cause?: unknown) {
    super('TEAMS_REQUEST_REJECTED', `The Bot Framework connector rejected the activity (HTTP ${status})`, status, cause);
  }
}

/** A ref that is not a Teams ref the adapter wrote. */
export class InvalidTeamsRefError extends TeamsPermanentError {
  constructor(ref: string) {
    super('TEAMS_INVALID_REF', `Not a Teams ref: ${ref.slice(0, 200)}`);
  }
}

/** No stored ConversationReference: the bot was never reached in that conversation, so it cannot post there. */
export class TeamsConversationUnknownError extends TeamsPermanentError {
  constructor(readonly conversationId: string) {
    super('TEAMS_CONVERSATION_UNKNOWN', `No conversation reference is stored for ${conversationId.slice(0, 200)}; install the app there first`);
  }
}

/** The connector kept answering 429 after the client's own Retry-After waits. */
export class TeamsRateLimitedError extends OtasukeError {
  constructor(cause?: unknown) {
    super('TEAMS_RATE_LIMITED', 'Teams rate limit (HTTP 429)', { cause, userMessageKey: 'error.temporary' });
  }
}

/** Network failure, timeout, 412 or a 5xx: worth trying again later. */
export class TeamsUnavailableError extends OtasukeError {
  constructor(message: string, cause?: unknown) {
    super('TEAMS_UNAVAILABLE', message, { cause, userMessageKey: 'error.temporary' });
  }
}

/** An authenticated activity without the fields the bot needs (tenant, sender, conversation). */
export class MalformedActivityError extends OtasukeError {
  constructor(reason: string) {
    super('TEAMS_MALFORMED_ACTIVITY', `Malformed activity: ${reason}`, { userMessageKey: 'error.invalidInput' });
  }
}

/**
 * A request to /api/messages whose token was refused: none or a malformed
 * one, a bad signature (or a key id the Bot Framework's key set does not
 * have), an algorithm other than RS256/384/512, another audience or issuer,
 * an expired token, a `serviceurl` claim other than the activity's. HTTP 401,
 * logged at warn; nothing of the request is processed. `reason` is for the
 * log only; the caller gets no detail.
 */
export class TeamsUnauthenticatedError extends OtasukeError {
  constructor(
    readonly reason: string,
    cause?: unknown,
  ) {
    super('TEAMS_UNAUTHENTICATED', `Teams request not authenticated: ${reason}`, { cause, userMessageKey: 'error.forbidden' });
  }
}

/**
 * The token of a request to /api/messages could not be checked because the
 * signing keys could not be fetched (the OpenID metadata document or its key
 * set unreachable, answering an error, or not JSON). Not the sender's fault:
 * HTTP 503, so the Bot Framework may deliver it again, logged as an error;
 * nothing of the request is processed. `reason` is for the log only.
 */
export class TeamsSigningKeysUnavailableError extends OtasukeError {
  constructor(
    readonly reason: string,
    cause?: unknown,
  ) {
    super('TEAMS_SIGNING_KEYS_UNAVAILABLE', `Teams request could not be authenticated: ${reason}`, { cause, userMessageKey: 'error.temporary' });
  }
}

const MAX_REASON_CHARS = 300;
/** What jsonwebtoken names the errors it throws for a token it refuses. */
const TOKEN_ERROR_NAMES = new Set(['JsonWebTokenError', 'TokenExpiredError', 'NotBeforeError']);
/** What node-fetch names a failure to fetch (network, timeout, a body that is not JSON). */
const FETCH_ERROR_NAMES = new Set(['FetchError', 'AbortError']);

/**
 * Maps what botframework-connector throws while authenticating an incoming
 * request: a token it refused → TeamsUnauthenticatedError (401), signing keys
 * it could not fetch → TeamsSigningKeysUnavailableError (503); null when the
 * error is neither (a failure of the bot: 500). Its AuthenticationError
 * carries a status: 401/403 for a refused token (an unknown key id
 * included), 500 when the OpenID metadata or key set answered an error;
 * node-fetch throws FetchError when they cannot be reached or are not JSON;
 * jsonwebtoken throws its own errors (bad signature, malformed, wrong
 * algorithm) without a status.
 */
export function translateTeamsAuthFailure(err: unknown): TeamsUnauthenticatedError | TeamsSigningKeysUnavailableError | null {
  if (err instanceof TeamsUnauthenticatedError || err instanceof TeamsSigningKeysUnavailableError) return err;
  const e = (typeof err === 'object' && err !== null ? err : {}) as RestLikeError;
  const status = typeof e.statusCode === 'number' ? e.statusCode : 0;
  const name = typeof e.name === 'string' ? e.name : '';
  const detail = (err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ').slice(0, MAX_REASON_CHARS);
  if (status >= 500 || FETCH_ERROR_NAMES.has(name)) return new TeamsSigningKeysUnavailableError(`signing keys unavailable: ${detail}`, err);
  if ((status >= 400 && status < 500) || TOKEN_ERROR_NAMES.has(name)) return new TeamsUnauthenticatedError(`invalid token: ${detail}`, err);
  return null;
}

interface RestLikeError {
  statusCode?: unknown;
  name?: unknown;
  code?: unknown;
}

/**
 * Maps anything the connector client throws to the adapter's classes. Project
 * errors pass through; an unknown throw becomes TeamsUnavailableError (retryable).
 */
export function translateTeamsError(err: unknown): OtasukeError {
  if (err instanceof OtasukeError) return err;
  const e = (typeof err === 'object' && err !== null ? err : {}) as RestLikeError;
  const status = typeof e.statusCode === 'number' ? e.statusCode : 0;
  if (status === 401 || status === 403) return new TeamsAuthError(status, err);
  if (status === 404 || status === 410) return new TeamsNotFoundError(status, err);
  if (status === 429) return new TeamsRateLimitedError(err);
  // 412: Teams' "precondition failed" on concurrent sends to one conversation; retry it.
  if (status === 412 || status === 408 || status >= 500) return new TeamsUnavailableError(`Teams answered HTTP ${status}`, err);
  if (status >= 400) return new TeamsRequestRejectedError(status, err);
  if (e.name === 'AbortError') return new TeamsUnavailableError('Teams did not answer in time', err);
  const message = err instanceof Error ? err.message : String(err);
  return new TeamsUnavailableError(`Teams call failed: ${message}`, err);
}

/** True when the message to update cannot be updated any more (post a new one instead). */
export function isGoneMessage(err: OtasukeError): boolean {
  return err instanceof TeamsNotFoundError;
}
