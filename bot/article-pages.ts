import type { FastifyInstance } from 'fastify';
import { t, type Lang } from '../core/i18n/t.js';
import { Marked } from 'marked';
import { bundledContacts, type ContactRegistry } from '../knowledge/contacts/contact-registry.js';
import { renderContactTokens } from '../knowledge/contacts/contact-text.js';
import { ArticleNotFoundError } from '../knowledge/errors.js';
import type { ArticleStore } from '../knowledge/kb/article-store.js';
import type { Article, ArticleContent } from '../knowledge/kb/article-types.js';

/** The path of an article's readable page. */
export function articlePath(slug: string): string {
  return `/kb/${encodeURIComponent(slug)}`;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * Markdown as the page shows it. Raw HTML in an article is shown as text, never run: articles
 * are edited in chat and in the playground, and a page must not become a way in.
 */
const markdown = new Marked({
  gfm: true,
  renderer: {
    html: (token) => escapeHtml(token.text),
    // Web pages, and the desks' e-mail and phone links the contacts registry writes in.
    link: ({ href, text }) => (/^(https?:\/\/|mailto:|tel:)/i.test(href) ? `<a href="${escapeHtml(href)}" rel="noopener noreferrer">${escapeHtml(text)}</a>` : escapeHtml(text)),
    image: ({ text }) => escapeHtml(text),
  },
});

/** The page's own words in `lang` (catalogue: article.page.*; `other` names the other language in that language). */
const labels = (lang: Lang) => ({
  other: t(lang, 'article.page.otherLang'),
  reviewed: t(lang, 'article.page.reviewed'),
  sources: t(lang, 'article.page.sources'),
  notFound: t(lang, 'article.page.notFound'),
  desk: t(lang, 'article.page.desk'),
});

/**
 * `GET /kb/<slug>`: a published article as a readable page, with a link to the same topic in
 * the other language. What chat citations link to when PUBLIC_BASE_URL is set, and what the
 * playground links to. Drafts and archived articles are not shown (404), whoever asks.
 */
export function mountArticlePages(http: FastifyInstance, articles: ArticleStore, contacts: ContactRegistry = bundledContacts()): void {
  http.get<{ Params: { slug: string } }>('/kb/:slug', async (req, reply) => {
    void reply.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'").header('x-content-type-options', 'nosniff');
    const slug = req.params.slug;
    const article = /^[a-z0-9][a-z0-9-]{1,80}$/.test(slug) ? await articles.get(slug).catch((err: unknown) => (err instanceof ArticleNotFoundError ? null : Promise.reject(err))) : null;
    if (!article || article.status !== 'published') {
      return reply.code(404).type('text/html; charset=utf-8').send(page('ja', t('ja', 'article.page.notFound'), `<p>${t('ja', 'article.page.notFound')}</p><p>${t('en', 'article.page.notFound')}</p>`));
    }
    const other = article.topics[0] ? await articles.findPublishedByTopic(article.topics[0], article.lang === 'ja' ? 'en' : 'ja') : null;
    return reply.type('text/html; charset=utf-8').send(articlePage(article, other, contacts));
  });
}

/** The page of a published article (pure: the route above does the lookups). */
export function articlePage(a: Article, other: Article | null, contacts: ContactRegistry = bundledContacts()): string {
  const l = labels(a.lang);
  const body = [
    `<p class="desk">${escapeHtml(l.desk)}${other ? ` · <a href="${articlePath(other.slug)}" lang="${other.lang}">${escapeHtml(l.other)}</a>` : ''}</p>`,
    articleHtml(a, contacts),
  ].join('\n');
  return page(a.lang, a.title, body);
}

/**
 * An article as its page shows it, without the page around it: title, summary, body (raw HTML as
 * text), sources, review date. Also the playground admin's preview of a draft (issue #19).
 */
export function articleHtml(a: ArticleContent, contacts: ContactRegistry = bundledContacts()): string {
  const l = labels(a.lang);
  return [
    `<h1>${escapeHtml(a.title)}</h1>`,
    `<p class="summary">${escapeHtml(a.summary.trim())}</p>`,
    // The desks the article names, with their current details as links (contacts registry).
    markdown.parse(renderContactTokens(a.body, a.lang, contacts, 'markdown').text, { async: false }),
    // Where the claims come from, and when they were last checked against those pages.
    ...(a.sources?.length
      ? [`<p class="desk">${escapeHtml(l.sources)}:</p><ul class="sources">${a.sources.filter((u) => /^https:\/\//.test(u)).map((u) => `<li><a href="${escapeHtml(u)}" rel="noopener noreferrer">${escapeHtml(u)}</a></li>`).join('')}</ul>`]
      : []),
    `<p class="reviewed">${escapeHtml(l.reviewed)}: ${escapeHtml(a.reviewed ?? a.updated)}</p>`,
  ].join('\n');
}

function page(lang: 'ja' | 'en', title: string, body: string): string {
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.7;color:#1b1f24}
.desk{color:#57606a;font-size:.9rem}.sources{color:#57606a;font-size:.85rem;margin-top:0}.summary{font-weight:600}.reviewed{color:#57606a;font-size:.85rem;border-top:1px solid #d0d7de;padding-top:.5rem}
h2{margin-top:1.6rem;font-size:1.2rem}</style></head>
<body>${body}</body></html>`;
}
