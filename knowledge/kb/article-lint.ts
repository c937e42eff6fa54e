import { bundledContacts, type ContactRegistry } from '../contacts/contact-registry.js';
import { contactIds } from '../contacts/contact-text.js';
import { readArticleFolder } from './article-files.js';
import type { ArticleContent } from './article-types.js';

/** Fewest alternate phrasings a published article has (knowledge/articles/README.md). */
export const MIN_ASKS = 10;

/** Months after `reviewed` when an article is due for another check against its sources. */
export const REVIEW_MONTHS = 12;

export interface LintProblem {
  slug: string;
  problem: string;
  /** Set on what does not fail the lint (a review falling due); absent on a problem. */
  warning?: true;
}

export interface LintOptions {
  /** The desks `{{contact:<id>}}` may name (default: knowledge/contacts.yaml). */
  contacts?: ContactRegistry;
  /** Today, for review dates (default: now). */
  now?: Date;
}

const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff]/;

/**
 * Checks beyond the parser's (which already rejects a malformed article): what makes the
 * knowledge base searchable. Every published article carries at least MIN_ASKS phrasings in its
 * own language, none repeated, none shared with another article (a phrasing in two articles
 * makes the two tie for the same question).
 */
export function lintArticles(articles: readonly ArticleContent[], options: LintOptions = {}): LintProblem[] {
  const problems: LintProblem[] = [];
  for (const a of articles) problems.push(...lintClaims(a, options));
  const owner = new Map<string, string>();
  const key = (ask: string) => ask.normalize('NFKC').toLowerCase().replace(/[\s、。,.!?！？「」"']/g, '');
  for (const a of articles) {
    if (a.status !== 'published') continue;
    if (a.asks.length < MIN_ASKS) problems.push({ slug: a.slug, problem: `asks: ${a.asks.length} phrasings, needs at least ${MIN_ASKS}` });
    const own = new Set<string>();
    for (const ask of a.asks) {
      const k = key(ask);
      if (own.has(k)) problems.push({ slug: a.slug, problem: `asks: "${ask}" is there twice` });
      own.add(k);
      const other = owner.get(k);
      if (other && other !== a.slug) problems.push({ slug: a.slug, problem: `asks: "${ask}" is also a phrasing of ${other}` });
      owner.set(k, a.slug);
      if (a.lang === 'ja' && !JAPANESE.test(ask)) problems.push({ slug: a.slug, problem: `asks: "${ask}" is not Japanese (the article is)` });
      if (a.lang === 'en' && JAPANESE.test(ask)) problems.push({ slug: a.slug, problem: `asks: "${ask}" is Japanese (the article is English)` });
    }
  }
  return problems;
}

/**
 * What a reader acts on must be traceable and current. An article that states a legal duty, a
 * deadline or a way to contact someone (phone, e-mail, web address, a `{{contact:…}}` desk) needs
 * `sources:`; every published article needs a `reviewed:` date, and is due again REVIEW_MONTHS
 * after it (a warning); placeholder text never ships; a desk id must be in the contacts registry
 * (checked for drafts too: publishing one does not lint it again).
 */
export function lintClaims(a: ArticleContent, options: LintOptions = {}): LintProblem[] {
  const problems: LintProblem[] = [];
  const contacts = options.contacts ?? bundledContacts();
  const text = `${a.title}\n${a.summary}\n${a.body}`;
  for (const id of new Set(contactIds(text))) {
    if (!contacts.has(id)) problems.push({ slug: a.slug, problem: `contact: {{contact:${id}}} is not in the contacts registry (knowledge/contacts.yaml)` });
  }
  if (a.status !== 'published') return problems;
  const placeholder = findPlaceholders(a)[0];
  if (placeholder) problems.push({ slug: a.slug, problem: `placeholder text "${placeholder}" in the article` });
  if (!a.sources?.length) {
    const claims = claimsNeedingSources(`${a.summary}\n${a.body}`);
    if (claims.length) problems.push({ slug: a.slug, problem: `sources: states ${claims.join(', ')} without any sources: (authority URLs)` });
  }
  if (!a.reviewed) problems.push({ slug: a.slug, problem: 'reviewed: missing (the date its claims were last checked against its sources)' });
  else if (reviewDue(a.reviewed, options.now ?? new Date())) {
    problems.push({ slug: a.slug, problem: `reviewed: ${a.reviewed} is more than ${REVIEW_MONTHS} months ago; check it against its sources`, warning: true });
  }
  return problems;
}

/**
 * Text that was never finished: TODO / TBD / XXX, ○○ or 〇〇 (a blank to fill), ＊＊＊ (a masked
 * blank; half-width *** is Markdown), 要確認 ("to be checked"), lorem ipsum, example.com.
 */
const PLACEHOLDER = /\b(?:TODO|TBD|FIXME|XXX)\b|[○〇]{2,}|＊{3,}|要確認|\blorem\b|\bexample\.(?:com|org|net)\b/gi;

/**
 * The placeholder text left in an article (title, summary, phrasings, body), each distinct one
 * once, in order of appearance; empty when it is finished. Publishing refuses an article with any.
 */
export function findPlaceholders(a: Pick<ArticleContent, 'title' | 'summary' | 'body'> & { asks?: readonly string[] }): string[] {
  const text = [a.title, a.summary, ...(a.asks ?? []), a.body].join('\n');
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[0]))];
}

