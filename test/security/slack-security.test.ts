import { CUSTOMER, VENDOR, buttonPress, dmEvent, homeOpenedEvent, mentionEvent, nextTs, slashCommand, threadReplyEvent } from '../helpers/slack-payloads.js';
import { PEOPLE, RESPONDERS_CHANNEL, startSlackApp, until, type SlackTestApp } from '../helpers/slack-app.js';
import { slackSignature } from '../helpers/slack-signing.js';
import { dmOf, type WorkspaceFixture } from '../helpers/slack-stand-in.js';

/**
 * Slack-facing security: request verification (forged, stale, replayed,
 * unsigned), tenant isolation between two customer workspaces, mention
 * injection as Slack would see it, oversized and malformed input.
 * The whole bot on PostgreSQL and BullMQ/Redis against the Web API stand-in.
 */

/** A second customer company (tenant B). */
const RIVAL: WorkspaceFixture = { teamId: 'T0RIVAL', teamName: 'Rival Trading', botToken: 'xoxb-rival-token', botUserId: 'U0BOTRIVAL', botId: 'B0BOTRIVAL' };
const RIVAL_STAFF = { id: 'U0RIVALSTAFF', name: 'Takahashi', displayName: '高橋', locale: 'ja-JP' };

const A_SECRET = 'KIRIN7731';
const A_QUESTION = `朝来たら共有フォルダのファイルが全部開けません。拡張子が変になってて、英語のテキストが置いてあります。プロジェクト${A_SECRET}の設計書も開けません`;
const PINGS = '<!channel> <!here> <!everyone> <@U0VICTIM1> <!subteam^S0SECURITY|@security> @everyone @here';
/** A Slack control sequence that would ping (or link someone) if posted unescaped. */
const SLACK_TOKEN = /<[!@][^>]*>/;

