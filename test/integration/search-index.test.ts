import { loadConfig } from '../../bot/config.js';
import { createKnowledge } from '../../knowledge/create-knowledge.js';
import { ANALYZER_VERSION } from '../../knowledge/search/analyzer.js';
import { DATABASE_KINDS, type TestDatabase } from '../helpers/databases.js';
import { memoryLogger } from '../helpers/logger.js';

/** The statistics kept incrementally, next to the same figures counted from scratch. */
async function statsAgree(t: TestDatabase): Promise<void> {
  const kept = await t.db.query<{ term: string; df: number }>('SELECT term, df FROM search_terms ORDER BY term');
  const counted = await t.db.query<{ term: string; df: number }>(
    `SELECT u.t AS term, count(*)::int AS df FROM article_chunks c CROSS JOIN LATERAL (SELECT DISTINCT unnest(c.tokens) AS t) u
     GROUP BY u.t ORDER BY u.t`,
  );
  expect(kept.rows).toEqual(counted.rows);
  const stats = await t.db.query<{ chunks: number; tokens: number }>('SELECT chunks::int, tokens::int FROM search_stats');
  const recount = await t.db.query<{ chunks: number; tokens: number }>(
    'SELECT count(*)::int AS chunks, coalesce(sum(cardinality(tokens)), 0)::int AS tokens FROM article_chunks',
  );
  expect(stats.rows).toEqual(recount.rows);
}

describe.each(DATABASE_KINDS)('the search index on %s', (_kind, create) => {
  let t: TestDatabase;
  const config = loadConfig({});
  beforeAll(async () => {
    t = await create();
  });
  afterAll(async () => t.drop());

  it('keeps term frequencies and corpus statistics equal to a full recount through import, archive and restore', async () => {
    const { articles } = await createKnowledge(t.db, config, memoryLogger('silent').logger);
    await statsAgree(t);
    await articles.setStatus('mfa-ja', 'archived', { author: 'test' });
    await articles.setStatus('backup-en', 'draft', { author: 'test' });
    await statsAgree(t);
    await articles.setStatus('mfa-ja', 'published', { author: 'test' });
    await articles.restore('backup-en', 1, { author: 'test' });
    await statsAgree(t);
  });

  it('rebuilds the index at start when it was built by an older analyser', async () => {
    await t.db.query('UPDATE search_stats SET analyzer_version = 1');
    await t.db.query("UPDATE article_chunks SET tokens = ARRAY['stale']::text[] WHERE id = (SELECT min(id) FROM article_chunks)");
    const log = memoryLogger('info');
    const { search } = await createKnowledge(t.db, config, log.logger);
    expect(log.records().some((r) => r.msg === 'search index rebuilt for a new analyser version')).toBe(true);
    const version = await t.db.query<{ analyzer_version: number }>('SELECT analyzer_version FROM search_stats');
    expect(version.rows[0]!.analyzer_version).toBe(ANALYZER_VERSION);
    expect((await t.db.query("SELECT 1 FROM article_chunks WHERE tokens = ARRAY['stale']::text[]")).rows).toEqual([]);
    await statsAgree(t);
    expect((await search.search({ text: 'ランサムウェアに感染した', lang: 'ja' }))[0]?.slug).toBe('ransomware-first-response-ja');
  });
});
