import { SoftmaxModel, type Example } from '../../knowledge/triage/learned/linear-model.js';

const vec = (...index: number[]) => ({ index: Int32Array.from(index), value: Float32Array.from(index.map(() => 1 / Math.sqrt(index.length))) });
const target = (k: number, c: number) => Float32Array.from({ length: k }, (_, i) => (i === c ? 1 : 0));

// Feature 0 means class a, feature 1 class b, feature 2 class c; feature 3 is noise on every example.
const examples: Example[] = Array.from({ length: 60 }, (_, i) => ({ x: vec(i % 3, 3), target: target(3, i % 3) }));

describe('the softmax recogniser', () => {
  it('learns which feature stands for which class', () => {
    const model = SoftmaxModel.train(['a', 'b', 'c'], 4, examples);
    expect(model.probability(vec(0, 3), 'a')).toBeGreaterThan(0.8);
    expect(model.probability(vec(1, 3), 'b')).toBeGreaterThan(0.8);
    expect(model.probability(vec(2, 3), 'c')).toBeGreaterThan(0.8);
  });

  it('trains to the same weights for the same seed, and to others for another seed', () => {
    const bytes = (seed: number) => Buffer.from(SoftmaxModel.train(['a', 'b', 'c'], 4, examples, { seed }).quantize().weights.buffer);
    expect(bytes(5).equals(bytes(5))).toBe(true);
    expect(bytes(5).equals(bytes(6))).toBe(false);
  });

  it('reads the same after the int8 round trip it is stored in', () => {
    const model = SoftmaxModel.train(['a', 'b', 'c'], 4, examples);
    const restored = SoftmaxModel.fromQuantized(4, model.quantize());
    for (const f of [0, 1, 2]) expect(restored.probability(vec(f, 3), 'abc'[f]!)).toBeCloseTo(model.probability(vec(f, 3), 'abc'[f]!), 1);
  });
});
