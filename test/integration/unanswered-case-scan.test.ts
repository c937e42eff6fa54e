import { UnansweredCaseScan } from '../../handlers/cases/unanswered-case-scan.js';
import type { CaseStore } from '../../handlers/cases/case-store.js';
import { JobStore } from '../../workers/job-store.js';
import { DATABASE_KINDS, type TestDatabase } from '../helpers/databases.js';
import { caseInState, seedDirectory } from '../helpers/seed.js';

/*
 * The sweep's look for questions left unanswered by a process that died: a
 * case still `new` after the wait gets one case.resume job, however often and
 * by however many processes it is scanned; answered cases and young ones get none.
 */
describe.each(DATABASE_KINDS)('the unanswered-case scan on %s', (_kind, create) => {
  let t: TestDatabase;
  let cases: CaseStore;
  let jobs: JobStore;
  beforeAll(async () => {
    t = await create();
    ({ cases } = await seedDirectory(t.db));
    jobs = new JobStore(t.db);
  });
  afterAll(async () => t.drop());

  const resumeJobs = async () =>
    (await t.db.query<{ id: string; payload: { caseId: number } }>("SELECT id, payload FROM jobs WHERE name = 'case.resume' ORDER BY id")).rows;

  it('records one case.resume job per stale `new` case, and none for answered or young ones', async () => {
    const stale = await caseInState(cases, 'new');
    const answered = await caseInState(cases, 'answered');
    await t.db.query("UPDATE cases SET created_at = now() - interval '10 minutes' WHERE id = ANY($1::bigint[])", [[stale.id, answered.id]]);
    const young = await caseInState(cases, 'new');

    const scan = new UnansweredCaseScan(t.db, jobs, 5 * 60_000);
    const other = new UnansweredCaseScan(t.db, jobs, 5 * 60_000);
    expect(await scan.produce()).toBe(1);
    expect(await other.produce()).toBe(1);
    expect(await scan.produce()).toBe(1);

    expect(await resumeJobs()).toEqual([{ id: `case-resume-${stale.id}`, payload: { caseId: stale.id } }]);
    expect((await resumeJobs()).some((j) => j.payload.caseId === young.id || j.payload.caseId === answered.id)).toBe(false);
  });
});
