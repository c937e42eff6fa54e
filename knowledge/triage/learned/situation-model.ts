import { CATEGORIES, SEVERITIES, taxonomy, type Category, type Severity } from '../../taxonomy.js';
import type { TextAnalyzer } from '../../search/analyzer.js';
import { IMPACT_FLAGS, REPORTERS, STATES, type CorpusLine, type ImpactFlag, type Reporter, type SituationState } from '../corpus-schema.js';
import { SoftmaxModel, type Example, type SparseVector, type TrainOptions } from './linear-model.js';
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
    return new SituationModel(analyzer, vocabulary, {
      category: head(CATEGORIES, (l) => oneHot(CATEGORIES, l.category), 1),
      state: head(STATES, (l) => oneHot(STATES, l.state), 2),
      reporter: head(REPORTERS, (l) => oneHot(REPORTERS, l.reporter), 3),
      severity: head(SEVERITIES, (l) => oneHot(SEVERITIES, l.severity), 4),
      topic: head(TOPICS, topicTarget, 5),
      human: head(YES_NO, (l) => bool(l.human_requested), 6),
      offTopic: head(YES_NO, (l) => bool(l.answerable === false), 7),
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

function reading<T extends string>(model: SoftmaxModel, x: SparseVector): Reading<T> {
  const probs = model.predict(x);
  let top = 0;
  for (let i = 1; i < probs.length; i++) if (probs[i]! > probs[top]!) top = i;
  const p = Object.fromEntries(model.classes.map((c, i) => [c, probs[i]!])) as Record<T, number>;
  return { best: model.classes[top]! as T, p };
}
