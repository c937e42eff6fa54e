import type { Logger } from '../../bot/logger.js';
import type { Database } from '../../db/database.js';
import { unitVector, type Embedder } from '../llm/embedder.js';
import { fuseHybrid } from '../llm/hybrid-ranking.js';
import { normalizeText } from '../text/normalize.js';
import type { TextAnalyzer } from './analyzer.js';
import type { Glossary } from './glossary.js';
import type { SearchHit, SearchQuery } from './search-types.js';

/** BM25 parameters (the usual defaults). */
const K1 = 1.2;
const B = 0.75;
/** Weight of glossary expansions relative to the asker's own words. */
const EXPANSION_WEIGHT = 0.6;
/** A term selects candidates only if it is in at most this share of chunks (or this many). */
const SELECTIVE_SHARE = 0.1;
const SELECTIVE_MIN_DF = 50;
/** How many chunks the database hands over for exact rescoring. */
const CANDIDATES = 150;
/** Ranking multipliers (see rank()). */
const OTHER_LANG_FACTOR = 0.6;
const FIRST_TOPIC_BOOST = 1.6;
const OTHER_TOPIC_BOOST = 1.2;
/** Hybrid search only: share of the embedding similarity in the fused rank (lexical keeps the rest). */
const VECTOR_WEIGHT = 0.3;
/** Hybrid search only: chunks the vector side adds to the lexical candidates (the most similar ones). */
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

interface ChunkRow {
  id: number;
  article_id: number;
  ord: number;
  heading: string;
  text: string;
  tokens: string[];
  slug: string;
  lang: 'ja' | 'en';
  title: string;
  topics: string[];
  category: string;
  severity_hint: string;
}

interface Term {
  term: string;
  weight: number;
  /** From the asker's own words (not a glossary expansion). */
  own: boolean;
  idf: number;
}

/**
 * Lexical search over published articles: the same analyser tokens on both
 * sides, candidates from the GIN index, BM25 rescoring in the app, then
 * language and topic boosts. Identical on PGlite and PostgreSQL.
 */
export class SearchService {
  constructor(
    private readonly db: Database,
    private readonly analyzer: TextAnalyzer,
    private readonly glossary: Glossary,
    private readonly options: SearchServiceOptions = {},
  ) {}

  async search(query: SearchQuery): Promise<SearchHit[]> {
    const lexical = await this.lexicalCandidates(query);
    if (!this.options.embedder) return this.rank(lexical.rows, lexical.terms, lexical.avgdl, query);
    return this.hybrid(query, lexical, this.options.embedder);
  }

