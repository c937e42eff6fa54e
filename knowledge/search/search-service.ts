import type { Logger } from '../../core/logger.js';
import type { Database } from '../../db/database.js';
import { unitVector, type Embedder } from '../llm/embedder.js';
import { fuseHybrid } from '../llm/hybrid-ranking.js';
import { normalizeText } from '../text/normalize.js';
import type { TextAnalyzer } from './analyzer.js';
import type { Glossary } from './glossary.js';
import type { ArticleScore, IndexedArticle, MemoryIndex, QueryTerm } from './memory-index.js';
import { PublishedIndex } from './published-index.js';
import type { SearchHit, SearchQuery } from './search-types.js';

/** Weight of glossary expansions relative to the asker's own words. */
const EXPANSION_WEIGHT = 0.6;
/** Ranking multipliers (see rank()). */
const OTHER_LANG_FACTOR = 0.6;
const FIRST_TOPIC_BOOST = 1.6;
const OTHER_TOPIC_BOOST = 1.2;
/** With the recogniser's probabilities: an article's rank × (1 + weight × P(its most likely topic)). CV (22 writers): weight 1.5 / 3 / 5 → hit@1 0.854 / 0.862 / 0.866 (hint order only: 0.834). */
const TOPIC_PROBABILITY_WEIGHT = 3;
/**
 * Weight of the best-matching alternate phrasing (`asks`) beside the article's own text. A
 * phrasing is a short document written as a question, so a close match scores high on its own;
 * it adds to the text's evidence rather than replacing it.
 */
const ASK_WEIGHT = 0.8;
/** Hybrid search only: share of the embedding similarity in the fused rank (lexical keeps the rest). */
const VECTOR_WEIGHT = 0.3;
/** Hybrid search only: articles the vector side adds to the lexical candidates (the most similar ones). */
const VECTOR_CANDIDATES = 40;

/** Optional parts of the search service. */
export interface SearchServiceOptions {
  /**
   * Embeds the question for hybrid search. Absent (no language model configured)
   * → lexical search only, exactly as without this option.
   */
  embedder?: Embedder;
  logger?: Logger;
}

/**
 * Search over published articles: the same analyser tokens on both sides, BM25 per field
 * (article text; alternate phrasings) over this process's in-memory copy of the published
 * knowledge base, then language and topic boosts. The copy is brought up to the latest
 * published generation before each search, so the answers are the same in every process and
 * on PGlite and PostgreSQL.
 */
export class SearchService {
  private readonly published: PublishedIndex;
  /** Tokens of each glossary term (a fixed list): analysed once, not on every question. */
  private readonly expansionTokens = new Map<string, string[]>();

  constructor(
    private readonly db: Database,
    private readonly analyzer: TextAnalyzer,
    private readonly glossary: Glossary,
    private readonly options: SearchServiceOptions = {},
  ) {
    this.published = new PublishedIndex(db, options.logger);
  }

  /** Loads the index now (at start), rather than on the first question. */
  async warm(): Promise<{ articles: number; ms: number; bytes: number }> {
    const started = performance.now();
    const index = await this.published.current();
    return { articles: index.size, ms: Math.round(performance.now() - started), bytes: index.approximateBytes() };
  }

  async search(query: SearchQuery): Promise<SearchHit[]> {
    const index = await this.published.current();
    const hybrid = this.options.embedder !== undefined && query.lexicalOnly !== true;
    // Hybrid fusion rescales over all candidates: it gets them all; lexical search only the first `limit`.
    const most = maxFactor(query);
    const scores = index.score(
      this.queryTerms(query.text),
      (a, best, meta, ask) => this.rankOf(a, best, meta, ask, query),
      hybrid ? Number.MAX_SAFE_INTEGER : (query.limit ?? 5),
      (best, meta, ask) => baseRank(best, meta, ask) * most,
    );
    if (!this.options.embedder || !hybrid) return this.rank(scores, query);
    return this.hybrid(query, index, scores, this.options.embedder);
  }

  /** The asker's own words (weight 1) and the glossary's expansions of them (weight 0.6). */
  private queryTerms(text: string): QueryTerm[] {
    const normalized = normalizeText(text);
    const weights = new Map<string, QueryTerm>();
    for (const phrase of this.glossary.expansions(normalized)) {
      let tokens = this.expansionTokens.get(phrase);
      if (!tokens) this.expansionTokens.set(phrase, (tokens = this.analyzer.tokens(phrase)));
      for (const t of tokens) weights.set(t, { term: t, weight: EXPANSION_WEIGHT, own: false });
    }
    for (const t of this.analyzer.tokens(normalized)) weights.set(t, { term: t, weight: 1, own: true });
    return [...weights.values()];
  }