describe('Slack security (PostgreSQL + Redis + Web API stand-in)', () => {
  let s: SlackTestApp;
  let aNumber = '';
  let aTs = '';

  beforeAll(async () => {
    s = await startSlackApp();
    s.standIn.addUser({ id: RIVAL_STAFF.id, teamId: RIVAL.teamId, name: RIVAL_STAFF.name, displayName: RIVAL_STAFF.displayName, locale: RIVAL_STAFF.locale });
    expect((await s.install(VENDOR)).status).toBe(200);
    expect((await s.install(CUSTOMER)).status).toBe(200);
    expect((await s.install(RIVAL)).status).toBe(200);
    // Tenant A's escalated case.
    aTs = nextTs();
    await s.sender.event(dmEvent({ team: CUSTOMER, user: PEOPLE.asker.id, channel: dmOf(PEOPLE.asker.id), text: A_QUESTION, ts: aTs }));
    const answer = await until(() => s.standIn.thread(dmOf(PEOPLE.asker.id), aTs)[0]);
    aNumber = /OT-\d{6}/.exec(answer.visible)![0];
    await until(() => s.standIn.messages.find((m) => m.channel === RESPONDERS_CHANNEL && m.visible.includes(aNumber)));
  });
  afterAll(() => s?.stop());

  const cases = async () => ((await s.app.db.query('SELECT count(*)::int AS n FROM cases')).rows[0] as { n: number }).n;
  const receipts = async () => ((await s.app.db.query('SELECT count(*)::int AS n FROM inbound_receipts')).rows[0] as { n: number }).n;
  const settle = () => new Promise((r) => setTimeout(r, 400));
  /** Everything the bot sent to Slack since call index `from`, as raw JSON (escaped the way Slack receives it). */
  const sentSince = (from: number) => s.standIn.calls.slice(from).filter((c) => /^(chat\.|views\.)/.test(c.method)).map((c) => ({ method: c.method, team: c.team, raw: JSON.stringify(c.args) }));
  const rivalDm = dmOf(RIVAL_STAFF.id);

  describe('requests that did not come from Slack: 401, nothing runs, no case', () => {
    const question = () => dmEvent({ team: RIVAL, user: RIVAL_STAFF.id, channel: rivalDm, text: 'ランサムウェアに感染しました。ファイルが暗号化されています' });

    it.each([
      ['a forged signature (wrong secret)', { secret: 'attacker-guess' }],
      ['a signature of other bytes', { signature: `v0=${'ab'.repeat(32)}` }],
      ['a malformed signature', { signature: 'v1=not-hex' }],
      ['a timestamp 6 minutes old', { timestamp: Math.floor(Date.now() / 1000) - 360 }],
      ['a correctly signed timestamp 6 minutes ahead', { timestamp: Math.floor(Date.now() / 1000) + 360 }],
      ['a correctly signed timestamp 9 minutes ahead', { timestamp: Math.floor(Date.now() / 1000) + 540 }],
    ])('refuses %s', async (_name, options) => {
      const [callsBefore, casesBefore, receiptsBefore] = [s.standIn.calls.length, await cases(), await receipts()];
      const r = await s.sender.event(question(), options);
      expect(r.status).toBe(401);
      await settle();
      // (Tenant A's escalation may still be posting in the background: only calls for B's workspace count.)
      expect(s.standIn.calls.slice(callsBefore).filter((c) => c.team === RIVAL.teamId)).toEqual([]);
      expect(await cases()).toBe(casesBefore);
      expect(await receipts()).toBe(receiptsBefore);
    });

    // Fixed (was a hole): Bolt's HTTPReceiver refuses timestamps more than 5 minutes old but accepted ones ahead
    // of the clock, so a request signed with a future time stayed replayable until that time had passed.
    it('refuses a correctly signed request from more than 5 minutes in the future with 401 before Bolt, logged at warn', async () => {
      const [casesBefore, receiptsBefore, logsBefore] = [await cases(), await receipts(), s.logs().length];
      const r = await s.sender.event(question(), { timestamp: Math.floor(Date.now() / 1000) + 420 });
      expect(r.status).toBe(401);
      expect(r.body).toBe('');
      await settle();
      expect(await cases()).toBe(casesBefore);
      expect(await receipts()).toBe(receiptsBefore);
      const refused = s.logs().slice(logsBefore).filter((l) => l.code === 'SLACK_TIMESTAMP_AHEAD');
      expect(refused).toHaveLength(1);
      expect(refused[0]).toMatchObject({ level: 40, component: 'slack' });
      expect(String(refused[0]!.err)).toMatch(/ahead of the server clock/);
      // A little clock skew the other way is still fine: 2 minutes ahead is answered.
      const ts = nextTs();
      const ok = await s.sender.event(dmEvent({ team: RIVAL, user: RIVAL_STAFF.id, channel: rivalDm, text: 'パスワードの使い回しは危険ですか', ts }), { timestamp: Math.floor(Date.now() / 1000) + 120 });
      expect(ok.status).toBe(200);
      await until(() => s.standIn.thread(rivalDm, ts)[0]);
      await until(async () => (await cases()) === casesBefore + 1);
    });

    it.each([
      ['no signature header', (h: Record<string, string>) => delete h['x-slack-signature']],
      ['no timestamp header', (h: Record<string, string>) => delete h['x-slack-request-timestamp']],
      ['neither header', (h: Record<string, string>) => (delete h['x-slack-signature'], delete h['x-slack-request-timestamp'])],
      ['a non-numeric timestamp', (h: Record<string, string>) => (h['x-slack-request-timestamp'] = 'yesterday')],
    ])('refuses a request with %s', async (_name, tamper) => {
      const body = JSON.stringify(question());
      const ts = Math.floor(Date.now() / 1000);
      const headers: Record<string, string> = { 'content-type': 'application/json', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': slackSignature('test-signing-secret-8f14e45fceea167a', ts, body) };
      tamper(headers);
      const casesBefore = await cases();
      const r = await fetch(s.sender.url, { method: 'POST', headers, body });
      expect(r.status).toBe(401);
      await settle();
      expect(await cases()).toBe(casesBefore);
    });

    it('refuses a forged slash command and a forged button press (interactivity) with 401', async () => {
      const callsBefore = s.standIn.calls.length;
      const url = s.standIn.responseUrl();
      const c = await s.sender.command(slashCommand({ team: RIVAL, user: RIVAL_STAFF.id, channel: 'C0X', text: `report ${aNumber} md`, triggerId: s.standIn.newTriggerId(), responseUrl: url }), { secret: 'x' });
      const p = await s.sender.interaction(buttonPress({ team: RIVAL, user: RIVAL_STAFF.id, channel: rivalDm, messageTs: nextTs(), actionId: 'case.claim#0', value: aNumber, triggerId: s.standIn.newTriggerId(), responseUrl: url }), { secret: 'x' });
      expect([c.status, p.status]).toEqual([401, 401]);
      await settle();
      expect(s.standIn.calls.slice(callsBefore).filter((x) => x.team === RIVAL.teamId)).toEqual([]);
      expect(s.standIn.responses.filter((x) => url.endsWith(`/${x.tag}`))).toEqual([]);
    });

    it('answers a replayed request (same body and signature delivered twice) once', async () => {
      const ts = nextTs();
      const payload = dmEvent({ team: RIVAL, user: RIVAL_STAFF.id, channel: rivalDm, text: 'フィッシングサイトにパスワードを入力してしまいました', ts });
      const timestamp = Math.floor(Date.now() / 1000);
      const casesBefore = await cases();
      const first = await s.sender.event(payload, { timestamp });
      await until(() => s.standIn.thread(rivalDm, ts)[0]);
      const second = await s.sender.event(payload, { timestamp });
      expect(first.status).toBe(200);
      expect([200, 401]).toContain(second.status);
      await new Promise((r) => setTimeout(r, 800));
      expect(s.standIn.thread(rivalDm, ts).filter((m) => m.blocks[0]?.type === 'header')).toHaveLength(1);
      expect(await cases()).toBe(casesBefore + 1);
    });
  });

  describe('malformed and oversized input', () => {
    it('a signed body that is not JSON, or an interaction whose payload is not JSON, is refused (4xx) and creates nothing', async () => {
      const casesBefore = await cases();
      expect((await s.sender.raw('{"type":"event_callback","event":{', 'application/json')).status).toBeGreaterThanOrEqual(400);
      const bad = await s.sender.raw('payload=%7Bnot-json', 'application/x-www-form-urlencoded');
      expect(bad.status).toBeGreaterThanOrEqual(400);
      expect(bad.status).toBeLessThan(500);
      await settle();
      expect(await cases()).toBe(casesBefore);
    });

    it('an event without text, user or channel creates no case', async () => {
      const casesBefore = await cases();
      const e = dmEvent({ team: RIVAL, user: RIVAL_STAFF.id, channel: rivalDm, text: 'x' });
      const event = e.event as Record<string, unknown>;
      for (const strip of ['text', 'user', 'channel']) {
        const copy = { ...event };
        delete copy[strip];
        const r = await s.sender.event({ ...e, event_id: `EvStrip${strip}${Date.now()}`, event: copy });
        expect(r.status).toBeLessThan(500);
      }
      await settle();
      expect(await cases()).toBe(casesBefore);
    });

    it('a 40,000-character DM is refused clearly (limit named) and creates no case', async () => {
      const casesBefore = await cases();
      const from = s.standIn.calls.length;
      const ts = nextTs();
      const r = await s.sender.event(dmEvent({ team: RIVAL, user: RIVAL_STAFF.id, channel: rivalDm, text: 'ウイルス'.repeat(10_001), ts }));
      expect(r.status).toBe(200);
      const refusal = await until(() => sentSince(from).find((c) => /8000|too long|長すぎ/.test(c.raw)));
      expect(refusal.team).toBe(RIVAL.teamId);
      expect(await cases()).toBe(casesBefore);
    });

    it('a 40,000-character slash command is refused clearly and creates no case', async () => {
      const casesBefore = await cases();
      const url = s.standIn.responseUrl();
      await s.sender.command(slashCommand({ team: RIVAL, user: RIVAL_STAFF.id, channel: 'C0RIVALGEN', text: 'a'.repeat(40_000), triggerId: s.standIn.newTriggerId(), responseUrl: url }));
      const reply = await until(() => s.standIn.responses.find((x) => url.endsWith(`/${x.tag}`)) ?? s.standIn.ephemerals.find((e) => e.user === RIVAL_STAFF.id && /8000|長すぎ|too long/.test(e.visible)));
      expect(JSON.stringify(reply)).toMatch(/8000|長すぎ|too long/);
      expect(await cases()).toBe(casesBefore);
    });
  });

  describe('tenant B (another workspace) reaching for tenant A’s case', () => {
    it.each(['feedback.helpful', 'feedback.not_helpful', 'case.request_responder', 'intake.answer', 'case.claim'])('a %s press with A’s case number is refused to the presser, without A’s text', async (actionId) => {
      // Replies still on their way from earlier tests (an ephemeral refusal) must not be taken for this one's.
      await settle();
      const url = s.standIn.responseUrl();
      const from = s.standIn.calls.length;
      const value = actionId === 'intake.answer' ? `${aNumber}|ransomware.affected_pcs|one` : aNumber;
      const r = await s.sender.interaction(buttonPress({ team: RIVAL, user: RIVAL_STAFF.id, channel: rivalDm, messageTs: nextTs(), actionId: `${actionId}#0`, value, triggerId: s.standIn.newTriggerId(), responseUrl: url }));
      expect(r.status).toBe(200);
      const reply = await until(() => s.standIn.responses.find((x) => url.endsWith(`/${x.tag}`)) ?? sentSince(from).find((c) => c.method === 'chat.postEphemeral'));
      const text = JSON.stringify(reply);
      // Worded exactly as for a number that does not exist: B cannot tell that A's case exists.
      expect((reply as { body?: { text?: string } }).body?.text ?? text).toContain('該当する案件が見つかりません。');
      expect(text).not.toMatch(/権限|担当チーム|ご本人|できません/);
      await settle();
      for (const c of [text, ...sentSince(from).map((x) => x.raw)]) expect(c).not.toContain(A_SECRET);
      // Nothing went to A's workspace.
      expect(sentSince(from).filter((c) => c.team === CUSTOMER.teamId)).toEqual([]);
    });

    it('B’s App Home lists none of A’s cases', async () => {
      await s.sender.event(homeOpenedEvent(RIVAL, RIVAL_STAFF.id));
      const home = await until(() => s.standIn.homeViews.get(`${RIVAL.teamId}:${RIVAL_STAFF.id}`));
      expect(home.visible).not.toContain(aNumber);
      expect(home.visible).not.toContain(A_SECRET);
    });

    it('a reply posted by B into a thread with A’s thread ts creates nothing on A’s case and reaches nobody at A', async () => {
      const from = s.standIn.calls.length;
      const c = (await s.app.services.cases.findByNumber(aNumber))!;
      const eventsBefore = (await s.app.services.cases.events(c.id)).length;
      await s.sender.event(dmEvent({ team: RIVAL, user: RIVAL_STAFF.id, channel: dmOf(PEOPLE.asker.id), text: `偽のフォローアップ ${PINGS}`, threadTs: aTs }));
      await s.sender.event(threadReplyEvent({ team: RIVAL, user: RIVAL_STAFF.id, channel: RESPONDERS_CHANNEL, text: `偽の担当者 ${PINGS}`, threadTs: aTs }));
      await new Promise((r) => setTimeout(r, 800));
      expect((await s.app.services.cases.events(c.id)).length).toBe(eventsBefore);
      const sent = sentSince(from);
      expect(sent.filter((x) => x.team === CUSTOMER.teamId || x.team === VENDOR.teamId)).toEqual([]);
      for (const x of sent) expect(x.raw).not.toContain(A_SECRET);
    });
  });

  describe('mention injection: nothing posted to Slack carries a live mention token', () => {
    it('in a question (answer and responder card), a follow-up (relayed to responders) and a relay back', async () => {
      const from = s.standIn.calls.length;
      // A question full of pings is answered with a refusal (treated as an injection attempt), itself without pings.
      const pingTs = nextTs();
      await s.sender.event(mentionEvent({ team: CUSTOMER, user: PEOPLE.asker.id, channel: 'C0GENERAL', text: `ランサムウェアに感染しました ${PINGS} ファイルが暗号化されています`, ts: pingTs }));
      await until(() => s.standIn.thread('C0GENERAL', pingTs)[0]);
      // A real question (escalated), then pings in the follow-up and in the responder's relay.
      const ts = nextTs();
      await s.sender.event(mentionEvent({ team: CUSTOMER, user: PEOPLE.asker.id, channel: 'C0GENERAL', text: `ランサムウェアに感染しました。共有フォルダのファイルが全部暗号化されて開けません ${ts}`, ts }));
      await until(() => s.standIn.thread('C0GENERAL', ts)[0]);
      const number = await until(async () => (await s.app.db.query<{ number: string }>('SELECT number FROM cases WHERE question LIKE $1', [`%${ts}%`])).rows[0]?.number);
      const card = await until(() => s.standIn.messages.find((m) => m.channel === RESPONDERS_CHANNEL && !m.threadTs && m.visible.includes(number)));
      // The worker records the card's thread just after posting it; relays go there from then on.
      await until(async () => (await s.app.services.cases.findByNumber(number))?.responderThreadRef);
      await s.sender.event(threadReplyEvent({ team: CUSTOMER, user: PEOPLE.asker.id, channel: 'C0GENERAL', text: `追加情報 ${PINGS}`, threadTs: ts }));
      await until(() => s.standIn.thread(RESPONDERS_CHANNEL, card.ts).some((m) => m.visible.includes('追加情報')));
      await s.sender.event(threadReplyEvent({ team: VENDOR, user: PEOPLE.responder.id, channel: RESPONDERS_CHANNEL, text: `確認します ${PINGS}`, threadTs: card.ts }));
      await until(() => s.standIn.thread('C0GENERAL', ts).some((m) => m.visible.includes('確認します')));
      await settle();
      const sent = sentSince(from);
      expect(sent.length).toBeGreaterThan(4);
      const live = sent.filter((c) => SLACK_TOKEN.test(c.raw)).map((c) => `${c.method}: ${SLACK_TOKEN.exec(c.raw)![0]}`);
      expect(live).toEqual([]);
    });
  });
});
