import type { Lang } from '../text/normalize.js';
import { chunkDocuments, PostingsReader } from './postings-codec.js';

/** One chunk of a published article as the index keeps it (to quote). */
export interface IndexedChunk {
  ord: number;
  kind: 'text' | 'asks';
  heading: string;
  text: string;
}

/** One published article as the index holds it: what a result shows, no tokens. */
export interface IndexedArticle {
  id: number;
  slug: string;
  lang: Lang;
  title: string;
  topics: string[];
  category: string;
  severityHint: string;
  chunks: IndexedChunk[];
}

/**
 * An article handed to the index, its chunks already analysed by the indexer: as tokens, or as
 * their stored postings (postings-codec.ts, term numbers of the index's Vocabulary). Either is
 * counted into the postings and not kept: at 10,000 articles the tokens are millions of small
 * strings, which cost memory and, worse, the garbage collector's time on every search.
 */
export interface ArticleToIndex extends Omit<IndexedArticle, 'chunks'> {
  chunks: (IndexedChunk & ({ tokens: readonly string[]; postings?: undefined } | { postings: Uint8Array; tokens?: undefined }))[];
}

/**
 * The terms of `search_vocabulary` by number, as far as this process has read them. Numbers are
 * never reused or changed, so one vocabulary serves every index a process builds.
 */
export class Vocabulary {
  private readonly terms: (string | undefined)[] = [];

  set(id: number, term: string): void {
    // Grown densely: an array written far past its end turns into a slow dictionary.
    while (this.terms.length <= id) this.terms.push(undefined);
    this.terms[id] = term;
  }

  term(id: number): string | undefined {
    return this.terms[id];
  }

  has(id: number): boolean {
    return this.terms[id] !== undefined;
  }

  /** One past the highest number held. */
  get size(): number {
    return this.terms.length;
  }
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

/**
 * The ranking score of an article from its field scores (the caller's boosts); higher first. It
 * must not fall when a field score rises: the index ranks bounds of an article's field scores to
 * bound its rank.
 */
export type ArticleRanker = (article: IndexedArticle, bestScore: number, meta: number, ask: number) => number;

/**
 * An upper bound of the ranker's score from the field scores alone, for any article: the
 * index skips the ranker (and reading the article) for an article whose bound is below the
 * k-th best rank found so far, which cannot change the first k. It must never be below what
 * the ranker returns for the same field scores.
 */
export type RankBound = (bestScore: number, meta: number, ask: number) => number;

/** DocTable.info flags: the document is a phrasing; the document is the article's card (ord 0). */
const PHRASING = 1;
const CARD = 2;

/** PostingList.runKey flags: the run holds the article's card; the run's article was removed. */
const RUN_CARD = 1;
const RUN_DEAD = 2;
/** A run's length is a Uint16: an article with more postings of one word than this gets more than one run. */
const RUN_MAX_LENGTH = 0xffff;

/**
 * Whether a document (its DocTable.info) starts a new run after one of `slot` that is `length`
 * long: another article's, or the article's card, so that a run holds its card only as its first
 * posting and a search reads the card's impact without looking for it (the card is an article's
 * first document, so this splits nothing in practice), or the run is full.
 */
function startsRun(info: number, slot: number, length: number): boolean {
  return info >>> 2 !== slot || (info & CARD) !== 0 || length === RUN_MAX_LENGTH;
}

/** BM25 parameters (the usual defaults). */
const K1 = 1.2;
const B = 0.75;
/** A word in more than this share of all documents (and more than SELECTIVE_MIN_DF of them) selects no candidates. */
const SELECTIVE_SHARE = 0.1;
const SELECTIVE_MIN_DF = 50;
/** The fold reorders the touched documents by id when more than 1 in DENSE_FOLD of all are touched. */
const DENSE_FOLD = 8;
/**
 * From this many articles the index keeps its postings' runs and, with a rank bound and fewer
 * than 1 in PRUNE_BELOW of the articles wanted, scores only the articles that can be among the
 * first k (topByBounds). Below it, scoring all of them is as fast (at 84 articles, faster).
 */
const BOUNDS_FROM_ARTICLES = 1000;
const PRUNE_BELOW = 8;

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
  /** slot × 4, plus PHRASING and CARD: what a search's fold needs of a document, in one read. */
  info = new Int32Array(1024);

  add(slot: number, ord: number, chunk: number, length: number): number {
    if (this.count === this.slot.length) this.grow();
    const d = this.count++;
    this.slot[d] = slot;
    this.ord[d] = ord;
    this.chunk[d] = chunk;
    this.length[d] = length;
    this.alive[d] = 1;
    this.info[d] = slot * 4 + (chunk < 0 ? PHRASING : ord === 0 ? CARD : 0);
    return d;
  }

  /** Room for `more` documents beyond those held, in one step (a full load knows how many). */
  reserve(more: number): void {
    while (this.slot.length < this.count + more) this.grow();
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
    this.info = copy(this.info, (n) => new Int32Array(n));
  }
}

/**
 * The documents holding one word, in the order they were added (so by document id), with the
 * word's count in each: two growable typed arrays. Walking them is the whole cost of a search.
 */
class PostingList {
  constructor(readonly id: number) {}
  docs = new Int32Array(4);
  tfs = new Uint16Array(4);
  n = 0;
  /** Postings of live documents: the word's document frequency in the field. */
  live = 0;
  /**
   * BM25's term-frequency part per document, f·(k1+1) / (f + k1·(1 − b + b·len/avgdl)), for the
   * field's average length when it was computed: a search multiplies it by the word's weight and
   * IDF and adds, one array read per posting.
   */
  impact = new Float32Array(0);

