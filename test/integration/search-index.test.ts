import { loadConfig } from '../../core/config.js';
import { createKnowledge } from '../../knowledge/create-knowledge.js';
import { parseArticle } from '../../knowledge/kb/article-parser.js';
import { ANALYZER_VERSION, TextAnalyzer } from '../../knowledge/search/analyzer.js';
import { Glossary } from '../../knowledge/search/glossary.js';
import { POSTINGS_VERSION } from '../../knowledge/search/postings-codec.js';
import { SearchService } from '../../knowledge/search/search-service.js';
import { DATABASE_KINDS, type TestDatabase } from '../helpers/databases.js';
import { memoryLogger } from '../helpers/logger.js';

const ARTICLE = (version: string, asks: string[]) =>
  parseArticle(
    'freezer.md',
    [
      '---',
      'slug: freezer-alarm-ja',
      'lang: ja',
      `title: "冷凍庫の温度警報が鳴ったとき (${version})"`,
      'summary: "冷凍庫の監視端末が警報を出したときの確認手順です。"',
      'topics: [iot-devices]',
      'category: general',
      'severity_hint: low',
      'updated: 2026-12-01',
      `asks: ${JSON.stringify(asks)}`,
      '---',
      '',
      '## 今すぐやること',
      '',
      '1. 監視端末の画面を写真に撮ってください。',
      '2. 庫内の温度計を読み、設備の担当者に電話で伝えてください。',
    ].join('\n'),
  );

describe.each(DATABASE_KINDS)('the in-memory search index on %s', (_kind, create) => {
  let t: TestDatabase;
  const config = loadConfig({});
  beforeAll(async () => {
    t = await create();
  });
  afterAll(async () => t.drop());

  it('answers every process from the latest published version: a publish in one is seen by the next search in another', async () => {
    const log = memoryLogger('silent').logger;
    const one = await createKnowledge(t.db, config, log);
    // A second bot process over the same database: its own index, loaded at its start.
    const other = new SearchService(t.db, new TextAnalyzer(), new Glossary());
    await other.warm();
    const question = { text: '鸚鵡丸の見張り番が鳴きやまない', lang: 'ja' as const };
    expect((await other.search(question)).map((h) => h.slug)).not.toContain('freezer-alarm-ja');

    // Found only through its alternate phrasing: none of these words are in its text.
    await one.articles.save(ARTICLE('v1', ['鸚鵡丸の見張り番が鳴きやまない']), { author: 'test' });
    expect((await other.search(question))[0]?.slug).toBe('freezer-alarm-ja');
    expect((await one.search.search(question))[0]?.title).toContain('v1');

    await one.articles.save(ARTICLE('v2', ['鸚鵡丸の見張り番が鳴きやまない']), { author: 'test' });
    expect((await other.search(question))[0]?.title).toContain('v2');

    await one.articles.setStatus('freezer-alarm-ja', 'archived', { author: 'test' });
    expect((await other.search(question)).map((h) => h.slug)).not.toContain('freezer-alarm-ja');
    await one.articles.restore('freezer-alarm-ja', 1, { author: 'test' });
    expect((await other.search(question)).map((h) => h.slug)).not.toContain('freezer-alarm-ja');
    await one.articles.setStatus('freezer-alarm-ja', 'published', { author: 'test' });
    const back = await other.search(question);
    expect(back[0]?.slug).toBe('freezer-alarm-ja');
    // The phrasing is searched, never quoted: the answer quotes the article's own text.
    expect(back[0]?.passage).not.toContain('鸚鵡');
  });

  it('gives the same answers from an index kept up to date one change at a time as from one loaded afresh', async () => {
    const kept = new SearchService(t.db, new TextAnalyzer(), new Glossary());
    await kept.warm();
    const { articles } = await createKnowledge(t.db, config, memoryLogger('silent').logger);
    await articles.setStatus('mfa-ja', 'archived', { author: 'test' });
    await articles.setStatus('backup-en', 'draft', { author: 'test' });
    await articles.setStatus('mfa-ja', 'published', { author: 'test' });
    await articles.restore('backup-en', 1, { author: 'test' });
    const fresh = new SearchService(t.db, new TextAnalyzer(), new Glossary());
    for (const text of ['二段階認証を設定したい', 'How should we keep backups safe from ransomware?', 'パスワードを使い回している']) {
      const lang = /[a-z]/i.test(text[0]!) ? ('en' as const) : ('ja' as const);
      expect(await kept.search({ text, lang, limit: 8 })).toEqual(await fresh.search({ text, lang, limit: 8 }));
    }
  });

  it('rebuilds the stored chunks at start when they were built by an older analyser', async () => {
    await t.db.query('UPDATE search_stats SET analyzer_version = 1');
    await t.db.query("UPDATE article_chunks SET tokens = ARRAY['stale']::text[] WHERE id = (SELECT min(id) FROM article_chunks)");
    const log = memoryLogger('info');
    const { search } = await createKnowledge(t.db, config, log.logger);
    expect(log.records().some((r) => r.msg === 'search index rebuilt for a new analyser version')).toBe(true);
    const version = await t.db.query<{ analyzer_version: number }>('SELECT analyzer_version FROM search_stats');
    expect(version.rows[0]!.analyzer_version).toBe(ANALYZER_VERSION);
    expect((await t.db.query("SELECT 1 FROM article_chunks WHERE tokens = ARRAY['stale']::text[]")).rows).toEqual([]);
    expect((await search.search({ text: 'ランサムウェアに感染した', lang: 'ja' }))[0]?.slug).toBe('ransomware-first-response-ja');
  });

  it('answers the same from chunks stored without their postings (older rows, read by their tokens) and writes them at start', async () => {
    const questions = ['二段階認証を設定したい', 'How should we keep backups safe from ransomware?', 'NASのファイル名に知らない拡張子が付いている', 'I lost my company phone'];
    const ask = async (s: SearchService) => {
      const out = [];
      for (const text of questions) out.push(await s.search({ text, lang: /^[a-z]/i.test(text) ? 'en' : 'ja', limit: 8 }));
      return out;
    };
    await createKnowledge(t.db, config, memoryLogger('silent').logger);
    const withPostings = new SearchService(t.db, new TextAnalyzer(), new Glossary());
    const expected = await ask(withPostings);
    expect(expected[0]!.length).toBeGreaterThan(0);
    // As a database from before the postings existed, or written by another encoding: half the rows.
    await t.db.query('UPDATE article_chunks SET postings = NULL, postings_version = NULL WHERE id % 2 = 0');
    await t.db.query('UPDATE article_chunks SET postings_version = $1 WHERE id % 3 = 0 AND postings IS NOT NULL', [POSTINGS_VERSION + 1]);
    expect(await ask(new SearchService(t.db, new TextAnalyzer(), new Glossary()))).toEqual(expected);
    const log = memoryLogger('info');
    const { search } = await createKnowledge(t.db, config, log.logger);
    expect(log.records().some((r) => r.msg === 'search postings written for stored chunks')).toBe(true);
    const left = await t.db.query('SELECT 1 FROM article_chunks WHERE postings_version IS DISTINCT FROM $1', [POSTINGS_VERSION]);
    expect(left.rows).toEqual([]);
    expect(await ask(search)).toEqual(expected);
  });
});
