import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TextAnalyzer } from '../../search/analyzer.js';
import type { CorpusLine } from '../corpus-schema.js';
import { triageByRules } from '../index.js';
import { reportsPossibleEvent } from '../possibility.js';
import type { TriageResult } from '../types.js';
import { SituationModel, type SituationModelOptions, type SituationReading } from './situation-model.js';

/** One corpus line as read by recognisers that never saw its writer, beside the rules' reading. */
export interface HeldOutReading {
  line: CorpusLine;
  rules: TriageResult;
  reading: SituationReading;
  /** The latest message reports something that possibly already happened (possibility.ts). */
  possible: boolean;
}

export interface HeldOutOptions {
  training?: SituationModelOptions;
  /** Where readings are kept between runs (default: the OS temp folder); false: never cached. */
  cacheDir?: string | false;
  /** Digest of the corpus (corpusDigest), part of the cache key. */
  corpusDigest: string;
  /** Called after each writer's fold. */
  onWriter?: (writer: string, done: number, of: number) => void;
}

/**
 * Leave-one-writer-out readings of a whole corpus: for each writer, the recognisers trained on
 * every other writer read that writer's messages. These are what the decision layer learns from
 * (readings as they look on text the recognisers never saw, not the over-sure readings of their
 * own training data) and what the cross-validation scores.
 *
 * Training one fold takes tens of seconds, so the readings are cached under a key made of the
 * corpus, the training options and the source of everything that shapes a reading.
 */
export function heldOutReadings(analyzer: TextAnalyzer, corpus: readonly CorpusLine[], options: HeldOutOptions): HeldOutReading[] {
  // Defaults written out, in a fixed order, so equal options give an equal cache key.
  const { epochs = 6, l2 = 1e-5, learningRate = 0.5, minCount = 2 } = options.training ?? {};
  const training = { epochs, l2, learningRate, minCount };
  const key = createHash('sha256').update(JSON.stringify([options.corpusDigest, training, readingSourceDigest()])).digest('hex').slice(0, 16);
  const cacheFile = options.cacheDir === false ? undefined : path.join(options.cacheDir ?? os.tmpdir(), `otasuke-tune-${key}.json`);
  if (cacheFile && fs.existsSync(cacheFile)) return JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as HeldOutReading[];
  const held: HeldOutReading[] = [];
  const writers = [...new Set(corpus.map((l) => l.writer))].sort();
  writers.forEach((writer, i) => {
    const model = SituationModel.train(analyzer, corpus.filter((l) => l.writer !== writer), training);
    for (const line of corpus.filter((l) => l.writer === writer)) {
      held.push({ possible: reportsPossibleEvent(line.text), line, rules: triageByRules({ text: line.text, history: line.history }), reading: model.read(line.text, line.history) });
    }
    options.onWriter?.(writer, i + 1, writers.length);
  });
  if (cacheFile) fs.writeFileSync(cacheFile, JSON.stringify(held));
  return held;
}

/**
 * Combining the readings (triager.ts, the policy, the decision layer) does not change a reading, so
 * those files are left out: a threshold or decision change keeps the cache. So are the labels of
 * the findings (signal-labels.ts, situation-labels.ts): their wording, not whether a rule finds.
 */
const COMBINE_ONLY = new Set(['triager.ts', 'severity-policy.ts', 'create-triager.ts', 'decision-model.ts', 'decision-features.ts', 'decision-file.ts', 'held-out-readings.ts', 'situation-labels.ts', 'signal-labels.ts']);

/** Digest of the code a reading comes from (features, rules, recognisers, the analyser). */
export function readingSourceDigest(): string {
  const hash = createHash('sha256');
  const triage = path.resolve(__dirname, '..');
  const files = (fs.readdirSync(triage, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.ts') && !COMBINE_ONLY.has(path.basename(f)))
    .sort()
    .map((f) => path.join(triage, f));
  for (const file of [...files, path.resolve(triage, '..', 'search', 'analyzer.ts')]) hash.update(file).update(fs.readFileSync(file));
  return hash.digest('hex');
}
