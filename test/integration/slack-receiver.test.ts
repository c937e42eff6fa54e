import type { AddressInfo } from 'node:net';
import { createApp, type App } from '../../bot/create-app.js';
import { CUSTOMER, STRANGER, VENDOR, buttonPress, dmEvent, mentionEvent, nextTs, slashCommand } from '../helpers/slack-payloads.js';
import { PEOPLE, SIGNING_SECRET, startSlackApp, until, type SlackTestApp } from '../helpers/slack-app.js';
import { memoryLogger } from '../helpers/logger.js';
import { SlackSender } from '../helpers/slack-signing.js';
import { dmOf } from '../helpers/slack-stand-in.js';

const CHANNEL = 'C0GENERAL';

describe('Slack: the HTTP receiver and the install flow', () => {
  let s: SlackTestApp;
  beforeAll(async () => {
    s = await startSlackApp();
    await s.install(VENDOR);
  });
  afterAll(() => s?.stop());

  const receipts = async () => ((await s.app.db.query('SELECT count(*)::int AS n FROM inbound_receipts')).rows[0] as { n: number }).n;

  describe('requests that did not come from Slack', () => {
    const event = () => dmEvent({ team: VENDOR, user: PEOPLE.responder.id, channel: dmOf(PEOPLE.responder.id), text: 'パスワードを忘れました' });

    it.each([
      ['a wrong signing secret', { secret: 'not-the-secret' }],
      ['a signature of other bytes', { signature: 'v0=0000000000000000000000000000000000000000000000000000000000000000' }],
      ['a timestamp six minutes old (replayed)', { timestamp: Math.floor(Date.now() / 1000) - 360 }],
    ])('are refused with 401 when they carry %s, and nothing runs', async (_name, options) => {
      const callsBefore = s.standIn.calls.length;
      const receiptsBefore = await receipts();
      const r = await s.sender.event(event(), options);
      expect(r.status).toBe(401);
      await new Promise((res) => setTimeout(res, 200));
      expect(s.standIn.calls.length).toBe(callsBefore);
      expect(await receipts()).toBe(receiptsBefore);
    });

    it('are refused with 401 without signature headers', async () => {
      const r = await fetch(s.sender.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(event()) });
      expect(r.status).toBe(401);
    });
  });

  it('answers 400 to a signed body that is not JSON', async () => {
    const r = await s.sender.raw('{"type":"event_callback","event":{', 'application/json');
    expect(r.status).toBe(400);
  });

  it('answers Slack’s ssl_check', async () => {
    const r = await s.sender.command({ ssl_check: '1', token: 'x' });
    expect(r.status).toBe(200);
  });

  describe('a workspace that is not installed', () => {
    it('gets no answer to an event (there is no token to answer with), and Slack gets its 200', async () => {
      const before = s.standIn.calls.length;
      const r = await s.sender.event(mentionEvent({ team: STRANGER, user: 'U0STRANGER', channel: 'C0X', text: 'hello' }));
      expect(r.status).toBe(200);
      await new Promise((res) => setTimeout(res, 300));
      expect(s.standIn.calls.slice(before)).toEqual([]);
      expect(s.logs().some((l) => l.msg === 'slack: request from a workspace that is not installed refused' && l.team === STRANGER.teamId)).toBe(true);
    });

    it('is told clearly, in both languages, on a slash command or a button press', async () => {
      for (const send of [
        (url: string) => s.sender.command(slashCommand({ team: STRANGER, user: 'U0STRANGER', channel: 'C0X', text: 'ウイルス?', triggerId: s.standIn.newTriggerId(), responseUrl: url })),
        (url: string) => s.sender.interaction(buttonPress({ team: STRANGER, user: 'U0STRANGER', channel: 'C0X', messageTs: nextTs(), actionId: 'feedback.helpful#0', value: 'OT-000001', triggerId: s.standIn.newTriggerId(), responseUrl: url })),
      ]) {
        const url = s.standIn.responseUrl();
        expect((await send(url)).status).toBe(200);
        const reply = await until(() => s.standIn.responses.find((x) => url.endsWith(`/${x.tag}`)));
        expect(reply.body).toMatchObject({ response_type: 'ephemeral' });
        expect(String(reply.body.text)).toContain('インストールされていない');
        expect(String(reply.body.text)).toContain('not installed in this workspace');
      }
    });
  });

  describe('the OAuth install flow', () => {
    it('refuses a callback whose state was not issued by the install page', async () => {
      s.standIn.registerOAuthCode('forged-code', CUSTOMER, { clientId: 'x', clientSecret: 'y' });
      const r = await fetch(`${s.base}/slack/oauth_redirect?code=forged-code&state=forged`);
      expect(r.status).toBeGreaterThanOrEqual(400);
      expect((await s.app.db.query('SELECT 1 FROM slack_installations WHERE team_id = $1', [CUSTOMER.teamId])).rowCount).toBe(0);
    });

    it('stores the installation in PostgreSQL and makes the workspace a tenant routed to the default responders', async () => {
      const r = await s.install(CUSTOMER);
      expect(r.status).toBe(200);
      const row = (await s.app.db.query<{ tenant_id: string; team_name: string; bot_user_id: string; installation: { bot: { token: string } } }>(
        'SELECT tenant_id, team_name, bot_user_id, installation FROM slack_installations WHERE team_id = $1',
        [CUSTOMER.teamId],
      )).rows[0]!;
      expect(row).toMatchObject({ tenant_id: 'slack-t0customer', team_name: 'Sakura Trading', bot_user_id: CUSTOMER.botUserId });
      expect(row.installation.bot.token).toBe(CUSTOMER.botToken);
      expect(await s.app.services.directory.getTenant('slack-t0customer')).toMatchObject({ name: 'Sakura Trading' });
      expect((await s.app.services.directory.groupForTenant('slack-t0customer'))?.id).toBe('vendor-responders');
      expect(s.standIn.callsTo('oauth.v2.access').at(-1)!.args).toMatchObject({ code: expect.stringMatching(/^code-T0CUSTOMER-/) });
    });

    it('keeps the tenant when the workspace installs again', async () => {
      await s.app.db.query("UPDATE tenants SET name = 'さくら商事' WHERE id = 'slack-t0customer'");
      expect((await s.install(CUSTOMER)).status).toBe(200);
      expect(await s.app.services.directory.getTenant('slack-t0customer')).toMatchObject({ name: 'さくら商事' });
      expect((await s.app.db.query('SELECT 1 FROM slack_installations')).rowCount).toBe(2);
    });

    it('forgets the tokens on app_uninstalled, after which the workspace is refused', async () => {
      const uninstall = { ...mentionEvent({ team: CUSTOMER, user: PEOPLE.asker.id, channel: CHANNEL, text: 'x' }) };
      uninstall.event = { type: 'app_uninstalled', event_ts: nextTs() };
      expect((await s.sender.event(uninstall)).status).toBe(200);
      await until(async () => (await s.app.db.query('SELECT 1 FROM slack_installations WHERE team_id = $1 AND installation IS NULL', [CUSTOMER.teamId])).rowCount === 1);
      const url = s.standIn.responseUrl();
      await s.sender.command(slashCommand({ team: CUSTOMER, user: PEOPLE.asker.id, channel: CHANNEL, text: '質問', triggerId: s.standIn.newTriggerId(), responseUrl: url }));
      const reply = await until(() => s.standIn.responses.find((x) => url.endsWith(`/${x.tag}`)));
      expect(String(reply.body.text)).toContain('not installed');
      // Reinstalling brings the same tenant back.
      expect((await s.install(CUSTOMER)).status).toBe(200);
      expect((await s.app.db.query<{ tenant_id: string }>('SELECT tenant_id FROM slack_installations WHERE team_id = $1 AND installation IS NOT NULL', [CUSTOMER.teamId])).rows[0]?.tenant_id).toBe('slack-t0customer');
    });
  });

  describe('two bot processes behind one URL', () => {
    let second: App;
    let secondSender: SlackSender;
    beforeAll(async () => {
      second = await createApp(s.config, { logger: memoryLogger('error').logger });
      await second.start();
      secondSender = new SlackSender(`http://127.0.0.1:${(second.http.server.address() as AddressInfo).port}/slack/events`, SIGNING_SECRET);
    });
    afterAll(() => second?.stop());

    it('answer a question delivered to both (a retry landing on the other one) exactly once', async () => {
      const ts = nextTs();
      const payload = mentionEvent({ team: CUSTOMER, user: PEOPLE.asker.id, channel: CHANNEL, text: 'フィッシングサイトにパスワードを入力してしまいました', ts });
      const [a, b] = await Promise.all([s.sender.event(payload), secondSender.event(payload, { retryNum: 1 })]);
      expect([a.status, b.status]).toEqual([200, 200]);
      await until(() => s.standIn.thread(CHANNEL, ts).length >= 1);
      await new Promise((res) => setTimeout(res, 800));
      expect(s.standIn.thread(CHANNEL, ts).filter((m) => m.blocks[0]?.type === 'header')).toHaveLength(1);
    });
  });
});

