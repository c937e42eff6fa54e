import { loadConfig } from '../../core/config.js';
import { createApp, type App } from '../../bot/create-app.js';
import { LOCAL_DEMO } from '../../handlers/directory/local-demo.js';
import type { InboundAction, InboundCommand, InboundMessage } from '../../handlers/inbound.js';
import { OnCallStore } from '../../handlers/oncall/oncall-store.js';
import { parseWeekly } from '../../handlers/oncall/office-hours.js';
import { PAGE_ACK_ACTION } from '../../handlers/oncall/oncall-page.js';
import type { Outbound } from '../../handlers/cards.js';
import { toPlainText } from '../../bot/local/plain-text-renderer.js';
import { createPostgresTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { memoryLogger } from '../helpers/logger.js';
import { RecordingAdapter, type RecordedPost } from '../helpers/recording-adapter.js';
import { flushPrefix, REDIS_URL, uniquePrefix } from '../helpers/redis.js';

/*
 * On call and office hours, on PostgreSQL and BullMQ, with two bot processes sharing them and a
 * simulated clock: jobs due on that clock are run through both processes' runners at once (the
 * queues' own workers are off), so nothing waits for real time and a duplicate delivery is real.
 */

const RANSOM = '朝来たら共有フォルダのファイルが全部開けません。拡張子が変になってて、英語のテキストが置いてあります';
const MINUTE = 60_000;

// Two whole bots start here (each trains its triage models: a minute or more on a busy 2-core machine).
jest.setTimeout(180_000);

/** A clock the test moves by hand. */
function fakeClock(start: string) {
  let now = new Date(start).getTime();
  const clock = () => new Date(now);
  return Object.assign(clock, {
    set: (iso: string) => void (now = new Date(iso).getTime()),
    advance: (ms: number) => void (now += ms),
  });
}

let seq = 0;
const key = () => `oncall-${Date.now()}-${++seq}`;
const ask = (text: string, thread: string): InboundMessage => ({
  kind: 'message', channel: 'local', deliveryKey: key(), identity: LOCAL_DEMO.staff.identity, threadRef: `local:oc:${thread}`, text,
});
const press = (identity: string, actionId: string, value: string, threadRef = 'local:oc:buttons'): InboundAction => ({
  kind: 'action', channel: 'local', deliveryKey: key(), identity, threadRef, actionId, value,
});
const command = (identity: string, name: string, args: string): InboundCommand => ({
  kind: 'command', channel: 'local', deliveryKey: key(), identity, threadRef: 'local:oc:cmd', command: name, args: args.split(' '),
});
const texts = (out: Outbound[]) => out.map((o) => toPlainText(o.card));

describe('on call and office hours (two processes, PostgreSQL, BullMQ, simulated clock)', () => {
  let t: TestDatabase;
  let prefix: string;
  const clock = fakeClock('2026-12-31T18:00:00Z'); // 2027-01-01 03:00 in Tokyo: New Year's Day, a public holiday
  /** Every post of both processes, in the order they were made (whichever process made it). */
  const journal: RecordedPost[] = [];
  const chats = [new RecordingAdapter(journal), new RecordingAdapter(journal)];
  let apps: App[];
  let app: App;

  /**
   * Runs every job due on the simulated clock, each through both processes at once, until none is
   * left. `first`: the process that takes every job (the other is handed it right after, a duplicate
   * delivery), so that which process posts what is decided rather than left to chance.
   */
  async function runDue(first?: App): Promise<void> {
    for (let round = 0; round < 50; round++) {
      const due = await app.db.query<{ id: string }>("SELECT id FROM jobs WHERE status = 'pending' AND run_at <= $1 ORDER BY run_at, id", [clock()]);
      if (due.rows.length === 0) return;
      for (const { id } of due.rows) {
        if (first) await first.runner.run(id);
        await Promise.all(apps.map((a) => a.runner.run(id)));
      }
    }
    throw new Error('jobs keep coming');
  }
  const posts = () => journal;
  const postsTo = (to: string, number: string) => posts().filter((p) => p.to === to && p.text.includes(number));
  const caseOf = async (thread: string) => (await app.services.cases.findByThread(`local:oc:${thread}`))!;
  const eventsOf = async (id: number) => app.services.cases.events(id);

  beforeAll(async () => {
    t = await createPostgresTestDatabase({ knowledge: true });
    prefix = uniquePrefix();
    const config = loadConfig({
      DATABASE_URL: t.url!, REDIS_URL, QUEUE_PREFIX: prefix, HTTP_PORT: '0', CHANNEL: 'none', QUEUE_RUN_WORKER: 'false', JOB_SWEEP_INTERVAL_MS: '3600000',
    });
    apps = [];
    for (const chat of chats) {
      const a = await createApp(config, { logger: memoryLogger('error').logger, adapters: [chat], clock });
      await a.start();
      apps.push(a);
    }
    app = apps[0]!;
    const { directory } = app.services;
    for (const id of ['oncall-a', 'oncall-b']) {
      await directory.upsertUser({ id, tenantId: null, displayName: id === 'oncall-a' ? '青木' : '馬場', roles: ['responder'], lang: 'ja' }, [`local:${id}`]);
      await directory.addMember(LOCAL_DEMO.groupId, id);
    }
    await directory.upsertGroup({
      id: LOCAL_DEMO.groupId, name: '対応チーム', destination: LOCAL_DEMO.destination,
      tiers: [
        { name: 'on-call', waitSeconds: { critical: 300, high: 600, medium: 3600, low: 3600 } },
        { name: 'manager', waitSeconds: { critical: 300, high: 600, medium: 3600, low: 3600 }, mention: '@manager' },
      ],
    });
    const store = new OnCallStore(app.db);
    await store.setHours(LOCAL_DEMO.groupId, { timeZone: 'Asia/Tokyo', weekly: parseWeekly('mon-fri 09:00-18:00'), observeHolidays: true });
    // Weekly turns from Monday 28 Dec: Aoki that week, Baba the next; Baba swapped in for New Year's Day.
    await store.setRotation({ groupId: LOCAL_DEMO.groupId, kind: 'weekly', memberIds: ['oncall-a', 'oncall-b'], startsAt: new Date('2026-12-27T15:00:00Z'), shiftHours: 168 });
    await store.addOverride({ groupId: LOCAL_DEMO.groupId, userId: 'oncall-b', startsAt: new Date('2026-12-31T15:00:00Z'), endsAt: new Date('2027-01-01T15:00:00Z'), reason: '元日の交代' });
  }, 900_000);

  afterAll(async () => {
    for (const a of apps ?? []) await a.stop();
    await flushPrefix(prefix);
    await t.drop();
  });

  describe('when a critical case comes in at 03:00 on a public holiday', () => {
    it('pages the on-call responder by direct message, once per attempt across two processes, then falls back to the next tier', async () => {
      const replies = await app.handler.handle(ask(RANSOM, 'holiday'));
      expect(texts(replies).join('\n')).toContain('対応時間外のため、当番の担当者を呼び出しました');
      const c = await caseOf('holiday');
      expect(c.severity).toBe('critical');
      // The second process posts the first card and page, the first process the next tier's card
      // (as a busy machine had it when this test failed once): the cards still read in posting order.
      await runDue(apps[1]);
      // The override (Baba) is paged, not the rotation's Aoki; the channel card is up too.
      expect(postsTo('local:oncall-b', c.number)).toHaveLength(1);
      expect(postsTo('local:oncall-a', c.number)).toHaveLength(0);
      expect(postsTo(LOCAL_DEMO.destination, c.number)).toHaveLength(1);
      expect(postsTo('local:oncall-b', c.number)[0]!.text).toContain('呼び出し(1回目)');
      for (let i = 0; i < 2; i++) {
        clock.advance(5 * MINUTE);
        await runDue();
      }
      expect(postsTo('local:oncall-b', c.number)).toHaveLength(3);
      expect(postsTo(LOCAL_DEMO.destination, c.number)).toHaveLength(1);
      // Three pages unanswered: after the tier's wait the next tier is notified in the channel, with its mention.
      clock.advance(5 * MINUTE);
      await runDue(apps[0]);
      const cards = postsTo(LOCAL_DEMO.destination, c.number);
      expect(cards).toHaveLength(2);
      expect(cards[1]!.text).toContain('@manager');
      expect(postsTo('local:oncall-b', c.number)).toHaveLength(3);
      const events = await eventsOf(c.id);
      expect(events.filter((e) => e.type === 'oncall_paged').map((e) => [e.data.attempt, e.data.userId, e.data.source])).toEqual([
        [0, 'oncall-b', 'override'], [1, 'oncall-b', 'override'], [2, 'oncall-b', 'override'],
      ]);
      expect(events.filter((e) => e.type === 'tier_advanced')).toHaveLength(1);
      expect(events.find((e) => e.type === 'after_hours')?.data).toMatchObject({ paging: true, nextOpen: '2027-01-04T00:00:00.000Z' });
    });

    it('stops paging when the on-call responder acknowledges, who then holds the case', async () => {
      clock.set('2026-12-31T18:30:00Z');
      await app.handler.handle(ask(RANSOM, 'ack'));
      const c = await caseOf('ack');
      await runDue();
      expect(postsTo('local:oncall-b', c.number)).toHaveLength(1);
      const out = await app.handler.handle(press('local:oncall-b', PAGE_ACK_ACTION, c.number, 'local:oncall-b'));
      expect(texts(out).join('\n')).toContain(`受領しました。案件 ${c.number} の担当になりました。`);
      expect(texts(out).join('\n')).toContain('担当の馬場さんが対応します。');
      const held = await app.services.cases.get(c.id);
      expect(held).toMatchObject({ state: 'claimed', assigneeUserId: 'oncall-b' });
      const pending = await app.db.query("SELECT name FROM jobs WHERE status = 'pending' AND name IN ('oncall.page', 'escalation.timer') AND (payload->>'caseId')::bigint = $1", [c.id]);
      expect(pending.rows).toEqual([]);
      clock.advance(12 * MINUTE);
      await runDue();
      expect(postsTo('local:oncall-b', c.number).filter((p) => p.text.includes('呼び出し'))).toHaveLength(1);
      expect(postsTo(LOCAL_DEMO.destination, c.number)).toHaveLength(1);
      const types = (await eventsOf(c.id)).map((e) => e.type);
      expect(types).toEqual(expect.arrayContaining(['oncall_paged', 'claimed', 'page_acknowledged']));
    });
  });

  describe('when a medium or low case reaches the responders at night before a holiday weekend', () => {
    it('tells the asker honestly, in their language, when a person will see it, and pages nobody', async () => {
      // Friday 8 Jan 2027, 22:00 in Tokyo; Monday 11 Jan is Coming of Age Day: the desk opens Tuesday 09:00.
      clock.set('2027-01-08T13:00:00Z');
      for (const [thread, text, lang] of [
        ['night-ja', 'パスワードは何文字以上にすればよいですか', 'ja'],
        ['night-en', 'How long should a password be?', 'en'],
      ] as const) {
        const asked = await app.handler.handle(ask(text, thread));
        let c = await caseOf(thread);
        expect(['medium', 'low']).toContain(c.severity);
        // Answered: the asker asks for a person (handle-feedback); escalated at once (no confident answer): the answer says it.
        const out = c.state === 'escalated' ? asked : await app.handler.handle(press(LOCAL_DEMO.staff.identity, 'case.request_responder', c.number, `local:oc:${thread}`));
        c = await caseOf(thread);
        expect(c.state).toBe('escalated');
        const said = texts(out).join('\n');
        if (lang === 'ja') expect(said).toContain('担当者がこの案件(案件 ' + c.number + ')を確認するのは 1月12日(火) 9:00 以降になります');
        else expect(said).toContain(`A person will look at this case (${c.number}) from Tue 12 Jan, 09:00 (Asia/Tokyo)`);
        await runDue();
        const pages = await app.db.query("SELECT id FROM jobs WHERE name = 'oncall.page' AND (payload->>'caseId')::bigint = $1", [c.id]);
        expect(pages.rows).toEqual([]);
        expect(postsTo(LOCAL_DEMO.destination, c.number)).toHaveLength(1);
      }
    });
  });

  describe('when the holder of a claimed case goes silent', () => {
    it('reminds them after N minutes, counts from their last message, and after M minutes returns the case unclaimed and re-notifies', async () => {
      // Tuesday 12 Jan 2027, 10:00 in Tokyo: within office hours (no page).
      clock.set('2027-01-12T01:00:00Z');
      await app.handler.handle(ask(RANSOM, 'silent'));
      const c = await caseOf('silent');
      await runDue();
      await app.handler.handle(press(LOCAL_DEMO.responder.identity, 'case.claim', c.number));
      // Critical: reminded after 15 min of silence, reverted after 30 (the defaults).
      clock.advance(10 * MINUTE);
      await app.handler.handle(command(LOCAL_DEMO.responder.identity, 'reply', `${c.number} 状況を確認しています`));
      clock.advance(6 * MINUTE); // 16 min after the claim, 6 after the message: nothing yet
      await runDue();
      const reminders = () => postsTo(LOCAL_DEMO.responder.identity, c.number).filter((p) => p.text.includes('依頼者への連絡がありません'));
      expect(reminders()).toHaveLength(0);
      clock.advance(9 * MINUTE); // 15 min after the message
      await runDue();
      expect(reminders()).toHaveLength(1);
      expect(reminders()[0]!.text).toContain('15分間');
      expect((await app.services.cases.get(c.id)).state).toBe('claimed');
      clock.advance(15 * MINUTE); // 30 min after the message
      await runDue();
      const after = await app.services.cases.get(c.id);
      expect(after).toMatchObject({ state: 'escalated', assigneeUserId: null });
      expect(reminders()).toHaveLength(1);
      const cards = postsTo(LOCAL_DEMO.destination, c.number);
      expect(cards.length).toBeGreaterThanOrEqual(2);
      expect(posts().some((p) => p.text.includes(`案件 ${c.number} は担当者から 30分間 連絡がなかったため、未担当に戻しました。`))).toBe(true);
      expect(posts().some((p) => p.to === c.threadRef && p.text.includes('担当者が交代します'))).toBe(true);
      const events = await eventsOf(c.id);
      expect(events.filter((e) => e.type === 'ack_reminded')).toHaveLength(1);
      expect(events.find((e) => e.type === 'released')?.data).toMatchObject({ cause: 'ack_timeout', holderId: LOCAL_DEMO.responder.id });
    });
  });
});
