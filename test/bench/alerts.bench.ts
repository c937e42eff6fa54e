/**
 * Alert intake under load: 1,000 signed alerts a second for 10 s into one bot process
 * (PostgreSQL + BullMQ), open loop (sent on schedule whatever the answers), beside a bare
 * node:http handler that verifies the same HMAC and inserts one row, in the same run on the
 * same PostgreSQL. Checks every alert is stored once and how many cases they became; prints
 * the intake latency (request sent → 202) per server. The load generator runs in the bench
 * process, which is also the bot's: both share the machine's two cores.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import pg from 'pg';
import type { ChatAdapter } from '../../handlers/chat-adapter.js';
import { loadConfig } from '../../core/config.js';
import { createApp } from '../../bot/create-app.js';
import { AlertSecrets, sign } from '../../bot/alerts/alert-secrets.js';
import { createLogger } from '../../core/logger.js';
import type { Card } from '../../handlers/cards.js';
import { AlertSourceStore } from '../../handlers/alerts/alert-source-store.js';
import { LOCAL_DEMO } from '../../handlers/directory/local-demo.js';
import type { Report } from './run-bench.js';

const RATE = Number(process.env.ALERT_BENCH_RATE ?? 1000);
const SECONDS = Number(process.env.ALERT_BENCH_SECONDS ?? 10);
const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = 'redis://127.0.0.1:6379';

class NullAdapter implements ChatAdapter {
  readonly platform = 'local';
  posts = 0;
  async post(to: string, _card: Card): Promise<{ threadRef: string }> {
    this.posts++;
    return { threadRef: `${to}:${this.posts}` };
  }
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
}

async function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `otasuke_bench_alerts_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

const HOSTS = 50;
const RULES = 4;

/** The i-th alert of the run: 50 machines × 4 rules, every 97th one critical. */
function alertBody(run: string, i: number): string {
  return JSON.stringify({
    id: `${run}-${i}`,
    rule: `rule-${i % RULES}`,
    title: i % 97 === 0 ? 'Ransomware behaviour: files being encrypted' : 'Suspicious outbound connection',
    severity: i % 97 === 0 ? 'critical' : 'medium',
    host: `PC-${String(i % HOSTS).padStart(3, '0')}`,
  });
}

interface LoadResult {
  latencies: number[];
  /** When each request was sent (ms since the load began), parallel to latencies. */
  sentAt: number[];
  ok: number;
  failed: number;
  /** Refusals and failures by status and error code. */
  codes: Map<string, number>;
  wallMs: number;
}

/** Sends RATE requests a second for SECONDS (open loop) and measures each one's latency. */
async function load(port: number, path: string, secret: string, run: string, seconds: number = SECONDS): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 128 });
  const latencies: number[] = [];
  const sentAt: number[] = [];
  let ok = 0;
  let failed = 0;
  const codes = new Map<string, number>();
  const total = RATE * seconds;
  const pending: Promise<void>[] = [];
  const start = performance.now();
  // For reading a --cpu-prof profile by time: its timestamps are this monotonic clock's microseconds.
  if (process.env.ALERT_BENCH_MARKS) console.error(`[alerts] load ${run} starts at ${process.hrtime.bigint() / 1000n} µs`);
  const send = (i: number) =>
    new Promise<void>((resolve) => {
      const body = alertBody(run, i);
      const ts = String(Math.floor(Date.now() / 1000));
      const t0 = performance.now();
      const req = http.request(
        { host: '127.0.0.1', port, path, method: 'POST', agent, headers: { 'content-type': 'application/json', 'x-otasuke-timestamp': ts, 'x-otasuke-signature': `v1=${sign(secret, ts, body)}` } },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString('utf8')));
          res.on('end', () => {
            latencies.push(performance.now() - t0);
            sentAt.push(t0 - start);
            if (res.statusCode === 202) ok++;
            else {
              failed++;
              const code = `${res.statusCode} ${/"code":"(\w+)"/.exec(text)?.[1] ?? ''}`.trim();
              codes.set(code, (codes.get(code) ?? 0) + 1);
            }
            resolve();
          });
        },
      );
      req.on('error', () => {
        failed++;
        resolve();
      });
      req.end(body);
    });
  // Ticks of 10 ms, each sending the alerts due by then.
  let sent = 0;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * RATE));
      while (sent < due) pending.push(send(sent++));
      if (sent >= total) {
        clearInterval(timer);
        resolve();
      }
    }, 10);
  });
  await Promise.all(pending);
  agent.destroy();
  return { latencies, sentAt, ok, failed, codes, wallMs: performance.now() - start };
}

/** With ALERT_BENCH_WINDOWS=1: p99 and max of the requests sent in each 100 ms of the first 2 s (where a cold start shows). */
function printWindows(name: string, r: LoadResult): void {
  if (!process.env.ALERT_BENCH_WINDOWS) return;
  const parts: string[] = [];
  for (let w = 0; w < 20; w++) {
    const l = r.latencies.filter((_, i) => r.sentAt[i]! >= w * 100 && r.sentAt[i]! < (w + 1) * 100).sort((a, b) => a - b);
    if (l.length) parts.push(`${w * 100}:${l[Math.floor(0.99 * l.length)]!.toFixed(0)}/${l.at(-1)!.toFixed(0)}`);
  }
  console.error(`[alerts] ${name} p99/max ms per 100 ms sent: ${parts.join(' ')}`);
}

