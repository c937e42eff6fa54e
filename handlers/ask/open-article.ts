import { ArticleNotFoundError } from '../../knowledge/errors.js';
import { SECTION_HEADINGS } from '../../knowledge/kb/article-parser.js';
import type { Article } from '../../knowledge/kb/article-types.js';
import { neutralizeMentions } from '../../knowledge/text/neutralize.js';
import type { Card, CardBlock, Outbound } from '../cards.js';
import type { CaseRecord } from '../cases/case-types.js';
import type { User } from '../directory/directory-types.js';
import { InvalidInputError } from '../errors.js';
import { t } from '../../core/i18n/t.js';
import { withContactDetails } from './contact-details.js';
import type { HandlerServices } from '../services.js';

/** `<case number> <slug>`: the value of an `article.open` button. */
export function parseArticleOpenValue(value: string): { caseNumber: string; slug: string } {
  const m = /^(OT-\d{1,12}) ([a-z0-9][a-z0-9-]{1,80})$/i.exec(value.trim());
  if (!m) throw new InvalidInputError(`bad article.open value: ${value.slice(0, 100)}`);
  return { caseNumber: m[1]!, slug: m[2]! };
}

/**
 * A cited article shown in the chat, to the person who pressed "open" (where no public page
 * exists to link to). Only an article the case's answer cited, and only while it is published:
 * the button's value comes back from the client and is checked, not believed.
 */
export async function openArticle(services: HandlerServices, c: CaseRecord, user: User, slug: string, threadRef: string): Promise<Outbound[]> {
  const cited = (await services.cases.events(c.id)).some((e) => JSON.stringify(e.data).includes(`"${slug}"`));
  const article = cited ? await services.articles.get(slug).catch((err: unknown) => (err instanceof ArticleNotFoundError ? null : Promise.reject(err))) : null;
  // The asker is answered in the language they asked in; a responder in their own.
  const lang = c.askerUserId === user.id ? c.lang : user.lang;
  if (!article || article.status !== 'published') return [{ to: threadRef, card: { blocks: [{ kind: 'text', text: t(lang, 'article.gone') }] }, senderOnly: true }];
  return [{ to: threadRef, card: articleCard(article), senderOnly: true }];
}

/** An article as a card: title, summary, its steps and warnings, the review date. */
export function articleCard(a: Article): Card {
  const blocks: CardBlock[] = [{ kind: 'text', text: neutralizeMentions(`${a.title}\n${a.summary.trim()}`) }];
  if (a.sections.doNow.length > 0) blocks.push({ kind: 'steps', title: sectionTitle(a, 'doNow'), items: a.sections.doNow.map(neutralizeMentions) });
  if (a.sections.avoid.length > 0) blocks.push({ kind: 'bullets', title: sectionTitle(a, 'avoid'), items: a.sections.avoid.map(neutralizeMentions) });
  if (a.sections.whenToCall) blocks.push({ kind: 'text', text: neutralizeMentions(a.sections.whenToCall) });
  blocks.push({ kind: 'notice', text: t(a.lang, 'article.updated', { date: a.updated }) });
  return withContactDetails({ blocks }, a.lang);
}

function sectionTitle(a: Article, key: 'doNow' | 'avoid'): string {
  if (key === 'doNow') {
    // A planning article heads its steps 「進め方」 / "How to go about it": show its own heading.
    const own = a.sections.all?.find((s) => (SECTION_HEADINGS.doNow as readonly string[]).includes(s.heading.toLowerCase()))?.heading;
    return own ?? t(a.lang, 'article.heading.doNow');
  }
  return t(a.lang, 'article.heading.avoid');
}
