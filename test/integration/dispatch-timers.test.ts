import { loadConfig } from '../../core/config.js';
import { createApp, type App } from '../../bot/create-app.js';
import { toPlainText } from '../../bot/local/plain-text-renderer.js';
import type { Outbound } from '../../handlers/cards.js';
import { DEMO_DISPATCH_GROUP } from '../../handlers/dispatch/dispatch-demo.js';
import { DispatchStore } from '../../handlers/dispatch/dispatch-store.js';
import { LOCAL_DEMO } from '../../handlers/directory/local-demo.js';
import type { InboundAction, InboundCommand } from '../../handlers/inbound.js';
import { createPostgresTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { memoryLogger } from '../helpers/logger.js';
import { RecordingAdapter } from '../helpers/recording-adapter.js';
import { flushPrefix, REDIS_URL, uniquePrefix } from '../helpers/redis.js';

/*
 * The dispatch request's timers on a simulated clock (PostgreSQL, BullMQ with the queue's own
 * workers off): every recorded job due on the clock is run through the bot's runner, so the
 * reminder after the group's remind minutes and the hand-over after its escalate minutes are
 * shown to the minute without waiting, and a request answered or cancelled meanwhile is shown
 * to stay quiet.
 */

jest.setTimeout(180_000);

const RANSOM = '朝来たら共有フォルダのファイルが全部開けません。拡張子が変になってて、英語のテキストが置いてあります';
const MINUTE = 60_000;
const SECOND_GROUP = 'second-it';
const SECOND_DESTINATION = 'local:dispatch2';

/** A clock the test moves by hand. */
function fakeClock(start: string) {
  let now = new Date(start).getTime();
  const clock = () => new Date(now);
  return Object.assign(clock, { advance: (ms: number) => void (now += ms) });
}

let seq = 0;
const key = () => `dispatch-timers-${Date.now()}-${++seq}`;
const press = (identity: string, actionId: string, value: string, threadRef = 'local:responders'): InboundAction => ({
  kind: 'action', channel: 'local', deliveryKey: key(), identity, threadRef, actionId, value,
});
const command = (identity: string, args: string): InboundCommand => ({
  kind: 'command', channel: 'local', deliveryKey: key(), identity, threadRef: 'local:dispatch-timers:cmd', command: 'dispatch', args: args.split(' '),
});
const texts = (out: Outbound[]) => out.map((o) => toPlainText(o.card)).join('\n');

describe('dispatch timers on a simulated clock (PostgreSQL, BullMQ)', () => {
  let t: TestDatabase;
  let prefix: string;
  let app: App;
  let store: DispatchStore;
  const chat = new RecordingAdapter();
  const clock = fakeClock('2026-12-08T01:00:00Z'); // Tuesday 10:00 in Tokyo

  /** Runs every job due on the simulated clock until none is left; the names of the dispatch jobs run. */
  async function runDue(): Promise<string[]> {
    const ran: string[] = [];
    for (let round = 0; round < 20; round++) {
      const due = await app.db.query<{ id: string; name: string }>("SELECT id, name FROM jobs WHERE status = 'pending' AND run_at <= $1 ORDER BY run_at, id", [clock()]);
      if (due.rows.length === 0) return ran;
      for (const { id, name } of due.rows) {
        await app.runner.run(id);
        if (name.startsWith('dispatch.')) ran.push(name);
      }
    }
    throw new Error('jobs keep coming');
  }

  const dispatchEvents = async (caseId: number) => (await app.services.cases.events(caseId)).map((e) => e.type).filter((type) => type.startsWith('dispatch_'));
  const postsAfter = (n: number) => chat.posts.slice(n);

  /** A new case claimed by the demo responder, with a request posted to the first group; its case id, request id and post. */
  async function requested(thread: string) {
    await app.handler.handle({ kind: 'message', channel: 'local', deliveryKey: key(), identity: LOCAL_DEMO.staff.identity, threadRef: `local:dispatch-timers:${thread}`, text: RANSOM });
    await runDue();
    const c = (await app.services.cases.findByThread(`local:dispatch-timers:${thread}`))!;
    await app.handler.handle(press(LOCAL_DEMO.responder.identity, 'case.claim', c.number));
    expect(texts(await app.handler.handle(command(LOCAL_DEMO.responder.identity, `${c.number} request`)))).toContain('駆けつけを');
    const ran = await runDue();
    expect(ran).toContain('dispatch.post');
    const [record] = await store.ofCase(c.id);
    expect(record!.postRef).toBeTruthy();
    return { c, id: String(record!.id), postRef: record!.postRef! };
  }

  beforeAll(async () => {
    t = await createPostgresTestDatabase({ migrate: false });
    prefix = uniquePrefix();
    const config = loadConfig({
      DATABASE_URL: t.url!, REDIS_URL, QUEUE_PREFIX: prefix, HTTP_PORT: '0', CHANNEL: 'none', QUEUE_RUN_WORKER: 'false', JOB_SWEEP_INTERVAL_MS: '3600000',
      // The holder's ack reminders stay out of the way of the dispatch timers.
      ACK_REMIND_MINUTES: 'critical=600,high=600,medium=600,low=600', ACK_REVERT_MINUTES: 'critical=900,high=900,medium=900,low=900',
    });
    app = await createApp(config, { logger: memoryLogger('error').logger, adapters: [chat], clock });
    await app.start();
    store = new DispatchStore(app.db);
    // The demo group reminds after 10 minutes and hands on after 20; the second one likewise.
    const demo = (await store.group(DEMO_DISPATCH_GROUP))!;
    await store.upsertGroup({ ...demo, remindSeconds: 600, escalateSeconds: 1200 });
    await store.upsertGroup({ id: SECOND_GROUP, name: '上野PCサポート', destination: SECOND_DESTINATION, lang: 'ja', remindSeconds: 600, escalateSeconds: 1200 });
    await store.addMember(SECOND_GROUP, LOCAL_DEMO.responder.id);
    await store.setRoute(LOCAL_DEMO.tenantId, [DEMO_DISPATCH_GROUP, SECOND_GROUP]);
  }, 900_000);

  afterAll(async () => {
    await app?.stop();
    await flushPrefix(prefix);
    await t?.drop();
  });

  it('reminds after the remind minutes, hands on after the escalate minutes, and tells the responders when the last group is silent too', async () => {
    const { c, postRef } = await requested('silent');
    const reminders = () => chat.posts.filter((p) => p.text.includes('まだ回答がありません'));
    const before = reminders().length;

    clock.advance(9 * MINUTE);
    expect(await runDue()).toEqual([]);
    clock.advance(1 * MINUTE);
    expect(await runDue()).toEqual(['dispatch.timer']);
    expect(reminders().slice(before).map((p) => p.to)).toEqual([postRef]);
    expect(await dispatchEvents(c.id)).toEqual(['dispatch_requested', 'dispatch_posted', 'dispatch_reminded']);

    clock.advance(9 * MINUTE);
    expect(await runDue()).toEqual([]);
    const mark = chat.posts.length;
    clock.advance(1 * MINUTE);
    expect(await runDue()).toEqual(['dispatch.timer', 'dispatch.post']);
    const second = postsAfter(mark).find((p) => p.to === SECOND_DESTINATION && p.card.buttons?.some((b) => b.actionId === 'dispatch.accept'));
    expect(second?.text).toContain(c.number);
    expect(postsAfter(mark).some((p) => p.to === postRef && p.text.includes('回答がなかったため、次の駆けつけ先に回しました'))).toBe(true);
    expect(postsAfter(mark).some((p) => p.text.includes('駆けつけを 上野PCサポート に依頼しました'))).toBe(true);
    expect((await store.ofCase(c.id))[0]).toMatchObject({ state: 'requested', position: 1, groupId: SECOND_GROUP });

    // The second group's own clock starts at the hand-over: a reminder 10 minutes later, then nobody is left.
    clock.advance(10 * MINUTE);
    expect(await runDue()).toEqual(['dispatch.timer']);
    const end = chat.posts.length;
    clock.advance(10 * MINUTE);
    expect(await runDue()).toEqual(['dispatch.timer']);
    expect(postsAfter(end).some((p) => p.text.includes('どの駆けつけ先も引き受けませんでした'))).toBe(true);
    expect((await store.ofCase(c.id))[0]!.state).toBe('unanswered');
    expect(await dispatchEvents(c.id)).toEqual([
      'dispatch_requested', 'dispatch_posted', 'dispatch_reminded', 'dispatch_escalated', 'dispatch_posted', 'dispatch_reminded', 'dispatch_unanswered',
    ]);
  });

  it('does nothing at the remind and escalate times when the request was accepted meanwhile', async () => {
    const { c, id } = await requested('accepted');
    clock.advance(5 * MINUTE);
    await app.handler.handle(press(LOCAL_DEMO.responder.identity, 'dispatch.accept', id, 'local:responders'));
    const mark = chat.posts.length;
    clock.advance(30 * MINUTE);
    // The timers run (they were recorded) and find the request answered: no post, no event.
    expect(await runDue()).toEqual(['dispatch.timer', 'dispatch.timer']);
    expect(postsAfter(mark)).toEqual([]);
    expect(await dispatchEvents(c.id)).toEqual(['dispatch_requested', 'dispatch_posted', 'dispatch_accepted']);
    expect((await store.get(Number(id)))!.state).toBe('accepted');
  });

  it('stops the timers of a request cancelled by the responder: they never run', async () => {
    const { c, id } = await requested('cancelled');
    clock.advance(5 * MINUTE);
    const out = await app.handler.handle(command(LOCAL_DEMO.responder.identity, `${id} cancel`));
    expect(texts(out)).toContain(`案件 ${c.number}: 山田 さんが デモITサービス(駆けつけ) への駆けつけ依頼を取り消しました。`);
    const jobs = await app.db.query<{ status: string }>("SELECT status FROM jobs WHERE name = 'dispatch.timer' AND (payload->>'dispatchId')::bigint = $1", [Number(id)]);
    expect(jobs.rows.map((j) => j.status)).toEqual(['cancelled', 'cancelled']);
    const mark = chat.posts.length;
    clock.advance(30 * MINUTE);
    expect(await runDue()).toEqual([]);
    expect(postsAfter(mark)).toEqual([]);
    expect(await dispatchEvents(c.id)).toEqual(['dispatch_requested', 'dispatch_posted', 'dispatch_cancelled']);
  });
});
