import { webApi } from '@slack/bolt';
import { loadConfig } from '../../core/config.js';
import { ConfigError } from '../../core/errors.js';
import { PostgresInstallationStore } from '../../bot/slack/installation-store.js';
import {
  SlackAuthError,
  SlackNotFoundError,
  SlackNotInstalledError,
  SlackRateLimitedError,
  SlackRequestRejectedError,
  SlackUnavailableError,
  translateSlackError,
} from '../../bot/slack/slack-errors.js';
import { webClientOptions } from '../../bot/slack/slack-web-client.js';
import { UnrecoverableJobError } from '../../workers/errors.js';
import { CUSTOMER } from '../helpers/slack-payloads.js';
import { SlackStandIn } from '../helpers/slack-stand-in.js';

const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, setLevel: () => undefined, getLevel: () => 'error' as never, setName: () => undefined };

describe('the Slack error translator, on what @slack/web-api really throws', () => {
  let standIn: SlackStandIn;
  let client: webApi.WebClient;
  beforeAll(async () => {
    standIn = await SlackStandIn.start();
    standIn.addWorkspace(CUSTOMER);
    const options = webClientOptions({ mode: 'http', apiUrl: standIn.apiUrl, httpTimeoutMs: 500, eventReplayMs: 30_000 }, silent);
    // Fast retries for the test; the policy's shape (retry after Retry-After) is the app's.
    client = new webApi.WebClient(CUSTOMER.botToken, { ...options, retryConfig: { retries: 1, minTimeout: 10, maxTimeout: 20 } });
  });
  afterAll(() => standIn.close());

  const post = () => client.chat.postMessage({ channel: 'C0GENERAL', text: 'x' }).then(() => null, (err: unknown) => err);

  it.each([
    ['not_in_channel', SlackNotFoundError],
    ['channel_not_found', SlackNotFoundError],
    ['invalid_auth', SlackAuthError],
    ['token_revoked', SlackAuthError],
    ['invalid_blocks', SlackRequestRejectedError],
    ['msg_too_long', SlackRequestRejectedError],
    ['ratelimited', SlackRateLimitedError],
    ['internal_error', SlackUnavailableError],
  ])('maps a Slack "%s" refusal to %p', async (error, cls) => {
    standIn.failNext('chat.postMessage', { error });
    const e = translateSlackError(await post());
    expect(e).toBeInstanceOf(cls);
  });

  it('treats a refusal that can never succeed as permanent for the job runner, and a passing trouble as retryable', async () => {
    standIn.failNext('chat.postMessage', { error: 'token_revoked' });
    expect(translateSlackError(await post())).toBeInstanceOf(UnrecoverableJobError);
    standIn.failNext('chat.postMessage', { status: 503 }, 2);
    const unavailable = translateSlackError(await post());
    expect(unavailable).toBeInstanceOf(SlackUnavailableError);
    expect(unavailable).not.toBeInstanceOf(UnrecoverableJobError);
  });

  it('maps a timeout to SlackUnavailableError', async () => {
    standIn.failNext('chat.postMessage', { delayMs: 2000 }, 2);
    expect(translateSlackError(await post())).toBeInstanceOf(SlackUnavailableError);
  });

  it('waits out a 429 for its Retry-After and then succeeds, without being told to', async () => {
    standIn.reset();
    standIn.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    const start = Date.now();
    await expect(client.chat.postMessage({ channel: 'C0GENERAL', text: 'once' })).resolves.toMatchObject({ ok: true });
    expect(Date.now() - start).toBeGreaterThanOrEqual(1000);
    expect(standIn.messages.filter((m) => m.text === 'once')).toHaveLength(1);
  });

  it('finds the not-installed workspace inside Bolt’s and the OAuth installer’s wrapping', () => {
    const inner = new SlackNotInstalledError('T0STRANGER');
    const oauth = Object.assign(new Error('wrapped'), { code: 'slack_oauth_installer_authorization_error', original: inner });
    const bolt = Object.assign(new Error('wrapped again'), { code: 'slack_bolt_authorization_error', original: oauth });
    expect(translateSlackError(bolt)).toBe(inner);
  });

  it('refuses to serve a workspace with no installation', async () => {
    const store = new PostgresInstallationStore({ query: async () => ({ rows: [], rowCount: 0 }) } as never);
    await expect(store.fetchInstallation({ teamId: 'T0STRANGER', enterpriseId: undefined, isEnterpriseInstall: false })).rejects.toBeInstanceOf(SlackNotInstalledError);
  });
});

