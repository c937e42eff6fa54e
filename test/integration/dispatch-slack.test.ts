import { DispatchStore } from '../../handlers/dispatch/dispatch-store.js';
import { buildInsurerReport } from '../../handlers/insurance/insurer-report.js';
import { reportToMarkdown } from '../../handlers/report/case-report.js';
import { buttonPress, CUSTOMER, mentionEvent, nextTs, VENDOR, viewSubmission } from '../helpers/slack-payloads.js';
import { PEOPLE, RESPONDERS_CHANNEL, startSlackApp, until, type SlackTestApp } from '../helpers/slack-app.js';
import type { PostedMessage } from '../helpers/slack-stand-in.js';

/*
 * On-site dispatch (駆けつけ) through the whole bot on PostgreSQL and Redis, with Slack's Web API
 * stand-in and signed requests: the request form on the case card, the post in the dispatch
 * group's channel, each press on it, the reminder and the hand-over to the next group (recorded
 * jobs on short waits), refusals, the asker told in Japanese and in English, and the hours in the
 * insurer report.
 */

jest.setTimeout(180_000);

const RANSOM = '朝来たら共有フォルダのファイルが全部開けません。拡張子が変になってて、英語のテキストが置いてあります';
const RANSOM_EN = 'This morning none of the files on our shared drive open. Every file has a strange new extension and there is an English text file demanding payment.';
const CHANNEL = 'C0SALES';
const DISPATCH1 = 'C0DISPATCH1';
const DISPATCH2 = 'C0DISPATCH2';
const TECH1 = { id: 'U0TECH1', name: 'Kato', displayName: '加藤' };
const TECH2 = { id: 'U0TECH2', name: 'Ito', displayName: '伊藤' };

function buttonOf(m: PostedMessage, actionId: string): { action_id: string; value: string } | undefined {
  for (const b of m.blocks) {
    for (const e of (b.elements as { action_id?: string; value?: string }[] | undefined) ?? []) {
      if (e.action_id?.startsWith(`${actionId}#`)) return e as { action_id: string; value: string };
    }
  }
  return undefined;
}

