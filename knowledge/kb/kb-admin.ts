import type { Database } from '../../db/database.js';
import { ArticlePlaceholderError } from '../errors.js';
import { ArticleDrafts } from './article-drafts.js';
import { articlesDue, findPlaceholders, type ReviewDue } from './article-lint.js';
import { parseArticle } from './article-parser.js';
import { articleToMarkdown, readArticleFolder, writeArticleFolder } from './article-files.js';
import type { ArticleStore, ChangeInfo, SaveOutcome } from './article-store.js';
import type { Article, ArticleStatus } from './article-types.js';

/** A group of questions the knowledge base could not answer (or answered unhelpfully). */
export interface GapGroup {
  category: string;
  count: number;
  /** Distinct questions, most frequent first, with how often each was asked. */
  questions: { text: string; count: number; reasons: string[]; lastAt: Date }[];
}

export interface GapFilter {
  /** Only this tenant's questions (chat admins); the CLI operator may see all. */
  tenantId?: string;
  /** Look back this many days (default 7). */
  days?: number;
}

/**
 * The admin operations on the knowledge base, shared by the `npm run kb` CLI
 * and the chat commands. Authorisation is the caller's job (CLI: the operator
 * at the machine; chat: handlers/kb checks the admin role).
 */
export class KbAdmin {
  /** Drafts of published articles: an edit waits there until it is published (issue #19). */
  readonly drafts: ArticleDrafts;

  constructor(
    private readonly db: Database,
    private readonly articles: ArticleStore,
  ) {
    this.drafts = new ArticleDrafts(db, articles);
  }

  /** Imports a folder of Markdown articles in one transaction: all valid, or nothing written. */
  async importFolder(dir: string, change: ChangeInfo): Promise<Record<SaveOutcome, number>> {
    const contents = await readArticleFolder(dir);
    return this.articles.saveAll(contents, change);
  }

  async exportFolder(dir: string, filter: { status?: ArticleStatus } = {}): Promise<number> {
    return writeArticleFolder(dir, await this.articles.list(filter));
  }

  list(filter: { status?: ArticleStatus; lang?: 'ja' | 'en' } = {}): Promise<Article[]> {
    return this.articles.list(filter);
  }

  show(slug: string): Promise<Article> {
    return this.articles.get(slug);
  }

  history(slug: string) {
    return this.articles.history(slug);
  }

  /** Makes an article searchable; refused while it holds placeholder text (TODO, 〇〇, 要確認 …). */
  async publish(slug: string, change: ChangeInfo): Promise<Article> {
    refusePlaceholders(await this.articles.get(slug));
    return this.articles.setStatus(slug, 'published', change);
  }

  archive(slug: string, change: ChangeInfo): Promise<Article> {
    return this.articles.setStatus(slug, 'archived', change);
  }

  restore(slug: string, version: number, change: ChangeInfo): Promise<{ article: Article; outcome: SaveOutcome }> {
    return this.articles.restore(slug, version, change);
  }

  /**
   * Saves a Markdown article (front matter + body) as a draft or a new version
   * of an existing slug. Validation errors name the field.
   */
  async saveMarkdown(source: string, change: ChangeInfo, status: ArticleStatus = 'draft'): Promise<Article> {
    const content = parseArticle('(chat)', source);
    // What goes live at once is finished text: placeholders are fine in a draft only.
    if (status === 'published') refusePlaceholders(content);
    const { article } = await this.articles.save({ ...content, status }, change);
    return article;
  }

  /** Published articles whose check against their sources is over 12 months old or missing, oldest first. */
  async due(now: Date = new Date()): Promise<ReviewDue[]> {
    return articlesDue(await this.articles.list({ status: 'published' }), now);
  }

  toMarkdown(article: Article): string {
    return articleToMarkdown(article);
  }

  /** Unanswered and "not helpful" questions, grouped by category, then by identical question. */
  async gaps(filter: GapFilter = {}): Promise<GapGroup[]> {
    const r = await this.db.query<{ category: string | null; question: string; reason: string; created_at: Date }>(
      `SELECT category, question, reason, created_at FROM kb_gaps
       WHERE created_at > now() - ($1::int * interval '1 day') AND ($2::text IS NULL OR tenant_id = $2)
       ORDER BY created_at DESC`,
      [filter.days ?? 7, filter.tenantId ?? null],
    );
    const groups = new Map<string, Map<string, GapGroup['questions'][number]>>();
    for (const row of r.rows) {
      const category = row.category ?? 'general';
      const byText = groups.get(category) ?? new Map();
      // Questions that differ only in spacing or width are the same question.
      const key = row.question.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
      const q = byText.get(key) ?? { text: row.question, count: 0, reasons: [], lastAt: new Date(row.created_at) };
      q.count++;
      if (!q.reasons.includes(row.reason)) q.reasons.push(row.reason);
      byText.set(key, q);
      groups.set(category, byText);
    }
    return [...groups.entries()]
      .map(([category, byText]) => {
        const questions = [...byText.values()].sort((a, b) => b.count - a.count);
        return { category, count: questions.reduce((s, q) => s + q.count, 0), questions };
      })
      .sort((a, b) => b.count - a.count);
  }
}

function refusePlaceholders(a: Pick<Article, 'slug' | 'title' | 'summary' | 'body' | 'asks'>): void {
  const placeholders = findPlaceholders(a);
  if (placeholders.length) throw new ArticlePlaceholderError(a.slug, placeholders);
}
