import { deliverLikeSlack, responderCards, ROUTINE_QUESTION, URGENT_QUESTION, type SentQuestion } from '../helpers/fault-load.js';
import { killCounts, startBalancer, type Balancer } from '../helpers/kill-load.js';
import { PEOPLE, RESPONDERS_CHANNEL, SIGNING_SECRET, startSlackApp, until, type SlackTestApp } from '../helpers/slack-app.js';
import { CUSTOMER, mentionEvent, nextTs, VENDOR } from '../helpers/slack-payloads.js';
import { SlackSender } from '../helpers/slack-signing.js';
import { freePort, startWorkerProcess, type WorkerProcess } from '../helpers/worker-process.js';

/*
 * Two bot processes take signed Slack questions behind a load balancer; one of them is killed
 * with SIGKILL at a random moment again and again while questions keep coming, and started
 * again. A kill lands anywhere: after the acknowledgement and before the case, between the case
 * and its replies, between the replies' record and their post, between a post and its "sent".
 * The durable inbox (undone questions taken up by inbound.resume), the reply outbox (stranded
 * replies delivered by reply.deliver, a post already in Slack found by its metadata) and the
 * case.resume job must get every question exactly one answer and every urgent case one card.
 * FAULT_QUESTIONS sets the number of questions (`npm run bench -- faults` runs 200).
 */
const CHANNEL = 'C0FAULTKILL';
const COUNT = Number(process.env.FAULT_QUESTIONS ?? 60);
/** Pause between questions: the load spans several kills (a restart takes seconds on a busy machine). */
const INTERVAL_MS = Number(process.env.FAULT_INTERVAL_MS ?? 200);
const URGENT_EVERY = 4;
const RESUME_AFTER_MS = 8000;
const LEASE_MS = 3000;

describe('bot processes killed at random points across many questions', () => {
  let s: SlackTestApp;
  let balancer: Balancer;
  const bots: (WorkerProcess | undefined)[] = [];
  const ports: number[] = [];
  const sent: SentQuestion[] = [];
  let kills = 0;

  const env = (port: number) => ({
    QUEUE_RUN_WORKER: 'false',
    HTTP_PORT: String(port),
    CASE_RESUME_AFTER_MS: String(RESUME_AFTER_MS),
    DB_OUTAGE_RETRY_MS: '3000',
    RATE_LIMIT_USER_PER_MIN: '0',
    RATE_LIMIT_TENANT_PER_MIN: '0',
  });
  const up = (port: number) => until(() => fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok).catch(() => false), 60_000);

  beforeAll(async () => {
    s = await startSlackApp({
      env: { CASE_RESUME_AFTER_MS: String(RESUME_AFTER_MS), JOB_LEASE_MS: String(LEASE_MS), DB_OUTAGE_RETRY_MS: '3000', RATE_LIMIT_USER_PER_MIN: '0', RATE_LIMIT_TENANT_PER_MIN: '0' },
    });
    await s.install(VENDOR);
    await s.install(CUSTOMER);
    for (let i = 0; i < 2; i++) {
      ports.push(await freePort());
      bots.push(startWorkerProcess(s, { leaseMs: LEASE_MS, env: env(ports[i]!) }));
    }
    await Promise.all(ports.map(up));
    balancer = await startBalancer([...ports]);
    const sender = new SlackSender(`${balancer.url}/slack/events`, SIGNING_SECRET);

    let sending = true;
    // The killer: at a random moment, SIGKILL one process (out of the balancer first, as a dead
    // backend would drop out), then start it again on its port.
    const killer = (async () => {
      while (sending) {
        await new Promise((r) => setTimeout(r, 400 + Math.random() * 1200));
        if (!sending) break;
        const victim = kills % 2;
        balancer.ports = ports.map((p, i) => (i === victim ? 0 : p));
        bots[victim]!.child.kill('SIGKILL');
        await new Promise((r) => bots[victim]!.child.once('exit', r));
        kills++;
        bots[victim] = startWorkerProcess(s, { leaseMs: LEASE_MS, env: env(ports[victim]!) });
        await up(ports[victim]!);
        balancer.ports = [...ports];
      }
    })();
    const deliveries: Promise<void>[] = [];
    for (let i = 0; i < COUNT; i++) {
      const urgent = i % URGENT_EVERY === 0;
      const q: SentQuestion = { ts: nextTs(), urgent, sentAt: performance.now(), attempts: [] };
      sent.push(q);
      const payload = mentionEvent({ team: CUSTOMER, user: PEOPLE.asker.id, channel: CHANNEL, ts: q.ts, text: `${urgent ? URGENT_QUESTION : ROUTINE_QUESTION} (#${i + 1})` });
      deliveries.push(deliverLikeSlack(sender, payload).then((a) => void q.attempts.push(...a)));
      await new Promise((r) => setTimeout(r, INTERVAL_MS));
    }
    await Promise.all(deliveries);
    sending = false;
    await killer;
    const urgent = sent.filter((q) => q.urgent).length;
    await until(() => killCounts(s.standIn, CHANNEL, sent).exact === COUNT && responderCards(s.standIn, RESPONDERS_CHANNEL).size >= urgent, 120_000).catch(() => undefined);
    // Anything late (a second answer, a second card) has time to show up before counting.
    await new Promise((r) => setTimeout(r, LEASE_MS * 2));
  }, 400_000);

  afterAll(async () => {
    for (const b of bots) b?.child.kill('SIGKILL');
    await balancer?.close();
    await s?.stop();
  });

  it('killed bot processes while questions were arriving, and every event was acknowledged in the end', () => {
    expect(kills).toBeGreaterThanOrEqual(2);
    expect(sent.filter((q) => !q.attempts.some((a) => a === 200))).toEqual([]);
  });

  it('answered every question exactly once (0 lost, 0 duplicated)', async () => {
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
    console.log(`kill test: ${COUNT} questions, ${kills} kills, ${counts.late} answered late by the sweep, lost ${counts.lost.length}, duplicated ${counts.duplicated.length}`);
    expect(counts.lost).toEqual([]);
    expect(counts.duplicated).toEqual([]);
    expect(counts.exact).toBe(COUNT);
  });

  it('escalated every urgent question with exactly one responder card, and left nothing undone', async () => {
    const urgent = sent.filter((q) => q.urgent).length;
    const cards = responderCards(s.standIn, RESPONDERS_CHANNEL);
    expect(cards.size).toBe(urgent);
    expect([...cards.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    const db = s.app.services.db;
    const open = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM cases WHERE state = 'new'");
    expect(open.rows[0]!.n).toBe(0);
    const pending = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM reply_outbox WHERE status <> 'sent'");
    expect(pending.rows[0]!.n).toBe(0);
    const undone = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM inbound_receipts WHERE inbound IS NOT NULL AND done_at IS NULL');
    expect(undone.rows[0]!.n).toBe(0);
  });
});
