import type { Lang } from '../text/normalize.js';
import { ASK_BREAK } from './search-index.js';

/** One published article as the index holds it (chunks already tokenised by the indexer). */
export interface IndexedArticle {
  id: number;
  slug: string;
  lang: Lang;
  title: string;
  topics: string[];
  category: string;
  severityHint: string;
  chunks: { ord: number; kind: 'text' | 'asks'; heading: string; text: string; tokens: string[] }[];
}

/** A question term with its weight (1 for the asker's own words, less for glossary expansions). */
export interface QueryTerm {
  term: string;
  weight: number;
  own: boolean;
}

/** What one article scored for a question, before the ranking boosts. */
export interface ArticleScore {
  article: IndexedArticle;
  /** Best BM25 of a quotable chunk (the card counted at 0.8, so a body section is quoted when about as good). */
  bestScore: number;
  /** The chunk to quote. */
  best: { ord: number; heading: string; text: string };
  /** BM25 of the card (title, summary, keywords, topic names). */
  meta: number;
  /** Best BM25 of one of its alternate phrasings, over the phrasings of all articles. */
  ask: number;
  /** IDF mass of the asker's own terms the article contains (in any field), over the question's. */
  coverage: number;
  /** What the ranker made of it. */
  rank: number;
}

/** The ranking score of an article from its field scores (the caller's boosts); higher first. */
export type ArticleRanker = (article: IndexedArticle, bestScore: number, meta: number, ask: number) => number;

/** BM25 parameters (the usual defaults). */
const K1 = 1.2;
const B = 0.75;
/** A word in more than this share of all documents (and more than SELECTIVE_MIN_DF of them) selects no candidates. */
const SELECTIVE_SHARE = 0.1;
const SELECTIVE_MIN_DF = 50;

/**
 * The searchable documents (quotable chunks and single phrasings) as parallel typed arrays: the
 * scoring loop touches hundreds of thousands of postings at 10,000 articles, and reading a number
 * from a typed array costs a fraction of following a pointer to an object.
 */
class DocTable {
  count = 0;
  slot = new Int32Array(1024);
  ord = new Int32Array(1024);
  /** Index of the chunk in its article; -1 for a phrasing. */
  chunk = new Int32Array(1024);
  length = new Int32Array(1024);
  alive = new Uint8Array(1024);

  add(slot: number, ord: number, chunk: number, length: number): number {
    if (this.count === this.slot.length) this.grow();
    const d = this.count++;
    this.slot[d] = slot;
    this.ord[d] = ord;
    this.chunk[d] = chunk;
    this.length[d] = length;
    this.alive[d] = 1;
    return d;
  }

  private grow(): void {
    const size = this.slot.length * 2;
    const copy = <T extends Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(size);
      b.set(a);
      return b;
    };
    this.slot = copy(this.slot, (n) => new Int32Array(n));
    this.ord = copy(this.ord, (n) => new Int32Array(n));
    this.chunk = copy(this.chunk, (n) => new Int32Array(n));
    this.length = copy(this.length, (n) => new Int32Array(n));
    this.alive = copy(this.alive, (n) => new Uint8Array(n));
  }
}

/** Per-field statistics (text chunks and phrasings are separate fields with their own IDF and length norm). */
class FieldStats {
  docs = 0;
  length = 0;
  readonly df = new Map<string, number>();

  add(tokens: readonly string[], sign: 1 | -1): void {
    this.docs += sign;
    this.length += sign * tokens.length;
    for (const t of new Set(tokens)) {
      const d = (this.df.get(t) ?? 0) + sign;
      if (d > 0) this.df.set(t, d);
      else this.df.delete(t);
    }
  }


  get avgdl(): number {
    return this.docs > 0 ? this.length / this.docs : 1;
  }
}

/**
 * The published knowledge base in memory: an inverted index over the quotable chunks and,
 * separately, over every alternate phrasing, scored with BM25 per field. Articles come and go
 * one at a time (a publish reloads only what changed); removed documents are tombstoned and the
 * postings compacted once a quarter of them is dead. No I/O: PublishedIndex feeds it.
 */
export class MemoryIndex {
  private readonly articles: (IndexedArticle | null)[] = [];
  private readonly slotOf = new Map<number, number>();
  private readonly docs = new DocTable();
  /** Reused by addDoc (one term-frequency count per document, never kept). */
  private readonly tf = new Map<string, number>();
  private readonly docsOf: number[][] = [];
  /** term → [doc, tf, doc, tf, …] per field. */
  private readonly textPostings = new Map<string, number[]>();
  private readonly askPostings = new Map<string, number[]>();
  private readonly text = new FieldStats();
  private readonly asks = new FieldStats();
  private dead = 0;

  get size(): number {
    return this.slotOf.size;
  }

  has(articleId: number): boolean {
    return this.slotOf.has(articleId);
  }

