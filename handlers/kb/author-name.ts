import type { HandlerServices } from '../services.js';

/**
 * A person's display name for the author the knowledge base recorded on a version or a draft
 * (`web:<user id>`, `slack:<user id>`, a bare user id); the recorded text itself when it names
 * nobody in the directory (`import`, `cli:…`).
 */
export async function authorName(services: Pick<HandlerServices, 'directory'>, author: string): Promise<string> {
  const id = /^(?:[a-z]+:)?([^:]+)$/.exec(author)?.[1];
  const user = id ? await services.directory.getUser(id) : null;
  return user?.displayName ?? author;
}
