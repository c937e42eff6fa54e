import { loadConfig } from '../../core/config.js';
import { createApp, type App } from '../../bot/create-app.js';
import type { Delivery } from '../../bot/playground/playground-adapter.js';
import { clocksOf } from '../../handlers/legal/case-clocks.js';
import { memoryLogger } from '../helpers/logger.js';
import { pdfText } from '../helpers/pdf-text.js';
import { until } from '../helpers/wait.js';
import { fromTemplate } from '../helpers/databases.js';

/*
 * The legal clocks in the playground (embedded PGlite, in-process jobs, the HTTP API the page
 * uses): the card's buttons and the `legal …` / `insurer …` commands the responder types in the
 * case box.
 */

jest.setTimeout(180_000);

const LEAK = '顧客300人分の氏名と住所が入ったファイルを、共有設定のミスで誰でも見られる状態にしていました';
const HEADERS = { 'content-type': 'application/json', 'x-otasuke-playground': '1' };
let seq = 0;
const key = () => `legalpg${Date.now()}${++seq}`;

describe('legal clocks in the playground', () => {
  let app: App;
  let base: string;
  const post = async (body: Record<string, unknown>): Promise<Delivery[]> => {
    const res = await fetch(`${base}playground/api/inbound`, { method: 'POST', headers: HEADERS, body: JSON.stringify({ key: key(), ...body }) });
    expect(res.status).toBe(200);
    return ((await res.json()) as { deliveries: Delivery[] }).deliveries;
  };
  const text = (ds: Delivery[]) => ds.map((d) => d.card.blocks.map((b) => ('text' in b ? b.text : '')).join(' ')).join('\n');

  beforeAll(async () => {
    const config = loadConfig({ HTTP_PORT: '0', CHANNEL: 'playground', DATA_DIR: 'memory://', JOB_SWEEP_INTERVAL_MS: '300' });
    app = await createApp(await fromTemplate(config), { logger: memoryLogger('error').logger });
    await app.start();
    base = app.playground!.url!;
  });

  afterAll(async () => {
    await app.stop();
  });

  it('runs the clock from the card and the case box', async () => {
    await post({ role: 'staff', kind: 'message', thread: 'web:staff:legal0001', text: LEAK });
    const c = (await app.services.cases.findByThread('web:staff:legal0001'))!;
    expect(c.category).toBe('data_leak');
    if (c.state !== 'escalated') await post({ role: 'staff', kind: 'action', thread: 'web:staff:legal0001', actionId: 'case.request_responder', value: c.number });
    await until(async () => !!(await app.services.cases.get(c.id)).responderThreadRef);
    const thread = (await app.services.cases.get(c.id)).responderThreadRef!;
    const claimed = await post({ role: 'responder', kind: 'action', thread, actionId: 'case.claim', value: c.number });
    // Started by the sweep from the triage, or by the holder's tick when the sweep has not come round yet.
    if (!claimed[1]!.card.buttons!.some((b) => b.actionId === 'legal.drafts')) {
      const ticked = await post({ role: 'responder', kind: 'action', thread, actionId: 'legal.tick', value: c.number });
      expect(text(ticked)).toMatch(/報告期限(を開始しました|はすでに開始しています)/);
    }
    await until(async () => clocksOf(await app.services.cases.events(c.id)).ppc);

    const aware = await post({ role: 'responder', kind: 'command', thread, command: 'legal', args: [c.number, 'aware', '2026-11-20', '09:00'] });
    expect(text(aware)).toContain('2026-11-20 09:00 JST');
    expect(text(aware)).toContain('2026-11-24 23:59 JST');

    const drafts = await post({ role: 'responder', kind: 'action', thread, actionId: 'legal.drafts', value: c.number });
    const files = drafts.filter((d) => d.file);
    expect(files.map((d) => d.file!.name)).toEqual([`draft-ppc-${c.number}.pdf`, `draft-ipa-${c.number}.pdf`, `draft-police-${c.number}.pdf`]);
    expect(pdfText(Buffer.from(files[0]!.file!.base64, 'base64'))).toContain('2026-11-20 09:00 JST');

    const insurer = await post({ role: 'admin', kind: 'command', thread: 'web:admin', command: 'insurer', args: [c.number, 'md'] });
    expect(Buffer.from(insurer[0]!.file!.base64, 'base64').toString('utf8')).toContain(`保険会社向け事故報告書 ${c.number}`);
    const refused = await post({ role: 'staff', kind: 'command', thread: 'web:staff:legal0001', command: 'legal', args: [c.number, 'wrongful', 'yes'] });
    expect(refused[0]!.senderOnly).toBe(true);
  });
});
