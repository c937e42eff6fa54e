import { CATEGORIES, SEVERITIES, taxonomy, type Category, type Severity } from '../../taxonomy.js';
import type { TextAnalyzer } from '../../search/analyzer.js';
import { IMPACT_FLAGS, REPORTERS, STATES, type CorpusLine, type ImpactFlag, type Reporter, type SituationState } from '../corpus-schema.js';
import { SoftmaxModel, type Example, type QuantizedSoftmax, type SparseVector, type TrainOptions } from './linear-model.js';
import { messageFeatures } from './message-features.js';
import { Vocabulary } from './vocabulary.js';

const NO_TOPIC = '(none)';
const TOPICS = [...taxonomy.topics.map((t) => t.id), NO_TOPIC];
const YES_NO = ['no', 'yes'] as const;

/** A recogniser's reading: the most likely class and every class's probability. */
export interface Reading<T extends string> {
  best: T;
  p: Record<T, number>;
}

/** What the learned recognisers read in one message (with its thread). */
export interface SituationReading {
  category: Reading<Category>;
  state: Reading<SituationState>;
  reporter: Reading<Reporter>;
  /** The recognisers' own severity estimate, used beside the written policy. */
  severity: Reading<Severity>;
  /** Probability that each impact flag holds. */
  flags: Record<ImpactFlag, number>;
  /** Probability that the person asks for a human. */
  humanRequested: number;
  /** Probability that the message is off-topic or a bare attempt to instruct the bot. */
  offTopic: number;
  /** Topics with their probability, most likely first (no "none" entry). */
  topics: { id: string; p: number }[];
}

export interface SituationModelOptions extends TrainOptions {
  /** Feature names seen fewer times than this in training are dropped (default 2). */
  minCount?: number;
}

/** Bumped whenever the features or the stored form change: older stored models are refused. */
export const MODEL_FORMAT = 1;

/** The stored form of a trained model (knowledge/triage/model/). */
export interface StoredSituationModel {
  format: number;
  /** Digest of the corpus it was trained from (see corpusDigest). */
  corpusDigest: string;
  vocabulary: string[];
  heads: Record<string, Omit<QuantizedSoftmax, 'weights'> & { weights: string }>;
}

type Heads = {
  category: SoftmaxModel;
  state: SoftmaxModel;
  reporter: SoftmaxModel;
  severity: SoftmaxModel;
  topic: SoftmaxModel;
  human: SoftmaxModel;
  offTopic: SoftmaxModel;
  flags: Record<ImpactFlag, SoftmaxModel>;
};

/**
 * The learned recognisers: one linear model per slot over the same features, trained
 * from the labelled corpus (knowledge/triage/corpus). Training is deterministic, so the
 * same corpus and seed always give the same model.
 */
export class SituationModel {
  private constructor(
    private readonly analyzer: TextAnalyzer,
    private readonly vocabulary: Vocabulary,
    private readonly heads: Heads,
  ) {}

  static train(analyzer: TextAnalyzer, lines: readonly CorpusLine[], options: SituationModelOptions = {}): SituationModel {
    const features = lines.map((l) => messageFeatures(analyzer, l.text, l.history));
    const vocabulary = Vocabulary.build(features, options.minCount ?? 2);
    const xs = features.map((f) => vocabulary.vectorize(f));
    const dims = vocabulary.size;
    const head = (classes: readonly string[], target: (l: CorpusLine) => Float32Array, seedOffset: number): SoftmaxModel =>
      SoftmaxModel.train(
        classes,
        dims,
        lines.map((l, i) => ({ x: xs[i]!, target: target(l) }) satisfies Example),
        { ...options, seed: (options.seed ?? 17) + seedOffset },
      );
    const oneHot = (classes: readonly string[], value: string): Float32Array => {
      const t = new Float32Array(classes.length);
      t[Math.max(0, classes.indexOf(value))] = 1;
      return t;
    };
    const bool = (v: boolean): Float32Array => oneHot(YES_NO, v ? 'yes' : 'no');
    const topicTarget = (l: CorpusLine): Float32Array => {
      const t = new Float32Array(TOPICS.length);
      if (l.topics.length === 0) t[TOPICS.indexOf(NO_TOPIC)] = 1;
      // The first topic is the one the writer found most useful: it gets the larger share.
      const shares = l.topics.length === 1 ? [1] : l.topics.length === 2 ? [0.6, 0.4] : [0.5, 0.3, 0.2];
      l.topics.forEach((id, i) => {
        const at = TOPICS.indexOf(id);
        t[at] = (t[at] ?? 0) + shares[i]!;
      });
      return t;
    };
    const flags = Object.fromEntries(
      IMPACT_FLAGS.map((flag, i) => [flag, head(YES_NO, (l) => bool(l[flag]), 10 + i)]),
    ) as Record<ImpactFlag, SoftmaxModel>;
    const trained: Heads = {
      category: head(CATEGORIES, (l) => oneHot(CATEGORIES, l.category), 1),
      state: head(STATES, (l) => oneHot(STATES, l.state), 2),
      reporter: head(REPORTERS, (l) => oneHot(REPORTERS, l.reporter), 3),
      severity: head(SEVERITIES, (l) => oneHot(SEVERITIES, l.severity), 4),
      topic: head(TOPICS, topicTarget, 5),
      human: head(YES_NO, (l) => bool(l.human_requested), 6),
      offTopic: head(YES_NO, (l) => bool(l.answerable === false), 7),
      flags,
    };
    // What ships is the quantised model: the trained one goes through the same round trip,
    // so cross-validation measures exactly what the bot loads.
    return SituationModel.fromStored(analyzer, new SituationModel(analyzer, vocabulary, trained).toStored(''));
  }

