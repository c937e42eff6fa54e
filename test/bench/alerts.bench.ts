/**
 * Alert intake under load: 1,000 signed alerts a second for 10 s into one bot process
 * (PostgreSQL + BullMQ), open loop (sent on schedule whatever the answers), beside a bare
 * node:http handler that verifies the same HMAC and inserts one row, in the same run on the
 * same PostgreSQL. Checks every alert is stored once and how many cases they became; prints
 * the intake latency (request sent → 202) per server. The load generator runs in a worker thread of
 * the bench process (alert-load-worker.ts), which is also the bot's: all share the machine's two cores.
 */
import crypto from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';
import nodePath from 'node:path';
import { Worker } from 'node:worker_threads';
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

/**
 * The load generator: a worker thread with its own event loop (alert-load-worker.ts), so a server's
 * busy moment in this thread delays the answers it measures, not the sending of the next requests,
 * and the generator's own work (HMAC, request objects) does not queue in front of the server's. One
 * worker serves every load of the run, so its warm-up counts for all.
 */
class LoadGenerator {
  private readonly worker: Worker;

  constructor() {
    // A worker does not inherit tsx's loader: its entry registers tsx's require hook, then loads the TypeScript.
    const entry = `require('tsx/cjs'); require(${JSON.stringify(nodePath.join(__dirname, 'alert-load-worker.ts'))});`;
    this.worker = new Worker(entry, { eval: true });
  }

  /** Sends RATE requests a second for `seconds` (open loop) and measures each one's latency. */
  async load(port: number, path: string, secret: string, run: string, seconds: number = SECONDS): Promise<LoadResult> {
    this.worker.postMessage({ port, path, secret, run, seconds, rate: RATE });
    const [result] = (await once(this.worker, 'message')) as [Omit<LoadResult, 'codes'> & { codes: [string, number][] }];
    return { ...result, codes: new Map(result.codes) };
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
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
async function bare(generator: LoadGenerator, url: string, secret: string): Promise<Record<string, string | number>> {
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
  const r = await generator.load(port, '/api/alerts/bare', secret, 'bare');
  const stored = Number((await pool.query<{ n: string }>('SELECT count(DISTINCT external_id) AS n FROM bare_alerts')).rows[0]!.n);
  await new Promise<void>((res) => server.close(() => res()));
  await pool.end();
  return summary('bare node:http + HMAC + INSERT', r, { stored_once: stored, cases: '—', escalated: '—', open_to_escalated_ms: '—' });
}

/**
 * Before either server is measured, the load generator sends one
 * second of the same requests to a server that only answers 202, so that its own first-second
 * JIT is not counted against whichever server goes first (the bot did; the peer got it warm).
 */
async function warmLoadGenerator(generator: LoadGenerator, secret: string): Promise<void> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(202).end());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await generator.load(port, '/warm', secret, 'warm', 1);
  await new Promise<void>((res) => server.close(() => res()));
}

export async function run(report: Report): Promise<void> {
  const database = await freshDatabase();
  const prefix = `bench-alerts-${crypto.randomBytes(3).toString('hex')}`;
  const chat = new NullAdapter();
  const config = loadConfig({ DATABASE_URL: database.url, REDIS_URL, QUEUE_PREFIX: prefix, HTTP_PORT: '0', CHANNEL: 'none', DB_POOL_MAX: '10', LOG_LEVEL: 'error' });
  const app = await createApp(config, { logger: createLogger({ level: 'error' }), adapters: [chat] });
  const rows: Record<string, string | number>[] = [];
  const generator = new LoadGenerator();
  try {
    await app.start();
    const secret = AlertSecrets.generate('hmac');
    await new AlertSourceStore(app.db).add({ id: 'bench-fw', tenantId: LOCAL_DEMO.tenantId, name: 'bench', kind: 'generic', auth: 'hmac', secret: new AlertSecrets().store('hmac', secret), contactUserId: LOCAL_DEMO.admin.id });
    const port = (app.http.server.address() as { port: number }).port;
    await warmLoadGenerator(generator, secret);
    const r = await generator.load(port, '/api/alerts/bench-fw', secret, 'bot');
    const counts = (
      await app.db.query<{ alerts: string; distinct_ids: string; cases: string }>(
        "SELECT count(*) AS alerts, count(DISTINCT external_id) AS distinct_ids, count(DISTINCT case_id) AS cases FROM alerts WHERE source_id = 'bench-fw'",
      )
    ).rows[0]!;
    // Every case of the run escalated (the alert.open job ran during the storm), and how long after its opening.
    const escalation = async () =>
      (
        await app.db.query<{ cases: string; escalated: string; max_ms: string | null }>(
          `SELECT count(*) AS cases, count(e.at) AS escalated, round(max(extract(epoch FROM e.at - c.created_at) * 1000)) AS max_ms
           FROM cases c LEFT JOIN LATERAL (SELECT min(at) AS at FROM case_events WHERE case_id = c.id AND type = 'escalated') e ON true
           WHERE c.id IN (SELECT DISTINCT case_id FROM alerts WHERE source_id = 'bench-fw')`,
        )
      ).rows[0]!;
    let escalated = await escalation();
    for (let i = 0; i < 50 && Number(escalated.escalated) < Number(escalated.cases); i++) {
      await new Promise((res) => setTimeout(res, 100));
      escalated = await escalation();
    }
    rows.push(
      summary('bot POST /api/alerts (PostgreSQL + BullMQ)', r, {
        stored_once: Number(counts.alerts) === Number(counts.distinct_ids) ? Number(counts.alerts) : `${counts.alerts} rows, ${counts.distinct_ids} ids`,
        cases: Number(counts.cases),
        escalated: `${escalated.escalated}/${escalated.cases}`,
        open_to_escalated_ms: escalated.max_ms === null ? '—' : Number(escalated.max_ms),
      }),
    );
    rows.push(await bare(generator, database.url, secret));
  } finally {
    await generator.close();
    await app.stop();
    await database.drop().catch(() => undefined);
  }
  report(`alert intake: ${RATE}/s for ${SECONDS} s, one process, 50 machines × 4 rules (intake latency = request sent → 202)`, rows);
}
