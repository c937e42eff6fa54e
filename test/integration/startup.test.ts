import { execFile } from 'node:child_process';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { loadConfig } from '../../core/config.js';
import { createApp } from '../../bot/create-app.js';
import { migrate } from '../../db/migrate.js';
import { DatabaseUnavailableError, MigrationError } from '../../db/errors.js';
import { createPostgresTestDatabase } from '../helpers/databases.js';
import { memoryLogger } from '../helpers/logger.js';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

describe('starting the bot', () => {
  describe('with nothing configured', () => {
    it('opens a console where a question gets a triaged answer', async () => {
      const input = new PassThrough();
      const output = new PassThrough();
      let transcript = '';
      output.on('data', (d: Buffer) => (transcript += d.toString()));
      const config = loadConfig({ HTTP_PORT: '0', CHANNEL: 'console' });
      config.database.dataDir = 'memory://';
      const app = await createApp(config, { logger: memoryLogger('warn').logger, consoleIO: { input, output } });
      await app.start();
      input.write('ウイルス対策ソフトが脅威を検出して隔離したと表示されました。何かする必要はありますか?\n');
      await new Promise((r) => setTimeout(r, 50));
      await app.console!.idle();
      expect(transcript).toContain('お助けボット(ローカル)へようこそ');
      expect(transcript).toMatch(/\[!\] 中 \/ マルウェア/);
      expect(transcript).toContain('📄 ウイルス対策ソフトが「脅威を検出しました」と警告を出した');

      const { port } = app.http.server.address() as { port: number };
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(await health.json()).toEqual({ status: 'ok' });
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ status: 'ready', checks: { database: 'ok', queue: 'ok' } });
      await app.stop();
    });
  });

  describe('when the database is down', () => {
    it('retries, then fails with a clear typed error', async () => {
      const config = loadConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none', DB_CONNECT_ATTEMPTS: '2', DB_CONNECT_RETRY_MS: '10' });
      const log = memoryLogger('warn');
      const err = await createApp(config, { logger: log.logger }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DatabaseUnavailableError);
      expect((err as DatabaseUnavailableError).message).toBe('Database postgres://postgres@127.0.0.1:1/none is not reachable after 2 attempt(s)');
      expect(log.records().filter((r) => r.msg === 'database not reachable yet')).toHaveLength(2);
    });

    it('makes `npm start` exit non-zero with the reason in the log', async () => {
      const result = await run(TSX, ['bot/main.ts'], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none', DB_CONNECT_ATTEMPTS: '1', CHANNEL: 'none', HTTP_PORT: '0' },
      }).then(() => ({ code: 0, stdout: '' }), (e: { code: number; stdout: string }) => e);
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('"code":"DB_UNAVAILABLE"');
    });
  });

  describe('when the environment is wrong', () => {
    it('exits with code 2 naming every bad variable', async () => {
      const result = await run(TSX, ['bot/main.ts'], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'chatty', HTTP_PORT: 'eighty' } }).then(
        () => ({ code: 0, stderr: '' }),
        (e: { code: number; stderr: string }) => e,
      );
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('LOG_LEVEL');
      expect(result.stderr).toContain('HTTP_PORT');
    });
  });

  describe('when a migration fails half-way', () => {
    it('rolls back every migration of the run: no half-migrated schema', async () => {
      const t = await createPostgresTestDatabase({ migrate: false });
      // A table the second migration wants to create already exists, so that migration fails.
      await t.db.query('CREATE TABLE articles (id int)');
      await expect(migrate(t.db)).rejects.toBeInstanceOf(MigrationError);
      const r = await t.db.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1");
      // Only the bookkeeping table exists, and it records nothing as applied.
      expect(r.rows.map((x) => x.table_name)).toEqual(['articles', 'schema_migrations']);
      expect((await t.db.query('SELECT * FROM schema_migrations')).rows).toEqual([]);
      await t.drop();
    });
  });
});