  push(doc: number, tf: number): void {
    if (this.n === this.docs.length) {
      const docs = new Int32Array(this.n * 2);
      docs.set(this.docs);
      this.docs = docs;
      const tfs = new Uint16Array(this.n * 2);
      tfs.set(this.tfs);
      this.tfs = tfs;
    }
    this.docs[this.n] = doc;
    this.tfs[this.n++] = tf;
  }

  /** Moves the postings into `docs`/`tfs` (at least `n` long; their room beyond is for more) and `impact`. */
  adopt(docs: Int32Array<ArrayBuffer>, tfs: Uint16Array<ArrayBuffer>, impact: Float32Array<ArrayBuffer>): void {
    docs.set(this.docs.subarray(0, this.n));
    tfs.set(this.tfs.subarray(0, this.n));
    this.docs = docs;
    this.tfs = tfs;
    this.impact = impact;
  }

  computeImpacts(docLength: Int32Array, avgdl: number): void {
    if (this.impact.length < this.n) this.impact = new Float32Array(this.docs.length);
    const norm = (K1 * B) / avgdl;
    const base = K1 * (1 - B);
    for (let i = 0; i < this.n; i++) {
      const f = this.tfs[i]!;
      this.impact[i] = (f * (K1 + 1)) / (f + base + norm * docLength[this.docs[i]!]!);
    }
  }

  /**
   * The postings grouped by article, what a search bounds an article's score with before scoring
   * it (an article's documents have consecutive ids, so its postings here are consecutive): per
   * run, its slot × 4 (+ RUN_CARD when its first posting is the article's card, + RUN_DEAD for a removed
   * article's postings not yet compacted away), how many postings, and the largest impact among
   * them other than the card's. Rebuilt with the impacts (computeRuns).
   */
  runs = 0;
  runKey = new Int32Array(0);
  runLength = new Uint16Array(0);
  runMax = new Float32Array(0);

  /** How many runs the postings make (see runKey). */
  countRuns(docInfo: Int32Array): number {
    const { docs, n } = this;
    let runs = 0;
    for (let i = 0, slot = -1, length = 0; i < n; i++) {
      const info = docInfo[docs[i]!]!;
      if (startsRun(info, slot, length)) {
        runs++;
        slot = info >>> 2;
        length = 0;
      }
      length++;
    }
    return runs;
  }

  /** Writes the runs into the arrays given (at least countRuns long; the field lays all its lists' runs out in one allocation). */
  computeRuns(docInfo: Int32Array, alive: Uint8Array, runKey: Int32Array<ArrayBuffer>, runLength: Uint16Array<ArrayBuffer>, runMax: Float32Array<ArrayBuffer>): void {
    const { docs, n, impact } = this;
    let r = -1;
    for (let i = 0, slot = -1, length = 0; i < n; i++) {
      const d = docs[i]!;
      const info = docInfo[d]!;
      if (startsRun(info, slot, length)) {
        r++;
        slot = info >>> 2;
        length = 0;
        runKey[r] = slot * 4 + (alive[d] === 1 ? 0 : RUN_DEAD) + ((info & CARD) !== 0 ? RUN_CARD : 0);
        runMax[r] = 0;
      }
      runLength[r] = ++length;
      if ((info & CARD) === 0 && impact[i]! > runMax[r]!) runMax[r] = impact[i]!;
    }
    this.runs = r + 1;
    this.runKey = runKey;
    this.runLength = runLength;
    this.runMax = runMax;
  }

  /** The first posting at or after document `doc` (n if none). */
  seek(doc: number): number {
    let lo = 0;
    let hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.docs[mid]! < doc) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Whether a document in [from, to] holds the word (ids are ascending: a binary search). */
  hasIn(from: number, to: number): boolean {
    const at = this.seek(from);
    return at < this.n && this.docs[at]! <= to;
  }

  /** Keeps only the documents `keep` accepts; returns how many are left. */
  filter(keep: (doc: number) => boolean): number {
    let w = 0;
    for (let r = 0; r < this.n; r++) {
      const d = this.docs[r]!;
      if (!keep(d)) continue;
      this.docs[w] = d;
      this.tfs[w++] = this.tfs[r]!;
    }
    this.n = w;
    return w;
  }
}

/**
 * One searchable field (quotable text chunks, or alternate phrasings): its postings and the
 * statistics BM25 needs (document count, total length; a word's document frequency is its
 * postings list's live count).
 */
class Field {
  docs = 0;
  length = 0;
  readonly postings = new Map<string, PostingList>();
  /** Every list by its id (a list dropped at compaction keeps its place, empty). */
  private readonly lists: PostingList[] = [];
  /** The ids of the lists each document is in: [from, to) in `pool`, by document id. */
  private spans = new Int32Array(0);
  private pool = new Int32Array(1024);
  private poolLength = 0;
  /** Every list's runs, back to back (computeRuns). */
  private runKey = new Int32Array(0);
  private runLength = new Uint16Array(0);
  private runMax = new Float32Array(0);
  /** The list of each vocabulary number met so far (a cache over `postings`; cleared when lists are dropped). */
  private byTermId: (PostingList | undefined)[] = [];

  df(term: string): number {
    return this.postings.get(term)?.live ?? 0;
  }

  get avgdl(): number {
    return this.docs > 0 ? this.length / this.docs : 1;
  }

  poolBytes(): number {
    return this.pool.byteLength + this.spans.byteLength;
  }

