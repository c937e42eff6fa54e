import fs from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../core/config.js';
import type { Logger } from '../core/logger.js';
import type { Database } from './database.js';
import { DatabaseUnavailableError } from './errors.js';
import { PgliteThreadDatabase } from './pglite-thread-database.js';
import { PostgresDatabase } from './postgres-database.js';

/**
 * Opens PostgreSQL when DATABASE_URL is set, else PGlite in DATA_DIR. A server
 * that is still starting is retried a few times; after that the bot stops with
 * a clear error instead of running half-connected.
 */
export async function openDatabase(config: Config['database'], logger: Logger): Promise<Database> {
  if (!config.url) {
    const dir = config.dataDir.startsWith('memory://') ? config.dataDir : path.join(config.dataDir, 'pglite');
    if (!dir.startsWith('memory://')) await fs.mkdir(dir, { recursive: true });
    logger.info({ dataDir: dir }, 'using embedded PGlite database (DATABASE_URL not set)');
    // On its own thread: SQL in WASM would otherwise hold the event loop the platforms' acks need.
    return PgliteThreadDatabase.open(
      dir.startsWith('memory://') ? { dataDir: dir, ...(config.startFrom ? { startFrom: config.startFrom } : {}) } : { dataDir: dir, lockFile: `${dir}.lock` },
    );
  }
  const db = new PostgresDatabase({ url: config.url, poolMax: config.poolMax });
  let lastError: unknown;
  for (let attempt = 1; attempt <= config.connectAttempts; attempt++) {
    try {
      await db.query('SELECT 1');
      return db;
    } catch (err) {
      lastError = err;
      logger.warn({ attempt, of: config.connectAttempts, err: (err as Error).message }, 'database not reachable yet');
      if (attempt < config.connectAttempts) await sleep(config.connectRetryMs);
    }
  }
  await db.close().catch(() => undefined);
  throw new DatabaseUnavailableError(redactUrl(config.url), config.connectAttempts, lastError);
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
