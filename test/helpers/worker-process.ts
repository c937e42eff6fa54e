import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { REDIS_URL } from './redis.js';
import { GROUP_ID, OAUTH, SIGNING_SECRET, type SlackTestApp } from './slack-app.js';

const ROOT = path.resolve(__dirname, '..', '..');

export interface WorkerProcess {
  child: ChildProcess;
  /** Everything it printed (warnings and errors only). */
  output: () => string;
}

/**
 * The real bot entry point (`bot/main.ts`) as a separate OS process on the
 * database, queue and Slack stand-in of a running test app, working jobs
 * (`env` can make it take Slack requests instead): a process the fault
 * tests can kill with a signal.
 */
export function startWorkerProcess(s: SlackTestApp, options: { leaseMs: number; env?: Record<string, string> }): WorkerProcess {
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'bot/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: s.t.url!,
      REDIS_URL,
      QUEUE_PREFIX: s.config.queue.prefix,
      QUEUE_RUN_WORKER: 'true',
      JOB_LEASE_MS: String(options.leaseMs),
      JOB_SWEEP_INTERVAL_MS: '500',
      HTTP_PORT: '0',
      CHANNEL: 'none',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: s.standIn.apiUrl,
      SLACK_CLIENT_ID: OAUTH.clientId,
      SLACK_CLIENT_SECRET: OAUTH.clientSecret,
      SLACK_STATE_SECRET: OAUTH.stateSecret,
      SLACK_DEFAULT_RESPONDER_GROUP: GROUP_ID,
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString('utf8')));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString('utf8')));
  return { child, output: () => output };
}

export interface BotProcess {
  child: ChildProcess;
  /** http://127.0.0.1:PORT of its HTTP server. */
  base: string;
  output: () => string;
  /** SIGTERM (graceful stop), then waits for the exit. */
  stop(): Promise<void>;
}

/** A free local TCP port (for a child process that must be told its port). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * `bot/main.ts` in a process of its own with exactly this environment; resolves once /healthz answers.
 * `nodeArgs`: extra node options before the script (a bench's `--cpu-prof --cpu-prof-dir=…`).
 */
export async function startBotProcess(env: Record<string, string>, timeoutMs = 60_000, nodeArgs: string[] = []): Promise<BotProcess> {
  const port = await freePort();
  let output = '';
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'bot/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, NODE_ENV: 'test', HTTP_PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString('utf8')));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString('utf8')));
  const base = `http://127.0.0.1:${port}`;
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the bot process exited (${child.exitCode}): ${output.slice(-2000)}`);
    if (await fetch(`${base}/healthz`).then((r) => r.ok).catch(() => false)) break;
    if (Date.now() > end) {
      child.kill('SIGKILL');
      throw new Error(`the bot process did not start in time: ${output.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    base,
    output: () => output,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
