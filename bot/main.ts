import { loadConfig } from './config.js';
import { createApp } from './create-app.js';
import { ConfigError, OtasukeError } from './errors.js';
import { createLogger } from './logger.js';

/** `npm start [-- --console | --playground]`: validate config, build the app, run until a signal or /quit. */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  // A flag wins over CHANNEL: `npm start -- --console` runs the terminal channel instead of the playground.
  const channel = args.includes('--console') ? 'console' : args.includes('--playground') ? 'playground' : undefined;
  let config;
  try {
    config = loadConfig(undefined, undefined, { channel });
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\nFix these environment variables and start again (see README: Configuration).\n`);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger({ level: config.logLevel });
  let stopping = false;
  const app = await createApp(config, {
    logger,
    onConsoleExit: () => void shutdown('console closed'),
  }).catch((err: unknown) => {
    const code = err instanceof OtasukeError ? err.code : 'INTERNAL';
    logger.fatal({ code, err: (err as Error).message }, 'could not start');
    process.exit(1);
  });

  async function shutdown(reason: string): Promise<void> {
    if (stopping) return;
    stopping = true;
    logger.info({ reason }, 'shutting down');
    const deadline = setTimeout(() => process.exit(1), 15_000);
    deadline.unref();
    await app.stop();
    process.exit(0);
  }
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  await app.start();
  if (app.playground?.url) {
    process.stdout.write(`\nOtasuke Bot playground: ${app.playground.url}  (open it in a browser; Ctrl+C stops the bot)\n\n`);
  }
}

void main();