function summary(name: string, r: LoadResult, extra: Record<string, string | number>) {
  printWindows(name, r);
  const s = [...r.latencies].sort((a, b) => a - b);
  const pct = (q: number) => Number((s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN).toFixed(1));
  // The first second apart: a cold process (first statements, JIT, connections) shows there.
  const p99Of = (keep: (sent: number) => boolean) => {
    const w = r.latencies.filter((_, i) => keep(r.sentAt[i]!)).sort((a, b) => a - b);
    return Number((w[Math.min(w.length - 1, Math.floor(0.99 * w.length))] ?? NaN).toFixed(1));
  };
  return {
    server: name,
    sent: RATE * SECONDS,
    accepted_202: r.ok,
    refused_or_failed: r.failed ? `${r.failed} (${[...r.codes].map(([c, n]) => `${c}: ${n}`).join(', ')})` : 0,
    ...extra,
    p50_ms: pct(0.5),
    p99_ms: pct(0.99),
    p99_first_s_ms: p99Of((t) => t < 1000),
    p99_after_ms: p99Of((t) => t >= 1000),
    max_ms: Number((s.at(-1) ?? NaN).toFixed(1)),
    achieved_per_s: Number(((r.ok / r.wallMs) * 1000).toFixed(0)),
  };
}

/** The bare peer: node:http, HMAC check, one INSERT per alert. */
async function bare(url: string, secret: string): Promise<Record<string, string | number>> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  await pool.query('CREATE TABLE bare_alerts (id bigserial PRIMARY KEY, external_id text UNIQUE NOT NULL, payload jsonb NOT NULL, received_at timestamptz NOT NULL DEFAULT now())');
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const ts = String(req.headers['x-otasuke-timestamp'] ?? '');
      const given = Buffer.from(String(req.headers['x-otasuke-signature'] ?? '').replace(/^v1=/, ''), 'hex');
      const want = Buffer.from(sign(secret, ts, body), 'hex');
      if (given.length !== want.length || !crypto.timingSafeEqual(given, want)) {
        res.writeHead(401).end();
        return;
      }
      const alert = JSON.parse(body.toString('utf8')) as { id: string };
      pool.query('INSERT INTO bare_alerts (external_id, payload) VALUES ($1, $2) ON CONFLICT DO NOTHING', [alert.id, body.toString('utf8')]).then(
        () => res.writeHead(202).end(),
        () => res.writeHead(500).end(),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const r = await load(port, '/api/alerts/bare', secret, 'bare');
  const stored = Number((await pool.query<{ n: string }>('SELECT count(DISTINCT external_id) AS n FROM bare_alerts')).rows[0]!.n);
  await new Promise<void>((res) => server.close(() => res()));
  await pool.end();
  return summary('bare node:http + HMAC + INSERT', r, { stored_once: stored, cases: '—' });
}

/**
 * The load generator lives in this process: before either server is measured, it sends one
 * second of the same requests to a server that only answers 202, so that its own first-second
 * JIT is not counted against whichever server goes first (the bot did; the peer got it warm).
 */
async function warmLoadGenerator(secret: string): Promise<void> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(202).end());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await load(port, '/warm', secret, 'warm', 1);
  await new Promise<void>((res) => server.close(() => res()));
}

export async function run(report: Report): Promise<void> {
  const database = await freshDatabase();
  const prefix = `bench-alerts-${crypto.randomBytes(3).toString('hex')}`;
  const chat = new NullAdapter();
  const config = loadConfig({ DATABASE_URL: database.url, REDIS_URL, QUEUE_PREFIX: prefix, HTTP_PORT: '0', CHANNEL: 'none', DB_POOL_MAX: '10', LOG_LEVEL: 'error' });
  const app = await createApp(config, { logger: createLogger({ level: 'error' }), adapters: [chat] });
  const rows: Record<string, string | number>[] = [];
  try {
    await app.start();
    const secret = AlertSecrets.generate('hmac');
    await new AlertSourceStore(app.db).add({ id: 'bench-fw', tenantId: LOCAL_DEMO.tenantId, name: 'bench', kind: 'generic', auth: 'hmac', secret: new AlertSecrets().store('hmac', secret), contactUserId: LOCAL_DEMO.admin.id });
    const port = (app.http.server.address() as { port: number }).port;
    await warmLoadGenerator(secret);
    const r = await load(port, '/api/alerts/bench-fw', secret, 'bot');
    const counts = (
      await app.db.query<{ alerts: string; distinct_ids: string; cases: string }>(
        "SELECT count(*) AS alerts, count(DISTINCT external_id) AS distinct_ids, count(DISTINCT case_id) AS cases FROM alerts WHERE source_id = 'bench-fw'",
      )
    ).rows[0]!;
    rows.push(
      summary('bot POST /api/alerts (PostgreSQL + BullMQ)', r, {
        stored_once: Number(counts.alerts) === Number(counts.distinct_ids) ? Number(counts.alerts) : `${counts.alerts} rows, ${counts.distinct_ids} ids`,
        cases: Number(counts.cases),
      }),
    );
    rows.push(await bare(database.url, secret));
  } finally {
    await app.stop();
    await database.drop().catch(() => undefined);
  }
  report(`alert intake: ${RATE}/s for ${SECONDS} s, one process, 50 machines × 4 rules (intake latency = request sent → 202)`, rows);
}
