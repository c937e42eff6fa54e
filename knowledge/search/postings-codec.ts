import { ANALYZER_VERSION } from './analyzer.js';

/**
 * The analysed form of one stored chunk, as the in-memory index consumes it: for each searchable
 * document of the chunk (a text chunk is one; an `asks` chunk is one per phrasing), its length in
 * tokens and, once per distinct term, the term's number in `search_vocabulary` and its count.
 * Written with the chunk's tokens in the publishing transaction (SearchIndexer), so it always says
 * exactly what the tokens say; a process start decodes it instead of splitting and looking up
 * millions of token strings.
 *
 * Layout: documents one after another, each `length, n, (term id, count) × n`, every number an
 * unsigned LEB128 varint. No header: the version lives beside it (`postings_version`).
 */
const FORMAT = 1;

/**
 * What `article_chunks.postings_version` holds for postings this code wrote and can read: the
 * analyser's version (the tokens the postings were counted from) and the layout's. Any other value
 * (or NULL) makes the loader read the row's tokens instead.
 */
export const POSTINGS_VERSION = ANALYZER_VERSION * 100 + FORMAT;

/** Between two phrasings in an `asks` chunk's tokens (the analyser never yields it): each phrasing is searched on its own. */
export const ASK_BREAK = '|';

/** The searchable documents of a chunk's tokens: one for a text chunk, one per non-empty phrasing for `asks`. */
export function chunkDocuments(kind: 'text' | 'asks', tokens: readonly string[]): string[][] {
  if (kind !== 'asks') return [[...tokens]];
  const out: string[][] = [[]];
  for (const t of tokens) {
    if (t === ASK_BREAK) out.push([]);
    else out[out.length - 1]!.push(t);
  }
  return out.filter((p) => p.length > 0);
}

/** Encodes a chunk's documents; `idOf` must know every token. */
export function encodePostings(kind: 'text' | 'asks', tokens: readonly string[], idOf: ReadonlyMap<string, number>): Uint8Array {
  const out: number[] = [];
  const varint = (v: number) => {
    if (!Number.isInteger(v) || v < 0 || v >= 2 ** 28) throw new Error('postings: number out of range');
    while (v >= 0x80) {
      out.push((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    out.push(v);
  };
  for (const doc of chunkDocuments(kind, tokens)) {
    // Distinct terms in order of first appearance, with their counts.
    const counts = new Map<string, number>();
    for (const t of doc) counts.set(t, (counts.get(t) ?? 0) + 1);
    varint(doc.length);
    varint(counts.size);
    for (const [t, n] of counts) {
      const id = idOf.get(t);
      if (id === undefined) throw new Error(`postings: no vocabulary id for a term`);
      varint(id);
      varint(n);
    }
  }
  return Uint8Array.from(out);
}

/** One decoded document: its length and `n` (term id, count) pairs in the reader's arrays. */
export class PostingsReader {
  /** Term ids and counts of the document last read (valid up to `n`). */
  ids = new Int32Array(256);
  tfs = new Int32Array(256);
  n = 0;
  length = 0;
  private bytes: Uint8Array = new Uint8Array(0);
  private at = 0;

  reset(bytes: Uint8Array): void {
    this.bytes = bytes;
    this.at = 0;
  }

  /** Reads the next document; false at the end. Throws on a truncated or malformed buffer. */
  next(): boolean {
    if (this.at >= this.bytes.length) return false;
    this.length = this.read();
    const n = this.read();
    if (n > this.ids.length) {
      this.ids = new Int32Array(Math.max(n, this.ids.length * 2));
      this.tfs = new Int32Array(this.ids.length);
    }
    const ids = this.ids;
    const tfs = this.tfs;
    for (let i = 0; i < n; i++) {
      ids[i] = this.read();
      tfs[i] = this.read();
    }
    this.n = n;
    return true;
  }

  /** One number (below 2^28, so at most four bytes: plain integer shifts). */
  private read(): number {
    const bytes = this.bytes;
    let at = this.at;
    let b = bytes[at++]!;
    let v = b & 0x7f;
    let shift = 7;
    while (b >= 0x80) {
      if (at >= bytes.length || shift > 21) throw new Error('postings: truncated or malformed');
      b = bytes[at++]!;
      v |= (b & 0x7f) << shift;
      shift += 7;
    }
    if (at > bytes.length) throw new Error('postings: truncated');
    this.at = at;
    return v;
  }

  /** Every term id in the buffer (to fetch the vocabulary entries a process does not know yet). */
  termIds(bytes: Uint8Array, into: Set<number>): void {
    this.reset(bytes);
    while (this.next()) for (let i = 0; i < this.n; i++) into.add(this.ids[i]!);
  }

}