  /**
   * Lexical scores plus the articles most similar to the question's embedding, ranked by a
   * fusion of BM25 and cosine similarity (see fuseHybrid). Chunk vectors are unit length, so
   * cosine is a dot product, computed in SQL over float8[] (the same statement on PGlite and
   * PostgreSQL, no pgvector needed). If the question cannot be embedded (API down, timeout)
   * the result is the lexical one.
   */
  private async hybrid(query: SearchQuery, index: MemoryIndex, scores: ArticleScore[], embedder: Embedder): Promise<SearchHit[]> {
    let vector: number[];
    try {
      vector = unitVector(await embedder.embedQuery(query.text, { deadline: query.deadline }));
    } catch (err) {
      this.options.logger?.warn({ code: (err as { code?: string }).code ?? 'EMBED_FAILED' }, 'question not embedded; lexical search only');
      return this.rank(scores, query);
    }
    const sims = await this.db.query<{ article_id: number; sim: number }>(
      `SELECT c.article_id, max(s.sim) AS sim
       FROM article_chunks c
       JOIN articles a ON a.id = c.article_id AND a.status = 'published'
       CROSS JOIN LATERAL (SELECT sum(e * q)::float8 AS sim FROM unnest(c.embedding, $1::float8[]) AS u(e, q)) s
       WHERE c.embedding_model = $2 AND cardinality(c.embedding) = cardinality($1::float8[])
       GROUP BY c.article_id`,
      [vector, embedder.model],
    );
    const articleSim = new Map(sims.rows.map((r) => [Number(r.article_id), Number(r.sim)]));
    const lexicalIds = new Set(scores.map((s) => s.article.id));
    const extra = [...articleSim]
      .sort((a, b) => b[1] - a[1])
      .slice(0, VECTOR_CANDIDATES)
      .map(([id]) => index.get(id))
      .filter((a): a is IndexedArticle => a !== undefined && !lexicalIds.has(a.id))
      .map((article) => vectorOnly(article));
    const all = this.rank([...scores, ...extra], { ...query, limit: Number.MAX_SAFE_INTEGER });
    const fused = fuseHybrid(all, articleSim, { vectorWeight: VECTOR_WEIGHT, lang: query.lang, otherLangFactor: OTHER_LANG_FACTOR });
    return fused.slice(0, query.limit ?? 5);
  }

  /** Language and topic boosts: other-language articles damped, the triage's topics lifted. */
  private factorOf(a: IndexedArticle, query: SearchQuery): number {
    // Called for every touched article (thousands at 10,000 articles): no allocation, no closure.
    const hints = query.topicHints;
    let factor = 1;
    if (a.lang !== query.lang) factor *= OTHER_LANG_FACTOR;
    const scores = query.topicScores;
    if (scores && scores.length > 0) {
      // As likely as its most likely topic: a 0.7 topic lifts its article far more than a 0.15 one.
      let p = 0;
      for (const s of scores) if (s.p > p && a.topics.includes(s.id)) p = s.p;
      if (p > 0) factor *= 1 + TOPIC_PROBABILITY_WEIGHT * p;
      // A topic only the rules named (no probability) still counts as a hint.
      else if (hints && anyIn(hints, a.topics)) factor *= OTHER_TOPIC_BOOST;
      return factor;
    }
    if (!hints || hints.length === 0) return factor;
    if (a.topics.includes(hints[0]!)) factor *= FIRST_TOPIC_BOOST;
    else if (anyIn(hints, a.topics)) factor *= OTHER_TOPIC_BOOST;
    return factor;
  }

  private rankOf(a: IndexedArticle, bestScore: number, meta: number, ask: number, query: SearchQuery): number {
    return baseRank(bestScore, meta, ask) * this.factorOf(a, query);
  }

  private rank(scores: ArticleScore[], query: SearchQuery): SearchHit[] {
    const hits: SearchHit[] = [];
    for (const e of scores) {
      const a = e.article;
      const factor = this.factorOf(a, query);
      // The index already ranked the article with rankOf (a vector-only one ranks 0 either way).
      const rank = e.rank;
      hits.push({
        articleId: a.id,
        slug: a.slug,
        title: a.title,
        lang: a.lang,
        topics: a.topics,
        category: a.category,
        severityHint: a.severityHint,
        passage: e.best.text,
        heading: e.best.heading,
        score: Math.min(1, e.coverage * Math.min(factor, 1.2)),
        rank,
      });
    }
    hits.sort((a, b) => b.rank - a.rank || a.slug.localeCompare(b.slug));
    return hits.slice(0, query.limit ?? 5);
  }
}

/** An article's rank before the language and topic factors (rankOf multiplies it by factorOf). */
function baseRank(bestScore: number, meta: number, ask: number): number {
  return Math.max(bestScore, meta) + 0.5 * Math.min(bestScore, meta) + ASK_WEIGHT * ask;
}

/** The largest factorOf can give any article for this query (the index prunes with it). */
function maxFactor(query: SearchQuery): number {
  const scores = query.topicScores ?? [];
  if (scores.length === 0 && (query.topicHints ?? []).length === 0) return 1;
  let p = 0;
  for (const s of scores) if (s.p > p) p = s.p;
  return Math.max(FIRST_TOPIC_BOOST, OTHER_TOPIC_BOOST, 1 + TOPIC_PROBABILITY_WEIGHT * p);
}

/** Whether any of `hints` is among `topics`. */
function anyIn(hints: readonly string[], topics: readonly string[]): boolean {
  for (const h of hints) if (topics.includes(h)) return true;
  return false;
}

/** An article the embedding found and the words did not: quoted by its card, no lexical evidence. */
function vectorOnly(article: IndexedArticle): ArticleScore {
  const card = article.chunks.find((c) => c.kind === 'text') ?? article.chunks[0]!;
  return { article, bestScore: 0, best: { ord: card.ord, heading: card.heading, text: card.text }, meta: 0, ask: 0, coverage: 0, rank: 0 };
}
