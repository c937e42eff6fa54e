import type { Queryable } from '../../db/database.js';
import type { ArticleContent } from '../kb/article-types.js';
import type { TextAnalyzer } from './analyzer.js';
import { chunkArticle } from './chunker.js';

/**
 * Keeps `article_chunks` and the document frequencies in `search_terms` in
 * step with what is published. Called inside the transaction that publishes,
 * archives or edits an article, so search never sees half an article.
 */
export class SearchIndexer {
  constructor(private readonly analyzer: TextAnalyzer) {}

  async replace(tx: Queryable, articleId: number, article: ArticleContent | null): Promise<void> {
    await this.remove(tx, articleId);
    if (!article) return;
    for (const chunk of chunkArticle(article)) {
      const tokens = this.analyzer.tokens(chunk.indexText);
      if (tokens.length === 0) continue;
      await tx.query('INSERT INTO article_chunks (article_id, ord, heading, text, tokens) VALUES ($1, $2, $3, $4, $5)', [
        articleId,
        chunk.ord,
        chunk.heading,
        chunk.text,
        tokens,
      ]);
    }
    await tx.query(
      `INSERT INTO search_terms (term, df)
       SELECT u.t, count(*) FROM article_chunks c CROSS JOIN LATERAL (SELECT DISTINCT unnest(c.tokens) AS t) u
       WHERE c.article_id = $1 GROUP BY u.t
       ON CONFLICT (term) DO UPDATE SET df = search_terms.df + EXCLUDED.df`,
      [articleId],
    );
  }

  private async remove(tx: Queryable, articleId: number): Promise<void> {
    await tx.query(
      `UPDATE search_terms s SET df = s.df - d.n FROM (
         SELECT u.t, count(*) AS n FROM article_chunks c CROSS JOIN LATERAL (SELECT DISTINCT unnest(c.tokens) AS t) u
         WHERE c.article_id = $1 GROUP BY u.t) d
       WHERE s.term = d.t`,
      [articleId],
    );
    await tx.query('DELETE FROM search_terms WHERE df <= 0');
    await tx.query('DELETE FROM article_chunks WHERE article_id = $1', [articleId]);
  }
}
