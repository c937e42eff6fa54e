import crypto from 'node:crypto';
import pg from 'pg';
import type { Database } from '../../db/database.js';
import { migrate } from '../../db/migrate.js';
import { PgliteThreadDatabase } from '../../db/pglite-thread-database.js';
import { PostgresDatabase } from '../../db/postgres-database.js';

/** The machine's PostgreSQL (trust auth). Override with TEST_DATABASE_URL. */
export const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  db: Database;
  url?: string;
  drop(): Promise<void>;
}

/** A fresh PostgreSQL database of its own for one test file, dropped afterwards. */
export async function createPostgresTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const name = `otasuke_test_${crypto.randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const db = new PostgresDatabase({ url: url.toString(), poolMax: 20 });
  if (options.migrate !== false) await migrate(db);
  return {
    db,
    url: url.toString(),
    async drop() {
      await db.close();
      const c = new pg.Client({ connectionString: ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** An in-memory PGlite on its own thread (the embedded default) for one test file. */
export async function createPgliteTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const db = await PgliteThreadDatabase.open({ dataDir: 'memory://' });
  if (options.migrate !== false) await migrate(db);
  return { db, drop: () => db.close() };
}

/** Both database kinds, for `describe.each` over the two storage paths. */
export const DATABASE_KINDS = [
  ['PostgreSQL', createPostgresTestDatabase],
  ['PGlite', createPgliteTestDatabase],
] as const;
