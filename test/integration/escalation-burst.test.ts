import { escalateCase } from '../../handlers/escalation/escalate-case.js';
import { LOCAL_DEMO } from '../../handlers/directory/local-demo.js';
import type { CaseRecord } from '../../handlers/cases/case-types.js';
import { JobStore } from '../../workers/job-store.js';
import type { JobContext } from '../../workers/job-runner.js';
import { escalationNotifyProcessor } from '../../workers/processors/escalation-notify.processor.js';
import { ChatRegistry } from '../../handlers/chat-adapter.js';
import { APP_SETUPS, startLocalApp, type LocalTestApp } from '../helpers/local-app.js';
import { RecordingAdapter } from '../helpers/recording-adapter.js';
import { until } from '../helpers/wait.js';

/**
 * Group commit: escalations of the same turn are written in one statement and their jobs handed
 * to the queue together; the cards of a burst are read, recorded and their jobs leased and
 * completed in shared statements. Every case still gets exactly one card, once.
 */
describe.each(APP_SETUPS)('a burst of escalations (%s)', (_name, real) => {
  let t: LocalTestApp;
  let chat: RecordingAdapter;
  let run = 0;

  beforeAll(async () => {
    chat = new RecordingAdapter();
    t = await startLocalApp(real, { chat, env: { JOB_SWEEP_INTERVAL_MS: '300' } });
  });
  afterAll(async () => {
    await t.stop();
  });

  async function triagedCases(n: number): Promise<CaseRecord[]> {
    const { services } = t.app;
    run++;
    const out: CaseRecord[] = [];
    for (let i = 0; i < n; i++) {
      const c = await services.cases.create(
        { tenantId: LOCAL_DEMO.tenantId, askerUserId: LOCAL_DEMO.staff.id, lang: 'ja', channel: 'local', threadRef: `local:burst:${run}-${i}`, question: `バースト ${run}-${i}` },
        { kind: 'bot' },
      );
      out.push(await services.cases.recordTriage(c.id, { category: 'ransomware', severity: 'critical' }, { kind: 'bot' }));
    }
    return out;
  }

  const firstCards = (number: string) => chat.postsTo(LOCAL_DEMO.destination).filter((p) => p.text.includes(`${number} `) && !p.text.includes('再通知')).length;

  it('escalates 60 cases at once in a few statements, and each gets exactly one card', async () => {
    const { services, db } = t.app;
    const cases = await triagedCases(60);
    const many = jest.spyOn(services.cases, 'tryTransitionMany');
    // The same case escalated twice in the same turn: one escalation, the other is refused as before.
    const results = await Promise.allSettled([...cases, ...cases.slice(0, 5)].map((c) => escalateCase(services, c, { kind: 'bot' }, 'triage')));
    expect(many.mock.calls.length).toBeLessThanOrEqual(2);
    many.mockRestore();
    expect(results.slice(0, 60).every((r) => r.status === 'fulfilled')).toBe(true);
    expect(results.slice(60).map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected', 'rejected']);
    const escalated = results.slice(0, 60).map((r) => (r as PromiseFulfilledResult<CaseRecord>).value);
    expect(escalated.map((c) => [c.state, c.escalationRound, c.version])).toEqual(cases.map((c) => ['escalated', c.escalationRound + 1, c.version + 1]));

    const ids = cases.map((c) => c.id);
    const events = await db.query<{ case_id: number; n: number }>(
      "SELECT case_id, count(*)::int AS n FROM case_events WHERE type = 'escalated' AND case_id = ANY($1::bigint[]) GROUP BY case_id",
      [ids],
    );
    expect(events.rows.map((r) => r.n)).toEqual(ids.map(() => 1));
    const jobs = await db.query<{ name: string; n: number }>(
      "SELECT name, count(*)::int AS n FROM jobs WHERE (payload->>'caseId')::bigint = ANY($1::bigint[]) GROUP BY name ORDER BY name",
      [ids],
    );
    expect(jobs.rows).toEqual([
      { name: 'escalation.notify', n: 60 },
      { name: 'escalation.timer', n: 60 },
    ]);

    await until(() => cases.every((c) => firstCards(c.number) >= 1), 60_000);
    await until(async () => {
      const r = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM jobs WHERE name = 'escalation.notify' AND status = 'done' AND (payload->>'caseId')::bigint = ANY($1::bigint[])", [ids]);
      return r.rows[0]!.n === 60;
    }, 30_000);
    await new Promise((r) => setTimeout(r, 800));
    expect(cases.map((c) => firstCards(c.number))).toEqual(cases.map(() => 1));
    // Each card recorded once: its thread on the case and one responders_notified event.
    const notified = await db.query<{ case_id: number; n: number; thread: string | null }>(
      `SELECT c.id AS case_id, c.responder_thread_ref AS thread, (SELECT count(*)::int FROM case_events e WHERE e.case_id = c.id AND e.type = 'responders_notified') AS n
       FROM cases c WHERE c.id = ANY($1::bigint[]) ORDER BY c.id`,
      [ids],
    );
    expect(notified.rows.every((r) => r.n === 1 && r.thread !== null)).toBe(true);
  });

  it('fails only the escalation that cannot be written when it shares a statement with others', async () => {
    const { services } = t.app;
    const cases = await triagedCases(6);
    // An actor who does not exist: its event row breaks the shared statement, which is then retried one case at a time.
    const results = await Promise.allSettled(
      cases.map((c, i) => escalateCase(services, c, i === 2 ? { kind: 'user', userId: 'nobody-at-all' } : { kind: 'bot' }, 'triage')),
    );
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect((await services.cases.get(cases[2]!.id)).state).toBe(cases[2]!.state);
    await until(() => cases.every((c, i) => i === 2 || firstCards(c.number) >= 1), 30_000);
    expect(firstCards(cases[2]!.number)).toBe(0);
  });

  it('leases a job asked for twice in the same turn once, and completes leases taken together', async () => {
    const { db } = t.app;
    const store = new JobStore(db);
    const id = `burst-lease-${run}-${Date.now()}`;
    const other = `${id}-b`;
    await store.recordAll([
      { id, name: 'case.resume', payload: { caseId: 0 }, runAt: new Date(Date.now() + 3_600_000) },
      { id: other, name: 'case.resume', payload: { caseId: 0 }, runAt: new Date(Date.now() + 3_600_000) },
    ]);
    const leases = await Promise.all([store.lease(id), store.lease(id), store.lease(other)]);
    expect(leases.filter((l) => l?.spec.id === id)).toHaveLength(1);
    expect(leases[2]?.spec.id).toBe(other);
    expect(leases.filter((l) => l !== null).map((l) => l!.attempt)).toEqual([1, 1]);
    await Promise.all([store.complete(id), store.complete(other)]);
    expect([await store.status(id), await store.status(other)]).toEqual(['done', 'done']);
    // Done is done: a late delivery does not lease it again.
    expect(await store.lease(id)).toBeNull();
  });

  it('puts each card on record as sent with its message, and a taken-over attempt updates that card instead of posting again', async () => {
    const { db, services } = t.app;
    const [c] = await triagedCases(1);
    await escalateCase(services, c!, { kind: 'bot' }, 'triage');
    await until(() => firstCards(c!.number) >= 1, 30_000);
    const job = (await db.query<{ id: string }>("SELECT id FROM jobs WHERE name = 'escalation.notify' AND (payload->>'caseId')::bigint = $1", [c!.id])).rows[0]!.id;
    await until(async () => (await db.query<{ status: string }>('SELECT status FROM jobs WHERE id = $1', [job])).rows[0]!.status === 'done');
    const row = (await db.query<{ status: string; message_ref: string | null; via: string }>('SELECT status, message_ref, via FROM reply_outbox WHERE idem_key = $1', [`card:${job}`])).rows[0];
    expect(row).toEqual({ status: 'sent', message_ref: expect.stringContaining(LOCAL_DEMO.destination), via: 'job' });
    expect(await services.outbox!.jobPosted(`card:${job}`)).toBe(row!.message_ref);

    // A second attempt of a job whose card is on record with its message but not yet on the case (a row
    // written by the earlier two-statement record): the card is updated, not posted a second time.
    const [d] = await triagedCases(1);
    const taken = new RecordingAdapter() as RecordingAdapter & { updated: string[]; update(ref: string): Promise<void> };
    taken.updated = [];
    taken.update = async (ref: string) => {
      taken.updated.push(ref);
    };
    const registry = new ChatRegistry();
    registry.register(taken);
    const escalated = await services.cases.transition(d!.id, 'escalate', { actor: { kind: 'bot' } });
    const jobId = `burst-takeover-${run}-${Date.now()}`;
    await db.query("INSERT INTO jobs (id, name, payload, status, attempts) VALUES ($1, 'escalation.notify', $2::jsonb, 'running', 2)", [jobId, JSON.stringify({ caseId: d!.id, tier: 0, reason: 'escalated' })]);
    await db.query("INSERT INTO reply_outbox (idem_key, conversation, to_ref, reply, via, message_ref) VALUES ($1, $2, $2, '{}'::jsonb, 'job', 'earlier-message')", [`card:${jobId}`, LOCAL_DEMO.destination]);
    const notify = escalationNotifyProcessor({ db, cases: services.cases, directory: services.directory, chat: registry, logger: t.app.logger, outbox: services.outbox });
    const ctx: JobContext = { jobId, attempt: 2 };
    await notify({ caseId: escalated.id, tier: 0, reason: 'escalated' }, ctx);
    expect(taken.posts).toHaveLength(0);
    expect(taken.updated).toEqual(['earlier-message']);
    expect(ctx.completed).toBe(true);
    expect((await db.query<{ status: string }>('SELECT status FROM jobs WHERE id = $1', [jobId])).rows[0]!.status).toBe('done');
    const recorded = (await db.query<{ status: string; message_ref: string }>('SELECT status, message_ref FROM reply_outbox WHERE idem_key = $1', [`card:${jobId}`])).rows[0];
    expect(recorded).toEqual({ status: 'pending', message_ref: 'earlier-message' });
    expect((await services.cases.get(d!.id)).responderThreadRef).toBe('earlier-message');
  });
});
