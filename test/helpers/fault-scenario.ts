import { answerCounts, responderCards, sendQuestions, type SentQuestion } from './fault-load.js';
import { killCounts } from './kill-load.js';
import { PEOPLE, RESPONDERS_CHANNEL, startSlackApp, until, type SlackTestApp } from './slack-app.js';
import { CUSTOMER, VENDOR } from './slack-payloads.js';

/** What a fault scenario's own checks get once the load is over. */
export interface FaultOutcome {
  s: SlackTestApp;
  sent: SentQuestion[];
}

export interface FaultScenario {
  /** Channel the questions are asked in (one per scenario). */
  channel: string;
  /** Breaks something; called a third of the way into the load, with questions in every stage of handling. */
  inject(): Promise<void>;
  /** Environment of the bot besides the shared one (e.g. a short DB_OUTAGE_RETRY_MS). */
  env?: Record<string, string>;
  /**
   * Questions may be answered late by the sweep, after an apology for the wait (an outage longer
   * than DB_OUTAGE_RETRY_MS): the apology is not counted as an answer.
   */
  lateAnswers?: boolean;
  /** Checks of its own, besides the shared counts. */
  alsoCheck?(outcome: () => FaultOutcome): void;
}

const COUNT = 60;
const URGENT_EVERY = 4;

/**
 * The shared shape of the fault tests on the real services: a multi-workspace
 * bot on PostgreSQL + BullMQ takes 60 signed questions at 20/s (every fourth
 * one urgent) through its Slack receiver while `inject` breaks something;
 * afterwards every event was acknowledged (maybe on Slack's redelivery), every
 * question answered exactly once with no apology instead, one case each, every
 * urgent one escalated with exactly one responder card, and the job records
 * consistent.
 */
export function describeFaultUnderLoad(title: string, scenario: FaultScenario): void {
  describe(title, () => {
    let s: SlackTestApp;
    let sent: SentQuestion[];
    let injected = false;
    const urgentCount = () => sent.filter((q) => q.urgent).length;
    const counted = () => (scenario.lateAnswers ? { ...killCounts(s.standIn, scenario.channel, sent), apologies: answerCounts(s.standIn, scenario.channel, sent).apologies } : answerCounts(s.standIn, scenario.channel, sent));

    beforeAll(async () => {
      s = await startSlackApp({ env: { RATE_LIMIT_USER_PER_MIN: '0', RATE_LIMIT_TENANT_PER_MIN: '0', DB_OUTAGE_RETRY_MS: '60000', ...scenario.env } });
      await s.install(VENDOR);
      await s.install(CUSTOMER);
      let fault: Promise<void> | undefined;
      sent = await sendQuestions({
        sender: s.sender,
        team: CUSTOMER,
        user: PEOPLE.asker.id,
        channel: scenario.channel,
        count: COUNT,
        urgentEvery: URGENT_EVERY,
        intervalMs: 50,
        onSent: (i) => {
          if (i === Math.floor(COUNT / 3)) fault = scenario.inject().then(() => void (injected = true));
        },
      });
      await fault;
      await until(() => counted().exact === COUNT && responderCards(s.standIn, RESPONDERS_CHANNEL).size >= urgentCount(), 90_000).catch(
        () => undefined,
      );
      // Anything late (a second card, a second answer) has time to show up before counting.
      await new Promise((r) => setTimeout(r, 3000));
    }, 180_000);

    afterAll(async () => {
      await s?.stop();
    });

    it('broke it while questions were arriving, and every event was acknowledged in the end', () => {
      expect(injected).toBe(true);
      expect(sent.filter((q) => !q.attempts.some((a) => a === 200))).toEqual([]);
    });

    it('answered every question exactly once, with no apology instead of an answer', () => {
      const counts = counted();
      if (scenario.lateAnswers) console.log(`${title}: ${COUNT} questions, ${killCounts(s.standIn, scenario.channel, sent).late} answered late by the sweep`);
      expect(counts.lost).toEqual([]);
      expect(counts.duplicated).toEqual([]);
      expect(counts.exact).toBe(COUNT);
      expect(counts.apologies).toBe(0);
    });

    it('opened one case per question and escalated every urgent one exactly once', async () => {
      const rows = await s.app.services.db.query<{ thread_ref: string; state: string; n: number }>(
        `SELECT thread_ref, state, count(*) OVER (PARTITION BY thread_ref)::int AS n FROM cases WHERE thread_ref LIKE $1`,
        [`slack:${CUSTOMER.teamId}:${scenario.channel}:%`],
      );
      expect(rows.rows).toHaveLength(COUNT);
      expect(rows.rows.filter((r) => r.n !== 1)).toEqual([]);
      expect(rows.rows.filter((r) => r.state === 'escalated')).toHaveLength(urgentCount());
      expect(rows.rows.filter((r) => r.state === 'new')).toEqual([]);
      const cards = responderCards(s.standIn, RESPONDERS_CHANNEL);
      expect(cards.size).toBe(urgentCount());
      expect([...cards.values()].filter((n) => n !== 1)).toEqual([]);
    });

    it('left the job records consistent: every notification done, one pending timer per escalated case', async () => {
      const jobs = await s.app.services.db.query<{ name: string; status: string; n: number }>(
        `SELECT name, status, count(*)::int AS n FROM jobs WHERE name LIKE 'escalation.%' GROUP BY name, status ORDER BY name, status`,
      );
      expect(jobs.rows).toEqual([
        { name: 'escalation.notify', status: 'done', n: urgentCount() },
        { name: 'escalation.timer', status: 'pending', n: urgentCount() },
      ]);
    });

    scenario.alsoCheck?.(() => ({ s, sent }));
  });
}
