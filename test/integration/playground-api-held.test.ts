import { loadConfig } from '../../core/config.js';
import { createApp, type App } from '../../bot/create-app.js';
import type { Delivery } from '../../bot/playground/playground-adapter.js';
import { LOCAL_DEMO } from '../../handlers/directory/local-demo.js';
import { RateLimiter } from '../../handlers/limits/rate-limiter.js';
import { memoryLogger } from '../helpers/logger.js';
import { until } from '../helpers/wait.js';
import { fromTemplate } from '../helpers/databases.js';

const HEADERS = { 'content-type': 'application/json', 'x-otasuke-playground': '1' };
const EVERYDAY = 'パスワードの安全な作り方を教えてください';
const OTHER_TEXT = 'OTHERCO: how often should we back up the file server?';
let seq = 0;
const key = () => `heldtest${Date.now()}${++seq}`;

interface HeldView {
  id: number;
  at: string;
  userName: string;
  channel: string;
  severity: string;
  text: string;
  status: string;
  caseNumber: string | null;
}

describe("the playground admin's held questions", () => {
  let app: App;
  let base: string;
  let mine: number;
  let other: number;

  const ask = async (thread: string, text: string): Promise<Delivery[]> => {
    const res = await fetch(`${base}playground/api/inbound`, { method: 'POST', headers: HEADERS, body: JSON.stringify({ key: key(), role: 'staff', kind: 'message', thread, text }) });
    expect(res.status).toBe(200);
    return ((await res.json()) as { deliveries: Delivery[] }).deliveries;
  };
  const list = async (): Promise<{ status: number; held: HeldView[] }> => {
    const res = await fetch(`${base}playground/api/admin/held`);
    return { status: res.status, held: res.ok ? ((await res.json()) as { held: HeldView[] }).held : [] };
  };
  const act = async (id: number, action: string, headers: Record<string, string> = HEADERS): Promise<{ status: number; body: { held?: HeldView } }> => {
    const res = await fetch(`${base}playground/api/admin/held/${id}/${action}`, { method: 'POST', headers, body: '{}' });
    return { status: res.status, body: (await res.json()) as { held?: HeldView } };
  };
  const statusOf = async (id: number) => (await app.db.query<{ status: string }>('SELECT status FROM rate_limited WHERE id = $1', [id])).rows[0]!.status;
  /** Links the page's admin (`web:admin`) to another person, as an operator could. */
  const adminIs = (user: { id: string; tenantId: string; roles: ('staff' | 'admin')[] }) =>
    app.services.directory.upsertUser({ ...user, displayName: user.id, lang: 'ja' }, ['web:admin']);

  beforeAll(async () => {
    const config = loadConfig({ HTTP_PORT: '0', CHANNEL: 'playground', DATA_DIR: 'memory://' });
    app = await createApp(await fromTemplate(config), { logger: memoryLogger('error').logger });
    await app.start();
    base = app.playground!.url!;
    // One question a minute per person on a fixed clock: the second is held.
    const minute = new Date(Date.UTC(2026, 0, 1, 9, 0, 20));
    app.services.rateLimiter = new RateLimiter(app.db, { userPerMinute: 1, tenantPerMinute: 0 }, () => minute);
    await ask('web:staff:heldfirst1', EVERYDAY);
    const [refusal] = await ask('web:staff:heldsecond', EVERYDAY);
    expect(refusal).toMatchObject({ senderOnly: true });
    mine = Number((await app.db.query<{ id: string }>("SELECT id FROM rate_limited WHERE thread_ref = 'web:staff:heldsecond'")).rows[0]!.id);
    // Company B, with its own admin and a held question of its own.
    await app.services.directory.upsertTenant({ id: 'other-co', name: 'Other Co.' });
    await app.services.directory.upsertUser({ id: 'other-staff', tenantId: 'other-co', displayName: 'Ota', roles: ['staff'], lang: 'en' }, ['web:other-staff']);
    other = Number(
      (
        await app.db.query<{ id: string }>(
          `INSERT INTO rate_limited (scope, tenant_id, user_id, channel, thread_ref, text, severity)
           VALUES ('tenant', 'other-co', 'other-staff', 'web', 'web:staff:otherco01', $1, 'low') RETURNING id`,
          [OTHER_TEXT],
        )
      ).rows[0]!.id,
    );
  });
  afterAll(async () => {
    await app.stop();
  });

  it("lists only the admin's own company's held questions", async () => {
    const r = await list();
    expect(r.status).toBe(200);
    expect(r.held).toEqual([
      { id: mine, at: expect.any(String), userName: '佐藤', channel: 'web', severity: 'low', scope: 'user', text: EVERYDAY, status: 'held', handledAt: null, caseNumber: null },
    ]);
    expect(JSON.stringify(r.held)).not.toContain('OTHERCO');
  });

  it("does not let an admin of company A answer or dismiss company B's question", async () => {
    expect((await act(other, 'answer')).status).toBe(404);
    expect((await act(other, 'dismiss')).status).toBe(404);
    expect(await statusOf(other)).toBe('held');
  });

  it('shows an admin of company B only B\'s held questions', async () => {
    await adminIs({ id: 'other-admin', tenantId: 'other-co', roles: ['staff', 'admin'] });
    try {
      const r = await list();
      expect(r.held.map((h) => [h.id, h.text])).toEqual([[other, OTHER_TEXT]]);
      expect((await act(mine, 'dismiss')).status).toBe(404);
      expect(await statusOf(mine)).toBe('held');
    } finally {
      await adminIs({ id: LOCAL_DEMO.admin.id, tenantId: LOCAL_DEMO.tenantId, roles: ['staff', 'admin'] });
    }
  });

  it('refuses someone who is not an admin, and a POST a page of this playground would not send', async () => {
    await adminIs({ id: 'plain-staff', tenantId: LOCAL_DEMO.tenantId, roles: ['staff'] });
    try {
      expect((await list()).status).toBe(403);
      expect((await act(mine, 'answer')).status).toBe(403);
    } finally {
      await adminIs({ id: LOCAL_DEMO.admin.id, tenantId: LOCAL_DEMO.tenantId, roles: ['staff', 'admin'] });
    }
    expect((await act(mine, 'answer', { 'content-type': 'application/json' })).status).toBe(403);
    expect((await act(mine, 'answer', { ...HEADERS, origin: 'http://evil.example' })).status).toBe(403);
    expect((await act(mine, 'escalate')).status).toBe(404);
    expect(await statusOf(mine)).toBe('held');
  });

  it("answers a held question once, through the core, in the staff member's thread", async () => {
    const r = await act(mine, 'answer');
    expect(r).toMatchObject({ status: 200, body: { held: { id: mine, status: 'answering' } } });
    await until(async () => (await statusOf(mine)) === 'answered');
    const c = (await app.services.cases.findByThread('web:staff:heldsecond'))!;
    expect(c).toMatchObject({ askerUserId: LOCAL_DEMO.staff.id, question: EVERYDAY, channel: 'web' });
    // The staff view is rebuilt from the case: the question and the bot's answer are there.
    const thread = (await (await fetch(`${base}playground/api/staff/threads/heldsecond`)).json()) as { case: { number: string }; entries: { side: string }[] };
    expect(thread.case.number).toBe(c.number);
    expect(thread.entries.map((e) => e.side).slice(0, 2)).toEqual(['asker', 'bot']);

    const again = await act(mine, 'answer');
    expect(again).toMatchObject({ status: 409, body: { held: { status: 'answered', caseNumber: c.number } } });
    expect((await list()).held).toEqual([expect.objectContaining({ id: mine, status: 'answered', caseNumber: c.number })]);
    const handled = await app.db.query<{ handled_by: string }>('SELECT handled_by FROM rate_limited WHERE id = $1', [mine]);
    expect(handled.rows[0]!.handled_by).toBe(LOCAL_DEMO.admin.id);
  });
});