  /**
   * Adds document `id` (ids only grow): one map lookup per token. The document's posting is the
   * last one of its word's list while the document is being added, so its count goes up in place.
   */
  add(id: number, tokens: readonly string[]): number {
    this.docs += 1;
    this.length += tokens.length;
    if (this.spans.length < 2 * (id + 1)) this.spans = grown(this.spans, Math.max(2 * (id + 1), this.spans.length * 2));
    this.spans[2 * id] = this.poolLength;
    for (const t of tokens) {
      let list = this.postings.get(t);
      if (!list) {
        list = new PostingList(this.lists.length);
        this.lists.push(list);
        this.postings.set(t, list);
      }
      if (list.n > 0 && list.docs[list.n - 1] === id) list.tfs[list.n - 1]! += 1;
      else {
        list.push(id, 1);
        list.live += 1;
        if (this.poolLength === this.pool.length) this.pool = grown(this.pool, this.pool.length * 2);
        this.pool[this.poolLength++] = list.id;
      }
    }
    this.spans[2 * id + 1] = this.poolLength;
    return id;
  }

  /**
   * Makes room, in one allocation, for `counts[termId]` more postings of each vocabulary number
   * (and their impacts), and for `pairs` more list ids: a full load adds millions of postings,
   * and growing thousands of lists by doubling makes garbage the collector then spends seconds on.
   */
  reserve(counts: Int32Array, pairs: number, vocabulary: Vocabulary): void {
    let total = 0;
    for (let termId = 0; termId < counts.length; termId++) if (counts[termId]! > 0) total += counts[termId]! + (this.listOf(termId, vocabulary).n);
    const docs = new Int32Array(total);
    const tfs = new Uint16Array(total);
    const impact = new Float32Array(total);
    let at = 0;
    for (let termId = 0; termId < counts.length; termId++) {
      if (counts[termId]! === 0) continue;
      const list = this.listOf(termId, vocabulary);
      const size = list.n + counts[termId]!;
      list.adopt(docs.subarray(at, at + size), tfs.subarray(at, at + size), impact.subarray(at, at + size));
      at += size;
    }
    if (this.pool.length < this.poolLength + pairs) this.pool = grown(this.pool, this.poolLength + pairs);
  }

  /** The list of a vocabulary number, created (empty) if the field has none. */
  private listOf(termId: number, vocabulary: Vocabulary): PostingList {
    let list = this.byTermId[termId];
    if (list) return list;
    const term = vocabulary.term(termId);
    if (term === undefined) throw new Error(`search index: vocabulary number ${termId} not loaded`);
    list = this.postings.get(term);
    if (!list) {
      list = new PostingList(this.lists.length);
      this.lists.push(list);
      this.postings.set(term, list);
    }
    while (this.byTermId.length <= termId) this.byTermId.push(undefined);
    this.byTermId[termId] = list;
    return list;
  }

  /**
   * Adds document `id` from its stored postings: `n` distinct vocabulary numbers with their counts,
   * `length` tokens in all. The same lists, counts and statistics as `add` with the tokens.
   */
  addCoded(id: number, length: number, termIds: Int32Array, tfs: Int32Array, n: number, vocabulary: Vocabulary): number {
    this.docs += 1;
    this.length += length;
    if (this.spans.length < 2 * (id + 1)) this.spans = grown(this.spans, Math.max(2 * (id + 1), this.spans.length * 2));
    this.spans[2 * id] = this.poolLength;
    for (let i = 0; i < n; i++) {
      const termId = termIds[i]!;
      const list = this.byTermId[termId] ?? this.listOf(termId, vocabulary);
      list.push(id, tfs[i]!);
      list.live += 1;
      if (this.poolLength === this.pool.length) this.pool = grown(this.pool, this.pool.length * 2);
      this.pool[this.poolLength++] = list.id;
    }
    this.spans[2 * id + 1] = this.poolLength;
    return id;
  }

  /**
   * The runs of every list (PostingList.runKey), laid out in one allocation kept for the next
   * time (millions of runs in thousands of small arrays would make garbage the collector then
   * spends seconds on).
   */
  computeRuns(docInfo: Int32Array, alive: Uint8Array): void {
    let total = 0;
    const counts: number[] = [];
    for (const list of this.postings.values()) {
      const runs = list.countRuns(docInfo);
      counts.push(runs);
      total += runs;
    }
    if (this.runKey.length < total) {
      this.runKey = new Int32Array(total);
      this.runLength = new Uint16Array(total);
      this.runMax = new Float32Array(total);
    }
    let at = 0;
    let i = 0;
    for (const list of this.postings.values()) {
      const end = at + counts[i++]!;
      list.computeRuns(docInfo, alive, this.runKey.subarray(at, end), this.runLength.subarray(at, end), this.runMax.subarray(at, end));
      at = end;
    }
  }

  /** Takes a tombstoned document out of the statistics (its postings go at the next compaction). */
  forget(id: number, length: number): void {
    this.docs -= 1;
    this.length -= length;
    for (let i = this.spans[2 * id]!, end = this.spans[2 * id + 1]!; i < end; i++) this.lists[this.pool[i]!]!.live -= 1;
  }

  /** Drops postings of dead documents, and words left with none; packs the list ids of the live documents. */
  compact(alive: Uint8Array, count: number): void {
    for (const [t, list] of this.postings) if (list.filter((d) => alive[d] === 1) === 0) this.postings.delete(t);
    this.byTermId = [];
    let w = 0;
    for (let d = 0; d < count && 2 * d + 1 < this.spans.length; d++) {
      const from = this.spans[2 * d]!;
      const to = this.spans[2 * d + 1]!;
      this.spans[2 * d] = w;
      if (alive[d] === 1) {
        this.pool.copyWithin(w, from, to);
        w += to - from;
      }
      this.spans[2 * d + 1] = w;
    }
    this.poolLength = w;
  }
}

