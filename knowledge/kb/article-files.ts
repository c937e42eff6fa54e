import fs from 'node:fs/promises';
import path from 'node:path';
import { ArticleValidationError, ImportRejectedError } from '../errors.js';
import type { ContactRegistry } from '../contacts/contact-registry.js';
import { parseArticle } from './article-parser.js';
import type { Article, ArticleContent } from './article-types.js';

/** The curated articles shipped in the repo. */
export const BUNDLED_ARTICLES_DIR = path.resolve(__dirname, '..', 'articles');

/**
 * Reads and validates every `*.md` article under `dir` (README.md excepted).
 * Any invalid file rejects the whole folder, naming each file and field, so an
 * import never writes half a knowledge base.
 */
export async function readArticleFolder(dir: string, contacts?: ContactRegistry): Promise<ArticleContent[]> {
  const files = (await fs.readdir(dir, { recursive: true }))
    .filter((f) => f.endsWith('.md') && path.basename(f).toLowerCase() !== 'readme.md')
    .sort();
  const articles: ArticleContent[] = [];
  const failures: ArticleValidationError[] = [];
  const seen = new Map<string, string>();
  for (const rel of files) {
    const file = path.join(dir, rel);
    try {
      const article = parseArticle(rel, await fs.readFile(file, 'utf8'), contacts);
      const other = seen.get(article.slug);
      if (other) throw new ArticleValidationError(rel, [`slug: "${article.slug}" is also used by ${other}`]);
      seen.set(article.slug, rel);
      articles.push(article);
    } catch (err) {
      if (err instanceof ArticleValidationError) failures.push(err);
      else throw err;
    }
  }
  if (failures.length > 0) throw new ImportRejectedError(failures);
  return articles;
}

/** Writes an article back as Markdown with front matter (for export and review in git). */
export function articleToMarkdown(a: ArticleContent | Article): string {
  const list = (xs: string[]) => (xs.length ? `\n${xs.map((x) => `  - ${JSON.stringify(x)}`).join('\n')}` : ' []');
  return [
    '---',
    `slug: ${a.slug}`,
    `lang: ${a.lang}`,
    `title: ${JSON.stringify(a.title)}`,
    `summary: |\n${a.summary.split('\n').map((l) => `  ${l}`).join('\n')}`,
    `topics:${list(a.topics)}`,
    `category: ${a.category}`,
    `severity_hint: ${a.severityHint}`,
    `updated: ${a.updated}`,
    ...(a.reviewed ? [`reviewed: ${a.reviewed}`] : []),
    ...(a.sources?.length ? [`sources:${list(a.sources)}`] : []),
    `status: ${a.status}`,
    `keywords:${list(a.keywords)}`,
    `asks:${list(a.asks)}`,
    '---',
    '',
    a.body,
    '',
  ].join('\n');
}

export async function writeArticleFolder(dir: string, articles: (ArticleContent | Article)[]): Promise<number> {
  for (const a of articles) {
    const target = path.join(dir, a.lang, `${a.slug}.md`);
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, articleToMarkdown(a), 'utf8');
  }
  return articles.length;
}
