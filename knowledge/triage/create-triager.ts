import type { Logger } from '../../core/logger.js';
import { CorpusInvalidError } from '../errors.js';
import type { TextAnalyzer } from '../search/analyzer.js';
import type { CorpusLine } from './corpus-schema.js';
import { corpusDigest, readCorpus } from './corpus-files.js';
import { readStoredDecision } from './decision-file.js';
import { DECISION_FORMAT, DecisionModel } from './learned/decision-model.js';
import { SituationModel } from './learned/situation-model.js';
import { readStoredModel } from './model-file.js';
import { Triager, type TriageThresholds } from './triager.js';

export interface CreateTriagerOptions {
  /** Train on these lines instead of loading the stored model (cross-validation, tests). */
  corpus?: readonly CorpusLine[];
  thresholds?: Partial<TriageThresholds>;
  /**
   * The decision layer: default the stored one when it was learned from the bundled corpus as it
   * is now (with `corpus`: none unless given); false: the thresholds alone (ablation, tests).
   */
  decision?: DecisionModel | false;
  logger?: Logger;
}

/**
 * The triager the planners use. The bot loads the recognisers `npm run train` stored from
 * the bundled corpus (training takes several seconds; loading a few tens of milliseconds);
 * a test retrains and proves the stored file is what the corpus gives. When the stored model
 * is missing or older than the corpus, the bot trains at start rather than triage with a
 * model that does not match the corpus in git, and says so.
 */
export function createTriager(analyzer: TextAnalyzer, options: CreateTriagerOptions = {}): Triager {
  const started = performance.now();
  if (options.corpus) return new Triager(SituationModel.train(analyzer, options.corpus), options.thresholds, options.decision || undefined);
  const stored = readStoredModel();
  const digest = corpusDigest();
  const decision = options.decision === false ? undefined : (options.decision ?? storedDecision(digest, options.logger));
  if (stored && stored.corpusDigest === digest) {
    const model = SituationModel.fromStored(analyzer, stored);
    options.logger?.debug({ features: model.featureCount, ms: Math.round(performance.now() - started) }, 'triage recognisers loaded');
    return new Triager(model, options.thresholds, decision);
  }
  const corpus = readCorpus();
  if (corpus.length === 0) throw new CorpusInvalidError(['the triage corpus is empty']);
  const model = SituationModel.train(analyzer, corpus);
  options.logger?.warn(
    { messages: corpus.length, ms: Math.round(performance.now() - started) },
    'stored triage model missing or older than the corpus: trained at start (run `npm run train` and commit the model)',
  );
  return new Triager(model, options.thresholds, decision);
}

/**
 * The stored decision layer, when it learned from the corpus as it is now. An older one would weigh
 * readings of recognisers it never saw: the thresholds alone decide instead, and the log says so.
 */
function storedDecision(digest: string, logger: Logger | undefined): DecisionModel | undefined {
  const stored = readStoredDecision();
  if (stored?.corpusDigest === digest && stored.format === DECISION_FORMAT) return DecisionModel.fromStored(stored);
  logger?.warn('stored triage decision layer missing, older than the corpus or of an older format: the thresholds alone decide (run `npm run train` and commit the model)');
  return undefined;
}