function grown(a: Int32Array<ArrayBuffer>, size: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(size);
  b.set(a);
  return b;
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
  private readonly docsOf: number[][] = [];
  /** Per-search scratch, sized to the documents and reset after use (a search allocates nothing per document). */
  private docScore = new Float64Array(0);
  private touched = new Int32Array(0);
  private scratch: SlotScratch = slotScratchFor(0);
  /** The average lengths the postings' impacts were computed for (NaN: not yet; any put or remove changes them). */
  private impactsFor = { text: Number.NaN, asks: Number.NaN };
  /** Whether the postings' runs are those of the index as it is (prepare builds them for large ones). */
  private runsBuilt = false;
  private readonly text = new Field();
  private readonly asks = new Field();
  private dead = 0;
  private readonly reader = new PostingsReader();

  /** `vocabulary`: what the term numbers of stored postings stand for (PublishedIndex keeps it filled). */
  constructor(private readonly vocabulary: Vocabulary = new Vocabulary()) {}

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
  put(article: ArticleToIndex): void {
    this.remove(article.id);
    this.impactsFor = { text: Number.NaN, asks: Number.NaN };
    this.runsBuilt = false;
    const slot = this.articles.length;
    this.articles.push({ ...article, chunks: article.chunks.map((c) => ({ ord: c.ord, kind: c.kind, heading: c.heading, text: c.text })) });
    this.slotOf.set(article.id, slot);
    const own: number[] = [];
    article.chunks.forEach((chunk, i) => {
      const field = chunk.kind === 'asks' ? this.asks : this.text;
      const at = chunk.kind === 'asks' ? -1 : i;
      if (chunk.postings) {
        const r = this.reader;
        r.reset(chunk.postings);
        while (r.next()) own.push(field.addCoded(this.docs.add(slot, chunk.ord, at, r.length), r.length, r.ids, r.tfs, r.n, this.vocabulary));
      } else {
        for (const doc of chunkDocuments(chunk.kind, chunk.tokens)) own.push(field.add(this.docs.add(slot, chunk.ord, at, doc.length), doc));
      }
    });
    this.docsOf[slot] = own;
  }

  /**
   * `put` for many articles at once (a process's first load): counts their stored postings first
   * and makes room for them all in one step, then puts them one by one. The same index as `put`
   * in a loop; only the memory is laid out at once. If their postings use vocabulary numbers the
   * vocabulary does not hold, it puts nothing and returns those numbers (read them, then call
   * again); otherwise it returns an empty list.
   */
  putAll(articles: readonly ArticleToIndex[]): number[] {
    const size = this.vocabulary.size;
    const counts = { text: new Int32Array(size), asks: new Int32Array(size) };
    const pairs = { text: 0, asks: 0 };
    let docs = 0;
    const unknown = new Set<number>();
    const vocabulary = this.vocabulary;
    const r = this.reader;
    for (const a of articles) {
      for (const chunk of a.chunks) {
        if (!chunk.postings) continue;
        const field = chunk.kind === 'asks' ? 'asks' : 'text';
        const c = counts[field];
        r.reset(chunk.postings);
        while (r.next()) {
          docs++;
          pairs[field] += r.n;
          for (let i = 0; i < r.n; i++) {
            const id = r.ids[i]!;
            if (id < size && vocabulary.has(id)) c[id]! += 1;
            else unknown.add(id);
          }
        }
      }
    }
    if (unknown.size > 0) return [...unknown];
    this.docs.reserve(docs);
    this.text.reserve(counts.text, pairs.text, this.vocabulary);
    this.asks.reserve(counts.asks, pairs.asks, this.vocabulary);
    for (const a of articles) this.put(a);
    return [];
  }

  remove(articleId: number): void {
    const slot = this.slotOf.get(articleId);
    if (slot === undefined) return;
    this.impactsFor = { text: Number.NaN, asks: Number.NaN };
    this.runsBuilt = false;
    for (const d of this.docsOf[slot] ?? []) {
      (this.docs.chunk[d]! < 0 ? this.asks : this.text).forget(d, this.docs.length[d]!);
      this.docs.alive[d] = 0;
    }
    this.dead += this.docsOf[slot]?.length ?? 0;
    this.docsOf[slot] = [];
    this.articles[slot] = null;
    this.slotOf.delete(articleId);
    if (this.dead > 1000 && this.dead * 4 > this.docs.count) this.compact();
  }

  /**
   * Scores every article sharing a term with the question and returns the `limit` best by
   * `rank`. Cost is the length of the question terms' postings; nothing is allocated per document.
   * With a `bound` and few wanted of many articles, only the articles that can be among the first
   * `limit` are scored (topByBounds); the results are the same to the last bit.
   */
  score(terms: readonly QueryTerm[], rank: ArticleRanker, limit: number, bound?: RankBound): ArticleScore[] {
    if (terms.length === 0 || this.slotOf.size === 0) return [];
    this.prepare();
    const docs = this.docs;
    if (this.docScore.length < docs.count) {
      this.docScore = new Float64Array(docs.slot.length);
      this.touched = new Int32Array(docs.slot.length);
    }
    // Only the rarer words make a document a candidate; a word in a tenth of the knowledge base (a
    // bigram like ファイル) adds to candidates' scores but drags nobody in. At 10,000 articles this
    // keeps the candidates, and all the work per candidate, to what the question is about. A
    // question of common words only lets them all select.
    const total = this.text.docs + this.asks.docs;
    const limitDf = Math.max(SELECTIVE_MIN_DF, total * SELECTIVE_SHARE);
    // The selective words first, then the common ones, each in the question's order.
    const selective: QueryTerm[] = [];
    const commonTerms: QueryTerm[] = [];
    for (const t of terms) {
      if (!this.text.postings.has(t.term) && !this.asks.postings.has(t.term)) continue;
      if (this.text.df(t.term) + this.asks.df(t.term) > limitDf) commonTerms.push(t);
      else selective.push(t);
    }
    const anySelective = selective.length > 0;
    // Coverage is worked out for the results only (see below); its denominator is every own word
    // some article has (a word no article has counts as if the question had not said it).
    const ownTerms: { term: string; idf: number }[] = [];
    let ownMass = 0;
    // The lists to read, in the order every document's score is summed: both ways of finding the
    // first k below add in this order, so a document's score is the same number to the last bit.
    const plan: PlannedList[] = [];
    for (const [i, t] of [...selective, ...commonTerms].entries()) {
      // One IDF over both fields: how rare a word is in the knowledge base does not depend on which
      // field holds it, and a field with few documents (a KB with few phrasings yet) would otherwise
      // call every word common. Length normalisation stays per field.
      const idf = idfOver(this.text, this.asks, t.term);
      if (t.own) {
        ownMass += idf;
        ownTerms.push({ term: t.term, idf });
      }
      const selects = !anySelective || i < selective.length;
      const w = t.weight * idf;
      const text = this.text.postings.get(t.term);
      if (text) plan.push({ list: text, w, selects, phrasing: false });
      const asks = this.asks.postings.get(t.term);
      if (asks) plan.push({ list: asks, w, selects, phrasing: true });
    }
    const { acc } = this.slotScratch();
    const articles = this.articles;
    const top = bound && this.runsBuilt && limit > 0 && limit * PRUNE_BELOW < this.slotOf.size ? this.topByBounds(plan, rank, limit, bound) : this.topByScoringAll(plan, rank, limit, bound);
    const results = top.map(({ slot, rank: r }) => {
      const article = articles[slot]!;
      const bestDoc = acc[slot * 4 + 3]!;
      // Found by a phrasing only: quote the card.
      const at = bestDoc >= 0 ? docs.chunk[bestDoc]! : article.chunks.findIndex((c) => c.kind === 'text');
      const chunk = article.chunks[at] ?? article.chunks[0]!;
      return {
        article,
        bestScore: Math.max(acc[slot * 4]!, 0),
        best: { ord: chunk.ord, heading: chunk.heading, text: chunk.text },
        meta: acc[slot * 4 + 1]!,
        ask: acc[slot * 4 + 2]!,
        coverage: ownMass > 0 ? this.coveredMass(slot, ownTerms) / ownMass : 0,
        rank: r,
      };
    });
    this.resetScratch();
    return results;
  }

  /**
   * Scores every document a selecting word reaches, folds them into their articles and ranks
   * those: the `limit` best (with `bound`, only articles whose bound reaches the k-th best so far
   * are ranked). What a search does when it wants most of the articles (hybrid search) or the
   * knowledge base is small.
   */
  private topByScoringAll(plan: readonly PlannedList[], rank: ArticleRanker, limit: number, bound?: RankBound): RankedSlot[] {
    const docs = this.docs;
    const { alive } = docs;
    const docScore = this.docScore;
    // A typed list with a count: pushing a hundred thousand numbers onto an array costs more than the scoring.
    const touched = this.touched;
    let touchedCount = 0;
    for (const { list, w, selects } of plan) {
      const { docs: ids, impact, n } = list;
      if (!selects) {
        // A common word only adds to documents already scored: the loop without the bookkeeping.
        for (let i = 0; i < n; i++) {
          const d = ids[i]!;
          const before = docScore[d]!;
          if (before !== 0) docScore[d] = before + w * impact[i]!;
        }
        continue;
      }
      for (let i = 0; i < n; i++) {
        const d = ids[i]!;
        const before = docScore[d]!;
        if (before === 0) {
          // Dead documents never start a score, so they never hold one.
          if (alive[d] === 0) continue;
          touched[touchedCount++] = d;
        }
        docScore[d] = before + w * impact[i]!;
      }
    }
    if (touchedCount * DENSE_FOLD > docs.count) {
      // Many touched (at 10,000 articles a question touches ~60,000 of ~210,000 documents): list
      // them again in id order by one sequential pass over the scores, so the fold below reads
      // the documents' info and each article's four numbers in memory order rather than jumping
      // about (an article's documents have consecutive ids). The same documents and sums.
      let w = 0;
      for (let d = 0, n = docs.count; d < n; d++) if (docScore[d] !== 0) touched[w++] = d;
    }
    for (let i = 0; i < touchedCount; i++) this.fold(touched[i]!);
    // Only the `limit` best by `rank` become results (at 10,000 articles thousands are touched):
    // ranks in a typed array, the first `limit` kept by insertion (rank, then slug).
    const { acc, folded, foldedCount, ranks } = this.scratch;
    const articles = this.articles;
    if (bound && limit > 0 && limit * 8 < foldedCount) {
      // Few wanted of many: an article whose bound is below the k-th best rank so far cannot
      // make the first k, so the ranker (and the article object, a cache miss each at 10,000
      // articles) is skipped for most of them. The same first k as ranking them all.
      const top: RankedSlot[] = [];
      for (let i = 0; i < foldedCount; i++) {
        const slot = folded[i]!;
        const b = Math.max(acc[slot * 4]!, 0);
        const meta = acc[slot * 4 + 1]!;
        const ask = acc[slot * 4 + 2]!;
        if (top.length === limit && bound(b, meta, ask) < top[limit - 1]!.rank) continue;
        this.insertRanked(top, limit, slot, rank(articles[slot]!, b, meta, ask));
      }
      return top;
    }
    for (let i = 0; i < foldedCount; i++) {
      const slot = folded[i]!;
      ranks[i] = rank(articles[slot]!, Math.max(acc[slot * 4]!, 0), acc[slot * 4 + 1]!, acc[slot * 4 + 2]!);
    }
    return topSlots(folded, ranks, foldedCount, limit, (a, b) => this.bySlug(a, b));
  }

  /**
   * The `limit` best articles, scoring only those that can be among them. Scoring every document
   * a selecting word reaches (topByScoringAll) walks ~144,000 postings at 10,000 articles and
   * folds ~60,000 documents into ~9,300 articles, for 8 results. Here:
   *
   * 1. Every article a selecting word reaches gets upper bounds of its field scores from the lists'
   *    runs (boundArticles): one step per (list, article) instead of one per posting, and no fold.
   * 2. A k-th best rank to beat, from the cards (k articles ranked at least that high; see
   *    cardThreshold).
   * 3. The articles whose bounded rank reaches it are scored exactly in one more walk over the runs
   *    (at 10,000 articles ~300 of ~9,300, mostly the copies of the best article), each document
   *    summed over the same lists in the same order as topByScoringAll and folded in id order,
   *    as it folds when many documents are touched.
   *
   * Every article left out has a bound below k articles' ranks, so it cannot be among the first
   * k; the first k, their scores and their quotes are the same to the last bit.
   */
  private topByBounds(plan: readonly PlannedList[], rank: ArticleRanker, limit: number, bound: RankBound): RankedSlot[] {
    const count = this.boundArticles(plan);
    const { bounded, bounds, chosen, chosenSlots, acc } = this.scratch;
    const articles = this.articles;
    const threshold = this.cardThreshold(count, rank, limit);
    let chosenCount = 0;
    for (let i = 0; i < count; i++) {
      const slot = bounded[i]!;
      const card = bounds[slot * 3]!;
      const best = Math.max(bounds[slot * 3 + 1]!, card * 0.8);
      const ask = bounds[slot * 3 + 2]!;
      // The bound first (no article read), then the article's own factors (language, topics).
      if (bound(best, card, ask) * ROUNDING_MARGIN < threshold) continue;
      if (rank(articles[slot]!, best, card, ask) * ROUNDING_MARGIN < threshold) continue;
      chosen[slot] = 1;
      chosenSlots[chosenCount++] = slot;
    }
    if (chosenCount > 0) this.scoreChosen(plan);
    const top: RankedSlot[] = [];
    const docScore = this.docScore;
    for (let i = 0; i < chosenCount; i++) {
      const slot = chosenSlots[i]!;
      chosen[slot] = 0;
      const own = this.docsOf[slot]!;
      for (let d = own[0]!, to = own[own.length - 1]!; d <= to; d++) if (docScore[d] !== 0) this.fold(d);
      this.insertRanked(top, limit, slot, rank(articles[slot]!, Math.max(acc[slot * 4]!, 0), acc[slot * 4 + 1]!, acc[slot * 4 + 2]!));
    }
    return top;
  }

  /**
   * A rank at most the `limit`-th best, from the `limit` best cards (-Infinity if fewer cards were
   * reached). An article whose card a selecting word reached holds its card's exact score in its
   * card bound (the same products summed in the same order as the card's own score), and ranking
   * it on its card alone (its best quote at least the card's 0.8, no phrasing) cannot rank it
   * above its rank: so `limit` articles rank at least the lowest of these.
   */
  private cardThreshold(count: number, rank: ArticleRanker, limit: number): number {
    const { bounded, bounds, ranks, reached } = this.scratch;
    for (let i = 0; i < count; i++) {
      const slot = bounded[i]!;
      ranks[i] = (reached[slot]! & REACHED_CARD) !== 0 ? bounds[slot * 3]! : 0;
    }
    const cards = highest(ranks, count, limit);
    if (cards.length < limit || ranks[cards[limit - 1]!] === 0) return Number.NEGATIVE_INFINITY;
    let threshold = Number.POSITIVE_INFINITY;
    for (const i of cards) {
      const slot = bounded[i]!;
      const card = bounds[slot * 3]!;
      threshold = Math.min(threshold, rank(this.articles[slot]!, card * 0.8, card, 0));
    }
    return threshold;
  }

  /**
   * Upper bounds of the field scores of every article a selecting list reaches, into
   * `scratch.bounds` (card, best other text document, best phrasing: for each list, its weight ×
   * the largest impact among the article's documents in that field, summed; the card's exact
   * impact); lists those articles in `scratch.bounded` and returns how many.
   */
  private boundArticles(plan: readonly PlannedList[]): number {
    const sc = this.scratch;
    const { bounds, bounded, reached } = sc;
    let count = 0;
    for (const { list, w, selects, phrasing } of plan) {
      const { runs, runKey, runLength, runMax, impact } = list;
      let start = 0;
      for (let r = 0; r < runs; r++) {
        const key = runKey[r]!;
        const at = start;
        start += runLength[r]!;
        if ((key & RUN_DEAD) !== 0) continue;
        const slot = key >>> 2;
        if (reached[slot] === 0) {
          // The selecting lists come first in the plan, so an article a common word meets here
          // for the first time is never a result: nothing to bound.
          if (!selects) continue;
          reached[slot] = REACHED;
          bounded[count++] = slot;
        }
        if (phrasing) {
          bounds[slot * 3 + 2]! += w * runMax[r]!;
          continue;
        }
        bounds[slot * 3 + 1]! += w * runMax[r]!;
        // A run's card is its first posting (computeRuns).
        if ((key & RUN_CARD) !== 0) {
          bounds[slot * 3]! += w * impact[at]!;
          if (selects) reached[slot]! |= REACHED_CARD;
        }
      }
    }
    sc.boundedCount = count;
    return count;
  }

  /**
   * Scores the documents of the articles marked in `scratch.chosen` exactly, in one walk over the
   * lists' runs in plan order: each document's score is the sum topByScoringAll makes.
   */
  private scoreChosen(plan: readonly PlannedList[]): void {
    const { chosen } = this.scratch;
    const docScore = this.docScore;
    for (const { list, w, selects } of plan) {
      const { runs, runKey, runLength, docs: ids, impact } = list;
      let start = 0;
      for (let r = 0; r < runs; r++) {
        const at = start;
        start += runLength[r]!;
        // A removed article's slot is never chosen.
        if (chosen[runKey[r]! >>> 2] === 0) continue;
        for (let i = at; i < start; i++) {
          const d = ids[i]!;
          const before = docScore[d]!;
          // As in the full walk: a common word only adds to a document a selecting word reached.
          if (before !== 0 || selects) docScore[d] = before + w * impact[i]!;
        }
      }
    }
  }

  /**
   * Adds document `d`'s score to its article's field scores (best quote, card, best phrasing)
   * and clears it; the article joins `scratch.folded` with its first document.
   */
  private fold(d: number): void {
    const sc = this.scratch;
    const acc = sc.acc;
    const info = this.docs.info[d]!;
    const at = (info >>> 2) * 4;
    const s = this.docScore[d]!;
    this.docScore[d] = 0;
    // Untouched: no quote (-1) and no phrasing score (0); every score is above zero.
    if (acc[at] === -1 && acc[at + 2] === 0) sc.folded[sc.foldedCount++] = info >>> 2;
    if ((info & PHRASING) !== 0) {
      if (s > acc[at + 2]!) acc[at + 2] = s;
      return;
    }
    const card = (info & CARD) !== 0;
    if (card) acc[at + 1] = s;
    const quote = card ? s * 0.8 : s;
    if (quote > acc[at]!) {
      acc[at] = quote;
      acc[at + 3] = d;
    }
  }

  /** Puts `slot` into `top` (at most `limit` long, best first: rank, then slug) if it belongs there. */
  private insertRanked(top: RankedSlot[], limit: number, slot: number, r: number): void {
    if (top.length === limit && !this.ranksBefore(slot, r, top[limit - 1]!)) return;
    let at = top.length < limit ? top.length : limit - 1;
    while (at > 0 && this.ranksBefore(slot, r, top[at - 1]!)) {
      top[at] = top[at - 1]!;
      at--;
    }
    top[at] = { slot, rank: r };
  }

  private ranksBefore(slot: number, r: number, other: RankedSlot): boolean {
    return r !== other.rank ? r > other.rank : this.bySlug(slot, other.slot) < 0;
  }

  private bySlug(a: number, b: number): number {
    return this.articles[a]!.slug.localeCompare(this.articles[b]!.slug);
  }

  /** Per-article scratch for score(), as long as the slots (kept between searches, in its reset state). */
  private slotScratch(): SlotScratch {
    const n = this.articles.length;
    if (this.scratch.reached.length < n) this.scratch = slotScratchFor(Math.max(n, this.scratch.reached.length * 2, 64));
    return this.scratch;
  }

  /** Puts the scratch of the slots a search used back in its reset state. */
  private resetScratch(): void {
    const sc = this.scratch;
    const { acc, folded, bounds, bounded, reached } = sc;
    for (let i = 0; i < sc.foldedCount; i++) {
      const at = folded[i]! * 4;
      acc[at] = -1;
      acc[at + 1] = 0;
      acc[at + 2] = 0;
      acc[at + 3] = -1;
    }
    for (let i = 0; i < sc.boundedCount; i++) {
      const slot = bounded[i]!;
      bounds[slot * 3] = 0;
      bounds[slot * 3 + 1] = 0;
      bounds[slot * 3 + 2] = 0;
      reached[slot] = 0;
    }
    sc.foldedCount = 0;
    sc.boundedCount = 0;
  }

  /** IDF mass of `terms` the article holds in any of its documents (one article's documents have consecutive ids). */
  private coveredMass(slot: number, terms: readonly { term: string; idf: number }[]): number {
    const own = this.docsOf[slot] ?? [];
    if (own.length === 0) return 0;
    const from = own[0]!;
    const to = own[own.length - 1]!;
    let mass = 0;
    for (const t of terms) {
      if (this.text.postings.get(t.term)?.hasIn(from, to) || this.asks.postings.get(t.term)?.hasIn(from, to)) mass += t.idf;
    }
    return mass;
  }

  /**
   * Recomputes the postings' impacts if articles came or went since they were computed. A search
   * does it when needed; the loader calls it after a load so the first question does not pay.
   */
  prepare(): void {
    for (const [field, stats] of [
      ['text', this.text],
      ['asks', this.asks],
    ] as const) {
      const postings = stats.postings;
      if (this.impactsFor[field] === stats.avgdl) continue;
      // Any put or remove gets here for both fields (it clears impactsFor), so the runs are current whenever runsBuilt says so.
      const withRuns = this.slotOf.size >= BOUNDS_FROM_ARTICLES;
      for (const list of postings.values()) list.computeImpacts(this.docs.length, stats.avgdl);
      if (withRuns) stats.computeRuns(this.docs.info, this.docs.alive);
      this.impactsFor[field] = stats.avgdl;
      this.runsBuilt = withRuns;
    }
  }

  /** Rough resident size of the index (strings and postings), for the bench's memory line. */
  approximateBytes(): number {
    let bytes = 0;
    // Postings: doc ids, counts and impacts (4 + 2 + 4 bytes each) and the list's own overhead.
    // Runs: key, length and largest impact (4 + 2 + 4 bytes each).
    for (const p of [this.text.postings, this.asks.postings]) for (const [t, list] of p) bytes += t.length * 2 + 200 + list.docs.length * 10 + list.runKey.length * 10;
    for (const a of this.articles) if (a) for (const c of a.chunks) bytes += (c.text.length + c.heading.length) * 2 + 100;
    return bytes + this.docs.slot.length * 17 + this.text.poolBytes() + this.asks.poolBytes();
  }

  /** Drops tombstoned documents from the postings (document ids are kept; only the lists shrink). */
  private compact(): void {
    this.text.compact(this.docs.alive, this.docs.count);
    this.asks.compact(this.docs.alive, this.docs.count);
    this.dead = 0;
  }
}

