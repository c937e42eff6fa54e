import type { Outbound } from '../../handlers/cards.js';
import { toPlainText } from '../../bot/local/plain-text-renderer.js';
import { LOCAL_DEMO } from '../../handlers/directory/local-demo.js';
import type { InboundAction, InboundCommand, InboundMessage } from '../../handlers/inbound.js';
import { startLocalApp, type LocalTestApp } from '../helpers/local-app.js';
import { RecordingAdapter } from '../helpers/recording-adapter.js';
import { until } from '../helpers/wait.js';

/*
 * On-site dispatch without forms (the console's commands and numbered buttons) through the whole
 * bot on PostgreSQL and BullMQ: the demo dispatch group posts to the responders, the request goes
 * by command at the address on file, and each step is a command with the post's id.
 */

jest.setTimeout(180_000);

let seq = 0;
const key = () => `dispatch-local-${Date.now()}-${++seq}`;
const RANSOM = '朝来たら共有フォルダのファイルが全部開けません。拡張子が変になってて、英語のテキストが置いてあります';
const command = (identity: string, args: string): InboundCommand => ({
  kind: 'command', channel: 'local', deliveryKey: key(), identity, threadRef: 'local:dispatch-local:cmd', command: 'dispatch', args: args.split(' ').filter(Boolean),
});
const texts = (out: Outbound[]) => out.map((o) => toPlainText(o.card)).join('\n');

describe('on-site dispatch by command (the console’s way)', () => {
  const chat = new RecordingAdapter();
  let local: LocalTestApp;
  beforeAll(async () => {
    local = await startLocalApp(true, { chat });
  });
  afterAll(async () => local.stop());

  it('requests at the address on file and answers the post by its id', async () => {
    const app = local.app;
    const ask: InboundMessage = { kind: 'message', channel: 'local', deliveryKey: key(), identity: LOCAL_DEMO.staff.identity, threadRef: 'local:dispatch-local:ask', text: RANSOM };
    await app.handler.handle(ask);
    const c = (await app.services.cases.findByThread('local:dispatch-local:ask'))!;
    const claim: InboundAction = { kind: 'action', channel: 'local', deliveryKey: key(), identity: LOCAL_DEMO.responder.identity, threadRef: 'local:responders', actionId: 'case.claim', value: c.number };
    await app.handler.handle(claim);

    expect(texts(await app.handler.handle(command(LOCAL_DEMO.staff.identity, `${c.number} request`)))).toContain('担当チームのメンバーのみ');
    expect(texts(await app.handler.handle(command(LOCAL_DEMO.responder.identity, `${c.number} request`)))).toContain('駆けつけを デモITサービス(駆けつけ) に依頼しました');
    const post = await until(() => chat.posts.find((p) => p.to === LOCAL_DEMO.destination && p.card.buttons?.some((b) => b.actionId === 'dispatch.accept')));
    expect(post.text).toContain('丸の内1-1-1');
    const id = post.card.buttons!.find((b) => b.actionId === 'dispatch.accept')!.value;

    expect(texts(await app.handler.handle(command(LOCAL_DEMO.staff.identity, `${id} accept`)))).toContain('メンバーのみ');
    const accepted = await app.handler.handle(command(LOCAL_DEMO.responder.identity, `${id} accept`));
    expect(accepted.find((o) => o.to === c.threadRef)).toBeDefined();
    expect(texts(await app.handler.handle(command(LOCAL_DEMO.responder.identity, `${id} eta soon`)))).toContain('到着予定を「14:30」');
    expect(texts(await app.handler.handle(command(LOCAL_DEMO.responder.identity, `${id} eta 2099-01-01 09:00`)))).toContain('2099-01-01 09:00 JST');
    await app.handler.handle(command(LOCAL_DEMO.responder.identity, `${id} arrived`));
    expect(texts(await app.handler.handle(command(LOCAL_DEMO.responder.identity, `${id} done 3 30000`)))).toContain('現地 3 時間、費用 30,000 円');
    expect(texts(await app.handler.handle(command(LOCAL_DEMO.responder.identity, `${id} bogus`)))).toContain('使い方');
  });

  it('cancels the case’s open request by case number, for responders only, and says when there is none', async () => {
    const app = local.app;
    const c = (await app.services.cases.findByThread('local:dispatch-local:ask'))!;
    expect(texts(await app.handler.handle(command(LOCAL_DEMO.responder.identity, `${c.number} cancel`)))).toContain(`案件 ${c.number} には取り消せる駆けつけ依頼がありません`);
    await app.handler.handle(command(LOCAL_DEMO.responder.identity, `${c.number} request`));
    await until(async () => ((await app.services.cases.events(c.id)).filter((e) => e.type === 'dispatch_posted').length === 2 ? true : null));
    expect(texts(await app.handler.handle(command(LOCAL_DEMO.staff.identity, `${c.number} cancel`)))).toContain('担当チームのメンバーのみ');
    expect((await app.services.cases.events(c.id)).some((e) => e.type === 'access_refused' && e.data.action === 'dispatch cancel')).toBe(true);
    const out = await app.handler.handle(command(LOCAL_DEMO.responder.identity, `${c.number} cancel`));
    expect(texts(out)).toContain('山田 さんが デモITサービス(駆けつけ) への駆けつけ依頼を取り消しました');
    // Nobody had accepted: the asker, never told of the request, is not told of its end.
    expect(out.find((o) => o.to === c.threadRef)).toBeUndefined();
    const types = (await app.services.cases.events(c.id)).map((e) => e.type).filter((t) => t.startsWith('dispatch_'));
    expect(types.slice(-1)).toEqual(['dispatch_cancelled']);
  });
});
