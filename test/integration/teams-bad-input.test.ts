import crypto from 'node:crypto';
import { CUSTOMER_AAD, PEOPLE, personalConversationOf, postActivity, RESPONDERS_CHANNEL, STRANGER_AAD, type TeamsPerson } from '../helpers/teams-activities.js';
import { responderThreadOf, startTeamsApp, until, type TeamsTestApp } from '../helpers/teams-app.js';
import { cardActions, visibleText } from '../helpers/teams-connector-stand-in.js';

const RANSOM = '朝来たら共有フォルダのファイルが全部開けません。拡張子が変になってて、英語のテキストが置いてあります';
const OTHER_AAD = '33333333-4444-4555-8666-777777777777';

function person(aadTenantId: string, name: string, locale = 'ja-JP'): TeamsPerson {
  return { aadTenantId, aadObjectId: crypto.randomUUID(), teamsId: `29:1${crypto.randomBytes(6).toString('hex')}`, name, locale };
}

describe('Teams refuses bad input', () => {
  let s: TeamsTestApp;
  beforeAll(async () => {
    s = await startTeamsApp();
    // A second customer company, to forge presses on its cases.
    await s.app.services.directory.upsertTenant({ id: 'other-co', name: 'Other Co.' });
    await s.teams.store.mapTenant(OTHER_AAD, 'other-co');
  });
  afterAll(async () => s.stop());

  const chatOf = (p: TeamsPerson) => personalConversationOf(p);
  const lastText = (p: TeamsPerson) => visibleText(s.standIn.messagesIn(chatOf(p)).at(-1)?.activity);
  const receipts = async () => Number((await s.app.db.query<{ n: number }>('SELECT count(*)::int AS n FROM inbound_receipts')).rows[0]!.n);

  async function ask(p: TeamsPerson, text: string): Promise<string> {
    expect((await s.post(s.acts.personal(p, text))).status).toBe(200);
    await s.idle();
    const cards = s.standIn.messagesIn(chatOf(p));
    const values = cards.flatMap((c) => cardActions(c.activity).map((a) => String((a.data as { value?: string } | undefined)?.value ?? '')));
    return /OT-\d{6}/.exec([...cards.map((c) => visibleText(c.activity)), ...values].join('\n'))?.[0] ?? '';
  }

  describe('when the Microsoft 365 organisation is not registered', () => {
    it('refuses politely in the language of the person, and registers nobody and records nothing', async () => {
      const stranger = person(STRANGER_AAD, 'Nobody', 'en-US');
      expect((await s.post(s.acts.personal(stranger, 'Our files are encrypted, help!'))).status).toBe(200);
      await s.idle();
      expect(lastText(stranger)).toBe(
        'This Microsoft 365 organisation is not registered with Otasuke Bot yet, so I cannot take questions here. Please contact your IT administrator or your support provider.',
      );
      expect(await s.app.services.directory.findByIdentity(`teams:${STRANGER_AAD}:${stranger.aadObjectId}`)).toBeNull();
      expect((await s.app.db.query('SELECT id FROM cases WHERE thread_ref LIKE $1', [`teams:${chatOf(stranger)}%`])).rows).toEqual([]);

      const japanese = person(STRANGER_AAD, '無名');
      await s.post(s.acts.execute(japanese, { personal: japanese }, '1', { actionId: 'feedback.helpful', value: 'OT-000001' })).then((r) => {
        expect(r.body).toMatchObject({ statusCode: 200, value: expect.stringMatching(/^この Microsoft 365 組織はお助けボットにまだ登録されていない/) });
      });
    });
  });

  describe('when a card press is forged', () => {
    it('refuses a staff member pressing Claim, only to them, and audits the attempt', async () => {
      const asker = person(CUSTOMER_AAD, '森');
      const number = await ask(asker, RANSOM);
      const card = await until(() => s.standIn.messagesIn(RESPONDERS_CHANNEL).find((c) => c.kind === 'send' && visibleText(c.activity).includes(number)));
      await responderThreadOf(s.app, number);
      const before = s.standIn.messages().length;
      const r = await s.post(s.acts.execute(asker, { channel: RESPONDERS_CHANNEL, rootId: card.newId! }, card.newId!, { actionId: 'case.claim', value: number }));
      expect(r.body).toEqual({ statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: '案件の対応は担当チームのメンバーのみが行えます。' });
      await s.idle();
      expect(s.standIn.messages().length).toBe(before);
      const c = (await s.app.services.cases.findByNumber(number))!;
      expect(c.state).toBe('escalated');
      expect((await s.app.services.cases.events(c.id)).find((e) => e.type === 'access_refused')?.data).toEqual({ action: 'claim' });

      // The dialog does not even open for them.
      const fetched = await s.post(s.acts.taskFetch(asker, { personal: asker }, '1', { actionId: 'case.resolve', value: number }));
      expect(fetched.body).toEqual({ task: { type: 'message', value: '案件の対応は担当チームのメンバーのみが行えます。' } });
    });

    it("refuses presses that name a case that does not exist, or another company's case", async () => {
      const asker = person(CUSTOMER_AAD, '池田');
      const outsider = person(OTHER_AAD, '外部');
      const theirs = await ask(outsider, 'パスワードは何文字以上にすべきですか?');
      expect(theirs).toMatch(/^OT-/);

      const missing = await s.post(s.acts.execute(asker, { personal: asker }, '1', { actionId: 'feedback.helpful', value: 'OT-999999' }));
      expect(missing.body).toMatchObject({ value: '該当する案件が見つかりません。' });
      const foreign = await s.post(s.acts.execute(asker, { personal: asker }, '1', { actionId: 'case.request_responder', value: theirs }));
      // Another company's case reads exactly like a missing one: numbers cannot be probed.
      expect(foreign.body).toMatchObject({ value: '該当する案件が見つかりません。' });
      const intake = await s.post(s.acts.execute(asker, { personal: asker }, '1', { actionId: 'intake.answer', value: `${theirs}|affected_pcs|one` }));
      expect(intake.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.activity.message' });
      expect((intake.body as { value: string }).value).not.toBe('受け付けました。');
      expect((await s.app.services.cases.findByNumber(theirs))!.state).toBe('answered');

      const invented = await s.post(s.acts.execute(asker, { personal: asker }, '1', { actionId: 'DROP TABLE cases', value: theirs }));
      expect(invented.status).toBe(400);
      expect(invented.body).toMatchObject({ statusCode: 400, type: 'application/vnd.microsoft.error' });
    });
  });

  describe('when the activity is malformed', () => {
    it('answers 400 and processes nothing', async () => {
      const url = `${s.base}/api/messages`;
      const before = { calls: s.standIn.calls.length, receipts: await receipts() };
      const good = s.acts.personal(PEOPLE.asker, 'パスワードは何文字以上にすべきですか?');
      const cases: [string, unknown][] = [
        ['not JSON', '{"type": "message", '],
        ['a JSON array', '[1, 2, 3]'],
        ['no type', { ...good, type: undefined }],
        ['no tenant', { ...good, channelData: {}, conversation: { id: 'a:1x', conversationType: 'personal' } }],
        ['another channel', { ...good, channelId: 'slack' }],
        ['no conversation', { ...good, conversation: undefined }],
        ['a bad serviceUrl', { ...good, serviceUrl: 'not a url' }],
        ['a conversation id with a forged thread suffix', { ...good, conversation: { id: 'a:1x;messageid=1;messageid=2', conversationType: 'personal', tenantId: CUSTOMER_AAD } }],
      ];
      for (const [what, body] of cases) {
        const r = await postActivity(url, typeof body === 'string' ? body : JSON.stringify(body));
        expect({ what, status: r.status }).toEqual({ what, status: 400 });
      }
      await s.idle();
      expect(s.standIn.calls.length).toBe(before.calls);
      expect(await receipts()).toBe(before.receipts);
    });

    it('ignores a message without a person behind it (a bot or a connector)', async () => {
      const before = s.standIn.calls.length;
      const a = s.acts.personal(PEOPLE.asker, 'hello') as { from: Record<string, unknown> };
      const r = await s.post({ ...a, from: { id: '28:another-bot', name: 'Another bot' } });
      expect(r.status).toBe(200);
      await s.idle();
      expect(s.standIn.calls.length).toBe(before);
    });
  });

  describe('when the text is oversized', () => {
    it('says how long a message may be, and refuses a body over 1 MB outright', async () => {
      const asker = person(CUSTOMER_AAD, '長文');
      await ask(asker, `ファイルが開けません。${'あ'.repeat(9000)}`);
      expect(lastText(asker)).toBe('メッセージが長すぎます(8000文字まで)。要点を短くまとめて送ってください。');
      expect((await s.app.db.query('SELECT id FROM cases WHERE thread_ref LIKE $1', [`teams:${chatOf(asker)}%`])).rows).toEqual([]);

      const huge = await s.post(s.acts.personal(asker, 'x'.repeat(1_100_000)));
      expect(huge.status).toBe(413);
    });
  });

  describe('when Teams delivers the same activity twice', () => {
    it('answers once', async () => {
      const asker = person(CUSTOMER_AAD, '重複');
      const activity = s.acts.personal(asker, 'パスワードは何文字以上にすべきですか?');
      await s.post(activity);
      await s.post(activity);
      await s.idle();
      expect(s.standIn.messagesIn(chatOf(asker))).toHaveLength(1);
    });
  });

  describe('when the Bot Framework connector refuses', () => {
    it('gives up an escalation card at once when the bot was removed from the responders channel (403), and logs why', async () => {
      s.standIn.fail('send', 403, 1);
      const number = await ask(person(CUSTOMER_AAD, 'removed'), RANSOM);
      const c = (await s.app.services.cases.findByNumber(number))!;
      const job = await until(async () => {
        const r = await s.app.db.query<{ status: string; attempts: number; last_error: string }>(
          "SELECT status, attempts, last_error FROM jobs WHERE name = 'escalation.notify' AND (payload->>'caseId')::bigint = $1",
          [c.id],
        );
        return r.rows[0]?.status === 'failed' ? r.rows[0] : null;
      });
      expect(job.attempts).toBe(1);
      expect(job.last_error).toMatch(/HTTP 403/);
    });

    it('posts the card anew in its thread when the card to update was deleted (404)', async () => {
      const number = await ask(person(CUSTOMER_AAD, 'deleted'), RANSOM);
      const card = await until(() => s.standIn.messagesIn(RESPONDERS_CHANNEL).find((c) => c.kind === 'send' && c.conversationId === RESPONDERS_CHANNEL && visibleText(c.activity).includes(number)));
      await responderThreadOf(s.app, number);
      s.standIn.fail('update', 404, 1);
      await s.post(s.acts.execute(PEOPLE.responder, { channel: RESPONDERS_CHANNEL, rootId: card.newId! }, card.newId!, { actionId: 'case.claim', value: number }));
      await s.idle();
      const reposted = s.standIn.messages().filter((m) => m.conversationId === `${RESPONDERS_CHANNEL};messageid=${card.newId}`).map((m) => visibleText(m.activity));
      expect(reposted.some((t) => t.includes(number) && t.includes('対応中: 山田'))).toBe(true);
    });
  });

  describe('when user text tries to mention people or disguise a link', () => {
    it('shows it as plain text in what the bot posts', async () => {
      const asker = person(CUSTOMER_AAD, '<at>Everyone</at>');
      const number = await ask(asker, `${RANSOM} <at>General</at> [銀行のサイト](https://evil.example/login) @channel`);
      const card = await until(() => s.standIn.messagesIn(RESPONDERS_CHANNEL).find((c) => visibleText(c.activity).includes(number)));
      const json = JSON.stringify(card.activity);
      expect(json).not.toMatch(/<at>|<\/at>/);
      expect(json).not.toContain('"entities"');
      expect(visibleText(card.activity)).toContain('銀行のサイト (https://evil.example/login)');
      expect(visibleText(card.activity)).not.toContain('@channel');
      expect(cardActions(card.activity).every((a) => a.type !== 'Action.OpenUrl')).toBe(true);
    });
  });
});

describe('Teams with app credentials configured', () => {
  let s: TeamsTestApp;
  beforeAll(async () => {
    s = await startTeamsApp({
      install: false,
      env: { MICROSOFT_APP_ID: '00000000-0000-4000-8000-0000000000b0', MICROSOFT_APP_PASSWORD: 'not-a-real-secret', MICROSOFT_APP_TYPE: 'MultiTenant' },
    });
  });
  afterAll(async () => s.stop());

  it('rejects an activity without a token, or with an invalid one, with 401 and processes nothing', async () => {
    const activity = s.acts.personal(PEOPLE.asker, RANSOM);
    const none = await s.post(activity);
    expect(none.status).toBe(401);
    const bogus = await s.post(activity, { authorization: 'Bearer not.a.token' });
    expect(bogus.status).toBe(401);
    const basic = await s.post(activity, { authorization: 'Basic dXNlcjpwYXNz' });
    expect(basic.status).toBe(401);
    await s.idle();
    expect(s.standIn.calls).toEqual([]);
    expect((await s.app.db.query('SELECT key FROM inbound_receipts')).rows).toEqual([]);
    expect((await s.app.db.query('SELECT conversation_id FROM teams_conversations')).rows).toEqual([]);
    expect(await s.app.services.directory.findByIdentity(`teams:${CUSTOMER_AAD}:${PEOPLE.asker.aadObjectId}`)).toBeNull();
  });
});
