import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { createPostgresTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { flushPrefix, REDIS_URL, uniquePrefix } from '../helpers/redis.js';

const ROOT = path.resolve(__dirname, '../..');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Runs the real bot process (bull-board is ESM-heavy, so it is exercised outside jest's module system). */
async function startBot(env: Record<string, string>): Promise<{ child: ChildProcess; base: string }> {
  const port = await freePort();
  const child = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), ['bot/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, HTTP_PORT: String(port), CHANNEL: 'none', LOG_LEVEL: 'warn', ...env },
    stdio: 'ignore',
  });
  const base = `http://127.0.0.1:${port}`;
  const end = Date.now() + 30_000;
  for (;;) {
    if (await fetch(`${base}/healthz`).then((r) => r.ok, () => false)) return { child, base };
    if (Date.now() > end) throw new Error('bot did not start');
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function stopBot(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

describe('the queue dashboard', () => {
  let t: TestDatabase;
  const prefix = uniquePrefix();
  beforeAll(async () => {
    t = await createPostgresTestDatabase({ migrate: false });
  });
  afterAll(async () => {
    await flushPrefix(prefix);
    await t.drop();
  });

  it('asks for a login, refuses a wrong password, and shows the queues to the operator', async () => {
    const { child, base } = await startBot({ DATABASE_URL: t.url!, REDIS_URL, QUEUE_PREFIX: prefix, ADMIN_PASSWORD: 'correct horse battery' });
    try {
      expect((await fetch(`${base}/admin/queues`)).status).toBe(401);
      const wrong = await fetch(`${base}/admin/queues`, { headers: { authorization: `Basic ${Buffer.from('admin:guess').toString('base64')}` } });
      expect(wrong.status).toBe(401);
      expect(wrong.headers.get('www-authenticate')).toContain('Basic');
      const auth = { authorization: `Basic ${Buffer.from('admin:correct horse battery').toString('base64')}` };
      const page = await fetch(`${base}/admin/queues`, { headers: auth });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<html');
      const api = await fetch(`${base}/admin/queues/api/queues`, { headers: auth });
      expect(api.status).toBe(200);
      expect(JSON.stringify(await api.json())).toContain('"name":"jobs"');
    } finally {
      await stopBot(child);
    }
  });

  it('is not mounted without an admin password', async () => {
    const { child, base } = await startBot({ DATABASE_URL: t.url!, REDIS_URL, QUEUE_PREFIX: prefix });
    try {
      expect((await fetch(`${base}/admin/queues`)).status).toBe(404);
    } finally {
      await stopBot(child);
    }
  });
});
