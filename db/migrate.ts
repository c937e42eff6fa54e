import path from 'node:path';
import type { Logger } from '../core/logger.js';
import type { Database } from './database.js';
import { MigrationError } from './errors.js';

/** Folder of the SQL migrations, shared by PostgreSQL and PGlite. */
export const MIGRATIONS_DIR = path.resolve(__dirname, 'migrations');

export interface MigrateOptions {
  direction?: 'up' | 'down';
  /** How many migrations to apply (up) or revert (down); default: all up, one down. */
  count?: number;
  logger?: Logger;
}

/**
 * Applies the migrations with node-pg-migrate. All pending migrations run in
 * one transaction (the library's default), so a failure leaves the schema as it
 * was, never half-migrated.
 */
export async function migrate(db: Database, options: MigrateOptions = {}): Promise<string[]> {
  const direction = options.direction ?? 'up';
  // node-pg-migrate is ESM-only; a dynamic import loads it from this CommonJS build.
  const { runner } = await import('node-pg-migrate');
  const { client, release } = await db.migrationClient();
  try {
    const ran = await runner({
      dbClient: client as never,
      dir: MIGRATIONS_DIR,
      direction,
      count: options.count ?? (direction === 'up' ? Infinity : 1),
      migrationsTable: 'schema_migrations',
      singleTransaction: true,
      checkOrder: true,
      log: () => undefined,
      logger: {
        debug: () => undefined,
        info: (msg: string) => options.logger?.debug({ migration: msg }, 'migration'),
        warn: (msg: string) => options.logger?.warn(msg),
        error: (msg: string) => options.logger?.error(msg),
      },
    });
    return ran.map((m) => m.name);
  } catch (err) {
    throw new MigrationError(`Migration ${direction} failed: ${err instanceof Error ? err.message : String(err)}`, err);
  } finally {
    await release();
  }
}
