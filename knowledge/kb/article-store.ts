import type { Database, Queryable, Transaction } from '../../db/database.js';
import { ArticleNotFoundError } from '../errors.js';
import { IndexBatch, type SearchIndexer } from '../search/search-index.js';
import type { Article, ArticleContent, ArticleStatus, ArticleVersionSummary } from './article-types.js';

interface VersionRow {
  id: number;
  slug: string;
  lang: 'ja' | 'en';
  status: ArticleStatus;
  version: number;
  title: string;
  summary: string;
  topics: string[];
  category: Article['category'];
  severity_hint: Article['severityHint'];
  keywords: string[];
  asks: string[];
  body: string;
  sections: Article['sections'];
  reviewed_on: string | Date;
  sources: string[] | null;
  sources_reviewed_on: string | Date | null;
  author: string;
  created_at: Date;
}

const SELECT_CURRENT = `SELECT a.id, a.slug, a.lang, a.status, v.version, v.title, v.summary, v.topics, v.category,
  v.severity_hint, v.keywords, v.asks, v.body, v.sections, v.reviewed_on, v.sources, v.sources_reviewed_on, v.author, v.created_at
  FROM articles a JOIN article_versions v ON v.article_id = a.id AND v.version = a.current_version`;

function toArticle(r: VersionRow): Article {
  return {
    id: Number(r.id),
    slug: r.slug,
    lang: r.lang,
    status: r.status,
    version: r.version,
    title: r.title,
    summary: r.summary,
    topics: r.topics,
    category: r.category,
    severityHint: r.severity_hint,
    keywords: r.keywords,
    asks: r.asks ?? [],
    body: r.body,
    sections: r.sections,
    updated: dateOnly(r.reviewed_on),
    sources: r.sources ?? [],
    ...(r.sources_reviewed_on ? { reviewed: dateOnly(r.sources_reviewed_on) } : {}),
    author: r.author,
    changedAt: new Date(r.created_at),
  };
}

/** Who changed an article and why, recorded on the version row. */
export interface ChangeInfo {
  author: string;
  note?: string;
}

export type SaveOutcome = 'created' | 'updated' | 'unchanged';

/**
 * Articles and their versions. Every change (import, edit, restore, publish,
 * archive) writes a new version row with author and time; the search index is
 * updated in the same transaction.
 */
export class ArticleStore {
  constructor(
    private readonly db: Database,
    private readonly indexer: SearchIndexer,
  ) {}

