import type { Clock } from '../../core/clock.js';
import { toPlainText } from '../../bot/local/plain-text-renderer.js';
import type { Database } from '../../db/database.js';
import { PostgresDatabase } from '../../db/postgres-database.js';
import { CaseStore } from '../../handlers/cases/case-store.js';
import type { CaseRecord } from '../../handlers/cases/case-types.js';
import { ChatRegistry } from '../../handlers/chat-adapter.js';
import { DirectoryStore } from '../../handlers/directory/directory-store.js';
import { ensureLocalDemo, LOCAL_DEMO } from '../../handlers/directory/local-demo.js';
import { CaseHiddenError } from '../../handlers/errors.js';
import { escalationCard } from '../../handlers/escalation/escalation-card.js';
import { InsuranceStore } from '../../handlers/insurance/insurance-store.js';
import { clocksOf } from '../../handlers/legal/case-clocks.js';
import { CaseClockScan } from '../../handlers/legal/case-clock-scan.js';
import { exportDraft, exportInsurerReport, legalCommand } from '../../handlers/legal/legal-actions.js';
import type { HandlerServices } from '../../handlers/services.js';
import { BUNDLED_FONT_NAME } from '../../handlers/report/report-pdf.js';
import { BullmqQueue } from '../../workers/bullmq-queue.js';
import { JobRunner, type JobProcessors } from '../../workers/job-runner.js';
import { JobScheduler } from '../../workers/job-scheduler.js';
import { JobStore } from '../../workers/job-store.js';
import { clockRemindProcessor } from '../../workers/processors/clock-remind.processor.js';
import { DATABASE_KINDS, type TestDatabase } from '../helpers/databases.js';
import { memoryLogger } from '../helpers/logger.js';
import { pdfText } from '../helpers/pdf-text.js';
import { RecordingAdapter } from '../helpers/recording-adapter.js';
import { flushPrefix, REDIS_URL, uniquePrefix } from '../helpers/redis.js';

/*
 * Legal clocks (PPC 速報 / 確報) and the insurer's window, on PostgreSQL and on the embedded
 * PGlite, with jobs recorded in the database and queued on a real Redis (BullMQ, workers off):
 * jobs due on a simulated clock are run by hand through two "processes" (each its own database
 * pool, job store and runner) at once, so a duplicate delivery is real.
 */

jest.setTimeout(60_000);

/** A clock the test moves by hand. */
function fakeClock(start: string): Clock & { set(iso: string): void } {
  let now = new Date(start).getTime();
  return Object.assign(() => new Date(now), { set: (iso: string) => void (now = new Date(iso).getTime()) });
}

interface Process {
  db: Database;
  services: HandlerServices;
  runner: JobRunner;
  queue: BullmqQueue;
}

const OTHER = { tenantId: 'other-co', admin: { id: 'other-admin', identity: 'local:other-admin' } } as const;

