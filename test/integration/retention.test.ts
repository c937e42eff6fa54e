import type { Database } from '../../db/database.js';
import type { CaseStore } from '../../handlers/cases/case-store.js';
import type { CaseRecord } from '../../handlers/cases/case-types.js';
import { LOCAL_DEMO } from '../../handlers/directory/local-demo.js';
import { ANONYMISED_MARKER, runRetention, scrubEventData } from '../../handlers/retention/retention.js';
import { runOperatorCli } from '../../bot/cli/operator-program.js';
import { createPostgresTestDatabase, DATABASE_KINDS, type TestDatabase } from '../helpers/databases.js';
import { seedDirectory } from '../helpers/seed.js';

let seq = 0;

describe.each(DATABASE_KINDS)('data retention on %s', (_kind, create) => {
  let t: TestDatabase;
  let db: Database;
  let cases: CaseStore;

  beforeAll(async () => {
    t = await create();
    db = t.db;
    ({ cases } = await seedDirectory(db));
  });
  afterAll(() => t.drop());

  const asker = { kind: 'user' as const, userId: LOCAL_DEMO.staff.id };
  const responder = { kind: 'user' as const, userId: LOCAL_DEMO.responder.id };

  /** A case with free text everywhere retention must reach, left in `state`, `ageDays` old. */
  async function caseWithText(secret: string, state: 'resolved' | 'closed' | 'escalated', ageDays: number): Promise<CaseRecord> {
    let c = await cases.create(
      { tenantId: LOCAL_DEMO.tenantId, askerUserId: LOCAL_DEMO.staff.id, lang: 'ja', channel: 'local', threadRef: `local:retention:${secret}:${++seq}`, question: `${secret} question: 社長のPCが変です` },
      asker,
    );
    c = await cases.transition(c.id, 'escalate', { actor: { kind: 'bot' } });
    await cases.appendEvent(c.id, 'asker_message', asker, { text: `${secret} follow-up` });
    await cases.appendEvent(c.id, 'intake_answered', asker, { questionId: 'q1', optionId: 'other', question: 'What happened?', answer: `${secret} intake answer` });
    c = await cases.transition(c.id, 'claim', { actor: responder, patch: { assigneeUserId: LOCAL_DEMO.responder.id } });
    await cases.appendEvent(c.id, 'relayed_to_asker', responder, { text: `${secret} relayed` });
    if (state !== 'escalated') c = await cases.transition(c.id, 'resolve', { actor: responder, data: { summary: `${secret} resolution summary` } });
    if (state === 'closed') c = await cases.transition(c.id, 'close', { actor: asker });
    await db.query(`UPDATE cases SET updated_at = now() - ($2 || ' days')::interval, resolved_at = CASE WHEN resolved_at IS NULL THEN NULL ELSE now() - ($2 || ' days')::interval END WHERE id = $1`, [c.id, String(ageDays)]);
    return c;
  }

  /** Rows of cases and case_events that still hold `secret` anywhere. */
  async function traces(secret: string): Promise<number> {
    const inCases = await db.query(`SELECT 1 FROM cases WHERE question LIKE $1 OR thread_ref LIKE $1`, [`%${secret}%`]);
    const inEvents = await db.query(`SELECT 1 FROM case_events WHERE data::text LIKE $1`, [`%${secret}%`]);
    return inCases.rows.length + inEvents.rows.length;
  }

  it('anonymises an old resolved case and leaves recent and open ones alone', async () => {
    const old = await caseWithText('OLDRESOLVED', 'resolved', 100);
    const oldClosed = await caseWithText('OLDCLOSED', 'closed', 100);
    const recent = await caseWithText('RECENT', 'resolved', 5);
    const open = await caseWithText('OLDOPEN', 'escalated', 400);
    expect(await traces('OLDRESOLVED')).toBeGreaterThan(4);

    const dry = await runRetention(db, { days: 30, dryRun: true });
    expect(dry.caseNumbers).toEqual([old.number, oldClosed.number]);
    expect(dry.runId).toBeNull();
    expect(await traces('OLDRESOLVED')).toBeGreaterThan(4);
    expect((await db.query('SELECT 1 FROM retention_runs')).rows).toHaveLength(0);

    const r = await runRetention(db, { days: 30 });
    expect(r.caseNumbers).toEqual([old.number, oldClosed.number]);
    expect(await traces('OLDRESOLVED')).toBe(0);
    expect(await traces('OLDCLOSED')).toBe(0);
    expect(await traces('RECENT')).toBeGreaterThan(4);
    expect(await traces('OLDOPEN')).toBeGreaterThan(3);

    const after = await cases.get(old.id);
    expect(after.question).toBe(ANONYMISED_MARKER);
    expect(after.state).toBe('resolved');
    const events = await cases.events(old.id);
    // The timeline keeps its shape: every event, in order, with states and who handled it.
    expect(events.map((e) => e.type)).toEqual(['opened', 'escalated', 'asker_message', 'intake_answered', 'claimed', 'relayed_to_asker', 'resolved']);
    expect(events.find((e) => e.type === 'resolved')?.data).toEqual({ summary: ANONYMISED_MARKER, state: 'resolved' });
    expect(events.filter((e) => e.actorUserId === LOCAL_DEMO.staff.id)).toEqual([]);
    expect(events.find((e) => e.type === 'claimed')?.actorUserId).toBe(LOCAL_DEMO.responder.id);

    const run = await db.query<{ mode: string; cases: number; events: number; case_numbers: string[] }>('SELECT mode, cases, events, case_numbers FROM retention_runs WHERE id = $1', [r.runId]);
    expect(run.rows[0]).toMatchObject({ mode: 'anonymise', cases: 2, case_numbers: [old.number, oldClosed.number] });
    expect(run.rows[0]!.events).toBe(r.events);

    // The append-only guard is back on once the run is over.
    await expect(db.query('UPDATE case_events SET data = $2 WHERE case_id = $1', [recent.id, '{}'])).rejects.toThrow(/append-only/);
    // A second run finds nothing new to do.
    expect((await runRetention(db, { days: 30 })).caseNumbers).toEqual([]);
    expect((await cases.get(open.id)).question).toContain('OLDOPEN');
  });

  it('keeps the Markdown incident report before anonymising when asked', async () => {
    const c = await caseWithText('KEEPREPORT', 'resolved', 200);
    const r = await runRetention(db, { days: 150, keepReports: true });
    expect(r.caseNumbers).toEqual([c.number]);
    expect(r.reportsKept).toBe(1);
    const kept = await db.query<{ markdown: string; run_id: string }>('SELECT markdown, run_id FROM retained_reports WHERE case_number = $1', [c.number]);
    expect(kept.rows).toHaveLength(1);
    expect(kept.rows[0]!.markdown).toContain(c.number);
    expect(kept.rows[0]!.markdown).toContain('KEEPREPORT question');
    expect(Number(kept.rows[0]!.run_id)).toBe(r.runId);
    expect(await traces('KEEPREPORT')).toBe(0);
  });

  it('clears the address, contact and notes of an on-site request with the rest of the free text', async () => {
    const c = await caseWithText('ONSITE', 'resolved', 300);
    await db.query(`INSERT INTO dispatch_groups (id, name, destination) VALUES ('retention-it', 'IT', 'local:dispatch') ON CONFLICT DO NOTHING`);
    const details = { address: 'ONSITE 東京都千代田区1-1', contact: 'ONSITE 鈴木 03-0000-0000', slots: 'ONSITE 午後', remoteFirst: false, bring: 'ONSITE USB', notes: 'ONSITE 受付で' };
    const r = await db.query<{ id: string }>(
      `INSERT INTO dispatch_requests (case_id, tenant_id, requested_by, details, state, group_id) VALUES ($1, $2, $3, $4::jsonb, 'done', 'retention-it') RETURNING id`,
      [c.id, LOCAL_DEMO.tenantId, LOCAL_DEMO.responder.id, JSON.stringify(details)],
    );
    await cases.appendEvent(c.id, 'dispatch_requested', responder, { dispatchId: Number(r.rows[0]!.id), groupId: 'retention-it', groupName: 'IT', ...details });
    const left = async () => (await db.query(`SELECT 1 FROM dispatch_requests WHERE details::text LIKE '%ONSITE%'`)).rows.length + (await traces('ONSITE'));
    expect(await left()).toBeGreaterThan(1);
    expect((await runRetention(db, { days: 250 })).caseNumbers).toEqual([c.number]);
    expect(await left()).toBe(0);
    const event = (await cases.events(c.id)).find((e) => e.type === 'dispatch_requested')!;
    expect(event.data).toMatchObject({ groupName: 'IT', address: ANONYMISED_MARKER, contact: ANONYMISED_MARKER, remoteFirst: false });
  });

  it('deletes old cases and their timeline in delete mode, and a dry run deletes nothing', async () => {
    const c = await caseWithText('DELETEME', 'closed', 500);
    const keep = await caseWithText('KEEPME', 'resolved', 1);
    const dry = await runRetention(db, { days: 400, mode: 'delete', dryRun: true });
    expect(dry.caseNumbers).toEqual([c.number]);
    expect(await cases.findByNumber(c.number)).not.toBeNull();

    const r = await runRetention(db, { days: 400, mode: 'delete', keepReports: true });
    expect(r.caseNumbers).toEqual([c.number]);
    expect(r.events).toBeGreaterThan(5);
    expect(await cases.findByNumber(c.number)).toBeNull();
    expect((await db.query('SELECT 1 FROM case_events WHERE case_id = $1', [c.id])).rows).toHaveLength(0);
    expect((await db.query('SELECT 1 FROM retained_reports WHERE case_number = $1', [c.number])).rows).toHaveLength(1);
    expect(await cases.findByNumber(keep.number)).not.toBeNull();
    await expect(db.query('DELETE FROM case_events WHERE case_id = $1', [keep.id])).rejects.toThrow(/append-only/);
  });

  it('deletes a case with its deadline clocks, knowledge gap and article proposal in delete mode (migration 28)', async () => {
    const c = await caseWithText('CLOCKED', 'closed', 600);
    await db.query(`INSERT INTO case_clocks (case_id, kind, tenant_id, started_at) VALUES ($1, 'ppc', $2, now()), ($1, 'insurer', $2, now())`, [c.id, LOCAL_DEMO.tenantId]);
    await db.query(`INSERT INTO kb_gaps (tenant_id, case_id, lang, question, reason) VALUES ($1, $2, 'ja', 'CLOCKED gap', 'no_answer')`, [LOCAL_DEMO.tenantId, c.id]);
    await db.query(`INSERT INTO ask_proposals (case_id, tenant_id, article_slug, text, proposed_by) VALUES ($1, $2, 'ransomware-first-steps', 'CLOCKED wording', $3)`, [c.id, LOCAL_DEMO.tenantId, LOCAL_DEMO.responder.id]);
    const jobs = [`retention-test-remind-${c.id}`, `retention-test-other-${c.id}`];
    await db.query(`INSERT INTO jobs (id, name, payload, run_at) VALUES ($1, 'clock.remind', $2::jsonb, now() + interval '1 day'), ($3, 'clock.remind', $4::jsonb, now() + interval '1 day')`, [
      jobs[0], JSON.stringify({ caseId: Number(c.id), deadline: 'ppc_final' }), jobs[1], JSON.stringify({ caseId: Number(c.id) + 100000, deadline: 'ppc_final' }),
    ]);
    const r = await runRetention(db, { days: 550, mode: 'delete' });
    expect(r.caseNumbers).toEqual([c.number]);
    expect(await cases.findByNumber(c.number)).toBeNull();
    // Its pending reminder is cancelled with it; another case's is left alone.
    const status = await db.query<{ id: string; status: string }>('SELECT id, status FROM jobs WHERE id = ANY($1) ORDER BY id', [jobs]);
    expect(status.rows).toEqual([{ id: jobs[1], status: 'pending' }, { id: jobs[0], status: 'cancelled' }]);
    for (const table of ['case_clocks', 'kb_gaps', 'ask_proposals']) {
      expect((await db.query(`SELECT 1 FROM ${table} WHERE case_id = $1`, [c.id])).rows).toHaveLength(0);
    }
  });

  it('replaces the question of a knowledge gap when it anonymises the case', async () => {
    const c = await caseWithText('GAPTEXT', 'resolved', 700);
    await db.query(`INSERT INTO kb_gaps (tenant_id, case_id, lang, question, reason) VALUES ($1, $2, 'ja', 'GAPTEXT 社長のPC', 'no_answer')`, [LOCAL_DEMO.tenantId, c.id]);
    expect((await runRetention(db, { days: 650 })).caseNumbers).toEqual([c.number]);
    const gap = await db.query<{ question: string }>('SELECT question FROM kb_gaps WHERE case_id = $1', [c.id]);
    expect(gap.rows.map((g) => g.question)).toEqual([ANONYMISED_MARKER]);
  });
});

