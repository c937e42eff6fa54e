import type { Logger } from '../../core/logger.js';
import type { Database, Queryable, Transaction } from '../../db/database.js';
import type { ArticleContent } from '../kb/article-types.js';
import { unitVector, type Embedder } from '../llm/embedder.js';
import { ANALYZER_VERSION, type TextAnalyzer } from './analyzer.js';
import { chunkArticle, type Chunk } from './chunker.js';
import { ASK_BREAK, encodePostings, POSTINGS_VERSION } from './postings-codec.js';

export { ASK_BREAK } from './postings-codec.js';

/** Optional parts of the indexer. */
export interface SearchIndexerOptions {
  /** Embeds chunks at index time for hybrid search; absent → lexical index only, as before. */
  embedder?: Embedder;
  logger?: Logger;
}

/** Chunks per request when backfilling embeddings. */
const BACKFILL_BATCH = 128;
/** Chunks per transaction when filling in postings. */
const FILL_BATCH = 500;

/**
 * The vocabulary number of every term in `tokens`, adding the new ones. Numbers are never reused
 * or changed, so a process may keep what it has read. A term another transaction is adding at the
 * same moment is read again once that one has committed.
 */
async function termIds(q: Queryable, tokens: readonly string[]): Promise<Map<string, number>> {
  const terms = [...new Set(tokens)].filter((t) => t !== ASK_BREAK);
  const idOf = new Map<string, number>();
  if (terms.length === 0) return idOf;
  const r = await q.query<{ id: number; term: string }>(
    `WITH added AS (INSERT INTO search_vocabulary (term) SELECT unnest($1::text[]) ON CONFLICT (term) DO NOTHING RETURNING id, term)
     SELECT id, term FROM added UNION ALL SELECT id, term FROM search_vocabulary WHERE term = ANY($1::text[])`,
    [terms],
  );
  for (const row of r.rows) idOf.set(row.term, Number(row.id));
  const missing = terms.filter((t) => !idOf.has(t));
  if (missing.length > 0) {
    const again = await q.query<{ id: number; term: string }>('SELECT id, term FROM search_vocabulary WHERE term = ANY($1::text[])', [missing]);
    for (const row of again.rows) idOf.set(row.term, Number(row.id));
  }
  return idOf;
}

/** What a chunk's vector is computed from: the article title gives a section its context. */
function embeddingText(title: string, heading: string, text: string): string {
  return heading === title ? `${title}\n${text}` : `${title}\n${heading}\n${text}`;
}

/**
 * Keeps `article_chunks` in step with what is published and stamps every change with a new
 * search generation, so each process's in-memory index (PublishedIndex) knows which articles
 * to reload. Called inside the transaction that publishes, archives or edits an article, so
 * search never sees half an article.
 */
export class SearchIndexer {
  constructor(
    private readonly analyzer: TextAnalyzer,
    private readonly options: SearchIndexerOptions = {},
  ) {}

  /**
   * Replaces the chunks of one article (null: removes them). Pass `batch` to stamp many
   * articles with one generation and `flush` once (an import of thousands of articles in one
   * transaction); without it the article is stamped now.
   */
  async replace(tx: Transaction, articleId: number, article: ArticleContent | null, batch?: IndexBatch): Promise<void> {
    const own = batch ?? new IndexBatch();
    await tx.query('DELETE FROM article_chunks WHERE article_id = $1', [articleId]);
    if (article) {
      const chunks: { chunk: Chunk; tokens: string[] }[] = [];
      for (const chunk of chunkArticle(article)) {
        const tokens = chunk.kind === 'asks' ? this.askTokens(chunk.indexText) : this.analyzer.tokens(chunk.indexText);
        if (tokens.some((t) => t !== ASK_BREAK)) chunks.push({ chunk, tokens });
      }
      const idOf = await termIds(tx, chunks.flatMap((c) => c.tokens));
      const coded = chunks.map((c) => ({ ...c, postings: encodePostings(c.chunk.kind, c.tokens, idOf) }));
      if (this.options.embedder) await this.insertWithEmbeddings(tx, articleId, article, coded, this.options.embedder);
      else {
        for (const { chunk, tokens, postings } of coded) {
          await tx.query(
            'INSERT INTO article_chunks (article_id, ord, kind, heading, text, tokens, postings, postings_version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
            [articleId, chunk.ord, chunk.kind, chunk.heading, chunk.text, tokens, postings, POSTINGS_VERSION],
          );
        }
      }
    }
    own.touch(articleId);
    if (!batch) await own.flush(tx);
  }

  /** One line per phrasing; ASK_BREAK between them. */
  private askTokens(lines: string): string[] {
    const out: string[] = [];
    for (const line of lines.split('\n')) {
      const tokens = this.analyzer.tokens(line);
      if (tokens.length === 0) continue;
      if (out.length > 0) out.push(ASK_BREAK);
      out.push(...tokens);
    }
    return out;
  }

