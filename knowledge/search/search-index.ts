import type { Logger } from '../../bot/logger.js';
import type { Database, Queryable } from '../../db/database.js';
import type { ArticleContent } from '../kb/article-types.js';
import { unitVector, type Embedder } from '../llm/embedder.js';
import { ANALYZER_VERSION, type TextAnalyzer } from './analyzer.js';
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

  /**
   * Replaces the chunks of one article (null: removes them). Document
   * frequencies and corpus statistics change by deltas: pass `deltas` to
   * collect them over many articles and `flush` once (an import of thousands
   * of articles in one transaction would otherwise rewrite the same
   * `search_terms` rows thousands of times); without it they are applied now.
   */
  async replace(tx: Queryable, articleId: number, article: ArticleContent | null, deltas?: TermDeltas): Promise<void> {
    const own = deltas ?? new TermDeltas();
    await this.remove(tx, articleId, own);
    if (article) {
      const chunks: { chunk: Chunk; tokens: string[] }[] = [];
      for (const chunk of chunkArticle(article)) {
        const tokens = this.analyzer.tokens(chunk.indexText);
        if (tokens.length > 0) chunks.push({ chunk, tokens });
      }
      if (this.options.embedder) await this.insertWithEmbeddings(tx, articleId, article, chunks, this.options.embedder);
      else {
        for (const { chunk, tokens } of chunks) {
          await tx.query('INSERT INTO article_chunks (article_id, ord, heading, text, tokens) VALUES ($1, $2, $3, $4, $5)', [
            articleId,
            chunk.ord,
            chunk.heading,
            chunk.text,
            tokens,
          ]);
        }
      }
      for (const { tokens } of chunks) own.addChunk(tokens, +1);
    }
    if (!deltas) await own.flush(tx);
  }

  /** Rebuilds the whole index with the current analyser (tokenisation changed). */
  async reindexAll(db: Database, articles: { id: number; content: ArticleContent }[]): Promise<void> {
    await db.transaction(async (tx) => {
      await tx.query('DELETE FROM article_chunks');
      await tx.query('DELETE FROM search_terms');
      await tx.query('UPDATE search_stats SET chunks = 0, tokens = 0, analyzer_version = $1', [ANALYZER_VERSION]);
      const deltas = new TermDeltas();
      for (const a of articles) await this.replace(tx, a.id, a.content, deltas);
      await deltas.flush(tx);
    });
  }

  /** Records that the (freshly built) index matches the current analyser. */
  async markCurrent(db: Queryable): Promise<void> {
    await db.query('UPDATE search_stats SET analyzer_version = $1 WHERE id = 1', [ANALYZER_VERSION]);
  }

  /** The analyser version the stored index was built with. */
  async indexedWith(db: Queryable): Promise<number> {
    const r = await db.query<{ analyzer_version: number }>('SELECT analyzer_version FROM search_stats WHERE id = 1');
    return r.rows[0]?.analyzer_version ?? 0;
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
  private async insertWithEmbeddings(
    tx: Queryable,
    articleId: number,
    article: ArticleContent,
    chunks: { chunk: Chunk; tokens: string[] }[],
    embedder: Embedder,
  ): Promise<void> {
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

  private async remove(tx: Queryable, articleId: number, deltas: TermDeltas): Promise<void> {
    const r = await tx.query<{ tokens: string[] }>('DELETE FROM article_chunks WHERE article_id = $1 RETURNING tokens', [articleId]);
    for (const row of r.rows) deltas.addChunk(row.tokens, -1);
  }
}

/**
 * Pending changes to document frequencies and corpus statistics, applied in
 * one statement each by `flush`.
 */
export class TermDeltas {
  private readonly df = new Map<string, number>();
  private chunks = 0;
  private tokens = 0;

  addChunk(tokens: readonly string[], sign: 1 | -1): void {
    this.chunks += sign;
    this.tokens += sign * tokens.length;
    for (const t of new Set(tokens)) this.df.set(t, (this.df.get(t) ?? 0) + sign);
  }

  async flush(tx: Queryable): Promise<void> {
    const changed = [...this.df].filter(([, d]) => d !== 0);
    if (changed.length > 0) {
      await tx.query(
        `INSERT INTO search_terms (term, df) SELECT * FROM unnest($1::text[], $2::int[])
         ON CONFLICT (term) DO UPDATE SET df = search_terms.df + EXCLUDED.df`,
        [changed.map(([t]) => t), changed.map(([, d]) => d)],
      );
      await tx.query('DELETE FROM search_terms WHERE term = ANY($1) AND df <= 0', [changed.filter(([, d]) => d < 0).map(([t]) => t)]);
    }
    if (this.chunks !== 0 || this.tokens !== 0) {
      await tx.query('UPDATE search_stats SET chunks = chunks + $1, tokens = tokens + $2 WHERE id = 1', [this.chunks, this.tokens]);
    }
    this.df.clear();
    this.chunks = 0;
    this.tokens = 0;
  }
}
