import { bundledContacts, type ContactRegistry } from '../contacts/contact-registry.js';
import { renderContactTokens } from '../contacts/contact-text.js';
import type { ArticleContent } from '../kb/article-types.js';
import { taxonomy } from '../taxonomy.js';

export interface Chunk {
  ord: number;
  /** 'text': the card or a section (quoted in answers); 'asks': the article's alternate phrasings, one per line (never quoted). */
  kind: 'text' | 'asks';
  heading: string;
  text: string;
  /** Text the tokens are built from (may add words that are not quoted, like keywords). */
  indexText: string;
}

const MAX_CHUNK_CHARS = 700;

/**
 * Splits an article into searchable chunks: one "card" chunk with the title,
 * summary, keywords and topic names (what the article is about), then one per
 * section, long sections cut at line breaks, and one holding the alternate
 * phrasings (`asks`), each searched as a document of its own.
 */
export function chunkArticle(article: ArticleContent, contacts: ContactRegistry = bundledContacts()): Chunk[] {
  // A desk named by `{{contact:<id>}}` is indexed by its name (what people search for), never by
  // the token; the quoted text keeps the token, filled in with current details when shown.
  const names = (text: string) => renderContactTokens(text, article.lang, contacts, 'name').text;
  const topicNames = article.topics.flatMap((id) => {
    const topic = taxonomy.topics.find((t) => t.id === id);
    return topic ? [topic.ja, topic.en] : [];
  });
  const chunks: Chunk[] = [
    {
      ord: 0,
      kind: 'text',
      heading: article.title,
      text: article.summary.trim(),
      // The title counts twice: it is the best description of what the article answers.
      indexText: names([article.title, article.title, article.summary, article.keywords.join(' '), topicNames.join(' ')].join('\n')),
    },
  ];
  for (const section of article.sections.all) {
    for (const piece of splitLong(section.text)) {
      chunks.push({ ord: chunks.length, kind: 'text', heading: section.heading, text: piece, indexText: names(`${section.heading}\n${piece}`) });
    }
  }
  const asks = article.asks.map((a) => a.replace(/\s+/g, ' ').trim()).filter(Boolean);
  if (asks.length > 0) chunks.push({ ord: chunks.length, kind: 'asks', heading: '', text: asks.join('\n'), indexText: asks.join('\n') });
  return chunks;
}

function splitLong(text: string): string[] {
  if (text.length <= MAX_CHUNK_CHARS) return text ? [text] : [];
  const pieces: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    if (current && current.length + line.length > MAX_CHUNK_CHARS) {
      pieces.push(current);
      current = '';
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current) pieces.push(current);
  return pieces;
}