/** BM25's IDF with the documents of both fields counted together. */
function idfOver(a: Field, b: Field, term: string): number {
  const n = a.docs + b.docs;
  const d = a.df(term) + b.df(term);
  return Math.log(1 + (n - d + 0.5) / (d + 0.5));
}

/** Per-article scratch arrays of one search, each in its reset state between searches. */
interface SlotScratch {
  /** Per slot, at 4 × slot: best quote (-1: none), card score, best phrasing score, the best quote's document (-1: none). */
  acc: Float64Array;
  /** The slots whose `acc` a search wrote, in the order it first did. */
  folded: Int32Array;
  foldedCount: number;
  /** Per slot, at 3 × slot: upper bounds of its card's, its best other text document's and its best phrasing's scores (0: none). */
  bounds: Float64Array;
  /** Per slot: 1 while it is chosen to be scored (topByBounds); and those slots. */
  chosen: Uint8Array;
  chosenSlots: Int32Array;
  /** Per slot: 1 once a selecting list reached it (its bounds are being summed). */
  reached: Uint8Array;
  /** The slots whose `bounds` a search wrote. */
  bounded: Int32Array;
  boundedCount: number;
  /** A rank or a bounded rank per slot listed in `folded` or `bounded`. */
  ranks: Float64Array;
}