describe('on-site dispatch on Slack (PostgreSQL, Redis, the Web API stand-in)', () => {
  let s: SlackTestApp;
  let store: DispatchStore;
  let tenantId: string;

  beforeAll(async () => {
    s = await startSlackApp();
    for (const p of [TECH1, TECH2]) s.standIn.addUser({ id: p.id, teamId: VENDOR.teamId, name: p.name, displayName: p.displayName, locale: 'ja-JP' });
    await s.install(VENDOR);
    await s.install(CUSTOMER);
    store = new DispatchStore(s.app.services.db);
    const d = s.app.services.directory;
    await d.upsertUser({ id: 'tech-kato', tenantId: null, displayName: TECH1.displayName, roles: ['responder'], lang: 'ja' }, [`slack:${VENDOR.teamId}:${TECH1.id}`]);
    await d.upsertUser({ id: 'tech-ito', tenantId: null, displayName: TECH2.displayName, roles: ['responder'], lang: 'ja' }, [`slack:${VENDOR.teamId}:${TECH2.id}`]);
    await store.upsertGroup({ id: 'kanda-it', name: '神田ITサービス', destination: `slack:${VENDOR.teamId}:${DISPATCH1}`, remindSeconds: 600, escalateSeconds: 1200, hourlyRateYen: 8000 });
    await store.upsertGroup({ id: 'ueno-pc', name: '上野PCサポート', destination: `slack:${VENDOR.teamId}:${DISPATCH2}`, remindSeconds: 600, escalateSeconds: 1200 });
    await store.addMember('kanda-it', 'tech-kato');
    await store.addMember('ueno-pc', 'tech-ito');
  });
  afterAll(() => s?.stop());

  /** A new case from `asker`, claimed by the responder; resolves with its number, the asker's thread and the card. */
  async function claimedCase(asker: { id: string }, text: string): Promise<{ number: string; askTs: string; card: () => PostedMessage }> {
    const askTs = nextTs();
    await s.sender.event(mentionEvent({ team: CUSTOMER, user: asker.id, channel: CHANNEL, text, ts: askTs }));
    const answer = await until(() => s.standIn.thread(CHANNEL, askTs)[0]);
    const number = /OT-\d{6}/.exec(answer.visible)![0];
    const first = await until(() => s.standIn.messages.find((m) => m.channel === RESPONDERS_CHANNEL && !m.threadTs && m.visible.includes(number)));
    const card = () => s.standIn.message(RESPONDERS_CHANNEL, first.ts)!;
    if (!tenantId) {
      tenantId = (await s.app.services.cases.findByNumber(number))!.tenantId;
      await store.setSite({ tenantId, address: '東京都千代田区神田1-2-3 さくらビル4F', contactName: '鈴木', contactPhone: '03-1234-5678' });
      await store.setRoute(tenantId, ['kanda-it', 'ueno-pc']);
    }
    await press(PEOPLE.responder, RESPONDERS_CHANNEL, card(), 'case.claim');
    await until(() => (buttonOf(card(), 'dispatch.request') ? card() : null));
    return { number, askTs, card };
  }

  function press(who: { id: string }, channel: string, m: PostedMessage, actionId: string, responseUrl = s.standIn.responseUrl()) {
    const b = buttonOf(m, actionId);
    if (!b) throw new Error(`no ${actionId} on the message`);
    return s.sender.interaction(buttonPress({ team: VENDOR, user: who.id, channel, messageTs: m.ts, actionId: b.action_id, value: b.value, triggerId: s.standIn.newTriggerId(), responseUrl }));
  }

  /** Presses a button that opens a form and submits it with these values. */
  async function pressAndSubmit(who: { id: string }, channel: string, m: PostedMessage, actionId: string, values: Record<string, Record<string, string>>, selects?: Record<string, Record<string, string>>) {
    const before = s.standIn.openedViews.length;
    await press(who, channel, m, actionId);
    const opened = await until(() => s.standIn.openedViews[before]);
    const r = await s.sender.interaction(viewSubmission({ team: VENDOR, user: who.id, view: opened.view, values, ...(selects ? { selects } : {}), triggerId: s.standIn.newTriggerId() }));
    expect(r.status).toBe(200);
    return opened.view;
  }

  const privateReply = (url: string) => until(() => s.standIn.responses.find((r) => url.endsWith(`/${r.tag}`)));
  const postIn = (channel: string, number: string) => until(() => s.standIn.messages.find((m) => m.channel === channel && !m.threadTs && m.visible.includes(number)));
  const events = async (number: string) => s.app.services.cases.events((await s.app.services.cases.findByNumber(number))!.id);
  const told = (askTs: string, text: string) => until(() => s.standIn.thread(CHANNEL, askTs).find((m) => m.visible.includes(text)));

  describe('a request from the card to the end of the work', () => {
    let number: string;
    let askTs: string;
    let post: () => PostedMessage;

    it('opens the request form with the company’s address and contact, and posts the request to the first dispatch group', async () => {
      const c = await claimedCase(PEOPLE.asker, RANSOM);
      ({ number, askTs } = c);
      const view = await pressAndSubmit(
        PEOPLE.responder,
        RESPONDERS_CHANNEL,
        c.card(),
        'dispatch.request',
        { address: { address: '東京都千代田区神田1-2-3 さくらビル4F' }, contact: { contact: '鈴木 03-1234-5678' }, slots: { slots: '今日 15時以降' }, bring: { bring: 'USBメモリ、LANケーブル' }, notes: { notes: '受付で案件番号を伝えてください' } },
        { remote: { remote: 'remote' } },
      );
      expect(view).toMatchObject({ callback_id: 'otasuke.dispatch.request', title: { text: '駆けつけ依頼' } });
      const blocks = (view as { blocks: { block_id?: string; element?: { initial_value?: string } }[] }).blocks;
      expect(blocks.find((b) => b.block_id === 'address')?.element?.initial_value).toBe('東京都千代田区神田1-2-3 さくらビル4F');
      expect(blocks.find((b) => b.block_id === 'contact')?.element?.initial_value).toBe('鈴木 03-1234-5678');

      const first = await postIn(DISPATCH1, number);
      post = () => s.standIn.message(DISPATCH1, first.ts)!;
      for (const part of ['駆けつけ依頼', '神田1-2-3', '今日 15時以降', 'まずリモートで確認', 'USBメモリ', '山田']) expect(first.visible).toContain(part);
      expect(buttonOf(first, 'dispatch.accept')).toBeDefined();
      expect(buttonOf(first, 'dispatch.decline')).toBeDefined();
      await until(async () => (await events(number)).find((e) => e.type === 'dispatch_posted'));
      await until(() => s.standIn.thread(RESPONDERS_CHANNEL, c.card().ts).find((m) => m.visible.includes('駆けつけを 神田ITサービス に依頼しました')));
      // The card no longer offers a second request while this one is open.
      await until(() => (buttonOf(c.card(), 'dispatch.request') ? null : c.card()));
    });

    it('refuses an accept from someone outside the dispatch group, clearly and privately, and changes nothing', async () => {
      for (const who of [PEOPLE.responder, TECH2]) {
        const url = s.standIn.responseUrl();
        await press(who, DISPATCH1, post(), 'dispatch.accept', url);
        expect(JSON.stringify((await privateReply(url)).body)).toContain('駆けつけグループのメンバーのみ');
      }
      // A forged value naming no request at all.
      const url = s.standIn.responseUrl();
      await s.sender.interaction(buttonPress({ team: VENDOR, user: TECH1.id, channel: DISPATCH1, messageTs: post().ts, actionId: 'dispatch.accept#0', value: '999999', triggerId: s.standIn.newTriggerId(), responseUrl: url }));
      expect(JSON.stringify((await privateReply(url)).body)).toContain('見つかりません');
      const [record] = await store.ofCase((await s.app.services.cases.findByNumber(number))!.id);
      expect(record!.state).toBe('requested');
      expect(post().updates).toBe(0);
      expect((await events(number)).filter((e) => e.type === 'access_refused' && e.data.action === 'dispatch.accept')).toHaveLength(2);
    });

    it('records the accept, updates the post and tells the asker who comes, in Japanese', async () => {
      await press(TECH1, DISPATCH1, post(), 'dispatch.accept');
      await until(() => (buttonOf(post(), 'dispatch.eta') ? post() : null));
      expect(post().visible).toContain('加藤 さんが引き受けました');
      expect(buttonOf(post(), 'dispatch.accept')).toBeUndefined();
      const msg = await told(askTs, '駆けつけが決まりました');
      expect(msg.visible).toContain('神田ITサービス の 加藤 さんが伺います');
      expect(msg.visible).toContain('今日 15時以降');
      expect((await events(number)).some((e) => e.type === 'dispatch_accepted' && e.actorUserId === 'tech-kato')).toBe(true);
    });

    it('refuses a press that does not fit the state (done before arrival) with nothing changed', async () => {
      const url = s.standIn.responseUrl();
      const before = s.standIn.openedViews.length;
      await s.sender.interaction(buttonPress({ team: VENDOR, user: TECH1.id, channel: DISPATCH1, messageTs: post().ts, actionId: 'dispatch.done#0', value: buttonOf(post(), 'dispatch.eta')!.value, triggerId: s.standIn.newTriggerId(), responseUrl: url }));
      // The form opens for a member; its submission is checked by the core, which refuses it.
      const opened = await until(() => s.standIn.openedViews[before]);
      await s.sender.interaction(viewSubmission({ team: VENDOR, user: TECH1.id, view: opened.view, values: { hours: { hours: '1' } }, triggerId: s.standIn.newTriggerId() }));
      expect(JSON.stringify((await privateReply(url)).body)).toContain('この操作はできません');
      const [record] = await store.ofCase((await s.app.services.cases.findByNumber(number))!.id);
      expect(record!.state).toBe('accepted');
    });

    it('takes the ETA from its form and tells the asker when', async () => {
      await pressAndSubmit(TECH1, DISPATCH1, post(), 'dispatch.eta', { eta: { eta: '2099-01-05 14:30' } });
      await told(askTs, '2099-01-05 14:30 JST ごろ到着の予定です');
      await until(() => (post().visible.includes('到着予定: 2099-01-05 14:30 JST') ? post() : null));
    });

    it('records the arrival and the end of the work with hours and cost, and says so to the asker and the responders', async () => {
      await press(TECH1, DISPATCH1, post(), 'dispatch.arrived');
      await told(askTs, '加藤 さんが到着しました');
      await until(() => (buttonOf(post(), 'dispatch.done') ? post() : null));
      await pressAndSubmit(TECH1, DISPATCH1, post(), 'dispatch.done', { hours: { hours: '2.5' }, cost: { cost: '' }, note: { note: '感染PCを隔離' } });
      await told(askTs, '現地作業が終わりました');
      const c = (await s.app.services.cases.findByNumber(number))!;
      await until(() => s.standIn.thread(RESPONDERS_CHANNEL, s.standIn.messages.find((m) => m.channel === RESPONDERS_CHANNEL && !m.threadTs && m.visible.includes(number))!.ts).find((m) => m.visible.includes('現地 2.5 時間、費用 20,000 円')));
      const [record] = await store.ofCase(c.id);
      expect(record).toMatchObject({ state: 'done', hours: 2.5, costYen: 20000, acceptedBy: 'tech-kato' });
      const types = (await events(number)).map((e) => e.type).filter((t) => t.startsWith('dispatch_'));
      expect(types).toEqual(['dispatch_requested', 'dispatch_posted', 'dispatch_accepted', 'dispatch_eta', 'dispatch_arrived', 'dispatch_done']);
    });

    it('puts the hours and the cost in the insurer report', async () => {
      const c = (await s.app.services.cases.findByNumber(number))!;
      const md = reportToMarkdown(await buildInsurerReport(s.app.services, c, null, new Date()));
      expect(md).toContain('駆けつけ時間・費用');
      expect(md).toContain('神田ITサービス / 担当 加藤');
      expect(md).toContain('現地 2.5 時間 / 費用 20,000 円');
      expect(md).toContain('合計: 現地 2.5 時間、費用 20,000 円');
      expect(md).toContain('駆けつけを引き受け(神田ITサービス)');
    });
  });

  describe('when the first group does not answer and the next one declines', () => {
    it('reminds, hands the request to the next group, and tells the responders when nobody takes it', async () => {
      await store.upsertGroup({ id: 'kanda-it', name: '神田ITサービス', destination: `slack:${VENDOR.teamId}:${DISPATCH1}`, remindSeconds: 1, escalateSeconds: 3 });
      const c = await claimedCase(PEOPLE.asker, RANSOM);
      await pressAndSubmit(PEOPLE.responder, RESPONDERS_CHANNEL, c.card(), 'dispatch.request', { address: { address: '東京都千代田区神田1-2-3' } }, { remote: { remote: 'onsite' } });
      const first = await postIn(DISPATCH1, c.number);
      await until(() => s.standIn.thread(DISPATCH1, first.ts).find((m) => m.visible.includes('まだ回答がありません')), 20_000);
      const second = await postIn(DISPATCH2, c.number);
      expect(buttonOf(second, 'dispatch.accept')).toBeDefined();
      await until(() => (s.standIn.message(DISPATCH1, first.ts)!.visible.includes('次の駆けつけ先に回しました') ? true : null));
      expect(buttonOf(s.standIn.message(DISPATCH1, first.ts)!, 'dispatch.accept')).toBeUndefined();
      await until(() => s.standIn.thread(RESPONDERS_CHANNEL, c.card().ts).find((m) => m.visible.includes('駆けつけを 上野PCサポート に依頼しました')));

      // The first group's member may no longer answer it.
      const url = s.standIn.responseUrl();
      await s.sender.interaction(buttonPress({ team: VENDOR, user: TECH1.id, channel: DISPATCH2, messageTs: second.ts, actionId: 'dispatch.accept#0', value: buttonOf(second, 'dispatch.accept')!.value, triggerId: s.standIn.newTriggerId(), responseUrl: url }));
      expect(JSON.stringify((await privateReply(url)).body)).toContain('メンバーのみ');

      await until(async () => (await events(c.number)).filter((e) => e.type === 'dispatch_posted').length === 2 || null);
      await press(TECH2, DISPATCH2, second, 'dispatch.decline');
      await until(() => s.standIn.thread(RESPONDERS_CHANNEL, c.card().ts).find((m) => m.visible.includes('どの駆けつけ先も引き受けませんでした')));
      const [record] = await store.ofCase((await s.app.services.cases.findByNumber(c.number))!.id);
      expect(record!.state).toBe('unanswered');
      const types = (await events(c.number)).map((e) => e.type).filter((t) => t.startsWith('dispatch_'));
      expect(types).toEqual(expect.arrayContaining(['dispatch_reminded', 'dispatch_escalated', 'dispatch_declined', 'dispatch_unanswered']));
      // The card offers a new request again.
      await until(() => (buttonOf(c.card(), 'dispatch.request') ? true : null));
    });
  });

  describe('an English-speaking asker', () => {
    it('is told who comes and when in English', async () => {
      await store.upsertGroup({ id: 'kanda-it', name: '神田ITサービス', destination: `slack:${VENDOR.teamId}:${DISPATCH1}`, remindSeconds: 600, escalateSeconds: 1200 });
      const c = await claimedCase(PEOPLE.englishAsker, RANSOM_EN);
      await pressAndSubmit(PEOPLE.responder, RESPONDERS_CHANNEL, c.card(), 'dispatch.request', { address: { address: '1-2-3 Kanda, Chiyoda, Tokyo' }, slots: { slots: 'tomorrow morning' } }, { remote: { remote: 'onsite' } });
      const post = await postIn(DISPATCH1, c.number);
      await until(async () => (await events(c.number)).find((e) => e.type === 'dispatch_posted'));
      await press(TECH1, DISPATCH1, post, 'dispatch.accept');
      const msg = await told(c.askTs, 'An on-site visit is arranged');
      expect(msg.visible).toContain('加藤 of 神田ITサービス will come');
      expect(msg.visible).toContain('Preferred times: tomorrow morning');
      const accepted = await until(() => (buttonOf(s.standIn.message(DISPATCH1, post.ts)!, 'dispatch.eta') ? s.standIn.message(DISPATCH1, post.ts)! : null));
      await pressAndSubmit(TECH1, DISPATCH1, accepted, 'dispatch.eta', { eta: { eta: '2099-01-06 09:15' } });
      await told(c.askTs, '加藤 expects to arrive at about 2099-01-06 09:15 JST');
    });
  });

  describe("the company's site profile", () => {
    it('is not shown to a technician who forges a request press on a case card: no form opens, the core refuses', async () => {
      const c = await claimedCase(PEOPLE.asker, RANSOM);
      const before = s.standIn.openedViews.length;
      const url = s.standIn.responseUrl();
      await s.sender.interaction(buttonPress({ team: VENDOR, user: TECH1.id, channel: RESPONDERS_CHANNEL, messageTs: c.card().ts, actionId: 'dispatch.request#0', value: c.number, triggerId: s.standIn.newTriggerId(), responseUrl: url }));
      const body = JSON.stringify((await privateReply(url)).body);
      expect(body).toMatch(/担当チームのメンバーのみ|見つかりません/);
      expect(body).not.toContain('神田1-2-3');
      expect(s.standIn.openedViews.length).toBe(before);
      expect(await store.ofCase((await s.app.services.cases.findByNumber(c.number))!.id)).toEqual([]);
      expect((await events(c.number)).filter((e) => e.type === 'access_refused' && e.data.action === 'dispatch request')).toHaveLength(1);
    });
  });

  describe('a request called off by the responder', () => {
    it('cancels an accepted request from the case card: the post says so, the technician and the asker are told, the card offers a new request', async () => {
      const c = await claimedCase(PEOPLE.asker, RANSOM);
      await pressAndSubmit(PEOPLE.responder, RESPONDERS_CHANNEL, c.card(), 'dispatch.request', { address: { address: '東京都千代田区神田1-2-3' }, slots: { slots: '明日 午前' } }, { remote: { remote: 'onsite' } });
      const first = await postIn(DISPATCH1, c.number);
      const post = () => s.standIn.message(DISPATCH1, first.ts)!;
      await until(async () => (await events(c.number)).find((e) => e.type === 'dispatch_posted'));
      await press(TECH1, DISPATCH1, post(), 'dispatch.accept');
      await told(c.askTs, '神田ITサービス の 加藤 さんが伺います');
      await until(() => (buttonOf(c.card(), 'dispatch.cancel') ? true : null));
      expect(buttonOf(c.card(), 'dispatch.request')).toBeUndefined();

      // Not for the technician: the card's button is the asking side's.
      const url = s.standIn.responseUrl();
      await press(TECH1, RESPONDERS_CHANNEL, c.card(), 'dispatch.cancel', url);
      expect(JSON.stringify((await privateReply(url)).body)).toMatch(/担当チームのメンバーのみ|見つかりません/);
      expect((await store.ofCase((await s.app.services.cases.findByNumber(c.number))!.id)).at(-1)!.state).toBe('accepted');

      await press(PEOPLE.responder, RESPONDERS_CHANNEL, c.card(), 'dispatch.cancel');
      await told(c.askTs, '駆けつけ(訪問)は取りやめになりました。神田ITサービス の 加藤 さんは伺いません');
      await until(() => (post().visible.includes('この依頼は 山田 さん(依頼元)が取り消しました') ? true : null));
      expect(buttonOf(post(), 'dispatch.eta')).toBeUndefined();
      await until(() => s.standIn.thread(DISPATCH1, first.ts).find((m) => m.visible.includes(`駆けつけ依頼 ${c.number} は依頼元の 山田 さんが取り消しました`)));
      await until(() => (buttonOf(c.card(), 'dispatch.request') ? true : null));
      const types = (await events(c.number)).map((e) => e.type).filter((t) => t.startsWith('dispatch_'));
      expect(types).toEqual(['dispatch_requested', 'dispatch_posted', 'dispatch_accepted', 'dispatch_cancelled']);
    });
  });
});
