import pino, { type Logger } from 'pino';

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
}

export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { app: 'otasuke-bot' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    },
    options.destination,
  );
}
