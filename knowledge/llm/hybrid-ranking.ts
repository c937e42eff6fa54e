import type { SearchHit } from '../search/search-types.js';

export interface FusionOptions {
  /** Share of the vector similarity in the fused rank (0..1); lexical keeps the rest. */
  vectorWeight: number;
  /** Asker's language; similarity of other-language articles is damped like their BM25 rank. */
  lang: 'ja' | 'en';
  /** Multiplier on other-language similarity (the lexical ranking's factor). */
  otherLangFactor: number;
}

/**
 * Fuses lexical hits with cosine similarities into one ranking: a weighted sum
 * of the BM25 rank divided by the best rank and the similarity min–max scaled
 * over the candidates (the two live on unrelated scales, so each is put on 0..1
 * first). `rank` becomes the fused value. `score`, the confidence the answer
 * step thresholds on, stays the lexical coverage: an embedding can bring an
 * article forward but cannot on its own make the bot claim an answer, since
 * similarity scales differ per model and are not calibrated against the eval.
 */
export function fuseHybrid(hits: SearchHit[], similarity: ReadonlyMap<number, number>, options: FusionOptions): SearchHit[] {
  if (hits.length === 0) return hits;
  const maxRank = Math.max(...hits.map((h) => h.rank));
  const sims = hits.map((h) => (similarity.get(Number(h.articleId)) ?? 0) * (h.lang === options.lang ? 1 : options.otherLangFactor));
  const lo = Math.min(...sims);
  const hi = Math.max(...sims);
  const w = options.vectorWeight;
  return hits
    .map((h, i) => {
      const lexical = maxRank > 0 ? h.rank / maxRank : 0;
      const vector = hi > lo ? (sims[i]! - lo) / (hi - lo) : hi > 0 ? 1 : 0;
      return { ...h, rank: (1 - w) * lexical + w * vector };
    })
    .sort((a, b) => b.rank - a.rank);
}
