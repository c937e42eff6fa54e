import { loadConfig } from '../../core/config.js';
import { createApp, type App } from '../../bot/create-app.js';
import type { Delivery } from '../../bot/playground/playground-adapter.js';
import type { ResponderCaseView } from '../../bot/playground/responder-views.js';
import type { Card } from '../../handlers/cards.js';
import { DEMO_DISPATCH_GROUP } from '../../handlers/dispatch/dispatch-demo.js';
import { DispatchStore } from '../../handlers/dispatch/dispatch-store.js';
import { LOCAL_DEMO } from '../../handlers/directory/local-demo.js';
import { memoryLogger } from '../helpers/logger.js';
import { until } from '../helpers/wait.js';
import { fromTemplate } from '../helpers/databases.js';

/*
 * On-site dispatch in the playground (embedded PGlite, in-process jobs, the HTTP API the page
 * uses): the request form preset from the demo company's site, the demo dispatch group's post
 * beside the card (the demo responder is its technician), each press, a refusal to staff, and
 * the hours in the insurer report.
 */

jest.setTimeout(180_000);

const RANSOM = '朝来たら共有フォルダのファイルが全部開けません。拡張子が変になってて、英語のテキストが置いてあります';
const HEADERS = { 'content-type': 'application/json', 'x-otasuke-playground': '1' };
let seq = 0;
const key = () => `dispatchpg${Date.now()}${++seq}`;

