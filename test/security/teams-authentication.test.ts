import crypto from 'node:crypto';
import { BotFrameworkKeysStandIn, generateSigningKey } from '../helpers/bot-framework-keys.js';
import { CUSTOMER_AAD, identityOf, PEOPLE, personalConversationOf, RESPONDERS_CHANNEL, type TeamsPerson } from '../helpers/teams-activities.js';
import { startTeamsApp, until, type TeamsTestApp } from '../helpers/teams-app.js';

/**
 * Teams authentication proven against signing keys that exist: the bot is
 * pointed (TEAMS_OPENID_METADATA_URL, tests only) at a local OpenID metadata
 * document and key set holding a locally generated RSA key, and tokens are
 * minted with it as the Bot Framework mints them. So a refusal below is a
 * refusal of that token with the keys at hand, not the keys being out of
 * reach; and an outage of the key service is shown to be a 503 (the channel
 * may deliver again), not a 401 (which Teams takes as final).
 */

const APP_ID = '00000000-0000-4000-8000-0000000000b0';
const APP_ENV = { MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 'not-a-real-secret', MICROSOFT_APP_TYPE: 'MultiTenant' };
const QUESTION = 'パスワードは何文字以上にすべきですか?';
const ANOTHER_CONNECTOR = 'https://smba.trafficmanager.net/jp/';

function newStaff(name: string): TeamsPerson {
  return { aadTenantId: CUSTOMER_AAD, aadObjectId: crypto.randomUUID(), teamsId: `29:1${crypto.randomBytes(6).toString('hex')}`, name, locale: 'ja-JP' };
}

/** Everything a handled activity leaves behind: receipts, conversation references, cases, people, connector calls. */
async function traces(s: TeamsTestApp, person: TeamsPerson) {
  const count = async (sql: string, params: unknown[] = []) => Number((await s.app.db.query<{ n: number }>(sql, params)).rows[0]!.n);
  return {
    receipts: await count('SELECT count(*)::int AS n FROM inbound_receipts'),
    conversations: await count('SELECT count(*)::int AS n FROM teams_conversations'),
    cases: await count('SELECT count(*)::int AS n FROM cases'),
    person: !!(await s.app.services.directory.findByIdentity(identityOf(person))),
    connectorCalls: s.standIn.calls.length,
  };
}

const NOTHING = { receipts: 0, conversations: 0, cases: 0, person: false, connectorCalls: 0 };

