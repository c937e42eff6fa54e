import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { checkChannel, LocalChannels, type ChannelListener } from './channels.js';
import { DataDirLock } from './data-dir-lock.js';
import type { Database, MigrationClient, QueryResult, Transaction } from './database.js';
import { DatabaseOutageError } from './errors.js';
import type { PgliteOptions } from './pglite-database.js';

/** The worker file: plain JavaScript next to this one (in the sources and in the built image). */
const WORKER_FILE = path.join(__dirname, 'pglite-worker.mjs');

type Request = { op: 'query'; sql: string; params: readonly unknown[]; tx?: number } | { op: 'exec'; script: string } | { op: 'begin' } | { op: 'end'; tx: number; commit: boolean } | { op: 'close' };

interface Reply {
  id: number;
  ok: boolean;
  value?: unknown;
  error?: { name: string; message: string; fields: Record<string, unknown> };
}

/**
 * Embedded PostgreSQL (WASM) on its own thread. PGlite runs every statement
 * synchronously on the thread that owns it; on the main thread a burst of
 * questions kept the event loop busy with SQL, and Slack's acknowledgements
 * waited seconds behind it (issue #16). Here the main thread only posts
 * messages; a statement's error comes back with its SQLSTATE and fields, so
 * callers tell a unique violation from anything else exactly as before.
 */
export class PgliteThreadDatabase implements Database {
  readonly kind = 'pglite' as const;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private exited: Error | null = null;
  /** Closed on purpose: a statement after that is a mistake, not an outage to wait out. */
  private closed = false;
  /** One process owns the data folder (the lock file), so every commit is this process's: notifications stay in it. */
  private readonly channels = new LocalChannels();

  private constructor(
    private readonly worker: Worker,
    private readonly lock?: DataDirLock,
  ) {
    worker.on('message', (reply: Reply) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if (reply.ok) waiting.resolve(SAME_REALM ? reply.value : revive(reply.value));
      else waiting.reject(Object.assign(new Error(reply.error!.message), { name: reply.error!.name }, reply.error!.fields));
    });
    worker.on('error', (err) => this.fail(err));
    worker.on('exit', (code) => this.fail(new Error(`embedded database thread exited (code ${code})`)));
  }

  static async open(options: PgliteOptions): Promise<PgliteThreadDatabase> {
    const lock = options.lockFile ? DataDirLock.acquire(options.lockFile, options.dataDir) : undefined;
    const worker = new Worker(WORKER_FILE, { workerData: { dataDir: options.dataDir, startFrom: options.startFrom } });
    try {
      await new Promise<void>((ready, failed) => {
        const onMessage = (m: { ready?: boolean }) => {
          if (!m.ready) return;
          worker.off('message', onMessage);
          worker.off('error', failed);
          ready();
        };
        worker.on('message', onMessage);
        worker.once('error', failed);
      });
    } catch (err) {
      await worker.terminate();
      lock?.release();
      throw err;
    }
    return new PgliteThreadDatabase(worker, lock);
  }

  query<Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> {
    return this.call({ op: 'query', sql, params }) as Promise<QueryResult<Row>>;
  }

  async transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    const { tx } = (await this.call({ op: 'begin' })) as { tx: number };
    let value: T;
    const sent: [string, string][] = [];
    try {
      value = await work({
        query: <Row>(sql: string, params: readonly unknown[] = []) => this.call({ op: 'query', sql, params, tx }) as Promise<QueryResult<Row>>,
        notify: async (channel, payload) => {
          sent.push([checkChannel(channel), payload]);
        },
      });
    } catch (err) {
      await this.call({ op: 'end', tx, commit: false }).catch(() => undefined);
      throw err;
    }
    await this.call({ op: 'end', tx, commit: true });
    this.channels.deliverAll(sent);
    return value;
  }

  async listen(channel: string, listener: ChannelListener): Promise<() => void> {
    const stop = this.channels.add(channel, listener);
    listener.connected?.(true);
    return stop;
  }

  async exec(script: string): Promise<void> {
    await this.call({ op: 'exec', script });
  }

  async migrationClient(): Promise<{ client: MigrationClient; release: () => Promise<void> }> {
    const client: MigrationClient = {
      // node-pg-migrate sends whole SQL files (several statements, no parameters): those go
      // through PGlite's simple-query `exec`; parameterised ones through `query`.
      query: async (textOrConfig, values) => {
        const text = typeof textOrConfig === 'string' ? textOrConfig : textOrConfig.text;
        const params = values ?? (typeof textOrConfig === 'string' ? undefined : textOrConfig.values);
        const r = (await this.call(params && params.length > 0 ? { op: 'query', sql: text, params } : { op: 'exec', script: text })) as QueryResult<unknown>;
        return { rows: r.rows };
      },
    };
    return { client, release: async () => undefined };
  }

  async close(): Promise<void> {
    this.closed = true;
    if (!this.exited) {
      await this.call({ op: 'close' }).catch(() => undefined);
      await this.worker.terminate();
    }
    this.lock?.release();
  }

  private call(request: Request): Promise<unknown> {
    if (this.closed && request.op !== 'close') return Promise.reject(new Error('the embedded database is closed'));
    if (this.exited) return Promise.reject(new DatabaseOutageError(this.exited));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, ...request });
    });
  }

  private fail(err: Error): void {
    this.exited ??= err;
    for (const waiting of this.pending.values()) waiting.reject(this.closed ? new Error('the embedded database is closed') : new DatabaseOutageError(err));
    this.pending.clear();
  }
}

/**
 * Values that crossed a thread are built in the main context. Under a test
 * runner that loads the code in a context of its own (jest's vm), a Date from
 * there fails `instanceof Date`; rebuilding them here keeps the stores'
 * checks true. In a plain process the two are the same and nothing is copied.
 */
const SAME_REALM = structuredClone(new Date(0)) instanceof Date;

function revive(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(revive);
  const tag = Object.prototype.toString.call(v);
  if (tag === '[object Date]') return new Date((v as Date).getTime());
  if (tag === '[object Uint8Array]') return new Uint8Array(v as Uint8Array);
  if (tag !== '[object Object]') return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = revive(x);
  return out;
}
