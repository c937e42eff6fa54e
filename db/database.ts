import type { ChannelListener } from './channels.js';

/**
 * The storage port. Both PostgreSQL (`pg`) and embedded PGlite implement it
 * with the same SQL, so every store is written once.
 */
export interface QueryResult<Row> {
  rows: Row[];
  rowCount: number;
}

export interface Queryable {
  /** One parameterised statement ($1, $2 …). */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>>;
}

/** Statements inside one transaction. */
export interface Transaction extends Queryable {
  /**
   * Sends `payload` on `channel` if and when the transaction commits (PostgreSQL NOTIFY;
   * nothing on rollback): to this process's listeners as soon as COMMIT returns, and on
   * PostgreSQL through the server to every other process listening. See db/channels.ts.
   */
  notify(channel: string, payload: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly kind: 'postgres' | 'pglite';
  /** Runs `work` in one transaction; rolls back if it throws. */
  transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T>;
  /**
   * Hears what transactions send on `channel` (Transaction.notify): this process's at once;
   * on PostgreSQL also other processes', over one LISTEN connection per Database that
   * reconnects by itself (the listener is told when it is down). PGlite has one process, so
   * it is always connected. Resolves once listening has started (or, on PostgreSQL, its first
   * connection attempt failed: it keeps trying); returns a function that stops it.
   */
  listen(channel: string, listener: ChannelListener): Promise<() => void>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(script: string): Promise<void>;
  /** A client that node-pg-migrate can drive (query(text, values) → { rows }). */
  migrationClient(): Promise<{ client: MigrationClient; release: () => Promise<void> }>;
  close(): Promise<void>;
}

export interface MigrationClient {
  query(text: string | { text: string; values?: unknown[] }, values?: unknown[]): Promise<{ rows: unknown[] }>;
}
