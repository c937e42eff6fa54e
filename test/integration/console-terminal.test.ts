import { execFileSync, spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pgliteTemplate } from '../helpers/databases.js';
import { until } from '../helpers/wait.js';

const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const QUESTION = '朝来たら共有フォルダのファイルが全部開けません。拡張子が変になってて、英語のテキストが置いてあります';

/** `npm start -- --console` as a person runs it, on its own embedded database. */
function startConsole(dataDir: string, env: Record<string, string> = {}): { child: ChildProcessWithoutNullStreams; out: () => string; err: () => string } {
  const child = spawn(TSX, ['bot/main.ts', '--console'], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, HTTP_PORT: '0', DEFAULT_LANG: 'ja', LOG_LEVEL: 'info', NODE_ENV: 'development', ...env },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return { child, out: () => out, err: () => err };
}

function exited(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((r) => child.on('exit', (code) => r(code)));
}

const count = (text: string, part: string) => text.split(part).length - 1;

describe('the console (npm start -- --console)', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'otasuke-console-'));
    // The embedded database as a bot's first start leaves it (migrated, the bundled knowledge base
    // loaded), from the test template: these tests are about the console, and a first start in the
    // child process cost ~10 s of CPU (playground-startup.test.ts still starts from nothing).
    fs.mkdirSync(path.join(dataDir, 'pglite'));
    execFileSync('tar', ['-xf', await pgliteTemplate({ knowledge: true }), '-C', path.join(dataDir, 'pglite')], { stdio: 'ignore' });
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  describe('driven over stdin and stdout (no terminal)', () => {
    it('keeps logs out of the dialogue, confirms every command and presses buttons by number', async () => {
      const { child, out } = startConsole(dataDir);
      try {
        await until(() => out().includes('> '), 90_000);
        // Logs go to a file named on the second line; none reaches stdout.
        expect(out()).toContain(`動作ログの出力先: ${path.join(dataDir, 'console.log')}`);

        child.stdin.write('/help\n');
        await until(() => out().includes('それ以外の入力は相談として送られます'));
        // One command a line, not one long line.
        expect(out()).toMatch(/\n {2}\/new +新しい相談を始める\n {2}\/lang ja\|en +/);

        child.stdin.write('/lang en\n');
        await until(() => out().includes('The console now speaks English.'));
        child.stdin.write('/as responder\n');
        await until(() => out().includes('You are now 山田 (responder).'));
        child.stdin.write('/as staff\n/lang ja\n');
        await until(() => out().includes('表示を日本語にしました。'));
        child.stdin.write('/frobnicate\n');
        await until(() => out().includes('/frobnicate というコマンドはありません。'));

        child.stdin.write(`${QUESTION}\n`);
        await until(() => out().includes('いつ気づきましたか'), 30_000);
        // First aid comes first; each intake question is printed once, with its numbered options.
        const answer = out().slice(out().indexOf('[!!!] 緊急'));
        expect(answer.indexOf('今すぐやること:')).toBeLessThan(answer.indexOf('影響のあるPCは何台ですか'));
        expect(count(answer, '影響のあるPCは何台ですか')).toBe(1);
        expect(answer).toMatch(/\[1\] 役に立った {2}\[2\] 役に立たなかった/);
        const option = /影響のあるPCは何台ですか: \[(\d+)\] 1台/.exec(answer);
        expect(option).not.toBeNull();

        child.stdin.write(`${option![1]}\n`);
        await until(() => out().includes('「影響のあるPCは何台ですか」に「1台」と記録しました'));
        expect(out()).toContain('「1台」を押しました。');
        child.stdin.write('999\n');
        await until(() => out().includes('[999] のボタンはありません。'));

        // The responder's card, pressed by its number as the responder.
        await until(() => /\[(\d+)\] 対応する/.exec(out()), 30_000);
        const claim = /\[(\d+)\] 対応する/.exec(out())!;
        child.stdin.write(`/as responder\n${claim[1]}\n`);
        await until(() => out().includes('対応中: 山田'), 30_000);

        child.stdin.write('/quit\n');
        expect(await exited(child)).toBe(0);
        expect(out()).toContain('終了します。');
        // No log record and no doubled prompt in the dialogue.
        expect(out()).not.toMatch(/"level":\d+/);
        expect(out()).not.toContain('> > ');
        expect(fs.readFileSync(path.join(dataDir, 'console.log'), 'utf8')).toContain('otasuke bot started');
      } finally {
        child.kill();
      }
    }, 180_000);

    it('says in one line that the HTTP port is busy and keeps working; a second bot on its database is refused in one line', async () => {
      const blocker = net.createServer();
      await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
      const { port } = blocker.address() as net.AddressInfo;
      const { child, out, err } = startConsole(dataDir, { HTTP_PORT: String(port) });
      try {
        await until(() => out().includes('> '), 90_000);
        expect(out()).toContain(`HTTP ポート ${port} は使用中です`);

        // A second bot on the same embedded database is refused in one line (two processes would corrupt it).
        const second = spawnSync(TSX, ['bot/main.ts'], {
          cwd: ROOT,
          env: { ...process.env, DATA_DIR: dataDir, HTTP_PORT: '0', DEFAULT_LANG: 'en', CHANNEL: 'playground', LOG_LEVEL: 'silent' },
          encoding: 'utf8',
          timeout: 60_000,
        });
        expect(second.status).toBe(1);
        // (tsx runs the bot in a process of its own: the lock names that one.)
        const holder = fs.readFileSync(path.join(dataDir, 'pglite.lock'), 'utf8').trim();
        expect(second.stderr.trim()).toBe(
          `Cannot start: the database ${path.join(dataDir, 'pglite')} is in use by another bot (process ${holder}). Stop that bot, or set DATA_DIR to another folder.`,
        );
        child.stdin.write('/quit\n');
        expect(await exited(child)).toBe(0);
        expect(out() + err()).not.toContain('EADDRINUSE');
        // Given back on the way out.
        expect(fs.existsSync(path.join(dataDir, 'pglite.lock'))).toBe(false);
      } finally {
        child.kill();
        blocker.close();
      }
    }, 120_000);
  });

  describe('when the playground cannot get its port', () => {
    it('stops with one clear line instead of a stack trace', async () => {
      const blocker = net.createServer();
      await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
      const { port } = blocker.address() as net.AddressInfo;
      try {
        const result = spawnSync(TSX, ['bot/main.ts'], {
          cwd: ROOT,
          env: { ...process.env, DATA_DIR: dataDir, HTTP_PORT: String(port), DEFAULT_LANG: 'en', CHANNEL: 'playground' },
          encoding: 'utf8',
          timeout: 90_000,
        });
        expect(result.status).toBe(1);
        expect(result.stderr.trim()).toBe(`Cannot start: HTTP port ${port} is in use. Stop the bot (playground) that is running, or set HTTP_PORT to another port.`);
        expect(result.stdout + result.stderr).not.toContain('at Server.setupListenHandle');
      } finally {
        blocker.close();
      }
    }, 120_000);
  });

  const tmux = spawnSync('tmux', ['-V']).status === 0;
  (tmux ? describe : describe.skip)('on a terminal (tmux)', () => {
    const session = `otasuke-console-${process.pid}`;
    const screen = () => execFileSync('tmux', ['capture-pane', '-p', '-J', '-S', '-200', '-t', session], { encoding: 'utf8' });
    const type = (text: string) => execFileSync('tmux', ['send-keys', '-t', session, '-l', text]) && execFileSync('tmux', ['send-keys', '-t', session, 'Enter']);

    afterAll(() => {
      spawnSync('tmux', ['kill-session', '-t', session]);
    });

    it('shows readable lines, a prompt under each answer and no log records', async () => {
      const env = `DATA_DIR=${dataDir} HTTP_PORT=0 DEFAULT_LANG=en NODE_ENV=development`;
      execFileSync('tmux', ['new-session', '-d', '-s', session, '-x', '160', '-y', '50', `cd ${ROOT} && env ${env} ${TSX} bot/main.ts --console; sleep 30`]);
      await until(() => screen().includes('Welcome to Otasuke Bot (local).'), 90_000);
      await until(() => /^> $/m.test(screen()));
      type('/as admin');
      await until(() => screen().includes('You are now Suzuki (admin).'));
      type('/help');
      await until(() => screen().includes('Anything else is sent as a question'));
      const shown = screen();
      // What was typed stays on its prompt line, the answer follows, and a fresh prompt waits below.
      expect(shown).toMatch(/^> \/as admin\nYou are now Suzuki \(admin\)\.\n> \/help\nCommands:\n/m);
      expect(shown.trimEnd().split('\n').at(-1)).toBe('>');
      expect(shown).not.toMatch(/"level":\d+|INFO|WARN/);
      type('/quit');
      await until(() => screen().includes('Goodbye.'));
    }, 150_000);
  });
});
