import type { Logger } from '../../core/logger.js';
import type { Database } from '../../db/database.js';
import { MemoryIndex, Vocabulary, type ArticleToIndex, type IndexedArticle } from './memory-index.js';
import { POSTINGS_VERSION, PostingsReader } from './postings-codec.js';
import { SEARCH_GENERATION_CHANNEL } from './search-index.js';

/**
 * How often, at most, a process reads the search generation itself while the notifications are
 * connected (PostgreSQL only): a backstop for a notification lost without the connection being
 * seen to drop. One single-row read a second at most, made beside a search, never before it.
 */
export const GENERATION_RECHECK_MS = 1000;

interface ChunkRow {
  article_id: number;
  ord: number;
  kind: 'text' | 'asks';
  heading: string;
  text: string;
  /**
   * The chunk's stored postings in base64, when this code wrote them (POSTINGS_VERSION); else
   * null. Base64 text, not bytea: PGlite turns 64,000 bytea values into bytes several times slower
   * than Node decodes the same in base64.
   */
  postings: string | null;
  /** Only without usable postings: tokens joined by spaces (no token holds one), a plain string parses far faster than a text[]. */
  tokens: string | null;
}

interface ArticleRow {
  id: number;
  slug: string;
  lang: IndexedArticle['lang'];
  title: string;
  topics: string[];
  category: string;
  severity_hint: string;
}

// $1: POSTINGS_VERSION. A row's postings when this code can read them, its tokens otherwise (never both).
const CHUNKS = `SELECT c.article_id, c.ord, c.kind, c.heading, c.text,
    CASE WHEN c.postings_version = $1 THEN encode(c.postings, 'base64') END AS postings,
    CASE WHEN c.postings_version IS DISTINCT FROM $1 THEN array_to_string(c.tokens, ' ') END AS tokens
  FROM article_chunks c
  JOIN articles a ON a.id = c.article_id AND a.status = 'published'`;

// Once per article, not once per chunk (six times fewer rows to parse at 10,000 articles).
const ARTICLES = `SELECT a.id, a.slug, a.lang, v.title, v.topics, v.category, v.severity_hint
  FROM articles a
  JOIN article_versions v ON v.article_id = a.id AND v.version = a.current_version
  WHERE a.status = 'published'`;

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
 *   server sends it on commit, over this process's LISTEN connection); and, for a notification
 *   lost unseen, the generation a background read finds: a search that comes more than
 *   GENERATION_RECHECK_MS after the last read starts one (and answers from what it holds), and
 *   the searches after that read returns wait for what it found.
 * - While the LISTEN connection is down (start, a server restart) and until one read has been
 *   made after it is back: every search reads the generation first, as a process without
 *   notifications must.
 *
 * So a search costs no database round trip while the notifications are connected. Refreshes are single-flight.
 */