  toStored(corpusDigest: string): StoredSituationModel {
    const heads: StoredSituationModel['heads'] = {};
    for (const [name, model] of namedHeads(this.heads)) {
      const q = model.quantize();
      heads[name] = { ...q, weights: Buffer.from(q.weights.buffer, q.weights.byteOffset, q.weights.byteLength).toString('base64') };
    }
    return { format: MODEL_FORMAT, corpusDigest, vocabulary: this.vocabulary.names(), heads };
  }

  static fromStored(analyzer: TextAnalyzer, stored: StoredSituationModel): SituationModel {
    if (stored.format !== MODEL_FORMAT) throw new Error(`stored triage model has format ${stored.format}, expected ${MODEL_FORMAT}`);
    const vocabulary = Vocabulary.fromNames(stored.vocabulary);
    const load = (name: string): SoftmaxModel => {
      const h = stored.heads[name];
      if (!h) throw new Error(`stored triage model lacks the ${name} recogniser`);
      const bytes = Buffer.from(h.weights, 'base64');
      return SoftmaxModel.fromQuantized(vocabulary.size, { ...h, weights: new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) });
    };
    const flags = Object.fromEntries(IMPACT_FLAGS.map((f) => [f, load(`flag:${f}`)])) as Record<ImpactFlag, SoftmaxModel>;
    return new SituationModel(analyzer, vocabulary, {
      category: load('category'),
      state: load('state'),
      reporter: load('reporter'),
      severity: load('severity'),
      topic: load('topic'),
      human: load('human'),
      offTopic: load('offTopic'),
      flags,
    });
  }

  /** Number of features the model knows. */
  get featureCount(): number {
    return this.vocabulary.size;
  }

  read(text: string, history: readonly string[] = []): SituationReading {
    const x = this.vocabulary.vectorize(messageFeatures(this.analyzer, text, history));
    const yes = (m: SoftmaxModel): number => m.predict(x)[1]!;
    const topicP = this.heads.topic.predict(x);
    return {
      category: reading<Category>(this.heads.category, x),
      state: reading<SituationState>(this.heads.state, x),
      reporter: reading<Reporter>(this.heads.reporter, x),
      severity: reading<Severity>(this.heads.severity, x),
      flags: Object.fromEntries(IMPACT_FLAGS.map((f) => [f, yes(this.heads.flags[f])])) as Record<ImpactFlag, number>,
      humanRequested: yes(this.heads.human),
      offTopic: yes(this.heads.offTopic),
      topics: TOPICS.map((id, i) => ({ id, p: topicP[i]! }))
        .filter((t) => t.id !== NO_TOPIC)
        .sort((a, b) => b.p - a.p),
    };
  }
}

function namedHeads(heads: Heads): Array<[string, SoftmaxModel]> {
  const { flags, ...single } = heads;
  return [...Object.entries(single), ...IMPACT_FLAGS.map((f) => [`flag:${f}`, flags[f]] as [string, SoftmaxModel])];
}

function reading<T extends string>(model: SoftmaxModel, x: SparseVector): Reading<T> {
  const probs = model.predict(x);
  let top = 0;
  for (let i = 1; i < probs.length; i++) if (probs[i]! > probs[top]!) top = i;
  const p = Object.fromEntries(model.classes.map((c, i) => [c, probs[i]!])) as Record<T, number>;
  return { best: model.classes[top]! as T, p };
}
