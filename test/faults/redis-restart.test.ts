import { answerCounts, responderCards, sendQuestions, type SentQuestion } from '../helpers/fault-load.js';
import { restartRedisEmpty } from '../helpers/services.js';
import { PEOPLE, RESPONDERS_CHANNEL, startSlackApp, until, type SlackTestApp } from '../helpers/slack-app.js';
import { CUSTOMER, VENDOR } from '../helpers/slack-payloads.js';

/*
 * The real Redis server is shut down and started again empty (it keeps
 * nothing on disk here) while signed questions keep arriving at a
 * multi-workspace bot on PostgreSQL + BullMQ: every BullMQ job in flight or
 * waiting is gone. The jobs table in PostgreSQL is the truth, so the sweep
 * must hand every pending notification to the new Redis once: every question
 * answered once, every urgent one escalated with exactly one responder card.
 */
const CHANNEL = 'C0FAULTRD';
const COUNT = 60;
const URGENT_EVERY = 4;

describe('Redis restarted empty mid-load', () => {
  let s: SlackTestApp;
  let sent: SentQuestion[];
  let restarted = false;

  beforeAll(async () => {
    s = await startSlackApp({ env: { RATE_LIMIT_USER_PER_MIN: '0', RATE_LIMIT_TENANT_PER_MIN: '0', DB_OUTAGE_RETRY_MS: '60000' } });
    await s.install(VENDOR);
    await s.install(CUSTOMER);
    let restart: Promise<void> | undefined;
    sent = await sendQuestions({
      sender: s.sender,
      team: CUSTOMER,
      user: PEOPLE.asker.id,
      channel: CHANNEL,
      count: COUNT,
      urgentEvery: URGENT_EVERY,
      intervalMs: 50,
      // A third of the way in, with questions in every stage of handling.
      onSent: (i) => {
        if (i === Math.floor(COUNT / 3)) restart = restartRedisEmpty().then(() => void (restarted = true));
      },
    });
    await restart;
    const urgent = sent.filter((q) => q.urgent).length;
    await until(() => answerCounts(s.standIn, CHANNEL, sent).exact === COUNT && responderCards(s.standIn, RESPONDERS_CHANNEL).size >= urgent, 90_000).catch(() => undefined);
    // Anything late (a second card, a second answer) has time to show up before counting.
    await new Promise((r) => setTimeout(r, 3000));
  }, 180_000);

  afterAll(async () => {
    await s?.stop();
  });

  it('restarted Redis while questions were arriving', () => {
    expect(restarted).toBe(true);
    // Every event was acknowledged in the end (some only on Slack's redelivery).
    expect(sent.filter((q) => !q.attempts.some((a) => a === 200))).toEqual([]);
  });

  it('answered every question exactly once, with no apology instead of an answer', () => {
    const counts = answerCounts(s.standIn, CHANNEL, sent);
    expect(counts.lost).toEqual([]);
    expect(counts.duplicated).toEqual([]);
    expect(counts.exact).toBe(COUNT);
    expect(counts.apologies).toBe(0);
  });

  it('opened one case per question and escalated every urgent one exactly once', async () => {
    const rows = await s.app.services.db.query<{ thread_ref: string; state: string; n: number }>(
      `SELECT thread_ref, state, count(*) OVER (PARTITION BY thread_ref)::int AS n FROM cases WHERE thread_ref LIKE $1`,
      [`slack:${CUSTOMER.teamId}:${CHANNEL}:%`],
    );
    expect(rows.rows).toHaveLength(COUNT);
    expect(rows.rows.filter((r) => r.n !== 1)).toEqual([]);
    const urgent = sent.filter((q) => q.urgent).length;
    expect(rows.rows.filter((r) => r.state === 'escalated')).toHaveLength(urgent);
    expect(rows.rows.filter((r) => r.state === 'new')).toEqual([]);
    const cards = responderCards(s.standIn, RESPONDERS_CHANNEL);
    expect(cards.size).toBe(urgent);
    expect([...cards.values()].filter((n) => n !== 1)).toEqual([]);
  });

  it('left the job records consistent: every notification done, one pending timer per escalated case', async () => {
    const jobs = await s.app.services.db.query<{ name: string; status: string; n: number }>(
      `SELECT name, status, count(*)::int AS n FROM jobs WHERE name LIKE 'escalation.%' GROUP BY name, status ORDER BY name, status`,
    );
    const urgent = sent.filter((q) => q.urgent).length;
    expect(jobs.rows).toEqual([
      { name: 'escalation.notify', status: 'done', n: urgent },
      { name: 'escalation.timer', status: 'pending', n: urgent },
    ]);
  });
});
