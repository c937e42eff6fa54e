import type { SparseVector } from './linear-model.js';

/**
 * Feature names seen at least `minCount` times in training, each with an index. Names
 * seen only once are mostly one writer's quirks; dropping them keeps the model small
 * and less fitted to who wrote the data.
 */
export class Vocabulary {
  private constructor(private readonly index: Map<string, number>) {}

  static build(documents: Iterable<Map<string, number>>, minCount = 2): Vocabulary {
    const df = new Map<string, number>();
    for (const doc of documents) for (const name of doc.keys()) df.set(name, (df.get(name) ?? 0) + 1);
    const names = [...df.entries()].filter(([, n]) => n >= minCount).map(([name]) => name).sort();
    return new Vocabulary(new Map(names.map((n, i) => [n, i])));
  }

  /** Feature names in index order (the stored form). */
  names(): string[] {
    return [...this.index.keys()];
  }

  static fromNames(names: readonly string[]): Vocabulary {
    return new Vocabulary(new Map(names.map((n, i) => [n, i])));
  }

  get size(): number {
    return this.index.size;
  }

  /** log(1 + count) per known feature, L2-normalised; unknown names are ignored. */
  vectorize(features: Map<string, number>): SparseVector {
    const idx: number[] = [];
    const val: number[] = [];
    for (const [name, count] of features) {
      const i = this.index.get(name);
      if (i === undefined) continue;
      idx.push(i);
      val.push(Math.log1p(count));
    }
    let sq = 0;
    for (const v of val) sq += v * v;
    const norm = Math.sqrt(sq) || 1;
    return { index: Int32Array.from(idx), value: Float32Array.from(val.map((v) => v / norm)) };
  }
}