describe('Slack configuration', () => {
  const problemsOf = (env: Record<string, string>): string[] => {
    try {
      loadConfig(env);
      return [];
    } catch (err) {
      if (err instanceof ConfigError) return err.problems;
      throw err;
    }
  };
  const OAUTH = { SLACK_CLIENT_ID: '1.2', SLACK_CLIENT_SECRET: 'secret', SLACK_STATE_SECRET: 'a-state-secret-of-16+' };

  it('runs one workspace over HTTP with a bot token and a signing secret', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }).slack).toMatchObject({ mode: 'http', botToken: 'xoxb-1', signingSecret: 's', httpTimeoutMs: 10_000 });
  });

  it('chooses Socket Mode when only an app token is given, or when asked', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).slack?.mode).toBe('socket');
    expect(loadConfig({ SLACK_MODE: 'socket', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', SLACK_SIGNING_SECRET: 's' }).slack?.mode).toBe('socket');
  });

  it('runs many workspaces with OAuth, scopes and a default responder group', () => {
    const slack = loadConfig({ ...OAUTH, SLACK_SIGNING_SECRET: 's', SLACK_DEFAULT_RESPONDER_GROUP: 'g1', SLACK_API_URL: 'http://127.0.0.1:9/api' }).slack!;
    expect(slack.oauth).toMatchObject({ clientId: '1.2', clientSecret: 'secret' });
    expect(slack.oauth!.scopes).toEqual(expect.arrayContaining(['app_mentions:read', 'chat:write', 'commands', 'im:history', 'users:read']));
    expect(slack).toMatchObject({ defaultResponderGroup: 'g1', apiUrl: 'http://127.0.0.1:9/api', botToken: undefined });
  });

  it.each([
    [{ SLACK_CLIENT_ID: '1.2', SLACK_SIGNING_SECRET: 's' }, /SLACK_CLIENT_SECRET: required for the OAuth install flow/],
    [{ ...OAUTH }, /SLACK_SIGNING_SECRET: required in HTTP mode/],
    [{ ...OAUTH, SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'xoxb-1' }, /either SLACK_BOT_TOKEN .* not both/],
    [{ SLACK_MODE: 'socket', SLACK_BOT_TOKEN: 'xoxb-1' }, /SLACK_APP_TOKEN: required in Socket Mode/],
    [{ ...OAUTH, SLACK_MODE: 'socket', SLACK_APP_TOKEN: 'xapp-1' }, /Socket Mode serves one workspace/],
    [{ SLACK_BOT_TOKEN: 'xoxp-user-token', SLACK_SIGNING_SECRET: 's' }, /SLACK_BOT_TOKEN: must be a bot token/],
    [{ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xoxb-wrong' }, /SLACK_APP_TOKEN: must be an app-level token/],
    [{ ...OAUTH, SLACK_STATE_SECRET: 'short', SLACK_SIGNING_SECRET: 's' }, /SLACK_STATE_SECRET: must be at least 16/],
    [{ SLACK_MODE: 'websocket', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }, /SLACK_MODE/],
  ])('explains what is wrong with %j', (env, message) => {
    expect(problemsOf(env as Record<string, string>).join('\n')).toMatch(message);
  });

  it('never shows a Slack secret in a problem', () => {
    const problems = problemsOf({ SLACK_BOT_TOKEN: 'xoxp-very-secret', SLACK_SIGNING_SECRET: 's' }).join('\n');
    expect(problems).not.toContain('very-secret');
  });
});