describe('Teams authentication with the Bot Framework’s signing keys at hand', () => {
  let s: TeamsTestApp;
  let keys: BotFrameworkKeysStandIn;
  const intruder = newStaff('侵入者');
  const another = generateSigningKey();

  beforeAll(async () => {
    keys = await BotFrameworkKeysStandIn.start(APP_ID);
    s = await startTeamsApp({ install: false, env: { ...APP_ENV, TEAMS_OPENID_METADATA_URL: keys.metadataUrl } });
  });
  afterAll(async () => {
    await s?.stop();
    await keys?.stop();
  });

  describe('when the token is not one the Bot Framework signed for this bot and this activity', () => {
    const serviceUrl = () => s.standIn.serviceUrl;
    it.each<[string, () => Record<string, string>]>([
      ['no Authorization header', () => ({})],
      ['a bearer that is not a JWT', () => ({ authorization: 'Bearer not.a.token' })],
      ['a signature of another RSA key under the published key id (forged)', () => keys.bearer(serviceUrl(), {}, { key: another, kid: keys.key.kid })],
      ['a signature of another RSA key under a key id of its own', () => keys.bearer(serviceUrl(), {}, { key: another })],
      ['no signature at all (alg none) under the published key id', () => keys.bearer(serviceUrl(), {}, { alg: 'none' })],
      ['an HMAC with the published public key as secret (alg HS256)', () => keys.bearer(serviceUrl(), {}, { alg: 'HS256' })],
      ['a token that expired an hour ago', () => keys.bearer(serviceUrl(), { nbf: Math.floor(Date.now() / 1000) - 7200, exp: Math.floor(Date.now() / 1000) - 3600 })],
      ['a token valid only from an hour on', () => keys.bearer(serviceUrl(), { nbf: Math.floor(Date.now() / 1000) + 3600 })],
      ['a token for another app (audience)', () => keys.bearer(serviceUrl(), { aud: '11111111-0000-4000-8000-00000000ffff' })],
      ['a token from another issuer', () => keys.bearer(serviceUrl(), { iss: 'https://evil.example/' })],
      ['a token whose serviceurl is another connector than the activity’s', () => keys.bearer(ANOTHER_CONNECTOR)],
      ['a token without a serviceurl claim', () => keys.bearer(serviceUrl(), { serviceurl: undefined })],
    ])('refuses a message with %s: 401 without detail, logged at warn, nothing recorded', async (_name, headers) => {
      const before = s.logs().length;
      const r = await s.post(s.acts.personal(intruder, QUESTION), headers());
      expect(r.status).toBe(401);
      expect(r.body).toEqual({ error: 'Unauthorized' });
      await s.idle();
      const records = s.logs().slice(before);
      expect(records.filter((l) => l.msg === 'teams request rejected')).toEqual([expect.objectContaining({ level: 40 })]);
      expect(records.filter((l) => Number(l.level) >= 50)).toEqual([]);
      expect(await traces(s, intruder)).toEqual(NOTHING);
    });

    it('refuses a card press (invoke) and an install activity signed with another key', async () => {
      const forged = { key: another, kid: keys.key.kid };
      const press = s.acts.execute(PEOPLE.responder, { personal: PEOPLE.responder }, '1', { actionId: 'case.claim', value: 'OT-000001' });
      expect((await s.post(press, keys.bearer(serviceUrl(), {}, forged))).status).toBe(401);
      const install = s.acts.botAddedToChannel(PEOPLE.responder, RESPONDERS_CHANNEL, 'Evil', 'evil');
      expect((await s.post(install, keys.bearer(serviceUrl(), {}, forged))).status).toBe(401);
      await s.idle();
      expect(await traces(s, intruder)).toEqual(NOTHING);
    });
  });

  describe('when the token is the Bot Framework’s', () => {
    it('accepts a message: 200, the person registered, the conversation stored and the question opened as a case', async () => {
      const r = await s.post(s.acts.personal(intruder, QUESTION), keys.bearer(s.standIn.serviceUrl));
      expect(r.status).toBe(200);
      await s.idle();
      const cases = await until(async () => ((await traces(s, intruder)).cases === 1 ? traces(s, intruder) : null));
      expect(cases).toMatchObject({ receipts: 1, conversations: 1, cases: 1, person: true });
      const stored = await s.app.db.query<{ conversation_id: string }>('SELECT conversation_id FROM teams_conversations');
      expect(stored.rows).toEqual([{ conversation_id: personalConversationOf(intruder) }]);
    });

    it('accepts a card press and answers it in the turn (the invoke response)', async () => {
      const press = s.acts.execute(intruder, { personal: intruder }, '1', { actionId: 'feedback.helpful', value: 'OT-999999' });
      const r = await s.post(press, keys.bearer(s.standIn.serviceUrl));
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: '該当する案件が見つかりません。' });
    });

    it('answers an invoke it does not know 501, as before, and records nothing of it', async () => {
      const before = await traces(s, intruder);
      const unknown = { ...s.acts.execute(intruder, { personal: intruder }, '1', {}), name: 'composeExtension/query', value: { commandId: 'search', parameters: [] } };
      const r = await s.post(unknown, keys.bearer(s.standIn.serviceUrl));
      expect(r.status).toBe(501);
      expect(await traces(s, intruder)).toEqual(before);
    });

    it('fetches the metadata and the key set once for many requests (the keys are cached)', async () => {
      const accepted = await Promise.all(
        Array.from({ length: 8 }, () => s.post(s.acts.execute(intruder, { personal: intruder }, '1', { actionId: 'feedback.helpful', value: 'OT-999999' }), keys.bearer(s.standIn.serviceUrl))),
      );
      expect(accepted.map((r) => r.status)).toEqual(Array(8).fill(200));
      const refused = await s.post(s.acts.personal(intruder, QUESTION), keys.bearer(s.standIn.serviceUrl, {}, { key: another }));
      expect(refused.status).toBe(401);
      // Every request above (and the refusals before) needed a key; one fetch served them all.
      expect(keys.hits).toEqual({ metadata: 1, keys: 1 });
    });
  });
});

