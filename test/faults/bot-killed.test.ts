import { mentionEvent, nextTs, CUSTOMER, VENDOR } from '../helpers/slack-payloads.js';
import { OpenAIStandIn } from '../helpers/openai-stand-in.js';
import { consentToModel, tenantOfTeam } from '../helpers/llm-consent.js';
import { responderCards, ROUTINE_QUESTION, URGENT_QUESTION } from '../helpers/fault-load.js';
import { PEOPLE, RESPONDERS_CHANNEL, SIGNING_SECRET, startSlackApp, until, type SlackTestApp } from '../helpers/slack-app.js';
import { SlackSender } from '../helpers/slack-signing.js';
import { freePort, startWorkerProcess, type WorkerProcess } from '../helpers/worker-process.js';
import { t } from '../../core/i18n/t.js';

/*
 * A bot process taking Slack requests is killed with SIGKILL while it is
 * in the middle of questions: it acknowledged them, opened their cases, and
 * is waiting on the language model (a stand-in that never answers). Nobody
 * will send those events again (Slack got its 200). The case.resume job
 * recorded with each case lets another process (here the test's app, which
 * works the jobs) answer each of them once, and escalate the urgent ones.
 */
const CHANNEL = 'C0FAULTBOT';
const RESUME_AFTER_MS = 4000;

describe('bot process killed mid-question', () => {
  let s: SlackTestApp;
  let ai: OpenAIStandIn;
  let bot: WorkerProcess;
  const questions: { ts: string; urgent: boolean }[] = [];
  let repliesBeforeKill = -1;

  beforeAll(async () => {
    ai = await OpenAIStandIn.start();
    ai.onChat = () => ({ content: 'never', delayMs: 600_000 });
    s = await startSlackApp({ env: { CASE_RESUME_AFTER_MS: String(RESUME_AFTER_MS), RATE_LIMIT_USER_PER_MIN: '0' } });
    await s.install(VENDOR);
    await s.install(CUSTOMER);
    // The customer company has consented to the model (off until an admin turns it on).
    await consentToModel(s.app.services.db, await tenantOfTeam(s.app.services.db, CUSTOMER.teamId));
    const port = await freePort();
    bot = startWorkerProcess(s, {
      leaseMs: 60_000,
      env: {
        QUEUE_RUN_WORKER: 'false',
        HTTP_PORT: String(port),
        CASE_RESUME_AFTER_MS: String(RESUME_AFTER_MS),
        RATE_LIMIT_USER_PER_MIN: '0',
        OPENAI_API_KEY: 'test-key',
        OPENAI_BASE_URL: ai.baseUrl,
        OPENAI_TIMEOUT_MS: '120000',
      },
    });
    const sender = new SlackSender(`http://127.0.0.1:${port}/slack/events`, SIGNING_SECRET);
    await until(() => fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok).catch(() => false), 60_000).catch((err: unknown) => {
      throw new Error(`the bot process did not start: ${bot.output().slice(-2000)}`, { cause: err });
    });
    for (let i = 0; i < 6; i++) {
      const q = { ts: nextTs(), urgent: i % 2 === 0 };
      questions.push(q);
      const r = await sender.event(mentionEvent({ team: CUSTOMER, user: PEOPLE.asker.id, channel: CHANNEL, ts: q.ts, text: q.urgent ? URGENT_QUESTION : ROUTINE_QUESTION }));
      expect(r.status).toBe(200);
    }
    // Every question has its case and is stuck waiting on the model: now the process dies.
    await until(async () => {
      const r = await s.app.services.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM cases WHERE state = 'new' AND thread_ref LIKE $1`, [`slack:${CUSTOMER.teamId}:${CHANNEL}:%`]);
      return r.rows[0]!.n === questions.length && ai.chatRequests().length >= questions.length;
    }, 60_000).catch(async (err: unknown) => {
      const r = await s.app.services.db.query(`SELECT state, thread_ref FROM cases`);
      throw new Error(`questions not stuck as expected: ${JSON.stringify(r.rows)} chat=${ai.chatRequests().length} ${bot.output().slice(-2000)}`, { cause: err });
    });
    repliesBeforeKill = questions.reduce((n, q) => n + s.standIn.thread(CHANNEL, q.ts).length, 0);
    bot.child.kill('SIGKILL');
    await new Promise((r) => bot.child.once('exit', r));
    await until(() => questions.every((q) => s.standIn.thread(CHANNEL, q.ts).length >= (q.urgent ? 3 : 2)), 60_000).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 1500));
  }, 180_000);

  afterAll(async () => {
    bot?.child.kill('SIGKILL');
    await s?.stop();
    await ai?.close();
  });

  it('killed the process with every question opened and none answered', () => {
    expect(bot.child.signalCode).toBe('SIGKILL');
    expect(repliesBeforeKill).toBe(0);
  });

  it('answered every question exactly once afterwards, saying sorry for the wait', () => {
    const late = t('ja', 'reply.resumedLate');
    for (const q of questions) {
      const replies = s.standIn.thread(CHANNEL, q.ts);
      // The apology, the answer, and for urgent ones the intake questions: nothing twice.
      expect({ ts: q.ts, n: replies.length }).toEqual({ ts: q.ts, n: q.urgent ? 3 : 2 });
      expect(replies[0]!.visible).toContain(late);
    }
  });

  it('escalated every urgent one exactly once and left no case unanswered', async () => {
    const states = await s.app.services.db.query<{ state: string; n: number }>(
      `SELECT state, count(*)::int AS n FROM cases WHERE thread_ref LIKE $1 GROUP BY state ORDER BY state`,
      [`slack:${CUSTOMER.teamId}:${CHANNEL}:%`],
    );
    expect(states.rows).toEqual([
      { state: 'answered', n: 3 },
      { state: 'escalated', n: 3 },
    ]);
    const cards = responderCards(s.standIn, RESPONDERS_CHANNEL);
    expect(cards.size).toBe(3);
    expect([...cards.values()].filter((n) => n !== 1)).toEqual([]);
  });
});
