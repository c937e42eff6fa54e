import crypto from 'node:crypto';
import { containsMention } from '../../knowledge/text/neutralize.js';
import { BotFrameworkKeysStandIn } from '../helpers/bot-framework-keys.js';
import { CUSTOMER_AAD, PEOPLE, personalConversationOf, RESPONDERS_CHANNEL, type TeamsPerson } from '../helpers/teams-activities.js';
import { responderThreadOf, startTeamsApp, type TeamsTestApp } from '../helpers/teams-app.js';
import { cardActions, visibleText } from '../helpers/teams-connector-stand-in.js';

/**
 * Teams-facing security on PostgreSQL and BullMQ/Redis against the Bot
 * Framework connector stand-in: unauthenticated activities when app
 * credentials are configured, tenant isolation between two Microsoft 365
 * organisations, mention injection, oversized and malformed activities.
 */

const A_SECRET = 'KIRIN7731';
const A_QUESTION = `朝来たら共有フォルダのファイルが全部開けません。拡張子が変になってて、英語のテキストが置いてあります。プロジェクト${A_SECRET}の設計書も開けません`;
const RIVAL_AAD = '44444444-5555-4666-8777-888888888888';
const APP_ID = '00000000-0000-4000-8000-0000000000b0';
const PINGS = '<at>everyone</at> @everyone @here @channel <!channel> <@U0VICTIM1>';

function person(aadTenantId: string, name: string): TeamsPerson {
  return { aadTenantId, aadObjectId: crypto.randomUUID(), teamsId: `29:1${crypto.randomBytes(6).toString('hex')}`, name, locale: 'ja-JP' };
}

/** A JWT-shaped string signed with `secret` (HS256) or unsigned (`alg: none`), `kid` (a claim here) in its header. */
function forgedJwt(claims: Record<string, unknown>, secret?: string): string {
  const b64 = (x: unknown) => Buffer.from(JSON.stringify(x)).toString('base64url');
  const { kid, ...payload } = claims;
  const header = b64({ alg: secret ? 'HS256' : 'none', typ: 'JWT', ...(kid ? { kid } : {}) });
  const body = b64({ iss: 'https://api.botframework.com', aud: APP_ID, exp: Math.floor(Date.now() / 1000) + 3600, nbf: Math.floor(Date.now() / 1000) - 60, serviceurl: 'http://127.0.0.1', ...payload });
  const sig = secret ? crypto.createHmac('sha256', secret).update(`${header}.${body}`).digest('base64url') : '';
  return `${header}.${body}.${sig}`;
}