describe('Slack: one workspace with a bot token (single-workspace mode)', () => {
  let s: SlackTestApp;
  beforeAll(async () => {
    s = await startSlackApp({ mode: 'single' });
  });
  afterAll(() => s?.stop());

  it('maps the token’s workspace to a tenant at start (auth.test) and answers a DM', async () => {
    expect(s.standIn.callsTo('auth.test').length).toBeGreaterThanOrEqual(1);
    expect(await s.app.services.directory.getTenant('slack-t0customer')).toMatchObject({ name: 'Sakura Trading' });
    const ts = nextTs();
    await s.sender.event(dmEvent({ team: CUSTOMER, user: PEOPLE.englishAsker.id, channel: dmOf(PEOPLE.englishAsker.id), text: 'How do we turn on two-factor authentication for Google Workspace?', ts }));
    const answer = await until(() => s.standIn.thread(dmOf(PEOPLE.englishAsker.id), ts)[0]);
    expect(answer.team).toBe(CUSTOMER.teamId);
    expect(s.standIn.callsTo('chat.postMessage').every((c) => c.token === CUSTOMER.botToken)).toBe(true);
    // The token stays in the environment, never in the database.
    expect((await s.app.db.query('SELECT installation FROM slack_installations')).rows).toEqual([{ installation: null }]);
  });
});
