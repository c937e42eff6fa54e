import type { Authorize, AuthorizeResult } from '@slack/bolt';
import type { Logger } from '../../core/logger.js';
import { SlackNotInstalledError, SlackPermanentError, SlackUnavailableError, translateSlackError } from './slack-errors.js';
import type { WebClient } from './slack-web-client.js';

/** Who the bot is in its one workspace (single-workspace mode), as auth.test answered at start. */
export interface SlackIdentity {
  botToken: string;
  botId: string;
  botUserId: string;
  teamId: string;
  teamName: string;
  /** Set when the workspace belongs to an Enterprise Grid organisation. */
  enterpriseId?: string;
}

/** How long start() keeps retrying auth.test through transient failures before giving up. */
export const IDENTITY_DEADLINE_MS = 120_000;
const FIRST_WAIT_MS = 500;
const MAX_WAIT_MS = 15_000;

export interface LearnIdentityOptions {
  /** Total time spent retrying (default IDENTITY_DEADLINE_MS). */
  deadlineMs?: number;
  /** Stops the retries (the adapter is stopping). */
  signal?: AbortSignal;
}

/**
 * One auth.test for the bot token, retried with exponential backoff while the
 * failure is transient (network, 5xx, a rate limit the client did not wait
 * out); a refused token (invalid_auth, account_inactive…) fails at once.
 * The Web API client already waits out a 429's Retry-After and retries
 * network errors a few times; this adds the longer backoff on top, so a
 * Slack hiccup at deploy time delays the start instead of failing it.
 */
export async function learnIdentity(client: WebClient, token: string, logger: Logger, options: LearnIdentityOptions = {}): Promise<SlackIdentity> {
  const deadline = Date.now() + (options.deadlineMs ?? IDENTITY_DEADLINE_MS);
  let wait = FIRST_WAIT_MS;
  for (let attempt = 1; ; attempt++) {
    try {
      const auth = await client.auth.test({ token });
      if (!auth.team_id || !auth.user_id || !auth.bot_id) throw new SlackUnavailableError('auth.test answered without team_id, user_id or bot_id (is SLACK_BOT_TOKEN a bot token?)');
      return {
        botToken: token,
        botId: auth.bot_id,
        botUserId: auth.user_id,
        teamId: auth.team_id,
        teamName: String(auth.team ?? auth.team_id),
        ...(auth.enterprise_id ? { enterpriseId: String(auth.enterprise_id) } : {}),
      };
    } catch (err) {
      const e = translateSlackError(err);
      if (e instanceof SlackPermanentError || options.signal?.aborted || Date.now() + wait > deadline) throw e;
      logger.warn({ attempt, waitMs: wait, code: e.code, err: e.message }, 'slack: auth.test failed; retrying before serving Slack');
      await new Promise((r) => setTimeout(r, wait));
      wait = Math.min(wait * 2, MAX_WAIT_MS);
    }
  }
}

/**
 * Bolt's authorize for single-workspace mode: the identity learned at start,
 * handed out for every request without another auth.test (Bolt's own
 * single-team authorization calls auth.test per request when it is given a
 * token without botId/botUserId and tokenVerificationEnabled is off, and a
 * 429 there turned acknowledged requests into 404s). A request of another
 * workspace is refused as not installed: the token cannot answer there.
 */
export function singleWorkspaceAuthorize(identity: () => SlackIdentity | undefined): Authorize<boolean> {
  return async (source): Promise<AuthorizeResult> => {
    const id = identity();
    if (!id) throw new SlackUnavailableError('the bot identity is not known yet (auth.test at start has not succeeded)');
    const sameOrg = !!source.enterpriseId && source.enterpriseId === id.enterpriseId;
    if (source.teamId && source.teamId !== id.teamId && !sameOrg) throw new SlackNotInstalledError(source.teamId);
    if (!source.teamId && !sameOrg) throw new SlackNotInstalledError(source.enterpriseId ?? '?');
    return {
      botToken: id.botToken,
      botId: id.botId,
      botUserId: id.botUserId,
      teamId: source.teamId ?? id.teamId,
      ...(id.enterpriseId ? { enterpriseId: id.enterpriseId } : {}),
    };
  };
}
