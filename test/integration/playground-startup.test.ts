import { execFile, spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';

const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const run = promisify(execFile);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Environment of `npm start` with nothing configured (an in-memory database, so the run leaves nothing behind). */
function bareEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: 'memory://', LOG_LEVEL: 'warn', ...extra };
  for (const name of ['CHANNEL', 'DATABASE_URL', 'REDIS_URL', 'HTTP_HOST', 'ADMIN_PASSWORD', 'SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN']) {
    if (!(name in extra)) delete env[name];
  }
  return env;
}

/** Starts `tsx bot/main.ts`, collecting its output, until `ready` appears on stdout. */
async function startBot(args: string[], env: NodeJS.ProcessEnv, ready: RegExp): Promise<{ child: ChildProcess; stdout: () => string }> {
  const child = spawn(TSX, ['bot/main.ts', ...args], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  // A cold start compiles TypeScript, opens PGlite and builds the search index: ~13 s at load 3, past 45 s at load 13.
  const end = Date.now() + 90_000;
  while (!ready.test(out)) {
    if (child.exitCode !== null) throw new Error(`bot exited with ${child.exitCode}: ${out}`);
    if (Date.now() > end) throw new Error(`bot did not get ready: ${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, stdout: () => out };
}

async function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  child.kill('SIGTERM');
  return exited;
}

describe('`npm start` and the playground', () => {
  it('serves the playground by default and prints where to open it', async () => {
    const port = await freePort();
    const { child, stdout } = await startBot([], bareEnv({ HTTP_PORT: String(port) }), /Otasuke Bot playground: /);
    try {
      expect(stdout()).toContain(`Otasuke Bot playground: http://127.0.0.1:${port}/`);
      const page = await fetch(`http://127.0.0.1:${port}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<script src="/playground/app.js"');
      const boot = (await (await fetch(`http://127.0.0.1:${port}/playground/api/bootstrap`)).json()) as { tenant: string };
      expect(boot.tenant).toBe('デモ株式会社');
    } finally {
      expect(await stop(child)).toBe(0);
    }
  }, 120_000);

  it('keeps the console behind --console', async () => {
    const port = await freePort();
    const { child, stdout } = await startBot(['--console'], bareEnv({ HTTP_PORT: String(port) }), /お助けボット\(ローカル\)へようこそ/);
    try {
      expect(stdout()).not.toContain('Otasuke Bot playground');
      expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(404);
      child.stdin!.write('/quit\n');
      const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
      expect(code).toBe(0);
    } finally {
      await stop(child);
    }
  }, 120_000);

  it('refuses to listen on a public address without an admin password (exit 2, saying how to fix it)', async () => {
    const result = await run(TSX, ['bot/main.ts'], { cwd: ROOT, env: bareEnv({ HTTP_HOST: '0.0.0.0', HTTP_PORT: '0' }) }).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('HTTP_HOST: 0.0.0.0 is not a loopback address');
    expect(result.stderr).toContain('ADMIN_PASSWORD');
  }, 120_000);
});