  get(articleId: number): IndexedArticle | undefined {
    const slot = this.slotOf.get(articleId);
    return slot === undefined ? undefined : (this.articles[slot] ?? undefined);
  }

  /** Adds the article, replacing the one with its id. */
  put(article: IndexedArticle): void {
    this.remove(article.id);
    const slot = this.articles.length;
    this.articles.push(article);
    this.slotOf.set(article.id, slot);
    const own: number[] = [];
    article.chunks.forEach((chunk, i) => {
      if (chunk.kind === 'asks') {
        for (const phrase of splitAsks(chunk.tokens)) own.push(this.addDoc(this.docs.add(slot, chunk.ord, -1, phrase.length), phrase, this.askPostings, this.asks));
      } else {
        own.push(this.addDoc(this.docs.add(slot, chunk.ord, i, chunk.tokens.length), chunk.tokens, this.textPostings, this.text));
      }
    });
    this.docsOf[slot] = own;
  }

  remove(articleId: number): void {
    const slot = this.slotOf.get(articleId);
    if (slot === undefined) return;
    const article = this.articles[slot]!;
    for (const chunk of article.chunks) {
      if (chunk.kind === 'asks') for (const phrase of splitAsks(chunk.tokens)) this.asks.add(phrase, -1);
      else this.text.add(chunk.tokens, -1);
    }
    for (const d of this.docsOf[slot] ?? []) this.docs.alive[d] = 0;
    this.dead += this.docsOf[slot]?.length ?? 0;
    this.docsOf[slot] = [];
    this.articles[slot] = null;
    this.slotOf.delete(articleId);
    if (this.dead > 1000 && this.dead * 4 > this.docs.count) this.compact();
  }

  /**
   * Scores every article sharing a term with the question and returns the `limit` best by
   * `rank`. Cost is the length of the question terms' postings; nothing is allocated per document.
   */
  score(terms: readonly QueryTerm[], rank: ArticleRanker, limit: number): ArticleScore[] {
    if (terms.length === 0 || this.slotOf.size === 0) return [];
    const docs = this.docs;
    const { alive, length: docLength, slot: docSlot } = docs;
    const docScore = new Float64Array(docs.count);
    const touched: number[] = [];
    const covered = new Float64Array(this.articles.length);
    const coveredBy = new Int32Array(this.articles.length).fill(-1);
    const textAvg = this.text.avgdl;
    const askAvg = this.asks.avgdl;
    let ownMass = 0;
    // Only the rarer words make a document a candidate; a word in a tenth of the knowledge base (a
    // bigram like ファイル) adds to candidates' scores but drags nobody in. At 10,000 articles this
    // keeps the candidates, and all the work per candidate, to what the question is about. A
    // question of common words only lets them all select.
    const total = this.text.docs + this.asks.docs;
    const common = (term: string) => (this.text.df.get(term) ?? 0) + (this.asks.df.get(term) ?? 0) > Math.max(SELECTIVE_MIN_DF, total * SELECTIVE_SHARE);
    const anySelective = terms.some((t) => !common(t.term) && (this.textPostings.has(t.term) || this.askPostings.has(t.term)));
    const ordered = [...terms].sort((a, b) => Number(common(a.term)) - Number(common(b.term)));
    ordered.forEach((t, ti) => {
      const selects = !anySelective || !common(t.term);
      // One IDF over both fields: how rare a word is in the knowledge base does not depend on which
      // field holds it, and a field with few documents (a KB with few phrasings yet) would otherwise
      // call every word common. Length normalisation stays per field.
      const idf = idfOver(this.text, this.asks, t.term);
      // Words no article has do not count against coverage (as if the question had not said them).
      if (t.own && (this.textPostings.has(t.term) || this.askPostings.has(t.term))) ownMass += idf;
      const own = t.own;
      const w = t.weight * idf;
      for (const [postings, avgdl] of [
        [this.textPostings.get(t.term), textAvg],
        [this.askPostings.get(t.term), askAvg],
      ] as const) {
        if (!postings) continue;
        const norm = (K1 * B) / avgdl;
        const base = K1 * (1 - B);
        for (let i = 0; i < postings.length; i += 2) {
          const d = postings[i]!;
          if (alive[d] === 0) continue;
          if (own) {
            const slot = docSlot[d]!;
            if (coveredBy[slot] !== ti) {
              coveredBy[slot] = ti;
              covered[slot] = covered[slot]! + idf;
            }
          }
          if (docScore[d] === 0) {
            if (!selects) continue;
            touched.push(d);
          }
          const f = postings[i + 1]!;
          docScore[d] = docScore[d]! + (w * f * (K1 + 1)) / (f + base + norm * docLength[d]!);
        }
      }
    });
    // Per article, in arrays indexed by slot: no object per touched document.
    const slots = this.articles.length;
    const best = new Float64Array(slots).fill(-1);
    const bestChunk = new Int32Array(slots).fill(-1);
    const meta = new Float64Array(slots);
    const ask = new Float64Array(slots);
    const touchedSlots: number[] = [];
    const seen = new Uint8Array(slots);
    for (const d of touched) {
      const slot = docSlot[d]!;
      const s = docScore[d]!;
      if (!seen[slot]) {
        seen[slot] = 1;
        touchedSlots.push(slot);
      }
      const chunk = docs.chunk[d]!;
      if (chunk < 0) {
        if (s > ask[slot]!) ask[slot] = s;
        continue;
      }
      const ord = docs.ord[d]!;
      if (ord === 0) meta[slot] = s;
      const quote = ord === 0 ? s * 0.8 : s;
      if (quote > best[slot]!) {
        best[slot] = quote;
        bestChunk[slot] = chunk;
      }
    }
    // Only the `limit` best by `rank` become results (at 10,000 articles thousands are touched).
    const ranked = touchedSlots.map((slot) => ({
      slot,
      rank: rank(this.articles[slot]!, Math.max(best[slot]!, 0), meta[slot]!, ask[slot]!),
    }));
    const before = (x: { slot: number; rank: number }, y: { slot: number; rank: number }) =>
      y.rank - x.rank || this.articles[x.slot]!.slug.localeCompare(this.articles[y.slot]!.slug);
    return topK(ranked, limit, before).map(({ slot, rank: r }) => {
      const article = this.articles[slot]!;
      // Found by a phrasing only: quote the card.
      const at = bestChunk[slot]! >= 0 ? bestChunk[slot]! : article.chunks.findIndex((c) => c.kind === 'text');
      const chunk = article.chunks[at] ?? article.chunks[0]!;
      return {
        article,
        bestScore: Math.max(best[slot]!, 0),
        best: { ord: chunk.ord, heading: chunk.heading, text: chunk.text },
        meta: meta[slot]!,
        ask: ask[slot]!,
        coverage: ownMass > 0 ? covered[slot]! / ownMass : 0,
        rank: r,
      };
    });
  }

