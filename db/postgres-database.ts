import pg from 'pg';
import { checkChannel, LocalChannels, type ChannelListener } from './channels.js';
import { isDatabaseOutage } from './outage.js';
import type { Database, MigrationClient, QueryResult, Transaction } from './database.js';

// BIGINT ids and counts come back as strings by default; our ids stay far below 2^53.
const INT8_OID = 20;
/** The LISTEN connection's first wait before reconnecting; doubles up to the second figure. */
const LISTEN_RETRY_MS = [250, 5000] as const;
/** How long the LISTEN connection's attempt may take before it counts as failed (and is retried). */
const LISTEN_CONNECT_TIMEOUT_MS = 5000;
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
  private readonly channels = new LocalChannels();
  /** The LISTEN connection (one per Database, opened by the first listen()). */
  private listener?: pg.Client;
  private listenerUp?: Promise<void>;
  private listenRetry?: NodeJS.Timeout;
  private listenWaitMs: number = LISTEN_RETRY_MS[0];
  private closing = false;
  private readonly types: pg.CustomTypesConfig;
  /** Statement text → its prepared statement's name (the same on every connection of the pool). */
  private readonly names = new Map<string, string>();
  /** The health probe's own connection (see ping). */
  private probeClient?: Promise<pg.Client>;

  constructor(private readonly options: PostgresOptions) {
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
    const client = new pg.Client({ connectionString: this.options.url, types: this.types });
    client.on('error', () => undefined);
    try {
      await client.connect();
    } catch (err) {
      await client.end().catch(() => undefined);
      throw err;
    }
    return client;
  }

  async transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    // A checked-out client cut by a server restart emits 'error' besides failing its query; unheard,
    // that event would crash the process. The failing query already tells the caller. The event may
    // come after the failed query has returned (and the client been released), so each client keeps
    // one listener for good rather than one per transaction.
    heedErrors(client);
    let failure: unknown;
    const sent: [string, string][] = [];
    try {
      await client.query('BEGIN');
      const tx: Transaction = {
        query: async <Row>(sql: string, params: readonly unknown[] = []) => {
          const r = await client.query(this.statement(sql, params));
          return { rows: r.rows as Row[], rowCount: r.rowCount ?? 0 };
        },
        notify: async (channel, payload) => {
          await client.query('SELECT pg_notify($1, $2)', [checkChannel(channel), payload]);
          sent.push([channel, payload]);
        },
      };
      const value = await work(tx);
      await client.query('COMMIT');
      // This process's listeners hear it now; the server's copy reaches them (again) and everyone else.
      this.channels.deliverAll(sent);
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

  async listen(channel: string, listener: ChannelListener): Promise<() => void> {
    const stop = this.channels.add(channel, listener);
    listener.connected?.(false);
    if (!this.listener && !this.listenerUp) this.listenerUp = this.connectListener();
    else if (this.listener) await this.listener.query(`LISTEN ${channel}`).catch(() => undefined);
    await this.listenerUp;
    if (this.listener) listener.connected?.(true);
    return stop;
  }

  async close(): Promise<void> {
    this.closing = true;
    clearTimeout(this.listenRetry);
    await this.listener?.end().catch(() => undefined);
    const probe = this.probeClient;
    this.probeClient = undefined;
    await probe?.then((c) => c.end()).catch(() => undefined);
    await this.pool.end();
  }

  /**
   * Opens the LISTEN connection and listens on every channel asked for; on failure, or when
   * it drops later, tells the listeners and tries again with a growing wait.
   */
  private async connectListener(): Promise<void> {
    // Bounded: the first listen() (a process's first search) waits for this attempt.
    const client = new pg.Client({ connectionString: this.options.url, connectionTimeoutMillis: LISTEN_CONNECT_TIMEOUT_MS });
    const lost = () => {
      if (this.listener !== client) return;
      this.listener = undefined;
      this.channels.state(false);
      this.retryListener();
    };
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', (n) => this.channels.deliver(n.channel, n.payload ?? ''));
    try {
      await client.connect();
      for (const channel of this.channels.channels()) await client.query(`LISTEN ${checkChannel(channel)}`);
    } catch {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
      this.retryListener();
      return;
    } finally {
      this.listenerUp = undefined;
    }
    if (this.closing) {
      await client.end().catch(() => undefined);
      return;
    }
    this.listener = client;
    this.listenWaitMs = LISTEN_RETRY_MS[0];
    this.channels.state(true);
  }

  private retryListener(): void {
    if (this.closing) return;
    clearTimeout(this.listenRetry);
    this.listenRetry = setTimeout(() => {
      this.listenerUp ??= this.connectListener();
    }, this.listenWaitMs);
    this.listenRetry.unref();
    this.listenWaitMs = Math.min(LISTEN_RETRY_MS[1], this.listenWaitMs * 2);
  }
}

const heeded = new WeakSet<pg.PoolClient>();

/** Gives a pooled client one 'error' listener for its whole life (see PostgresDatabase.transaction). */
function heedErrors(client: pg.PoolClient): void {
  if (heeded.has(client)) return;
  heeded.add(client);
  client.on('error', () => undefined);
}
