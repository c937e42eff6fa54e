import { MemoryIndex, Vocabulary, type ArticleToIndex, type IndexedArticle, type QueryTerm } from '../../knowledge/search/memory-index.js';
import { ASK_BREAK, encodePostings, PostingsReader } from '../../knowledge/search/postings-codec.js';

const article = (id: number, words: string[], asks: string[][] = []): ArticleToIndex => ({
  id,
  slug: `a-${String(id).padStart(4, '0')}`,
  lang: 'en',
  title: `article ${id}`,
  topics: [],
  category: 'general',
  severityHint: 'low',
  chunks: [
    { ord: 0, kind: 'text', heading: `article ${id}`, text: `card ${id}`, tokens: words.slice(0, 3) },
    { ord: 1, kind: 'text', heading: 'steps', text: `steps ${id}`, tokens: words },
    ...(asks.length ? [{ ord: 2, kind: 'asks' as const, heading: '', text: asks.map((a) => a.join(' ')).join('\n'), tokens: asks.flatMap((a, i) => (i ? [ASK_BREAK, ...a] : a)) }] : []),
  ],
});

const VOCAB = ['backup', 'ransom', 'password', 'phone', 'mail', 'wire', 'invoice', 'printer', 'router', 'login'];
/** A deterministic pseudo-random article set (no Math.random: the test must fail the same way twice). */
function corpus(n: number): ArticleToIndex[] {
  let seed = 7;
  const next = () => (seed = (seed * 48271) % 2147483647);
  return Array.from({ length: n }, (_, i) => article(i + 1, Array.from({ length: 4 + (next() % 8) }, () => VOCAB[next() % VOCAB.length]!), [[VOCAB[next() % 10]!, VOCAB[next() % 10]!]]));
}

const q = (...terms: string[]): QueryTerm[] => terms.map((term) => ({ term, weight: 1, own: true }));
const plain = (a: IndexedArticle, best: number, meta: number, ask: number) => best + meta + ask;
const view = (idx: MemoryIndex, terms: QueryTerm[], limit: number) => idx.score(terms, plain, limit).map((s) => [s.article.slug, s.rank.toFixed(9), s.coverage.toFixed(9)]);

