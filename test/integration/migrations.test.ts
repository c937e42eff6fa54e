import { migrate } from '../../db/migrate.js';
import { DATABASE_KINDS, type TestDatabase } from '../helpers/databases.js';

async function tableNames(t: TestDatabase): Promise<string[]> {
  const r = await t.db.query<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
  );
  return r.rows.map((row) => row.table_name);
}

describe.each(DATABASE_KINDS)('migrations on %s', (_kind, create) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await create({ migrate: false });
  });
  afterAll(async () => t.drop());

  it('creates the case model when migrated up', async () => {
    const ran = await migrate(t.db);
    expect(ran.length).toBeGreaterThanOrEqual(1);
    expect(await tableNames(t)).toEqual(expect.arrayContaining(['cases', 'case_events', 'tenants', 'jobs']));
  });

  it('does nothing when migrated up twice', async () => {
    expect(await migrate(t.db)).toEqual([]);
  });

  it('removes every table but the migrations table when migrated all the way down', async () => {
    const reverted = await migrate(t.db, { direction: 'down', count: Infinity });
    expect(reverted.length).toBeGreaterThanOrEqual(1);
    expect(await tableNames(t)).toEqual(['schema_migrations']);
  });

  it('comes back up after going down', async () => {
    await migrate(t.db);
    expect(await tableNames(t)).toContain('cases');
  });
});
