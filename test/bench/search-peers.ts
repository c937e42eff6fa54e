import MiniSearch from 'minisearch';
import type { ArticleContent } from '../../knowledge/kb/article-types.js';
import type { Lang } from '../../knowledge/text/normalize.js';

/**
 * General-purpose peers for the search bench: MiniSearch over the same Markdown articles
 * (title, summary, keywords, alternate phrasings, body), the afternoon's work a user would do.
 * Each searches only the asker's language (the kindest setting for the peer).
 */
export interface SearchPeer {
  name: string;
  /** Slugs, best first. */
  search(text: string, lang: Lang, limit: number): string[];
}

const segmenter = new Intl.Segmenter('ja', { granularity: 'word' });

const TOKENIZERS: Record<string, ((text: string) => string[]) | undefined> = {
  'MiniSearch + Intl.Segmenter': (text) => [...segmenter.segment(text)].filter((s) => s.isWordLike).map((s) => s.segment),
  'MiniSearch + char bigrams': (text) => {
    const out: string[] = [];
    for (const run of text.toLowerCase().split(/[\s\p{P}\p{S}]+/u)) {
      if (!run) continue;
      if (/^[a-z0-9]+$/.test(run)) out.push(run);
      else if (run.length === 1) out.push(run);
      else for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
    }
    return out;
  },
  'MiniSearch default': undefined,
};

export function buildPeers(articles: ArticleContent[]): SearchPeer[] {
  return Object.entries(TOKENIZERS).map(([name, tokenize]) => {
    const byLang = new Map<Lang, MiniSearch>();
    for (const lang of ['ja', 'en'] as const) {
      const index = new MiniSearch({
        fields: ['title', 'summary', 'keywords', 'asks', 'body'],
        storeFields: ['slug'],
        idField: 'slug',
        ...(tokenize ? { tokenize } : {}),
      });
      index.addAll(
        articles
          .filter((a) => a.lang === lang)
          .map((a) => ({ slug: a.slug, title: a.title, summary: a.summary, keywords: a.keywords.join(' '), asks: a.asks.join('\n'), body: a.body })),
      );
      byLang.set(lang, index);
    }
    return {
      name,
      search: (text, lang, limit) => byLang.get(lang)!.search(text).slice(0, limit).map((r) => String(r.id)),
    };
  });
}