export class PublishedIndex {
  /** The term numbers of stored postings, read as they are met (numbers never change). */
  private readonly vocabulary = new Vocabulary();
  /** The highest vocabulary number read by the full read. */
  private vocabularyRead = 0;
  private index = new MemoryIndex(this.vocabulary);
  private generation = -1;
  private refreshing?: Promise<IndexRefresh>;
  private listening?: Promise<unknown>;
  /** The LISTEN side is connected and the generation has been read since it (re)connected. */
  private live = false;
  /** The highest generation announced. */
  private heard = -1;
  /** When the generation was last read from the database (its start, performance.now()). */
  private checkedAt = Number.NEGATIVE_INFINITY;
  /** Times the LISTEN side went up or down (a read that spans one does not count as made after it). */
  private connections = 0;
  /** The backstop read under way (see recheck). */
  private rechecking?: Promise<void>;

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
          this.connections += 1;
          this.live = up;
          this.checkedAt = Number.NEGATIVE_INFINITY;
        },
      })
      .catch((err: unknown) => this.logger?.warn({ err: (err as Error).message }, 'search index: no notifications; the generation is read on every search'));
    await this.listening;
    // Live and read since connecting, with nothing newer announced: answer now. The backstop read
    // runs beside the search, not before it (a round trip, and on a busy database the tail of
    // every search that paid it); what it finds serves the searches after it.
    if (this.live && this.heard <= this.generation && this.checkedAt > Number.NEGATIVE_INFINITY) {
      if (performance.now() - this.checkedAt >= GENERATION_RECHECK_MS) this.recheck();
      return this.index;
    }
    const started = performance.now();
    const latest = Math.max(await this.latestGeneration(), this.heard);
    while (latest > this.generation) {
      this.refreshing ??= this.refresh().finally(() => (this.refreshing = undefined));
      await this.refreshing;
    }
    if (started > this.checkedAt) this.checkedAt = started;
    return this.index;
  }

  /**
   * The backstop read of the generation, in the background and single-flight; a newer generation
   * found is loaded at once (a search meanwhile waits for it, as for an announced one). Not on
   * PGlite: its data folder is this process's alone (the lock file), so every commit reaches the
   * listeners in process and there is nothing a read could add.
   */
  private recheck(): void {
    if (this.db.kind === 'pglite' || this.rechecking) return;
    const started = performance.now();
    const connections = this.connections;
    this.rechecking = this.latestGeneration()
      .then(async (latest) => {
        if (latest > this.heard) this.heard = latest;
        // A read begun before the connection dropped says nothing of what was sent while it was down.
        if (connections === this.connections && started > this.checkedAt) this.checkedAt = started;
        while (latest > this.generation) {
          this.refreshing ??= this.refresh().finally(() => (this.refreshing = undefined));
          await this.refreshing;
        }
      })
      .catch((err: unknown) => this.logger?.warn({ err: (err as Error).message }, 'search index: generation not read; the next search reads it'))
      .finally(() => (this.rechecking = undefined));
  }

  /** Loads what changed since the generation held (everything on the first call). */
  async refresh(): Promise<IndexRefresh> {
    const started = performance.now();
    // Generation first, then rows: rows newer than it are simply reloaded again next time.
    const generation = await this.latestGeneration();
    let reloaded: number;
    if (this.generation < 0) {
      const next = new MemoryIndex(this.vocabulary);
      await this.readVocabulary();
      const articles = await this.read();
      // Numbers added after the vocabulary was read, or committed out of order: read, then again.
      for (let missing = next.putAll(articles); missing.length > 0; missing = next.putAll(articles)) await this.readTerms(missing);
      this.index = next;
      reloaded = articles.length;
    } else {
      const changed = await this.db.query<{ id: number }>('SELECT id FROM articles WHERE search_generation > $1', [this.generation]);
      const ids = changed.rows.map((r) => Number(r.id));
      const articles = ids.length ? await this.read(ids) : [];
      await this.readMissingTerms(articles);
      for (const id of ids) this.index.remove(id);
      for (const a of articles) this.index.put(a);
      reloaded = ids.length;
    }
    this.index.prepare();
    this.generation = Math.max(this.generation, generation);
    const ms = Math.round(performance.now() - started);
    if (reloaded > 0) this.logger?.debug({ generation: this.generation, articles: reloaded, ms }, 'search index refreshed');
    return { generation: this.generation, articles: reloaded, ms };
  }

  /**
   * The published articles (those of `ids` only, if given) with their chunks. One snapshot for
   * both reads (repeatable read), so every chunk's article is there. Rows are sorted here, not by
   * the server: at 10,000 articles they are ~100 MB, past work_mem.
   */
  private async read(ids?: readonly number[]): Promise<ArticleToIndex[]> {
    const only = ids ? ' AND a.id = ANY($2::bigint[])' : '';
    const { articles, chunks } = await this.db.transaction(async (tx) => {
      await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      const a = await tx.query<ArticleRow>(`${ARTICLES}${ids ? ' AND a.id = ANY($1::bigint[])' : ''}`, ids ? [ids] : []);
      const c = await tx.query<ChunkRow>(`${CHUNKS}${only}`, ids ? [POSTINGS_VERSION, ids] : [POSTINGS_VERSION]);
      return { articles: a.rows, chunks: c.rows };
    });
    return group(articles, chunks);
  }

  /** The whole vocabulary as far as it is committed (once; later terms come with the rows that use them). */
  private async readVocabulary(): Promise<void> {
    const r = await this.db.query<{ id: number; term: string }>('SELECT id, term FROM search_vocabulary WHERE id > $1', [this.vocabularyRead]);
    for (const row of r.rows) {
      const id = Number(row.id);
      this.vocabulary.set(id, row.term);
      if (id > this.vocabularyRead) this.vocabularyRead = id;
    }
  }

  /**
   * The vocabulary entries `rows` use and this process has not read: added after the full read,
   * or committed out of number order (a number taken by a transaction that committed later).
   */
  private async readMissingTerms(articles: readonly ArticleToIndex[]): Promise<void> {
    const used = new Set<number>();
    const reader = new PostingsReader();
    for (const a of articles) for (const c of a.chunks) if (c.postings) reader.termIds(c.postings, used);
    const missing = [...used].filter((id) => !this.vocabulary.has(id));
    if (missing.length > 0) await this.readTerms(missing);
  }

  private async readTerms(ids: readonly number[]): Promise<void> {
    const r = await this.db.query<{ id: number; term: string }>('SELECT id, term FROM search_vocabulary WHERE id = ANY($1::int[])', [ids]);
    for (const row of r.rows) this.vocabulary.set(Number(row.id), row.term);
    // A number no row holds would be a corrupt postings value: stop rather than loop.
    const still = ids.filter((id) => !this.vocabulary.has(id));
    if (still.length > 0) throw new Error(`search index: vocabulary numbers ${still.slice(0, 5).join(', ')} not found`);
  }

  private async latestGeneration(): Promise<number> {
    const r = await this.db.query<{ generation: string | number }>('SELECT generation FROM search_stats WHERE id = 1');
    return Number(r.rows[0]?.generation ?? 0);
  }
}

/** The articles in id order, each with its chunks in order. */
function group(articleRows: ArticleRow[], rows: ChunkRow[]): ArticleToIndex[] {
  // bigint arrives as a string: one conversion per row, not one per comparison.
  for (const r of rows) r.article_id = Number(r.article_id);
  rows.sort((a, b) => a.article_id - b.article_id || a.ord - b.ord);
  const byId = new Map<number, ArticleToIndex>();
  for (const r of articleRows) {
    const id = Number(r.id);
    byId.set(id, { id, slug: r.slug, lang: r.lang, title: r.title, topics: r.topics, category: r.category, severityHint: r.severity_hint, chunks: [] });
  }
  const out: ArticleToIndex[] = [];
  let current: ArticleToIndex | undefined;
  for (const r of rows) {
    if (current?.id !== r.article_id) {
      current = byId.get(r.article_id);
      // Same snapshot, so never: a chunk of an article the other read did not return.
      if (!current) continue;
      out.push(current);
    }
    current.chunks.push(
      r.postings !== null
        ? { ord: r.ord, kind: r.kind, heading: r.heading, text: r.text, postings: Buffer.from(r.postings, 'base64') }
        : { ord: r.ord, kind: r.kind, heading: r.heading, text: r.text, tokens: r.tokens ? r.tokens.split(' ') : [] },
    );
  }
  return out;
}
