import { DirectoryStore } from '../../handlers/directory/directory-store.js';
import { DEFAULT_TIERS } from '../../handlers/directory/directory-types.js';
import { createPostgresTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { runOps, type OpsResult } from '../helpers/operator-cli.js';

let t: TestDatabase;
let directory: DirectoryStore;

beforeAll(async () => {
  t = await createPostgresTestDatabase();
  directory = new DirectoryStore(t.db);
});
afterAll(() => t.drop());

/** Runs `npm run ops -- …` in-process against this file's database. */
const ops = (...argv: string[]): Promise<OpsResult> => runOps(t.url, ...argv);

describe('operator CLI: directory', () => {
  it('adds and lists a tenant', async () => {
    expect((await ops('tenant', 'add', 'acme', 'ACME 株式会社')).code).toBe(0);
    const list = await ops('tenant', 'list');
    expect(list.code).toBe(0);
    expect(list.out).toMatch(/acme\s+ACME 株式会社\s+→ \(not routed\)/);
  });

  it('adds a group with default tiers, or with tiers given as JSON', async () => {
    expect((await ops('group', 'add', 'soc', 'SOC team', '--destination', 'local:responders')).code).toBe(0);
    expect((await directory.getGroup('soc'))?.tiers).toEqual(DEFAULT_TIERS);
    const tiers = [{ name: 'day', waitSeconds: { critical: 60, high: 120, medium: 600, low: 600 }, mention: '@oncall' }];
    expect((await ops('group', 'add', 'night', 'Night desk', '--destination', 'slack:T1:C9', '--tiers', JSON.stringify(tiers))).code).toBe(0);
    expect((await directory.getGroup('night'))?.tiers).toEqual(tiers);
    expect((await ops('group', 'list')).out).toMatch(/night\s+Night desk\s+→ slack:T1:C9\s+tiers: day/);
  });

  it("sets the language a group reads its cards in, and keeps it when a change leaves --lang out", async () => {
    const added = await ops('group', 'add', 'intl', 'International desk', '--destination', 'slack:T1:C7', '--lang', 'en');
    expect(added.code).toBe(0);
    expect(added.out).toMatch(/lang: en/);
    expect((await ops('group', 'add', 'intl', 'International', '--destination', 'slack:T1:C7')).code).toBe(0);
    expect((await directory.getGroup('intl'))?.lang).toBe('en');
    expect((await ops('group', 'list')).out).toMatch(/intl\s+International\s+→ slack:T1:C7\s+tiers: primary, on-call\s+lang: en/);
    expect((await directory.getGroup('soc'))?.lang).toBe('ja');
    expect((await ops('group', 'add', 'intl', 'International', '--destination', 'slack:T1:C7', '--lang', 'fr')).code).toBe(2);
  });

  it('refuses tier JSON that is not valid, naming the problem, and changes nothing', async () => {
    const broken = await ops('group', 'add', 'bad', 'Bad', '--destination', 'local:x', '--tiers', '[{"name":');
    expect(broken.code).toBe(1);
    expect(broken.err).toMatch(/--tiers is not valid JSON/);
    const wrong = await ops('group', 'add', 'bad', 'Bad', '--destination', 'local:x', '--tiers', '[{"name":"a","waitSeconds":{"critical":-1,"high":1,"medium":1,"low":1}}]');
    expect(wrong.code).toBe(1);
    expect(wrong.err).toMatch(/0\.waitSeconds\.critical/);
    expect(await directory.getGroup('bad')).toBeNull();
  });

  it('adds users with identities, members, and routes a tenant', async () => {
    const u = await ops('user', 'add', 'r1', '--name', 'Rei', '--roles', 'responder', '--lang', 'en', '--identity', 'slack:T1:U1', '--identity', 'local:rei');
    expect(u.code).toBe(0);
    expect(await directory.findByIdentity('slack:T1:U1')).toEqual({ id: 'r1', tenantId: null, displayName: 'Rei', roles: ['responder'], lang: 'en' });
    expect((await directory.findByIdentity('local:rei'))?.id).toBe('r1');
    expect((await ops('user', 'add', 's1', '--name', 'Sato', '--roles', 'staff,admin', '--tenant', 'acme')).code).toBe(0);
    expect((await directory.getUser('s1'))?.roles).toEqual(['staff', 'admin']);

    expect((await ops('member', 'add', 'soc', 'r1')).code).toBe(0);
    expect(await directory.isMember('soc', 'r1')).toBe(true);
    expect((await ops('route', 'acme', 'soc')).code).toBe(0);
    expect((await directory.groupForTenant('acme'))?.id).toBe('soc');
    expect((await ops('tenant', 'list')).out).toMatch(/acme.*→ soc/);

    expect((await ops('member', 'remove', 'soc', 'r1')).code).toBe(0);
    expect(await directory.isMember('soc', 'r1')).toBe(false);
  });

  describe('when the operator names something that does not exist', () => {
    it.each([
      [['member', 'add', 'nope', 'r1'], /unknown responder group "nope"/],
      [['member', 'add', 'soc', 'ghost'], /unknown user "ghost"/],
      [['member', 'remove', 'soc', 'ghost'], /ghost is not a member of soc/],
      [['route', 'acme', 'nope'], /unknown responder group "nope"/],
      [['route', 'nobody', 'soc'], /unknown tenant "nobody"/],
      [['user', 'add', 'x', '--name', 'X', '--roles', 'staff', '--tenant', 'nobody'], /unknown tenant "nobody"/],
    ])('%j fails with a clear message and exit code 1', async (argv, message) => {
      const r = await ops(...argv);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(message);
    });

    it('rejects a bad role or language as wrong usage (exit 2)', async () => {
      const role = await ops('user', 'add', 'x', '--name', 'X', '--roles', 'staff,boss', '--tenant', 'acme');
      expect(role.code).toBe(2);
      expect(role.err).toMatch(/roles are staff, responder and admin/);
      expect((await ops('user', 'add', 'x', '--name', 'X', '--roles', 'staff', '--tenant', 'acme', '--lang', 'fr')).code).toBe(2);
      expect((await ops('group', 'add', 'g')).code).toBe(2);
      expect(await directory.getUser('x')).toBeNull();
    });
  });
});
