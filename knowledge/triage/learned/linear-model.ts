import { seededRandom, shuffleInPlace } from './seeded-random.js';

/** A sparse feature vector: parallel arrays of feature indices and values. */
export interface SparseVector {
  index: Int32Array;
  value: Float32Array;
}

/** One training example: its features and a distribution over the classes (sums to 1). */
export interface Example {
  x: SparseVector;
  target: Float32Array;
  /** How much the example counts (class balancing); default 1. */
  weight?: number;
}

/** A trained model in its stored form (see SoftmaxModel.quantize). */
export interface QuantizedSoftmax {
  classes: string[];
  bias: number[];
  /** Per class: weight = int8 value × scale. */
  scales: number[];
  /** dims × classes, feature-major. */
  weights: Int8Array;
}

/** A trained model with its weights as plain numbers (see SoftmaxModel.toPlain). */
export interface PlainSoftmax {
  classes: string[];
  bias: number[];
  /** dims × classes, feature-major. */
  weights: number[];
}

export interface TrainOptions {
  epochs?: number;
  learningRate?: number;
  /** L2 penalty on the weights of the features an example touches. */
  l2?: number;
  seed?: number;
}

/**
 * Multinomial logistic regression (softmax) over sparse features, trained by SGD
 * with AdaGrad step sizes. A binary recogniser is the two-class case. Training is
 * deterministic for a given seed and example order.
 */
export class SoftmaxModel {
  private constructor(
    readonly classes: readonly string[],
    readonly dims: number,
    private readonly weights: Float32Array,
    private readonly bias: Float32Array,
  ) {}

  static train(classes: readonly string[], dims: number, examples: Example[], options: TrainOptions = {}): SoftmaxModel {
    const k = classes.length;
    const epochs = options.epochs ?? 6;
    const rate = options.learningRate ?? 0.5;
    const l2 = options.l2 ?? 1e-5;
    const weights = new Float32Array(dims * k);
    const bias = new Float32Array(k);
    const gradSq = new Float32Array(dims * k).fill(1e-6);
    const biasSq = new Float32Array(k).fill(1e-6);
    const model = new SoftmaxModel(classes, dims, weights, bias);
    const order = examples.map((_, i) => i);
    const random = seededRandom(options.seed ?? 17);
    const probs = new Float32Array(k);
    for (let epoch = 0; epoch < epochs; epoch++) {
      shuffleInPlace(order, random);
      for (const i of order) {
        const ex = examples[i]!;
        model.scoreInto(ex.x, probs);
        softmaxInPlace(probs);
        const w = ex.weight ?? 1;
        for (let c = 0; c < k; c++) {
          const g = (probs[c]! - ex.target[c]!) * w;
          biasSq[c]! += g * g;
          bias[c]! -= (rate * g) / Math.sqrt(biasSq[c]!);
          for (let j = 0; j < ex.x.index.length; j++) {
            const at = ex.x.index[j]! * k + c;
            const gw = g * ex.x.value[j]! + l2 * weights[at]!;
            gradSq[at]! += gw * gw;
            weights[at]! -= (rate * gw) / Math.sqrt(gradSq[at]!);
          }
        }
      }
    }
    return model;
  }

  /**
   * The weights as 8-bit integers with one scale per class: about a quarter of the
   * float size, and exactly reproducible, so a retrain can be compared byte for byte.
   */
  quantize(): QuantizedSoftmax {
    const k = this.classes.length;
    const scales: number[] = [];
    const q = new Int8Array(this.weights.length);
    for (let c = 0; c < k; c++) {
      let max = 0;
      for (let f = 0; f < this.dims; f++) max = Math.max(max, Math.abs(this.weights[f * k + c]!));
      const scale = max / 127 || 1;
      scales.push(Number(scale.toPrecision(9)));
      for (let f = 0; f < this.dims; f++) q[f * k + c] = Math.round(this.weights[f * k + c]! / scales[c]!);
    }
    return { classes: [...this.classes], bias: [...this.bias].map((b) => Number(b.toPrecision(9))), scales, weights: q };
  }

  /**
   * The weights as decimal numbers (9 significant digits): for small dense models, such as the
   * decision layer's, where one 8-bit scale per class would blur the weights of weak features.
   */
  toPlain(): PlainSoftmax {
    const round = (v: number): number => Number(v.toPrecision(9));
    return { classes: [...this.classes], bias: [...this.bias].map(round), weights: [...this.weights].map(round) };
  }

  static fromPlain(dims: number, p: PlainSoftmax): SoftmaxModel {
    if (p.weights.length !== dims * p.classes.length) throw new Error(`stored weights have ${p.weights.length} values, expected ${dims * p.classes.length}`);
    return new SoftmaxModel(p.classes, dims, Float32Array.from(p.weights), Float32Array.from(p.bias));
  }

  static fromQuantized(dims: number, q: QuantizedSoftmax): SoftmaxModel {
    const k = q.classes.length;
    const weights = new Float32Array(dims * k);
    for (let i = 0; i < weights.length; i++) weights[i] = q.weights[i]! * q.scales[i % k]!;
    return new SoftmaxModel(q.classes, dims, weights, Float32Array.from(q.bias));
  }

  /** Class probabilities for one vector. */
  predict(x: SparseVector): Float32Array {
    const out = new Float32Array(this.classes.length);
    this.scoreInto(x, out);
    return softmaxInPlace(out);
  }

  /** Probability of one class by name. */
  probability(x: SparseVector, cls: string): number {
    return this.predict(x)[this.classes.indexOf(cls)] ?? 0;
  }

  private scoreInto(x: SparseVector, out: Float32Array): void {
    const k = this.classes.length;
    out.set(this.bias);
    for (let j = 0; j < x.index.length; j++) {
      const base = x.index[j]! * k;
      const v = x.value[j]!;
      for (let c = 0; c < k; c++) out[c]! += this.weights[base + c]! * v;
    }
  }
}

function softmaxInPlace(v: Float32Array): Float32Array {
  let max = -Infinity;
  for (const x of v) max = Math.max(max, x);
  let sum = 0;
  for (let i = 0; i < v.length; i++) {
    v[i] = Math.exp(v[i]! - max);
    sum += v[i]!;
  }
  for (let i = 0; i < v.length; i++) v[i]! /= sum;
  return v;
}
