import { responderCards, type SentQuestion } from '../helpers/fault-load.js';
import { killCounts, runKillLoad, type KillLoadOutcome } from '../helpers/kill-load.js';
import { RESPONDERS_CHANNEL } from '../helpers/slack-app.js';
import { CUSTOMER } from '../helpers/slack-payloads.js';

/*
 * Two bot processes take signed Slack questions behind a load balancer; one of them is killed
 * with SIGKILL at a random moment again and again while questions keep coming, and started
 * again (test/helpers/kill-load.ts). A kill lands anywhere: after the acknowledgement and before
 * the case, between the case and its replies, between the replies' record and their post,
 * between a post and its "sent". The Slack event inbox (an event kept before its 200, replayed when
 * its process died before the question's receipt), the durable inbox (undone questions taken up by
 * inbound.resume), the reply outbox (stranded replies delivered by reply.deliver, a post already
 * in Slack found by its metadata) and the case.resume job must get every question exactly one
 * answer and every urgent case one card. FAULT_QUESTIONS / FAULT_INTERVAL_MS change the load
 * (`npm run bench -- faults` runs 200 questions).
 */
const CHANNEL = 'C0FAULTKILL';
const COUNT = Number(process.env.FAULT_QUESTIONS ?? 60);
/** Pause between questions: the load spans several kills (a restart takes seconds on a busy machine). */
const INTERVAL_MS = Number(process.env.FAULT_INTERVAL_MS ?? 200);

describe('bot processes killed at random points across many questions', () => {
  let run: KillLoadOutcome;
  let sent: SentQuestion[];

  beforeAll(async () => {
    run = await runKillLoad({ channel: CHANNEL, count: COUNT, intervalMs: INTERVAL_MS, urgentEvery: 4, resumeAfterMs: 8000, leaseMs: 3000 });
    sent = run.sent;
  }, 400_000);

  afterAll(async () => {
    await run?.stop();
  });

  it('killed bot processes while questions were arriving, and every event was acknowledged in the end', () => {
    expect(run.kills).toBeGreaterThanOrEqual(2);
    expect(sent.filter((q) => !q.attempts.some((a) => a === 200))).toEqual([]);
  });

  it('answered every question exactly once (0 lost, 0 duplicated)', async () => {
    const s = run.s;
    const counts = killCounts(s.standIn, CHANNEL, sent);
    for (const ts of [...counts.lost, ...counts.duplicated]) {
      // What the database knows of a question that went wrong, for the failure message.
      const db = s.app.services.db;
      const c = await db.query('SELECT number, state FROM cases WHERE thread_ref = $1', [`slack:${CUSTOMER.teamId}:${CHANNEL}:${ts}`]);
      const receipts = await db.query("SELECT key, done_at IS NOT NULL AS done, inbound IS NOT NULL AS kept FROM inbound_receipts WHERE key LIKE '%' || $1 || '%'", [ts]);
      const rows = await db.query('SELECT idem_key, status, attempts FROM reply_outbox WHERE conversation LIKE $1', [`%${ts}`]);
      console.log(`question ${ts}: ${JSON.stringify({ cases: c.rows, receipts: receipts.rows, outbox: rows.rows, attempts: sent.find((q) => q.ts === ts)?.attempts })}`);
    }
    // The figures, for the README: how many came late through the sweep.
    console.log(`kill test: ${COUNT} questions, ${run.kills} kills, ${counts.late} answered late by the sweep, lost ${counts.lost.length}, duplicated ${counts.duplicated.length}`);
    expect(counts.lost).toEqual([]);
    expect(counts.duplicated).toEqual([]);
    expect(counts.exact).toBe(COUNT);
  });

  it('escalated every urgent question with exactly one responder card, and left nothing undone', async () => {
    const urgent = sent.filter((q) => q.urgent).length;
    const cards = responderCards(run.s.standIn, RESPONDERS_CHANNEL);
    expect(cards.size).toBe(urgent);
    expect([...cards.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    const db = run.s.app.services.db;
    const open = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM cases WHERE state = 'new'");
    expect(open.rows[0]!.n).toBe(0);
    const pending = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM reply_outbox WHERE status <> 'sent'");
    expect(pending.rows[0]!.n).toBe(0);
    const undone = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM inbound_receipts WHERE inbound IS NOT NULL AND done_at IS NULL');
    expect(undone.rows[0]!.n).toBe(0);
    const kept = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM slack_event_inbox');
    expect(kept.rows[0]!.n).toBe(0);
  });
});
