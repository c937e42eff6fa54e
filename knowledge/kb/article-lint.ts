import type { ArticleContent } from './article-types.js';

/** Fewest alternate phrasings a published article has (knowledge/articles/README.md). */
export const MIN_ASKS = 10;

export interface LintProblem {
  slug: string;
  problem: string;
}

const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff]/;

/**
 * Checks beyond the parser's (which already rejects a malformed article): what makes the
 * knowledge base searchable. Every published article carries at least MIN_ASKS phrasings in its
 * own language, none repeated, none shared with another article (a phrasing in two articles
 * makes the two tie for the same question).
 */
export function lintArticles(articles: readonly ArticleContent[]): LintProblem[] {
  const problems: LintProblem[] = [];
  const owner = new Map<string, string>();
  const key = (ask: string) => ask.normalize('NFKC').toLowerCase().replace(/[\s、。,.!?！？「」"']/g, '');
  for (const a of articles) {
    if (a.status !== 'published') continue;
    if (a.asks.length < MIN_ASKS) problems.push({ slug: a.slug, problem: `asks: ${a.asks.length} phrasings, needs at least ${MIN_ASKS}` });
    const own = new Set<string>();
    for (const ask of a.asks) {
      const k = key(ask);
      if (own.has(k)) problems.push({ slug: a.slug, problem: `asks: "${ask}" is there twice` });
      own.add(k);
      const other = owner.get(k);
      if (other && other !== a.slug) problems.push({ slug: a.slug, problem: `asks: "${ask}" is also a phrasing of ${other}` });
      owner.set(k, a.slug);
      if (a.lang === 'ja' && !JAPANESE.test(ask)) problems.push({ slug: a.slug, problem: `asks: "${ask}" is not Japanese (the article is)` });
      if (a.lang === 'en' && JAPANESE.test(ask)) problems.push({ slug: a.slug, problem: `asks: "${ask}" is Japanese (the article is English)` });
    }
  }
  return problems;
}
