import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { InboundHandler } from '../../handlers/handle-inbound.js';
import { LOCAL_DEMO } from '../../handlers/directory/local-demo.js';
import type { InboundCommand } from '../../handlers/inbound.js';
import { ImportRejectedError } from '../../knowledge/errors.js';
import { readArticleFolder } from '../../knowledge/kb/article-files.js';
import { ArticleStore } from '../../knowledge/kb/article-store.js';
import { KbAdmin } from '../../knowledge/kb/kb-admin.js';
import { TextAnalyzer } from '../../knowledge/search/analyzer.js';
import { Glossary } from '../../knowledge/search/glossary.js';
import { SearchIndexer } from '../../knowledge/search/search-index.js';
import { SearchService } from '../../knowledge/search/search-service.js';
import { DATABASE_KINDS, type TestDatabase } from '../helpers/databases.js';
import { seedDirectory } from '../helpers/seed.js';
import type { HandlerServices } from '../../handlers/services.js';
import { memoryLogger } from '../helpers/logger.js';

function article(slug: string, fields: Record<string, string> = {}, body?: string): string {
  const fm = {
    slug,
    lang: 'ja',
    title: 'チャットツールの外部連携アプリの権限',
    summary: '|\n  外部連携アプリに与える権限の考え方。\n  必要最小限だけを許可します。',
    topics: '[admin-privileges]',
    category: 'vulnerability',
    severity_hint: 'low',
    updated: '2026-11-20',
    keywords: '[Chatwork, 外部連携, 連携アプリ, 権限]',
    ...fields,
  };
  const front = Object.entries(fm).filter(([, v]) => v !== '').map(([k, v]) => `${k}: ${v}`).join('\n');
  return `---\n${front}\n---\n\n${body ?? '## 今すぐやること\n\n1. 連携アプリの一覧を管理画面で確認してください。\n2. 使っていない連携は解除してください。\n\n## やってはいけないこと\n\n- 全権限を許可しない。\n'}`;
}

async function folder(files: Record<string, string>): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kb-'));
  for (const [name, text] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await fs.writeFile(path.join(dir, name), text);
  }
  return dir;
}

