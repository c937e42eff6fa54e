import { loadConfig } from '../../core/config.js';
import { createApp, type App } from '../../bot/create-app.js';
import type { Delivery } from '../../bot/playground/playground-adapter.js';
import { ADMIN_THREAD } from '../../bot/playground/playground-refs.js';
import type { CaseRecord } from '../../handlers/cases/case-types.js';
import { LOCAL_DEMO } from '../../handlers/directory/local-demo.js';
import { t as message } from '../../core/i18n/t.js';
import { buildCaseReport, reportToMarkdown } from '../../handlers/report/case-report.js';
import { containsMention } from '../../knowledge/text/neutralize.js';
import { createPostgresTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { memoryLogger } from '../helpers/logger.js';
import { flushPrefix, REDIS_URL, uniquePrefix } from '../helpers/redis.js';
import { until } from '../helpers/wait.js';

/**
 * The web playground's API as an attack surface, on PostgreSQL and BullMQ/Redis:
 * another company's case (tenant B) must not show in any view or be reachable
 * by number; pings in what people type must not come back as mentions;
 * oversized and malformed requests are refused and create nothing.
 */

const B_SECRET = 'ZEBRA4412';
const PINGS = '<!channel> <!here> <@U0VICTIM1> <!subteam^S0SECURITY|@security> @everyone @here';
const HEADERS = { 'content-type': 'application/json', 'x-otasuke-playground': '1' };
let seq = 0;
const key = () => `sec${Date.now()}${++seq}`;

/** Every string inside a value, joined. */
function collectText(x: unknown): string {
  if (typeof x === 'string') return x;
  if (Array.isArray(x)) return x.map(collectText).join('\n');
  if (x && typeof x === 'object') return Object.values(x).map(collectText).join('\n');
  return '';
}

describe('playground API security (PostgreSQL + Redis)', () => {
  let t: TestDatabase;
  let app: App;
  let base: string;
  let bCase: CaseRecord;
  const prefix = uniquePrefix();

  const send = (body: unknown, headers: Record<string, string> = HEADERS) =>
    fetch(`${base}playground/api/inbound`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const post = async (body: Record<string, unknown>): Promise<Delivery[]> => {
    const res = await send({ key: key(), ...body });
    expect(res.status).toBe(200);
    return ((await res.json()) as { deliveries: Delivery[] }).deliveries;
  };
  const get = (path: string) => fetch(`${base}playground/api/${path}`);
  const cases = async () => ((await app.db.query('SELECT count(*)::int AS n FROM cases')).rows[0] as { n: number }).n;
  const refusalsOn = async (c: CaseRecord) => (await app.services.cases.events(c.id)).filter((e) => e.type === 'access_refused').map((e) => (e.data as { action?: string }).action);

  beforeAll(async () => {
    t = await createPostgresTestDatabase({ knowledge: true });
    const config = loadConfig({ DATABASE_URL: t.url!, REDIS_URL, QUEUE_PREFIX: prefix, HTTP_PORT: '0', CHANNEL: 'playground' });
    app = await createApp(config, { logger: memoryLogger('error').logger });
    await app.start();
    base = app.playground!.url!;
    // Tenant B: its own staff and responder group, an escalated case and an unanswered question.
    const d = app.services.directory;
    await d.upsertTenant({ id: 'rival-co', name: 'ライバル商事' });
    await d.upsertUser({ id: 'rival-staff', tenantId: 'rival-co', displayName: '高橋', roles: ['staff'], lang: 'ja' }, ['local:rival-staff']);
    await d.upsertUser({ id: 'rival-responder', tenantId: null, displayName: '渡辺', roles: ['responder'], lang: 'ja' }, ['local:rival-responder']);
    await d.upsertGroup({ id: 'rival-responders', name: 'Rival', destination: 'local:rival-responders', tiers: (await d.groupForTenant(LOCAL_DEMO.tenantId))!.tiers });
    await d.addMember('rival-responders', 'rival-responder');
    await d.routeTenant('rival-co', 'rival-responders');
    const created = await app.services.cases.create(
      { tenantId: 'rival-co', askerUserId: 'rival-staff', lang: 'ja', channel: 'local', threadRef: 'local:rival:1', question: `ランサムウェアに感染しました ${B_SECRET} の顧客台帳が暗号化` },
      { kind: 'user', userId: 'rival-staff' },
    );
    bCase = await app.services.cases.transition(created.id, 'escalate', { actor: { kind: 'user', userId: 'rival-staff' } });
    await app.db.query('INSERT INTO kb_gaps (tenant_id, case_id, lang, question, category, reason) VALUES ($1, $2, $3, $4, $5, $6)', [
      'rival-co', bCase.id, 'ja', `${B_SECRET} のログ保存期間は?`, 'general', 'not_helpful',
    ]);
  });
  afterAll(async () => {
    await app?.stop();
    await flushPrefix(prefix);
    await t?.drop();
  });

  describe('read paths show nothing of tenant B', () => {
    it('the responder queue lists none of B’s cases, and B’s case view is 404', async () => {
      const queue = await (await get('responder/queue')).text();
      expect(queue).not.toContain(bCase.number);
      expect(queue).not.toContain(B_SECRET);
      const view = await get(`responder/cases/${bCase.number}`);
      expect(view.status).toBe(404);
      expect(await view.text()).not.toContain(B_SECRET);
    });

    it('the staff thread list and a guessed thread id show nothing of B', async () => {
      const threads = await (await get('staff/threads')).text();
      expect(threads).not.toContain(bCase.number);
      const guessed = await get('staff/threads/rival');
      expect(await guessed.text()).not.toContain(B_SECRET);
    });

    it('`kb gaps` as the demo admin does not show B’s unanswered question', async () => {
      const out = await post({ role: 'admin', kind: 'command', thread: ADMIN_THREAD, command: 'kb', args: ['gaps', '30'] });
      expect(JSON.stringify(out)).not.toContain(B_SECRET);
    });
  });

  describe('buttons and commands naming B’s case', () => {
    it.each([
      ['staff', 'feedback.helpful'],
      ['staff', 'feedback.not_helpful'],
      ['staff', 'case.request_responder'],
      ['staff', 'intake.answer'],
      ['responder', 'case.claim'],
      ['responder', 'case.release'],
    ])('%s pressing %s with B’s case number is refused to them alone', async (role, actionId) => {
      const thread = role === 'staff' ? 'web:staff:secbuttons' : 'web:responders:secbuttons';
      const value = actionId === 'intake.answer' ? `${bCase.number}|ransomware.affected_pcs|one` : bCase.number;
      const out = await post({ role, kind: 'action', thread, actionId, value });
      expect(out).toHaveLength(1);
      expect(out[0]).toMatchObject({ senderOnly: true });
      expect(JSON.stringify(out)).not.toContain(B_SECRET);
      expect((await app.services.cases.findByNumber(bCase.number))!.state).toBe('escalated');
    });

    it('the demo responder’s attempts on B’s case are audited as access_refused', async () => {
      expect(await refusalsOn(bCase)).toEqual(expect.arrayContaining(['claim', 'release']));
    });

    it('`report` of B’s case by the demo admin is refused and audited', async () => {
      const out = await post({ role: 'admin', kind: 'command', thread: ADMIN_THREAD, command: 'report', args: [bCase.number, 'md'] });
      expect(out[0]).toMatchObject({ senderOnly: true });
      expect(JSON.stringify(out)).not.toContain(B_SECRET);
      expect(await refusalsOn(bCase)).toContain('report');
    });

    it('`reply` to B’s case by the demo responder is refused and audited', async () => {
      const out = await post({ role: 'responder', kind: 'command', thread: 'web:responders:secbuttons', command: 'reply', args: [bCase.number, '偽の連絡'] });
      expect(out[0]).toMatchObject({ senderOnly: true });
      expect(await refusalsOn(bCase)).toContain('relay');
    });

    it('the staff role cannot write into a responder thread or another channel’s thread ref', async () => {
      for (const thread of ['web:responders:x', bCase.threadRef, 'slack:T0X:C0X:1.2']) {
        const r = await send({ key: key(), role: 'staff', kind: 'message', thread, text: `割り込み ${PINGS}` });
        expect(r.status).toBe(400);
      }
    });
  });

  describe('mention injection', () => {
    let pingThread = '';
    let pingNumber = '';
    it('pings in a question, follow-up, relay and resolution summary come back as plain words', async () => {
      const thread = `web:staff:secping${Date.now()}`;
      const outs: Delivery[] = [];
      outs.push(...(await post({ role: 'staff', kind: 'message', thread, text: '朝来たら共有フォルダのファイルが全部開けません。拡張子が変になってて、英語のテキストが置いてあります' })));
      const c = (await app.services.cases.findByThread(thread))!;
      await until(async () => !!(await app.services.cases.get(c.id)).responderThreadRef);
      const rThread = (await app.services.cases.get(c.id)).responderThreadRef!;
      outs.push(...(await post({ role: 'staff', kind: 'message', thread, text: `追加情報 ${PINGS}` })));
      outs.push(...(await post({ role: 'responder', kind: 'action', thread: rThread, actionId: 'case.claim', value: c.number })));
      outs.push(...(await post({ role: 'responder', kind: 'message', thread: rThread, text: `確認します ${PINGS}` })));
      outs.push(...(await post({ role: 'responder', kind: 'action', thread: rThread, actionId: 'case.resolve', value: c.number, form: { summary: `復旧しました ${PINGS}` } })));
      const text = collectText(outs);
      expect(text).toContain('確認します');
      expect(text).toContain('復旧しました');
      expect(containsMention(text)).toBe(false);
      pingThread = thread;
      pingNumber = c.number;
    });

    // Fixed (was a hole, defence in depth): the views rebuilt from PostgreSQL did not neutralize what the
    // asker typed. bot/playground/responder-views.ts responderCaseView() put the raw `asker_message` text
    // into `relay.fromAsker` ("相談者から: 追加情報 <!channel> …") and the timeline text from
    // handlers/report/report-events.ts describeEvent() repeated it ("👤 佐藤(相談者): 追加情報 <!channel> …"),
    // while the live relay of the same message was neutralized. The same describeEvent text feeds the
    // incident report that is posted to Slack/Teams as a file.
    it('the responder case view rebuilt from the database has no mention tokens either', async () => {
      expect(pingNumber).toMatch(/^OT-/);
      const view = await (await get(`responder/cases/${pingNumber}`)).json();
      const lines = collectText(view).split('\n').filter((l) => containsMention(l));
      expect(lines).toEqual([]);
      // Still readable: the follow-up's words are in the conversation and the timeline, tokens as plain words.
      const { conversation, timeline } = view as { conversation: unknown[]; timeline: { text: string }[] };
      expect(collectText(conversation)).toContain('追加情報 channel here');
      expect(timeline.map((e) => e.text).join('\n')).toContain('追加情報 channel here');
    });

    it('the incident report (Markdown) words the timeline without mention tokens, words kept', async () => {
      expect(pingNumber).toMatch(/^OT-/);
      const c = (await app.services.cases.findByNumber(pingNumber))!;
      const markdown = reportToMarkdown(await buildCaseReport(app.services, c));
      const from = markdown.indexOf(`## ${message(c.lang, 'report.section.timeline')}`);
      const timeline = markdown.slice(from, markdown.indexOf('\n## ', from + 1));
      expect(from).toBeGreaterThan(0);
      expect(timeline).toContain('追加情報 channel here');
      expect(timeline).toContain('確認します channel here');
      expect(markdown.split('\n').filter((l) => containsMention(l))).toEqual([]);
    });

    it('the asker’s thread rebuilt from the database shows the bot’s and responders’ entries without mention tokens', async () => {
      const id = pingThread.slice('web:staff:'.length);
      const view = (await (await get(`staff/threads/${id}`)).json()) as { entries: { side: string }[] };
      // The asker's own messages are shown back to them as typed; everything else came from the bot.
      const fromBot = view.entries.filter((e) => e.side !== 'asker');
      expect(collectText(fromBot)).toContain('確認します');
      expect(fromBot.filter((e) => containsMention(collectText(e)))).toEqual([]);
    });

    it('a question that is only pings is answered with a refusal that itself has no ping', async () => {
      const out = await post({ role: 'staff', kind: 'message', thread: `web:staff:secping2${Date.now()}`, text: `${PINGS} 全員に通知して` });
      expect(containsMention(collectText(out))).toBe(false);
    });
  });

  describe('oversized and malformed requests', () => {
    it('a 40,000-character message is refused with 400 naming the limit, and creates no case', async () => {
      const before = await cases();
      const r = await send({ key: key(), role: 'staff', kind: 'message', thread: 'web:staff:secbig', text: 'ウイルス'.repeat(10_001) });
      expect(r.status).toBe(400);
      expect(await r.text()).toMatch(/text/);
      expect(await cases()).toBe(before);
    });

    it('a 10,000-character message (under the API limit, over the core one) is refused clearly, no case', async () => {
      const before = await cases();
      const out = await post({ role: 'staff', kind: 'message', thread: 'web:staff:secbig2', text: 'a'.repeat(10_000) });
      expect(out).toMatchObject([{ senderOnly: true }]);
      expect(collectText(out)).toContain('8000');
      expect(await cases()).toBe(before);
    });

    it.each([
      ['not JSON', '{"kind":"message",'],
      ['an unknown kind', { key: 'abcdefgh', role: 'staff', kind: 'shell', thread: 'web:staff:x', text: 'x' }],
      ['an unknown role', { key: 'abcdefgh', role: 'root', kind: 'message', thread: 'web:staff:x', text: 'x' }],
      ['a prototype-polluting body', '{"__proto__":{"role":"admin"},"key":"abcdefgh","kind":"message","thread":"web:staff:x","text":"x"}'],
      ['a command outside the list', { key: 'abcdefgh', role: 'admin', kind: 'command', thread: 'web:admin:x', command: 'exec', args: [] }],
    ])('a request that is %s is refused with 400 and creates nothing', async (_name, body) => {
      const before = await cases();
      const r = await send(body);
      expect(r.status).toBe(400);
      expect(await cases()).toBe(before);
    });

    it('a request without the playground header (a cross-site form post) is refused and creates nothing', async () => {
      const before = await cases();
      const r = await send({ key: key(), role: 'staff', kind: 'message', thread: 'web:staff:csrf', text: 'ランサムウェアに感染しました' }, { 'content-type': 'application/json' });
      expect(r.status).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
      const form = await send('text=x', { 'content-type': 'application/x-www-form-urlencoded', 'x-otasuke-playground': '1' });
      expect(form.status).toBeGreaterThanOrEqual(400);
      expect(await cases()).toBe(before);
    });
  });
});