describe('on-site dispatch in the playground', () => {
  let app: App;
  let base: string;
  const post = async (body: Record<string, unknown>): Promise<Delivery[]> => {
    const res = await fetch(`${base}playground/api/inbound`, { method: 'POST', headers: HEADERS, body: JSON.stringify({ key: key(), ...body }) });
    expect(res.status).toBe(200);
    return ((await res.json()) as { deliveries: Delivery[] }).deliveries;
  };
  const view = async (number: string): Promise<ResponderCaseView> => (await (await fetch(`${base}playground/api/responder/cases/${number}`, { headers: HEADERS })).json()) as ResponderCaseView;
  const text = (ds: Delivery[]) => ds.map((d) => d.card.blocks.map((b) => ('text' in b ? b.text : '')).join(' ')).join('\n');
  const button = (card: Card | null, actionId: string) => card?.buttons?.find((b) => b.actionId === actionId);

  beforeAll(async () => {
    const config = loadConfig({ HTTP_PORT: '0', CHANNEL: 'playground', DATA_DIR: 'memory://', JOB_SWEEP_INTERVAL_MS: '300' });
    app = await createApp(await fromTemplate(config), { logger: memoryLogger('error').logger });
    await app.start();
    base = app.playground!.url!;
  });

  afterAll(async () => {
    await app.stop();
  });

  it('runs a request from the card to the end of the work, refusing staff on the way', async () => {
    const asker = 'web:staff:dispatch001';
    await post({ role: 'staff', kind: 'message', thread: asker, text: RANSOM });
    const c = (await app.services.cases.findByThread(asker))!;
    await until(async () => !!(await app.services.cases.get(c.id)).responderThreadRef);
    const thread = (await app.services.cases.get(c.id)).responderThreadRef!;
    await post({ role: 'responder', kind: 'action', thread, actionId: 'case.claim', value: c.number });

    const before = await view(c.number);
    expect(before.dispatchForm).toEqual({ address: '東京都千代田区丸の内1-1-1 デモビル3F', contact: '鈴木 03-0000-0000' });
    expect(button(before.card, 'dispatch.request')).toBeDefined();
    expect(before.dispatchPost).toBeNull();

    const requested = await post({
      role: 'responder', kind: 'action', thread, actionId: 'dispatch.request', value: c.number,
      form: { ...before.dispatchForm, slots: '今日 15時以降', remote: 'remote', bring: 'LANケーブル', notes: '' },
    });
    expect(text(requested)).toContain('駆けつけを デモITサービス(駆けつけ) に依頼しました');
    const posted = await until(async () => ((await app.services.cases.events(c.id)).some((e) => e.type === 'dispatch_posted') ? view(c.number) : null));
    const accept = button(posted.dispatchPost, 'dispatch.accept')!;
    expect(accept).toBeDefined();
    expect(button(posted.card, 'dispatch.request')).toBeUndefined();

    const refused = await post({ role: 'staff', kind: 'action', thread: asker, actionId: 'dispatch.accept', value: accept.value });
    expect(refused[0]!.senderOnly).toBe(true);
    expect(text(refused)).toContain('駆けつけグループのメンバーのみ');

    const accepted = await post({ role: 'responder', kind: 'action', thread, actionId: 'dispatch.accept', value: accept.value });
    expect(accepted.find((d) => d.to === asker)?.card.blocks[0]).toMatchObject({ text: expect.stringContaining('デモITサービス(駆けつけ) の 山田 さんが伺います') });
    const eta = await post({ role: 'responder', kind: 'action', thread, actionId: 'dispatch.eta', value: accept.value, form: { eta: '2099-03-01 10:00' } });
    expect(text(eta)).toContain('2099-03-01 10:00 JST');
    await post({ role: 'responder', kind: 'action', thread, actionId: 'dispatch.arrived', value: accept.value });
    const done = await post({ role: 'responder', kind: 'action', thread, actionId: 'dispatch.done', value: accept.value, form: { hours: '1.5', cost: '', note: '' } });
    expect(text(done)).toContain('現地 1.5 時間、費用 12,000 円');

    const after = await view(c.number);
    expect(after.dispatchPost?.buttons).toBeUndefined();
    expect(after.timeline.map((e) => e.text)).toEqual(expect.arrayContaining(['現地に到着', '現地作業完了(現地 1.5 時間、費用 12,000 円)']));
    // The asker's thread, rebuilt from the timeline (a reload, another process), says who came and when.
    const rebuilt = JSON.stringify(await (await fetch(`${base}playground/api/staff/threads/dispatch001`, { headers: HEADERS })).json());
    for (const part of ['山田 さんが伺います', '2099-03-01 10:00 JST ごろ到着の予定です', '山田 さんが到着しました', '山田 さんの現地作業が終わりました']) expect(rebuilt).toContain(part);
    const insurer = await post({ role: 'admin', kind: 'command', thread: 'web:admin', command: 'insurer', args: [c.number, 'md'] });
    expect(Buffer.from(insurer[0]!.file!.base64, 'base64').toString('utf8')).toContain('合計: 現地 1.5 時間、費用 12,000 円');
  });

  /** A new case from `asker`, claimed by the demo responder: the case and the responders' thread. */
  async function claimed(asker: string) {
    await post({ role: 'staff', kind: 'message', thread: asker, text: RANSOM });
    const c = (await app.services.cases.findByThread(asker))!;
    await until(async () => !!(await app.services.cases.get(c.id)).responderThreadRef);
    const thread = (await app.services.cases.get(c.id)).responderThreadRef!;
    await post({ role: 'responder', kind: 'action', thread, actionId: 'case.claim', value: c.number });
    return { c, thread };
  }

  it('offers no 駆けつけ依頼 on the card of a company without a dispatch route, and says why to a typed request', async () => {
    const store = new DispatchStore(app.services.db);
    await store.setRoute(LOCAL_DEMO.tenantId, []);
    try {
      const { c, thread } = await claimed('web:staff:dispatch002');
      const v = await view(c.number);
      expect(v.card?.buttons?.map((b) => b.actionId)).toEqual(expect.arrayContaining(['case.resolve']));
      expect(button(v.card, 'dispatch.request')).toBeUndefined();
      const typed = await post({ role: 'responder', kind: 'command', thread, command: 'dispatch', args: [c.number, 'request'] });
      expect(text(typed)).toContain('駆けつけ先が登録されていません');
    } finally {
      await store.setRoute(LOCAL_DEMO.tenantId, [DEMO_DISPATCH_GROUP]);
    }
  });

  it('hands a declined request to the next group, and a cancel after the accept tells the asker nobody comes', async () => {
    const store = new DispatchStore(app.services.db);
    await store.upsertGroup({ id: 'pg-second', name: '上野PCサポート', destination: 'web:dispatch', lang: 'ja' });
    await store.addMember('pg-second', LOCAL_DEMO.responder.id);
    await store.setRoute(LOCAL_DEMO.tenantId, [DEMO_DISPATCH_GROUP, 'pg-second']);
    try {
      const asker = 'web:staff:dispatch003';
      const { c, thread } = await claimed(asker);
      await post({ role: 'responder', kind: 'action', thread, actionId: 'dispatch.request', value: c.number, form: { ...(await view(c.number)).dispatchForm, slots: '明日 午前', remote: 'onsite' } });
      const first = await until(async () => ((await app.services.cases.events(c.id)).some((e) => e.type === 'dispatch_posted') ? view(c.number) : null));
      const id = button(first.dispatchPost, 'dispatch.decline')!.value;

      const declined = await post({ role: 'responder', kind: 'action', thread, actionId: 'dispatch.decline', value: id });
      expect(text(declined)).toContain('辞退したため、駆けつけを 上野PCサポート に依頼しました');
      const second = await until(async () => ((await app.services.cases.events(c.id)).filter((e) => e.type === 'dispatch_posted').length === 2 ? view(c.number) : null));
      expect(second.dispatchPost?.blocks[0]).toMatchObject({ text: expect.stringContaining(c.number) });
      expect(button(second.dispatchPost, 'dispatch.accept')?.value).toBe(id);
      expect((await store.get(Number(id)))).toMatchObject({ state: 'requested', position: 1, groupId: 'pg-second' });

      await post({ role: 'responder', kind: 'action', thread, actionId: 'dispatch.accept', value: id });
      const cancel = button((await view(c.number)).card, 'dispatch.cancel')!;
      expect(cancel).toMatchObject({ label: '駆けつけを取り消す', value: id });
      const refused = await post({ role: 'staff', kind: 'action', thread: asker, actionId: 'dispatch.cancel', value: id });
      expect(refused[0]!.senderOnly).toBe(true);
      expect((await store.get(Number(id)))!.state).toBe('accepted');

      const cancelled = await post({ role: 'responder', kind: 'action', thread, actionId: 'dispatch.cancel', value: id });
      expect(cancelled.find((d) => d.to === asker)?.card.blocks[0]).toMatchObject({ text: expect.stringContaining('駆けつけ(訪問)は取りやめになりました。上野PCサポート の 山田 さんは伺いません') });
      expect(text(cancelled)).toContain(`案件 ${c.number}: 山田 さんが 上野PCサポート への駆けつけ依頼を取り消しました。`);
      const after = await view(c.number);
      expect(after.dispatchPost?.buttons).toBeUndefined();
      expect(JSON.stringify(after.dispatchPost)).toContain('この依頼は 山田 さん(依頼元)が取り消しました');
      expect(button(after.card, 'dispatch.request')).toBeDefined();
      expect(after.timeline.map((e) => e.text)).toEqual(expect.arrayContaining(['駆けつけ依頼を取り消し(上野PCサポート)']));
      const rebuilt = JSON.stringify(await (await fetch(`${base}playground/api/staff/threads/dispatch003`, { headers: HEADERS })).json());
      expect(rebuilt).toContain('駆けつけ(訪問)は取りやめになりました');
      // A second cancel finds nothing to call off.
      expect(text(await post({ role: 'responder', kind: 'action', thread, actionId: 'dispatch.cancel', value: id }))).toContain('取り消し済み');
    } finally {
      await store.setRoute(LOCAL_DEMO.tenantId, [DEMO_DISPATCH_GROUP]);
    }
  });
});
