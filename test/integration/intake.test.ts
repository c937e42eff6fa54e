import { type App } from '../../bot/create-app.js';
import type { Card, Outbound } from '../../handlers/cards.js';
import { LOCAL_DEMO } from '../../handlers/directory/local-demo.js';
import { escalationCard } from '../../handlers/escalation/escalation-card.js';
import type { InboundAction } from '../../handlers/inbound.js';
import { INTAKE_ACTION_ID, intakeValue } from '../../handlers/intake/intake-card.js';
import { RecordingAdapter } from '../helpers/recording-adapter.js';
import { until } from '../helpers/wait.js';
import { APP_SETUPS, localAsker, startLocalApp, type LocalTestApp } from '../helpers/local-app.js';

const OTHER = { tenantId: 'other-co', admin: { id: 'other-admin', identity: 'local:other-admin' } } as const;

const ask = localAsker('intake');
let seq = 0;

function press(thread: string, actionId: string, value: string, identity: string = LOCAL_DEMO.staff.identity): InboundAction {
  return { kind: 'action', channel: 'local', deliveryKey: `intake-a-${Date.now()}-${++seq}`, identity, threadRef: `local:intake:${thread}`, actionId, value };
}


function intakeCardOf(replies: Outbound[]): Card | undefined {
  return replies.find((r) => r.card.buttons?.some((b) => b.actionId === INTAKE_ACTION_ID))?.card;
}

/** The button of `question` labelled `label` on an intake card. */
function button(card: Card, question: string, label: string) {
  const b = card.buttons?.find((x) => x.group === question && x.label === label);
  if (!b) throw new Error(`no button ${label} for ${question}`);
  return b;
}

function caseNumberIn(replies: Outbound[]): string {
  return /OT-\d{6}/.exec(JSON.stringify(replies))![0];
}

function texts(card: Card): string[] {
  return card.blocks.map((b) => ('text' in b ? b.text : ''));
}