  /** Rough resident size of the index (strings and postings), for the bench's memory line. */
  approximateBytes(): number {
    let bytes = 0;
    for (const p of [this.textPostings, this.askPostings]) for (const [t, list] of p) bytes += t.length * 2 + 48 + list.length * 8;
    for (const a of this.articles) if (a) for (const c of a.chunks) bytes += (c.text.length + c.heading.length) * 2 + c.tokens.length * 16;
    return bytes + this.docs.slot.length * 17;
  }

  private addDoc(id: number, tokens: readonly string[], postings: Map<string, number[]>, stats: FieldStats): number {
    const tf = this.tf;
    tf.clear();
    for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
    // The document counts once per distinct word: the same pass as its postings (stats.add would count again).
    stats.docs += 1;
    stats.length += tokens.length;
    for (const [t, f] of tf) {
      stats.df.set(t, (stats.df.get(t) ?? 0) + 1);
      const list = postings.get(t);
      if (list) list.push(id, f);
      else postings.set(t, [id, f]);
    }
    return id;
  }

  /** Drops tombstoned documents from the postings (document ids are kept; only the lists shrink). */
  private compact(): void {
    for (const postings of [this.textPostings, this.askPostings]) {
      for (const [t, list] of postings) {
        const kept: number[] = [];
        for (let i = 0; i < list.length; i += 2) if (this.docs.alive[list[i]!]) kept.push(list[i]!, list[i + 1]!);
        if (kept.length > 0) postings.set(t, kept);
        else postings.delete(t);
      }
    }
    this.dead = 0;
  }
}

/** BM25's IDF with the documents of both fields counted together. */
function idfOver(a: FieldStats, b: FieldStats, term: string): number {
  const n = a.docs + b.docs;
  const d = (a.df.get(term) ?? 0) + (b.df.get(term) ?? 0);
  return Math.log(1 + (n - d + 0.5) / (d + 0.5));
}

/** The `k` first of `items` in `before` order: a bounded insertion for a small k, a sort otherwise. */
function topK<T>(items: T[], k: number, before: (a: T, b: T) => number): T[] {
  if (k * 8 >= items.length) return items.sort(before).slice(0, k);
  const top: T[] = [];
  for (const item of items) {
    if (top.length === k && before(item, top[k - 1]!) >= 0) continue;
    let i = top.length < k ? top.length : k - 1;
    while (i > 0 && before(item, top[i - 1]!) < 0) {
      top[i] = top[i - 1]!;
      i--;
    }
    top[i] = item;
  }
  return top;
}

function splitAsks(tokens: readonly string[]): string[][] {
  const out: string[][] = [[]];
  for (const t of tokens) {
    if (t === ASK_BREAK) out.push([]);
    else out[out.length - 1]!.push(t);
  }
  return out.filter((p) => p.length > 0);
}
