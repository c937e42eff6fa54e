import type { Lang } from '../../knowledge/text/normalize.js';
import type { DirectoryStore } from './directory-store.js';
import type { User } from './directory-types.js';

/**
 * The language a person reads what the bot shows them outside a case's asker thread (their App
 * Home, a refusal): a responder reads their responder group's language, so the queue, its buttons
 * and the cards agree; a responder in groups of different languages, and everyone else, reads
 * their own (`users.lang`).
 */
export async function readerLang(directory: Pick<DirectoryStore, 'groupsOfMember'>, user: User): Promise<Lang> {
  if (!user.roles.includes('responder')) return user.lang;
  const langs = new Set((await directory.groupsOfMember(user.id)).map((g) => g.lang));
  return langs.size === 1 ? [...langs][0]! : user.lang;
}
