import matter from 'gray-matter';
import { marked, type Token, type Tokens } from 'marked';
import { z } from 'zod';
import { bundledContacts, type ContactRegistry } from '../contacts/contact-registry.js';
import { contactIds } from '../contacts/contact-text.js';
import { ArticleValidationError } from '../errors.js';
import { CATEGORIES, SEVERITIES, TOPIC_IDS } from '../taxonomy.js';
import type { ArticleContent, ArticleSections } from './article-types.js';

/**
 * Section headings the answer step recognises, per language (see knowledge/articles/README.md).
 * Planning topics (policy, backups, training …) may head their steps 「進め方」 / "How to go about it"
 * instead of 「今すぐやること」 / "What to do now": the same section under a heading that fits.
 */
export const SECTION_HEADINGS = {
  doNow: ['今すぐやること', 'what to do now', '進め方', 'how to go about it'],
  avoid: ['やってはいけないこと', 'what not to do'],
  whenToCall: ['担当者に相談すべきとき', 'when to call a responder'],
} as const;

const dateString = z.preprocess(
  // YAML turns an unquoted 2026-11-20 into a Date; accept both.
  (v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v),
  z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD'),
);

const frontMatterSchema = z.object({
  slug: z.string().regex(/^[a-z0-9][a-z0-9-]{1,80}$/, 'must be lower-case a-z, 0-9 and -'),
  lang: z.enum(['ja', 'en']),
  title: z.string().trim().min(3).max(200),
  summary: z.string().trim().min(5).max(600),
  topics: z
    .array(z.string())
    .min(1, 'needs at least one topic')
    .refine((ts) => ts.every((t) => TOPIC_IDS.has(t)), { message: 'contains a topic id that is not in the taxonomy' }),
  category: z.enum(CATEGORIES),
  severity_hint: z.enum(SEVERITIES),
  updated: dateString,
  keywords: z.array(z.coerce.string()).max(60).default([]),
  /** How staff ask about the situation in their own words (symptoms, reports, casual and keigo): indexed as their own field. */
  asks: z.array(z.coerce.string().trim().min(3).max(300)).max(60).default([]),
  status: z.enum(['draft', 'published', 'archived']).default('published'),
  /** Authority pages the claims rest on (IPA, 警察庁, PPC …); `npm run kb -- lint` requires them where a duty, deadline or contact is stated. */
  sources: z
    .array(z.string().url().regex(/^https:\/\/[^\s<>|()[\]]+$/, 'must be an https:// address'))
    .max(20)
    .default([]),
  /** When the claims were last checked against `sources`. */
  reviewed: dateString.optional(),
});

/**
 * Parses one Markdown article (front matter + body); throws naming the file and fields. A
 * `{{contact:<id>}}` naming a desk that is not in `contacts` is rejected here, at import.
 */
export function parseArticle(file: string, source: string, contacts: ContactRegistry = bundledContacts()): ArticleContent {
  let parsed: matter.GrayMatterFile<string>;
  try {
    // An empty cache object: gray-matter otherwise caches by content in a module-level map.
    parsed = matter(source, {});
  } catch (err) {
    throw new ArticleValidationError(file, [`front matter is not valid YAML (${(err as Error).message.split('\n')[0]})`]);
  }
  if (Object.keys(parsed.data).length === 0) throw new ArticleValidationError(file, ['missing front matter (--- … ---)']);
  const fm = frontMatterSchema.safeParse(parsed.data);
  if (!fm.success) {
    throw new ArticleValidationError(
      file,
      fm.error.issues.map((i) => `${i.path.join('.') || 'front matter'}: ${i.message}`),
    );
  }
  const body = parsed.content.trim();
  const sections = parseSections(body);
  const problems: string[] = [];
  if (body.length < 50) problems.push('body: too short');
  for (const id of new Set(contactIds(`${fm.data.summary}\n${body}`))) {
    if (!contacts.has(id)) problems.push(`body: {{contact:${id}}} is not in the contacts registry (knowledge/contacts.yaml)`);
  }
  if (sections.doNow.length === 0) problems.push(`body: needs a "## ${SECTION_HEADINGS.doNow[fm.data.lang === 'ja' ? 0 : 1]}" section with numbered steps`);
  if (problems.length > 0) throw new ArticleValidationError(file, problems);
  const d = fm.data;
  return {
    slug: d.slug,
    lang: d.lang,
    title: d.title,
    summary: d.summary,
    topics: d.topics,
    category: d.category,
    severityHint: d.severity_hint,
    keywords: d.keywords,
    asks: d.asks,
    updated: d.updated,
    sources: d.sources,
    ...(d.reviewed ? { reviewed: d.reviewed } : {}),
    status: d.status,
    body,
    sections,
  };
}

/** Splits the body at `##` headings and pulls out steps and warnings. */
export function parseSections(body: string): ArticleSections {
  const tokens = marked.lexer(body);
  const all: { heading: string; tokens: Token[] }[] = [];
  let current: { heading: string; tokens: Token[] } = { heading: '', tokens: [] };
  for (const token of tokens) {
    if (token.type === 'heading' && (token as Tokens.Heading).depth <= 2) {
      if (current.heading || current.tokens.length) all.push(current);
      current = { heading: plain((token as Tokens.Heading).text), tokens: [] };
    } else {
      current.tokens.push(token);
    }
  }
  if (current.heading || current.tokens.length) all.push(current);

  const find = (names: readonly string[]) => all.find((s) => names.includes(s.heading.toLowerCase()));
  const listItems = (s?: { tokens: Token[] }) =>
    (s?.tokens ?? []).filter((t): t is Tokens.List => t.type === 'list').flatMap((l) => l.items.map((i) => plain(i.text)));
  return {
    doNow: listItems(find(SECTION_HEADINGS.doNow)),
    avoid: listItems(find(SECTION_HEADINGS.avoid)),
    whenToCall: sectionText(find(SECTION_HEADINGS.whenToCall)?.tokens ?? []),
    all: all.map((s) => ({ heading: s.heading, text: sectionText(s.tokens) })),
  };
}

function sectionText(tokens: Token[]): string {
  return tokens
    .map((t) => {
      if (t.type === 'list') return (t as Tokens.List).items.map((i, n) => `${(t as Tokens.List).ordered ? `${n + 1}.` : '-'} ${plain(i.text)}`).join('\n');
      if ('text' in t && typeof t.text === 'string') return plain(t.text);
      return '';
    })
    .filter(Boolean)
    .join('\n')
    .trim();
}

/** Markdown inline syntax → plain text (bold, code, links keep their words). */
export function plain(md: string): string {
  return md
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__)(.*?)\1/g, '$2')
    .replace(/(\*|_)(.*?)\1/g, '$2')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\s*\n\s*/g, ' ')
    .trim();
}