describe('Teams with app credentials configured: unauthenticated activities', () => {
  let s: TeamsTestApp;
  let keys: BotFrameworkKeysStandIn;
  beforeAll(async () => {
    // The signing keys are at hand (a local key set, TEAMS_OPENID_METADATA_URL): every refusal below is a
    // refusal of the token itself. What happens when the keys cannot be fetched (503) is in teams-authentication.test.ts.
    keys = await BotFrameworkKeysStandIn.start(APP_ID);
    s = await startTeamsApp({
      install: false,
      env: { MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 'not-a-real-secret', MICROSOFT_APP_TYPE: 'MultiTenant', TEAMS_OPENID_METADATA_URL: keys.metadataUrl },
    });
  });
  afterAll(async () => {
    await s?.stop();
    await keys?.stop();
  });

  it.each([
    ['no Authorization header', {}],
    ['a bogus bearer token', { authorization: 'Bearer not.a.token' }],
    ['an empty bearer', { authorization: 'Bearer ' }],
    ['an unsigned (alg none) token claiming the app', { authorization: `Bearer ${forgedJwt({})}` }],
    ['a token signed with the app password (HS256)', { authorization: `Bearer ${forgedJwt({}, 'not-a-real-secret')}` }],
    ['an expired token', { authorization: `Bearer ${forgedJwt({ exp: 1 }, 'x')}` }],
    ['a token for another app', { authorization: `Bearer ${forgedJwt({ aud: 'someone-else' }, 'x')}` }],
  ])('refuses a message with %s: 401, nothing stored or sent', async (_name, headers) => {
    const r = await s.post(s.acts.personal(PEOPLE.asker, A_QUESTION), headers as Record<string, string>);
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ error: 'Unauthorized' });
    await s.idle();
    expect(JSON.stringify(r.body ?? '')).not.toContain(A_SECRET);
  });

  it('refuses a JWT-shaped token under a key id the key set does not have: 401, logged at warn with the reason, no detail to the caller', async () => {
    const before = s.logs().length;
    const r = await s.post(s.acts.personal(PEOPLE.asker, A_QUESTION), { authorization: `Bearer ${forgedJwt({ kid: 'k1' }, 'x')}` });
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ error: 'Unauthorized' });
    expect(JSON.stringify(r.body)).not.toMatch(/ at |stack|Error/);
    await s.idle();
    const records = s.logs().slice(before);
    const rejected = records.filter((l) => l.msg === 'teams request rejected');
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ level: 40, code: 'TEAMS_UNAUTHENTICATED' });
    expect(String(rejected[0]!.reason)).toMatch(/^invalid token: /);
    expect(records.filter((l) => Number(l.level) >= 50)).toEqual([]);
  });

  it('refuses a card press (invoke) and an install activity without a valid token', async () => {
    const press = s.acts.execute(PEOPLE.responder, { personal: PEOPLE.responder }, '1', { actionId: 'case.claim', value: 'OT-000001' });
    expect((await s.post(press)).status).toBe(401);
    expect((await s.post(press, { authorization: `Bearer ${forgedJwt({})}` })).status).toBe(401);
    expect((await s.post(s.acts.botAddedToChannel(PEOPLE.responder, RESPONDERS_CHANNEL, 'Evil', 'evil'))).status).toBe(401);
    await s.idle();
  });

  it('after all of them: no connector call, no receipt, no conversation, no case, no registered person', async () => {
    expect(s.standIn.calls).toEqual([]);
    expect((await s.app.db.query('SELECT key FROM inbound_receipts')).rows).toEqual([]);
    expect((await s.app.db.query('SELECT conversation_id FROM teams_conversations')).rows).toEqual([]);
    expect((await s.app.db.query('SELECT id FROM cases')).rows).toEqual([]);
    expect(await s.app.services.directory.findByIdentity(`teams:${CUSTOMER_AAD}:${PEOPLE.asker.aadObjectId}`)).toBeNull();
  });
});