describe('MemoryIndex', () => {
  it('returns the same first k as a full sort would, ties broken by slug', () => {
    const idx = new MemoryIndex();
    for (const a of corpus(300)) idx.put(a);
    const all = view(idx, q('ransom', 'wire', 'router'), Number.MAX_SAFE_INTEGER);
    for (const k of [1, 3, 8, 40]) expect(view(idx, q('ransom', 'wire', 'router'), k)).toEqual(all.slice(0, k));
  });

  it('gives the same first k when it skips, by a rank bound, the articles that cannot make them', () => {
    const idx = new MemoryIndex();
    for (const a of corpus(600)) idx.put(a);
    // A ranker with per-article factors up to 3 (like the language and topic boosts), and its bound.
    const factor = (a: IndexedArticle) => 1 + (a.id % 3);
    const ranked = (a: IndexedArticle, best: number, meta: number, ask: number) => (best + meta + ask) * factor(a);
    const bound = (best: number, meta: number, ask: number) => (best + meta + ask) * 3;
    for (const terms of [q('ransom', 'wire', 'router'), q('backup'), q('phone', 'login', 'mail')]) {
      const all = idx.score(terms, ranked, Number.MAX_SAFE_INTEGER).map((s) => [s.article.slug, s.rank]);
      for (const k of [1, 3, 8]) expect(idx.score(terms, ranked, k, bound).map((s) => [s.article.slug, s.rank])).toEqual(all.slice(0, k));
    }
  });

  it('at 1,000 articles and more, scores only those that can make the first k, with the same first k to the last bit', () => {
    // Rare words (each in 1 article in 60) select candidates, VOCAB words are common; some cards
    // come after the article's other chunks (the runs must still bound them).
    const articles = corpus(1800).map((a, i) => {
      const rare = [`rare${i % 60}`, `rare${(i * 7) % 60}`];
      const chunks = a.chunks.map((c) => (c.kind === 'text' && c.ord === 1 ? { ord: c.ord, kind: c.kind, heading: c.heading, text: c.text, tokens: [...(c.tokens ?? []), ...rare] } : c));
      return { ...a, lang: i % 4 === 0 ? ('ja' as const) : ('en' as const), chunks: i % 5 === 0 ? [chunks[1]!, chunks[0]!, ...chunks.slice(2)] : chunks };
    });
    const idx = new MemoryIndex();
    for (const a of articles) idx.put(a);
    // Like the search service: other-language articles damped, a topic-like lift on some, and the bound of both.
    const ranked = (a: IndexedArticle, best: number, meta: number, ask: number) => (Math.max(best, meta) + 0.5 * Math.min(best, meta) + 0.8 * ask) * (a.lang === 'en' ? 1 : 0.6) * (a.id % 7 === 0 ? 1.6 : 1);
    const bound = (best: number, meta: number, ask: number) => (Math.max(best, meta) + 0.5 * Math.min(best, meta) + 0.8 * ask) * 1.6;
    const full = (s: ReturnType<MemoryIndex['score']>[number]) => [s.article.slug, s.rank, s.bestScore, s.meta, s.ask, s.best.ord, s.coverage];
    const questions = [
      q('rare3', 'rare17', 'ransom', 'wire'),
      [...q('rare5', 'backup'), { term: 'rare40', weight: 0.6, own: false }],
      q('rare59', 'nothing-like-this'),
      q('phone', 'login'),
    ];
    const check = () => {
      for (const terms of questions) {
        const all = idx.score(terms, ranked, Number.MAX_SAFE_INTEGER).map(full);
        for (const k of [1, 3, 8]) expect(idx.score(terms, ranked, k, bound).map(full)).toEqual(all.slice(0, k));
      }
    };
    check();
    // Removed articles' postings stay in the lists (and their runs) until compaction.
    for (const a of articles.slice(0, 300)) idx.remove(a.id);
    check();
    for (const a of articles.slice(300, 1000)) idx.remove(a.id);
    for (const a of articles.slice(0, 200)) idx.put(a);
    check();
  });

  it('scores the same after removals, re-adds and compaction as an index built afresh from what is left', () => {
    const articles = corpus(1500);
    const kept = new MemoryIndex();
    for (const a of articles) kept.put(a);
    // Enough removals to trigger compaction (over 1,000 dead documents and a quarter of all).
    for (const a of articles.slice(0, 1200)) kept.remove(a.id);
    for (const a of articles.slice(0, 100)) kept.put(a);
    const fresh = new MemoryIndex();
    for (const a of [...articles.slice(1200), ...articles.slice(0, 100)]) fresh.put(a);
    expect(kept.size).toBe(400);
    for (const terms of [q('backup'), q('phone', 'login'), q('printer', 'mail', 'invoice', 'nothing-like-this')]) {
      expect(view(kept, terms, 10)).toEqual(view(fresh, terms, 10));
    }
  });

  it('finds an article by one alternate phrasing, scored on its own, and quotes its text instead', () => {
    const idx = new MemoryIndex();
    idx.put(article(1, ['printer', 'toner'], [['screen', 'went', 'black'], ['fan', 'noise']]));
    idx.put(article(2, ['router', 'firmware']));
    const [hit] = idx.score(q('screen', 'black'), plain, 5);
    expect(hit).toMatchObject({ article: { id: 1 }, bestScore: 0, best: { heading: 'article 1' } });
    expect(hit!.ask).toBeGreaterThan(0);
    expect(hit!.coverage).toBe(1);
  });

  it('builds the same index from stored postings (term numbers and counts) as from the tokens', () => {
    const articles = corpus(400);
    const vocabulary = new Vocabulary();
    const idOf = new Map<string, number>();
    // Numbers as the database hands them out: not from zero, with gaps.
    for (const [i, term] of [...VOCAB, 'screen', 'black'].entries()) {
      idOf.set(term, 3 + i * 7);
      vocabulary.set(3 + i * 7, term);
    }
    const coded = articles.map((a) => ({ ...a, chunks: a.chunks.map(({ tokens, ...c }) => ({ ...c, postings: encodePostings(c.kind, tokens ?? [], idOf) })) }));
    const fromTokens = new MemoryIndex();
    for (const a of articles) fromTokens.put(a);
    const fromPostings = new MemoryIndex(vocabulary);
    expect(fromPostings.putAll(coded)).toEqual([]);
    // Mixed, one at a time, with replacements: what a refresh does.
    const mixed = new MemoryIndex(vocabulary);
    coded.forEach((a, i) => mixed.put(i % 2 ? a : articles[i]!));
    for (const a of coded.slice(0, 50)) mixed.put(a);
    for (const terms of [q('ransom', 'wire', 'router'), q('backup'), q('phone', 'login', 'mail', 'printer')]) {
      for (const k of [3, 1000]) {
        expect(view(fromPostings, terms, k)).toEqual(view(fromTokens, terms, k));
        expect(view(mixed, terms, k)).toEqual(view(fromTokens, terms, k));
      }
    }
  });

  it('asks for the vocabulary numbers it does not hold instead of putting articles it cannot read', () => {
    const vocabulary = new Vocabulary();
    vocabulary.set(1, 'backup');
    const idOf = new Map([
      ['backup', 1],
      ['ransom', 9],
    ]);
    const a = article(1, ['backup', 'ransom']);
    const coded = { ...a, chunks: a.chunks.map(({ tokens, ...c }) => ({ ...c, postings: encodePostings(c.kind, tokens ?? [], idOf) })) };
    const idx = new MemoryIndex(vocabulary);
    expect(idx.putAll([coded])).toEqual([9]);
    expect(idx.size).toBe(0);
    vocabulary.set(9, 'ransom');
    expect(idx.putAll([coded])).toEqual([]);
    expect(view(idx, q('ransom'), 5)).toHaveLength(1);
  });

  it('encodes each phrasing of an asks chunk as its own document, with its length and term counts', () => {
    const idOf = new Map([
      ['a', 1],
      ['b', 200],
      ['c', 70000],
    ]);
    const r = new PostingsReader();
    r.reset(encodePostings('asks', ['a', 'b', 'a', ASK_BREAK, ASK_BREAK, 'c'], idOf));
    const docs: [number, number[][]][] = [];
    while (r.next()) docs.push([r.length, Array.from({ length: r.n }, (_, i) => [r.ids[i]!, r.tfs[i]!])]);
    expect(docs).toEqual([
      [3, [[1, 2], [200, 1]]],
      [1, [[70000, 1]]],
    ]);
    r.reset(encodePostings('text', ['a', 'b', 'a', 'c'], idOf).subarray(0, 4));
    expect(() => r.next()).toThrow(/postings/);
  });
});
