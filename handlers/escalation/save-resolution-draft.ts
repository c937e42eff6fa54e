import { articleToMarkdown } from '../../knowledge/kb/article-files.js';
import { parseSections } from '../../knowledge/kb/article-parser.js';
import { taxonomy, type Category } from '../../knowledge/taxonomy.js';
import type { Outbound } from '../cards.js';
import type { CaseRecord } from '../cases/case-types.js';
import type { User } from '../directory/directory-types.js';
import { InvalidInputError } from '../errors.js';
import { t } from '../../core/i18n/t.js';
import type { HandlerServices } from '../services.js';
import { textCard } from '../ask/answer-card.js';
import { assertResponderFor } from './responder-access.js';

/**
 * "Save as KB draft": turns a resolved case's summary into a draft article an
 * admin reviews before publishing. Only the question and the responder's
 * summary are used, never other events (they may hold personal data).
 */
export async function saveResolutionDraft(services: HandlerServices, c: CaseRecord, user: User): Promise<Outbound[]> {
  const group = await assertResponderFor(services, user, c, 'save_draft');
  if (c.state !== 'resolved' && c.state !== 'closed') throw new InvalidInputError(`case ${c.number} is not resolved`, 'error.illegalTransition');
  const events = await services.cases.events(c.id);
  const summary = String([...events].reverse().find((e) => e.type === 'resolved')?.data.summary ?? '').trim();
  if (!summary) throw new InvalidInputError(`case ${c.number} has no summary`, 'resolve.needsSummary');
  const cited = events.flatMap((e) => (e.type === 'answer_sent' && Array.isArray(e.data.citations) ? (e.data.citations as { slug: string }[]) : []));
  const topics = await topicsFor(services, c.category ?? 'general', cited[0]?.slug);
  const steps = summary
    .split(/(?<=[。.!?!?])\s*|\n+/)
    .map((s) => s.trim())
    .filter(Boolean)
    .slice(0, 8);
  const body = [
    `## ${t(c.lang, 'article.heading.doNow')}`,
    '',
    ...steps.map((s, i) => `${i + 1}. ${s}`),
    '',
    `## ${t(c.lang, 'article.heading.whenToCall')}`,
    '',
    t(c.lang, 'draft.fromCase', { number: c.number }),
    '',
  ].join('\n');
  const slug = `case-${c.number.toLowerCase()}-${c.lang}`;
  const markdown = articleToMarkdown({
    slug,
    lang: c.lang,
    title: c.question.replace(/\s+/g, ' ').slice(0, 80),
    summary: steps[0] ?? summary.slice(0, 200),
    topics,
    category: (c.category ?? 'general') as Category,
    severityHint: c.severity ?? 'medium',
    keywords: [],
    asks: [],
    updated: new Date().toISOString().slice(0, 10),
    status: 'draft',
    body,
    sections: parseSections(body),
  });
  const saved = await services.kb.saveMarkdown(markdown, { author: `responder:${user.id}`, note: `from ${c.number}` }, 'draft');
  await services.cases.appendEvent(c.id, 'kb_draft_saved', { kind: 'user', userId: user.id }, { slug: saved.slug, version: saved.version });
  return [{ to: c.responderThreadRef ?? c.threadRef, card: textCard(t(group.lang, 'draft.saved', { slug: saved.slug })) }];
}

async function topicsFor(services: HandlerServices, category: string, citedSlug?: string): Promise<string[]> {
  if (citedSlug) {
    const article = await services.kb.show(citedSlug).catch(() => null);
    if (article) return article.topics.slice(0, 1);
  }
  return [taxonomy.topics.find((tp) => tp.category === category)?.id ?? 'reporting-contacts'];
}
