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

export interface Database extends Queryable {
  readonly kind: 'postgres' | 'pglite';
  /** Runs `work` in one transaction; rolls back if it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(script: string): Promise<void>;
  /** A client that node-pg-migrate can drive (query(text, values) → { rows }). */
  migrationClient(): Promise<{ client: MigrationClient; release: () => Promise<void> }>;
  close(): Promise<void>;
}

export interface MigrationClient {
  query(text: string | { text: string; values?: unknown[] }, values?: unknown[]): Promise<{ rows: unknown[] }>;
}
