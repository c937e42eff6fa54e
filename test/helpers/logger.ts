import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../core/logger.js';

/** A logger whose records tests can read. */
export function memoryLogger(level = 'debug'): { logger: Logger; records: () => Record<string, unknown>[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      cb();
    },
  });
  return { logger: createLogger({ level, destination: stream }), records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}
