import pg from 'pg';
import { isDatabaseOutage } from './outage.js';
import type { Database, MigrationClient, QueryResult, Queryable } from './database.js';

// BIGINT ids and counts come back as strings by default; our ids stay far below 2^53.
const INT8_OID = 20;
/**
 * Distinct statement texts that get a server-side prepared statement (per connection). The
 * stores' SQL is a few hundred fixed texts; texts built per call (a VALUES list per reply count)
 * beyond this many run unnamed, so the server's per-connection memory stays bounded.
 */
const MAX_NAMED_STATEMENTS = 1000;

export interface PostgresOptions {
  url: string;
  poolMax: number;
}

/** PostgreSQL through a `pg` pool. */
export class PostgresDatabase implements Database {
  readonly kind = 'postgres' as const;
  private readonly pool: pg.Pool;
  private readonly url: string;
  private readonly types: pg.CustomTypesConfig;
  /** Statement text → its prepared statement's name (the same on every connection of the pool). */
  private readonly names = new Map<string, string>();
  /** The health probe's own connection (see ping). */
  private probeClient?: Promise<pg.Client>;

  constructor(options: PostgresOptions) {
    this.url = options.url;
    this.types = {
      getTypeParser: ((oid: number, format?: string) =>
        oid === INT8_OID ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    };
    this.pool = new pg.Pool({ connectionString: options.url, max: options.poolMax, types: this.types });
    // An idle client losing its connection (server restart) must not crash the process.
    this.pool.on('error', () => undefined);
  }

  /**
   * A parameterised statement as a named (prepared) one: each connection parses and plans it
   * once and then only binds and executes it (node-postgres remembers per connection which
   * names it has prepared). Statements without parameters stay simple queries.
   */
  private statement(sql: string, params: readonly unknown[]): pg.QueryConfig {
    if (params.length === 0) return { text: sql };
    let name = this.names.get(sql);
    if (name === undefined && this.names.size < MAX_NAMED_STATEMENTS) {
      name = `otasuke_${this.names.size}`;
      this.names.set(sql, name);
    }
    return name === undefined ? { text: sql, values: params as unknown[] } : { name, text: sql, values: params as unknown[] };
  }

  async query<Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> {
    const result = await this.pool.query(this.statement(sql, params));
    return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
  }

  /**
   * `SELECT 1` on a connection of its own, not through the pool: whether the server answers,
   * not how long this process's own queries queue for a pooled connection (a burst of
   * questions holding every pooled connection for a second is busy, not an outage).
   */
  async ping(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('database probe timed out')), timeoutMs);
    });
    try {
      await Promise.race([
        (async () => {
          this.probeClient ??= this.connectProbe();
          const client = await this.probeClient;
          await client.query('SELECT 1');
        })(),
        timeout,
      ]);
    } catch (err) {
      // A broken or stuck probe connection is replaced on the next probe.
      const stale = this.probeClient;
      this.probeClient = undefined;
      void stale?.then((c) => c.end()).catch(() => undefined);
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  private async connectProbe(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.url, types: this.types });
    client.on('error', () => undefined);
    try {
      await client.connect();
    } catch (err) {
      await client.end().catch(() => undefined);
      throw err;
    }
    return client;
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
          const r = await client.query(this.statement(sql, params));
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
    const probe = this.probeClient;
    this.probeClient = undefined;
    await probe?.then((c) => c.end()).catch(() => undefined);
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
