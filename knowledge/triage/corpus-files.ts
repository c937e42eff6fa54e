import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CorpusInvalidError } from '../errors.js';
import { parseCorpus, type CorpusLine } from './corpus-schema.js';

/** The bundled corpus: one `<writer>.jsonl` per independent writer. */
export const BUNDLED_CORPUS_DIR = path.resolve(__dirname, 'corpus');

/**
 * Every labelled line under `dir`, files in name order. A malformed line stops the load:
 * a model trained on half a corpus would quietly triage worse.
 */
export function readCorpus(dir: string = BUNDLED_CORPUS_DIR): CorpusLine[] {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort();
  const lines: CorpusLine[] = [];
  const problems: string[] = [];
  for (const file of files) {
    const parsed = parseCorpus(fs.readFileSync(path.join(dir, file), 'utf8'), file);
    lines.push(...parsed.lines);
    problems.push(...parsed.errors);
  }
  if (problems.length > 0) throw new CorpusInvalidError(problems);
  return lines;
}

/**
 * A digest of every corpus file (name and bytes): the stored model records the digest of
 * the corpus it was trained from, so a changed corpus is noticed at start and in the tests.
 */
export function corpusDigest(dir: string = BUNDLED_CORPUS_DIR): string {
  const hash = createHash('sha256');
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort()) {
    hash.update(file).update('\0').update(fs.readFileSync(path.join(dir, file))).update('\0');
  }
  return hash.digest('hex');
}
