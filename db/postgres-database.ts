import pg from 'pg';
import { isDatabaseOutage } from './outage.js';
import type { Database, MigrationClient, QueryResult, Queryable } from './database.js';

// BIGINT ids and counts come back as strings by default; our ids stay far below 2^53.
const INT8_OID = 20;

export interface PostgresOptions {
  url: string;
  poolMax: number;
}

/** PostgreSQL through a `pg` pool. */
export class PostgresDatabase implements Database {
  readonly kind = 'postgres' as const;
  private readonly pool: pg.Pool;

  constructor(options: PostgresOptions) {
    this.pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolMax,
      types: {
        getTypeParser: ((oid: number, format?: string) =>
          oid === INT8_OID ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
      },
    });
    // An idle client losing its connection (server restart) must not crash the process.
    this.pool.on('error', () => undefined);
  }

  async query<Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> {
    const result = await this.pool.query(sql, params as unknown[]);
    return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
  }

  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    // A checked-out client cut by a server restart emits 'error' besides failing its query; unheard,
    // that event would crash the process. The failing query already tells the caller. The event may
    // come after the failed query has returned (and the client been released), so each client keeps
    // one listener for good rather than one per transaction.
    heedErrors(client);
    let failure: unknown;
    try {
      await client.query('BEGIN');
      const tx: Queryable = {
        query: async <Row>(sql: string, params: readonly unknown[] = []) => {
          const r = await client.query(sql, params as unknown[]);
          return { rows: r.rows as Row[], rowCount: r.rowCount ?? 0 };
        },
      };
      const value = await work(tx);
      await client.query('COMMIT');
      return value;
    } catch (err) {
      failure = err;
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      // A broken connection goes back destroyed, not into the pool.
      client.release(isDatabaseOutage(failure) ? true : undefined);
    }
  }

  async exec(script: string): Promise<void> {
    await this.pool.query(script);
  }

  async migrationClient(): Promise<{ client: MigrationClient; release: () => Promise<void> }> {
    const client = await this.pool.connect();
    // As in transaction(): a cut connection fails the running statement; its 'error' event must not crash the process.
    heedErrors(client);
    return {
      client: client as unknown as MigrationClient,
      release: async () => {
        client.release();
      },
    };
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

const heeded = new WeakSet<pg.PoolClient>();

/** Gives a pooled client one 'error' listener for its whole life (see PostgresDatabase.transaction). */
function heedErrors(client: pg.PoolClient): void {
  if (heeded.has(client)) return;
  heeded.add(client);
  client.on('error', () => undefined);
}