  /** Chunks that share terms with the question (BM25 candidates) and the question's weighted terms. */
  private async lexicalCandidates(query: SearchQuery): Promise<{ rows: ChunkRow[]; terms: Term[]; avgdl: number }> {
    const none = { rows: [] as ChunkRow[], terms: [] as Term[], avgdl: 1 };
    const normalized = normalizeText(query.text);
    const own = this.analyzer.tokens(normalized);
    const expanded = this.glossary.expansions(normalized).flatMap((phrase) => this.analyzer.tokens(phrase));
    const weights = new Map<string, { weight: number; own: boolean }>();
    for (const t of expanded) weights.set(t, { weight: EXPANSION_WEIGHT, own: false });
    for (const t of own) weights.set(t, { weight: 1, own: true });
    if (weights.size === 0) return none;

    const allTerms = [...weights.keys()];
    // Kept by the indexer: counting every chunk on each search does not scale.
    const stats = await this.db.query<{ n: number; avgdl: number }>(
      'SELECT chunks::int AS n, (CASE WHEN chunks > 0 THEN tokens::float8 / chunks ELSE 0 END) AS avgdl FROM search_stats WHERE id = 1',
    );
    const n = stats.rows[0]?.n ?? 0;
    const avgdl = stats.rows[0]?.avgdl || 1;
    if (n === 0) return none;
    const dfRows = await this.db.query<{ term: string; df: number }>('SELECT term, df FROM search_terms WHERE term = ANY($1)', [allTerms]);
    const df = new Map(dfRows.rows.map((r) => [r.term, r.df]));
    const terms: Term[] = allTerms
      .filter((t) => df.has(t))
      .map((t) => {
        const d = df.get(t)!;
        return { term: t, ...weights.get(t)!, idf: Math.log(1 + (n - d + 0.5) / (d + 0.5)) };
      });
    if (terms.length === 0) return { ...none, avgdl };

    // Presence score in SQL picks the candidates; exact BM25 with term counts happens below.
    // Only the rarer terms select candidates (a bigram like ファイル is in half the corpus and
    // would drag every chunk in); all terms still score them.
    const selective = terms.filter((t) => df.get(t.term)! <= Math.max(SELECTIVE_MIN_DF, n * SELECTIVE_SHARE)).map((t) => t.term);
    const r = await this.db.query<ChunkRow>(
      `WITH q AS (SELECT * FROM unnest($1::text[], $2::float8[]) AS q(term, w))
       SELECT c.id, c.article_id, c.ord, c.heading, c.text, c.tokens, a.slug, a.lang, v.title, v.topics, v.category, v.severity_hint
       FROM (
         SELECT c.id, (SELECT sum(q.w) FROM (SELECT DISTINCT unnest(c.tokens) AS t) d JOIN q ON q.term = d.t) AS pre
         FROM article_chunks c WHERE c.tokens && $4::text[]
         ORDER BY pre DESC, c.id LIMIT $3
       ) best
       JOIN article_chunks c ON c.id = best.id
       JOIN articles a ON a.id = c.article_id AND a.status = 'published'
       JOIN article_versions v ON v.article_id = a.id AND v.version = a.current_version
       ORDER BY c.id`,
      [terms.map((t) => t.term), terms.map((t) => t.idf * t.weight), CANDIDATES, selective.length > 0 ? selective : terms.map((t) => t.term)],
    );
    return { rows: r.rows, terms, avgdl };
  }

  /**
   * Lexical candidates plus the chunks most similar to the question's embedding,
   * ranked by a fusion of BM25 and cosine similarity (see fuseHybrid). Vectors are
   * unit length, so cosine is a dot product, computed in SQL over float8[]: the
   * same statement on PGlite and PostgreSQL, no pgvector needed, and no vectors
   * shipped to the app (a knowledge base of hundreds of chunks is scored in
   * milliseconds without an index). If the question cannot be embedded (API down,
   * timeout) the result is the lexical one.
   */
  private async hybrid(
    query: SearchQuery,
    lexical: { rows: ChunkRow[]; terms: Term[]; avgdl: number },
    embedder: Embedder,
  ): Promise<SearchHit[]> {
    let vector: number[];
    try {
      vector = unitVector(await embedder.embedQuery(query.text));
    } catch (err) {
      this.options.logger?.warn({ code: (err as { code?: string }).code ?? 'EMBED_FAILED' }, 'question not embedded; lexical search only');
      return this.rank(lexical.rows, lexical.terms, lexical.avgdl, query);
    }
    const sims = await this.db.query<{ id: number; article_id: number; sim: number }>(
      `SELECT c.id, c.article_id, s.sim
       FROM article_chunks c
       JOIN articles a ON a.id = c.article_id AND a.status = 'published'
       CROSS JOIN LATERAL (SELECT sum(e * q)::float8 AS sim FROM unnest(c.embedding, $1::float8[]) AS u(e, q)) s
       WHERE c.embedding_model = $2 AND cardinality(c.embedding) = cardinality($1::float8[])`,
      [vector, embedder.model],
    );
    const simOf = new Map(sims.rows.map((r) => [Number(r.id), r.sim]));
    const lexicalIds = new Set(lexical.rows.map((r) => Number(r.id)));
    const extraIds = [...sims.rows]
      .sort((a, b) => b.sim - a.sim)
      .slice(0, VECTOR_CANDIDATES)
      .map((r) => Number(r.id))
      .filter((id) => !lexicalIds.has(id));
    const extra = extraIds.length
      ? await this.db.query<ChunkRow>(
          `SELECT c.id, c.article_id, c.ord, c.heading, c.text, c.tokens, a.slug, a.lang, v.title, v.topics, v.category, v.severity_hint
           FROM article_chunks c
           JOIN articles a ON a.id = c.article_id AND a.status = 'published'
           JOIN article_versions v ON v.article_id = a.id AND v.version = a.current_version
           WHERE c.id = ANY($1::bigint[])`,
          [extraIds],
        )
      : { rows: [] as ChunkRow[] };
    // Most similar first, so an article found only by its vector quotes its most similar chunk.
    const extraRows = [...extra.rows].sort((a, b) => (simOf.get(Number(b.id)) ?? 0) - (simOf.get(Number(a.id)) ?? 0));
    const rows = [...lexical.rows, ...extraRows];
    const articleSim = new Map<number, number>();
    for (const row of rows) {
      const sim = simOf.get(Number(row.id));
      const articleId = Number(row.article_id);
      if (sim !== undefined && sim > (articleSim.get(articleId) ?? -Infinity)) articleSim.set(articleId, sim);
    }
    const all = this.rank(rows, lexical.terms, lexical.avgdl, { ...query, limit: Number.MAX_SAFE_INTEGER });
    const fused = fuseHybrid(all, articleSim, { vectorWeight: VECTOR_WEIGHT, lang: query.lang, otherLangFactor: OTHER_LANG_FACTOR });
    return fused.slice(0, query.limit ?? 5);
  }