function slotScratchFor(slots: number): SlotScratch {
  const acc = new Float64Array(slots * 4);
  for (let i = 0; i < acc.length; i += 4) {
    acc[i] = -1;
    acc[i + 3] = -1;
  }
  return {
    acc,
    folded: new Int32Array(slots),
    foldedCount: 0,
    bounds: new Float64Array(slots * 3),
    reached: new Uint8Array(slots),
    chosen: new Uint8Array(slots),
    chosenSlots: new Int32Array(slots),
    bounded: new Int32Array(slots),
    boundedCount: 0,
    ranks: new Float64Array(slots),
  };
}

/** SlotScratch.reached: a selecting list reached the article; one reached its card. */
const REACHED = 1;
const REACHED_CARD = 2;

/** One postings list a question reads: what it adds per impact (the word's weight × IDF), whether it reaches new documents, its field. */
interface PlannedList {
  list: PostingList;
  w: number;
  selects: boolean;
  phrasing: boolean;
}

interface RankedSlot {
  slot: number;
  rank: number;
}

/**
 * Field-score bounds are summed over the same lists in the same order as the documents' own
 * scores, from terms at least as large, and rounding is monotone, so they bound to the last bit;
 * this margin (far above any rounding, far below any gap that matters) keeps them bounds should
 * that order ever change.
 */
