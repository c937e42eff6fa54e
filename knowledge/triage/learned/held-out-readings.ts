import { fork } from 'node:child_process';
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
  /** The cache file, fixed by pinHeldOutCache; otherwise worked out from the source on every call. */
  cacheFile?: string | undefined;
}

/**
 * The options with their cache file worked out once. The key digests the reading code as it is on
 * disk, so a file saved under knowledge/triage between filling the cache and reading it would make
 * the read miss and retrain every fold in one process; commands pin the key when they start.
 */
export function pinHeldOutCache<T extends HeldOutOptions>(options: T): T {
  return { ...options, cacheFile: heldOutCacheFile(options) };
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
  const cacheFile = heldOutCacheFile(options);
  if (cacheFile && fs.existsSync(cacheFile)) return JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as HeldOutReading[];
  const writers = writersOf(corpus);
  const held = readWriters(analyzer, corpus, writers, trainingOf(options), (writer) => options.onWriter?.(writer, writers.indexOf(writer) + 1, writers.length));
  if (cacheFile) fs.writeFileSync(cacheFile, JSON.stringify(held));
  return held;
}

/**
 * Fills the readings' cache using `jobs` processes (each trains the folds of every jobs-th writer),
 * so that heldOutReadings then reads it at once. One fold is about a minute of one core; 40 writers
 * on one core is most of an hour. Forks this process's own Node and loader (tsx), so it is for the
 * command line; with jobs ≤ 1, no cache, or a cache already there it does nothing.
 */
export async function prepareHeldOutReadings(corpus: readonly CorpusLine[], options: HeldOutOptions & { jobs: number }): Promise<void> {
  const cacheFile = heldOutCacheFile(options);
  if (!cacheFile || options.jobs <= 1 || fs.existsSync(cacheFile)) return;
  const writers = writersOf(corpus);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'otasuke-held-'));
  try {
    const corpusFile = path.join(dir, 'corpus.json');
    fs.writeFileSync(corpusFile, JSON.stringify(corpus));
    let done = 0;
    const processes = Math.min(options.jobs, writers.length);
    const shards = Array.from({ length: processes }, (_unused, index) => {
      const job: ShardJob = { corpusFile, training: trainingOf(options), writers: writers.filter((_w, i) => i % processes === index), out: path.join(dir, `shard-${index}.json`) };
      return new Promise<string>((resolve, reject) => {
        const child = fork(path.join(__dirname, 'held-out-shard.ts'), [JSON.stringify(job)], { execArgv: process.execArgv });
        child.on('message', (writer) => options.onWriter?.(String(writer), ++done, writers.length));
        child.on('error', reject);
        child.on('exit', (code) => (code === 0 ? resolve(job.out) : reject(new Error(`held-out readings shard ${index} exited with ${code}`))));
      });
    });
    const parts = (await Promise.all(shards)).flatMap((file) => JSON.parse(fs.readFileSync(file, 'utf8')) as HeldOutReading[]);
    // The same order as one process gives: writers sorted, each writer's lines in corpus order.
    const order = new Map(writers.map((w, i) => [w, i]));
    const position = new Map(corpus.map((l, i) => [l.id, i]));
    parts.sort((a, b) => order.get(a.line.writer)! - order.get(b.line.writer)! || position.get(a.line.id)! - position.get(b.line.id)!);
    fs.writeFileSync(cacheFile, JSON.stringify(parts));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The training options a reading depends on, every one written out (part of the cache key). */
type TrainingKey = { epochs: number; l2: number; learningRate: number; minCount: number };

/** What one shard process (held-out-shard.ts) is asked to do. */
export interface ShardJob {
  corpusFile: string;
  training: TrainingKey;
  writers: string[];
  out: string;
}

/** For each writer, the recognisers trained on every other writer read that writer's lines. */
export function readWriters(analyzer: TextAnalyzer, corpus: readonly CorpusLine[], writers: readonly string[], training: SituationModelOptions, onWriter?: (writer: string) => void): HeldOutReading[] {
  const held: HeldOutReading[] = [];
  for (const writer of writers) {
    const model = SituationModel.train(analyzer, corpus.filter((l) => l.writer !== writer), training);
    for (const line of corpus.filter((l) => l.writer === writer)) {
      held.push({ possible: reportsPossibleEvent(line.text), line, rules: triageByRules({ text: line.text, history: line.history }), reading: model.read(line.text, line.history) });
    }
    onWriter?.(writer);
  }
  return held;
}

function writersOf(corpus: readonly CorpusLine[]): string[] {
  return [...new Set(corpus.map((l) => l.writer))].sort();
}

function trainingOf(options: HeldOutOptions): TrainingKey {
  // Defaults written out, in a fixed order, so equal options give an equal cache key.
  const { epochs = 6, l2 = 1e-5, learningRate = 0.5, minCount = 2 } = options.training ?? {};
  return { epochs, l2, learningRate, minCount };
}

function heldOutCacheFile(options: HeldOutOptions): string | undefined {
  if (options.cacheDir === false) return undefined;
  if ('cacheFile' in options) return options.cacheFile;
  const key = createHash('sha256').update(JSON.stringify([options.corpusDigest, trainingOf(options), readingSourceDigest()])).digest('hex').slice(0, 16);
  return path.join(options.cacheDir ?? os.tmpdir(), `otasuke-tune-${key}.json`);
}

/**
 * Combining the readings (triager.ts, the policy, the decision layer) does not change a reading, so
 * those files are left out: a threshold or decision change keeps the cache. So are the labels of
 * the findings (signal-labels.ts, situation-labels.ts): their wording, not whether a rule finds.
 */
const COMBINE_ONLY = new Set(['triager.ts', 'content-free.ts', 'all-clear.ts', 'severity-policy.ts', 'create-triager.ts', 'decision-model.ts', 'decision-features.ts', 'decision-file.ts', 'held-out-readings.ts', 'held-out-shard.ts', 'situation-labels.ts', 'signal-labels.ts']);

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
