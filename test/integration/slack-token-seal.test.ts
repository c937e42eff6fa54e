import crypto from 'node:crypto';
import { loadConfig } from '../../core/config.js';
import { ConfigError } from '../../core/errors.js';
import { PostgresInstallationStore } from '../../bot/slack/installation-store.js';
import { TokenSealer, TokenSealError } from '../../bot/slack/token-sealer.js';
import { CUSTOMER, VENDOR, mentionEvent, nextTs } from '../helpers/slack-payloads.js';
import { PEOPLE, startSlackApp, until, type SlackTestApp } from '../helpers/slack-app.js';

/*
 * SLACK_TOKEN_KEY: installations (bot tokens) are sealed before they reach
 * PostgreSQL, installations stored earlier in the clear are sealed at start,
 * and a sealed row is useless without the key.
 */
const KEY = crypto.randomBytes(32);

async function storedInstallations(s: SlackTestApp): Promise<{ team_id: string; raw: string }[]> {
  const r = await s.app.services.db.query<{ team_id: string; raw: string }>('SELECT team_id, installation::text AS raw FROM slack_installations ORDER BY team_id');
  return r.rows;
}

describe('Slack bot tokens sealed at rest (PostgreSQL, OAuth install flow)', () => {
  let s: SlackTestApp;

  beforeAll(async () => {
    s = await startSlackApp({ env: { SLACK_TOKEN_KEY: KEY.toString('base64') } });
    await s.install(VENDOR);
    await s.install(CUSTOMER);
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('stores no bot token in the clear', async () => {
    const rows = await storedInstallations(s);
    expect(rows.map((r) => r.team_id)).toEqual([CUSTOMER.teamId, VENDOR.teamId].sort());
    for (const row of rows) {
      expect(row.raw).not.toContain(CUSTOMER.botToken);
      expect(row.raw).not.toContain(VENDOR.botToken);
      expect(JSON.parse(row.raw)).toEqual({ sealed: expect.stringMatching(/^v1:/) });
    }
  });

  it('still answers in the workspace, with the token opened from the sealed row', async () => {
    const ts = nextTs();
    const r = await s.sender.event(mentionEvent({ team: CUSTOMER, user: PEOPLE.asker.id, channel: 'C0SEALED', ts, text: 'パスワードを使い回しています。変えたほうがいいですか' }));
    expect(r.status).toBe(200);
    await until(() => s.standIn.thread('C0SEALED', ts)[0]);
    const post = s.standIn.callsTo('chat.postMessage').find((c) => c.args.channel === 'C0SEALED');
    expect(post?.token).toBe(CUSTOMER.botToken);
  });

  it('seals installations stored in the clear before the key was set, once, and opens them afterwards', async () => {
    const db = s.app.services.db;
    const clear = new PostgresInstallationStore(db);
    const plain = { team: { id: 'T0LEGACY', name: 'Legacy' }, bot: { token: 'xoxb-legacy-token', userId: 'U0LEG', id: 'B0LEG', scopes: [] }, enterprise: undefined, user: { id: 'U0INST', token: undefined, scopes: undefined }, isEnterpriseInstall: false, appId: 'A0', tokenType: 'bot' as const, authVersion: 'v2' as const };
    await clear.storeInstallation(plain);
    expect((await storedInstallations(s)).find((r) => r.team_id === 'T0LEGACY')!.raw).toContain('xoxb-legacy-token');

    const sealed = new PostgresInstallationStore(db, { sealer: new TokenSealer(KEY) });
    expect(await sealed.sealStoredInstallations()).toBe(1);
    expect(await sealed.sealStoredInstallations()).toBe(0);
    expect((await storedInstallations(s)).find((r) => r.team_id === 'T0LEGACY')!.raw).not.toContain('xoxb-legacy-token');
    expect((await sealed.workspace('T0LEGACY'))?.botToken).toBe('xoxb-legacy-token');
    expect((await sealed.fetchInstallation({ teamId: 'T0LEGACY', enterpriseId: undefined, isEnterpriseInstall: false })).bot?.token).toBe('xoxb-legacy-token');
  });

  it('refuses to use a sealed row without the key, or with another key, with a typed error', async () => {
    const db = s.app.services.db;
    await expect(new PostgresInstallationStore(db).workspace(CUSTOMER.teamId)).rejects.toBeInstanceOf(TokenSealError);
    const wrong = new PostgresInstallationStore(db, { sealer: new TokenSealer(crypto.randomBytes(32)) });
    await expect(wrong.workspace(CUSTOMER.teamId)).rejects.toMatchObject({ code: 'SLACK_TOKEN_SEAL' });
  });

  it('refuses a key that is not 32 bytes of base64 at start', () => {
    expect(() => loadConfig({ SLACK_TOKEN_KEY: 'too-short', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'secret' })).toThrow(ConfigError);
    expect(() => loadConfig({ SLACK_TOKEN_KEY: 'too-short', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'secret' })).toThrow(/SLACK_TOKEN_KEY/);
  });
});
