import http from 'node:http';
import { loadConfig } from '../../core/config.js';
import { createApp, type App } from '../../bot/create-app.js';
import type { Delivery } from '../../bot/playground/playground-adapter.js';
import { LOCAL_DEMO } from '../../handlers/directory/local-demo.js';
import { memoryLogger } from '../helpers/logger.js';
import { until } from '../helpers/wait.js';
import { fromTemplate } from '../helpers/databases.js';

const RANSOM = '朝来たら共有フォルダのファイルが全部開けません。拡張子が変になってて、英語のテキストが置いてあります';
let seq = 0;
const key = () => `apitest${Date.now()}${++seq}`;
const HEADERS = { 'content-type': 'application/json', 'x-otasuke-playground': '1' };

async function start(env: Record<string, string> = {}): Promise<{ app: App; base: string }> {
  const config = loadConfig({ HTTP_PORT: '0', CHANNEL: 'playground', DATA_DIR: 'memory://', ...env });
  const app = await createApp(await fromTemplate(config), { logger: memoryLogger('error').logger });
  await app.start();
  return { app, base: app.playground!.url! };
}

/** The card events of the page's Server-Sent Events stream, as they arrive. */
function listen(base: string): { events: { to: string; card: { blocks: { text?: string }[] }; replace?: boolean }[]; close(): void } {
  const events: { to: string; card: { blocks: { text?: string }[] }; replace?: boolean }[] = [];
  const abort = new AbortController();
  void fetch(`${base}playground/api/events`, { signal: abort.signal })
    .then(async (res) => {
      const reader = res.body!.getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += Buffer.from(value).toString('utf8');
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = /^data: (.*)$/m.exec(frame)?.[1];
          if (/^event: card$/m.test(frame) && data) events.push(JSON.parse(data));
        }
      }
    })
    .catch(() => undefined);
  return { events, close: () => abort.abort() };
}