  private rank(rows: ChunkRow[], terms: Term[], avgdl: number, query: SearchQuery): SearchHit[] {
    const ownMass = terms.filter((t) => t.own).reduce((s, t) => s + t.idf, 0) || 1;
    const byArticle = new Map<number, { best: ChunkRow; bestScore: number; meta: number; covered: Set<string> }>();
    for (const row of rows) {
      const tf = new Map<string, number>();
      for (const tok of row.tokens) tf.set(tok, (tf.get(tok) ?? 0) + 1);
      let score = 0;
      const covered: string[] = [];
      for (const t of terms) {
        const f = tf.get(t.term);
        if (!f) continue;
        covered.push(t.term);
        score += t.weight * t.idf * ((f * (K1 + 1)) / (f + K1 * (1 - B + (B * row.tokens.length) / avgdl)));
      }
      const entry = byArticle.get(row.article_id) ?? { best: row, bestScore: -1, meta: 0, covered: new Set<string>() };
      for (const c of covered) entry.covered.add(c);
      if (row.ord === 0) entry.meta = score;
      // Quote a body section rather than the summary card when one matches about as well.
      const quoteScore = row.ord === 0 ? score * 0.8 : score;
      if (quoteScore > entry.bestScore) {
        entry.best = row;
        entry.bestScore = quoteScore;
      }
      byArticle.set(row.article_id, entry);
    }

    const hints = query.topicHints ?? [];
    const hits: SearchHit[] = [];
    for (const [articleId, e] of byArticle) {
      const row = e.best;
      let rank = Math.max(e.bestScore, e.meta) + 0.5 * Math.min(e.bestScore, e.meta);
      let factor = 1;
      if (row.lang !== query.lang) factor *= OTHER_LANG_FACTOR;
      if (hints[0] && row.topics.includes(hints[0])) factor *= FIRST_TOPIC_BOOST;
      else if (hints.some((h) => row.topics.includes(h))) factor *= OTHER_TOPIC_BOOST;
      rank *= factor;
      const coverage = terms.filter((t) => t.own && e.covered.has(t.term)).reduce((s, t) => s + t.idf, 0) / ownMass;
      hits.push({
        articleId,
        slug: row.slug,
        title: row.title,
        lang: row.lang,
        topics: row.topics,
        category: row.category,
        severityHint: row.severity_hint,
        passage: row.text,
        heading: row.heading,
        score: Math.min(1, coverage * Math.min(factor, 1.2)),
        rank,
      });
    }
    hits.sort((a, b) => b.rank - a.rank || a.slug.localeCompare(b.slug));
    return hits.slice(0, query.limit ?? 5);
  }
}
