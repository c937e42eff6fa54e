import { CaseStore } from '../../handlers/cases/case-store.js';
import { CASE_ACTIONS, CASE_STATES, TRANSITIONS } from '../../handlers/cases/case-state-machine.js';
import { LOCAL_DEMO } from '../../handlers/directory/local-demo.js';
import { CaseAlreadyClaimedError, IllegalTransitionError } from '../../handlers/errors.js';
import { DATABASE_KINDS, type TestDatabase } from '../helpers/databases.js';
import { caseInState, seedDirectory } from '../helpers/seed.js';

const responder = { kind: 'user', userId: LOCAL_DEMO.responder.id } as const;

describe.each(DATABASE_KINDS)('the case store on %s', (_kind, create) => {
  let t: TestDatabase;
  let cases: CaseStore;
  beforeAll(async () => {
    t = await create();
    ({ cases } = await seedDirectory(t.db));
  });
  afterAll(async () => t.drop());

  it('numbers cases like OT-000001 and records the question as the first event', async () => {
    const c = await caseInState(cases, 'new');
    expect(c.number).toMatch(/^OT-\d{6}$/);
    const events = await cases.events(c.id);
    expect(events.map((e) => e.type)).toEqual(['opened']);
    expect(events[0]!.data).toMatchObject({ question: 'テストの質問' });
  });

  describe.each(CASE_STATES.flatMap((s) => CASE_ACTIONS.map((a) => [s, a] as const)))(
    'when a %s case gets the action %s',
    (state, action) => {
      const legal = TRANSITIONS[action].from.includes(state);
      it(legal ? `moves to ${TRANSITIONS[action].to} and records it` : 'is refused with a typed error and no event', async () => {
        const c = await caseInState(cases, state);
        const before = await cases.events(c.id);
        const attempt = cases.transition(c.id, action, { actor: responder, data: { why: 'test' } });
        if (legal) {
          const after = await attempt;
          expect(after.state).toBe(TRANSITIONS[action].to);
          expect(after.version).toBe(c.version + 1);
          const events = await cases.events(c.id);
          expect(events).toHaveLength(before.length + 1);
          expect(events.at(-1)).toMatchObject({ actorUserId: responder.userId, data: { why: 'test' } });
        } else {
          const err = await attempt.catch((e: unknown) => e);
          expect(err).toBeInstanceOf(action === 'claim' && state === 'claimed' ? CaseAlreadyClaimedError : IllegalTransitionError);
          expect((await cases.get(c.id)).state).toBe(state);
          expect(await cases.events(c.id)).toHaveLength(before.length);
        }
      });
    },
  );

  it('keeps the whole timeline in order with actors', async () => {
    const c = await caseInState(cases, 'resolved');
    const events = await cases.events(c.id);
    expect(events.map((e) => e.type)).toEqual(['opened', 'escalated', 'claimed', 'resolved']);
    expect(events[0]!.actorUserId).toBe(LOCAL_DEMO.staff.id);
    for (let i = 1; i < events.length; i++) expect(events[i]!.at.getTime()).toBeGreaterThanOrEqual(events[i - 1]!.at.getTime());
  });

  it('refuses to edit or delete a timeline event', async () => {
    const c = await caseInState(cases, 'answered');
    await expect(t.db.query("UPDATE case_events SET type = 'forged' WHERE case_id = $1", [c.id])).rejects.toThrow(/append-only/);
    await expect(t.db.query('DELETE FROM case_events WHERE case_id = $1', [c.id])).rejects.toThrow(/append-only/);
    expect((await cases.events(c.id)).map((e) => e.type)).toEqual(['opened', 'answered']);
  });

  it('lets exactly one of many simultaneous claims win and tells the others who holds it', async () => {
    const c = await caseInState(cases, 'escalated');
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () =>
        cases.transition(c.id, 'claim', { actor: responder, patch: { assigneeUserId: LOCAL_DEMO.responder.id } }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const losers = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(losers).toHaveLength(19);
    for (const l of losers) {
      expect(l.reason).toBeInstanceOf(CaseAlreadyClaimedError);
      expect((l.reason as CaseAlreadyClaimedError).holderName).toBe('山田');
    }
    expect((await cases.events(c.id)).filter((e) => e.type === 'claimed')).toHaveLength(1);
  });

  it('records a triage verdict as an event next to the case columns', async () => {
    const c = await caseInState(cases, 'new');
    const triaged = await cases.recordTriage(c.id, { category: 'ransomware', severity: 'critical', data: { signals: ['x'] } }, { kind: 'bot' });
    expect(triaged).toMatchObject({ category: 'ransomware', severity: 'critical' });
    expect((await cases.events(c.id)).at(-1)).toMatchObject({ type: 'triaged', actorKind: 'bot', data: { severity: 'critical' } });
  });

  it('finds a case again by its thread and its number', async () => {
    const c = await caseInState(cases, 'new');
    expect((await cases.findByThread(c.threadRef))?.id).toBe(c.id);
    expect((await cases.findByNumber(c.number.toLowerCase()))?.id).toBe(c.id);
    expect(await cases.findByThread('local:nope')).toBeNull();
  });
});
