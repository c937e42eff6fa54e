import { loadConfig } from '../../core/config.js';
import { createApp, type App } from '../../bot/create-app.js';
import { CaseAlreadyClaimedError } from '../../handlers/errors.js';
import { claimCase } from '../../handlers/escalation/responder-actions.js';
import { LOCAL_DEMO } from '../../handlers/directory/local-demo.js';
import type { InboundAction, InboundCommand, InboundMessage } from '../../handlers/inbound.js';
import { JobStore } from '../../workers/job-store.js';
import { createPostgresTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { memoryLogger } from '../helpers/logger.js';
import { RecordingAdapter } from '../helpers/recording-adapter.js';
import { flushPrefix, REDIS_URL, uniquePrefix } from '../helpers/redis.js';
import { until } from '../helpers/wait.js';

let seq = 0;
const key = () => `esc-${Date.now()}-${++seq}`;
const ask = (text: string, thread: string): InboundMessage => ({
  kind: 'message', channel: 'local', deliveryKey: key(), identity: LOCAL_DEMO.staff.identity, threadRef: `local:esc:${thread}`, text,
});
const press = (identity: string, actionId: string, value: string, form?: Record<string, string>): InboundAction => ({
  kind: 'action', channel: 'local', deliveryKey: key(), identity, threadRef: 'local:esc:buttons', actionId, value, form,
});
const command = (identity: string, name: string, args: string): InboundCommand => ({
  kind: 'command', channel: 'local', deliveryKey: key(), identity, threadRef: 'local:esc:cmd', command: name, args: args.split(' '),
});


const RANSOM = '朝来たら共有フォルダのファイルが全部開けません。拡張子が変になってて、英語のテキストが置いてあります';

interface Setup {
  t: TestDatabase;
  prefix: string;
  chat: RecordingAdapter;
  start(opts?: { runWorker?: boolean }): Promise<App>;
}

async function setup(): Promise<Setup> {
  const t = await createPostgresTestDatabase({ knowledge: true });
  const prefix = uniquePrefix();
  const chat = new RecordingAdapter();
  return {
    t,
    prefix,
    chat,
    async start(opts = {}) {
      const config = loadConfig({
        DATABASE_URL: t.url!, REDIS_URL, QUEUE_PREFIX: prefix, HTTP_PORT: '0', CHANNEL: 'none', JOB_SWEEP_INTERVAL_MS: '300',
        QUEUE_RUN_WORKER: opts.runWorker === false ? 'false' : 'true',
      });
      const app = await createApp(config, { logger: memoryLogger('error').logger, adapters: [chat] });
      await app.start();
      // Short tiers so re-notification is observable: critical waits 1 s per tier.
      await app.services.directory.upsertGroup({
        id: LOCAL_DEMO.groupId,
        name: 'Responders',
        destination: LOCAL_DEMO.destination,
        tiers: [
          { name: 'primary', waitSeconds: { critical: 1, high: 1, medium: 1, low: 1 } },
          { name: 'on-call', waitSeconds: { critical: 1, high: 1, medium: 1, low: 1 }, mention: '@oncall' },
        ],
      });
      return app;
    },
  };
}

async function caseNumberOf(app: App, thread: string): Promise<string> {
  await until(async () => !!(await app.services.cases.findByThread(`local:esc:${thread}`)));
  return (await app.services.cases.findByThread(`local:esc:${thread}`))!.number;
}

describe('escalation on PostgreSQL and BullMQ', () => {
  let s: Setup;
  let app: App;
  beforeAll(async () => {
    s = await setup();
    app = await s.start();
  });
  afterAll(async () => {
    await app.stop();
    await flushPrefix(s.prefix);
    await s.t.drop();
  });

  const cardsFor = (number: string) => s.chat.postsTo(LOCAL_DEMO.destination).filter((p) => p.text.includes(number));

  it('re-notifies the next tier when nobody claims, then stops once someone claims', async () => {
    await app.handler.handle(ask(RANSOM, 'tiers'));
    const number = await caseNumberOf(app, 'tiers');
    await until(() => cardsFor(number).length >= 3);
    const texts = cardsFor(number).map((p) => p.text);
    expect(texts[0]).not.toContain('再通知');
    expect(texts[1]).toContain('1秒以内に対応者が決まらなかったため、再通知します。');
    expect(texts[2]).toContain('@oncall');

    const [toAsker, card] = await app.handler.handle(press(LOCAL_DEMO.responder.identity, 'case.claim', number));
    expect(toAsker!.card.blocks[0]).toMatchObject({ text: '担当の山田さんが対応します。' });
    expect(JSON.stringify(card!.card)).toContain('対応中: 山田');
    const after = cardsFor(number).length;
    await new Promise((r) => setTimeout(r, 2500));
    expect(cardsFor(number).length).toBe(after);
    const c = (await app.services.cases.findByNumber(number))!;
    const pendingTimers = await app.db.query("SELECT id FROM jobs WHERE name = 'escalation.timer' AND status = 'pending' AND (payload->>'caseId')::bigint = $1", [c.id]);
    expect(pendingTimers.rows).toEqual([]);
    const events = await app.services.cases.events(c.id);
    expect(events.filter((e) => e.type === 'tier_advanced').length).toBeGreaterThanOrEqual(2);
  });

  it('lets exactly one of 50 simultaneous claims win, and records one claimed event', async () => {
    for (let i = 0; i < 50; i++) {
      await app.services.directory.upsertUser({ id: `r${i}`, tenantId: null, displayName: `Responder ${i}`, roles: ['responder'], lang: 'ja' });
      await app.services.directory.addMember(LOCAL_DEMO.groupId, `r${i}`);
    }
    await app.handler.handle(ask(RANSOM, 'race'));
    const number = await caseNumberOf(app, 'race');
    const c = (await app.services.cases.findByNumber(number))!;
    const users = await Promise.all(Array.from({ length: 50 }, (_, i) => app.services.directory.getUser(`r${i}`)));
    const results = await Promise.allSettled(users.map((u) => claimCase(app.services, c, u!)));
    const winners = results.filter((r) => r.status === 'fulfilled');
    expect(winners).toHaveLength(1);
    const holder = (await app.services.cases.get(c.id)).assigneeUserId!;
    for (const r of results.filter((x): x is PromiseRejectedResult => x.status === 'rejected')) {
      expect(r.reason).toBeInstanceOf(CaseAlreadyClaimedError);
      expect((r.reason as CaseAlreadyClaimedError).holderName).toBe(users.find((u) => u!.id === holder)!.displayName);
    }
    expect((await app.services.cases.events(c.id)).filter((e) => e.type === 'claimed')).toHaveLength(1);
  });

  it('refuses a claim from a staff member, tells them why, and audits it', async () => {
    await app.handler.handle(ask(RANSOM, 'staffclaim'));
    const number = await caseNumberOf(app, 'staffclaim');
    const [reply] = await app.handler.handle(press(LOCAL_DEMO.staff.identity, 'case.claim', number));
    expect(reply!.card.blocks[0]).toMatchObject({ text: '案件の対応は担当チームのメンバーのみが行えます。' });
    const c = (await app.services.cases.findByNumber(number))!;
    expect(c.state).toBe('escalated');
    expect((await app.services.cases.events(c.id)).find((e) => e.type === 'access_refused')).toMatchObject({
      actorUserId: LOCAL_DEMO.staff.id,
      data: { action: 'claim' },
    });
  });

  it('refuses a responder who is not in the group the tenant routes to', async () => {
    await app.services.directory.upsertUser({ id: 'outsider', tenantId: null, displayName: 'Outsider', roles: ['responder'], lang: 'en' }, ['local:outsider']);
    await app.handler.handle(ask(RANSOM, 'outsider'));
    const number = await caseNumberOf(app, 'outsider');
    // Not in the group and not looking at the case's card: told what a wrong number would tell them,
    // so case numbers of other companies cannot be probed.
    const [reply] = await app.handler.handle(press('local:outsider', 'case.claim', number));
    expect(reply!.card.blocks[0]).toMatchObject({ text: 'That case could not be found.' });
  });

  it('relays both ways, attributed, and neutralises mentions and bot look-alikes', async () => {
    await app.handler.handle(ask(RANSOM, 'relay'));
    const number = await caseNumberOf(app, 'relay');
    await app.handler.handle(press(LOCAL_DEMO.responder.identity, 'case.claim', number));
    const [toAsker] = await app.handler.handle(command(LOCAL_DEMO.responder.identity, 'reply', `${number} お助けボット: <!channel> <!here> @everyone LANは抜いたままに`));
    expect(toAsker!.to).toBe('local:esc:relay');
    const text = (toAsker!.card.blocks[0] as { text: string }).text;
    expect(text.startsWith('👤 山田(対応担当): ')).toBe(true);
    expect(text).not.toMatch(/<!channel>|<!here>|@everyone/);
    expect(text).toContain('“お助けボット”');

    const replies = await app.handler.handle(ask('わかりました <!everyone>', 'relay'));
    const toResponders = replies.find((r) => r.to !== 'local:esc:relay')!;
    expect((toResponders.card.blocks[0] as { text: string }).text).toBe('👤 佐藤(相談者): わかりました everyone');
  });

  it('sends the resolution summary to the asker, who can reopen it', async () => {
    await app.handler.handle(ask(RANSOM, 'resolve'));
    const number = await caseNumberOf(app, 'resolve');
    await app.handler.handle(press(LOCAL_DEMO.responder.identity, 'case.claim', number));
    const [needs] = await app.handler.handle(press(LOCAL_DEMO.responder.identity, 'case.resolve', number));
    expect(JSON.stringify(needs!.card)).toContain('解決内容の要約');
    const [toAsker] = await app.handler.handle(press(LOCAL_DEMO.responder.identity, 'case.resolve', number, { summary: '感染PCを隔離し、バックアップから復元しました。' }));
    expect(toAsker!.to).toBe('local:esc:resolve');
    expect(toAsker!.card.buttons!.map((b) => b.actionId)).toEqual(['resolution.helpful', 'resolution.not_helpful', 'case.reopen']);
    const [draft] = await app.handler.handle(press(LOCAL_DEMO.responder.identity, 'case.save_draft', number));
    expect(JSON.stringify(draft!.card)).toContain(`case-${number.toLowerCase()}-ja`);
    expect((await app.services.kb.show(`case-${number.toLowerCase()}-ja`)).status).toBe('draft');

    const [reopened] = await app.handler.handle(press(LOCAL_DEMO.staff.identity, 'case.reopen', number));
    expect(JSON.stringify(reopened!.card)).toContain('再開し');
    expect((await app.services.cases.findByNumber(number))!.state).toBe('escalated');
  });
});

describe('when workers die or Redis loses its data', () => {
  let s: Setup;
  beforeAll(async () => {
    s = await setup();
  });
  afterAll(async () => {
    await flushPrefix(s.prefix);
    await s.t.drop();
  });

  it('delivers a job whose worker died mid-job exactly once, after its lease runs out', async () => {
    const producer = await s.start({ runWorker: false });
    await producer.handler.handle(ask(RANSOM, 'killed'));
    const number = await caseNumberOf(producer, 'killed');
    const c = (await producer.services.cases.findByNumber(number))!;
    const notify = (await producer.db.query<{ id: string }>("SELECT id FROM jobs WHERE name = 'escalation.notify' AND (payload->>'caseId')::bigint = $1", [c.id])).rows[0]!.id;
    // A worker takes the job and dies before finishing: its lease is all that is left of it.
    expect(await new JobStore(producer.db).lease(notify, 300)).not.toBeNull();
    await producer.stop();
    await flushPrefix(s.prefix);

    const worker = await s.start();
    await until(async () => (await worker.db.query<{ status: string }>('SELECT status FROM jobs WHERE id = $1', [notify])).rows[0]!.status === 'done');
    await new Promise((r) => setTimeout(r, 800));
    expect(s.chat.postsTo(LOCAL_DEMO.destination).filter((p) => p.text.includes(number) && !p.text.includes('再通知'))).toHaveLength(1);
    await worker.stop();
  });

  it('re-enqueues every pending escalation from PostgreSQL after Redis is flushed, each delivered once', async () => {
    const producer = await s.start({ runWorker: false });
    const numbers: string[] = [];
    for (let i = 0; i < 10; i++) {
      await producer.handler.handle(ask(`${RANSOM} (${i})`, `flush-${i}`));
      numbers.push(await caseNumberOf(producer, `flush-${i}`));
    }
    await producer.stop();
    expect(await flushPrefix(s.prefix)).toBeGreaterThan(0);

    const worker = await s.start();
    const firstCards = () => numbers.map((n) => s.chat.postsTo(LOCAL_DEMO.destination).filter((p) => p.text.includes(`${n} `) && !p.text.includes('再通知')).length);
    await until(() => firstCards().every((count) => count >= 1));
    await new Promise((r) => setTimeout(r, 800));
    expect(firstCards()).toEqual(numbers.map(() => 1));
    await worker.stop();
  });
});
