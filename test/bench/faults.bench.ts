/**
 * Recovery from faults, timed: how long questions and escalations take when
 * the real PostgreSQL restarts or a worker process is killed mid-post, on a
 * multi-workspace bot (PostgreSQL + BullMQ, Slack HTTP receiver, signed
 * events, Slack's redelivery compressed as in test/helpers/fault-load.ts).
 * The fault tests (test/faults) assert the counts; this measures the time.
 * Restarts the machine's PostgreSQL server and starts worker processes: run it alone.
 */
import { answerCounts, responderCards, sendQuestions, type SentQuestion } from '../helpers/fault-load.js';
import { killCounts, runKillLoad } from '../helpers/kill-load.js';
import { restartPostgres } from '../helpers/services.js';
import { PEOPLE, RESPONDERS_CHANNEL, startSlackApp, until, type SlackTestApp } from '../helpers/slack-app.js';
import { CUSTOMER, VENDOR } from '../helpers/slack-payloads.js';
import { startWorkerProcess, type WorkerProcess } from '../helpers/worker-process.js';
import type { Report, Rows } from './run-bench.js';

const COUNT = 100;
const URGENT_EVERY = 4;
const INTERVAL_MS = 50;

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

/** Reply time per question (send → first reply in its thread at the stand-in). */
function watchReplies(s: SlackTestApp, channel: string): Map<string, number> {
  const firstReply = new Map<string, number>();
  s.standIn.onMessage = (m) => {
    if (m.channel === channel && m.threadTs && !firstReply.has(m.threadTs)) firstReply.set(m.threadTs, performance.now());
  };
  return firstReply;
}

function row(label: string, qs: SentQuestion[], replies: Map<string, number>, s: SlackTestApp, channel: string): Rows[number] {
  const times = qs.map((q) => (replies.get(q.ts) ?? NaN) - q.sentAt).filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  const counts = answerCounts(s.standIn, channel, qs);
  return {
    questions: label,
    n: qs.length,
    answered_once: counts.exact,
    lost: counts.lost.length,
    duplicated: counts.duplicated.length,
    redelivered_by_slack: qs.filter((q) => q.attempts.length > 1).length,
    reply_p50_ms: Number(percentile(times, 0.5).toFixed(0)),
    reply_p99_ms: Number(percentile(times, 0.99).toFixed(0)),
    reply_max_ms: Number((times.at(-1) ?? NaN).toFixed(0)),
  };
}

async function postgresRestart(report: Report): Promise<void> {
  const channel = 'C0BENCHPG';
  const s = await startSlackApp({ env: { RATE_LIMIT_USER_PER_MIN: '0', RATE_LIMIT_TENANT_PER_MIN: '0', LOG_LEVEL: 'error' } });
  try {
    await s.install(VENDOR);
    await s.install(CUSTOMER);
    const replies = watchReplies(s, channel);
    let restart: Promise<{ downMs: number }> | undefined;
    let restartFrom = 0;
    let restartTo = 0;
    const sent = await sendQuestions({
      sender: s.sender,
      team: CUSTOMER,
      user: PEOPLE.asker.id,
      channel,
      count: COUNT,
      urgentEvery: URGENT_EVERY,
      intervalMs: INTERVAL_MS,
      onSent: (i) => {
        if (i !== Math.floor(COUNT / 3)) return;
        restartFrom = performance.now();
        restart = restartPostgres().then((r) => ((restartTo = performance.now()), r));
      },
    });
    const { downMs } = await restart!;
    const urgent = sent.filter((q) => q.urgent).length;
    await until(() => answerCounts(s.standIn, channel, sent).exact === COUNT && responderCards(s.standIn, RESPONDERS_CHANNEL).size >= urgent, 120_000).catch(() => undefined);
    const lastReply = Math.max(...sent.filter((q) => q.sentAt <= restartTo).map((q) => replies.get(q.ts) ?? 0));
    const before = sent.filter((q) => q.sentAt < restartFrom);
    const during = sent.filter((q) => q.sentAt >= restartFrom && q.sentAt <= restartTo);
    const after = sent.filter((q) => q.sentAt > restartTo);
    report(`PostgreSQL restarted (fast shutdown) mid-load: ${COUNT} questions at ${1000 / INTERVAL_MS}/s, restart after #${Math.floor(COUNT / 3)}; restart took ${downMs} ms; every question sent up to then answered ${Math.round(lastReply - restartFrom)} ms after the restart began`, [
      row('sent before the restart', before, replies, s, channel),
      row('sent while restarting', during, replies, s, channel),
      row('sent after', after, replies, s, channel),
    ]);
  } finally {
    s.standIn.onMessage = undefined;
    await s.stop();
  }
}

