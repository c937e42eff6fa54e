import { toPlainText } from '../../bot/local/plain-text-renderer.js';
import type { Outbound } from '../../handlers/cards.js';
import { LOCAL_DEMO } from '../../handlers/directory/local-demo.js';
import type { InboundAction, InboundCommand, InboundMessage } from '../../handlers/inbound.js';
import { clocksOf } from '../../handlers/legal/case-clocks.js';
import { startLocalApp, type LocalTestApp } from '../helpers/local-app.js';
import { pdfText } from '../helpers/pdf-text.js';
import { RecordingAdapter } from '../helpers/recording-adapter.js';
import { until } from '../helpers/wait.js';

/*
 * The legal clocks through the whole bot on the local platform (PostgreSQL, BullMQ, the real
 * triage and the sweep): a question about personal data sent to the wrong place starts the PPC
 * clock by itself; the holder works it from the card's buttons and commands.
 */

jest.setTimeout(240_000);

let seq = 0;
const key = () => `legal-flow-${Date.now()}-${++seq}`;
const ask = (text: string, thread: string): InboundMessage => ({
  kind: 'message', channel: 'local', deliveryKey: key(), identity: LOCAL_DEMO.staff.identity, threadRef: `local:legal-flow:${thread}`, text,
});
const press = (identity: string, actionId: string, value: string): InboundAction => ({
  kind: 'action', channel: 'local', deliveryKey: key(), identity, threadRef: 'local:legal-flow:buttons', actionId, value,
});
const command = (identity: string, name: string, args: string): InboundCommand => ({
  kind: 'command', channel: 'local', deliveryKey: key(), identity, threadRef: 'local:legal-flow:cmd', command: name, args: args.split(' ').filter(Boolean),
});
const texts = (out: Outbound[]) => out.map((o) => toPlainText(o.card)).join('\n');

const LEAK = '顧客300人分の氏名と電話番号が入ったExcelファイルを、間違えて別の取引先にメールで送ってしまいました。どうすればいいですか';

describe('legal clocks through the bot (PostgreSQL, BullMQ, the sweep)', () => {
  const chat = new RecordingAdapter();
  let local: LocalTestApp;
  let number: string;

  beforeAll(async () => {
    local = await startLocalApp(true, { chat, env: { JOB_SWEEP_INTERVAL_MS: '300' } });
  });

  afterAll(async () => {
    await local.stop();
  });

  it('starts the PPC clock of a personal-data case by itself and shows it on the responder card', async () => {
    const app = local.app;
    await app.handler.handle(ask(LEAK, 'leak'));
    let c = (await app.services.cases.findByThread('local:legal-flow:leak'))!;
    expect(c.category).toBe('data_leak');
    number = c.number;
    if (c.state !== 'escalated') await app.handler.handle(press(LOCAL_DEMO.staff.identity, 'case.request_responder', number));
    const ppc = await until(async () => clocksOf(await app.services.cases.events(c.id)).ppc);
    c = (await app.services.cases.findByNumber(number))!;
    expect(ppc.awareAt.toISOString()).toBe(c.createdAt.toISOString());
    const [, card] = await app.handler.handle(press(LOCAL_DEMO.responder.identity, 'case.claim', number));
    const text = toPlainText(card!.card);
    expect(text).toContain('個人情報保護委員会への報告期限');
    expect(card!.card.buttons!.map((b) => b.actionId)).toEqual(expect.arrayContaining(['legal.drafts', 'legal.wrongful']));
  });

  it('lets the holder mark a wrongful act from the card: 確報 within 60 days', async () => {
    const out = await local.app.handler.handle(press(LOCAL_DEMO.responder.identity, 'legal.wrongful', number));
    expect(texts(out)).toContain('60日以内');
  });

  it('hands the three drafts over from the card, as PDFs marked as drafts', async () => {
    const out = await local.app.handler.handle(press(LOCAL_DEMO.responder.identity, 'legal.drafts', number));
    expect(out.map((o) => o.file?.name)).toEqual([`draft-ppc-${number}.pdf`, `draft-ipa-${number}.pdf`, `draft-police-${number}.pdf`]);
    expect(texts(out)).toContain('自動では提出されません');
    const ppc = pdfText(out[0]!.file!.data);
    expect(ppc).toContain('【下書き】');
    expect(ppc).toContain(LEAK.slice(0, 12));
  });

  it('corrects the awareness time by command and refuses the asker', async () => {
    const out = await local.app.handler.handle(command(LOCAL_DEMO.responder.identity, 'legal', `${number} aware 2026-01-05 09:30`));
    expect(texts(out)).toContain('2026-01-05 09:30 JST');
    const refused = await local.app.handler.handle(press(LOCAL_DEMO.staff.identity, 'legal.wrongful', number));
    expect(refused[0]!.senderOnly).toBe(true);
    const c = (await local.app.services.cases.findByNumber(number))!;
    expect(clocksOf(await local.app.services.cases.events(c.id)).ppc!.wrongful).toBe(true);
  });

  it('answers an unknown legal button like any unknown action, changing nothing', async () => {
    const [reply] = await local.app.handler.handle(press(LOCAL_DEMO.responder.identity, 'legal.unknown', number));
    expect(reply!.senderOnly).toBe(true);
  });

  it("gives the company's admin the insurer report by command", async () => {
    const [reply] = await local.app.handler.handle(command(LOCAL_DEMO.admin.identity, 'insurer', `${number} md`));
    expect(reply!.file!.name).toBe(`insurer-report-${number}.md`);
    expect(reply!.file!.data.toString('utf8')).toContain(`保険会社向け事故報告書 ${number}`);
  });
});
