import { CUSTOMER, VENDOR, buttonPress, mentionEvent, nextTs, slashCommand, threadReplyEvent, viewSubmission } from '../helpers/slack-payloads.js';
import { GROUP_ID, PEOPLE, RESPONDERS_CHANNEL, startSlackApp, until, type SlackTestApp } from '../helpers/slack-app.js';
import type { PostedMessage } from '../helpers/slack-stand-in.js';

const RANSOM = '朝来たら共有フォルダのファイルが全部開けません。拡張子が変になってて、英語のテキストが置いてあります';
const CHANNEL = 'C0SALES';
const VENDOR_STAFF = { id: 'U0VSTAFF', name: 'Kimura', displayName: '木村' };

function buttonOf(m: PostedMessage, actionId: string): { action_id: string; value: string } | undefined {
  for (const b of m.blocks) {
    for (const e of (b.elements as { action_id?: string; value?: string }[] | undefined) ?? []) {
      if (e.action_id?.startsWith(`${actionId}#`)) return e as { action_id: string; value: string };
    }
  }
  return undefined;
}

describe('Slack: responders claim, relay, resolve (the vendor’s workspace)', () => {
  let s: SlackTestApp;
  beforeAll(async () => {
    s = await startSlackApp();
    s.standIn.addUser({ id: VENDOR_STAFF.id, teamId: VENDOR.teamId, name: VENDOR_STAFF.name, displayName: VENDOR_STAFF.displayName, locale: 'ja-JP' });
    await s.install(VENDOR);
    await s.install(CUSTOMER);
  });
  afterAll(() => s?.stop());

  /** A new ransomware case from the customer; resolves with its number, the asker's thread ts and the card. */
  async function newCase(): Promise<{ number: string; askTs: string; card: PostedMessage }> {
    const askTs = nextTs();
    await s.sender.event(mentionEvent({ team: CUSTOMER, user: PEOPLE.asker.id, channel: CHANNEL, text: RANSOM, ts: askTs }));
    const answer = await until(() => s.standIn.thread(CHANNEL, askTs)[0]);
    const number = /OT-\d{6}/.exec(answer.visible)![0];
    const card = await until(() => s.standIn.messages.find((m) => m.channel === RESPONDERS_CHANNEL && !m.threadTs && m.visible.includes(number)));
    // The card is posted before the notify job records where it is; a press in between is a press
    // on a message the bot does not yet know as the case's card (a vendor outsider gets "not found").
    await until(async () => (await s.app.services.cases.findByNumber(number))?.responderThreadRef ?? null);
    return { number, askTs, card };
  }

  function press(who: { id: string }, card: PostedMessage, actionId: string, responseUrl = s.standIn.responseUrl()) {
    const b = buttonOf(card, actionId);
    if (!b) throw new Error(`no ${actionId} on the card`);
    return s.sender.interaction(buttonPress({ team: VENDOR, user: who.id, channel: RESPONDERS_CHANNEL, messageTs: card.ts, actionId: b.action_id, value: b.value, triggerId: s.standIn.newTriggerId(), responseUrl }));
  }

  const privateReply = (url: string) => until(() => s.standIn.responses.find((r) => url.endsWith(`/${r.tag}`)));

  it('shows the case number, company, severity, category, signals and question on the card, with Claim', async () => {
    const { number, card } = await newCase();
    expect(card.team).toBe(VENDOR.teamId);
    expect(card.blocks[0]).toMatchObject({ type: 'header', text: { text: '🔴 緊急 | ランサムウェア' } });
    for (const part of [number, 'Sakura Trading', '*緊急度*', '*分類*', '*判定の根拠*', '拡張子の変更', '相談内容: 朝来たら']) expect(card.visible).toContain(part);
    expect(buttonOf(card, 'case.claim')?.value).toBe(number);
  });

  describe('when a staff member presses Claim', () => {
    it('tells only them that the responder team takes cases, audits it, and leaves the card as it was', async () => {
      const { number, card } = await newCase();
      const url = s.standIn.responseUrl();
      const r = await press(VENDOR_STAFF, card, 'case.claim', url);
      expect(r.status).toBe(200);
      const reply = await privateReply(url);
      expect(reply.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
      expect(JSON.stringify(reply.body)).toContain('案件の対応は担当チームのメンバーのみが行えます。');
      const c = (await s.app.services.cases.findByNumber(number))!;
      expect(c.state).toBe('escalated');
      expect((await s.app.services.cases.events(c.id)).some((e) => e.type === 'access_refused' && e.data.action === 'claim')).toBe(true);
      expect(s.standIn.message(RESPONDERS_CHANNEL, card.ts)!.updates).toBe(0);
    });
  });

  describe('a case from claim to resolution', () => {
    let number: string;
    let askTs: string;
    let card: PostedMessage;
    beforeAll(async () => {
      ({ number, askTs, card } = await newCase());
    });

    it('updates the card in place when a responder claims, and tells the asker who has it', async () => {
      await press(PEOPLE.responder, card, 'case.claim');
      const updated = await until(() => (s.standIn.message(RESPONDERS_CHANNEL, card.ts)!.updates > 0 ? s.standIn.message(RESPONDERS_CHANNEL, card.ts) : null));
      expect(updated!.visible).toMatch(/対応中: 山田 \(\d{2}:\d{2}\)/);
      expect(buttonOf(updated!, 'case.claim')).toBeUndefined();
      expect(buttonOf(updated!, 'case.resolve')?.value).toBe(number);
      expect(buttonOf(updated!, 'case.release')?.value).toBe(number);
      const told = await until(() => s.standIn.thread(CHANNEL, askTs).find((m) => m.visible.includes('担当の山田さんが対応します。')));
      expect(told.team).toBe(CUSTOMER.teamId);
      // No second card: the claim changed the one in the channel.
      expect(s.standIn.messages.filter((m) => m.channel === RESPONDERS_CHANNEL && !m.threadTs && m.visible.includes(number))).toHaveLength(1);
    });

    it('tells a second responder privately who already has the case', async () => {
      // The card already shows Resolve/Release; a stale copy of it (or the text command) can still send a Claim.
      const url2 = s.standIn.responseUrl();
      await s.sender.interaction(buttonPress({ team: VENDOR, user: PEOPLE.responder2.id, channel: RESPONDERS_CHANNEL, messageTs: card.ts, actionId: 'case.claim#0', value: number, triggerId: s.standIn.newTriggerId(), responseUrl: url2 }));
      expect(JSON.stringify((await privateReply(url2)).body)).toContain('この案件はすでに 山田 さんが対応しています。');
    });

    it('relays the responder’s thread to the asker and back, attributed and neutralised', async () => {
      await s.sender.event(threadReplyEvent({ team: VENDOR, user: PEOPLE.responder.id, channel: RESPONDERS_CHANNEL, threadTs: card.ts, text: 'PCはLANを抜いたままにしてください。<!here> 14時に伺います。' }));
      const relayed = await until(() => s.standIn.thread(CHANNEL, askTs).find((m) => m.visible.includes('👤 山田(対応担当)')));
      expect(relayed.team).toBe(CUSTOMER.teamId);
      expect(relayed.visible).toContain('PCはLANを抜いたままにしてください。');
      expect(JSON.stringify(relayed.blocks)).not.toContain('<!here>');

      await s.sender.event(threadReplyEvent({ team: CUSTOMER, user: PEOPLE.asker.id, channel: CHANNEL, threadTs: askTs, text: 'わかりました。お待ちしています' }));
      const back = await until(() => s.standIn.thread(RESPONDERS_CHANNEL, card.ts).find((m) => m.visible.includes('👤 佐藤(相談者): わかりました。お待ちしています')));
      expect(back.team).toBe(VENDOR.teamId);
    });

    it('relays `/otasuke reply OT-…` from anywhere in the vendor workspace', async () => {
      const r = await s.sender.command(slashCommand({ team: VENDOR, user: PEOPLE.responder.id, channel: 'C0ELSEWHERE', text: `reply ${number} 到着しました`, triggerId: s.standIn.newTriggerId(), responseUrl: s.standIn.responseUrl() }));
      expect(r.status).toBe(200);
      await until(() => s.standIn.thread(CHANNEL, askTs).find((m) => m.visible.includes('👤 山田(対応担当): 到着しました')));
    });

    it('opens a form for the resolution summary, insists on one, and sends it to the asker', async () => {
      const before = s.standIn.openedViews.length;
      await press(PEOPLE.responder, s.standIn.message(RESPONDERS_CHANNEL, card.ts)!, 'case.resolve');
      const opened = await until(() => s.standIn.openedViews[before]);
      expect(opened.view).toMatchObject({ type: 'modal', callback_id: 'otasuke.resolve', title: { text: '案件を解決' } });

      const empty = await s.sender.interaction(viewSubmission({ team: VENDOR, user: PEOPLE.responder.id, view: opened.view, values: { summary: { summary: '  ' } }, triggerId: s.standIn.newTriggerId() }));
      expect(JSON.parse(empty.body)).toEqual({ response_action: 'errors', errors: { summary: '要約を書いてください。' } });

      const done = await s.sender.interaction(viewSubmission({ team: VENDOR, user: PEOPLE.responder.id, view: opened.view, values: { summary: { summary: '感染PCを隔離し、バックアップから復元しました。' } }, triggerId: s.standIn.newTriggerId() }));
      expect(done.status).toBe(200);
      expect(done.body).toBe('');
      const toAsker = await until(() => s.standIn.thread(CHANNEL, askTs).find((m) => m.visible.includes('対応の要約: 感染PCを隔離し')));
      expect(buttonOf(toAsker, 'resolution.helpful')).toBeDefined();
      expect(buttonOf(toAsker, 'case.reopen')).toBeDefined();
      const resolvedCard = await until(() => {
        const m = s.standIn.message(RESPONDERS_CHANNEL, card.ts)!;
        return m.visible.includes('解決済み') ? m : null;
      });
      expect(buttonOf(resolvedCard, 'case.resolve')).toBeUndefined();
      expect(buttonOf(resolvedCard, 'case.save_draft')).toBeDefined();
      expect((await s.app.services.cases.findByNumber(number))!.state).toBe('resolved');
    });

    it('opens a triage-correction form preset to the verdict, insists on a reason, refuses forged choices, and records the correction', async () => {
      const before = s.standIn.openedViews.length;
      const current = (await s.app.services.cases.findByNumber(number))!;
      await press(PEOPLE.responder, s.standIn.message(RESPONDERS_CHANNEL, card.ts)!, 'case.reclassify');
      const opened = await until(() => s.standIn.openedViews[before]);
      expect(opened.view).toMatchObject({ type: 'modal', callback_id: 'otasuke.reclassify', title: { text: '判定を修正' } });
      const blocks = (opened.view as { blocks: { block_id?: string; element?: { initial_option?: { value: string } } }[] }).blocks;
      expect(blocks.find((b) => b.block_id === 'severity')?.element?.initial_option?.value).toBe(current.severity);
      expect(blocks.find((b) => b.block_id === 'category')?.element?.initial_option?.value).toBe(current.category);

      const submit = (selects: Record<string, Record<string, string>>, reason: string) =>
        s.sender.interaction(viewSubmission({ team: VENDOR, user: PEOPLE.responder.id, view: opened.view, values: { reason: { reason } }, selects, triggerId: s.standIn.newTriggerId() }));
      const empty = await submit({ severity: { severity: 'medium' }, category: { category: 'malware' } }, ' ');
      expect(JSON.parse(empty.body)).toEqual({ response_action: 'errors', errors: { reason: '理由を書いてください。' } });
      const forged = await submit({ severity: { severity: 'apocalyptic' }, category: { category: 'malware' } }, '偽の値');
      expect(forged.status).toBe(200);
      expect((await s.app.services.cases.findByNumber(number))!.severity).toBe(current.severity);

      const done = await submit({ severity: { severity: 'medium' }, category: { category: 'malware' } }, '暗号化は一部のみで、業務は止まっていませんでした');
      expect(done.status).toBe(200);
      const after = await until(async () => {
        const c = (await s.app.services.cases.findByNumber(number))!;
        return c.severity === 'medium' ? c : null;
      });
      expect(after.category).toBe('malware');
      const event = (await s.app.services.cases.events(after.id)).find((e) => e.type === 'reclassified')!;
      expect(event.data).toMatchObject({ to: { severity: 'medium', category: 'malware' }, reason: '暗号化は一部のみで、業務は止まっていませんでした' });
    });
  });

  it('puts the card back to Claim when the holder releases the case, and tells the asker', async () => {
    const { number, askTs, card } = await newCase();
    await press(PEOPLE.responder, card, 'case.claim');
    await until(() => s.standIn.message(RESPONDERS_CHANNEL, card.ts)!.updates >= 1);
    await press(PEOPLE.responder, s.standIn.message(RESPONDERS_CHANNEL, card.ts)!, 'case.release');
    await until(() => s.standIn.thread(CHANNEL, askTs).find((m) => m.visible.includes('担当者が交代します')));
    const back = await until(() => {
      const m = s.standIn.message(RESPONDERS_CHANNEL, card.ts)!;
      return m.updates >= 2 && buttonOf(m, 'case.claim') ? m : null;
    });
    expect(back.visible).not.toContain('対応中');
    expect((await s.app.services.cases.findByNumber(number))!.state).toBe('escalated');
  });

  it('refuses a Resolve from someone outside the responder team without opening a form', async () => {
    const { number, card } = await newCase();
    const before = s.standIn.openedViews.length;
    const url = s.standIn.responseUrl();
    await s.sender.interaction(buttonPress({ team: VENDOR, user: VENDOR_STAFF.id, channel: RESPONDERS_CHANNEL, messageTs: card.ts, actionId: 'case.resolve#0', value: number, triggerId: s.standIn.newTriggerId(), responseUrl: url }));
    expect(JSON.stringify((await privateReply(url)).body)).toContain('担当チームのメンバーのみ');
    expect(s.standIn.openedViews.length).toBe(before);
  });

  it('answers an unknown action id politely and changes nothing', async () => {
    const { number, card } = await newCase();
    const url = s.standIn.responseUrl();
    await s.sender.interaction(buttonPress({ team: VENDOR, user: PEOPLE.responder.id, channel: RESPONDERS_CHANNEL, messageTs: card.ts, actionId: 'case.destroy_everything#0', value: number, triggerId: s.standIn.newTriggerId(), responseUrl: url }));
    expect(JSON.stringify((await privateReply(url)).body)).toContain('読み取れませんでした');
    const url2 = s.standIn.responseUrl();
    await s.sender.interaction(buttonPress({ team: VENDOR, user: PEOPLE.responder.id, channel: RESPONDERS_CHANNEL, messageTs: card.ts, actionId: '<script>', value: number, triggerId: s.standIn.newTriggerId(), responseUrl: url2 }));
    expect(JSON.stringify((await privateReply(url2)).body)).toContain('読み取れませんでした');
    expect((await s.app.services.cases.findByNumber(number))!.state).toBe('escalated');
  });

  describe('when nobody claims in time', () => {
    it('re-posts the card pinging the on-call group, and a claim then updates every card of the case', async () => {
      await s.app.services.directory.upsertGroup({
        id: GROUP_ID,
        name: 'Otasuke responders',
        destination: `slack:${VENDOR.teamId}:${RESPONDERS_CHANNEL}`,
        tiers: [
          { name: 'primary', waitSeconds: { critical: 1, high: 1, medium: 1, low: 1 } },
          { name: 'on-call', waitSeconds: { critical: 600, high: 600, medium: 600, low: 600 }, mention: '<!subteam^S0ONCALL>' },
        ],
      });
      const { number, card } = await newCase();
      const cards = () => s.standIn.messages.filter((m) => m.channel === RESPONDERS_CHANNEL && !m.threadTs && m.visible.includes(number));
      const second = await until(() => cards()[1], 20_000);
      // The one mention the bot writes itself: the tier's on-call group, at the start of the notice.
      expect(JSON.stringify(second.blocks)).toContain('"<!subteam^S0ONCALL>\\n>');
      expect(JSON.stringify(card.blocks)).not.toContain('<!subteam');

      await press(PEOPLE.responder, second, 'case.claim');
      await until(() => cards().every((m) => m.visible.includes('対応中: 山田')));
      expect(cards()).toHaveLength(2);
    });
  });
});
