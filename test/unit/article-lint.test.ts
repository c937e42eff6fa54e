import { BUNDLED_ARTICLES_DIR, readArticleFolder } from '../../knowledge/kb/article-files.js';
import { lintArticles, MIN_ASKS } from '../../knowledge/kb/article-lint.js';
import type { ArticleContent } from '../../knowledge/kb/article-types.js';

describe('kb lint', () => {
  let bundled: ArticleContent[];
  beforeAll(async () => {
    bundled = await readArticleFolder(BUNDLED_ARTICLES_DIR);
  });

  it('finds nothing wrong with the bundled knowledge base: every article has its phrasings', () => {
    expect(lintArticles(bundled)).toEqual([]);
    expect(Math.min(...bundled.map((a) => a.asks.length))).toBeGreaterThanOrEqual(MIN_ASKS);
  });

  it('names too few phrasings, a repeat, one shared with another article, and one in the wrong language', () => {
    const [a, b] = [bundled.find((x) => x.slug === 'mfa-ja')!, bundled.find((x) => x.slug === 'passwords-ja')!];
    const broken = [
      { ...a, asks: [...a.asks.slice(0, 8), a.asks[0]!, 'How do I set this up?'] },
      { ...b, asks: [...b.asks, `${a.asks[1]!} `] },
    ];
    const problems = lintArticles(broken).map((p) => `${p.slug}: ${p.problem}`);
    expect(problems).toEqual([
      `mfa-ja: asks: "${a.asks[0]!}" is there twice`,
      'mfa-ja: asks: "How do I set this up?" is not Japanese (the article is)',
      `passwords-ja: asks: "${a.asks[1]!} " is also a phrasing of mfa-ja`,
    ]);
    // Drafts may be unfinished.
    expect(lintArticles([{ ...a, status: 'draft', asks: [] }])).toEqual([]);
    expect(lintArticles([{ ...a, asks: a.asks.slice(0, 3) }])).toEqual([{ slug: 'mfa-ja', problem: `asks: 3 phrasings, needs at least ${MIN_ASKS}` }]);
  });
});