describe.each(APP_SETUPS)('intake questions on %s', (_name, real) => {
  let local: LocalTestApp;
  let app: App;
  const chat = new RecordingAdapter();

  beforeAll(async () => {
    local = await startLocalApp(real, { chat });
    app = local.app;
    const directory = app.services.directory;
    await directory.upsertTenant({ id: OTHER.tenantId, name: '他社株式会社' });
    await directory.upsertUser({ id: OTHER.admin.id, tenantId: OTHER.tenantId, displayName: '田中', roles: ['staff', 'admin'], lang: 'ja' }, [OTHER.admin.identity]);
  });
  afterAll(async () => {
    await local.stop();
  });

  const eventsOf = async (number: string) => app.services.cases.events((await app.services.cases.findByNumber(number))!.id);
  const intakeEvents = async (number: string) => (await eventsOf(number)).filter((e) => e.type === 'intake_answered');

  describe('when ransomware is escalated', () => {
    let number: string;
    let card: Card;
    let replies: Outbound[];

    beforeAll(async () => {
      replies = await app.handler.handle(ask('朝来たら共有フォルダのファイルが全部開けません。拡張子が変になってて、英語のテキストが置いてあります', 'r1'));
      number = caseNumberIn(replies);
      card = intakeCardOf(replies)!;
      await until(() => chat.postsTo(LOCAL_DEMO.destination).some((p) => p.text.includes(number)));
    });

    it('sends the answer first and the PC-count and disconnected questions second, in the same thread', async () => {
      expect(replies).toHaveLength(2);
      expect(replies[0]!.card.badge).toMatchObject({ severity: 'critical' });
      expect(replies[0]!.card.blocks[0]).toMatchObject({ kind: 'steps' });
      expect(replies[1]).toEqual({ to: 'local:intake:r1', card });
      expect(texts(card)[0]).toContain(number);
      expect(card.blocks.filter((b) => b.kind === 'text')).toEqual(
        expect.arrayContaining([
          { kind: 'text', text: '影響のあるPCは何台ですか', group: 'ransomware.affected_pcs' },
          { kind: 'text', text: 'ネットワークから切り離しましたか', group: 'ransomware.disconnected' },
        ]),
      );
      expect(card.buttons!.filter((b) => b.group === 'ransomware.affected_pcs').map((b) => b.label)).toEqual(['1台', '2〜5台', '6台以上', '分からない']);
      expect(card.buttons!.filter((b) => b.group === 'ransomware.disconnected').map((b) => b.label)).toEqual(['はい', 'いいえ', '分からない']);
      // The escalation did not wait for the questions: it was committed before they were built.
      const types = (await eventsOf(number)).map((e) => e.type);
      expect(types.slice(0, 4)).toEqual(['opened', 'triaged', 'answer_sent', 'escalated']);
    });

    it('records "6台以上" on the case, keeps both answers to the same question, and shows the latest to responders', async () => {
      const [first] = await app.handler.handle(press('r1', INTAKE_ACTION_ID, button(card, 'ransomware.affected_pcs', '2〜5台').value));
      expect(texts(first!.card)[0]).toBe(`「影響のあるPCは何台ですか」に「2〜5台」と記録しました(案件 ${number})。担当者に伝わります。`);
      const [second] = await app.handler.handle(press('r1', INTAKE_ACTION_ID, button(card, 'ransomware.affected_pcs', '6台以上').value));
      expect(texts(second!.card)[0]).toContain('「6台以上」に更新しました');
      // Already critical: the floor raises nothing.
      expect(second!.card.badge).toBeUndefined();
      await app.handler.handle(press('r1', INTAKE_ACTION_ID, button(card, 'ransomware.disconnected', 'はい').value));

      const answers = await intakeEvents(number);
      expect(answers.map((e) => e.data)).toEqual([
        { questionId: 'ransomware.affected_pcs', optionId: '2_5', question: '影響のあるPCは何台ですか', answer: '2〜5台' },
        { questionId: 'ransomware.affected_pcs', optionId: '6_plus', question: '影響のあるPCは何台ですか', answer: '6台以上', severityFloor: 'critical' },
        { questionId: 'ransomware.disconnected', optionId: 'yes', question: 'ネットワークから切り離しましたか', answer: 'はい' },
      ]);
      expect(answers.every((e) => e.actorUserId === LOCAL_DEMO.staff.id)).toBe(true);

      const c = (await app.services.cases.findByNumber(number))!;
      expect(c).toMatchObject({ severity: 'critical', state: 'escalated' });
      const tenant = await app.services.directory.getTenant(c.tenantId);
      const responderCard = escalationCard(c, tenant, await eventsOf(number), 0);
      expect(responderCard.blocks).toContainEqual({
        kind: 'fields',
        fields: [
          { label: '影響のあるPCは何台ですか', value: '6台以上' },
          { label: 'ネットワークから切り離しましたか', value: 'はい' },
        ],
      });
    });

    it('lets an admin of the same company answer, and refuses a responder and another company', async () => {
      const value = button(card, 'ransomware.noticed', '今日').value;
      const before = (await intakeEvents(number)).length;
      const [responder] = await app.handler.handle(press('r1', INTAKE_ACTION_ID, value, LOCAL_DEMO.responder.identity));
      expect(texts(responder!.card)[0]).toBe('この確認事項には、相談されたご本人か、同じ会社の管理者の方のみ回答できます。');
      const [stranger] = await app.handler.handle(press('r1', INTAKE_ACTION_ID, value, OTHER.admin.identity));
      expect(texts(stranger!.card)[0]).toBe('この確認事項には、相談されたご本人か、同じ会社の管理者の方のみ回答できます。');
      expect(await intakeEvents(number)).toHaveLength(before);

      const [admin] = await app.handler.handle(press('r1', INTAKE_ACTION_ID, value, LOCAL_DEMO.admin.identity));
      expect(texts(admin!.card)[0]).toContain('「今日」と記録しました');
      const last = (await intakeEvents(number)).at(-1)!;
      expect(last).toMatchObject({ actorUserId: LOCAL_DEMO.admin.id, data: { questionId: 'ransomware.noticed', optionId: 'today' } });
    });

    it('refuses forged values with a clear message and records nothing', async () => {
      const [otherReply] = await app.handler.handle(ask('Googleの二段階認証はどう設定すればいいですか?', 'o1', { identity: OTHER.admin.identity }));
      const otherNumber = caseNumberIn([otherReply!]);
      const before = (await intakeEvents(number)).length;
      const invalid = 'この回答は受け付けられませんでした。表示されているボタンから選んでください。';
      const cases: [string, string][] = [
        [`${number}|ransomware.no_such_question|yes`, invalid],
        [`${number}|ransomware.affected_pcs|99`, invalid],
        // A real question of another category cannot raise this case to critical.
        [`${number}|fraud.money_sent|yes`, invalid],
        [number, invalid],
        [`${number}|ransomware.affected_pcs|one|extra`, invalid],
        ['<!channel>', invalid],
        ['OT-999999|ransomware.affected_pcs|one', '該当する案件が見つかりません。'],
        // Another company's case number with a valid question: not theirs, and no hint that it exists.
        [intakeValue(otherNumber, 'general.urgency', 'today'), '該当する案件が見つかりません。'],
      ];
      for (const [value, message] of cases) {
        const replies = await app.handler.handle(press('r1', INTAKE_ACTION_ID, value));
        expect({ value, replies: replies.map((r) => texts(r.card)) }).toEqual({ value, replies: [[message]] });
      }
      expect(await intakeEvents(number)).toHaveLength(before);
      expect(await intakeEvents(otherNumber)).toHaveLength(0);
      expect((await app.services.cases.findByNumber(otherNumber))!.state).toBe('answered');
    });
  });

  describe('when a medium phishing case goes to a responder', () => {
    it('asks the phishing questions, and "password entered: yes" raises it to high', async () => {
      const first = await app.handler.handle(ask('取引先を名乗る不審なメールが来ました。添付は開いていません', 'p1'));
      expect(first).toHaveLength(1);
      expect(intakeCardOf(first)).toBeUndefined();
      const number = first[0]!.card.buttons!.find((b) => b.actionId === 'case.request_responder')?.value ?? caseNumberIn(first);
      expect(await app.services.cases.findByNumber(number)).toMatchObject({ category: 'phishing', severity: 'medium', state: 'answered' });

      const escalated = await app.handler.handle(press('p1', 'case.request_responder', number));
      expect(escalated).toHaveLength(2);
      expect(texts(escalated[0]!.card)[0]).toContain(number);
      const card = intakeCardOf(escalated)!;
      expect(card).toBe(escalated[1]!.card);
      expect(escalated[1]!.to).toBe('local:intake:p1');

      const [ack] = await app.handler.handle(press('p1', INTAKE_ACTION_ID, button(card, 'phishing.password_entered', 'はい').value));
      expect(ack!.card.badge).toMatchObject({ severity: 'high', label: '高' });
      expect(texts(ack!.card)).toContain('お知らせいただいた内容から緊急度を「高」に引き上げました。');

      const c = (await app.services.cases.findByNumber(number))!;
      expect(c).toMatchObject({ severity: 'high', category: 'phishing', state: 'escalated' });
      const triages = (await eventsOf(number)).filter((e) => e.type === 'triaged');
      expect(triages.map((e) => e.data.severity)).toEqual(['medium', 'high']);
      expect(triages[1]!.data).toMatchObject({ category: 'phishing', reason: 'intake_answer', from: 'medium', questionId: 'phishing.password_entered' });
      await until(() => chat.postsTo(LOCAL_DEMO.destination).some((p) => p.text.includes(number)));
    });

    it('escalates a case that was only answered when an answer raises it, and the responders see the answer', async () => {
      const first = await app.handler.handle(ask('取引先を名乗る不審なメールが来ました。添付は開いていません', 'p2'));
      const number = caseNumberIn(first);
      expect((await app.services.cases.findByNumber(number))!.state).toBe('answered');

      const [ack] = await app.handler.handle(press('p2', INTAKE_ACTION_ID, intakeValue(number, 'phishing.password_entered', 'yes')));
      expect(texts(ack!.card)).toContain(`担当者に連絡しました(案件 ${number})。このスレッドに書き込むと担当者に届きます。`);
      const c = (await app.services.cases.findByNumber(number))!;
      expect(c).toMatchObject({ severity: 'high', state: 'escalated' });
      const events = await eventsOf(number);
      expect(events.find((e) => e.type === 'escalated')?.data).toMatchObject({ reason: 'severity_raised', from: 'medium', to: 'high' });

      await until(() => chat.postsTo(LOCAL_DEMO.destination).some((p) => p.text.includes(number)));
      const posted = chat.postsTo(LOCAL_DEMO.destination).find((p) => p.text.includes(number))!;
      expect(posted.card.badge).toMatchObject({ severity: 'high' });
      expect(posted.text).toContain('IDやパスワードを入力しましたか: はい');
    });
  });

  describe('when a follow-up escalates the case', () => {
    it('sends the questions of the new verdict after the answer', async () => {
      await app.handler.handle(ask('取引先を名乗る不審なメールが来ました。添付は開いていません', 'f1'));
      const second = await app.handler.handle(ask('すみません、実は添付を開いて「コンテンツの有効化」を押してしまいました', 'f1'));
      expect(second).toHaveLength(2);
      expect(second[0]!.card.badge?.severity).toBe('high');
      const c = (await app.services.cases.findByThread('local:intake:f1'))!;
      const card = second[1]!.card;
      const groups = new Set(card.buttons!.map((b) => b.group));
      expect([...groups].every((g) => g?.startsWith(`${c.category}.`))).toBe(true);
      expect(card.buttons!.every((b) => b.value.startsWith(`${c.number}|`))).toBe(true);
    });
  });

  describe('when the case is not escalated', () => {
    it('never asks the intake questions', async () => {
      const replies = await app.handler.handle(ask('How do we set up two-factor authentication for Google Workspace?', 'n1'));
      expect(replies).toHaveLength(1);
      expect(intakeCardOf(replies)).toBeUndefined();
      const number = replies[0]!.card.buttons![0]!.value;
      const helpful = await app.handler.handle(press('n1', 'feedback.helpful', number));
      expect(helpful).toHaveLength(1);
      expect(intakeCardOf(helpful)).toBeUndefined();
    });
  });
});
