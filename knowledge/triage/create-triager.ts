import type { Logger } from '../../bot/logger.js';
import type { TextAnalyzer } from '../search/analyzer.js';
import type { CorpusLine } from './corpus-schema.js';
import { readCorpus } from './corpus-files.js';
import { SituationModel } from './learned/situation-model.js';
import { Triager, type TriageThresholds } from './triager.js';

export interface CreateTriagerOptions {
  /** Labelled lines to learn from (default: the bundled corpus). */
  corpus?: readonly CorpusLine[];
  thresholds?: Partial<TriageThresholds>;
  logger?: Logger;
}

/**
 * Trains the recognisers from the corpus (deterministic, about a second) and returns the
 * triager the planners use. Training at start instead of loading committed weights keeps
 * one source of truth: the corpus in git is the model.
 */
export function createTriager(analyzer: TextAnalyzer, options: CreateTriagerOptions = {}): Triager {
  const started = performance.now();
  const corpus = options.corpus ?? readCorpus();
  const model = SituationModel.train(analyzer, corpus);
  options.logger?.info(
    { messages: corpus.length, features: model.featureCount, ms: Math.round(performance.now() - started) },
    'triage recognisers trained',
  );
  return new Triager(model, options.thresholds);
}