describe('the playground channel', () => {
  let app: App;
  let base: string;
  const post = async (body: Record<string, unknown>): Promise<Delivery[]> => {
    const res = await fetch(`${base}playground/api/inbound`, { method: 'POST', headers: HEADERS, body: JSON.stringify({ key: key(), ...body }) });
    expect(res.status).toBe(200);
    return ((await res.json()) as { deliveries: Delivery[] }).deliveries;
  };
  const get = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${base}playground/api/${path}`);
    expect(res.status).toBe(200);
    return (await res.json()) as T;
  };

  beforeAll(async () => {
    ({ app, base } = await start());
  });
  afterAll(async () => {
    await app.stop();
  });

  it("sends the demo responders' cards to the playground and speaks as the demo people", async () => {
    expect((await app.services.directory.groupForTenant(LOCAL_DEMO.tenantId))?.destination).toBe('web:responders');
    expect((await app.services.directory.findByIdentity('web:staff'))?.id).toBe(LOCAL_DEMO.staff.id);
    expect((await app.services.directory.findByIdentity('web:responder'))?.id).toBe(LOCAL_DEMO.responder.id);
    expect((await app.services.directory.findByIdentity('web:admin'))?.id).toBe(LOCAL_DEMO.admin.id);
    const boot = await get<{ tenant: string; people: Record<string, { name: string }>; strings: { ja: Record<string, string>; en: Record<string, string> } }>('bootstrap');
    expect(boot.tenant).toBe('デモ株式会社');
    expect(boot.people.responder!.name).toBe('山田');
    expect(boot.strings.en['role.responder']).toBe('Responder');
  });

  it('walks ask → escalation → claim → relay → resolve → report through the same handlers, and rebuilds every view from the database', async () => {
    const sse = listen(base);
    try {
      await walk(sse);
    } finally {
      sse.close();
    }
  });

  async function walk(sse: ReturnType<typeof listen>): Promise<void> {
    await until(() => app.playground!.hub.size > 0);
    const [answer, intake] = await post({ role: 'staff', kind: 'message', thread: 'web:staff:walk0001', text: RANSOM });
    expect(answer!.card.badge).toMatchObject({ severity: 'critical' });
    expect(intake!.card.buttons?.[0]?.actionId).toBe('intake.answer');
    const c = (await app.services.cases.findByThread('web:staff:walk0001'))!;
    expect(c).toMatchObject({ channel: 'web', state: 'escalated' });

    // The escalation job posted the card to the playground: pushed to the open page, in a thread of its own.
    await until(() => sse.events.some((e) => /^web:responders:[\w-]+$/.test(e.to)));
    await until(async () => !!(await app.services.cases.get(c.id)).responderThreadRef);
    const responderThread = (await app.services.cases.get(c.id)).responderThreadRef!;
    expect(responderThread).toMatch(/^web:responders:/);

    const queue = await get<{ waiting: { number: string; severity: string; escalatedAt: string; renotifyAt: string }[] }>('responder/queue');
    const row = queue.waiting.find((q) => q.number === c.number)!;
    expect(row.severity).toBe('critical');
    // Critical waits five minutes for the first tier: the countdown comes from the pending timer job.
    expect(Date.parse(row.renotifyAt) - Date.parse(row.escalatedAt)).toBeGreaterThan(295_000);
    expect(Date.parse(row.renotifyAt) - Date.parse(row.escalatedAt)).toBeLessThan(305_000);

    // A staff member may not claim; the refusal is for them alone and is not pushed.
    const refused = await post({ role: 'staff', kind: 'action', thread: 'web:staff:walk0001', actionId: 'case.claim', value: c.number });
    expect(refused).toMatchObject([{ senderOnly: true, card: { blocks: [{ text: '案件の対応は担当チームのメンバーのみが行えます。' }] } }]);

    const claimed = await post({ role: 'responder', kind: 'action', thread: responderThread, actionId: 'case.claim', value: c.number });
    expect(claimed.map((d) => d.to)).toEqual(['web:staff:walk0001', responderThread]);
    expect(claimed[1]!.replace).toBe(true);
    await until(() => sse.events.some((e) => e.to === 'web:staff:walk0001' && e.card.blocks[0]?.text === '担当の山田さんが対応します。'));

    await post({ role: 'staff', kind: 'action', thread: 'web:staff:walk0001', actionId: 'intake.answer', value: intake!.card.buttons![0]!.value });
    await post({ role: 'staff', kind: 'message', thread: 'web:staff:walk0001', text: 'サーバーのフォルダも開けません' });
    await post({ role: 'responder', kind: 'message', thread: responderThread, text: '14時に伺います。@everyone' });
    await post({ role: 'responder', kind: 'action', thread: responderThread, actionId: 'case.resolve', value: c.number, form: { summary: '駆除と復元を終えました。' } });

    const thread = await get<{ case: { state: string }; entries: { side: string; author?: string; card: { blocks: { kind: string; text?: string }[]; buttons?: { actionId: string }[]; badge?: { severity: string } } }[] }>(
      'staff/threads/walk0001',
    );
    expect(thread.case.state).toBe('resolved');
    const said = thread.entries.map((e) => `${e.side}: ${e.card.blocks.map((b) => b.text ?? b.kind).join(' / ')}`);
    expect(said[0]).toBe(`asker: ${RANSOM}`);
    expect(thread.entries[1]!.card.badge?.severity).toBe('critical');
    expect(said[1]).toMatch(/^bot: steps \/ 担当者に連絡しました\(案件 OT-\d{6}\)。/);
    expect(said).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^bot: 担当者が早く動けるよう/),
        'bot: 担当の山田さんが対応します。',
        'asker: サーバーのフォルダも開けません',
        `bot: 案件 ${c.number} に追記しました。担当者に届きます。`,
        // Relayed text is neutralised: no mention survives. The sender is named once, as the entry's author.
        'responder: 14時に伺います。everyone',
        expect.stringMatching(new RegExp(`^bot: 案件 ${c.number} は解決しました。\\n対応の要約: 駆除と復元を終えました。`)),
      ]),
    );
    expect(said.join('\n')).not.toContain('@everyone');
    expect(thread.entries.find((e) => e.side === 'responder')).toMatchObject({ author: '山田(対応担当)' });
    // The intake answer given is marked on the intake card, so the page shows it chosen and locked.
    const intakeEntry = thread.entries.find((e) => e.card.buttons?.some((b) => b.actionId === 'intake.answer')) as unknown as { chosen?: string[] };
    expect(intakeEntry.chosen).toEqual([intake!.card.buttons![0]!.value]);
    expect(thread.entries.at(-1)!.card.buttons?.map((b) => b.actionId)).toEqual(['resolution.helpful', 'resolution.not_helpful', 'case.reopen']);

    const view = await get<{ state: string; card: { blocks: { kind: string; text?: string }[]; buttons?: { actionId: string }[] }; conversation: { side: string }[]; timeline: { text: string }[] }>(
      `responder/cases/${c.number}`,
    );
    expect(view.state).toBe('resolved');
    expect(view.card.buttons?.map((b) => b.actionId)).toEqual(['case.save_draft', 'case.reclassify']);
    expect(view.conversation.map((e) => e.side)).toEqual(['asker', 'responder']);
    expect(view.timeline.map((e) => e.text)).toEqual(expect.arrayContaining(['相談を受け付けました', '対応を開始', '解決: 駆除と復元を終えました。']));

    // The page's correction form sends the verdict with the press; the view then starts from the new one.
    expect((view as unknown as { severity: string }).severity).toBe('critical');
    await post({ role: 'responder', kind: 'action', thread: responderThread, actionId: 'case.reclassify', value: c.number, form: { severity: 'high', category: 'ransomware', reason: '暗号化は一台のみでした' } });
    const corrected = await get<{ severity: string; category: string }>(`responder/cases/${c.number}`);
    expect(corrected).toMatchObject({ severity: 'high', category: 'ransomware' });

    const [report] = await post({ role: 'responder', kind: 'command', thread: responderThread, command: 'report', args: [c.number, 'pdf'] });
    expect(report!.file).toMatchObject({ name: `incident-report-${c.number}.pdf`, contentType: 'application/pdf' });
    expect(Buffer.from(report!.file!.base64, 'base64').subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // The file is the requester's: the pushed card says a report is ready, without the bytes.
    await until(() => sse.events.some((e) => e.to === responderThread && /報告書/.test(e.card.blocks[0]?.text ?? '')));
    expect(JSON.stringify(sse.events)).not.toContain(report!.file!.base64.slice(0, 40));
  }

  it('drops a retried submission (same key) instead of asking twice', async () => {
    const body = { key: key(), role: 'staff', kind: 'message', thread: 'web:staff:retry0001', text: 'パスワードの使い回しはなぜ危険ですか?' };
    const first = await fetch(`${base}playground/api/inbound`, { method: 'POST', headers: HEADERS, body: JSON.stringify(body) });
    const second = await fetch(`${base}playground/api/inbound`, { method: 'POST', headers: HEADERS, body: JSON.stringify(body) });
    expect(((await first.json()) as { deliveries: unknown[] }).deliveries.length).toBeGreaterThan(0);
    expect(await second.json()).toEqual({ deliveries: [] });
  });

  it('lets the admin read articles for editing and runs kb commands with the admin role', async () => {
    const list = await get<{ articles: { slug: string; status: string }[] }>('admin/articles');
    expect(list.articles.length).toBeGreaterThanOrEqual(78);
    const mfa = await get<{ markdown: string; history: unknown[] }>('admin/articles/mfa-ja');
    expect(mfa.markdown).toMatch(/^---\n/);
    expect(mfa.history).toHaveLength(1);
    const [reply] = await post({ role: 'admin', kind: 'command', thread: 'web:admin', command: 'kb', args: ['archive', 'mfa-ja'] });
    expect(reply!.card.blocks[0]).toMatchObject({ text: expect.stringContaining('mfa-ja をアーカイブしました') });
    // A staff member is refused the same command by the core.
    const [refused] = await post({ role: 'staff', kind: 'command', thread: 'web:staff:kbtry0001', command: 'kb', args: ['publish', 'mfa-ja'] });
    expect(refused).toMatchObject({ senderOnly: true, card: { blocks: [{ text: 'ナレッジベースの編集は管理者のみが行えます。' }] } });
  });

  describe('refuses what a page of this playground would never send', () => {
    const raw = (body: unknown, headers: Record<string, string> = HEADERS) =>
      fetch(`${base}playground/api/inbound`, { method: 'POST', headers, body: JSON.stringify(body) });

    it('a POST without the playground header (a form on another site)', async () => {
      expect((await raw({ role: 'staff' }, { 'content-type': 'application/json' })).status).toBe(403);
    });

    it('a POST from another origin', async () => {
      expect((await raw({ role: 'staff' }, { ...HEADERS, origin: 'http://evil.example' })).status).toBe(403);
    });

    it('a request naming another host (DNS rebinding) while bound to loopback', async () => {
      // fetch will not send a Host header of our choosing; node:http will.
      const status = await new Promise<number>((resolve, reject) => {
        http.get(`${base}playground/api/bootstrap`, { headers: { host: 'evil.example:80' } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        }).on('error', reject);
      });
      expect(status).toBe(421);
    });

    it('a malformed inbound, or a role writing in a thread that is not its own', async () => {
      expect((await raw({ key: key(), role: 'root', kind: 'message', thread: 'web:staff:abcdefgh', text: 'x' })).status).toBe(400);
      expect((await raw({ key: 'no', role: 'staff', kind: 'message', thread: 'web:staff:abcdefgh', text: 'x' })).status).toBe(400);
      expect((await raw({ key: key(), role: 'staff', kind: 'message', thread: 'web:responders', text: 'x' })).status).toBe(400);
      expect((await raw({ key: key(), role: 'staff', kind: 'command', thread: 'web:staff:abcdefgh', command: 'shutdown', args: [] })).status).toBe(400);
    });

    it('a case view for a case the responder cannot see, or a path that is not a case number', async () => {
      expect((await fetch(`${base}playground/api/responder/cases/OT-999999`)).status).toBe(404);
      expect((await fetch(`${base}playground/api/responder/cases/..%2F..%2Fetc`)).status).toBe(404);
    });
  });

  it('serves the page with a strict content security policy', async () => {
    const res = await fetch(base);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(await res.text()).toContain('/playground/app.js');
    expect((await fetch(`${base}playground/card-renderer.js`)).headers.get('content-type')).toContain('text/javascript');
    const font = await fetch(`${base}playground/fonts/NotoSansJP-Regular.otf`);
    expect(font.headers.get('content-type')).toBe('font/otf');
    expect((await font.arrayBuffer()).byteLength).toBeGreaterThan(1_000_000);
    expect((await fetch(`${base}playground/fonts/..%2Fpackage.json`)).status).toBe(404);
  });
});

describe('the playground with an admin password', () => {
  it('asks for the login on every page and API, but not on the health checks', async () => {
    const { app, base } = await start({ ADMIN_PASSWORD: 'correct horse battery' });
    try {
      const page = await fetch(base);
      expect(page.status).toBe(401);
      expect(page.headers.get('www-authenticate')).toContain('Basic');
      const wrong = await fetch(`${base}playground/api/bootstrap`, { headers: { authorization: `Basic ${Buffer.from('admin:guess').toString('base64')}` } });
      expect(wrong.status).toBe(401);
      const right = await fetch(`${base}playground/api/bootstrap`, { headers: { authorization: `Basic ${Buffer.from('admin:correct horse battery').toString('base64')}` } });
      expect(right.status).toBe(200);
      expect((await fetch(`${base}healthz`)).status).toBe(200);
    } finally {
      await app.stop();
    }
  });
});

describe('with the console instead', () => {
  it('serves no playground and keeps the demo responders on the console', async () => {
    const config = loadConfig({ HTTP_PORT: '0', DATA_DIR: 'memory://' }, '.', { channel: 'console' });
    const { PassThrough } = await import('node:stream');
    const app = await createApp(await fromTemplate(config), { logger: memoryLogger('error').logger, consoleIO: { input: new PassThrough(), output: new PassThrough() } });
    await app.start();
    try {
      expect(app.playground).toBeUndefined();
      expect(app.console).toBeDefined();
      const { port } = app.http.server.address() as { port: number };
      expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(404);
      expect((await app.services.directory.groupForTenant(LOCAL_DEMO.tenantId))?.destination).toBe('local:responders');
    } finally {
      await app.stop();
    }
  });
});
