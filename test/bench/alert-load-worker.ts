/**
 * The alert bench's load generator, in a worker thread (see alerts.bench.ts): sends `rate` signed
 * alerts a second for `seconds` (open loop: on schedule whatever the answers) for each order it is
 * posted, and posts back each request's latency and send time.
 */
import http from 'node:http';
import { parentPort } from 'node:worker_threads';
import { sign } from '../../bot/alerts/alert-secrets.js';

interface LoadOrder {
  port: number;
  path: string;
  secret: string;
  run: string;
  seconds: number;
  rate: number;
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

async function load({ port, path, secret, run, seconds, rate }: LoadOrder) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 128 });
  const latencies: number[] = [];
  const sentAt: number[] = [];
  let ok = 0;
  let failed = 0;
  const codes = new Map<string, number>();
  const total = rate * seconds;
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
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate));
      while (sent < due) pending.push(send(sent++));
      if (sent >= total) {
        clearInterval(timer);
        resolve();
      }
    }, 10);
  });
  await Promise.all(pending);
  agent.destroy();
  return { latencies, sentAt, ok, failed, codes: [...codes], wallMs: performance.now() - start };
}


parentPort!.on('message', (order: LoadOrder) => void load(order).then((result) => parentPort!.postMessage(result)));