/** What the article states that a reader would act on and that needs a source, named for the lint message. */
export function claimsNeedingSources(text: string): string[] {
  const found: string[] = [];
  if (LEGAL_DUTY.some((r) => r.test(text))) found.push('a legal duty');
  if (DEADLINE.some((r) => r.test(text))) found.push('a deadline');
  if (CONTACT.some((r) => r.test(text))) found.push('a contact');
  return found;
}

const LEGAL_DUTY = [
  /義務|法律上|法令|法律で|法的|個人情報保護法|特定電子メール法|不正アクセス禁止法|報告(?:しなければ|が必要)|届け?出なければ|通知しなければ|罰則/,
  /\b(?:legal(?:ly)? (?:duty|obligation|required|requirement)|required by law|obliged|obligation|the law requires|must (?:report|notify)|reportable|Act on (?:the )?Protection|Personal Information Protection Act|penalt(?:y|ies))\b/i,
];
const DEADLINE = [/\d+\s*(?:日|時間|か月|ヶ月|カ月|週間)以内|\d+\s*[〜~-]\s*\d+\s*日|期限|速報|確報/, /\bwithin \d+\s*(?:days?|hours?|weeks?|months?)\b|\bdeadlines?\b|\b\d+\s*[–-]\s*\d+ days\b/i];
const CONTACT = [
  /\{\{\s*contact:/,
  /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/,
  /\bhttps?:\/\/|\bwww\.[a-z0-9-]+\./i,
  // Phone numbers: 0X-XXXX-XXXX, 0120-…, #9110-style short numbers, 110 / 119 / 188 / 189.
  /(?<![\d-])0\d{1,4}-\d{1,4}-\d{3,4}(?![\d-])|#\d{4}(?!\d)|(?<![\w.,-])(?:110|119|188|189)(?![\w.,-])/,
];

/** True when `reviewed` (YYYY-MM-DD) is more than REVIEW_MONTHS before `now`. */
export function reviewDue(reviewed: string, now: Date): boolean {
  return reviewed < dueBefore(now);
}

/** The oldest `reviewed` date not yet due on `now`, YYYY-MM-DD. */
export function dueBefore(now: Date): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - REVIEW_MONTHS, now.getUTCDate()));
  return d.toISOString().slice(0, 10);
}

/** A published article whose sources review is due (or missing), for admins. */
export interface ReviewDue {
  slug: string;
  lang: 'ja' | 'en';
  title: string;
  /** Last review against its sources; absent when it never had one. */
  reviewed?: string;
  sources: number;
}

/** Published articles due for a review on `now`, never-reviewed first, then oldest first. */
export function articlesDue(articles: readonly ArticleContent[], now: Date = new Date()): ReviewDue[] {
  return articles
    .filter((a) => a.status === 'published' && (!a.reviewed || reviewDue(a.reviewed, now)))
    .map((a) => ({ slug: a.slug, lang: a.lang, title: a.title, ...(a.reviewed ? { reviewed: a.reviewed } : {}), sources: a.sources?.length ?? 0 }))
    .sort((x, y) => (x.reviewed ?? '').localeCompare(y.reviewed ?? '') || x.slug.localeCompare(y.slug));
}

/** Desks in the registry whose `checked` date is more than REVIEW_MONTHS old: warnings, to re-verify against their source. */
export function contactsDue(contacts: ContactRegistry, now: Date = new Date()): LintProblem[] {
  return contacts
    .all()
    .filter((c) => reviewDue(c.checked, now))
    .map((c) => ({ slug: `contact:${c.id}`, problem: `checked: ${c.checked} is more than ${REVIEW_MONTHS} months ago; re-verify it against ${c.source}`, warning: true as const }));
}

/** The result of linting a folder: `errors` fail the lint, `warnings` (reviews falling due) do not. */
export interface FolderLint {
  articles: number;
  errors: LintProblem[];
  warnings: LintProblem[];
}

/**
 * `npm run kb -- lint [dir]` without the console: reads and validates the folder (a file the
 * parser rejects, e.g. an unknown contact id, throws ImportRejectedError naming it), then lints.
 */
export async function lintFolder(dir: string, options: LintOptions = {}): Promise<FolderLint> {
  const articles = await readArticleFolder(dir, options.contacts);
  const all = [...lintArticles(articles, options), ...contactsDue(options.contacts ?? bundledContacts(), options.now ?? new Date())];
  return { articles: articles.length, errors: all.filter((p) => !p.warning), warnings: all.filter((p) => p.warning) };
}
