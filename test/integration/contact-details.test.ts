import { type App } from '../../bot/create-app.js';
import { toBlockKit } from '../../bot/slack/block-kit-renderer.js';
import { LOCAL_DEMO } from '../../handlers/directory/local-demo.js';
import { RecordingAdapter } from '../helpers/recording-adapter.js';
import { localAsker, startLocalApp, type LocalTestApp } from '../helpers/local-app.js';

const ask = localAsker('contacts');

/** Every mrkdwn text of the rendered blocks. */
function mrkdwn(blocks: unknown): string {
  return JSON.stringify(blocks);
}

describe('an answer that cites the reporting-contacts article (embedded database, in-process jobs)', () => {
  let local: LocalTestApp;
  let app: App;

  beforeAll(async () => {
    local = await startLocalApp(false, { chat: new RecordingAdapter() });
    app = local.app;
  });
  afterAll(async () => {
    await local.stop();
  });

  it('shows IPA’s company desk with its e-mail as a mailto link in Slack, from the contacts registry', async () => {
    const [reply] = await app.handler.handle(ask('セキュリティ事故が起きたら、会社としてどこに相談や届け出をすればいいですか', 'q1'));
    const card = reply!.card;
    expect(card.citations?.[0]?.slug).toBe('reporting-contacts-ja');
    const { blocks } = toBlockKit(card);
    const text = mrkdwn(blocks);
    expect(text).toContain('IPA 企業組織向けサイバーセキュリティ相談窓口(メール: <mailto:cs-support@ipa.go.jp|cs-support@ipa.go.jp>)');
    // The police line with its hours, the desks' pages as links; never a raw token.
    expect(text).toContain('<tel:%239110|#9110>、平日の業務時間内');
    expect(text).toContain('<https://www.npa.go.jp/bureau/cyber/|https://www.npa.go.jp/bureau/cyber/>');
    expect(text).not.toContain('{{');
  });

  it('indexes a desk by its name: searching for it finds the article that names it', async () => {
    const hits = await app.services.search.search({ text: '企業組織向けサイバーセキュリティ相談窓口', lang: 'ja', limit: 3 });
    expect(hits.map((h) => h.slug)).toContain('reporting-contacts-ja');
  });

  it('tells an admin in chat which articles are due for a check against their sources (kb due)', async () => {
    const command = (args: string[], n: number) => ({
      kind: 'command' as const,
      channel: 'local',
      deliveryKey: `contacts-due-${Date.now()}-${n}`,
      identity: LOCAL_DEMO.admin.identity,
      threadRef: 'local:contacts:admin',
      command: 'kb',
      args,
    });
    const [none] = await app.handler.handle(command(['due'], 1));
    expect(none!.card.blocks[0]).toMatchObject({ text: '再確認が必要な記事はありません。' });
    // An article whose review is two years old is listed, with its date.
    const mfa = await app.services.kb.show('mfa-ja');
    await app.services.articles.save({ ...mfa, reviewed: '2024-11-01' }, { author: 'test' });
    const [due] = await app.handler.handle(command(['due'], 2));
    expect(due!.card.blocks[0]).toMatchObject({ text: expect.stringContaining('1件') });
    expect(due!.card.blocks[1]).toMatchObject({ kind: 'bullets', items: [expect.stringMatching(/^mfa-ja \(2024-11-01\) /)] });
  });
});
