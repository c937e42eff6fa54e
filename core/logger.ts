import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

/**
 * Paths pino blanks out wherever they appear in a log record, so a token or a
 * connection string with a password never reaches the logs even when a whole
 * config or error object is logged.
 */
const REDACT_PATHS = [
  '*.apiKey',
  '*.botToken',
  '*.signingSecret',
  '*.appToken',
  '*.password',
  '*.appPassword',
  '*.clientSecret',
  '*.stateSecret',
  '*.*.clientSecret',
  '*.*.stateSecret',
  '*.*.password',
  '*.*.appPassword',
  '*.*.botToken',
  '*.*.signingSecret',
  '*.*.apiKey',
  '*.url',
  '*.redisUrl',
  'config.*.*',
  'headers.authorization',
  'req.headers.authorization',
];

export interface LoggerOptions {
  level: string;
  /** Where records go; defaults to stdout. Tests pass a stream to read them. */
  destination?: pino.DestinationStream;
  /**
   * Human-readable lines (pino-pretty: time, level, message, then the fields) instead of one JSON
   * object a line. Default false; `wantsPrettyLogs` says when a person is reading.
   */
  pretty?: boolean;
}

/**
 * Logs are for a person when they go to a terminal and the bot is not in production; anywhere else
 * (a pipe, a file, a log collector, NODE_ENV=production) they stay one JSON object a line.
 */
export function wantsPrettyLogs(stream: { isTTY?: boolean }, env: string): boolean {
  return stream.isTTY === true && env !== 'production';
}

export function createLogger(options: LoggerOptions): Logger {
  const settings = {
    level: options.level,
    base: { app: 'otasuke-bot' },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
  };
  if (!options.pretty) return pino(settings, options.destination);
  // pino-pretty as a stream in this thread rather than a worker transport: written synchronously,
  // so the line logged just before process.exit (a failed start) is never lost.
  const target = options.destination ?? process.stdout;
  return pino(
    settings,
    pretty({
      destination: target as NodeJS.WritableStream,
      sync: true,
      colorize: (target as { isTTY?: boolean }).isTTY === true,
      translateTime: 'SYS:HH:MM:ss',
      ignore: 'pid,hostname,app',
      // Redaction already happened; long values stay on one line each.
      singleLine: false,
    }),
  );
}