describe('Teams authentication when the signing keys cannot be fetched', () => {
  let s: TeamsTestApp;
  let keys: BotFrameworkKeysStandIn;
  const asker = newStaff('高木');

  beforeAll(async () => {
    keys = await BotFrameworkKeysStandIn.start(APP_ID);
    s = await startTeamsApp({ install: false, env: { ...APP_ENV, TEAMS_OPENID_METADATA_URL: keys.metadataUrl } });
  });
  afterAll(async () => {
    await s?.stop();
    await keys?.stop().catch(() => undefined);
  });

  /** POSTs a correctly signed message and checks the outage answer: 503, no detail, an error log with the code, nothing recorded. */
  async function expectOutageAnswer(): Promise<void> {
    const before = s.logs().length;
    const r = await s.post(s.acts.personal(asker, QUESTION), keys.bearer(s.standIn.serviceUrl));
    expect(r.status).toBe(503);
    expect(r.body).toEqual({ error: 'Service Unavailable' });
    expect(r.text).not.toMatch(/ at |stack|Error|127\.0\.0\.1/);
    await s.idle();
    const records = s.logs().slice(before);
    const logged = records.filter((l) => l.code === 'TEAMS_SIGNING_KEYS_UNAVAILABLE');
    expect(logged).toEqual([expect.objectContaining({ level: 50, reason: expect.stringMatching(/^signing keys unavailable: /) })]);
    expect(JSON.stringify(records)).not.toMatch(/"stack"/);
    expect(records.filter((l) => l.msg === 'teams request rejected')).toEqual([]);
    expect(await traces(s, asker)).toEqual(NOTHING);
  }

  it('answers 503, not 401, to a correctly signed activity while the key set answers 500', async () => {
    keys.failWith('keys', 500);
    await expectOutageAnswer();
    expect(keys.hits.keys).toBeGreaterThan(0);
  });

  it('answers 503 while the metadata document answers 500', async () => {
    keys.failWith('keys', null);
    keys.failWith('metadata', 503);
    await expectOutageAnswer();
  });

  it('answers 503 while the metadata document answers with a body that is not JSON', async () => {
    keys.failWith('metadata', 'not-json');
    await expectOutageAnswer();
    keys.failWith('metadata', null);
  });

  it('answers 503 within its deadline (5 s) while the key set does not answer at all', async () => {
    keys.failWith('keys', 'hang');
    const started = Date.now();
    await expectOutageAnswer();
    expect(Date.now() - started).toBeLessThan(8000);
  });

  it('answers 503 while the key service is down (connection refused)', async () => {
    keys.failWith('keys', null);
    await keys.stop();
    await expectOutageAnswer();
  });

  it('still refuses (401) a token it can judge without keys during the outage: another issuer, no token', async () => {
    const other = await s.post(s.acts.personal(asker, QUESTION), keys.bearer(s.standIn.serviceUrl, { iss: 'https://evil.example/' }));
    expect(other.status).toBe(401);
    expect((await s.post(s.acts.personal(asker, QUESTION))).status).toBe(401);
  });

  it('accepts the redelivered activity once the key service is back, and keeps serving from the cached keys through the next outage', async () => {
    await keys.restart();
    const activity = s.acts.personal(asker, QUESTION);
    expect((await s.post(activity, keys.bearer(s.standIn.serviceUrl))).status).toBe(200);
    await s.idle();
    expect(await until(async () => ((await traces(s, asker)).cases === 1 ? traces(s, asker) : null))).toMatchObject({ cases: 1, person: true });
    await keys.stop();
    const press = s.acts.execute(asker, { personal: asker }, '1', { actionId: 'feedback.helpful', value: 'OT-999999' });
    expect((await s.post(press, keys.bearer(s.standIn.serviceUrl))).status).toBe(200);
  });
});