describe.each(DATABASE_KINDS)('legal clocks and insurance on %s', (kind, createDb) => {
  let t: TestDatabase;
  let prefix: string;
  const clock = fakeClock('2026-12-02T01:00:00Z'); // 10:00 in Tokyo
  const chat = new RecordingAdapter();
  let procs: Process[];
  let a: Process;

  function process(db: Database): Process {
    const { logger } = memoryLogger('error');
    const cases = new CaseStore(db);
    const directory = new DirectoryStore(db);
    const registry = new ChatRegistry();
    registry.register(chat);
    const store = new JobStore(db);
    // Only the job under test has a processor here; the runner fails any other as unrecoverable.
    const processors = { 'clock.remind': clockRemindProcessor({ db, cases, directory, chat: registry, logger }) } as unknown as JobProcessors;
    const runner = new JobRunner(store, processors, logger);
    const queue = new BullmqQueue({ redisUrl: REDIS_URL, prefix, runWorker: false }, runner, logger);
    const jobs = new JobScheduler(store, queue, logger);
    // The handlers these tests drive read only these services (stores, jobs, clock); the rest is never touched.
    const services = { db, cases, directory, jobs, logger, clock, limits: { maxMessageChars: 8000 } } as unknown as HandlerServices;
    return { db, services, runner, queue };
  }

  beforeAll(async () => {
    prefix = uniquePrefix();
    t = await createDb();
    const second = kind === 'PostgreSQL' ? new PostgresDatabase({ url: t.url!, poolMax: 5 }) : t.db;
    procs = [process(t.db), process(second)];
    a = procs[0]!;
    for (const p of procs) await p.queue.start();
    const directory = new DirectoryStore(t.db);
    await ensureLocalDemo(directory, 'ja');
    await directory.upsertTenant({ id: OTHER.tenantId, name: '別会社' });
    await directory.upsertUser({ id: OTHER.admin.id, tenantId: OTHER.tenantId, displayName: '他社の管理者', roles: ['staff', 'admin'], lang: 'ja' }, [OTHER.admin.identity]);
  });

  afterAll(async () => {
    for (const p of procs) await p.queue.close();
    if (procs[1]!.db !== t.db) await procs[1]!.db.close();
    await t.drop();
    await flushPrefix(prefix);
  });

  let thread = 0;
  /** A case as triage left it, escalated (the card posted in `local:responders`). */
  async function seededCase(opts: { category: 'data_leak' | 'ransomware'; severity: 'high' | 'critical' | 'medium'; topics?: string[]; tenantId?: string; askerId?: string }): Promise<CaseRecord> {
    const cases = a.services.cases;
    let c = await cases.create(
      { tenantId: opts.tenantId ?? LOCAL_DEMO.tenantId, askerUserId: opts.askerId ?? LOCAL_DEMO.staff.id, lang: 'ja', channel: 'local', threadRef: `local:legal:${kind}:${++thread}`, question: '顧客名簿を添付したメールを別の取引先に誤送信してしまいました' },
      { kind: 'user', userId: opts.askerId ?? LOCAL_DEMO.staff.id },
    );
    await cases.recordTriage(c.id, { category: opts.category, severity: opts.severity, data: { topics: opts.topics ?? [], signals: [{ id: 'misdirected', ja: '誤送信', en: 'misdirected' }] } }, { kind: 'bot' });
    c = await cases.transition(c.id, 'escalate', { actor: { kind: 'bot' }, data: { reason: 'triage' } });
    return c;
  }

  async function answer(c: CaseRecord, questionId: string, optionId: string, text: string): Promise<void> {
    await a.services.cases.appendEvent(c.id, 'intake_answered', { kind: 'user', userId: LOCAL_DEMO.staff.id }, { questionId, optionId, question: questionId, answer: text });
  }

  const responder = async () => (await a.services.directory.getUser(LOCAL_DEMO.responder.id))!;
  const jobsOf = async (c: CaseRecord) =>
    (await t.db.query<{ id: string; run_at: Date; status: string; payload: { deadline: string; stage: string; dueAt: string } }>(
      `SELECT id, run_at, status, payload FROM jobs WHERE name = 'clock.remind' AND (payload->>'caseId')::bigint = $1 ORDER BY run_at, id`,
      [c.id],
    )).rows;

  /** Runs every reminder due on the simulated clock through both processes at once. */
  async function runDue(): Promise<void> {
    const due = await t.db.query<{ id: string }>(`SELECT id FROM jobs WHERE name = 'clock.remind' AND status = 'pending' AND run_at <= $1`, [clock()]);
    for (const row of due.rows) await Promise.all(procs.map((p) => p.runner.run(row.id)));
  }

  describe('when triage reads personal data leaving the company', () => {
    let c: CaseRecord;

    beforeAll(async () => {
      c = await seededCase({ category: 'data_leak', severity: 'high', topics: ['misdirected-email', 'personal-data-breach'] });
    });

    it('starts the PPC clock once, whichever process scans first, aware as of the case opening', async () => {
      const started = await Promise.all(procs.map((p) => new CaseClockScan(() => p.services).produce()));
      expect(started.reduce((x, y) => x + y, 0)).toBe(1);
      const ppc = clocksOf(await a.services.cases.events(c.id)).ppc!;
      expect(ppc.awareAt.toISOString()).toBe(c.createdAt.toISOString());
      expect(ppc.source).toBe('triage');
      expect(await new CaseClockScan(() => a.services).produce()).toBe(0);
    });

    it('counts 速報 5 days and 確報 30 days from the awareness time a responder records, and 60 days once marked wrongful', async () => {
      const user = await responder();
      const out = await legalCommand(a.services, c, user, ['aware', '2026-12-01', '10:00'], 'local:responders');
      expect(out[0]!.card.blocks.map((b) => ('text' in b ? b.text : '')).join('')).toContain('2026-12-01 10:00 JST');
      let ppc = clocksOf(await a.services.cases.events(c.id)).ppc!;
      expect(ppc.awareAt.toISOString()).toBe('2026-12-01T01:00:00.000Z');
      // Day 1 is 12-01 (JST): the 5th day ends 12-05 23:59:59.999 JST, the 30th 12-30.
      expect(ppc.prelim.toISOString()).toBe('2026-12-05T14:59:59.999Z');
      expect(ppc.final.toISOString()).toBe('2026-12-30T14:59:59.999Z');
      await legalCommand(a.services, c, user, ['wrongful', 'yes'], 'local:responders');
      ppc = clocksOf(await a.services.cases.events(c.id)).ppc!;
      expect(ppc.finalDays).toBe(60);
      expect(ppc.final.toISOString()).toBe('2027-01-29T14:59:59.999Z');
      // The old awareness time stays on the timeline.
      const set = (await a.services.cases.events(c.id)).find((e) => e.type === 'legal_awareness_set')!;
      expect(set.data.previous).toBe(c.createdAt.toISOString());
      expect(set.actorUserId).toBe(LOCAL_DEMO.responder.id);
    });

    it('refuses an awareness time in the future and leaves the clock as it was', async () => {
      const before = clocksOf(await a.services.cases.events(c.id)).ppc!;
      const out = await legalCommand(a.services, c, await responder(), ['aware', '2027-01-01', '10:00'], 'local:responders');
      expect(toPlainText(out[0]!.card)).toContain('legal OT-000123');
      expect(clocksOf(await a.services.cases.events(c.id)).ppc!.awareAt).toEqual(before.awareAt);
    });

    it('shows both deadlines on the responder card and offers the drafts', async () => {
      const events = await a.services.cases.events(c.id);
      const card = escalationCard(await a.services.cases.get(c.id), { id: LOCAL_DEMO.tenantId, name: 'デモ株式会社' }, events, 0, await a.services.directory.groupForTenant(c.tenantId));
      const text = toPlainText(card);
      expect(text).toContain('速報(速やかに・概ね3〜5日以内。表示は5日目)');
      expect(text).toContain('2026-12-05 23:59 JST');
      expect(text).toContain('確報(60日以内)');
      expect(text).toContain('2027-01-29 23:59 JST');
      expect(card.buttons!.map((b) => b.actionId)).toEqual(expect.arrayContaining(['legal.drafts', 'legal.wrongful']));
      expect(card.buttons!.map((b) => b.actionId)).not.toContain('legal.tick');
    });

    it('reminds the responders and the tenant admin once per reminder with two processes, and not for a filed report or a moved date', async () => {
      const jobs = await jobsOf(c);
      // The first awareness time's jobs are there too, stale.
      const current = jobs.filter((j) => j.payload.dueAt === '2026-12-05T14:59:59.999Z' || j.payload.dueAt === '2027-01-29T14:59:59.999Z');
      expect(current.map((j) => `${j.payload.deadline}/${j.payload.stage}`).sort()).toEqual(['ppc_final/before', 'ppc_final/due', 'ppc_prelim/before', 'ppc_prelim/due']);
      // 速報: two days before the due day at 09:00 JST (12-03), and on the day (12-05).
      const prelimBefore = current.find((j) => j.payload.deadline === 'ppc_prelim' && j.payload.stage === 'before')!;
      expect(new Date(prelimBefore.run_at).toISOString()).toBe('2026-12-03T00:00:00.000Z');

      chat.posts.length = 0;
      clock.set('2026-12-03T00:00:01Z');
      await runDue();
      await runDue(); // a second sweep changes nothing
      const toResponders = chat.postsTo('local:responders');
      const toAdmin = chat.postsTo(LOCAL_DEMO.admin.identity);
      expect(toResponders).toHaveLength(1);
      expect(toAdmin).toHaveLength(1);
      expect(toResponders[0]!.text).toContain('個人情報保護委員会への速報');
      expect(toResponders[0]!.text).toContain('2026-12-05 23:59 JST');
      expect(chat.postsTo(OTHER.admin.identity)).toHaveLength(0);
      expect((await a.services.cases.events(c.id)).filter((e) => e.type === 'clock_reminded')).toHaveLength(1);

      // Recorded as filed: the day's reminder does nothing.
      await legalCommand(a.services, c, await responder(), ['filed', 'prelim'], 'local:responders');
      chat.posts.length = 0;
      clock.set('2026-12-05T00:00:01Z');
      await runDue();
      expect(chat.posts).toHaveLength(0);
      const statuses = (await jobsOf(c)).filter((j) => new Date(j.run_at) <= clock()).map((j) => j.status);
      expect(statuses.every((s) => s === 'done')).toBe(true);
    });
  });

  describe('when the intake says no personal data is in it', () => {
    it('starts no clock', async () => {
      const c = await seededCase({ category: 'data_leak', severity: 'medium', topics: ['misdirected-email'] });
      await answer(c, 'data_leak.personal_data', 'no', 'いいえ');
      await new CaseClockScan(() => a.services).produce();
      expect(clocksOf(await a.services.cases.events(c.id)).ppc).toBeNull();
      expect(await jobsOf(c)).toHaveLength(0);
    });
  });

  describe('the drafts', () => {
    let c: CaseRecord;

    beforeAll(async () => {
      c = await seededCase({ category: 'data_leak', severity: 'high', topics: [] });
      await answer(c, 'data_leak.personal_data', 'yes', 'はい');
      await answer(c, 'data_leak.people', 'over_1000', '1,000人を超える');
      await legalCommand(a.services, c, await responder(), ['start'], 'local:responders');
      await a.services.cases.transition(c.id, 'claim', { actor: { kind: 'user', userId: LOCAL_DEMO.responder.id }, patch: { assigneeUserId: LOCAL_DEMO.responder.id } });
      await a.services.cases.transition(c.id, 'resolve', { actor: { kind: 'user', userId: LOCAL_DEMO.responder.id }, data: { summary: '送信前に宛先を二人で確認する運用にした' } });
    });

    it('fills the PPC report items from the case, marked as a draft, with the rules cited', async () => {
      const admin = (await a.services.directory.getUser(LOCAL_DEMO.admin.id))!;
      const md = (await exportDraft(a.services, admin, await a.services.cases.get(c.id), 'ppc', 'md')).data.toString('utf8');
      expect(md).toContain('【下書き】');
      expect(md).toContain('お助けボットは何も提出しません');
      expect(md).toMatch(/本人の数\*\*: 1,000人を超える/);
      expect(md).toMatch(/個人データの項目\*\*: 個人情報を含む: はい/);
      expect(md).toMatch(/再発防止のための措置\*\*: 解決時の記録: 送信前に宛先を二人で確認する運用にした/);
      expect(md).toContain('顧客名簿を添付したメールを別の取引先に誤送信してしまいました');
      for (const item of ['概要', '原因', '二次被害', '本人への対応', '公表', 'その他']) expect(md).toContain(item);
      expect(md).toContain('施行規則 第8条第2項');
      expect(md).toContain('https://www.ppc.go.jp/');
      expect(md).toContain('連絡先台帳 ppc-report');
      const events = await a.services.cases.events(c.id);
      expect(events.filter((e) => e.type === 'draft_exported').at(-1)!.actorUserId).toBe(LOCAL_DEMO.admin.id);
    });

    it('drafts the IPA report and the police summary from the same case, citing their desks', async () => {
      const user = await responder();
      const ipa = (await exportDraft(a.services, user, c, 'ipa', 'md')).data.toString('utf8');
      expect(ipa).toContain('IPA ウイルス・不正アクセス届出(下書き)');
      expect(ipa).toContain('https://www.ipa.go.jp/security/');
      const police = (await exportDraft(a.services, user, c, 'police', 'pdf')).data;
      const text = pdfText(police);
      expect(text).toContain('警察への相談メモ(下書き)');
      expect(text).toContain('都道府県警察のサイバー犯罪相談窓口');
      expect(police.toString('latin1')).toContain(BUNDLED_FONT_NAME);
    });

    it("refuses another company's admin, in the words of not found, and audits it", async () => {
      const other = (await a.services.directory.getUser(OTHER.admin.id))!;
      await expect(exportDraft(a.services, other, c, 'ppc', 'md')).rejects.toBeInstanceOf(CaseHiddenError);
      await expect(exportInsurerReport(a.services, other, c, 'md')).rejects.toBeInstanceOf(CaseHiddenError);
      const refused = (await a.services.cases.events(c.id)).filter((e) => e.type === 'access_refused' && e.actorUserId === OTHER.admin.id);
      expect(refused).toHaveLength(2);
    });
  });

  describe('insurance', () => {
    it("keeps each company's policy to itself", async () => {
      const store = new InsuranceStore(a.db);
      await store.set({ tenantId: LOCAL_DEMO.tenantId, insurer: '東京海上日動(テスト)', policyNumber: 'CY-2026-0001', notifyWindowHours: 72, coverageNotes: '駆けつけ費用・フォレンジック費用' });
      expect((await store.get(LOCAL_DEMO.tenantId))!.policyNumber).toBe('CY-2026-0001');
      expect(await store.get(OTHER.tenantId)).toBeNull();
    });

    it('starts the insurer countdown on a high case of an insured company only, shows it on the card and reminds', async () => {
      const insured = await seededCase({ category: 'ransomware', severity: 'critical' });
      const otherCase = await seededCase({ category: 'ransomware', severity: 'critical', tenantId: OTHER.tenantId, askerId: OTHER.admin.id });
      await Promise.all(procs.map((p) => new CaseClockScan(() => p.services).produce()));
      const clocks = clocksOf(await a.services.cases.events(insured.id));
      expect(clocks.insurer!.dueAt.getTime()).toBe(insured.createdAt.getTime() + 72 * 3_600_000);
      expect(clocksOf(await a.services.cases.events(otherCase.id)).insurer).toBeNull();
      const card = toPlainText(escalationCard(insured, { id: LOCAL_DEMO.tenantId, name: 'デモ株式会社' }, await a.services.cases.events(insured.id), 0, null));
      expect(card).toContain('保険会社への連絡期限');
      expect(card).toContain('CY-2026-0001');

      const jobs = await jobsOf(insured);
      expect(jobs.map((j) => j.payload.stage)).toEqual(['before', 'due']);
      chat.posts.length = 0;
      clock.set(new Date(new Date(jobs[0]!.run_at).getTime() + 1000).toISOString());
      await runDue();
      expect(chat.postsTo(LOCAL_DEMO.admin.identity).map((p) => p.text).join('')).toContain('保険会社への連絡');
      expect(chat.posts.filter((p) => p.text.includes(insured.number))).toHaveLength(2); // responders + admin, once each
    });

    it('exports the insurer report as Markdown and as a PDF with the Japanese font', async () => {
      const c = (await a.services.cases.findByNumber((await seededCase({ category: 'ransomware', severity: 'high' })).number))!;
      await new CaseClockScan(() => a.services).produce();
      const user = await responder();
      const md = (await exportInsurerReport(a.services, user, c, 'md')).data.toString('utf8');
      expect(md).toContain(`保険会社向け事故報告書 ${c.number}`);
      expect(md).toContain('CY-2026-0001');
      expect(md).toContain('駆けつけ費用・フォレンジック費用');
      const pdf = (await exportInsurerReport(a.services, user, c, 'pdf')).data;
      const text = pdfText(pdf);
      expect(text).toContain(`保険会社向け事故報告書 ${c.number}`);
      expect(text).toContain('東京海上日動(テスト)');
      expect(text).toContain('実施した対応と実施者(経過)');
      expect(pdf.toString('latin1')).toContain(BUNDLED_FONT_NAME);
    });
  });
});
