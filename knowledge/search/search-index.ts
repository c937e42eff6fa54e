import type { Logger } from '../../bot/logger.js';
import type { Queryable } from '../../db/database.js';
import type { ArticleContent } from '../kb/article-types.js';
import { unitVector, type Embedder } from '../llm/embedder.js';
import type { TextAnalyzer } from './analyzer.js';
import { chunkArticle, type Chunk } from './chunker.js';

/** Optional parts of the indexer. */
export interface SearchIndexerOptions {
  /** Embeds chunks at index time for hybrid search; absent → lexical index only, as before. */
  embedder?: Embedder;
  logger?: Logger;
}

/** Chunks per request when backfilling embeddings. */
const BACKFILL_BATCH = 128;

/** What a chunk's vector is computed from: the article title gives a section its context. */
function embeddingText(title: string, heading: string, text: string): string {
  return heading === title ? `${title}\n${text}` : `${title}\n${heading}\n${text}`;
}

/**
 * Keeps `article_chunks` and the document frequencies in `search_terms` in
 * step with what is published. Called inside the transaction that publishes,
 * archives or edits an article, so search never sees half an article.
 */
export class SearchIndexer {
  constructor(
    private readonly analyzer: TextAnalyzer,
    private readonly options: SearchIndexerOptions = {},
  ) {}

  async replace(tx: Queryable, articleId: number, article: ArticleContent | null): Promise<void> {
    await this.remove(tx, articleId);
    if (!article) return;
    if (this.options.embedder) {
      await this.insertWithEmbeddings(tx, articleId, article, this.options.embedder);
      await this.countTerms(tx, articleId);
      return;
    }
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
    await this.countTerms(tx, articleId);
  }

  /**
   * Embeds every chunk that has no vector from the current model (indexed while the
   * API was down, before a key was configured, or by another model), in batches.
   * Runs outside any publishing transaction; stops at the first failed batch and
   * returns how many chunks it embedded. Hybrid search works with whatever is there.
   */
  async embedMissing(db: Queryable): Promise<number> {
    const embedder = this.options.embedder;
    if (!embedder) return 0;
    let done = 0;
    let failedIds: number[] = [];
    for (;;) {
      const r = await db.query<{ id: number; heading: string; text: string; title: string }>(
        `SELECT c.id, c.heading, c.text, v.title
         FROM article_chunks c
         JOIN articles a ON a.id = c.article_id
         JOIN article_versions v ON v.article_id = a.id AND v.version = a.current_version
         WHERE (c.embedding IS NULL OR c.embedding_model IS DISTINCT FROM $1) AND NOT (c.id = ANY($3::bigint[]))
         ORDER BY c.id LIMIT $2`,
        [embedder.model, BACKFILL_BATCH, failedIds],
      );
      if (r.rows.length === 0) return done;
      let vectors: number[][];
      try {
        vectors = await embedder.embedDocuments(r.rows.map((row) => embeddingText(row.title, row.heading, row.text)));
      } catch (err) {
        this.options.logger?.warn({ code: (err as { code?: string }).code ?? 'EMBED_FAILED', embedded: done }, 'embedding backfill stopped');
        return done;
      }
      const bad: number[] = [];
      for (const [i, row] of r.rows.entries()) {
        const v = this.usable(vectors[i]);
        if (!v) {
          bad.push(Number(row.id));
          continue;
        }
        await db.query('UPDATE article_chunks SET embedding = $2, embedding_model = $3 WHERE id = $1', [row.id, v, embedder.model]);
        done++;
      }
      // A text the model returns no usable vector for is skipped, not asked for again forever.
      failedIds = [...failedIds, ...bad];
    }
  }

  /** Index-time embedding: one request for all chunks of the article; on failure the chunks wait for the backfill. */
  private async insertWithEmbeddings(tx: Queryable, articleId: number, article: ArticleContent, embedder: Embedder): Promise<void> {
    const chunks: { chunk: Chunk; tokens: string[] }[] = [];
    for (const chunk of chunkArticle(article)) {
      const tokens = this.analyzer.tokens(chunk.indexText);
      if (tokens.length > 0) chunks.push({ chunk, tokens });
    }
    let vectors: (number[] | undefined)[] = [];
    try {
      vectors = await embedder.embedDocuments(chunks.map(({ chunk }) => embeddingText(article.title, chunk.heading, chunk.text)));
    } catch (err) {
      // Publishing must not depend on the model being up: the lexical index is complete either way.
      this.options.logger?.warn({ code: (err as { code?: string }).code ?? 'EMBED_FAILED', slug: article.slug }, 'chunks not embedded; left for the backfill');
    }
    for (const [i, { chunk, tokens }] of chunks.entries()) {
      const vector = this.usable(vectors[i]);
      await tx.query(
        'INSERT INTO article_chunks (article_id, ord, heading, text, tokens, embedding, embedding_model) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        [articleId, chunk.ord, chunk.heading, chunk.text, tokens, vector ?? null, vector ? embedder.model : null],
      );
    }
  }

  /** A finite, non-zero vector scaled to unit length, or undefined. */
  private usable(v: number[] | undefined): number[] | undefined {
    if (!v || v.length === 0) return undefined;
    try {
      return unitVector(v);
    } catch {
      return undefined;
    }
  }

  private async countTerms(tx: Queryable, articleId: number): Promise<void> {
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
