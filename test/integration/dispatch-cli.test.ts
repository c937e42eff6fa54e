import { DirectoryStore } from '../../handlers/directory/directory-store.js';
import { DispatchStore } from '../../handlers/dispatch/dispatch-store.js';
import { createPostgresTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { runOps, type OpsResult } from '../helpers/operator-cli.js';

let t: TestDatabase;
const ops = (...argv: string[]): Promise<OpsResult> => runOps(t.url, ...argv);

beforeAll(async () => {
  t = await createPostgresTestDatabase();
  const directory = new DirectoryStore(t.db);
  await directory.upsertTenant({ id: 'sakura', name: 'さくら商事' });
  await directory.upsertUser({ id: 'kato', tenantId: null, displayName: '加藤', roles: ['responder'], lang: 'ja' }, ['local:kato']);
}, 120_000);
afterAll(() => t.drop());

describe('operator CLI: on-site dispatch', () => {
  it('sets up groups, members, a company route and its site', async () => {
    const store = new DispatchStore(t.db);
    const added = await ops('dispatch', 'group', 'add', 'kanda-it', '神田ITサービス', '--destination', 'slack:T1:C9', '--remind-minutes', '10', '--escalate-minutes', '20', '--hourly-rate', '8000');
    expect(added.code).toBe(0);
    expect(await store.group('kanda-it')).toMatchObject({ remindSeconds: 600, escalateSeconds: 1200, hourlyRateYen: 8000, lang: 'ja' });
    expect((await ops('dispatch', 'group', 'add', 'ueno-pc', '上野PCサポート', '--destination', 'teams:19:abc', '--lang', 'en')).code).toBe(0);
    expect((await ops('dispatch', 'member', 'add', 'kanda-it', 'kato')).code).toBe(0);
    expect(await store.isMember('kanda-it', 'kato')).toBe(true);
    expect((await ops('dispatch', 'route', 'sakura', 'kanda-it,ueno-pc')).out).toBe('tenant sakura: on-site requests go to kanda-it → ueno-pc');
    expect((await store.route('sakura')).map((g) => g.id)).toEqual(['kanda-it', 'ueno-pc']);
    expect((await ops('tenant', 'site', 'set', 'sakura', '--address', '東京都千代田区神田1-2-3', '--contact-name', '鈴木', '--contact-phone', '03-1234-5678')).code).toBe(0);
    expect(await store.site('sakura')).toMatchObject({ address: '東京都千代田区神田1-2-3', contactName: '鈴木', contactPhone: '03-1234-5678' });
    const list = await ops('dispatch', 'group', 'list');
    expect(list.out).toContain('members: kato');
    expect(list.out).toContain('¥8000/h');
  });

  it('refuses unknown groups, tenants and users, and bad destinations, saying why', async () => {
    expect((await ops('dispatch', 'route', 'sakura', 'nobody')).err).toContain('unknown dispatch group "nobody"');
    expect((await ops('dispatch', 'route', 'nowhere', 'kanda-it')).err).toContain('unknown tenant "nowhere"');
    expect((await ops('dispatch', 'member', 'add', 'kanda-it', 'ghost')).err).toContain('unknown user "ghost"');
    const bad = await ops('dispatch', 'group', 'add', 'x', 'X', '--destination', 'C123');
    expect(bad.code).not.toBe(0);
    expect(bad.err).toContain('platform-prefixed');
  });
});
