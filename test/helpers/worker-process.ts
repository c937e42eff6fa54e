import { spawn, type ChildProcess } from 'node:child_process';
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
