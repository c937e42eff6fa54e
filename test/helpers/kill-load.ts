import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { t } from '../../core/i18n/t.js';
import { deliverLikeSlack, responderCards, ROUTINE_QUESTION, URGENT_QUESTION, type SentQuestion } from './fault-load.js';
import { PEOPLE, RESPONDERS_CHANNEL, SIGNING_SECRET, startSlackApp, until, type SlackTestApp } from './slack-app.js';
import { CUSTOMER, mentionEvent, nextTs, VENDOR } from './slack-payloads.js';
import { SlackSender } from './slack-signing.js';
import type { SlackStandIn } from './slack-stand-in.js';
import { freePort, startWorkerProcess, type WorkerProcess } from './worker-process.js';

/*
 * For the kill tests: a load balancer in front of several bot processes (each request goes to
 * the next one that is up; a request cut by a kill fails like it would for Slack, which then
 * delivers again), and counts of replies that tell a late apology from an answer.
 */

export interface Balancer {
  url: string;
  /** Ports of the bot processes behind it; a port set to 0 is skipped (its process is down). */
  ports: number[];
  close(): Promise<void>;
}

export async function startBalancer(ports: number[]): Promise<Balancer> {
  let next = 0;
  const state = { ports };
  const server = http.createServer((req, res) => {
    const alive = state.ports.filter((p) => p > 0);
    if (alive.length === 0) {
      res.writeHead(502).end();
      return;
    }
    const port = alive[next++ % alive.length]!;
    const upstream = http.request({ host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get ports() {
      return state.ports;
    },
    set ports(p: number[]) {
      state.ports = p;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface KillCounts {
  /** Questions with exactly their answer (and intake questions when urgent), at most one apology for a late answer. */
  exact: number;
  lost: string[];
  duplicated: string[];
  /** Answers that came late, with the apology (taken up by the sweep after a kill). */
  late: number;
}

const LATE = [t('ja', 'reply.resumedLate'), t('en', 'reply.resumedLate')];

/** Counts a Slack thread's replies per question: the apology for a late answer is not an answer. */
export function killCounts(standIn: SlackStandIn, channel: string, sent: SentQuestion[]): KillCounts {
  const counts: KillCounts = { exact: 0, lost: [], duplicated: [], late: 0 };
  for (const q of sent) {
    const replies = standIn.thread(channel, q.ts);
    const apologies = replies.filter((m) => LATE.some((l) => m.visible.includes(l))).length;
    const answers = replies.length - apologies;
    const expected = q.urgent ? 2 : 1;
    counts.late += apologies;
    if (answers === 0) counts.lost.push(q.ts);
    else if (answers > expected || apologies > 1) counts.duplicated.push(q.ts);
    else if (answers === expected) counts.exact++;
  }
  return counts;
}

export interface KillLoadOptions {
  channel: string;
  count: number;
  /** Pause between questions (ms). */
  intervalMs: number;
  urgentEvery: number;
  resumeAfterMs: number;
  leaseMs: number;
}

export interface KillLoadOutcome {
  s: SlackTestApp;
  sent: SentQuestion[];
  kills: number;
  /** From the first question sent until every question had its answer and every urgent one its card (ms), or NaN. */
  settledMs: number;
  /** Stops the processes, the balancer and the app. */
  stop(): Promise<void>;
}

/**
 * Two bot processes (`bot/main.ts`, taking Slack events, working no jobs) behind a balancer;
 * the test's app works the jobs. While the questions arrive, one process at a time is killed
 * with SIGKILL at a random moment (400–1600 ms apart) and started again on its port.
 */
export async function runKillLoad(o: KillLoadOptions): Promise<KillLoadOutcome> {
  const common = {
    CASE_RESUME_AFTER_MS: String(o.resumeAfterMs),
    DB_OUTAGE_RETRY_MS: '3000',
    SLACK_EVENT_REPLAY_MS: '3000',
    RATE_LIMIT_USER_PER_MIN: '0',
    RATE_LIMIT_TENANT_PER_MIN: '0',
  };
  const s = await startSlackApp({ env: { ...common, JOB_LEASE_MS: String(o.leaseMs), LOG_LEVEL: 'error' } });
  await s.install(VENDOR);
  await s.install(CUSTOMER);
  const env = (port: number) => ({ ...common, QUEUE_RUN_WORKER: 'false', HTTP_PORT: String(port) });
  const up = (port: number) => until(() => fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok).catch(() => false), 60_000);
  const ports = [await freePort(), await freePort()];
  // One after the other: two processes starting at once race for the migration lock.
  const bots: WorkerProcess[] = [];
  for (const port of ports) {
    const bot = startWorkerProcess(s, { leaseMs: o.leaseMs, env: env(port) });
    bots.push(bot);
    await up(port).catch((err: unknown) => {
      throw new Error(`a bot process did not start: ${bot.output().slice(-1500)}`, { cause: err });
    });
  }
  const balancer = await startBalancer([...ports]);
  const sender = new SlackSender(`${balancer.url}/slack/events`, SIGNING_SECRET);
  const sent: SentQuestion[] = [];
  let kills = 0;
  let sending = true;
  const killer = (async () => {
    while (sending) {
      await new Promise((r) => setTimeout(r, 400 + Math.random() * 1200));
      if (!sending) break;
      const victim = kills % 2;
      balancer.ports = ports.map((p, i) => (i === victim ? 0 : p));
      bots[victim]!.child.kill('SIGKILL');
      await new Promise((r) => bots[victim]!.child.once('exit', r));
      kills++;
      bots[victim] = startWorkerProcess(s, { leaseMs: o.leaseMs, env: env(ports[victim]!) });
      await up(ports[victim]!);
      balancer.ports = [...ports];
    }
  })();
  const started = performance.now();
  const deliveries: Promise<void>[] = [];
  for (let i = 0; i < o.count; i++) {
    // A restart can outlast the whole load on a busy machine (a cold start is 10 s or more there): the last
    // question waits for a second kill, so that every run kills at least twice while questions arrive.
    if (i === o.count - 1) await until(() => kills >= 2, 90_000).catch(() => undefined);
    const urgent = i % o.urgentEvery === 0;
    const q: SentQuestion = { ts: nextTs(), urgent, sentAt: performance.now(), attempts: [] };
    sent.push(q);
    const payload = mentionEvent({ team: CUSTOMER, user: PEOPLE.asker.id, channel: o.channel, ts: q.ts, text: `${urgent ? URGENT_QUESTION : ROUTINE_QUESTION} (#${i + 1})` });
    deliveries.push(deliverLikeSlack(sender, payload).then((a) => void q.attempts.push(...a)));
    await new Promise((r) => setTimeout(r, o.intervalMs));
  }
  await Promise.all(deliveries);
  sending = false;
  await killer;
  const urgent = sent.filter((q) => q.urgent).length;
  let settledMs = NaN;
  await until(() => {
    const done = killCounts(s.standIn, o.channel, sent).exact === o.count && responderCards(s.standIn, RESPONDERS_CHANNEL).size >= urgent;
    if (done) settledMs = performance.now() - started;
    return done;
  }, 120_000).catch(() => undefined);
  // Anything late (a second answer, a second card) has time to show up before counting.
  await new Promise((r) => setTimeout(r, o.leaseMs * 2));
  return {
    s,
    sent,
    kills,
    settledMs,
    async stop() {
      for (const b of bots) b.child.kill('SIGKILL');
      await balancer.close();
      await s.stop();
    },
  };
}