describe('Teams: tenant isolation, mention injection, oversized and malformed input', () => {
  let s: TeamsTestApp;
  let aNumber = '';
  const rival = person(RIVAL_AAD, '高橋');

  const chatOf = (p: TeamsPerson) => personalConversationOf(p);
  const cases = async () => ((await s.app.db.query('SELECT count(*)::int AS n FROM cases')).rows[0] as { n: number }).n;
  const allSent = (from: number) => s.standIn.calls.slice(from).map((c) => JSON.stringify(c.activity));

  async function ask(p: TeamsPerson, text: string): Promise<string> {
    expect((await s.post(s.acts.personal(p, text))).status).toBe(200);
    await s.idle();
    const cards = s.standIn.messagesIn(chatOf(p));
    const values = cards.flatMap((c) => cardActions(c.activity).map((a) => String((a.data as { value?: string } | undefined)?.value ?? '')));
    return /OT-\d{6}/.exec([...cards.map((c) => visibleText(c.activity)), ...values].join('\n'))?.[0] ?? '';
  }

  beforeAll(async () => {
    s = await startTeamsApp();
    await s.app.services.directory.upsertTenant({ id: 'rival-co', name: 'ライバル商事' });
    await s.teams.store.mapTenant(RIVAL_AAD, 'rival-co');
    aNumber = await ask(PEOPLE.asker, A_QUESTION);
    expect(aNumber).toMatch(/^OT-\d{6}$/);
    await responderThreadOf(s.app, aNumber);
  });
  afterAll(async () => s?.stop());

  describe('a person of another organisation (tenant B) reaching for A’s case', () => {
    it.each([
      ['feedback.helpful', () => aNumber],
      ['feedback.not_helpful', () => aNumber],
      ['case.request_responder', () => aNumber],
      ['case.claim', () => aNumber],
      ['case.reopen', () => aNumber],
      ['intake.answer', () => `${aNumber}|ransomware.affected_pcs|one`],
    ])('%s with A’s case number is refused to them alone, and shows nothing of A', async (actionId, value) => {
      const from = s.standIn.calls.length;
      const r = await s.post(s.acts.execute(rival, { personal: rival }, '1', { actionId, value: value() }));
      expect(r.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.activity.message' });
      // Worded exactly as for a case number that does not exist: B cannot tell A's cases exist.
      expect((r.body as { value: string }).value).toBe('該当する案件が見つかりません。');
      const missing = await s.post(s.acts.execute(rival, { personal: rival }, '1', { actionId, value: value().replace(aNumber, 'OT-999999') }));
      expect((missing.body as { value: string }).value).toBe((r.body as { value: string }).value);
      await s.idle();
      for (const x of [JSON.stringify(r.body), ...allSent(from)]) expect(x).not.toContain(A_SECRET);
      expect(s.standIn.messagesIn(chatOf(PEOPLE.asker)).filter((m) => s.standIn.calls.indexOf(m) >= from)).toEqual([]);
    });

    it('`report OT-…` of A’s case from B is refused, and the refusal is on A’s timeline', async () => {
      const from = s.standIn.calls.length;
      await s.post(s.acts.personal(rival, `report ${aNumber} md`));
      await s.idle();
      const sent = allSent(from);
      expect(sent.join('\n')).not.toContain(A_SECRET);
      expect(s.standIn.calls.slice(from).some((c) => JSON.stringify(c.activity).includes('attachments') && /incident-report/.test(JSON.stringify(c.activity)))).toBe(false);
      const c = (await s.app.services.cases.findByNumber(aNumber))!;
      expect((await s.app.services.cases.events(c.id)).some((e) => e.type === 'access_refused' && (e.data as { action?: string }).action === 'report')).toBe(true);
    });
  });

  describe('mention injection', () => {
    it('pings in a follow-up and in a responder’s relay reach nobody as mentions', async () => {
      const from = s.standIn.calls.length;
      expect((await s.post(s.acts.personal(PEOPLE.asker, `追加情報です ${PINGS}`))).status).toBe(200);
      await s.idle();
      const thread = await responderThreadOf(s.app, aNumber);
      const rootId = /messageid=([^;]+)$/.exec(thread)?.[1] ?? thread.split(':').at(-1)!;
      await s.post(s.acts.channelReply(PEOPLE.responder, RESPONDERS_CHANNEL, rootId, `確認します ${PINGS}`));
      await s.idle();
      const sent = s.standIn.calls.slice(from).filter((c) => c.kind === 'send' || c.kind === 'reply' || c.kind === 'update');
      expect(sent.length).toBeGreaterThan(0);
      for (const c of sent) {
        const json = JSON.stringify(c.activity);
        expect(json).not.toMatch(/<at>|<\/at>/);
        expect(json).not.toContain('"mention"');
        expect(containsMention(visibleText(c.activity))).toBe(false);
      }
    });
  });

  describe('oversized and malformed activities', () => {
    it('a 40,000-character message is refused clearly (limit named) and creates no case', async () => {
      const p = person(CUSTOMER_AAD, '大石');
      const before = await cases();
      const r = await s.post(s.acts.personal(p, 'ウイルス'.repeat(10_001)));
      expect(r.status).toBeLessThan(500);
      await s.idle();
      const reply = visibleText(s.standIn.messagesIn(chatOf(p)).at(-1)?.activity);
      expect(reply).toMatch(/8000|長すぎ|too long/);
      expect(await cases()).toBe(before);
    });

    it('a 2 MB body is refused without a case', async () => {
      const before = await cases();
      const r = await s.post(s.acts.personal(person(CUSTOMER_AAD, '巨大'), 'x'.repeat(2_000_000)));
      expect(r.status).toBeGreaterThanOrEqual(200);
      expect(r.status).toBeLessThan(500);
      await s.idle();
      expect(await cases()).toBe(before);
    });

    it.each([
      ['not JSON', '{"type":"message",'],
      ['an array', '[]'],
      ['no from', { type: 'message', text: 'hello' }],
      ['a text that is not a string', { ...({} as Record<string, unknown>), type: 'message', text: { $gt: '' } }],
    ])('an activity that is %s is refused (4xx) and creates no case', async (_name, body) => {
      const before = await cases();
      const activity = typeof body === 'string' ? body : { ...s.acts.personal(person(CUSTOMER_AAD, '不正'), 'x'), ...body, ...(_name === 'no from' ? { from: undefined } : {}) };
      const r = await s.post(activity);
      expect(r.status).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
      await s.idle();
      expect(await cases()).toBe(before);
    });
  });
});
