import type { Database } from '../../db/database.js';
import { CaseStore } from '../../handlers/cases/case-store.js';
import type { CaseAction, CaseState } from '../../handlers/cases/case-state-machine.js';
import type { CaseRecord } from '../../handlers/cases/case-types.js';
import { DirectoryStore } from '../../handlers/directory/directory-store.js';
import { ensureLocalDemo, LOCAL_DEMO } from '../../handlers/directory/local-demo.js';

let threadSeq = 0;

/** Seeds the demo tenant and returns stores over `db`. */
export async function seedDirectory(db: Database): Promise<{ cases: CaseStore; directory: DirectoryStore }> {
  const directory = new DirectoryStore(db);
  await ensureLocalDemo(directory, 'ja');
  return { cases: new CaseStore(db), directory };
}

/** Shortest action path from `new` to each state, used to set a case up in that state. */
export const PATH_TO: Record<CaseState, CaseAction[]> = {
  new: [],
  answered: ['answer'],
  escalated: ['escalate'],
  claimed: ['escalate', 'claim'],
  resolved: ['escalate', 'claim', 'resolve'],
  closed: ['answer', 'close'],
};

export async function caseInState(cases: CaseStore, state: CaseState): Promise<CaseRecord> {
  let c = await cases.create(
    {
      tenantId: LOCAL_DEMO.tenantId,
      askerUserId: LOCAL_DEMO.staff.id,
      lang: 'ja',
      channel: 'local',
      threadRef: `local:test:${process.pid}:${++threadSeq}:${Date.now()}`,
      question: 'テストの質問',
    },
    { kind: 'user', userId: LOCAL_DEMO.staff.id },
  );
  for (const action of PATH_TO[state]) {
    c = await cases.transition(c.id, action, {
      actor: { kind: 'user', userId: LOCAL_DEMO.responder.id },
      patch: action === 'claim' ? { assigneeUserId: LOCAL_DEMO.responder.id } : undefined,
    });
  }
  expect(c.state).toBe(state);
  return c;
}
