import type { ArticleContent } from '../kb/article-types.js';
import { taxonomy } from '../taxonomy.js';

export interface Chunk {
  ord: number;
  heading: string;
  text: string;
  /** Text the tokens are built from (may add words that are not quoted, like keywords). */
  indexText: string;
}

const MAX_CHUNK_CHARS = 700;

/**
 * Splits an article into searchable chunks: one "card" chunk with the title,
 * summary, keywords and topic names (what the article is about), then one per
 * section, long sections cut at line breaks.
 */
export function chunkArticle(article: ArticleContent): Chunk[] {
  const topicNames = article.topics.flatMap((id) => {
    const topic = taxonomy.topics.find((t) => t.id === id);
    return topic ? [topic.ja, topic.en] : [];
  });
  const chunks: Chunk[] = [
    {
      ord: 0,
      heading: article.title,
      text: article.summary.trim(),
      // The title counts twice: it is the best description of what the article answers.
      indexText: [article.title, article.title, article.summary, article.keywords.join(' '), topicNames.join(' ')].join('\n'),
    },
  ];
  for (const section of article.sections.all) {
    for (const piece of splitLong(section.text)) {
      chunks.push({ ord: chunks.length, heading: section.heading, text: piece, indexText: `${section.heading}\n${piece}` });
    }
  }
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
