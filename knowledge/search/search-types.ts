import type { Deadline } from '../llm/deadline.js';
import type { Lang } from '../text/normalize.js';

export interface SearchQuery {
  text: string;
  /** Asker's language: articles in it rank first. */
  lang: Lang;
  /** Topic ids triage points to, most likely first; matching articles are boosted. */
  topicHints?: string[];
  /** The topic recogniser's probabilities: an article is lifted by its most likely topic's probability. */
  topicScores?: { id: string; p: number }[];
  /** Articles to return (default 5). */
  limit?: number;
  /** Hybrid search: the question's deadline, which the embedding request shares. */
  deadline?: Deadline;
  /** Hybrid search: rank by words only, sending nothing to the embeddings API (its result would not be used). */
  lexicalOnly?: boolean;
}

export interface SearchHit {
  articleId: number;
  slug: string;
  title: string;
  lang: Lang;
  topics: string[];
  category: string;
  severityHint: string;
  /** The best matching chunk, for quoting. */
  passage: string;
  heading: string;
  /**
   * Confidence in 0..1: how much of the question's information (IDF mass of its
   * own terms) the article covers, scaled by the ranking boosts. The answer step
   * thresholds on it.
   */
  score: number;
  /** Raw BM25 ranking score (after boosts). */
  rank: number;
}