describe('scrubEventData', () => {
  it('replaces strings under free-text keys at any depth and keeps structure', () => {
    expect(scrubEventData({ text: 'hi', state: 'resolved', steps: ['a'], nested: { answer: ['x', 1] }, citations: [{ slug: 's' }] })).toEqual({
      text: ANONYMISED_MARKER,
      state: 'resolved',
      steps: ['a'],
      nested: { answer: [ANONYMISED_MARKER, 1] },
      citations: [{ slug: 's' }],
    });
  });
});

describe('npm run ops -- retention', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createPostgresTestDatabase();
    const { cases } = await seedDirectory(t.db);
    let c = await cases.create(
      { tenantId: LOCAL_DEMO.tenantId, askerUserId: LOCAL_DEMO.staff.id, lang: 'en', channel: 'local', threadRef: 'local:retention-cli:1', question: 'CLISECRET question' },
      { kind: 'user', userId: LOCAL_DEMO.staff.id },
    );
    c = await cases.transition(c.id, 'answer', { actor: { kind: 'bot' } });
    c = await cases.transition(c.id, 'close', { actor: { kind: 'user', userId: LOCAL_DEMO.staff.id } });
    await t.db.query("UPDATE cases SET updated_at = now() - interval '90 days' WHERE id = $1", [c.id]);
  });
  afterAll(() => t.drop());

  async function ops(env: NodeJS.ProcessEnv, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runOperatorCli(['retention', ...argv], {
      env: { DATABASE_URL: t.url, LOG_LEVEL: 'silent', ...env },
      io: { out: (l = '') => void out.push(l), err: (l = '') => void err.push(l) },
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  it('refuses to run without RETENTION_DAYS', async () => {
    const r = await ops({});
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/RETENTION_DAYS is not set/);
  });

  it('lists what it would do on --dry-run, then does it', async () => {
    const dry = await ops({ RETENTION_DAYS: '30' }, '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.out).toMatch(/^dry run: would anonymise 1 case .*: OT-\d{6}$/);
    expect((await t.db.query("SELECT 1 FROM cases WHERE question = 'CLISECRET question'")).rows).toHaveLength(1);
    const run = await ops({ RETENTION_DAYS: '30', RETENTION_KEEP_REPORTS: 'true' });
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^anonymised 1 case \(\d+ timeline events, 1 reports kept\): OT-\d{6}; recorded as retention run \d+$/);
    expect((await t.db.query("SELECT 1 FROM cases WHERE question = 'CLISECRET question'")).rows).toHaveLength(0);
  });
});
