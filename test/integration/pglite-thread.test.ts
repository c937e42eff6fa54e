import { PgliteDatabase } from '../../db/pglite-database.js';
import { isDatabaseOutage } from '../../db/outage.js';
import { PgliteThreadDatabase } from '../../db/pglite-thread-database.js';

/*
 * The embedded default runs PGlite on a thread of its own (issue #16: SQL in
 * WASM held the event loop, and Slack's acks waited behind it). The port
 * behaves as before: errors keep their SQLSTATE, a throwing transaction rolls
 * back, statements outside a transaction wait for it; and the main thread
 * stays free while a statement runs.
 */
describe('embedded PGlite on its own thread', () => {
  let db: PgliteThreadDatabase;

  beforeAll(async () => {
    db = await PgliteThreadDatabase.open({ dataDir: 'memory://' });
    await db.exec('CREATE TABLE notes (id int PRIMARY KEY, body text, at timestamptz, data bytea)');
  });

  afterAll(async () => {
    await db?.close();
  });

  it('returns rows with their types (dates are Dates here, bytea bytes) and a row count', async () => {
    const at = new Date('2026-12-06T10:00:00Z');
    const inserted = await db.query('INSERT INTO notes VALUES ($1, $2, $3, $4)', [1, 'hello', at, Buffer.from('hi')]);
    expect(inserted.rowCount).toBe(1);
    const r = await db.query<{ body: string; at: Date; data: Uint8Array }>('SELECT body, at, data FROM notes WHERE id = 1');
    expect(r.rows[0]!.at).toBeInstanceOf(Date);
    expect(r.rows[0]!.at.toISOString()).toBe(at.toISOString());
    expect(Buffer.from(r.rows[0]!.data).toString()).toBe('hi');
  });

  it('keeps the SQLSTATE of a failed statement (23505 unique violation)', async () => {
    await expect(db.query('INSERT INTO notes (id) VALUES (1)')).rejects.toMatchObject({ code: '23505', constraint: 'notes_pkey' });
  });

  it('rolls a transaction back when its work throws, and commits one that returns', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.query("INSERT INTO notes (id, body) VALUES (2, 'lost')");
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect((await db.query('SELECT * FROM notes WHERE id = 2')).rows).toEqual([]);
    await expect(db.transaction(async (tx) => (await tx.query("INSERT INTO notes (id, body) VALUES (3, 'kept')")).rowCount)).resolves.toBe(1);
    expect((await db.query<{ body: string }>('SELECT body FROM notes WHERE id = 3')).rows).toEqual([{ body: 'kept' }]);
  });

  it('makes a statement outside a transaction wait for it, as one connection does', async () => {
    const order: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const tx = db.transaction(async (t) => {
      await t.query("INSERT INTO notes (id, body) VALUES (4, 'in tx')");
      order.push('tx wrote');
      await held;
      order.push('tx ends');
    });
    await new Promise((r) => setTimeout(r, 50));
    const outside = db.query<{ n: number }>('SELECT count(*)::int AS n FROM notes WHERE id = 4').then((r) => {
      order.push('outside read');
      return r.rows[0]!.n;
    });
    await new Promise((r) => setTimeout(r, 100));
    release();
    await tx;
    expect(await outside).toBe(1);
    expect(order).toEqual(['tx wrote', 'tx ends', 'outside read']);
  });

  it('leaves the main thread free while a statement runs; in-thread PGlite holds it', async () => {
    // A statement of a few hundred ms of CPU in the database, and a timer due 5 ms after it starts:
    // does the timer fire before the statement's result arrives? (Order, not timing, is asserted.)
    const heavy = 'SELECT count(*) FROM generate_series(1, 100000) g WHERE md5(g::text) LIKE $1';
    const timerFirst = async (database: { query(sql: string, params: unknown[]): Promise<unknown> }) => {
      const order: string[] = [];
      const timer = new Promise<void>((r) => setTimeout(() => r(void order.push('timer')), 5));
      await database.query(heavy, ['0%']).then(() => order.push('result'));
      await timer;
      return order[0] === 'timer';
    };
    const inThread = await PgliteDatabase.open({ dataDir: 'memory://' });
    try {
      expect(await timerFirst(inThread)).toBe(false);
      expect(await timerFirst(db)).toBe(true);
    } finally {
      await inThread.close();
    }
  });

  it('refuses a statement after it was closed, as a mistake and not an outage to wait out', async () => {
    const other = await PgliteThreadDatabase.open({ dataDir: 'memory://' });
    await other.close();
    const err = await other.query('SELECT 1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(isDatabaseOutage(err)).toBe(false);
  });
});
