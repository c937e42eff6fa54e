import type { InboundAction, InboundMessage } from '../../handlers/inbound.js';
import { PEOPLE, personalConversationOf, RESPONDERS_CHANNEL } from '../helpers/teams-activities.js';
import { GROUP_ID, responderThreadOf, startTeamsApp, TENANT, until, type TeamsTestApp } from '../helpers/teams-app.js';
import { cardActions, visibleText } from '../helpers/teams-connector-stand-in.js';
import { SlackPeer } from '../helpers/teams-slack-peer.js';

const RANSOM = '朝来たら共有フォルダのファイルが全部開けません。拡張子が変になってて、英語のテキストが置いてあります';
const SLACK_RESPONDERS = 'slack:T0VENDOR:C0RESPOND';
const SLACK_RESPONDER = { id: 'vendor-slack-kimura', identity: 'slack:T0VENDOR:U0KIMURA', name: '木村' };
const SLACK_ASKER = { id: 'slackco-ueda', identity: 'slack:T0SLACKCO:U0UEDA', name: '上田' };
const SLACK_ASKER_THREAD = 'slack:T0SLACKCO:C0GENERAL:1763601234.000200';

let seq = 0;
const key = () => `slack:test:${Date.now()}:${++seq}`;
const slackMessage = (identity: string, threadRef: string, text: string): InboundMessage => ({ kind: 'message', channel: 'slack', deliveryKey: key(), identity, threadRef, text });
const slackPress = (identity: string, threadRef: string, actionId: string, value: string, form?: Record<string, string>): InboundAction => ({
  kind: 'action',
  channel: 'slack',
  deliveryKey: key(),
  identity,
  threadRef,
  actionId,
  value,
  ...(form ? { form } : {}),
});

