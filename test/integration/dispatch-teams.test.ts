import crypto from 'node:crypto';
import { DispatchStore } from '../../handlers/dispatch/dispatch-store.js';
import { CUSTOMER_AAD, identityOf, personalConversationOf, PEOPLE, RESPONDERS_CHANNEL, VENDOR_AAD, type TeamsPerson } from '../helpers/teams-activities.js';
import { startTeamsApp, until, type TeamsTestApp } from '../helpers/teams-app.js';
import { adaptiveCardOf, cardActions, visibleText, type ConnectorCall } from '../helpers/teams-connector-stand-in.js';

/*
 * On-site dispatch on Teams (PostgreSQL, BullMQ with the job worker in a second bot process, the
 * Bot Connector stand-in): the request dialog
 * from the case card preset from the company's site, the post in the dispatch group's channel,
 * Action.Execute presses and the ETA / end-of-work dialogs, a refusal to a non-member.
 */

jest.setTimeout(180_000);

const RANSOM = '朝来たら共有フォルダのファイルが全部開けません。拡張子が変になってて、英語のテキストが置いてあります';
const DISPATCH_CHANNEL = '19:7d8e9f0a1b2c4d3e8f9a0b1c2d3e4f5a@thread.tacv2';
const TECH: TeamsPerson = { aadTenantId: VENDOR_AAD, aadObjectId: '3e4f5a6b-7c8d-4e9f-8a0b-1c2d3e4f5a6b', teamsId: '29:1bRz5tYq8u-kato', name: '加藤 三郎', locale: 'ja-JP' };
const ASKER: TeamsPerson = { aadTenantId: CUSTOMER_AAD, aadObjectId: crypto.randomUUID(), teamsId: `29:1${crypto.randomBytes(6).toString('hex')}`, name: '中村', locale: 'ja-JP' };
const DISPATCH_CHANNEL2 = '19:0a1b2c3d4e5f40718293a4b5c6d7e8f9@thread.tacv2';
const TECH2: TeamsPerson = { aadTenantId: VENDOR_AAD, aadObjectId: '4f5a6b7c-8d9e-4f0a-9b1c-2d3e4f5a6b7c', teamsId: '29:1cSa6uZr9v-ito', name: '伊藤 四郎', locale: 'ja-JP' };
const ASKER2: TeamsPerson = { aadTenantId: CUSTOMER_AAD, aadObjectId: crypto.randomUUID(), teamsId: `29:1${crypto.randomBytes(6).toString('hex')}`, name: '小林', locale: 'ja-JP' };

