import crypto from 'node:crypto';
import { CUSTOMER_AAD, CUSTOMER_CHANNEL, PEOPLE, personalConversationOf, RESPONDERS_CHANNEL, type TeamsPerson } from '../helpers/teams-activities.js';
import { GROUP_ID, PUBLIC_URL, responderThreadOf, startTeamsApp, until, USER_IDS, type TeamsTestApp } from '../helpers/teams-app.js';
import { adaptiveCardOf, cardActions, visibleText, type ConnectorCall } from '../helpers/teams-connector-stand-in.js';

const RANSOM = '朝来たら共有フォルダのファイルが全部開けません。拡張子が変になってて、英語のテキストが置いてあります';

/** A staff member of the customer nobody registered: the bot registers them on their first message. */
function newStaff(name: string, locale = 'ja-JP'): TeamsPerson {
  return { aadTenantId: CUSTOMER_AAD, aadObjectId: crypto.randomUUID(), teamsId: `29:1${crypto.randomBytes(6).toString('hex')}`, name, locale };
}

const numberIn = (text: string) => /OT-\d{6}/.exec(text)?.[0];

describe('Teams on PostgreSQL and BullMQ, the bot and the job worker in separate processes', () => {
  let s: TeamsTestApp;
  beforeAll(async () => {
    s = await startTeamsApp({ separateWorker: true });
  });
  afterAll(async () => s.stop());

  const chatOf = (p: TeamsPerson) => personalConversationOf(p);
  const textsIn = (conversationId: string) => s.standIn.messagesIn(conversationId).map((c) => visibleText(c.activity));

  /** The first escalation card of a case in the responders channel (a new thread). */
  const escalationCard = async (number: string): Promise<ConnectorCall> => {
    const card = await until(() => s.standIn.messagesIn(RESPONDERS_CHANNEL).find((c) => c.kind === 'send' && c.conversationId === RESPONDERS_CHANNEL && visibleText(c.activity).includes(number)));
    await responderThreadOf(s.app, number);
    return card;
  };

  /** Asks in a personal chat and waits for the answer; returns the case number when one is shown. */
  async function ask(person: TeamsPerson, text: string): Promise<{ number?: string; cards: ConnectorCall[] }> {
    const before = s.standIn.messagesIn(chatOf(person)).length;
    const r = await s.post(s.acts.personal(person, text));
    expect(r.status).toBe(200);
    await s.idle();
    const cards = s.standIn.messagesIn(chatOf(person)).slice(before);
    return { number: numberIn(cards.map((c) => visibleText(c.activity)).join('\n')), cards };
  }

  describe('staff in a personal chat', () => {
    it('acknowledges at once with typing, answers a ransomware report with first aid on an Adaptive Card 1.5, and alerts the responders channel proactively', async () => {
      const r = await s.post(s.acts.personal(PEOPLE.asker, RANSOM));
      expect(r.status).toBe(200);
      // The turn ends after the typing indicator; the answer follows proactively.
      expect(s.standIn.typingIn(chatOf(PEOPLE.asker)).length).toBe(1);
      await s.idle();
      const [answer, intake] = s.standIn.messagesIn(chatOf(PEOPLE.asker));
      const card = adaptiveCardOf(answer!.activity)!;
      expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
      const text = visibleText(answer!.activity);
      expect(text.split('\n')[0]).toBe('🔴 緊急 | ランサムウェア');
      expect(text.split('\n')[1]).toBe('今すぐやること');
      expect(text).toContain('📄');
      const number = numberIn(text)!;
      expect(text).toContain(`担当者に連絡しました(案件 ${number})`);
      // The intake questions carry their answer buttons right under them.
      const body = adaptiveCardOf(intake!.activity)!.body as { type: string; text?: string }[];
      const question = body.findIndex((e) => e.text === '影響のあるPCは何台ですか');
      expect(body[question + 1]).toMatchObject({ type: 'ActionSet' });

      const escalation = await escalationCard(number);
      expect(visibleText(escalation.activity)).toContain('さくら商事');
      const claim = cardActions(escalation.activity).find((a) => a.title === '対応する')!;
      expect(claim).toMatchObject({ type: 'Action.Execute', verb: 'case.claim', data: { actionId: 'case.claim', value: number }, fallback: { type: 'Action.Submit' } });

      // The worker records where the card went right after the connector answered.
      const c = await until(async () => {
        const found = await s.app.services.cases.findByNumber(number);
        return found?.responderThreadRef ? found : null;
      });
      expect(c).toMatchObject({ channel: 'teams', state: 'escalated', severity: 'critical' });
      expect(c.threadRef).toBe(`teams:${chatOf(PEOPLE.asker)};messageid=${answer!.activityId}`);
      expect(c.responderThreadRef).toBe(`teams:${RESPONDERS_CHANNEL};messageid=${escalation.newId}`);
      // Auto-registered as staff of the customer, with the name and language Teams gave.
      const user = await s.app.services.directory.findByIdentity(`teams:${CUSTOMER_AAD}:${PEOPLE.asker.aadObjectId}`);
      expect(user).toMatchObject({ tenantId: 'sakura', roles: ['staff'], displayName: '佐藤 花子', lang: 'ja' });
    });

    it('answers an English how-to in English with helpful / not helpful / talk to a responder, and records "helpful" pressed on the card', async () => {
      const { cards } = await ask(PEOPLE.englishAsker, 'How do we turn on two-factor authentication for Google Workspace?');
      const [answer] = cards;
      expect(visibleText(answer!.activity)).toMatch(/^🟢 Low \| /);
      // No public address in this setup: a cited article opens in a dialog, as an Adaptive Card.
      const open = cardActions(answer!.activity).find((a) => (a.data as { actionId?: string } | undefined)?.actionId === 'article.open')!;
      expect(open).toMatchObject({ type: 'Action.Submit', data: { msteams: { type: 'task/fetch' } } });
      expect(open.title).toMatch(/^📄 Open: /);
      const fetched = await s.post(s.acts.taskFetch(PEOPLE.englishAsker, { personal: PEOPLE.englishAsker }, answer!.newId!, open.data as Record<string, unknown>));
      const dialog = (fetched.body as { task: { type: string; value: { card: { content: Record<string, unknown> } } } }).task;
      expect(dialog.type).toBe('continue');
      expect(visibleText(dialog.value.card.content)).toContain('How to go about it');
      const actions = cardActions(answer!.activity).filter((a) => a.type === 'Action.Execute');
      expect(actions.map((a) => a.verb)).toEqual(['feedback.helpful', 'feedback.not_helpful', 'case.request_responder']);
      expect(actions.map((a) => a.title)).toEqual(['Helpful', 'Not helpful', 'Talk to a responder']);
      const number = (actions[0]!.data as { value: string }).value;
      const c = (await s.app.services.cases.findByNumber(number))!;
      expect(c.state).toBe('answered');

      const pressed = await s.post(s.acts.execute(PEOPLE.englishAsker, { personal: PEOPLE.englishAsker }, answer!.newId!, { actionId: 'feedback.helpful', value: number }));
      expect(pressed.status).toBe(200);
      expect(pressed.body).toEqual({ statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'Done.' });
      await s.idle();
      expect(textsIn(chatOf(PEOPLE.englishAsker)).at(-1)).toBe('Thank you. This helps us improve.');
      expect((await s.app.services.cases.events(c.id)).find((e) => e.type === 'feedback')?.data).toEqual({ helpful: true });
    });

    it('greets a person of a registered organisation who installs the app, and nobody else', async () => {
      const welcomed = newStaff('Welcome', 'en-US');
      expect((await s.post(s.acts.botAddedToPersonal(welcomed))).status).toBe(200);
      expect(textsIn(chatOf(welcomed))).toEqual([expect.stringMatching(/^Hi, I am Otasuke Bot/)]);
      const stranger = { ...PEOPLE.stranger };
      expect((await s.post(s.acts.botAddedToPersonal(stranger))).status).toBe(200);
      expect(textsIn(chatOf(stranger))).toEqual([]);
    });

    it('continues the case with a follow-up in the same chat, and starts a new case after "new"', async () => {
      const kato = newStaff('加藤');
      const first = await ask(kato, '取引先を名乗る不審なメールが来ました。添付は開いていません');
      expect(visibleText(first.cards[0]!.activity)).toMatch(/^🟡 /);
      const second = await ask(kato, 'すみません、実は添付を開いて「コンテンツの有効化」を押してしまいました');
      expect(visibleText(second.cards[0]!.activity)).toMatch(/^🟠 /);
      const c = (await s.app.services.cases.findByNumber(first.number ?? second.number!))!;
      expect(c).toMatchObject({ state: 'escalated', severity: 'high' });
      expect((await s.app.services.cases.events(c.id)).filter((e) => e.type === 'triaged')).toHaveLength(2);

      const reset = await ask(kato, '新しい相談');
      expect(visibleText(reset.cards[0]!.activity)).toBe('新しいご相談として受け付けます。内容を書いてください。');
      await ask(kato, 'パスワードは何文字以上にすべきですか?');
      const cases = await s.app.db.query<{ number: string }>("SELECT number FROM cases WHERE thread_ref LIKE $1 ORDER BY id", [`teams:${chatOf(kato)};%`]);
      expect(cases.rows).toHaveLength(2);
    });
  });

  describe('staff in a team channel', () => {
    it('answers an @mention in its reply chain, and takes a reply in the chain as a follow-up without a mention', async () => {
      const post = s.acts.channelPost(PEOPLE.admin, CUSTOMER_CHANNEL, 'パスワードは何文字以上にすべきですか?');
      const rootId = post.id as string;
      const chain = `${CUSTOMER_CHANNEL};messageid=${rootId}`;
      expect((await s.post(post)).status).toBe(200);
      await s.idle();
      const [answer] = s.standIn.messages().filter((c) => c.conversationId === chain);
      expect(answer).toMatchObject({ kind: 'send' });
      const c = (await s.app.services.cases.findByThread(`teams:${chain}`))!;
      expect(c.state).toBe('answered');

      expect((await s.post(s.acts.channelReply(PEOPLE.admin, CUSTOMER_CHANNEL, rootId, '12文字で大丈夫ですか?'))).status).toBe(200);
      await s.idle();
      expect(s.standIn.messages().filter((m) => m.conversationId === chain)).toHaveLength(2);
      expect((await s.app.services.cases.events(c.id)).filter((e) => e.type === 'asker_message')).toHaveLength(1);
    });

    it('stays silent on channel posts that neither mention it nor belong to a case', async () => {
      const before = s.standIn.calls.length;
      const r = await s.post(s.acts.channelPost(PEOPLE.admin, CUSTOMER_CHANNEL, 'お昼どこ行く?', { mention: false }));
      expect(r.status).toBe(200);
      await s.idle();
      expect(s.standIn.calls.length).toBe(before);
    });
  });

  describe('responders in a Teams channel', () => {
    const asker = newStaff('中村');
    let number: string;
    let rootId: string;
    const thread = () => ({ channel: RESPONDERS_CHANNEL, rootId });

    beforeAll(async () => {
      number = (await ask(asker, RANSOM)).number!;
      rootId = (await escalationCard(number)).newId!;
    });

    it('claim: the presser gets the updated card, every viewer sees it updated in place, and the asker is told who has it', async () => {
      const r = await s.post(s.acts.execute(PEOPLE.responder, thread(), rootId, { actionId: 'case.claim', value: number }));
      expect(r.status).toBe(200);
      const body = r.body as { type: string; value: Record<string, unknown> };
      expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
      expect(visibleText(body.value)).toContain('対応中: 山田');
      await s.idle();
      const update = s.standIn.updates().find((u) => u.activityId === rootId)!;
      expect(update.conversationId).toBe(RESPONDERS_CHANNEL);
      expect(visibleText(update.activity)).toContain('対応中: 山田');
      const resolve = cardActions(update.activity).find((a) => a.title === '解決')!;
      expect(resolve).toMatchObject({ type: 'Action.Submit', data: { msteams: { type: 'task/fetch' }, actionId: 'case.resolve', value: number } });
      expect(textsIn(chatOf(asker))).toContain('担当の山田さんが対応します。');
    });

    it("relays the responder's replies in the card's reply chain to the asker, attributed and mention-free, and the asker's back", async () => {
      const reply = s.acts.channelReply(PEOPLE.responder, RESPONDERS_CHANNEL, rootId, 'PCはLANを抜いたままにしてください。<at>everyone</at> 14時に伺います。');
      expect((await s.post(reply)).status).toBe(200);
      await s.idle();
      const relayed = textsIn(chatOf(asker)).at(-1)!;
      expect(relayed).toBe('👤 山田(対応担当): PCはLANを抜いたままにしてください。@everyone 14時に伺います。'.replace('@everyone', 'everyone'));
      expect(relayed).not.toContain('<at>');

      await ask(asker, 'わかりました。待っています');
      const inThread = s.standIn.messages().filter((c) => c.conversationId === `${RESPONDERS_CHANNEL};messageid=${rootId}`).map((c) => visibleText(c.activity));
      expect(inThread.at(-1)).toBe('👤 中村(相談者): わかりました。待っています');
    });

    it('resolves through the dialog: the summary form opens, the asker gets the summary with feedback and reopen, the card shows resolved', async () => {
      const fetched = await s.post(s.acts.taskFetch(PEOPLE.responder, thread(), rootId, { msteams: { type: 'task/fetch' }, actionId: 'case.resolve', value: number }));
      const task = (fetched.body as { task: { type: string; value: { card: { content: Record<string, unknown> } } } }).task;
      expect(task.type).toBe('continue');
      expect(JSON.stringify(task.value.card.content)).toContain('"id":"summary"');

      const submitted = await s.post(
        s.acts.taskSubmit(PEOPLE.responder, thread(), rootId, { actionId: 'case.resolve', value: number, summary: '感染したPCを隔離し、バックアップから復元しました。' }),
      );
      expect(submitted.status).toBe(200);
      expect(submitted.text).toBe('');
      await s.idle();
      const resolution = s.standIn.messagesIn(chatOf(asker)).at(-1)!;
      expect(visibleText(resolution.activity)).toContain(`案件 ${number} は解決しました。`);
      expect(cardActions(resolution.activity).map((a) => a.verb)).toEqual(['resolution.helpful', 'resolution.not_helpful', 'case.reopen']);
      expect(visibleText(s.standIn.updates().filter((u) => u.activityId === rootId).at(-1)!.activity)).toContain('解決済み');
      expect((await s.app.services.cases.findByNumber(number))!.state).toBe('resolved');
    });

    it('corrects the triage through the dialog: the form opens preset to the verdict, the correction is recorded, a forged choice changes nothing', async () => {
      const current = (await s.app.services.cases.findByNumber(number))!;
      const fetched = await s.post(s.acts.taskFetch(PEOPLE.responder, thread(), rootId, { msteams: { type: 'task/fetch' }, actionId: 'case.reclassify', value: number }));
      const task = (fetched.body as { task: { type: string; value: { card: { content: { body: { id?: string; value?: string }[] } } } } }).task;
      expect(task.type).toBe('continue');
      const inputs = task.value.card.content.body;
      expect(inputs.find((b) => b.id === 'severity')?.value).toBe(current.severity);
      expect(inputs.find((b) => b.id === 'category')?.value).toBe(current.category);

      const submit = (severity: string) =>
        s.post(s.acts.taskSubmit(PEOPLE.responder, thread(), rootId, { actionId: 'case.reclassify', value: number, severity, category: 'malware', reason: '一部のファイルのみで業務は継続できていました' }));
      const forged = await submit('apocalyptic');
      expect(forged.status).toBe(200);
      expect((await s.app.services.cases.findByNumber(number))!.severity).toBe(current.severity);
      expect((await submit('medium')).status).toBe(200);
      await s.idle();
      const after = (await s.app.services.cases.findByNumber(number))!;
      expect({ severity: after.severity, category: after.category }).toEqual({ severity: 'medium', category: 'malware' });
      const event = (await s.app.services.cases.events(after.id)).find((e) => e.type === 'reclassified')!;
      expect(event.data).toMatchObject({ reason: '一部のファイルのみで業務は継続できていました' });
    });

    it('updates the re-notification cards of later tiers together with the first one', async () => {
      const group = (await s.app.services.directory.groupForTenant('sakura'))!;
      await s.app.services.directory.upsertGroup({ ...group, tiers: [{ name: 'primary', waitSeconds: { critical: 1, high: 1, medium: 1, low: 1 } }] });
      try {
        const n = (await ask(newStaff('小林'), RANSOM)).number!;
        const cards = await until(() => {
          const found = s.standIn.messagesIn(RESPONDERS_CHANNEL).filter((c) => c.kind === 'send' && c.conversationId === RESPONDERS_CHANNEL && visibleText(c.activity).includes(n));
          return found.length >= 2 ? found : null;
        });
        await responderThreadOf(s.app, n);
        await s.post(s.acts.execute(PEOPLE.responder2, { channel: RESPONDERS_CHANNEL, rootId: cards[1]!.newId! }, cards[1]!.newId!, { actionId: 'case.claim', value: n }));
        await s.idle();
        for (const card of cards) {
          const update = s.standIn.updates().filter((u) => u.activityId === card.newId).at(-1);
          expect(visibleText(update?.activity)).toContain('対応中: 田中');
        }
      } finally {
        await s.app.services.directory.upsertGroup(group);
      }
    });

    it('claims through the Action.Submit fallback of clients without Universal Actions', async () => {
      const n = (await ask(newStaff('伊藤'), RANSOM)).number!;
      const root = (await escalationCard(n)).newId!;
      const r = await s.post(s.acts.submit(PEOPLE.responder2, { channel: RESPONDERS_CHANNEL, rootId: root }, root, { actionId: 'case.claim', value: n }));
      expect(r.status).toBe(200);
      await s.idle();
      expect((await s.app.services.cases.findByNumber(n))!.assigneeUserId).toBe(USER_IDS.responder2);
      expect(visibleText(s.standIn.updates().find((u) => u.activityId === root)?.activity)).toContain('対応中: 田中');
    });
  });

  describe('admins', () => {
    const adminChat = () => chatOf(PEOPLE.admin);

    it('run the knowledge-base commands in Teams; staff may search but not change the knowledge base', async () => {
      await ask(PEOPLE.admin, 'kb list published');
      expect(textsIn(adminChat()).at(-1)).toContain('mfa-ja');
      await ask(PEOPLE.admin, 'kb archive mfa-en');
      expect(textsIn(adminChat()).at(-1)).toMatch(/^mfa-en をアーカイブしました/);
      await ask(PEOPLE.admin, 'kb publish mfa-en');
      expect(textsIn(adminChat()).at(-1)).toMatch(/^mfa-en を公開しました/);

      const staff = newStaff('吉田');
      await ask(staff, 'kb search ランサムウェア');
      expect(textsIn(chatOf(staff)).at(-1)).toContain('検索結果');
      await ask(staff, 'kb publish mfa-en');
      expect(textsIn(chatOf(staff)).at(-1)).toBe('ナレッジベースの編集は管理者のみが行えます。');
    });

    it('export an incident report as a short-lived download link, and a used-up or unknown link is refused', async () => {
      const { number } = await ask(newStaff('山本'), RANSOM);
      await ask(PEOPLE.admin, `report ${number} pdf`);
      const [ready, link] = s.standIn.messagesIn(adminChat()).slice(-2);
      expect(visibleText(ready!.activity)).toContain(`案件 ${number} の報告書(PDF)を作成しました。`);
      const open = cardActions(link!.activity).find((a) => a.type === 'Action.OpenUrl')!;
      const url = new URL(open.url as string);
      expect(url.origin).toBe(PUBLIC_URL);
      const file = await fetch(`${s.base}${url.pathname}`);
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toBe('application/pdf');
      expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename="/);
      expect(Buffer.from(await file.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
      expect((await s.app.db.query('SELECT token_hash FROM teams_files')).rows.every((r) => !url.pathname.includes(String(r.token_hash)))).toBe(true);

      await s.app.db.query("UPDATE teams_files SET expires_at = now() - interval '1 minute'");
      expect((await fetch(`${s.base}${url.pathname}`)).status).toBe(404);
      const gone = await fetch(`${s.base}/teams/files/${'x'.repeat(43)}`);
      expect(gone.status).toBe(404);
      // Opened in a browser outside any conversation: said in both languages.
      expect(await gone.text()).toMatch(/有効期限[\s\S]*expired/);
    });
  });

  it('keeps the conversation references in PostgreSQL, where the worker process posted the cards from', async () => {
    const r = await s.app.db.query<{ conversation_id: string; conversation_type: string; team_name: string | null }>(
      'SELECT conversation_id, conversation_type, team_name FROM teams_conversations WHERE conversation_id = $1',
      [RESPONDERS_CHANNEL],
    );
    expect(r.rows).toEqual([{ conversation_id: RESPONDERS_CHANNEL, conversation_type: 'channel', team_name: 'Otasuke Security' }]);
    const notified = await s.app.db.query("SELECT count(*)::int AS n FROM case_events WHERE type = 'responders_notified' AND data->>'group' = $1", [GROUP_ID]);
    expect((notified.rows[0] as { n: number }).n).toBeGreaterThan(0);
  });
});
