import { DirectoryStore } from '../../handlers/directory/directory-store.js';
import { OnCallStore } from '../../handlers/oncall/oncall-store.js';
import { createPostgresTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { runOps, type OpsResult } from '../helpers/operator-cli.js';

let t: TestDatabase;
const ops = (...argv: string[]): Promise<OpsResult> => runOps(t.url, ...argv);

beforeAll(async () => {
  t = await createPostgresTestDatabase();
  const directory = new DirectoryStore(t.db);
  await directory.upsertGroup({ id: 'soc', name: 'SOC', destination: 'local:responders', tiers: [] });
  for (const [id, name] of [['aoki', '青木'], ['baba', '馬場']]) {
    await directory.upsertUser({ id: id!, tenantId: null, displayName: name!, roles: ['responder'], lang: 'ja' }, [`local:${id}`]);
    await directory.addMember('soc', id!);
  }
}, 120_000);
afterAll(() => t.drop());

describe('operator CLI: on call', () => {
  it('sets office hours, a rotation, an override and a page contact, and says who is on call now', async () => {
    const store = new OnCallStore(t.db);
    const hours = await ops('oncall', 'hours', 'set', 'soc', '--week', 'sun-sat 00:00-24:00', '--no-holidays', '--tz', 'Asia/Tokyo');
    expect(hours.code).toBe(0);
    expect(await store.hours('soc')).toMatchObject({ timeZone: 'Asia/Tokyo', observeHolidays: false, weekly: { mon: [['00:00', '24:00']] } });
    expect((await ops('oncall', 'rotation', 'soc', '--members', 'aoki', '--start', '2026-01-05T00:00+09:00')).code).toBe(0);
    expect(await store.rotation('soc')).toMatchObject({ kind: 'weekly', memberIds: ['aoki'], shiftHours: 168 });
    const now = await ops('oncall', 'now', 'soc');
    expect(now.out).toBe('soc: Within office hours / On call: 青木 (until ' + now.out.split('(until ')[1]);
    expect(now.out).toContain('On call: 青木');
    const added = await ops('oncall', 'override', 'add', 'soc', 'baba', '--from', '2020-01-01T00:00Z', '--to', '2099-01-01T00:00Z', '--reason', '交代');
    expect(added.code).toBe(0);
    expect((await ops('oncall', 'now', 'soc', '--lang', 'ja')).out).toContain('当番: 馬場');
    expect((await ops('oncall', 'override', 'list', 'soc')).out).toMatch(/#\d+\s+baba\s+2020-01-01T00:00:00.000Z → 2099-01-01T00:00:00.000Z\s+交代/);
    expect((await ops('oncall', 'contact', 'baba', 'slack:T1:U0BABA')).code).toBe(0);
    expect(await store.pageTarget('baba')).toBe('slack:T1:U0BABA');
    expect(await store.pageTarget('aoki')).toBe('local:aoki');
  });

  it('refuses what it cannot use, saying why', async () => {
    expect((await ops('oncall', 'hours', 'set', 'soc', '--week', 'mon-fri 18:00-09:00')).err).toContain('end after the start');
    expect((await ops('oncall', 'hours', 'set', 'soc', '--week', 'mon-fri 09:00-18:00', '--tz', 'Mars/Olympus')).err).toContain('unknown time zone');
    expect((await ops('oncall', 'rotation', 'soc', '--members', 'nobody')).err).toContain('unknown user "nobody"');
    expect((await ops('oncall', 'rotation', 'soc', '--members', 'aoki', '--kind', 'custom')).err).toContain('--shift-hours');
    expect((await ops('oncall', 'override', 'add', 'soc', 'aoki', '--from', '2027-01-02', '--to', '2027-01-01')).err).toContain('--to must be after --from');
    expect((await ops('oncall', 'hours', 'set', 'nogroup', '--week', 'mon 09:00-10:00')).err).toContain('unknown responder group');
  });
});
