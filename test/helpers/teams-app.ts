import type { AddressInfo } from 'node:net';
import type { ChatAdapter } from '../../handlers/chat-adapter.js';
import { loadConfig } from '../../core/config.js';
import { createApp, type App } from '../../bot/create-app.js';
import type { TeamsAdapter } from '../../bot/teams/teams-adapter.js';
import { createPostgresTestDatabase, type TestDatabase } from './databases.js';
import { memoryLogger } from './logger.js';
import { flushPrefix, REDIS_URL, uniquePrefix } from './redis.js';
import { CUSTOMER_AAD, identityOf, PEOPLE, postActivity, RESPONDERS_CHANNEL, TeamsActivities, type PostResult } from './teams-activities.js';
import { TeamsConnectorStandIn } from './teams-connector-stand-in.js';
export { until } from './wait.js';
import { until } from './wait.js';

export const TENANT = { id: 'sakura', name: 'さくら商事' } as const;
export const GROUP_ID = 'vendor-responders';
export const PUBLIC_URL = 'https://otasuke.example.test';
/** Directory ids of the people registered beforehand (the others register themselves as staff). */
export const USER_IDS = { admin: 'sakura-admin', responder: 'vendor-yamada', responder2: 'vendor-tanaka' } as const;

export interface TeamsTestApp {
  /** The bot process: receives /api/messages. */
  app: App;
  /** The process that runs the jobs (escalation cards), when separate from the bot. */
  worker?: App;
  teams: TeamsAdapter;
  standIn: TeamsConnectorStandIn;
  acts: TeamsActivities;
  base: string;
  t: TestDatabase;
  logs: () => Record<string, unknown>[];
  /** POSTs an activity to /api/messages. */
  post(activity: unknown, headers?: Record<string, string>): Promise<PostResult>;
  /** Waits until the bot's background work (answers being delivered) is done. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export interface StartOptions {
  env?: Record<string, string>;
  /** Run the job worker in a second app instance (another "process" sharing only PostgreSQL and Redis). */
  separateWorker?: boolean;
  /** Where the vendor's escalation cards go (default: the Teams responders channel). */
  respondersDestination?: string;
  /** Adapters registered besides Teams in both apps (a Slack peer for bridging tests). */
  adapters?: () => ChatAdapter[];
  /** Send the "app installed in the responders channel" activity at start (default: when responders are on Teams). */
  install?: boolean;
}

/** The whole bot on PostgreSQL and Redis with Teams configured against the connector stand-in. */
export async function startTeamsApp(options: StartOptions = {}): Promise<TeamsTestApp> {
  const standIn = await TeamsConnectorStandIn.start();
  const t = await createPostgresTestDatabase({ knowledge: true });
  const prefix = uniquePrefix();
  const env = (runWorker: boolean) => ({
    DATABASE_URL: t.url!,
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    HTTP_PORT: '0',
    CHANNEL: 'none',
    JOB_SWEEP_INTERVAL_MS: '500',
    TEAMS_ENABLED: 'true',
    TEAMS_PUBLIC_URL: PUBLIC_URL,
    TEAMS_HTTP_TIMEOUT_MS: '5000',
    QUEUE_RUN_WORKER: runWorker ? 'true' : 'false',
    ...options.env,
  });
  const memory = memoryLogger('debug');
  const app = await createApp(loadConfig(env(!options.separateWorker)), { logger: memory.logger, adapters: options.adapters?.() ?? [] });
  await seed(app, options.respondersDestination ?? `teams:${RESPONDERS_CHANNEL}`);
  await app.start();
  let worker: App | undefined;
  if (options.separateWorker) {
    worker = await createApp(loadConfig(env(true)), { logger: memory.logger, adapters: options.adapters?.() ?? [] });
    await worker.start();
  }
  const { port } = app.http.server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  const acts = new TeamsActivities(standIn.serviceUrl);
  const teamsApp: TeamsTestApp = {
    app,
    worker,
    teams: app.teams!,
    standIn,
    acts,
    base,
    t,
    logs: memory.records,
    post: (activity, headers) => postActivity(`${base}/api/messages`, activity, headers),
    async idle() {
      await app.teams!.idle();
      await worker?.teams?.idle();
    },
    async stop() {
      await worker?.stop();
      await app.stop();
      await standIn.close();
      await flushPrefix(prefix);
      await t.drop();
    },
  };
  if (options.install ?? (options.respondersDestination ?? 'teams:').startsWith('teams:')) {
    // Installing the app in the vendor's team is how the bot learns where the responders channel is.
    const installed = await teamsApp.post(acts.botAddedToChannel(PEOPLE.responder, RESPONDERS_CHANNEL, 'Otasuke Security', 'responders'));
    if (installed.status !== 200) throw new Error(`install activity answered ${installed.status}`);
  }
  return teamsApp;
}

/** The customer company (its Microsoft 365 organisation mapped), its admin, and the vendor's responders. */
async function seed(app: App, destination: string): Promise<void> {
  const d = app.services.directory;
  await d.upsertTenant(TENANT);
  await app.teams!.store.mapTenant(CUSTOMER_AAD, TENANT.id);
  await d.upsertGroup({
    id: GROUP_ID,
    name: 'Otasuke responders',
    destination,
    tiers: [
      { name: 'primary', waitSeconds: { critical: 300, high: 900, medium: 3600, low: 3600 } },
      { name: 'on-call', waitSeconds: { critical: 300, high: 900, medium: 3600, low: 3600 }, mention: '@oncall' },
    ],
  });
  await d.routeTenant(TENANT.id, GROUP_ID);
  await d.upsertUser({ id: USER_IDS.admin, tenantId: TENANT.id, displayName: '鈴木', roles: ['staff', 'admin'], lang: 'ja' }, [identityOf(PEOPLE.admin)]);
  for (const [key, name] of [['responder', '山田'], ['responder2', '田中']] as const) {
    await d.upsertUser({ id: USER_IDS[key], tenantId: null, displayName: name, roles: ['responder'], lang: 'ja' }, [identityOf(PEOPLE[key])]);
    await d.addMember(GROUP_ID, USER_IDS[key]);
  }
}


/** Waits until the worker has recorded where a case's escalation card went (it does so right after posting it). */
export async function responderThreadOf(app: App, number: string): Promise<string> {
  return until(async () => (await app.services.cases.findByNumber(number))?.responderThreadRef ?? null);
}
