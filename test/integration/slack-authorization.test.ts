import Fastify from 'fastify';
import { HTTPReceiver } from '@slack/bolt';
import { mountSlackRoutes } from '../../bot/slack/slack-receiver.js';
import { memoryLogger } from '../helpers/logger.js';
import { CUSTOMER, STRANGER, dmEvent, mentionEvent, nextTs, slashCommand, threadReplyEvent } from '../helpers/slack-payloads.js';
import { PEOPLE, SIGNING_SECRET, startSlackApp, until, type SlackTestApp } from '../helpers/slack-app.js';
import { SlackSender } from '../helpers/slack-signing.js';
import { dmOf } from '../helpers/slack-stand-in.js';

const CHANNEL = 'C0GENERAL';

/** Channel chatter the bot is subscribed to but does not answer (not in a case thread, no mention). */
function chatter(): Record<string, unknown> {
  const payload = threadReplyEvent({ team: CUSTOMER, user: PEOPLE.admin.id, channel: CHANNEL, text: 'お昼どうする?', threadTs: nextTs() });
  const event = { ...(payload.event as Record<string, unknown>) };
  delete event.thread_ts;
  return { ...payload, event };
}

/** The bot's own message coming back as an event (Slack sends those too). */
function echo(): Record<string, unknown> {
  const payload = dmEvent({ team: CUSTOMER, user: CUSTOMER.botUserId, channel: dmOf(PEOPLE.asker.id), text: '確認しています' });
  return { ...payload, event: { ...(payload.event as Record<string, unknown>), bot_id: CUSTOMER.botId, subtype: 'bot_message' } };
}

async function sendAll(s: SlackTestApp, payloads: Record<string, unknown>[], batch = 20): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < payloads.length; i += batch) {
    const replies = await Promise.all(payloads.slice(i, i + batch).map((p) => s.sender.event(p)));
    statuses.push(...replies.map((r) => r.status));
  }
  return statuses;
}

describe('Slack authorization in single-workspace mode (SLACK_BOT_TOKEN)', () => {
  let s: SlackTestApp;
  beforeAll(async () => {
    s = await startSlackApp({
      mode: 'single',
      // Slack is having a bad moment at deploy time: the start waits it out instead of failing.
      beforeStart: (_app, standIn) => standIn.failNext('auth.test', { error: 'fatal_error' }, 2),
    });
  });
  afterAll(() => s?.stop());

  it('learns the bot’s identity at start with auth.test, retrying a transient failure with backoff', () => {
    expect(s.standIn.callsTo('auth.test')).toHaveLength(3);
    expect(s.logs().filter((l) => l.msg === 'slack: auth.test failed; retrying before serving Slack')).toHaveLength(2);
  });

  it('makes no further auth.test for 200 events (chatter, its own echoes, questions)', async () => {
    const before = s.standIn.callsTo('auth.test').length;
    const questions = [
      dmEvent({ team: CUSTOMER, user: PEOPLE.asker.id, channel: dmOf(PEOPLE.asker.id), text: 'パスワードを使い回していました', ts: nextTs() }),
      mentionEvent({ team: CUSTOMER, user: PEOPLE.admin.id, channel: CHANNEL, text: '不審なメールのリンクを押してしまいました', ts: nextTs() }),
    ];
    const payloads = [...Array.from({ length: 158 }, chatter), ...Array.from({ length: 40 }, echo), ...questions];
    const statuses = await sendAll(s, payloads);
    expect(statuses).toHaveLength(200);
    expect(statuses.every((x) => x === 200)).toBe(true);
    const q0 = questions[0]!.event as { ts: string };
    const q1 = questions[1]!.event as { ts: string };
    await until(() => s.standIn.thread(dmOf(PEOPLE.asker.id), q0.ts)[0]);
    await until(() => s.standIn.thread(CHANNEL, q1.ts)[0]);
    expect(s.standIn.callsTo('auth.test').length - before).toBe(0);
    // The echoes were recognised as the bot's own (botId/botUserId came from the identity): nothing answered them.
    expect(s.standIn.messages.filter((m) => m.channel === dmOf(PEOPLE.asker.id) && !m.threadTs)).toHaveLength(0);
  });

  describe('when auth.test is rate limited after the start', () => {
    beforeAll(() => s.standIn.failNext('auth.test', { status: 429, retryAfter: 4 }, 5));
    afterAll(() => s.standIn.reset());

    it('still acknowledges and answers a slash command (Slack never sends a command twice)', async () => {
      const question = 'USBメモリを拾いました。挿しても大丈夫ですか';
      const r = await s.sender.command(slashCommand({ team: CUSTOMER, user: PEOPLE.asker.id, channel: CHANNEL, text: question, triggerId: s.standIn.newTriggerId(), responseUrl: s.standIn.responseUrl() }));
      expect(r.status).toBe(200);
      expect(r.ms).toBeLessThan(3000);
      expect(r.body).toContain('確認しています');
      const root = await until(() => s.standIn.messages.find((m) => m.channel === dmOf(PEOPLE.asker.id) && !m.threadTs && m.visible.includes(question)));
      await until(() => s.standIn.thread(root.channel, root.ts)[0]);
    });

    it('still answers an event at once', async () => {
      const ts = nextTs();
      const r = await s.sender.event(dmEvent({ team: CUSTOMER, user: PEOPLE.englishAsker.id, channel: dmOf(PEOPLE.englishAsker.id), text: 'Someone called asking for my password', ts }));
      expect(r.status).toBe(200);
      expect(r.ms).toBeLessThan(3000);
      await until(() => s.standIn.thread(dmOf(PEOPLE.englishAsker.id), ts)[0]);
      expect(s.standIn.callsTo('auth.test')).toHaveLength(3);
    });
  });

  describe('a slash command from a workspace the token does not belong to', () => {
    it('gets the bilingual refusal, and no word of working on it or of anything recorded', async () => {
      const url = s.standIn.responseUrl();
      const callsBefore = s.standIn.calls.length;
      const r = await s.sender.command(slashCommand({ team: STRANGER, user: 'U0STRANGER', channel: 'C0X', text: 'ウイルスに感染したかもしれません', triggerId: s.standIn.newTriggerId(), responseUrl: url }));
      expect(r.status).toBe(200);
      expect(r.body).not.toContain('確認しています');
      const reply = await until(() => s.standIn.responses.find((x) => url.endsWith(`/${x.tag}`)));
      expect(reply.body).toMatchObject({ response_type: 'ephemeral' });
      expect(String(reply.body.text)).toContain('インストールされていない');
      expect(String(reply.body.text)).toContain('not installed in this workspace');
      await new Promise((res) => setTimeout(res, 300));
      const said = s.standIn.responses.filter((x) => url.endsWith(`/${x.tag}`)).map((x) => String(x.body.text)).join('\n');
      expect(said).not.toMatch(/記録されています|DMにお届け|recorded/);
      // Nothing was taken in: no DM opened, nothing posted with the workspace's token.
      // (Earlier questions' last replies may still be going out: only calls about this person count.)
      expect(s.standIn.calls.slice(callsBefore).filter((c) => /U0STRANGER|"C0X"/.test(JSON.stringify(c.args)))).toEqual([]);
    });
  });
});