  /** Rebuilds the whole index with the current analyser (tokenisation changed). */
  async reindexAll(db: Database, articles: { id: number; content: ArticleContent }[]): Promise<void> {
    await db.transaction(async (tx) => {
      await tx.query('DELETE FROM article_chunks');
      await tx.query('UPDATE search_stats SET analyzer_version = $1', [ANALYZER_VERSION]);
      const batch = new IndexBatch();
      for (const a of articles) await this.replace(tx, a.id, a.content, batch);
      // Articles no longer published lost their chunks above: stamped too, so every process drops them.
      const rest = await tx.query<{ id: number }>('SELECT id FROM articles');
      for (const r of rest.rows) batch.touch(Number(r.id));
      await batch.flush(tx);
    });
  }

  /** Records that the (freshly built) index matches the current analyser. */
  async markCurrent(db: Queryable): Promise<void> {
    await db.query('UPDATE search_stats SET analyzer_version = $1 WHERE id = 1', [ANALYZER_VERSION]);
  }

  /**
   * Writes the postings of chunks stored without them, or by code with another POSTINGS_VERSION
   * (rows from before the postings existed), from the chunk's own stored tokens, in batches; the
   * loader reads such rows' tokens meanwhile, so answers are the same either way. Call it only once
   * the stored tokens are the current analyser's (after the reindex check at start). A chunk row
   * is never updated, only replaced, so a row deleted meanwhile is simply not written. Returns how
   * many chunks it filled.
   */
  async fillPostings(db: Database): Promise<number> {
    let done = 0;
    for (;;) {
      const filled = await db.transaction(async (tx) => {
        const r = await tx.query<{ id: string; kind: 'text' | 'asks'; tokens: string[] }>(
          'SELECT id, kind, tokens FROM article_chunks WHERE postings_version IS DISTINCT FROM $1 ORDER BY id LIMIT $2',
          [POSTINGS_VERSION, FILL_BATCH],
        );
        if (r.rows.length === 0) return 0;
        const idOf = await termIds(tx, r.rows.flatMap((row) => row.tokens));
        for (const row of r.rows) {
          await tx.query('UPDATE article_chunks SET postings = $2, postings_version = $3 WHERE id = $1', [row.id, encodePostings(row.kind, row.tokens, idOf), POSTINGS_VERSION]);
        }
        return r.rows.length;
      });
      if (filled === 0) return done;
      done += filled;
    }
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
    chunks: { chunk: Chunk; tokens: string[]; postings: Uint8Array }[],
    embedder: Embedder,
  ): Promise<void> {
    let vectors: (number[] | undefined)[] = [];
    try {
      vectors = await embedder.embedDocuments(chunks.map(({ chunk }) => embeddingText(article.title, chunk.heading, chunk.text)));
    } catch (err) {
      // Publishing must not depend on the model being up: the lexical index is complete either way.
      this.options.logger?.warn({ code: (err as { code?: string }).code ?? 'EMBED_FAILED', slug: article.slug }, 'chunks not embedded; left for the backfill');
    }
    for (const [i, { chunk, tokens, postings }] of chunks.entries()) {
      const vector = this.usable(vectors[i]);
      await tx.query(
        'INSERT INTO article_chunks (article_id, ord, kind, heading, text, tokens, postings, postings_version, embedding, embedding_model) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)',
        [articleId, chunk.ord, chunk.kind, chunk.heading, chunk.text, tokens, postings, POSTINGS_VERSION, vector ?? null, vector ? embedder.model : null],
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

}

/** The notification channel a new search generation is announced on (its number as the payload). */
export const SEARCH_GENERATION_CHANNEL = 'search_generation';

/**
 * Articles whose chunks changed in one transaction, stamped by `flush` with one new search
 * generation (the row lock on search_stats orders generations as their transactions commit),
 * which is announced on SEARCH_GENERATION_CHANNEL when the transaction commits.
 */
export class IndexBatch {
  private readonly touched = new Set<number>();

  touch(articleId: number): void {
    this.touched.add(articleId);
  }

  async flush(tx: Transaction): Promise<void> {
    if (this.touched.size === 0) return;
    const g = await tx.query<{ generation: string }>('UPDATE search_stats SET generation = generation + 1 WHERE id = 1 RETURNING generation');
    await tx.query('UPDATE articles SET search_generation = $2 WHERE id = ANY($1::bigint[])', [[...this.touched], g.rows[0]!.generation]);
    await tx.notify(SEARCH_GENERATION_CHANNEL, String(g.rows[0]!.generation));
    this.touched.clear();
  }
}
