/**
 * Redaction cost per message: the name finder's one-off load (kuromoji IPADIC and
 * compromise), then the time to redact one message with the patterns only (the bot before
 * the finder), with the finder (the bot now), and the two libraries' bare calls beside them
 * (kuromoji tokenize, compromise people()) on the same texts.
 *
 * Texts: the three labelled PII sets (short questions), 1,000 staff messages of the triage
 * corpus (every fifth line), and the knowledge-base body paragraphs that go to the model as
 * passages (redacted as published text, as the bot does: without the finder). One warm-up pass, then BENCH_REDACTION_PASSES (default 3) timed passes.
 */
import fs from 'node:fs';
import path from 'node:path';
import kuromoji from 'kuromoji';
import nlp from 'compromise';
import { BUNDLED_ARTICLES_DIR, readArticleFolder } from '../../knowledge/kb/article-files.js';
import { NameFinder } from '../../knowledge/llm/name-finder.js';
import { Redactor } from '../../knowledge/llm/redaction.js';
import { readPiiCorpus } from '../../knowledge/llm/redaction-eval.js';
import { readCorpus } from '../../knowledge/triage/corpus-files.js';
import type { Report, Rows } from './run-bench.js';

const PASSES = Number(process.env.BENCH_REDACTION_PASSES ?? 3);
const LLM_DIR = path.resolve(__dirname, '..', '..', 'knowledge', 'llm');

function stats(label: string, times: number[], chars: number): Rows[number] {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  return { what: label, messages: times.length, 'mean chars': Math.round(chars), 'mean ms': mean.toFixed(3), 'p50 ms': at(0.5).toFixed(3), 'p95 ms': at(0.95).toFixed(3), 'max ms': sorted[sorted.length - 1]!.toFixed(2) };
}

function time(texts: readonly string[], fn: (text: string) => unknown): number[] {
  for (const t of texts) fn(t);
  const times = texts.map(() => 0);
  for (let p = 0; p < PASSES; p++) {
    texts.forEach((t, i) => {
      const start = performance.now();
      fn(t);
      times[i]! += (performance.now() - start) / PASSES;
    });
  }
  return times;
}

export async function run(report: Report): Promise<void> {
  global.gc?.();
  const before = process.memoryUsage();
  const loadStart = performance.now();
  const finder = await NameFinder.load();
  const loadMs = performance.now() - loadStart;
  global.gc?.();
  const after = process.memoryUsage();
  report('name finder load (once per process that sends text to a model)', [
    { what: 'NameFinder.load()', ms: Math.round(loadMs), 'rss MB': Math.round((after.rss - before.rss) / 2 ** 20), 'heap+buffers MB': Math.round((after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers) / 2 ** 20) },
  ]);

  const tokenizer = await new Promise<kuromoji.Tokenizer<kuromoji.IpadicFeatures>>((resolve, reject) =>
    kuromoji.builder({ dicPath: path.join(path.dirname(require.resolve('kuromoji/package.json')), 'dict') }).build((err, t) => (err ? reject(err) : resolve(t))),
  );
  const pii = ['pii-corpus.jsonl', 'pii-corpus-names.jsonl', 'pii-corpus-names-holdout.jsonl', 'pii-corpus-names-holdout-2.jsonl'].flatMap((f) => readPiiCorpus(path.join(LLM_DIR, f)).map((l) => l.text));
  const staff = readCorpus()
    .filter((_, i) => i % 5 === 0)
    .slice(0, 1000)
    .map((l) => l.text);
  const articles = await readArticleFolder(BUNDLED_ARTICLES_DIR);
  const passages = articles.flatMap((a) => a.body.split(/\n\s*\n/).filter((p) => p.trim().length > 0));
  if (!fs.existsSync(LLM_DIR)) throw new Error(`no ${LLM_DIR}`);

  // Passages are published article text: the bot redacts them without the finder (published: true).
  for (const [label, texts, published] of [
    ['labelled PII snippets (3 sets)', pii, false],
    ['staff messages (triage corpus, every 5th)', staff, false],
    ['article passages (published: the finder is skipped)', passages, true],
  ] as const) {
    const chars = texts.reduce((n, t) => n + t.length, 0) / texts.length;
    report(`redaction per message: ${label}`, [
      stats('bare kuromoji tokenize', time(texts, (t) => tokenizer.tokenize(t)), chars),
      stats('bare compromise people()', time(texts, (t) => nlp(t).people().json()), chars),
      stats('bot before: patterns only', time(texts, (t) => new Redactor().redact(t)), chars),
      stats('bot now: patterns + name finder', time(texts, (t) => new Redactor([], { names: finder }).redact(t, { published })), chars),
    ]);
  }
}
