import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { t } from '../core/i18n/t.js';
import { loadConfig, type Config } from '../core/config.js';
import { createApp, type App } from './create-app.js';
import { DatabaseBusyError } from '../db/errors.js';
import { ConfigError, OtasukeError, PortInUseError } from '../core/errors.js';
import { createLogger, wantsPrettyLogs, type Logger } from '../core/logger.js';

/**
 * Where the console's logs go: a file beside the embedded database (the temp folder for an
 * in-memory one), so no log line lands in the conversation on the terminal.
 */
function consoleLogFile(config: Config): string {
  const dataDir = config.database.dataDir;
  return path.join(dataDir.startsWith('memory://') ? os.tmpdir() : dataDir, 'console.log');
}

/**
 * The process's logger: in the console, JSON lines appended to a file; elsewhere on stdout,
 * readable lines on a terminal outside production and JSON lines otherwise.
 */
function processLogger(config: Config): { logger: Logger; file?: string } {
  if (config.channel === 'console') {
    const file = consoleLogFile(config);
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const destination = fs.createWriteStream(file, { flags: 'a' });
      return { logger: createLogger({ level: config.logLevel, destination }), file };
    } catch {
      // An unwritable folder: stderr, which at least is not the dialogue's stream.
      return { logger: createLogger({ level: config.logLevel, destination: process.stderr, pretty: wantsPrettyLogs(process.stderr, config.env) }) };
    }
  }
  return { logger: createLogger({ level: config.logLevel, pretty: wantsPrettyLogs(process.stdout, config.env) }) };
}

/** `npm start [-- --console | --playground]`: validate config, build the app, run until a signal or /quit. */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  // A flag wins over CHANNEL: `npm start -- --console` runs the terminal channel instead of the playground.
  const channel = args.includes('--console') ? 'console' : args.includes('--playground') ? 'playground' : undefined;
  let config: Config;
  try {
    config = loadConfig(undefined, undefined, { channel });
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\nFix these environment variables and start again (see README: Configuration).\n`);
      process.exit(2);
    }
    throw err;
  }
  const { logger, file } = processLogger(config);
  const lang = config.defaultLang;
  let stopping = false;
  const app: App = await createApp(config, {
    logger,
    onConsoleExit: () => void shutdown('console closed'),
  }).catch((err: unknown) => {
    const code = err instanceof OtasukeError ? err.code : 'INTERNAL';
    logger.fatal({ code, err: (err as Error).message }, 'could not start');
    // A second bot on the same embedded database (the playground still running): one line, no stack trace.
    if (err instanceof DatabaseBusyError) process.stderr.write(`${t(lang, 'startup.databaseBusy', { dir: err.dataDir, pid: err.pid })}\n`);
    // The console's log is a file: the reason also goes to the terminal, in one line.
    else if (file) process.stderr.write(`${(err as Error).message} (${t(lang, 'console.logFile', { path: file })})\n`);
    process.exit(1);
  });
  app.console?.addNotice(t(lang, 'console.logFile', { path: file ?? 'stderr' }));

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
  try {
    await app.start();
  } catch (err) {
    stopping = true;
    if (err instanceof PortInUseError) {
      // The usual first-run mistake (the playground is already running): one line, no stack trace.
      logger.error({ code: err.code, host: err.host, port: err.port }, 'HTTP port in use');
      process.stderr.write(`${t(lang, 'startup.portBusy', { port: err.port })}\n`);
    } else {
      const code = err instanceof OtasukeError ? err.code : 'INTERNAL';
      logger.fatal({ code, err: (err as Error).message }, 'could not start');
      if (file) process.stderr.write(`${(err as Error).message}\n`);
    }
    await app.stop().catch(() => undefined);
    process.exit(1);
  }
  if (app.playground?.url) {
    process.stdout.write(`\nOtasuke Bot playground: ${app.playground.url}  (open it in a browser; Ctrl+C stops the bot)\n\n`);
  }
}

void main();
