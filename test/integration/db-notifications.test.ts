import { PostgresDatabase } from '../../db/postgres-database.js';
import { DATABASE_KINDS, createPostgresTestDatabase, type TestDatabase } from '../helpers/databases.js';

/** Waits (polling, no fixed sleep) until `done()` holds; fails after `ms`. */
async function until(done: () => boolean, ms = 10_000): Promise<void> {
  const giveUp = Date.now() + ms;
  while (!done()) {
    if (Date.now() > giveUp) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 20));
  }
}

function recorder() {
  const heard: string[] = [];
  const states: boolean[] = [];
  return { heard, states, listener: { message: (p: string) => heard.push(p), connected: (up: boolean) => states.push(up) } };
}

describe.each(DATABASE_KINDS)('notifications on %s', (_kind, create) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await create({ migrate: false });
  });
  afterAll(async () => t.drop());

  it('tells this process of a commit before transaction() returns, and says nothing of a rollback', async () => {
    const r = recorder();
    const stop = await t.db.listen('test_channel', r.listener);
    expect(r.states.at(-1)).toBe(true);
    await t.db.transaction(async (tx) => {
      await tx.notify('test_channel', '1');
      await tx.notify('other_channel', 'x');
    });
    expect(r.heard).toContain('1');
    await expect(
      t.db.transaction(async (tx) => {
        await tx.notify('test_channel', '2');
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    stop();
    await t.db.transaction((tx) => tx.notify('test_channel', '3'));
    expect(r.heard).not.toContain('2');
    expect(r.heard).not.toContain('3');
    expect(r.heard).not.toContain('x');
  });

  it('refuses a channel name that is not a plain identifier', async () => {
    await expect(t.db.listen('x; DROP TABLE y', recorder().listener)).rejects.toThrow('bad notification channel');
  });
});

describe('notifications between processes on PostgreSQL', () => {
  let t: TestDatabase;
  let other: PostgresDatabase;
  beforeAll(async () => {
    t = await createPostgresTestDatabase({ migrate: false });
    // Another process: its own pool and its own LISTEN connection.
    other = new PostgresDatabase({ url: t.url!, poolMax: 2 });
  });
  afterAll(async () => {
    await other.close();
    await t.drop();
  });

  it('reaches another process through the server, and again after its LISTEN connection was cut', async () => {
    const r = recorder();
    await other.listen('test_channel', r.listener);
    expect(r.states.at(-1)).toBe(true);
    await t.db.transaction((tx) => tx.notify('test_channel', 'a'));
    await until(() => r.heard.includes('a'));

    // listen() itself reported "down, then up": wait for a loss after the cut, then the way back.
    const seen = r.states.length;
    await t.db.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'");
    await until(() => r.states.slice(seen).includes(false) && r.states.at(-1) === true);
    await t.db.transaction((tx) => tx.notify('test_channel', 'b'));
    await until(() => r.heard.includes('b'));
  });
});
