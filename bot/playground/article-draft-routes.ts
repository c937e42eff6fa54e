import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { User } from '../../handlers/directory/directory-types.js';
import { authorName } from '../../handlers/kb/author-name.js';
import type { HandlerServices } from '../../handlers/services.js';
import { ArticleNotFoundError, ArticlePlaceholderError, ArticleValidationError, DraftConflictError, DraftOutdatedError } from '../../knowledge/errors.js';
import { draftContent, draftDiff, type ArticleDraft } from '../../knowledge/kb/article-drafts.js';
import type { Lang } from '../../knowledge/text/normalize.js';
import { articleHtml } from '../article-pages.js';
import { t, type KeysOf } from '../../core/i18n/t.js';

const SLUG = /^[a-z0-9-]{2,100}$/;
const saveSchema = z.object({ markdown: z.string().min(1).max(200_000), revision: z.number().int().min(0) }).strict();
const revisionSchema = z.object({ revision: z.number().int().min(1) }).strict();

/** A message of the page in both languages, for a refusal the page (or any client) shows as it is. */
function both(key: KeysOf<'playground'>, params: Record<string, string | number> = {}): Record<Lang, string> {
  return { ja: t('ja', `playground.${key}`, params), en: t('en', `playground.${key}`, params) };
}

/**
 * The playground admin's drafts of published articles (issue #19): saving an edit of a live article
 * stores a draft (with a rendered preview and a line diff against the published version); publishing
 * it is a separate press, refused while placeholder text is left. One draft per article, shared by
 * the admins; every write names the revision it read and a stale one is refused with who saved last.
 * Admins only, of a company (like the other admin routes).
 */
export function mountArticleDraftRoutes(scope: FastifyInstance, services: HandlerServices, admin: () => Promise<User | null>): void {
  const allowed = async (reply: FastifyReply): Promise<User | null> => {
    const user = await admin();
    if (user?.roles.includes('admin') && user.tenantId) return user;
    await reply.code(403).send({ error: 'admins only' });
    return null;
  };

  /** The draft of a published article with its preview and diff, or `draft: null`. */
  const view = async (slug: string) => {
    const published = await services.kb.show(slug);
    if (published.status !== 'published') throw new ArticleNotFoundError(`${slug} (published)`);
    const draft = await services.kb.drafts.get(slug);
    return {
      slug,
      published: { version: published.version, title: published.title },
      revision: draft?.revision ?? 0,
      draft: draft ? await draftView(draft, published.version) : null,
    };
  };
  const draftView = async (draft: ArticleDraft, publishedVersion: number) => {
    const published = await services.kb.show(draft.slug);
    let preview: string | null = null;
    let placeholders: string[] = [];
    let problems: string[] = [];
    try {
      const d = draftContent(draft.markdown);
      preview = articleHtml(d.content);
      placeholders = d.placeholders;
    } catch (err) {
      if (!(err instanceof ArticleValidationError)) throw err;
      problems = err.problems;
    }
    return {
      markdown: draft.markdown,
      revision: draft.revision,
      baseVersion: draft.baseVersion,
      outdated: draft.baseVersion !== publishedVersion,
      updatedBy: await authorName(services, draft.updatedBy),
      createdBy: await authorName(services, draft.createdBy),
      updatedAt: draft.updatedAt.toISOString(),
      preview,
      diff: draftDiff(published, draft.markdown),
      placeholders,
      problems,
    };
  };

  /** Typed refusals as HTTP answers, each with a message in Japanese and English. */
  const refuse = async (reply: FastifyReply, err: unknown) => {
    if (err instanceof ArticleNotFoundError) return reply.code(404).send({ error: 'not found', message: both('admin.draft.notPublished') });
    if (err instanceof ArticleValidationError) return reply.code(400).send({ error: 'invalid', problems: err.problems, message: both('admin.draft.invalid', { problems: err.problems.join(' / ') }) });
    if (err instanceof DraftConflictError) {
      const message = err.current
        ? both('admin.draft.conflict', { name: await authorName(services, err.current.updatedBy), revision: err.current.revision })
        : both('admin.draft.gone');
      return reply.code(409).send({ error: 'conflict', revision: err.current?.revision ?? 0, message });
    }
    if (err instanceof DraftOutdatedError) {
      return reply.code(409).send({ error: 'outdated', message: both('admin.draft.outdated', { base: err.baseVersion, version: err.publishedVersion }) });
    }
    if (err instanceof ArticlePlaceholderError) {
      return reply.code(422).send({ error: 'placeholders', placeholders: err.placeholders, message: both('admin.draft.placeholders', { placeholders: err.placeholders.map((p) => `「${p}」`).join(' ') }) });
    }
    throw err;
  };

  scope.get<{ Params: { slug: string } }>('/playground/api/admin/articles/:slug/draft', async (req, reply) => {
    if (!(await allowed(reply))) return reply;
    if (!SLUG.test(req.params.slug)) return reply.code(404).send({ error: 'not found' });
    return view(req.params.slug).catch((err: unknown) => refuse(reply, err));
  });

  scope.post<{ Params: { slug: string } }>('/playground/api/admin/articles/:slug/draft', async (req, reply) => {
    const user = await allowed(reply);
    if (!user) return reply;
    if (!SLUG.test(req.params.slug)) return reply.code(404).send({ error: 'not found' });
    const parsed = saveSchema.safeParse(req.body);
    if (!parsed.success) return reply.code(400).send({ error: 'invalid', problems: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) });
    try {
      await services.kb.drafts.save(req.params.slug, parsed.data.markdown, parsed.data.revision, user.id);
      return await view(req.params.slug);
    } catch (err) {
      return refuse(reply, err);
    }
  });

  scope.post<{ Params: { slug: string; action: string } }>('/playground/api/admin/articles/:slug/draft/:action', async (req, reply) => {
    const user = await allowed(reply);
    if (!user) return reply;
    const { slug, action } = req.params;
    if (!SLUG.test(slug) || (action !== 'publish' && action !== 'discard')) return reply.code(404).send({ error: 'not found' });
    const parsed = revisionSchema.safeParse(req.body);
    if (!parsed.success) return reply.code(400).send({ error: 'invalid', problems: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) });
    try {
      if (action === 'discard') {
        await services.kb.drafts.discard(slug, parsed.data.revision);
        return { discarded: true, message: both('admin.draft.discarded', { slug }) };
      }
      const article = await services.kb.drafts.publish(slug, parsed.data.revision, `web:${user.id}`);
      services.logger.info({ slug, version: article.version, by: user.id }, 'article draft published');
      return { published: { slug, version: article.version }, message: both('admin.draft.publishedNow', { slug, version: article.version }) };
    } catch (err) {
      return refuse(reply, err);
    }
  });
}