describe.each(DATABASE_KINDS)('knowledge-base administration on %s', (_kind, create) => {
  let t: TestDatabase;
  let kb: KbAdmin;
  let search: SearchService;
  let handler: InboundHandler;
  const who = { author: 'test:admin' };
  let seq = 0;
  const cmd = (identity: string, args: string, body?: string): InboundCommand => ({
    kind: 'command', channel: 'local', deliveryKey: `kb-${Date.now()}-${++seq}`, identity, threadRef: 'local:kb', command: 'kb', args: args.split(' '), body,
  });
  const text = (r: Awaited<ReturnType<InboundHandler['handle']>>) => JSON.stringify(r[0]!.card);

  beforeAll(async () => {
    t = await create();
    const { cases, directory } = await seedDirectory(t.db);
    const analyzer = new TextAnalyzer();
    const articles = new ArticleStore(t.db, new SearchIndexer(analyzer));
    kb = new KbAdmin(t.db, articles);
    search = new SearchService(t.db, analyzer, new Glossary());
    const services = { db: t.db, cases, directory, articles, kb, search, logger: memoryLogger('silent').logger, limits: { maxMessageChars: 8000 }, policy: { reopenWindowHours: 72, outageRetryMs: 0 } };
    handler = new InboundHandler(services as unknown as HandlerServices);
  });
  afterAll(async () => t.drop());

  describe('when an import folder holds a malformed article', () => {
    it('names each bad file and field and writes nothing', async () => {
      const dir = await folder({
        'ja/good.md': article('chat-apps-ja'),
        'ja/no-title.md': article('no-title-ja', { title: '' }),
        'en/bad-topic.md': article('bad-topic-en', { lang: 'en', topics: '[not-a-topic]' }),
        'en/broken.md': '---\nslug: [unclosed\n---\nbody',
      });
      const err = await kb.importFolder(dir, who).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ImportRejectedError);
      const message = (err as Error).message;
      expect(message).toContain('ja/no-title.md: title:');
      expect(message).toContain('en/bad-topic.md: topics: contains a topic id that is not in the taxonomy');
      expect(message).toContain('en/broken.md: front matter is not valid YAML');
      expect(await kb.list()).toEqual([]);
    });
  });

  describe('versions', () => {
    it('records every change with its author, and restores an old version as a new one', async () => {
      const dir = await folder({ 'ja/chat-apps.md': article('chat-apps-ja') });
      expect(await kb.importFolder(dir, who)).toEqual({ created: 1, updated: 0, unchanged: 0 });
      expect(await kb.importFolder(dir, who)).toEqual({ created: 0, updated: 0, unchanged: 1 });
      await fs.writeFile(path.join(dir, 'ja/chat-apps.md'), article('chat-apps-ja', { title: '連携アプリの権限の見直し方' }));
      expect(await kb.importFolder(dir, { author: 'test:editor' })).toEqual({ created: 0, updated: 1, unchanged: 0 });
      expect((await kb.show('chat-apps-ja')).title).toBe('連携アプリの権限の見直し方');

      const { article: restored, outcome } = await kb.restore('chat-apps-ja', 1, { author: 'test:restorer' });
      expect(outcome).toBe('updated');
      expect(restored).toMatchObject({ version: 3, title: 'チャットツールの外部連携アプリの権限' });
      const history = await kb.history('chat-apps-ja');
      expect(history.map((v) => [v.version, v.author])).toEqual([
        [1, 'test:admin'],
        [2, 'test:editor'],
        [3, 'test:restorer'],
      ]);
    });

    it('makes a published article searchable at once and an archived one disappear', async () => {
      const found = async () => (await search.search({ text: 'Chatwork の外部連携アプリの権限', lang: 'ja' })).map((h) => h.slug);
      expect(await found()).toContain('chat-apps-ja');
      await kb.archive('chat-apps-ja', who);
      expect(await found()).not.toContain('chat-apps-ja');
      await kb.publish('chat-apps-ja', who);
      expect(await found()).toContain('chat-apps-ja');
      expect((await kb.history('chat-apps-ja')).map((v) => v.status)).toEqual(['published', 'published', 'published', 'archived', 'published']);
    });
  });

  it('exports articles that import back unchanged', async () => {
    const out = await fs.mkdtemp(path.join(os.tmpdir(), 'kb-export-'));
    expect(await kb.exportFolder(out)).toBe(1);
    const again = await readArticleFolder(out);
    expect(again.map((a) => [a.slug, a.title, a.status])).toEqual([['chat-apps-ja', 'チャットツールの外部連携アプリの権限', 'published']]);
  });

  describe('chat commands', () => {

    it('refuses changes from a staff member and leaves the article as it was', async () => {
      const reply = await handler.handle(cmd(LOCAL_DEMO.staff.identity, 'archive chat-apps-ja'));
      expect(text(reply)).toContain('ナレッジベースの編集は管理者のみが行えます。');
      expect((await kb.show('chat-apps-ja')).status).toBe('published');
    });

    it('lets anyone registered search', async () => {
      const reply = await handler.handle(cmd(LOCAL_DEMO.staff.identity, 'search 連携アプリ 権限'));
      expect(reply[0]!.card.citations?.[0]?.slug).toBe('chat-apps-ja');
    });

    it('lets an admin add a draft, which is not searchable until published', async () => {
      const body = article('usb-policy-ja', { title: 'USBメモリ利用の社内ルール', topics: '[usb-media]', category: 'malware', keywords: '[USBメモリ社内ルール]' });
      const added = await handler.handle(cmd(LOCAL_DEMO.admin.identity, 'add', body));
      expect(text(added)).toContain('usb-policy-ja を保存しました(第1版、状態: 下書き)');
      expect((await search.search({ text: 'USBメモリ社内ルール', lang: 'ja' })).map((h) => h.slug)).not.toContain('usb-policy-ja');
      await handler.handle(cmd(LOCAL_DEMO.admin.identity, 'publish usb-policy-ja'));
      expect((await search.search({ text: 'USBメモリ社内ルール', lang: 'ja' })).map((h) => h.slug)).toContain('usb-policy-ja');
    });

    it('explains which field is wrong when an admin sends a bad article', async () => {
      const reply = await handler.handle(cmd(LOCAL_DEMO.admin.identity, 'add', article('x-ja', { severity_hint: 'urgent' })));
      expect(text(reply)).toContain('severity_hint');
      await expect(kb.show('x-ja')).rejects.toThrow('not found');
    });
  });

  describe('gaps', () => {
    it('groups unanswered questions by category and shows an admin only their company', async () => {
      const q = (tenant: string | null, question: string, category: string, reason = 'no_answer') =>
        t.db.query('INSERT INTO kb_gaps (tenant_id, lang, question, category, reason) VALUES ($1, $2, $3, $4, $5)', [tenant, 'ja', question, category, reason]);
      await t.db.query("INSERT INTO tenants (id, name) VALUES ('other-co', 'Other') ON CONFLICT DO NOTHING");
      await q(LOCAL_DEMO.tenantId, 'Chatworkの権限は?', 'general');
      await q(LOCAL_DEMO.tenantId, 'Chatwork の権限は?', 'general', 'not_helpful');
      await q(LOCAL_DEMO.tenantId, 'NASのRAIDは?', 'vulnerability');
      await q('other-co', '他社の秘密の質問', 'general');
      const mine = await kb.gaps({ tenantId: LOCAL_DEMO.tenantId });
      expect(mine.map((g) => [g.category, g.count])).toEqual([['general', 2], ['vulnerability', 1]]);
      expect(mine[0]!.questions[0]).toMatchObject({ count: 2, reasons: ['not_helpful', 'no_answer'] });
      const reply = await handler.handle(cmd(LOCAL_DEMO.admin.identity, 'gaps'));
      expect(text(reply)).not.toContain('他社の秘密の質問');
      expect((await kb.gaps()).reduce((s, g) => s + g.count, 0)).toBe(4);
    });
  });
});
