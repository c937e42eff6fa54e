import type { Deadline } from './deadline.js';
import { Redactor, type NameSpans } from './redaction.js';

/** Options of one query embedding. */
export interface EmbedOptions {
  /** The question's deadline: the request gets what it leaves, and is not sent when too little is left. */
  deadline?: Deadline;
}

/**
 * The port search uses for embeddings. It knows no SDK, so the offline build
 * never loads one; `OpenAIEmbedder` implements it over LangChain.
 */
export interface Embedder {
  /** Names the vector space; rows embedded by another model are ignored, then re-embedded. */
  readonly model: string;
  embedQuery(text: string, options?: EmbedOptions): Promise<number[]>;
  /** One call for many texts (the implementation batches). Same order as `texts`. */
  embedDocuments(texts: string[]): Promise<number[][]>;
}

/**
 * Scales a vector to length 1. Stored and query vectors are both unit length,
 * so cosine similarity is their dot product (computed in SQL, see SearchService).
 */
export function unitVector(v: readonly number[]): number[] {
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm);
  if (!Number.isFinite(norm) || norm === 0) throw new RangeError('embedding has no direction (zero or non-finite vector)');
  return v.map((x) => x / norm);
}

/** Where directory display names come from (may throw; then nothing is sent). */
export type KnownNames = () => Promise<string[]>;

/** How many recent query vectors to remember: the planner may search twice for one question. */
const QUERY_CACHE = 32;

/**
 * Redacts every text before it leaves for the embeddings API, exactly like the
 * chat path, so a question's e-mail or a colleague's name never reaches it.
 * Placeholders barely move a vector; a leaked My Number cannot be taken back.
 */
export class RedactingEmbedder implements Embedder {
  private readonly recent = new Map<string, number[]>();

  constructor(
    private readonly inner: Embedder,
    private readonly knownNames: KnownNames = async () => [],
    /** The name finder (name-finder.ts) for questions; may throw: then nothing is sent. */
    private readonly nameFinder?: () => Promise<NameSpans>,
  ) {}

  get model(): string {
    return this.inner.model;
  }

  async embedQuery(text: string, options: EmbedOptions = {}): Promise<number[]> {
    const [known, names] = await Promise.all([this.knownNames(), this.nameFinder?.()]);
    const redacted = new Redactor(known, { names }).redact(text);
    // A vector already fetched costs no request, whatever the deadline.
    const cached = this.recent.get(redacted);
    if (cached) return cached;
    const vector = await this.inner.embedQuery(redacted, options);
    this.recent.set(redacted, vector);
    if (this.recent.size > QUERY_CACHE) this.recent.delete(this.recent.keys().next().value as string);
    return vector;
  }

  /**
   * Documents are curated articles, not anyone's message, so only the patterns
   * apply (a sample phone number in an article costs nothing hidden). Not the
   * directory names: this runs inside the publishing transaction, and on PGlite
   * a second query from there would wait for that transaction forever.
   */
  async embedDocuments(texts: string[]): Promise<number[][]> {
    const redactor = new Redactor();
    return this.inner.embedDocuments(texts.map((t) => redactor.redact(t)));
  }
}
