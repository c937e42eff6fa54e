import crypto from 'node:crypto';
import { runOperatorCli } from '../../bot/cli/operator-program.js';
import { AlertSecrets, sign } from '../../bot/alerts/alert-secrets.js';
import { AlertSourceStore } from '../../handlers/alerts/alert-source-store.js';
import { DirectoryStore } from '../../handlers/directory/directory-store.js';
import { createPostgresTestDatabase, type TestDatabase } from '../helpers/databases.js';

const KEY = crypto.randomBytes(32).toString('base64');
let t: TestDatabase;

async function ops(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runOperatorCli(argv, {
    env: { DATABASE_URL: t.url, LOG_LEVEL: 'silent', ALERT_SECRET_KEY: KEY },
    io: { out: (l = '') => void out.push(l), err: (l = '') => void err.push(l) },
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const secretIn = (out: string): string => /secret \(shown once\): (\S+)/.exec(out)![1]!;
const signs = (stored: string, secret: string, source: Parameters<AlertSecrets['verifySignature']>[0]) => {
  const ts = String(Math.floor(Date.now() / 1000));
  return new AlertSecrets(KEY).verifySignature({ ...source, secret: stored }, ts, Buffer.from('{}'), `v1=${sign(secret, ts, '{}')}`);
};

beforeAll(async () => {
  t = await createPostgresTestDatabase();
  const directory = new DirectoryStore(t.db);
  await directory.upsertTenant({ id: 'acme', name: 'ACME' });
  await directory.upsertTenant({ id: 'other', name: 'Other' });
  await directory.upsertUser({ id: 'suzuki', tenantId: 'acme', displayName: '鈴木', roles: ['staff', 'admin'], lang: 'ja' });
  await directory.upsertUser({ id: 'sato', tenantId: 'acme', displayName: '佐藤', roles: ['staff'], lang: 'ja' });
  await directory.upsertUser({ id: 'stranger', tenantId: 'other', displayName: 'X', roles: ['staff'], lang: 'en' });
}, 120_000);
afterAll(() => t?.drop());

describe('npm run ops -- source', () => {
  it('adds a signed source whose secret is shown once and stored sealed', async () => {
    const r = await ops('source', 'add', 'acme', 'acme-fgt', '--kind', 'fortigate', '--contact', 'suzuki');
    expect(r.code).toBe(0);
    const secret = secretIn(r.out);
    expect(r.out).toContain('X-Otasuke-Signature: v1=');
    const stored = (await new AlertSourceStore(t.db).active('acme-fgt'))!;
    expect(stored.secret.startsWith('v1:')).toBe(true);
    expect(stored.secret).not.toContain(secret.slice(6));
    expect(signs(stored.secret, secret, stored)).toBe(true);
  });

  it('rotates: the new secret works at once, the old one during the grace period only', async () => {
    const store = new AlertSourceStore(t.db);
    const before = (await store.active('acme-fgt'))!;
    const old = new AlertSecrets(KEY).open(before.secret);
    const r = await ops('source', 'rotate', 'acme-fgt', '--grace', '1h');
    expect(r.code).toBe(0);
    const fresh = secretIn(r.out);
    const after = (await store.active('acme-fgt'))!;
    const secrets = new AlertSecrets(KEY);
    const ts = String(Math.floor(Date.now() / 1000));
    const check = (secret: string, s = after) => secrets.verifySignature(s, ts, Buffer.from('{}'), `v1=${sign(secret, ts, '{}')}`);
    expect(check(fresh)).toBe(true);
    expect(check(old)).toBe(true);
    expect((await ops('source', 'rotate', 'acme-fgt', '--grace', '0')).code).toBe(0);
    const now = (await store.active('acme-fgt'))!;
    expect(check(fresh, now)).toBe(false);
  });

  it('adds a bearer source stored as a hash, lists, maps people and removes', async () => {
    const r = await ops('source', 'add', 'acme', 'acme-mde', '--kind', 'defender', '--auth', 'bearer', '--contact', 'suzuki', '--name', 'Defender');
    expect(r.code).toBe(0);
    const token = secretIn(r.out);
    const stored = (await new AlertSourceStore(t.db).active('acme-mde'))!;
    expect(stored.secret).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(new AlertSecrets(KEY).verifyBearer(stored, token)).toBe(true);
    expect((await ops('source', 'map', 'acme', 'host', 'PC-023', 'sato')).code).toBe(0);
    expect((await ops('source', 'subjects', 'acme')).out).toContain('host\tpc-023\tsato');
    const list = await ops('source', 'list', '--tenant', 'acme');
    expect(list.out).toContain('acme-fgt\tacme\tfortigate\thmac');
    expect(list.out).toContain('acme-mde\tacme\tdefender\tbearer');
    expect((await ops('source', 'remove', 'acme-mde')).code).toBe(0);
    expect(await new AlertSourceStore(t.db).active('acme-mde')).toBeNull();
    expect((await ops('source', 'list')).out).not.toContain('acme-mde');
  });

  it('refuses a contact person of another company, a reused id and an unknown source, with one plain message', async () => {
    const other = await ops('source', 'add', 'acme', 'acme-x', '--kind', 'generic', '--contact', 'stranger');
    expect(other.code).toBe(1);
    expect(other.err).toContain('must be a user of acme');
    const reused = await ops('source', 'add', 'acme', 'acme-mde', '--kind', 'generic', '--contact', 'suzuki');
    expect([reused.code, reused.err.includes('never reused')]).toEqual([1, true]);
    expect((await ops('source', 'rotate', 'nope')).code).toBe(1);
    expect((await ops('source', 'map', 'acme', 'host', 'PC-1', 'stranger')).code).toBe(1);
    expect((await ops('source', 'add', 'acme', 'x1', '--kind', 'splunk', '--contact', 'suzuki')).code).toBe(2);
  });
});