  /** Saves `content` as the next version of its slug, unless it is identical to the current one. */
  async save(content: ArticleContent, change: ChangeInfo, tx?: Transaction, batch?: IndexBatch): Promise<{ article: Article; outcome: SaveOutcome }> {
    return this.inTx(tx, async (q) => {
      const existing = await this.current(q, content.slug);
      if (existing && sameContent(existing, content)) return { article: existing, outcome: 'unchanged' as const };
      let articleId: number;
      let version: number;
      if (existing) {
        articleId = existing.id;
        version = existing.version + 1;
      } else {
        const r = await q.query<{ id: number }>('INSERT INTO articles (slug, lang, status) VALUES ($1, $2, $3) RETURNING id', [
          content.slug,
          content.lang,
          content.status,
        ]);
        articleId = Number(r.rows[0]!.id);
        version = 1;
      }
      await q.query(
        `INSERT INTO article_versions (article_id, version, title, summary, topics, category, severity_hint, keywords,
           body, sections, reviewed_on, status, author, note, asks, sources, sources_reviewed_on)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
        [
          articleId,
          version,
          content.title,
          content.summary,
          content.topics,
          content.category,
          content.severityHint,
          content.keywords,
          content.body,
          JSON.stringify(content.sections),
          content.updated,
          content.status,
          change.author,
          change.note ?? null,
          content.asks,
          content.sources ?? [],
          content.reviewed ?? null,
        ],
      );
      await q.query('UPDATE articles SET status = $2, current_version = $3, lang = $4, updated_at = now() WHERE id = $1', [
        articleId,
        content.status,
        version,
        content.lang,
      ]);
      await this.indexer.replace(q, articleId, content.status === 'published' ? content : null, batch);
      const article = (await this.current(q, content.slug))!;
      return { article, outcome: existing ? ('updated' as const) : ('created' as const) };
    });
  }

  /** Saves many articles in one transaction: all or nothing. */
  async saveAll(contents: ArticleContent[], change: ChangeInfo): Promise<Record<SaveOutcome, number>> {
    return this.db.transaction(async (tx) => {
      const counts: Record<SaveOutcome, number> = { created: 0, updated: 0, unchanged: 0 };
      // Term statistics are summed over the whole import and written once at the end.
      const batch = new IndexBatch();
      for (const c of contents) counts[(await this.save(c, change, tx, batch)).outcome]++;
      await batch.flush(tx);
      return counts;
    });
  }

  async get(slug: string, q: Queryable = this.db): Promise<Article> {
    const a = await this.current(q, slug);
    if (!a) throw new ArticleNotFoundError(slug);
    return a;
  }

  async getById(id: number): Promise<Article | null> {
    const r = await this.db.query<VersionRow>(`${SELECT_CURRENT} WHERE a.id = $1`, [id]);
    return r.rows[0] ? toArticle(r.rows[0]) : null;
  }

  /** The published article whose main topic is `topic`, preferring `lang`. */
  async findPublishedByTopic(topic: string, lang: 'ja' | 'en'): Promise<Article | null> {
    const r = await this.db.query<VersionRow>(
      `${SELECT_CURRENT} WHERE a.status = 'published' AND v.topics[1] = $1 ORDER BY (a.lang = $2) DESC, a.slug LIMIT 1`,
      [topic, lang],
    );
    return r.rows[0] ? toArticle(r.rows[0]) : null;
  }

  async list(filter: { status?: ArticleStatus; lang?: 'ja' | 'en' } = {}): Promise<Article[]> {
    const r = await this.db.query<VersionRow>(
      `${SELECT_CURRENT} WHERE ($1::text IS NULL OR a.status = $1) AND ($2::text IS NULL OR a.lang = $2) ORDER BY a.slug`,
      [filter.status ?? null, filter.lang ?? null],
    );
    return r.rows.map(toArticle);
  }

  async history(slug: string): Promise<ArticleVersionSummary[]> {
    const r = await this.db.query<{ version: number; status: ArticleStatus; title: string; author: string; note: string | null; created_at: Date }>(
      `SELECT v.version, v.status, v.title, v.author, v.note, v.created_at FROM articles a
       JOIN article_versions v ON v.article_id = a.id WHERE a.slug = $1 ORDER BY v.version`,
      [slug],
    );
    if (r.rows.length === 0) throw new ArticleNotFoundError(slug);
    return r.rows.map((v) => ({ ...v, createdAt: new Date(v.created_at) }));
  }

  /** Makes the content of an old version current again, as a new version (keeps the current status). */
  async restore(slug: string, version: number, change: ChangeInfo): Promise<{ article: Article; outcome: SaveOutcome }> {
    return this.db.transaction(async (tx) => {
      const current = await this.current(tx, slug);
      if (!current) throw new ArticleNotFoundError(slug);
      const r = await tx.query<VersionRow>(
        `SELECT a.id, a.slug, a.lang, v.status, v.version, v.title, v.summary, v.topics, v.category, v.severity_hint,
           v.keywords, v.asks, v.body, v.sections, v.reviewed_on, v.sources, v.sources_reviewed_on, v.author, v.created_at
         FROM articles a JOIN article_versions v ON v.article_id = a.id WHERE a.slug = $1 AND v.version = $2`,
        [slug, version],
      );
      if (!r.rows[0]) throw new ArticleNotFoundError(`${slug}@${version}`);
      const old = toArticle(r.rows[0]);
      return this.save({ ...old, status: current.status }, { author: change.author, note: change.note ?? `restored version ${version}` }, tx);
    });
  }

  /** Publishes (searchable at once) or archives (removed from search), as a new version. */
  async setStatus(slug: string, status: ArticleStatus, change: ChangeInfo): Promise<Article> {
    return this.db.transaction(async (tx) => {
      const current = await this.current(tx, slug);
      if (!current) throw new ArticleNotFoundError(slug);
      if (current.status === status) return current;
      const { article } = await this.save({ ...current, status }, { author: change.author, note: change.note ?? status }, tx);
      return article;
    });
  }

  private async current(q: Queryable, slug: string): Promise<Article | null> {
    const r = await q.query<VersionRow>(`${SELECT_CURRENT} WHERE a.slug = $1`, [slug]);
    return r.rows[0] ? toArticle(r.rows[0]) : null;
  }

  private inTx<T>(tx: Transaction | undefined, work: (q: Transaction) => Promise<T>): Promise<T> {
    return tx ? work(tx) : this.db.transaction(work);
  }
}

function sameContent(a: ArticleContent, b: ArticleContent): boolean {
  const pick = (x: ArticleContent) =>
    JSON.stringify([x.lang, x.title, x.summary, x.topics, x.category, x.severityHint, x.keywords, x.asks, x.updated, x.status, x.body, x.sources ?? [], x.reviewed ?? null]);
  return pick(a) === pick(b);
}

/** A date column as YYYY-MM-DD (PGlite and pg give a Date; a string passes through). */
function dateOnly(v: string | Date): string {
  return v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10);
}
