import type { AddressInfo } from 'node:net';
import { loadConfig, type Config } from '../../core/config.js';
import { createApp, type App } from '../../bot/create-app.js';
import type { Logger } from '../../core/logger.js';
import { createPostgresTestDatabase, type TestDatabase } from './databases.js';
import { memoryLogger } from './logger.js';
import { CUSTOMER, VENDOR } from './slack-payloads.js';
import { SlackSender } from './slack-signing.js';
import { SlackStandIn, type WorkspaceFixture } from './slack-stand-in.js';
import { flushPrefix, REDIS_URL, uniquePrefix } from './redis.js';
export { until } from './wait.js';

export const SIGNING_SECRET = 'test-signing-secret-8f14e45fceea167a';
export const OAUTH = { clientId: '1111111111.2222222222', clientSecret: 'test-client-secret', stateSecret: 'test-state-secret-0123456789' };
export const RESPONDERS_CHANNEL = 'C0RESPOND';
export const GROUP_ID = 'vendor-responders';

/** People of the scenario: an asker and an admin at the customer, two responders at the vendor. */
export const PEOPLE = {
  asker: { id: 'U0ASKER', team: CUSTOMER, name: 'Sato', displayName: '佐藤', locale: 'ja-JP' },
  englishAsker: { id: 'U0ENGLISH', team: CUSTOMER, name: 'Emily', displayName: 'Emily', locale: 'en-US' },
  admin: { id: 'U0ADMIN', team: CUSTOMER, name: 'Suzuki', displayName: '鈴木', locale: 'ja-JP' },
  responder: { id: 'U0RESPONDER', team: VENDOR, name: 'Yamada', displayName: '山田', locale: 'ja-JP' },
  responder2: { id: 'U0RESPOND2', team: VENDOR, name: 'Tanaka', displayName: '田中', locale: 'ja-JP' },
} as const;

export interface SlackTestApp {
  app: App;
  /** The app's configuration (a second bot process on the same database and queue uses it). */
  config: Config;
  standIn: SlackStandIn;
  sender: SlackSender;
  base: string;
  t: TestDatabase;
  logs: () => Record<string, unknown>[];
  /** Runs the OAuth install flow for a workspace against the running app. */
  install(ws: WorkspaceFixture): Promise<{ status: number; body: string }>;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** `oauth` (many workspaces, the default) or `single` (SLACK_BOT_TOKEN of the customer). */
  mode?: 'oauth' | 'single';
  env?: Record<string, string>;
  logger?: Logger;
  /** Socket Mode: the app-level token the stand-in accepts for apps.connections.open. */
  appToken?: string;
  /** Runs after the app is built and before it starts (program the stand-in's failures for start). */
  beforeStart?: (app: App, standIn: SlackStandIn) => void;
}

/**
 * The whole bot on PostgreSQL and Redis with Slack configured against the
 * Web API stand-in; requests go to its real HTTP receiver.
 */
export async function startSlackApp(options: StartOptions = {}): Promise<SlackTestApp> {
  const standIn = await SlackStandIn.start();
  for (const p of Object.values(PEOPLE)) standIn.addUser({ id: p.id, teamId: p.team.teamId, name: p.name, displayName: p.displayName, locale: p.locale });
  const t = await createPostgresTestDatabase({ knowledge: true });
  const prefix = uniquePrefix();
  const mode = options.mode ?? 'oauth';
  if (mode === 'single') standIn.addWorkspace(CUSTOMER);
  if (options.appToken) standIn.addAppToken(options.appToken);
  const config = loadConfig({
    DATABASE_URL: t.url!,
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    HTTP_PORT: '0',
    CHANNEL: 'none',
    JOB_SWEEP_INTERVAL_MS: '500',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: standIn.apiUrl,
    SLACK_HTTP_TIMEOUT_MS: '5000',
    ...(mode === 'oauth'
      ? { SLACK_CLIENT_ID: OAUTH.clientId, SLACK_CLIENT_SECRET: OAUTH.clientSecret, SLACK_STATE_SECRET: OAUTH.stateSecret, SLACK_DEFAULT_RESPONDER_GROUP: GROUP_ID }
      : { SLACK_BOT_TOKEN: CUSTOMER.botToken, SLACK_DEFAULT_RESPONDER_GROUP: GROUP_ID }),
    ...options.env,
  });
  const memory = memoryLogger('debug');
  const app = await createApp(config, { logger: options.logger ?? memory.logger });
  // The vendor's responder group exists before any customer installs (new tenants are routed to it).
  await seedResponders(app);
  options.beforeStart?.(app, standIn);
  await app.start();
  const { port } = app.http.server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  return {
    app,
    config,
    standIn,
    base,
    t,
    logs: memory.records,
    sender: new SlackSender(`${base}/slack/events`, SIGNING_SECRET),
    install: (ws) => install(base, standIn, ws),
    async stop() {
      await app.stop();
      await standIn.close();
      await flushPrefix(prefix);
      await t.drop();
    },
  };
}

async function seedResponders(app: App): Promise<void> {
  const d = app.services.directory;
  await d.upsertGroup({
    id: GROUP_ID,
    name: 'Otasuke responders',
    destination: `slack:${VENDOR.teamId}:${RESPONDERS_CHANNEL}`,
    tiers: [
      { name: 'primary', waitSeconds: { critical: 300, high: 900, medium: 3600, low: 3600 } },
      { name: 'on-call', waitSeconds: { critical: 300, high: 900, medium: 3600, low: 3600 }, mention: '<!subteam^S0ONCALL>' },
    ],
  });
  for (const p of [PEOPLE.responder, PEOPLE.responder2]) {
    const id = `vendor-${p.id.toLowerCase()}`;
    await d.upsertUser({ id, tenantId: null, displayName: p.displayName, roles: ['responder'], lang: 'ja' }, [`slack:${p.team.teamId}:${p.id}`]);
    await d.addMember(GROUP_ID, id);
  }
}

/** Slack's OAuth v2 dance as a browser does it: the install page, then Slack's redirect back with a code. */
async function install(base: string, standIn: SlackStandIn, ws: WorkspaceFixture): Promise<{ status: number; body: string }> {
  const page = await fetch(`${base}/slack/install`);
  const html = await page.text();
  const cookie = page.headers.get('set-cookie') ?? '';
  const href = /href="(https:\/\/slack\.com\/oauth[^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, '&');
  if (!href) throw new Error(`no install link on the install page: ${html.slice(0, 200)}`);
  const authorize = new URL(href);
  const state = authorize.searchParams.get('state') ?? '';
  const code = `code-${ws.teamId}-${Date.now()}`;
  standIn.registerOAuthCode(code, ws, OAUTH);
  const r = await fetch(`${base}/slack/oauth_redirect?code=${encodeURIComponent(code)}&state=${encodeURIComponent(state)}`, {
    headers: { cookie: cookie.split(';')[0] ?? '' },
    redirect: 'manual',
  });
  return { status: r.status, body: await r.text() };
}

