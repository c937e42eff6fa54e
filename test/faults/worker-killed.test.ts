import { answerCounts, responderCards, sendQuestions, type SentQuestion } from '../helpers/fault-load.js';
import { PEOPLE, RESPONDERS_CHANNEL, startSlackApp, until, type SlackTestApp } from '../helpers/slack-app.js';
import { CUSTOMER, VENDOR } from '../helpers/slack-payloads.js';
import { startWorkerProcess, type WorkerProcess } from '../helpers/worker-process.js';

/*
 * A worker process (the real `bot/main.ts`, only working jobs) is killed
 * with SIGKILL while it is posting responder cards: the Slack stand-in holds
 * each card post for a while, so the kill lands between "posted" and
 * "recorded". A second worker takes the jobs over when their leases run out.
 * The bot process taking the questions only produces jobs. Afterwards every
 * question is answered once, every urgent case has exactly one card, and the
 * cards the dead worker had posted were found again, not posted twice.
 */
const CHANNEL = 'C0FAULTWK';
const COUNT = 30;
const URGENT_EVERY = 2;
const LEASE_MS = 3000;
const CARD_POST_MS = 600;

function cardPostsStarted(s: SlackTestApp): number {
  return s.standIn.calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === RESPONDERS_CHANNEL).length;
}

describe('worker process killed mid-job', () => {
  let s: SlackTestApp;
  let sent: SentQuestion[];
  let first: WorkerProcess;
  let second: WorkerProcess | undefined;
  let postsAtKill = 0;

  beforeAll(async () => {
    s = await startSlackApp({
      env: { QUEUE_RUN_WORKER: 'false', JOB_LEASE_MS: String(LEASE_MS), RATE_LIMIT_USER_PER_MIN: '0', RATE_LIMIT_TENANT_PER_MIN: '0' },
    });
    await s.install(VENDOR);
    await s.install(CUSTOMER);
    s.standIn.slowChannels.set(RESPONDERS_CHANNEL, CARD_POST_MS);
    first = startWorkerProcess(s, { leaseMs: LEASE_MS });
    sent = await sendQuestions({ sender: s.sender, team: CUSTOMER, user: PEOPLE.asker.id, channel: CHANNEL, count: COUNT, urgentEvery: URGENT_EVERY, intervalMs: 40 });
    // Kill it while card posts are in flight: some reached Slack, none of those were recorded yet.
    await until(() => cardPostsStarted(s) >= 4, 60_000);
    postsAtKill = cardPostsStarted(s);
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    second = startWorkerProcess(s, { leaseMs: LEASE_MS });
    const urgent = sent.filter((q) => q.urgent).length;
    await until(async () => {
      const r = await s.app.services.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM jobs WHERE name = 'escalation.notify' AND status = 'done'`);
      return r.rows[0]!.n === urgent && answerCounts(s.standIn, CHANNEL, sent).exact === COUNT;
    }, 120_000).catch(() => undefined);
    await new Promise((r) => setTimeout(r, CARD_POST_MS * 2));
  }, 240_000);

  afterAll(async () => {
    first?.child.kill('SIGKILL');
    second?.child.kill('SIGTERM');
    if (second && second.child.exitCode === null) await new Promise((r) => second!.child.once('exit', r));
    await s?.stop();
  });

  it('killed the first worker with card posts in flight', () => {
    expect(first.child.signalCode).toBe('SIGKILL');
    expect(postsAtKill).toBeGreaterThanOrEqual(4);
    expect(postsAtKill).toBeLessThan(COUNT / URGENT_EVERY);
  });

  it('answered every question exactly once (answers do not wait for workers)', () => {
    const counts = answerCounts(s.standIn, CHANNEL, sent);
    expect(counts.lost).toEqual([]);
    expect(counts.duplicated).toEqual([]);
    expect(counts.apologies).toBe(0);
  });

  it('posted exactly one responder card per urgent case, finding the dead worker\u2019s posts again', async () => {
    const urgent = sent.filter((q) => q.urgent).length;
    const cards = responderCards(s.standIn, RESPONDERS_CHANNEL);
    expect(cards.size).toBe(urgent);
    expect([...cards.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    const notified = await s.app.services.db.query<{ recovered: boolean | null; n: number }>(
      `SELECT (data->>'recovered')::boolean AS recovered, count(*)::int AS n FROM case_events WHERE type = 'responders_notified' GROUP BY 1`,
    );
    const total = notified.rows.reduce((sum, r) => sum + r.n, 0);
    expect(total).toBe(urgent);
    // The kill landed after Slack took at least one card: that card was adopted, not posted again.
    expect(notified.rows.find((r) => r.recovered)?.n ?? 0).toBeGreaterThan(0);
    const jobs = await s.app.services.db.query<{ status: string; n: number }>(`SELECT status, count(*)::int AS n FROM jobs WHERE name = 'escalation.notify' GROUP BY status`);
    expect(jobs.rows).toEqual([{ status: 'done', n: urgent }]);
  });
});
