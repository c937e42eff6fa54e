import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { promisify } from 'node:util';
import IORedis from 'ioredis';
import pg from 'pg';
import { REDIS_URL } from './redis.js';

/*
 * Stopping and starting this machine's real PostgreSQL and Redis, for the
 * fault tests. The commands are the ones the machine's services are started
 * with (see .ci/run). Every other test file uses these servers too: jest
 * runs files one at a time (--runInBand), and each helper returns only when
 * the server answers again.
 */

const run = promisify(execFile);
const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

function postgresVersion(): string {
  const versions = fs.readdirSync('/etc/postgresql');
  if (versions.length === 0) throw new Error('no PostgreSQL cluster under /etc/postgresql');
  return versions.sort().at(-1)!;
}

/** Restarts the PostgreSQL cluster (fast shutdown: open connections are cut) and waits until it takes queries. */
export async function restartPostgres(): Promise<{ downMs: number }> {
  const started = Date.now();
  await run('pg_ctlcluster', ['--skip-systemctl-redirect', postgresVersion(), 'main', 'restart', '-m', 'fast']);
  await waitForPostgres();
  return { downMs: Date.now() - started };
}

/** Stops the PostgreSQL cluster (fast: connections cut), keeps it down for `downMs`, starts it again and waits until it takes queries. */
export async function stopPostgresFor(downMs: number): Promise<{ downMs: number }> {
  const started = Date.now();
  await run('pg_ctlcluster', ['--skip-systemctl-redirect', postgresVersion(), 'main', 'stop', '-m', 'fast']);
  await new Promise((r) => setTimeout(r, Math.max(0, downMs - (Date.now() - started))));
  await run('pg_ctlcluster', ['--skip-systemctl-redirect', postgresVersion(), 'main', 'start']);
  await waitForPostgres();
  return { downMs: Date.now() - started };
}

export async function waitForPostgres(timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const client = new pg.Client({ connectionString: ADMIN_URL });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (err) {
      if (Date.now() > end) throw err;
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

/** Stops Redis without saving (it keeps nothing on disk here), starts it again empty, and waits for PING. */
export async function restartRedisEmpty(): Promise<void> {
  await run('redis-cli', ['-h', '127.0.0.1', '-p', '6379', 'shutdown', 'nosave']).catch(() => undefined);
  await waitForPort(6379, false);
  fs.mkdirSync('/var/lib/redis', { recursive: true });
  fs.mkdirSync('/var/log/redis', { recursive: true });
  await run('redis-server', ['--daemonize', 'yes', '--bind', '127.0.0.1', '-::1', '--port', '6379', '--save', '', '--appendonly', 'no', '--dir', '/var/lib/redis', '--logfile', '/var/log/redis/ci.log']);
  const redis = new IORedis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    const end = Date.now() + 30_000;
    for (;;) {
      try {
        if (redis.status !== 'ready') await redis.connect().catch(() => undefined);
        if ((await redis.ping()) === 'PONG') {
          // As .ci/run leaves it: BullMQ wants keys never evicted.
          await redis.config('SET', 'maxmemory-policy', 'noeviction');
          return;
        }
      } catch (err) {
        if (Date.now() > end) throw err;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    redis.disconnect();
  }
}

/** Waits until a local TCP port accepts (open = true) or refuses (open = false) connections. */
async function waitForPort(port: number, open: boolean, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const accepting = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (accepting === open) return;
    if (Date.now() > end) throw new Error(`port ${port} still ${open ? 'closed' : 'open'}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