/** A worker killed while its card posts are in flight; a second one takes the jobs over after the lease. */
async function workerKilled(leaseMs: number): Promise<Rows[number]> {
  const channel = 'C0BENCHWK';
  const s = await startSlackApp({ env: { QUEUE_RUN_WORKER: 'false', JOB_LEASE_MS: String(leaseMs), RATE_LIMIT_USER_PER_MIN: '0', RATE_LIMIT_TENANT_PER_MIN: '0', LOG_LEVEL: 'error' } });
  let first: WorkerProcess | undefined;
  let second: WorkerProcess | undefined;
  try {
    await s.install(VENDOR);
    await s.install(CUSTOMER);
    s.standIn.slowChannels.set(RESPONDERS_CHANNEL, 600);
    first = startWorkerProcess(s, { leaseMs });
    const sent = await sendQuestions({ sender: s.sender, team: CUSTOMER, user: PEOPLE.asker.id, channel, count: 30, urgentEvery: 2, intervalMs: 40 });
    const urgent = sent.filter((q) => q.urgent).length;
    const postsStarted = (): number => s.standIn.calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === RESPONDERS_CHANNEL).length;
    await until(() => postsStarted() >= 4, 60_000);
    const cardsAtKill = responderCards(s.standIn, RESPONDERS_CHANNEL).size;
    first.child.kill('SIGKILL');
    const killedAt = performance.now();
    second = startWorkerProcess(s, { leaseMs });
    // Recovered = every notification job done (recorded), not merely every card visible: the dead
    // worker's posts reach Slack on their own, their jobs need the takeover.
    await until(async () => {
      const r = await s.app.services.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM jobs WHERE name = 'escalation.notify' AND status = 'done'`);
      return r.rows[0]!.n === urgent;
    }, 180_000);
    const recoveredMs = performance.now() - killedAt;
    await new Promise((r) => setTimeout(r, 1500));
    const cards = responderCards(s.standIn, RESPONDERS_CHANNEL);
    return {
      job_lease_ms: leaseMs,
      urgent_cases: urgent,
      cards_before_kill: cardsAtKill,
      all_jobs_done_ms_after_kill: Math.round(recoveredMs),
      cards_posted_twice: [...cards.values()].filter((n) => n > 1).length,
    };
  } finally {
    first?.child.kill('SIGKILL');
    second?.child.kill('SIGTERM');
    if (second && second.child.exitCode === null) await new Promise((r) => second!.child.once('exit', r));
    await s.stop();
  }
}

/** Bot processes SIGKILLed at random across 200 questions (test/faults/bot-killed-replies.test.ts asserts the counts on 60). */
async function botsKilled(count: number): Promise<Rows[number]> {
  const outcome = await runKillLoad({ channel: 'C0BENCHKILL', count, intervalMs: 100, urgentEvery: 4, resumeAfterMs: 8000, leaseMs: 3000 });
  try {
    const counts = killCounts(outcome.s.standIn, 'C0BENCHKILL', outcome.sent);
    const cards = responderCards(outcome.s.standIn, RESPONDERS_CHANNEL);
    return {
      questions: count,
      kills: outcome.kills,
      answered_once: counts.exact,
      lost: counts.lost.length,
      duplicated: counts.duplicated.length,
      answered_late_by_sweep: counts.late,
      cards_posted_twice: [...cards.values()].filter((n) => n > 1).length,
      all_settled_s: Number((outcome.settledMs / 1000).toFixed(1)),
    };
  } finally {
    await outcome.stop();
  }
}

export async function run(report: Report): Promise<void> {
  report('two bot processes behind a balancer, one SIGKILLed at random moments (and restarted) while questions arrive', [await botsKilled(200)]);
  await postgresRestart(report);
  report('worker process SIGKILLed with responder-card posts in flight (each post held 600 ms by the stand-in); a second worker started at once', [
    await workerKilled(3000),
    await workerKilled(15_000),
  ]);
}
