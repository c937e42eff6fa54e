import { diffLines } from 'diff';
import type { Database, Queryable } from '../../db/database.js';
import { ArticleNotFoundError, ArticlePlaceholderError, ArticleValidationError, DraftConflictError, DraftOutdatedError } from '../errors.js';
import { articleToMarkdown } from './article-files.js';
import { findPlaceholders } from './article-lint.js';
import { parseArticle } from './article-parser.js';
import type { ArticleStore } from './article-store.js';
import type { Article, ArticleContent } from './article-types.js';

/** A pending edit of a published article, shared by every admin (one per article). */
export interface ArticleDraft {
  slug: string;
  /** The published version the draft was written against. */
  baseVersion: number;
  markdown: string;
  /** The version check: a save or publish must name this revision (0 when there is no draft yet). */
  revision: number;
  /** users.id of whoever saved last, and of whoever started the draft. */
  updatedBy: string;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

/** One run of a line diff: unchanged, added in the draft, or removed from the published version. */
export interface DiffPart {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

interface DraftRow {
  base_version: number;
  markdown: string;
  revision: number;
  updated_by: string;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

/**
 * Drafts of published articles (issue #19): an admin's edit of a live article is stored here, not
 * as a new version, so readers, search and answers keep the published text until someone presses
 * publish. Every write names the revision it read; a different stored revision means another admin
 * saved, published or discarded meanwhile, and the write is refused (DraftConflictError).
 */
export class ArticleDrafts {
  constructor(
    private readonly db: Database,
    private readonly articles: ArticleStore,
  ) {}

  /** The draft of `slug`, or null when nobody is editing it. */
  async get(slug: string, q: Queryable = this.db): Promise<ArticleDraft | null> {
    const r = await q.query<DraftRow>(
      `SELECT d.base_version, d.markdown, d.revision, d.updated_by, d.created_by, d.created_at, d.updated_at
       FROM article_drafts d JOIN articles a ON a.id = d.article_id WHERE a.slug = $1`,
      [slug],
    );
    const row = r.rows[0];
    return row ? toDraft(slug, row) : null;
  }

  /**
   * Saves `markdown` as the draft of the published article `slug`. `revision` is the one the admin
   * loaded (0: there was no draft). The Markdown must parse and keep the slug and language; its
   * front matter `status` is ignored (the draft is published by `publish`).
   */
  async save(slug: string, markdown: string, revision: number, by: string): Promise<ArticleDraft> {
    const content = parseArticle('(draft)', markdown);
    if (content.slug !== slug) throw new ArticleValidationError('(draft)', [`slug: a draft keeps the article's slug (${slug}); write a new article for ${content.slug}`]);
    return this.db.transaction(async (tx) => {
      const article = await this.publishedForUpdate(tx, slug);
      if (content.lang !== article.lang) throw new ArticleValidationError('(draft)', [`lang: a draft keeps the article's language (${article.lang})`]);
      const current = await this.get(slug, tx);
      if ((current?.revision ?? 0) !== revision) throw conflict(slug, revision, current);
      if (current) {
        await tx.query(
          `UPDATE article_drafts SET markdown = $2, revision = revision + 1, updated_by = $3, base_version = $4, updated_at = now() WHERE article_id = $1`,
          [article.id, markdown, by, article.version],
        );
      } else {
        await tx.query(
          `INSERT INTO article_drafts (article_id, base_version, markdown, revision, updated_by, created_by) VALUES ($1, $2, $3, 1, $4, $4)`,
          [article.id, article.version, markdown, by],
        );
      }
      return (await this.get(slug, tx))!;
    });
  }

  /**
   * Makes the draft the published article (a new version, searchable at once) and removes the
   * draft. Refused when another admin changed the draft, when the published article moved on
   * since the draft was written (DraftOutdatedError), or while placeholder text is left.
   */
  async publish(slug: string, revision: number, by: string, note = 'draft published'): Promise<Article> {
    return this.db.transaction(async (tx) => {
      const article = await this.publishedForUpdate(tx, slug);
      const draft = await this.get(slug, tx);
      if (!draft || draft.revision !== revision) throw conflict(slug, revision, draft);
      if (draft.baseVersion !== article.version) throw new DraftOutdatedError(slug, draft.baseVersion, article.version);
      const content = parseArticle('(draft)', draft.markdown);
      const placeholders = findPlaceholders(content);
      if (placeholders.length) throw new ArticlePlaceholderError(slug, placeholders);
      const { article: published } = await this.articles.save({ ...content, status: 'published' }, { author: by, note }, tx);
      await tx.query('DELETE FROM article_drafts WHERE article_id = $1', [article.id]);
      return published;
    });
  }

  /** Throws the draft away (the published version stays as it is). */
  async discard(slug: string, revision: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      const article = await this.publishedForUpdate(tx, slug);
      const draft = await this.get(slug, tx);
      if (!draft || draft.revision !== revision) throw conflict(slug, revision, draft);
      await tx.query('DELETE FROM article_drafts WHERE article_id = $1', [article.id]);
    });
  }

  /** The published article locked for this transaction (two publishes of one draft queue up). */
  private async publishedForUpdate(tx: Queryable, slug: string): Promise<Article> {
    const lock = await tx.query<{ id: number }>('SELECT id FROM articles WHERE slug = $1 FOR UPDATE', [slug]);
    if (!lock.rows[0]) throw new ArticleNotFoundError(slug);
    const article = await this.articles.get(slug, tx);
    if (article.status !== 'published') throw new ArticleNotFoundError(`${slug} (published)`);
    return article;
  }
}

/** The published Markdown against the draft's, line by line (jsdiff). */
export function draftDiff(published: Article, draftMarkdown: string): DiffPart[] {
  return diffLines(articleToMarkdown(published), draftMarkdown).map((c) => ({ kind: c.added ? 'added' : c.removed ? 'removed' : 'same', text: c.value }));
}

/** The draft as the article it would publish (for the preview), with its placeholders. */
export function draftContent(markdown: string): { content: ArticleContent; placeholders: string[] } {
  const content = parseArticle('(draft)', markdown);
  return { content: { ...content, status: 'published' }, placeholders: findPlaceholders(content) };
}

function conflict(slug: string, expected: number, current: ArticleDraft | null): DraftConflictError {
  return new DraftConflictError(slug, expected, current ? { revision: current.revision, updatedBy: current.updatedBy, updatedAt: current.updatedAt } : null);
}

function toDraft(slug: string, r: DraftRow): ArticleDraft {
  return {
    slug,
    baseVersion: r.base_version,
    markdown: r.markdown,
    revision: r.revision,
    updatedBy: r.updated_by,
    createdBy: r.created_by,
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
  };
}
