import { createApp, type App } from '../../bot/create-app.js';
import { loadConfig } from '../../core/config.js';
import { memoryLogger } from '../helpers/logger.js';
import { until } from '../helpers/wait.js';
import { fromTemplate } from '../helpers/databases.js';

const HEADERS = { 'content-type': 'application/json', 'x-otasuke-playground': '1' };

describe('the playground admin’s monitoring alerts', () => {
  let app: App;
  let base: string;
  beforeAll(async () => {
    app = await createApp(await fromTemplate(loadConfig({ HTTP_PORT: '0', CHANNEL: 'playground', DATA_DIR: 'memory://' })), { logger: memoryLogger('error').logger });
    await app.start();
    base = app.playground!.url!;
  }, 300_000);
  afterAll(() => app?.stop(), 60_000);

  it('sends a signed test alert through the real intake: a case for the person at PC-023 in their own conversation, shown under the company’s sources', async () => {
    const empty = (await (await fetch(`${base}playground/api/admin/alerts`)).json()) as { sources: unknown[] };
    expect(empty.sources).toEqual([]);
    const res = await fetch(`${base}playground/api/admin/alerts/test`, { method: 'POST', headers: HEADERS, body: '{}' });
    expect(res.status).toBe(202);
    const out = (await res.json()) as { accepted: number; cases: { number: string; opened: boolean }[] };
    expect(out).toMatchObject({ accepted: 1, cases: [{ opened: true }] });
    const number = out.cases[0]!.number;
    const c = await until(async () => {
      const now = await app.services.cases.findByNumber(number);
      return now && now.threadRef.startsWith('web:staff:alert') ? now : null;
    });
    expect(c.state).toBe('escalated');
    const listed = (await (await fetch(`${base}playground/api/admin/alerts`)).json()) as { sources: { id: string; alerts: number; openCases: { number: string }[] }[] };
    expect(listed.sources).toEqual([expect.objectContaining({ id: 'playground-test', alerts: 1, openCases: [expect.objectContaining({ number })] })]);
    // A second press joins the same case (same rule, same machine).
    const again = (await (await fetch(`${base}playground/api/admin/alerts/test`, { method: 'POST', headers: HEADERS, body: '{}' })).json()) as { cases: { number: string; opened: boolean }[] };
    expect(again.cases).toEqual([{ number, opened: false }]);
  }, 120_000);
});
