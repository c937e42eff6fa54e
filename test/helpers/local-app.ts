import { loadConfig } from '../../core/config.js';
import { createApp, type App } from '../../bot/create-app.js';
import { LOCAL_DEMO } from '../../handlers/directory/local-demo.js';
import type { InboundMessage } from '../../handlers/inbound.js';
import { createPostgresTestDatabase, type TestDatabase, fromTemplate } from './databases.js';
import { memoryLogger } from './logger.js';
import { RecordingAdapter } from './recording-adapter.js';
import { flushPrefix, REDIS_URL, uniquePrefix } from './redis.js';

/** The two ways the bot runs, for `describe.each`: production parts (true), and nothing configured (false). */
export const APP_SETUPS = [
  ['PostgreSQL and BullMQ', true],
  ['embedded PGlite and in-process jobs', false],
] as const;

export interface LocalTestApp {
  app: App;
  /** The PostgreSQL database's URL (real only), for a CLI run against the same data. */
  databaseUrl?: string;
  stop(): Promise<void>;
}

export interface LocalAppOptions {
  /** The local-platform adapter that records what the bot posts (a subclass may hold posts back). */
  chat: RecordingAdapter;
  /** More environment (JOB_SWEEP_INTERVAL_MS …). */
  env?: Record<string, string>;
  logLevel?: 'error' | 'warn';
}

/**
 * The whole bot on the local platform: on a fresh PostgreSQL database with
 * BullMQ under a prefix of its own (`real`), or on in-memory PGlite with
 * in-process jobs; started, with `chat` registered for `local:` refs.
 */
export async function startLocalApp(real: boolean, options: LocalAppOptions): Promise<LocalTestApp> {
  const t: TestDatabase | undefined = real ? await createPostgresTestDatabase({ knowledge: true }) : undefined;
  const prefix = uniquePrefix();
  const config = loadConfig({
    ...(real ? { DATABASE_URL: t!.url!, REDIS_URL, QUEUE_PREFIX: prefix } : { DATA_DIR: 'memory://' }),
    HTTP_PORT: '0',
    CHANNEL: 'none',
    ...options.env,
  });
  if (!real) config.database.dataDir = 'memory://';
  const app = await createApp(await fromTemplate(config), { logger: memoryLogger(options.logLevel ?? 'warn').logger, adapters: [options.chat] });
  await app.start();
  return {
    app,
    ...(t?.url ? { databaseUrl: t.url } : {}),
    async stop() {
      await app.stop();
      if (real) await flushPrefix(prefix);
      await t?.drop();
    },
  };
}

let seq = 0;

/**
 * A maker of the demo staff member's messages on the local platform, in threads
 * `local:<space>:<thread>`, each with a delivery key of its own.
 */
export function localAsker(space: string): (text: string, thread: string, extra?: Partial<InboundMessage>) => InboundMessage {
  return (text, thread, extra = {}) => ({
    kind: 'message',
    channel: 'local',
    deliveryKey: `${space}-${Date.now()}-${++seq}`,
    identity: LOCAL_DEMO.staff.identity,
    threadRef: `local:${space}:${thread}`,
    text,
    ...extra,
  });
}