describe('Slack authorization with installations (OAuth mode)', () => {
  let s: SlackTestApp;
  let reads = 0;
  beforeAll(async () => {
    s = await startSlackApp();
    await s.install(CUSTOMER);
    const db = s.app.db;
    const query = db.query.bind(db);
    // Counts the installation reads Bolt's authorize makes in PostgreSQL.
    db.query = ((sql: string, params?: unknown[]) => {
      if (typeof sql === 'string' && sql.includes('FROM slack_installations') && sql.includes('installation, uninstalled_at')) reads++;
      return query(sql, params);
    }) as typeof db.query;
  });
  afterAll(() => s?.stop());

  it('reads a workspace’s installation once for many events, and never calls auth.test', async () => {
    reads = 0;
    // (The install flow itself made one, as Slack's OAuth installer does; the events make none.)
    const authTests = s.standIn.callsTo('auth.test').length;
    const statuses = await sendAll(s, Array.from({ length: 60 }, chatter));
    expect(statuses.every((x) => x === 200)).toBe(true);
    expect(reads).toBeLessThanOrEqual(1);
    expect(s.standIn.callsTo('auth.test')).toHaveLength(authTests);
  });

  it('forgets the cached installation on app_uninstalled: the next command is refused as not installed', async () => {
    const uninstall = { ...mentionEvent({ team: CUSTOMER, user: PEOPLE.asker.id, channel: CHANNEL, text: 'x' }) };
    uninstall.event = { type: 'app_uninstalled', event_ts: nextTs() };
    expect((await s.sender.event(uninstall)).status).toBe(200);
    await until(async () => (await s.app.db.query('SELECT 1 FROM slack_installations WHERE team_id = $1 AND installation IS NULL', [CUSTOMER.teamId])).rowCount === 1);
    const url = s.standIn.responseUrl();
    await s.sender.command(slashCommand({ team: CUSTOMER, user: PEOPLE.asker.id, channel: CHANNEL, text: '質問', triggerId: s.standIn.newTriggerId(), responseUrl: url }));
    const reply = await until(() => s.standIn.responses.find((x) => url.endsWith(`/${x.tag}`)));
    expect(String(reply.body.text)).toContain('not installed');
  });
});

describe('Slack endpoint before the bot knows who it is', () => {
  it('answers 503 (Slack delivers again later) and runs nothing', async () => {
    const http = Fastify();
    const receiver = new HTTPReceiver({ signingSecret: SIGNING_SECRET, endpoints: '/slack/events' });
    let called = 0;
    receiver.requestListener = (() => {
      called++;
    }) as unknown as HTTPReceiver['requestListener'];
    await mountSlackRoutes(http, receiver, false, memoryLogger('silent').logger, () => false);
    await http.listen({ host: '127.0.0.1', port: 0 });
    try {
      const { port } = http.server.address() as { port: number };
      const r = await new SlackSender(`http://127.0.0.1:${port}/slack/events`, SIGNING_SECRET).event(dmEvent({ team: CUSTOMER, user: PEOPLE.asker.id, channel: dmOf(PEOPLE.asker.id), text: 'x' }));
      expect(r.status).toBe(503);
      expect(called).toBe(0);
    } finally {
      await http.close();
    }
  });
});
