import { CATEGORIES, severityRank, type Category } from '../../taxonomy.js';
import { categoryFeatures, escalationFeatures, offTopicFeatures, type DecisionInput } from './decision-features.js';
import type { HeldOutReading } from './held-out-readings.js';
import { SoftmaxModel, type PlainSoftmax, type SparseVector } from './linear-model.js';

/** Bumped whenever the decision features or the stored form change: older stored layers are refused. */
export const DECISION_FORMAT = 2;

/** The stored form of the decision layer (knowledge/triage/model/decision-model.json). */
export interface StoredDecisionModel {
  format: number;
  /** Digest of the corpus whose held-out readings it learned from (see corpusDigest). */
  corpusDigest: string;
  /** How many held-out readings it learned from. */
  examples: number;
  escalation: PlainSoftmax;
  critical: PlainSoftmax;
  category: PlainSoftmax;
  offTopic: PlainSoftmax;
}

const YES_NO = ['no', 'yes'] as const;
// Small dense models over probabilities: more passes and a firmer L2 than the text recognisers.
const TRAINING = { epochs: 20, learningRate: 0.3, l2: 1e-4, seed: 29 };

function dense(values: number[]): SparseVector {
  return { index: Int32Array.from(values.keys()), value: Float32Array.from(values) };
}

/**
 * The decision layer: four small linear models stacked on the recognisers and the rules. They learn,
 * from readings of writers the recognisers never saw, how far each reading can be trusted — when a
 * "maybe high" from the severity recogniser or a keyword rule means a responder is needed, when a
 * "critical" from either is one (a rule reading "ransomware" in a question about the news is not),
 * which category the category and topic recognisers together point to, and when a message is not a
 * security question at all. Hand-set thresholds on each
 * reading alone (triager.ts) cannot weigh them against each other.
 */
export class DecisionModel {
  private constructor(
    private readonly escalation: SoftmaxModel,
    private readonly critical: SoftmaxModel,
    private readonly category: SoftmaxModel,
    private readonly offTopic: SoftmaxModel,
  ) {}

  /** Learns from held-out readings (heldOutReadings); deterministic for the same readings. */
  static train(held: readonly HeldOutReading[]): DecisionModel {
    if (held.length === 0) throw new Error('the decision layer needs held-out readings to learn from');
    const escX = held.map((h) => dense(escalationFeatures(h)));
    const catX = held.map((h) => dense(categoryFeatures(h)));
    const offX = held.map((h) => dense(offTopicFeatures(h)));
    const escalation = SoftmaxModel.train(
      YES_NO,
      escX[0]!.index.length,
      held.map((h, i) => ({ x: escX[i]!, target: Float32Array.from(severityRank(h.line.severity) >= severityRank('high') ? [0, 1] : [1, 0]) })),
      TRAINING,
    );
    const critical = SoftmaxModel.train(
      YES_NO,
      escX[0]!.index.length,
      held.map((h, i) => ({ x: escX[i]!, target: Float32Array.from(h.line.severity === 'critical' ? [0, 1] : [1, 0]) })),
      TRAINING,
    );
    const category = SoftmaxModel.train(
      CATEGORIES,
      catX[0]!.index.length,
      held.map((h, i) => ({ x: catX[i]!, target: Float32Array.from(CATEGORIES.map((c) => (c === h.line.category ? 1 : 0))) })),
      TRAINING,
    );
    const offTopic = SoftmaxModel.train(
      YES_NO,
      offX[0]!.index.length,
      held.map((h, i) => ({ x: offX[i]!, target: Float32Array.from(h.line.answerable === false ? [0, 1] : [1, 0]) })),
      TRAINING,
    );
    // What ships is the stored form: the trained layer goes through the same round trip, so
    // cross-validation measures exactly what the bot loads.
    return DecisionModel.fromStored(new DecisionModel(escalation, critical, category, offTopic).toStored('', held.length));
  }

  toStored(corpusDigest: string, examples: number): StoredDecisionModel {
    return { format: DECISION_FORMAT, corpusDigest, examples, escalation: this.escalation.toPlain(), critical: this.critical.toPlain(), category: this.category.toPlain(), offTopic: this.offTopic.toPlain() };
  }

  static fromStored(stored: StoredDecisionModel): DecisionModel {
    if (stored.format !== DECISION_FORMAT) throw new Error(`stored decision layer has format ${stored.format}, expected ${DECISION_FORMAT}`);
    const dims = (p: PlainSoftmax): number => p.weights.length / p.classes.length;
    const load = (p: PlainSoftmax): SoftmaxModel => SoftmaxModel.fromPlain(dims(p), p);
    return new DecisionModel(load(stored.escalation), load(stored.critical), load(stored.category), load(stored.offTopic));
  }

  /** Probability that the situation is high or critical, i.e. that a responder is needed. */
  seriousP(input: DecisionInput): number {
    return this.escalation.predict(dense(escalationFeatures(input)))[1]!;
  }

  /** Probability that the situation is critical (harm happening now, money or data about to go). */
  criticalP(input: DecisionInput): number {
    return this.critical.predict(dense(escalationFeatures(input)))[1]!;
  }

  /** Probability that the message is not a security question (chit-chat, a bare instruction to the bot). */
  offTopicP(input: DecisionInput): number {
    return this.offTopic.predict(dense(offTopicFeatures(input)))[1]!;
  }

  /** The most likely category. */
  categoryOf(input: DecisionInput): Category {
    const p = this.category.predict(dense(categoryFeatures(input)));
    let best = 0;
    for (let i = 1; i < p.length; i++) if (p[i]! > p[best]!) best = i;
    return CATEGORIES[best]!;
  }
}
