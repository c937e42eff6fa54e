import { webApi } from '@slack/bolt';
import { OtasukeError } from '../../core/errors.js';
import type { MessageKey } from '../../core/i18n/t.js';
import { UnrecoverableJobError } from '../../workers/errors.js';

/*
 * The Slack adapter's errors and the one translator from what @slack/web-api
 * and Bolt throw to them. The rest of the code branches on these classes.
 *
 * Permanent failures (a revoked token, a channel that is gone, blocks Slack
 * refuses) extend UnrecoverableJobError: when a job posts a card, the runner
 * then gives up at once instead of retrying a request that can never succeed.
 * Transient ones (rate limits Slack kept answering, timeouts, 5xx) are plain
 * OtasukeErrors, which the runner retries with backoff.
 */

/** Base of the permanent ones; `slackError` is Slack's own error string, when it gave one. */
export class SlackPermanentError extends UnrecoverableJobError {
  override readonly code: string;
  override readonly userMessageKey: MessageKey;
  constructor(code: string, message: string, readonly slackError?: string, cause?: unknown, userMessageKey: MessageKey = 'error.generic') {
    super(message, cause);
    this.code = code;
    this.userMessageKey = userMessageKey;
  }
}

/** The workspace has no (current) installation: nobody can be answered there. */
export class SlackNotInstalledError extends SlackPermanentError {
  constructor(readonly team: string) {
    super('SLACK_NOT_INSTALLED', `Slack workspace ${team} is not installed`, undefined, undefined, 'error.unknownUser');
  }
}

/** The token was revoked, is invalid, or lacks a scope. */
export class SlackAuthError extends SlackPermanentError {
  constructor(slackError: string, cause?: unknown) {
    super('SLACK_AUTH', `Slack refused the token: ${slackError}`, slackError, cause);
  }
}

/** The channel, message or user does not exist or the bot cannot see it. */
export class SlackNotFoundError extends SlackPermanentError {
  constructor(slackError: string, cause?: unknown) {
    super('SLACK_NOT_FOUND', `Slack could not find the target: ${slackError}`, slackError, cause);
  }
}

/** Slack refused the request itself (blocks, arguments, an expired trigger). */
export class SlackRequestRejectedError extends SlackPermanentError {
  constructor(slackError: string, cause?: unknown) {
    super('SLACK_REQUEST_REJECTED', `Slack rejected the request: ${slackError}`, slackError, cause);
  }
}

/** A ref that is not a Slack ref the adapter wrote. */
export class InvalidSlackRefError extends SlackPermanentError {
  constructor(ref: string) {
    super('SLACK_INVALID_REF', `Not a Slack ref: ${ref.slice(0, 200)}`);
  }
}

/** Slack kept answering 429 after the client waited out every Retry-After it was given. */
export class SlackRateLimitedError extends OtasukeError {
  constructor(readonly retryAfterSeconds: number | undefined, cause?: unknown) {
    super('SLACK_RATE_LIMITED', `Slack rate limit (retry after ${retryAfterSeconds ?? '?'} s)`, { cause, userMessageKey: 'error.temporary' });
  }
}

/** Network failure, timeout or a 5xx: worth trying again later. */
export class SlackUnavailableError extends OtasukeError {
  constructor(message: string, cause?: unknown) {
    super('SLACK_UNAVAILABLE', message, { cause, userMessageKey: 'error.temporary' });
  }
}

const AUTH_ERRORS = new Set([
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'token_expired',
  'account_inactive',
  'missing_scope',
  'no_permission',
  'org_login_required',
  'team_access_not_granted',
  'ekm_access_denied',
  'not_allowed_token_type',
]);
const NOT_FOUND_ERRORS = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'message_not_found',
  'cant_update_message',
  'user_not_found',
  'users_not_found',
  'user_not_in_channel',
  'thread_not_found',
]);
const TRANSIENT_ERRORS = new Set(['ratelimited', 'service_unavailable', 'fatal_error', 'internal_error', 'request_timeout']);

/** Codes @slack/web-api puts on its errors (stable strings, unlike messages). */
const WEB_API = webApi.ErrorCode;

interface CodedError {
  code?: unknown;
  data?: { error?: unknown };
  retryAfter?: unknown;
  statusCode?: unknown;
  original?: unknown;
}

/**
 * Maps anything the Slack SDKs throw to the adapter's classes. Project errors
 * pass through; an unknown throw becomes SlackUnavailableError (retryable).
 */
export function translateSlackError(err: unknown): OtasukeError {
  if (err instanceof OtasukeError) return err;
  const e = (typeof err === 'object' && err !== null ? err : {}) as CodedError;
  switch (e.code) {
    case WEB_API.PlatformError: {
      const slackError = typeof e.data?.error === 'string' ? e.data.error : 'unknown_error';
      if (slackError === 'ratelimited') return new SlackRateLimitedError(undefined, err);
      if (AUTH_ERRORS.has(slackError)) return new SlackAuthError(slackError, err);
      if (NOT_FOUND_ERRORS.has(slackError)) return new SlackNotFoundError(slackError, err);
      if (TRANSIENT_ERRORS.has(slackError)) return new SlackUnavailableError(`Slack answered ${slackError}`, err);
      return new SlackRequestRejectedError(slackError, err);
    }
    case WEB_API.RateLimitedError:
      return new SlackRateLimitedError(typeof e.retryAfter === 'number' ? e.retryAfter : undefined, err);
    case WEB_API.HTTPError: {
      const status = typeof e.statusCode === 'number' ? e.statusCode : 0;
      if (status === 401 || status === 403) return new SlackAuthError(`http_${status}`, err);
      if (status === 404 || status === 410) return new SlackNotFoundError(`http_${status}`, err);
      if (status === 429) return new SlackRateLimitedError(undefined, err);
      if (status >= 400 && status < 500) return new SlackRequestRejectedError(`http_${status}`, err);
      return new SlackUnavailableError(`Slack answered HTTP ${status}`, err);
    }
    case WEB_API.RequestError:
      return new SlackUnavailableError('Slack could not be reached (network error or timeout)', err);
    // Bolt wraps what authorize() threw, and the OAuth installer wraps what the installation store threw.
    case 'slack_bolt_authorization_error':
    case 'slack_oauth_installer_authorization_error':
      return e.original !== undefined ? translateSlackError(e.original) : new SlackAuthError('authorization_failed', err);
  }
  const message = err instanceof Error ? err.message : String(err);
  return new SlackUnavailableError(`Slack call failed: ${message}`, err);
}

/** True when the failure says the message to update cannot be updated (post a new one instead). */
export function isGoneMessage(err: OtasukeError): boolean {
  return err instanceof SlackNotFoundError && (err.slackError === 'message_not_found' || err.slackError === 'cant_update_message');
}

/** True when the bot cannot post in that channel (post to the person directly instead). */
export function isUnreachableChannel(err: OtasukeError): boolean {
  return err instanceof SlackNotFoundError && (err.slackError === 'channel_not_found' || err.slackError === 'not_in_channel' || err.slackError === 'is_archived');
}
