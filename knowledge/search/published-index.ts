import type { Logger } from '../../core/logger.js';
import type { Database } from '../../db/database.js';
import { MemoryIndex, type ArticleToIndex, type IndexedArticle } from './memory-index.js';
import { SEARCH_GENERATION_CHANNEL } from './search-index.js';

/**
 * Longest a process answers from its index without reading the search generation, while the
 * notifications are connected: a backstop for a notification lost without the connection
 * being seen to drop. One single-row read a second at most.
 */
export const GENERATION_RECHECK_MS = 1000;

interface ChunkRow {
  article_id: number;
  ord: number;
  kind: 'text' | 'asks';
  heading: string;
  text: string;
  /** Tokens joined by spaces (no token holds one): a plain string parses far faster than a text[] at 10,000 articles. */
  tokens: string;
  slug: string;
  lang: IndexedArticle['lang'];
  title: string;
  topics: string[];
  category: string;
  severity_hint: string;
}

const CHUNKS = `SELECT c.article_id, c.ord, c.kind, c.heading, c.text, array_to_string(c.tokens, ' ') AS tokens, a.slug, a.lang, v.title, v.topics, v.category, v.severity_hint
  FROM article_chunks c
  JOIN articles a ON a.id = c.article_id AND a.status = 'published'
  JOIN article_versions v ON v.article_id = a.id AND v.version = a.current_version`;

/** What a refresh did, for logs and the bench. */
export interface IndexRefresh {
  generation: number;
  /** Articles reloaded (all of them on the first load). */
  articles: number;
  ms: number;
}

/**
 * This process's copy of the published knowledge base, kept current from the database (the
 * source of truth). Every publish, archive or edit commits a new search generation and
 * announces it (SEARCH_GENERATION_CHANNEL, Transaction.notify); the index reloads only the
 * articles stamped after the generation it holds. What a search answers from:
 *
 * - In this process (any SearchService over the same Database object): the latest generation.
 *   A commit's notification reaches the listeners before its `transaction()` resolves, so a
 *   search that starts after a publish returned reloads first. On PGlite every commit is this
 *   process's (the data folder's lock file), so this is the whole guarantee there.
 * - From other processes (PostgreSQL): every generation whose notification has arrived (the
 *   server sends it on commit, over this process's LISTEN connection); and never one more
 *   than GENERATION_RECHECK_MS older than the database's, because a search reads the
 *   generation itself when the last read is older than that.
 * - While the LISTEN connection is down (start, a server restart) and until one read has been
 *   made after it is back: every search reads the generation first, as a process without
 *   notifications must.
 *
 * So a search costs no database round trip in the common case. Refreshes are single-flight.
 */
export class PublishedIndex {
  private index = new MemoryIndex();
  private generation = -1;
  private refreshing?: Promise<IndexRefresh>;
  private listening?: Promise<unknown>;
  /** The LISTEN side is connected and the generation has been read since it (re)connected. */
  private live = false;
  /** The highest generation announced. */
  private heard = -1;
  /** When the generation was last read from the database (its start, performance.now()). */
  private checkedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly db: Database,
    private readonly logger?: Logger,
  ) {}

  /** The index as of the latest published generation (see the class comment for what "latest" means). */
  async current(): Promise<MemoryIndex> {
    this.listening ??= this.db
      .listen(SEARCH_GENERATION_CHANNEL, {
        message: (payload) => {
          const g = Number(payload);
          if (g > this.heard) this.heard = g;
        },
        connected: (up) => {
          // Up again: what was sent while it was down is unknown until the generation is read.
          this.live = up;
          this.checkedAt = Number.NEGATIVE_INFINITY;
        },
      })
      .catch((err: unknown) => this.logger?.warn({ err: (err as Error).message }, 'search index: no notifications; the generation is read on every search'));
    await this.listening;
    if (this.live && this.heard <= this.generation && performance.now() - this.checkedAt < GENERATION_RECHECK_MS) return this.index;
    const started = performance.now();
    const latest = Math.max(await this.latestGeneration(), this.heard);
    while (latest > this.generation) {
      this.refreshing ??= this.refresh().finally(() => (this.refreshing = undefined));
      await this.refreshing;
    }
    if (started > this.checkedAt) this.checkedAt = started;
    return this.index;
  }

  /** Loads what changed since the generation held (everything on the first call). */
  async refresh(): Promise<IndexRefresh> {
    const started = performance.now();
    // Generation first, then rows: rows newer than it are simply reloaded again next time.
    const generation = await this.latestGeneration();
    let reloaded: number;
    if (this.generation < 0) {
      const next = new MemoryIndex();
      const rows = await this.db.query<ChunkRow>(`${CHUNKS} ORDER BY c.article_id, c.ord`);
      const articles = group(rows.rows);
      for (const a of articles) next.put(a);
      this.index = next;
      reloaded = articles.length;
    } else {
      const changed = await this.db.query<{ id: number }>('SELECT id FROM articles WHERE search_generation > $1', [this.generation]);
      const ids = changed.rows.map((r) => Number(r.id));
      const rows = ids.length ? await this.db.query<ChunkRow>(`${CHUNKS} WHERE c.article_id = ANY($1::bigint[]) ORDER BY c.article_id, c.ord`, [ids]) : { rows: [] };
      for (const id of ids) this.index.remove(id);
      for (const a of group(rows.rows)) this.index.put(a);
      reloaded = ids.length;
    }
    this.index.prepare();
    this.generation = Math.max(this.generation, generation);
    const ms = Math.round(performance.now() - started);
    if (reloaded > 0) this.logger?.debug({ generation: this.generation, articles: reloaded, ms }, 'search index refreshed');
    return { generation: this.generation, articles: reloaded, ms };
  }

  private async latestGeneration(): Promise<number> {
    const r = await this.db.query<{ generation: string | number }>('SELECT generation FROM search_stats WHERE id = 1');
    return Number(r.rows[0]?.generation ?? 0);
  }
}

function group(rows: ChunkRow[]): ArticleToIndex[] {
  const out: ArticleToIndex[] = [];
  let current: ArticleToIndex | undefined;
  for (const r of rows) {
    const id = Number(r.article_id);
    if (!current || current.id !== id) {
      current = { id, slug: r.slug, lang: r.lang, title: r.title, topics: r.topics, category: r.category, severityHint: r.severity_hint, chunks: [] };
      out.push(current);
    }
    current.chunks.push({ ord: r.ord, kind: r.kind, heading: r.heading, text: r.text, tokens: r.tokens ? r.tokens.split(' ') : [] });
  }
  return out;
}