describe('on-site dispatch on Teams', () => {
  let s: TeamsTestApp;
  let store: DispatchStore;
  beforeAll(async () => {
    // The jobs (the post, its reminder and hand-over) run in a second process, as in production.
    s = await startTeamsApp({ separateWorker: true });
    store = new DispatchStore(s.app.services.db);
    await s.app.services.directory.upsertUser({ id: 'tech-kato', tenantId: null, displayName: '加藤', roles: ['responder'], lang: 'ja' }, [identityOf(TECH)]);
    await store.upsertGroup({ id: 'kanda-it', name: '神田ITサービス', destination: `teams:${DISPATCH_CHANNEL}`, hourlyRateYen: 6000 });
    await store.addMember('kanda-it', 'tech-kato');
    await store.setRoute('sakura', ['kanda-it']);
    await store.setSite({ tenantId: 'sakura', address: '東京都中央区銀座1-1-1', contactName: '鈴木', contactPhone: '03-9999-0000' });
    // The app installed in the dispatch group's channel: how the bot learns where to post there.
    expect((await s.post(s.acts.botAddedToChannel(TECH, DISPATCH_CHANNEL, 'Kanda IT', 'dispatch'))).status).toBe(200);
  });
  afterAll(async () => s.stop());

  const taskContent = (r: { body: unknown }) => (r.body as { task: { type: string; value: { card: { content: { body: { id?: string; value?: string }[] } } } } }).task;

  it('runs a request from the dialog to the end of the work, and refuses a non-member', async () => {
    expect((await s.post(s.acts.personal(ASKER, RANSOM))).status).toBe(200);
    await s.idle();
    const number = /OT-\d{6}/.exec(s.standIn.messagesIn(personalConversationOf(ASKER)).map((c) => visibleText(c.activity)).join('\n'))![0];
    const card = await until(() => s.standIn.messagesIn(RESPONDERS_CHANNEL).find((c) => c.conversationId === RESPONDERS_CHANNEL && visibleText(c.activity).includes(number)));
    const rootId = card.newId!;
    const thread = { channel: RESPONDERS_CHANNEL, rootId };
    await until(async () => (await s.app.services.cases.findByNumber(number))?.responderThreadRef ?? null);
    const claimed = await s.post(s.acts.execute(PEOPLE.responder, thread, rootId, { actionId: 'case.claim', value: number }));
    const request = cardActions((claimed.body as { value: Record<string, unknown> }).value).find((a) => a.title === '駆けつけ依頼')!;
    expect(request).toMatchObject({ type: 'Action.Submit', data: { msteams: { type: 'task/fetch' }, actionId: 'dispatch.request', value: number } });

    const fetched = taskContent(await s.post(s.acts.taskFetch(PEOPLE.responder, thread, rootId, request.data as Record<string, unknown>)));
    expect(fetched.type).toBe('continue');
    const inputs = fetched.value.card.content.body;
    expect(inputs.find((b) => b.id === 'address')?.value).toBe('東京都中央区銀座1-1-1');
    expect(inputs.find((b) => b.id === 'contact')?.value).toBe('鈴木 03-9999-0000');
    const submitted = await s.post(
      s.acts.taskSubmit(PEOPLE.responder, thread, rootId, { actionId: 'dispatch.request', value: number, address: '東京都中央区銀座1-1-1', contact: '鈴木', slots: '明日 午前', remote: 'onsite', bring: '', notes: '' }),
    );
    expect(submitted.status).toBe(200);
    await s.idle();
    const post: ConnectorCall = await until(() => s.standIn.messagesIn(DISPATCH_CHANNEL).find((c) => visibleText(c.activity).includes(number)));
    expect(visibleText(post.activity)).toContain('明日 午前');
    const accept = cardActions(post.activity).find((a) => a.verb === 'dispatch.accept')!;
    const id = (accept.data as { value: string }).value;
    const where = { channel: DISPATCH_CHANNEL, rootId: post.newId! };
    await until(async () => ((await store.get(Number(id)))?.postRef ? true : null));

    const refused = await s.post(s.acts.execute(PEOPLE.responder2, where, post.newId!, { actionId: 'dispatch.accept', value: id }));
    expect(JSON.stringify(refused.body)).toContain('駆けつけグループのメンバーのみ');
    expect((await store.get(Number(id)))!.state).toBe('requested');

    await s.post(s.acts.execute(TECH, where, post.newId!, { actionId: 'dispatch.accept', value: id }));
    await s.idle();
    await until(() => s.standIn.messagesIn(personalConversationOf(ASKER)).find((c) => visibleText(c.activity).includes('神田ITサービス の 加藤 さんが伺います')));

    const etaForm = taskContent(await s.post(s.acts.taskFetch(TECH, where, post.newId!, { msteams: { type: 'task/fetch' }, actionId: 'dispatch.eta', value: id })));
    expect(etaForm.value.card.content.body.map((b) => b.id)).toContain('eta');
    await s.post(s.acts.taskSubmit(TECH, where, post.newId!, { actionId: 'dispatch.eta', value: id, eta: '2099-02-01 10:30' }));
    await s.idle();
    await until(() => s.standIn.messagesIn(personalConversationOf(ASKER)).find((c) => visibleText(c.activity).includes('2099-02-01 10:30 JST ごろ到着の予定です')));
    await s.post(s.acts.execute(TECH, where, post.newId!, { actionId: 'dispatch.arrived', value: id }));
    await s.post(s.acts.taskSubmit(TECH, where, post.newId!, { actionId: 'dispatch.done', value: id, hours: '2', cost: '', note: '' }));
    await s.idle();
    expect(await store.get(Number(id))).toMatchObject({ state: 'done', hours: 2, costYen: 12000 });
    const updated = s.standIn.updates().filter((u) => u.activityId === post.newId).at(-1)!;
    expect(visibleText(updated.activity)).toContain('現地 2 時間、費用 12,000 円');
    expect(adaptiveCardOf(updated.activity)).toBeDefined();
  });

  it('hands a declined request to the next group, and a cancel from the case card tells the asker and the technician', async () => {
    await s.app.services.directory.upsertUser({ id: 'tech-ito', tenantId: null, displayName: '伊藤', roles: ['responder'], lang: 'ja' }, [identityOf(TECH2)]);
    await store.upsertGroup({ id: 'ueno-pc', name: '上野PCサポート', destination: `teams:${DISPATCH_CHANNEL2}` });
    await store.addMember('ueno-pc', 'tech-ito');
    await store.setRoute('sakura', ['kanda-it', 'ueno-pc']);
    expect((await s.post(s.acts.botAddedToChannel(TECH2, DISPATCH_CHANNEL2, 'Ueno PC', 'dispatch'))).status).toBe(200);

    expect((await s.post(s.acts.personal(ASKER2, RANSOM))).status).toBe(200);
    await s.idle();
    const askerTexts = () => s.standIn.messagesIn(personalConversationOf(ASKER2)).map((c) => visibleText(c.activity)).join('\n');
    const number = /OT-\d{6}/.exec(askerTexts())![0];
    const card = await until(() => s.standIn.messagesIn(RESPONDERS_CHANNEL).find((c) => c.conversationId === RESPONDERS_CHANNEL && visibleText(c.activity).includes(number)));
    const rootId = card.newId!;
    const thread = { channel: RESPONDERS_CHANNEL, rootId };
    await until(async () => (await s.app.services.cases.findByNumber(number))?.responderThreadRef ?? null);
    await s.post(s.acts.execute(PEOPLE.responder, thread, rootId, { actionId: 'case.claim', value: number }));
    // A technician (responder role, not of this company's group) asking for the request form gets no site profile.
    const forged = JSON.stringify((await s.post(s.acts.taskFetch(TECH2, thread, rootId, { msteams: { type: 'task/fetch' }, actionId: 'dispatch.request', value: number }))).body);
    expect(forged).toMatch(/担当チームのメンバーのみ|見つかりません/);
    expect(forged).not.toContain('銀座');
    expect(forged).not.toContain('03-9999-0000');
    await s.post(s.acts.taskSubmit(PEOPLE.responder, thread, rootId, { actionId: 'dispatch.request', value: number, address: '東京都中央区銀座1-1-1', contact: '鈴木', slots: '今日 夕方', remote: 'onsite', bring: '', notes: '' }));
    await s.idle();
    const first: ConnectorCall = await until(() => s.standIn.messagesIn(DISPATCH_CHANNEL).find((c) => visibleText(c.activity).includes(number)));
    const id = (cardActions(first.activity).find((a) => a.verb === 'dispatch.decline')!.data as { value: string }).value;
    await until(async () => ((await store.get(Number(id)))?.postRef ? true : null));

    await s.post(s.acts.execute(TECH, { channel: DISPATCH_CHANNEL, rootId: first.newId! }, first.newId!, { actionId: 'dispatch.decline', value: id }));
    await s.idle();
    const second: ConnectorCall = await until(() => s.standIn.messagesIn(DISPATCH_CHANNEL2).find((c) => visibleText(c.activity).includes(number)));
    expect(cardActions(second.activity).map((a) => a.verb)).toEqual(expect.arrayContaining(['dispatch.accept', 'dispatch.decline']));
    const oldPost = s.standIn.updates().filter((u) => u.activityId === first.newId).at(-1)!;
    expect(visibleText(oldPost.activity)).toContain('加藤 さんが辞退しました。次の駆けつけ先に回しました。');
    expect(cardActions(oldPost.activity).filter((a) => String(a.verb ?? '').startsWith('dispatch.'))).toEqual([]);
    expect(await store.get(Number(id))).toMatchObject({ state: 'requested', position: 1, groupId: 'ueno-pc' });
    await until(async () => ((await store.get(Number(id)))?.postRef ? true : null));

    // The first group's technician may not answer it any more; the second group's does.
    const refused = await s.post(s.acts.execute(TECH, { channel: DISPATCH_CHANNEL2, rootId: second.newId! }, second.newId!, { actionId: 'dispatch.accept', value: id }));
    expect(JSON.stringify(refused.body)).toContain('駆けつけグループのメンバーのみ');
    await s.post(s.acts.execute(TECH2, { channel: DISPATCH_CHANNEL2, rootId: second.newId! }, second.newId!, { actionId: 'dispatch.accept', value: id }));
    await s.idle();
    await until(() => (askerTexts().includes('上野PCサポート の 伊藤 さんが伺います') ? true : null));

    // The responders' card now offers to call it off (a plain press, no dialog).
    const cardNow = s.standIn.updates().filter((u) => u.activityId === rootId).at(-1)!;
    expect(cardActions(cardNow.activity).find((a) => a.verb === 'dispatch.cancel')).toMatchObject({ type: 'Action.Execute', title: '駆けつけを取り消す' });
    await s.post(s.acts.execute(PEOPLE.responder, thread, rootId, { actionId: 'dispatch.cancel', value: id }));
    await s.idle();
    await until(() => (askerTexts().includes('駆けつけ(訪問)は取りやめになりました。上野PCサポート の 伊藤 さんは伺いません') ? true : null));
    expect((await store.get(Number(id)))!.state).toBe('cancelled');
    const cancelledPost = s.standIn.updates().filter((u) => u.activityId === second.newId).at(-1)!;
    expect(visibleText(cancelledPost.activity)).toContain('この依頼は 山田 さん(依頼元)が取り消しました');
    await until(() => s.standIn.messagesIn(DISPATCH_CHANNEL2).find((c) => visibleText(c.activity).includes(`駆けつけ依頼 ${number} は依頼元の 山田 さんが取り消しました`)));
  });
});