const ROUNDING_MARGIN = 1 + 1e-9;

/** The indices of the `k` highest of the first `n` values (ties: the earlier). */
function highest(values: Float64Array, n: number, k: number): number[] {
  const best: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (best.length === k && v <= values[best[k - 1]!]!) continue;
    let at = best.length < k ? best.length : k - 1;
    while (at > 0 && v > values[best[at - 1]!]!) {
      best[at] = best[at - 1]!;
      at--;
    }
    best[at] = i;
  }
  return best;
}

/**
 * The `k` best of `n` slots by rank (higher first), equal ranks by `tie` (slug order): a
 * bounded insertion into a short list, touching no object for the slots that do not make it.
 */
function topSlots(slots: Int32Array, ranks: Float64Array, n: number, k: number, tie: (a: number, b: number) => number): { slot: number; rank: number }[] {
  const top: { slot: number; rank: number }[] = [];
  if (k <= 0) return top;
  if (k * 8 >= n) {
    // Most of them are wanted (hybrid search takes all): one sort.
    for (let i = 0; i < n; i++) top.push({ slot: slots[i]!, rank: ranks[i]! });
    return top.sort((a, b) => b.rank - a.rank || tie(a.slot, b.slot)).slice(0, k);
  }
  const before = (slot: number, r: number, other: { slot: number; rank: number }) => (r !== other.rank ? r > other.rank : tie(slot, other.slot) < 0);
  for (let i = 0; i < n; i++) {
    const slot = slots[i]!;
    const r = ranks[i]!;
    if (top.length === k && !before(slot, r, top[k - 1]!)) continue;
    let at = top.length < k ? top.length : k - 1;
    while (at > 0 && before(slot, r, top[at - 1]!)) {
      top[at] = top[at - 1]!;
      at--;
    }
    top[at] = { slot, rank: r };
  }
  return top;
}
