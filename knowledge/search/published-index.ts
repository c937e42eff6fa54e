import type { Logger } from '../../core/logger.js';
import type { Queryable } from '../../db/database.js';
import { MemoryIndex, type IndexedArticle } from './memory-index.js';

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
 * source of truth). Every search first reads the search generation (one indexed single-row
 * read); when another process (or this one) has published, archived or edited since, only the
 * articles stamped after the generation held are reloaded. So every process answers from the
 * same published version, with no message bus to miss: a process that was away simply catches
 * up on its next search. Refreshes are single-flight.
 */
export class PublishedIndex {
  private index = new MemoryIndex();
  private generation = -1;
  private refreshing?: Promise<IndexRefresh>;

  constructor(
    private readonly db: Queryable,
    private readonly logger?: Logger,
  ) {}

  /** The index as of the latest published generation. */
  async current(): Promise<MemoryIndex> {
    const latest = await this.latestGeneration();
    while (latest > this.generation) {
      this.refreshing ??= this.refresh().finally(() => (this.refreshing = undefined));
      await this.refreshing;
    }
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

function group(rows: ChunkRow[]): IndexedArticle[] {
  const out: IndexedArticle[] = [];
  let current: IndexedArticle | undefined;
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
