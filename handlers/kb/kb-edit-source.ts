import type { User } from '../directory/directory-types.js';
import { ForbiddenError } from '../errors.js';
import type { HandlerServices } from '../services.js';

/**
 * The Markdown of an article to prefill an edit form (a Slack modal), for
 * admins only: drafts and archived versions are not for everyone's eyes. The
 * save itself goes through the `kb edit <slug>` command like any other edit.
 */
export async function articleSourceForEdit(services: HandlerServices, user: User | null, slug: string): Promise<string> {
  if (!user?.roles.includes('admin')) throw new ForbiddenError('kb edit', user?.id ?? null, 'kb.adminOnly');
  return services.kb.toMarkdown(await services.kb.show(slug));
}
