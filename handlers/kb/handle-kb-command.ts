import type { ArticleStatus } from '../../knowledge/kb/article-types.js';
import { ArticlePlaceholderError, ArticleValidationError } from '../../knowledge/errors.js';
import type { Lang } from '../../knowledge/text/normalize.js';
import type { Card } from '../cards.js';
import type { User } from '../directory/directory-types.js';
import { ForbiddenError } from '../errors.js';
import type { InboundCommand } from '../inbound.js';
import { neutralize } from '../../knowledge/text/neutralize.js';
import { t } from '../../core/i18n/t.js';
import type { HandlerServices } from '../services.js';
import { categoryLabel } from '../ask/answer-card.js';
import { decideProposal, listProposals } from './ask-proposals.js';
import { authorName } from './author-name.js';
import { llmUseFor } from '../directory/llm-consent.js';

const STATUSES: readonly ArticleStatus[] = ['draft', 'published', 'archived'];
/** Longest article text shown in chat (platform limits: Slack sections hold 3,000 characters). */
const SHOW_LIMIT = 2800;

/**
 * `kb …` chat commands. Searching is open to anyone registered; everything
 * that reads drafts or changes the knowledge base needs the admin role.
 */
export async function handleKbCommand(services: HandlerServices, cmd: InboundCommand, user: User): Promise<Card> {
  const lang = user.lang;
  const [verb = 'help', ...args] = cmd.args;
  const change = { author: `${cmd.channel}:${user.id}`, note: `chat ${verb}` };
  const text = (s: string): Card => ({ blocks: [{ kind: 'text', text: s }] });

  if (verb === 'search') {
    const query = args.join(' ').trim();
    if (!query) return text(t(lang, 'kb.usage'));
    // The query is embedded only for a company that consented to the model and its embeddings (issue #22).
    const llm = await llmUseFor(services.db, user.tenantId, services.planner);
    const hits = (await services.search.search({ text: query, lang, limit: 5, lexicalOnly: !(llm.chat && llm.embeddings) })).filter((h) => h.score >= 0.05);
    if (hits.length === 0) return text(t(lang, 'kb.noResults'));
    return {
      blocks: [{ kind: 'text', text: t(lang, 'kb.searchTitle') }],
      // The slug is the handle for `kb show|edit <slug>`: a search result names it beside the title.
      citations: hits.map((h) => ({
        slug: h.slug,
        title: `${h.title} — ${h.slug} (${h.score.toFixed(2)})`,
        lang: h.lang,
        ...(services.articleUrl ? { url: services.articleUrl(h.slug) } : {}),
      })),
    };
  }
  if (verb === 'help' || !KNOWN.has(verb)) return text(t(lang, 'kb.usage'));
  if (!user.roles.includes('admin')) throw new ForbiddenError(`kb ${verb}`, user.id, 'kb.adminOnly');

  const kb = services.kb;
  try {
    switch (verb) {
      case 'list': {
        const status = STATUSES.find((s) => s === args[0]);
        const articles = await kb.list({ status });
        return text(articles.map((a) => `${a.slug}  v${a.version}  ${t(lang, `kb.status.${a.status}`)}  ${a.title}`).join('\n') || t(lang, 'kb.noResults'));
      }
      case 'show': {
        const md = kb.toMarkdown(await kb.show(required(args[0])));
        return text(md.length > SHOW_LIMIT ? `${md.slice(0, SHOW_LIMIT)}…` : md);
      }
      case 'history': {
        const slug = required(args[0]);
        const versions = await Promise.all((await kb.history(slug)).map(async (v) => ({ ...v, author: await authorName(services, v.author) })));
        return {
          blocks: [
            { kind: 'text', text: t(lang, 'kb.historyTitle', { slug }) },
            { kind: 'bullets', title: '', items: versions.map((v) => `v${v.version} ${v.createdAt.toISOString().slice(0, 16)} ${t(lang, `kb.status.${v.status}`)} ${v.author}${v.note ? ` (${v.note})` : ''}`) },
          ],
        };
      }
      case 'publish': {
        const a = await kb.publish(required(args[0]), change);
        return text(t(lang, 'kb.published', { slug: a.slug, version: a.version }));
      }
      case 'archive': {
        const a = await kb.archive(required(args[0]), change);
        return text(t(lang, 'kb.archived', { slug: a.slug, version: a.version }));
      }
      case 'restore': {
        const from = Number(args[1]);
        if (!Number.isInteger(from) || from < 1) return text(t(lang, 'kb.usage'));
        const { article: a, outcome } = await kb.restore(required(args[0]), from, change);
        return text(t(lang, outcome === 'unchanged' ? 'kb.unchanged' : 'kb.restored', { slug: a.slug, version: a.version, from }));
      }
      case 'add':
      case 'edit': {
        if (!cmd.body?.trim()) return text(t(lang, 'kb.needsBody'));
        const current = verb === 'edit' ? await kb.show(required(args[0])) : null;
        const saved = await kb.saveMarkdown(cmd.body, change, current?.status ?? 'draft');
        return text(t(lang, 'kb.saved', { slug: saved.slug, version: saved.version, status: t(lang, `kb.status.${saved.status}`) }));
      }
      case 'proposals':
        return listProposals(services, user);
      case 'accept':
      case 'dismiss':
        return decideProposal(services, user, required(args[0]), verb === 'accept');
      case 'due': {
        // Articles whose claims are due for another check against their sources (12 months after `reviewed`).
        const due = await kb.due();
        if (due.length === 0) return text(t(lang, 'kb.noneDue'));
        return {
          blocks: [
            { kind: 'text', text: t(lang, 'kb.dueTitle', { count: due.length }) },
            { kind: 'bullets', title: '', items: due.slice(0, 50).map((d) => `${d.slug} (${d.reviewed ?? t(lang, 'kb.neverReviewed')}) ${neutralize(d.title)}`) },
          ],
        };
      }
      case 'gaps': {
        const days = Number(args[0] ?? 7) || 7;
        // A company's admins see only their own people's questions.
        const groups = await kb.gaps({ days, tenantId: user.tenantId ?? undefined });
        if (groups.length === 0) return text(t(lang, 'kb.noGaps'));
        return {
          blocks: [
            { kind: 'text', text: t(lang, 'kb.gapsTitle', { days }) },
            ...groups.map((g) => ({
              kind: 'bullets' as const,
              title: `${categoryLabel(lang, g.category)} (${g.count})`,
              items: g.questions.slice(0, 10).map((q) => `${q.count}× ${neutralize(q.text)} [${q.reasons.join(', ')}]`),
            })),
          ],
        };
      }
    }
  } catch (err) {
    if (err instanceof ArticleValidationError) return text(t(lang, 'kb.invalid', { problems: err.problems.join(' / ') }));
    if (err instanceof ArticlePlaceholderError) return text(t(lang, 'kb.placeholders', { slug: err.slug, placeholders: err.placeholders.map((p) => `「${p}」`).join(' ') }));
    throw err;
  }
  return text(t(lang as Lang, 'kb.usage'));
}

const KNOWN = new Set(['list', 'show', 'history', 'publish', 'archive', 'restore', 'add', 'edit', 'gaps', 'due', 'proposals', 'accept', 'dismiss']);

function required(slug: string | undefined): string {
  if (!slug || !/^[a-z0-9-]{2,100}$/.test(slug)) throw new ArticleValidationError('(command)', ['slug: missing or not a slug']);
  return slug;
}
