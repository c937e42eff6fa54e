import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { checkChannel, LocalChannels, type ChannelListener } from './channels.js';
import { DataDirLock } from './data-dir-lock.js';
import type { Database, MigrationClient, QueryResult, Transaction } from './database.js';

export interface PgliteOptions {
  /** Folder of the data files; `memory://` for a throw-away instance. */
  dataDir: string;
  /**
   * A file this process holds while the folder is open (`<dataDir>.lock`), so a second bot
   * process is refused (DatabaseBusyError) instead of corrupting the files. Default: none.
   */
  lockFile?: string;
  /**
   * A data folder to start a `memory://` instance from instead of an empty cluster: a tarball
   * PGlite's `dumpDataDir` wrote (tests start from an already migrated one; `initdb` in WASM
   * costs seconds of CPU). Ignored for a folder on disk.
   */
  startFrom?: string;
}

/** PGlite's creation options for `options` (the thread's worker file does the same in JavaScript). */
export function pgliteCreateOptions(options: Pick<PgliteOptions, 'dataDir' | 'startFrom'>): { dataDir: string; loadDataDir?: Blob } {
  if (!options.startFrom || !options.dataDir.startsWith('memory://')) return { dataDir: options.dataDir };
  return { dataDir: options.dataDir, loadDataDir: new Blob([fs.readFileSync(options.startFrom)]) };
}

/**
 * Embedded PostgreSQL (WASM). One connection: PGlite serialises statements and
 * its `transaction` holds the instance exclusively, which gives the same
 * isolation the pool gives on a server.
 */
export class PgliteDatabase implements Database {
  readonly kind = 'pglite' as const;
  /** One process owns the data folder, so every commit is this process's: notifications stay in it. */
  private readonly channels = new LocalChannels();

  private constructor(
    private readonly db: PGlite,
    private readonly lock?: DataDirLock,
  ) {}

  static async open(options: PgliteOptions): Promise<PgliteDatabase> {
    const lock = options.lockFile ? DataDirLock.acquire(options.lockFile, options.dataDir) : undefined;
    try {
      return new PgliteDatabase(await PGlite.create(pgliteCreateOptions(options)), lock);
    } catch (err) {
      lock?.release();
      throw err;
    }
  }

  async query<Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> {
    const r = await this.db.query<Row>(sql, params as unknown[]);
    return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
  }

  async transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    const sent: [string, string][] = [];
    const value = await this.db.transaction(async (t) =>
      work({
        query: async <Row>(sql: string, params: readonly unknown[] = []) => {
          const r = await t.query<Row>(sql, params as unknown[]);
          return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
        },
        notify: async (channel, payload) => {
          sent.push([checkChannel(channel), payload]);
        },
      }),
    );
    this.channels.deliverAll(sent);
    return value;
  }

  async listen(channel: string, listener: ChannelListener): Promise<() => void> {
    const stop = this.channels.add(channel, listener);
    listener.connected?.(true);
    return stop;
  }

  async exec(script: string): Promise<void> {
    await this.db.exec(script);
  }

  async migrationClient(): Promise<{ client: MigrationClient; release: () => Promise<void> }> {
    const db = this.db;
    const client: MigrationClient = {
      // node-pg-migrate sends whole SQL files (several statements, no parameters):
      // those need PGlite's simple-query `exec`; parameterised ones go to `query`.
      async query(textOrConfig, values) {
        const text = typeof textOrConfig === 'string' ? textOrConfig : textOrConfig.text;
        const params = values ?? (typeof textOrConfig === 'string' ? undefined : textOrConfig.values);
        if (params && params.length > 0) {
          const r = await db.query(text, params);
          return { rows: r.rows };
        }
        const results = await db.exec(text);
        return { rows: results.at(-1)?.rows ?? [] };
      },
    };
    return { client, release: async () => undefined };
  }

  /** The whole data folder as an uncompressed tarball (what `startFrom` reads). */
  async dumpDataDir(): Promise<Uint8Array> {
    const dump = await this.db.dumpDataDir('none');
    return new Uint8Array(await dump.arrayBuffer());
  }

  async close(): Promise<void> {
    if (!this.db.closed) await this.db.close();
    this.lock?.release();
  }
}
