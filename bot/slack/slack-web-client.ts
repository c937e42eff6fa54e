import { webApi, type Logger as BoltLogger } from '@slack/bolt';
import { retryThroughOutage } from '../../db/outage.js';
import type { SlackConfig } from '../../core/config.js';
import type { PostgresInstallationStore } from './installation-store.js';
import { SlackAuthError, SlackNotInstalledError, translateSlackError } from './slack-errors.js';

export type WebClient = webApi.WebClient;

/**
 * How every Web API client of the app talks to Slack. @slack/web-api has no
 * HTTP timeout by default and waits out rate limits silently for up to half
 * an hour: here a request gives up after SLACK_HTTP_TIMEOUT_MS, and a 429 is
 * waited out for exactly its Retry-After, then retried (a few times, with
 * backoff for network errors and 5xx), so a message is delayed, never dropped.
 */
export function webClientOptions(config: SlackConfig, logger: BoltLogger): webApi.WebClientOptions {
  return {
    slackApiUrl: config.apiUrl ? (config.apiUrl.endsWith('/') ? config.apiUrl : `${config.apiUrl}/`) : undefined,
    timeout: config.httpTimeoutMs,
    rejectRateLimitedCalls: false,
    retryConfig: { retries: 5, factor: 2, minTimeout: 250, maxTimeout: 30_000, randomize: true },
    logger,
  };
}

/** Where a workspace's bot token comes from. */
export interface TokenSource {
  tokenFor(team: string): Promise<string>;
}

/** One workspace: the token from SLACK_BOT_TOKEN, valid for the team auth.test named. */
export class SingleWorkspaceTokens implements TokenSource {
  team?: string;
  constructor(private readonly token: string) {}
  async tokenFor(team: string): Promise<string> {
    if (this.team && team !== this.team) throw new SlackNotInstalledError(team);
    return this.token;
  }
}

/** Many workspaces: the bot token of each installation. */
export class InstalledWorkspaceTokens implements TokenSource {
  /** `outageRetryMs`: how long a lookup waits out a database restart (replies after an ack must not be lost). */
  constructor(
    private readonly installations: PostgresInstallationStore,
    private readonly outageRetryMs = 0,
  ) {}
  async tokenFor(team: string): Promise<string> {
    const ws = await retryThroughOutage(() => this.installations.workspace(team), { retryMs: this.outageRetryMs });
    if (!ws?.botToken) throw new SlackNotInstalledError(team);
    return ws.botToken;
  }
}

/**
 * A Web API client per workspace token (a rate limit pauses only that
 * workspace's queue), and the one place Web API failures are translated into
 * the adapter's error classes.
 */
export class SlackClients {
  private readonly clients = new Map<string, WebClient>();

  constructor(
    private readonly tokens: TokenSource,
    private readonly options: webApi.WebClientOptions,
    private readonly onAuthFailure: (team: string) => void = () => undefined,
  ) {}

  /** A client that carries no token (response_url posts, oauth.v2.access). */
  anonymous(): WebClient {
    return this.clientFor('');
  }

  async forTeam(team: string): Promise<WebClient> {
    return this.clientFor(await this.tokens.tokenFor(team));
  }

  /** Runs one or more Web API calls for a workspace; any failure comes out as a project error. */
  async call<T>(team: string, work: (client: WebClient) => Promise<T>): Promise<T> {
    try {
      return await work(await this.forTeam(team));
    } catch (err) {
      const e = translateSlackError(err);
      if (e instanceof SlackAuthError) this.onAuthFailure(team);
      throw e;
    }
  }

  private clientFor(token: string): WebClient {
    let client = this.clients.get(token);
    if (!client) {
      client = new webApi.WebClient(token || undefined, this.options);
      this.clients.set(token, client);
    }
    return client;
  }
}