describe('a case bridged between Teams and Slack, on PostgreSQL and BullMQ', () => {
  const slack = new SlackPeer();
  let s: TeamsTestApp;

  beforeAll(async () => {
    // The customer (sakura) is on Teams and routed to responders who work in Slack.
    s = await startTeamsApp({ respondersDestination: SLACK_RESPONDERS, adapters: () => [slack] });
    const d = s.app.services.directory;
    await d.upsertUser({ id: SLACK_RESPONDER.id, tenantId: null, displayName: SLACK_RESPONDER.name, roles: ['responder'], lang: 'ja' }, [SLACK_RESPONDER.identity]);
    await d.addMember(GROUP_ID, SLACK_RESPONDER.id);
    // Another customer is on Slack and routed to a responder group that works in Teams.
    await d.upsertTenant({ id: 'slack-co', name: 'スラック工業' });
    await d.upsertGroup({ id: 'teams-responders', name: 'Teams responders', destination: `teams:${RESPONDERS_CHANNEL}`, tiers: [] });
    await d.routeTenant('slack-co', 'teams-responders');
    await d.upsertUser({ id: SLACK_ASKER.id, tenantId: 'slack-co', displayName: SLACK_ASKER.name, roles: ['staff'], lang: 'ja' }, [SLACK_ASKER.identity]);
    await d.addMember('teams-responders', 'vendor-yamada');
    expect((await s.post(s.acts.botAddedToChannel(PEOPLE.responder, RESPONDERS_CHANNEL, 'Otasuke Security', 'responders'))).status).toBe(200);
  });
  afterAll(async () => s.stop());

  describe('with the asker on Teams and the responders on Slack', () => {
    const chat = personalConversationOf(PEOPLE.asker);
    const askerTexts = () => s.standIn.messagesIn(chat).map((c) => visibleText(c.activity));
    let number: string;
    let slackThread: string;

    it('posts the escalation card to the Slack responders channel', async () => {
      expect((await s.post(s.acts.personal(PEOPLE.asker, RANSOM))).status).toBe(200);
      await s.idle();
      number = /OT-\d{6}/.exec(askerTexts().join('\n'))![0];
      const card = await until(() => slack.posts.find((p) => p.to === SLACK_RESPONDERS && p.text.includes(number)));
      expect(card.text).toContain(TENANT.name);
      slackThread = card.threadRef;
      // The worker records the card's thread just after posting it.
      expect(await until(async () => ((await responderThreadOf(s.app, number)) === slackThread ? slackThread : null))).toBe(slackThread);
    });

    it("tells the Teams asker when a Slack responder claims, and updates the Slack card", async () => {
      await slack.receive(s.app, slackPress(SLACK_RESPONDER.identity, slackThread, 'case.claim', number));
      await s.idle();
      expect(askerTexts().at(-1)).toBe('担当の木村さんが対応します。');
      expect(slack.updates.find((u) => u.ref === slackThread)?.text).toContain('対応中: 木村');
    });

    it('relays both ways across the two platforms, attributed', async () => {
      await slack.receive(s.app, slackMessage(SLACK_RESPONDER.identity, slackThread, '<!channel> LANケーブルは抜いたままにしてください。'));
      expect(askerTexts().at(-1)).toBe('👤 木村(対応担当): channel LANケーブルは抜いたままにしてください。');

      expect((await s.post(s.acts.personal(PEOPLE.asker, '抜きました。次はどうすればいいですか'))).status).toBe(200);
      await s.idle();
      expect(slack.postsTo(slackThread).at(-1)?.text).toBe('👤 佐藤 花子(相談者): 抜きました。次はどうすればいいですか');
    });

    it('delivers the resolution from Slack to Teams, where the asker can rate it', async () => {
      await slack.receive(s.app, slackPress(SLACK_RESPONDER.identity, slackThread, 'case.resolve', number, { summary: '駆除とパスワード変更を完了しました。' }));
      const resolution = s.standIn.messagesIn(chat).at(-1)!;
      expect(visibleText(resolution.activity)).toContain('対応の要約: 駆除とパスワード変更を完了しました。');
      const helpful = cardActions(resolution.activity).find((a) => a.verb === 'resolution.helpful')!;
      const r = await s.post(s.acts.execute(PEOPLE.asker, { personal: PEOPLE.asker }, resolution.newId!, helpful.data as Record<string, unknown>));
      expect(r.status).toBe(200);
      await s.idle();
      const c = (await s.app.services.cases.findByNumber(number))!;
      expect(c.state).toBe('resolved');
      expect((await s.app.services.cases.events(c.id)).filter((e) => e.type === 'feedback').map((e) => e.data)).toEqual([{ helpful: true }]);
    });
  });

  describe('with the asker on Slack and the responders on Teams', () => {
    let number: string;
    let rootId: string;
    const chain = () => `${RESPONDERS_CHANNEL};messageid=${rootId}`;
    const slackTexts = () => slack.postsTo(SLACK_ASKER_THREAD).map((p) => p.text);

    it('posts the escalation card to the Teams responders channel', async () => {
      const [answer] = await slack.receive(s.app, slackMessage(SLACK_ASKER.identity, SLACK_ASKER_THREAD, RANSOM));
      number = /OT-\d{6}/.exec(JSON.stringify(answer!.card))![0];
      const card = await until(() => s.standIn.messagesIn(RESPONDERS_CHANNEL).find((c) => c.kind === 'send' && visibleText(c.activity).includes(number)));
      expect(visibleText(card.activity)).toContain('スラック工業');
      rootId = card.newId!;
      expect(await responderThreadOf(s.app, number)).toBe(`teams:${RESPONDERS_CHANNEL};messageid=${rootId}`);
    });

    it('tells the Slack asker when a Teams responder claims, and updates the Teams card in place', async () => {
      const r = await s.post(s.acts.execute(PEOPLE.responder, { channel: RESPONDERS_CHANNEL, rootId }, rootId, { actionId: 'case.claim', value: number }));
      expect(visibleText((r.body as { value: Record<string, unknown> }).value)).toContain('対応中: 山田');
      await s.idle();
      expect(slackTexts().at(-1)).toBe('担当の山田さんが対応します。');
      expect(visibleText(s.standIn.updates().find((u) => u.activityId === rootId)?.activity)).toContain('対応中: 山田');
    });

    it('relays both ways across the two platforms, attributed', async () => {
      await s.post(s.acts.channelReply(PEOPLE.responder, RESPONDERS_CHANNEL, rootId, '14時に伺います。'));
      await s.idle();
      expect(slackTexts().at(-1)).toBe('👤 山田(対応担当): 14時に伺います。');

      await slack.receive(s.app, slackMessage(SLACK_ASKER.identity, SLACK_ASKER_THREAD, 'お待ちしています'));
      await s.idle();
      expect(visibleText(s.standIn.messages().filter((c) => c.conversationId === chain()).at(-1)?.activity)).toBe('👤 上田(相談者): お待ちしています');
    });

    it('delivers the resolution from the Teams dialog to the Slack asker', async () => {
      const r = await s.post(s.acts.taskSubmit(PEOPLE.responder, { channel: RESPONDERS_CHANNEL, rootId }, rootId, { actionId: 'case.resolve', value: number, summary: '復旧を確認しました。' }));
      expect(r.status).toBe(200);
      await s.idle();
      const resolution = slack.postsTo(SLACK_ASKER_THREAD).at(-1)!;
      expect(resolution.text).toContain('対応の要約: 復旧を確認しました。');
      expect(resolution.card.buttons?.map((b) => b.actionId)).toEqual(['resolution.helpful', 'resolution.not_helpful', 'case.reopen']);
      expect((await s.app.services.cases.findByNumber(number))!.state).toBe('resolved');
    });
  });
});
