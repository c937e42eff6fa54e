import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { readArticleFolder } from '../kb/article-files.js';
import { NameFinder } from './name-finder.js';
import { isCandidate, NameTagger, taggerTokens, tokenFeatures, trainNameModel, type LabelledToken, type StoredNameModel } from './name-model.js';
import { Redactor, type NameSpans } from './redaction.js';
import { articleTexts, falseNamesIn, measureRedaction, readPiiCorpus, type PiiCorpusLine } from './redaction-eval.js';

const ROOT = path.resolve(__dirname, '..', '..');
const DIR = path.join(ROOT, 'knowledge', 'llm');
const MODEL_FILE = path.join(DIR, 'name-model.json');
/** The writers whose files judge the tagger: never read here, not even to list them. */
const UNSEEN = new Set(['pii-corpus-holdout-9.jsonl', 'pii-corpus-holdout-10.jsonl']);
const THRESHOLDS = [0.5, 0.7, 0.8, 0.9, 0.95];
/** Chosen on the leave-one-writer-out runs (`cv`): the lowest that adds no false name on the name-free snippets and the articles' phrasings. */
const THRESHOLD = 0.9;
const CJK = /[\u3040-\u30ff\u3400-\u9fff]/;

/** The labelled corpus files the tagger may learn from, one per writer. */
function corpusFiles(): string[] {
  return fs
    .readdirSync(DIR)
    .filter((f) => /^pii-corpus.*\.jsonl$/.test(f) && !UNSEEN.has(f))
    .sort();
}

/** The text the finder is given for `text` by a Redactor (patterns' placeholders in place). */
function findersText(finder: NameFinder, text: string): string {
  let seen: string | undefined;
  const spy = new Proxy(finder, {
    get(target, prop) {
      if (prop === 'find')
        return (t: string) => {
          seen ??= t;
          return target.find(t);
        };
      const v = Reflect.get(target, prop, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  }) as NameSpans;
  new Redactor([], { names: spy, secrets: null }).redact(text);
  return seen ?? text.normalize('NFKC');
}

/** The candidate tokens of one snippet, as the tagger reads it, with their labels (a token overlapping a name in part is left out). */
interface Tok extends LabelledToken {
  id: string;
  word: string;
  nameFree: boolean;
}

function labelled(line: PiiCorpusLine, finder: NameFinder): Tok[] {
  const text = findersText(finder, line.text);
  const values = line.spans.filter((s) => s.kind === 'NAME').map((s) => s.value.normalize('NFKC'));
  const parts = values.flatMap((v) => [v, ...v.split(/[\s・]+/).filter((p) => p.length >= 2)]);
  const ranges: [number, number][] = [];
  for (const v of parts) for (let at = text.indexOf(v); at >= 0; at = text.indexOf(v, at + 1)) ranges.push([at, at + v.length]);
  const tokens = taggerTokens(text, finder.lexicon.tokenizer);
  const lang = CJK.test(text) ? 'ja' : 'en';
  const out: Tok[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (!isCandidate(tokens, i, finder.lexicon)) continue;
    const inside = ranges.some(([a, b]) => a <= t.start && t.end <= b);
    const overlaps = ranges.some(([a, b]) => t.start < b && a < t.end);
    if (overlaps && !inside) continue;
    out.push({ features: tokenFeatures(tokens, i, finder.lexicon, lang), label: inside ? 1 : 0, id: line.id, word: t.s, nameFree: values.length === 0 });
  }
  return out;
}

/** Each later writer's file and the commit that added it: the rules of its parent had never seen it. */
const FIRST_SIGHT: [string, string][] = [
  ['3a71064', 'pii-corpus-holdout-5.jsonl'],
  ['d850367', 'pii-corpus-holdout-6.jsonl'],
  ['9b4e944', 'pii-corpus-holdout-7.jsonl'],
  ['cb6f0a7', 'pii-corpus-holdout-8.jsonl'],
];

/** A small stable hash of a string (FNV-1a). */
function hashOf(s: string): number {
  let h = 2166136261;
  for (const c of s) h = Math.imul(h ^ c.codePointAt(0)!, 16777619) >>> 0;
  return h;
}

const pct = (hit: number, n: number): string => (n === 0 ? '   -   ' : `${(hit / n).toFixed(2)} ${String(hit).padStart(3)}/${String(n).padEnd(3)}`);

/**
 * `npm run --silent names -- train|cv|quick|first-sight`: `train` fits the tagger on the corpus files (all but the
 * unseen writers') and writes knowledge/llm/name-model.json; `cv` trains on all files but one and
 * measures on that one (leave one writer out), for each threshold: NAME recall and strict recall of the
 * rules alone and with the tagger, the tagger's own recall of name tokens and its false tokens, the
 * false names in the snippets without one; then the false names on the articles' phrasings. The rules have
 * seen every file, so `first-sight` measures each later writer's file against the name finder and redactor as
 * they stood before it, alone and with the tagger (trained on the other files); `quick` is `cv` at the level of
 * tokens (the tagger alone), for development. A number after the command is the threshold (cv: a comma-separated
 * list); `--verbose` lists the false names the tagger adds.
 */
async function main(): Promise<void> {
  const command = process.argv[2] ?? 'cv';
  // --verbose: list the false names the tagger adds (and, for quick, its misses and false tokens in named snippets).
  const verbose = process.argv.includes('--verbose');
  const numbers = process.argv.slice(3).filter((a) => !a.startsWith('--'));
  const loaded = await NameFinder.load();
  const rules = loaded.withTagger(null);
  const files = corpusFiles();
  const corpus = files.map((f) => ({ file: f, lines: readPiiCorpus(path.join(DIR, f)) }));
  const data = corpus.map((c) => c.lines.flatMap((l) => labelled(l, rules)));
  const out: string[] = [];
  const articles = await readArticleFolder(path.join(ROOT, 'knowledge', 'articles'));
  const { asks } = articleTexts(articles);
  // The articles' phrasings name nobody: every word of them is a negative example. Two halves by article,
  // so that `cv` measures each half with a tagger that learned from the other.
  const askData = asks.map((a) => ({ half: hashOf(a.id.split('#')[0]!) % 2, toks: labelled({ id: a.id, lang: CJK.test(a.text) ? 'ja' : 'en', text: a.text, spans: [] }, rules) }));
  const askHalf = (h: number): Tok[] => askData.filter((a) => a.half === h).flatMap((a) => a.toks);

  if (command === 'quick') {
    const t = Number(numbers[0] ?? THRESHOLD);
    let [tp, pos, fpFree, fpNamed, fpAsks] = [0, 0, 0, 0, 0];
    for (let i = 0; i < corpus.length; i++) {
      const tagger = new NameTagger(trainNameModel([...data.filter((_, j) => j !== i).flat(), ...askHalf(0), ...askHalf(1)], t));
      let [a, b, c, d] = [0, 0, 0, 0];
      for (const x of data[i]!) {
        const p = tagger.scoreFeatures(x.features);
        if (x.label === 1) b++;
        if (p < t) {
          if (x.label === 1 && verbose) out.push(`  miss ${x.id} ${x.word} ${p.toFixed(2)}`);
          continue;
        }
        if (x.label === 1) a++;
        else if (x.nameFree) {
          c++;
          out.push(`  false(free) ${x.id} ${x.word} ${p.toFixed(2)}`);
        } else {
          d++;
          if (verbose) out.push(`  false(named) ${x.id} ${x.word} ${p.toFixed(2)}`);
        }
      }
      out.push(`${corpus[i]!.file.padEnd(35)} tagger alone ${pct(a, b)}  false tokens: name-free ${c}, in named snippets ${d}`);
      [tp, pos, fpFree, fpNamed] = [tp + a, pos + b, fpFree + c, fpNamed + d];
    }
    for (let h = 0; h < 2; h++) {
      const tagger = new NameTagger(trainNameModel([...data.flat(), ...askHalf(1 - h)], t));
      for (const x of askHalf(h)) {
        const p = tagger.scoreFeatures(x.features);
        if (p >= t) {
          fpAsks++;
          out.push(`  false(ask) ${x.id} ${x.word} ${p.toFixed(2)}`);
        }
      }
    }
    out.push(`total tagger alone ${pct(tp, pos)}  false tokens: name-free ${fpFree}, named ${fpNamed}, asks ${fpAsks}  (${t})`);
    process.stdout.write(`${out.join('\n')}\n`);
    return;
  }

  if (command === 'first-sight') {
    const t = Number(numbers[0] ?? THRESHOLD);
    out.push('held-out file (rules of the commit before it)   NAME old rules  +tagger         strict old      +tagger         false names old/+tagger');
    for (const [commit, file] of FIRST_SIGHT) {
      const i = corpus.findIndex((c) => c.file === file);
      const tagger = new NameTagger(trainNameModel([...data.filter((_, j) => j !== i).flat(), ...askHalf(0), ...askHalf(1)], t));
      // Beside the other knowledge/ folders, so that the old files' relative imports (../../core/errors.js) resolve.
      const dir = path.join(ROOT, 'knowledge', `.first-sight-${commit}`);
      fs.mkdirSync(dir, { recursive: true });
      try {
        for (const f of ['redaction.ts', 'name-finder.ts', 'surname-slots.ts', 'written-name-slots.ts', 'secret-rules.ts', 'secret-context-rules.ts', 'table-rules.ts', 'secret-model.ts']) {
          try {
            fs.writeFileSync(path.join(dir, f), execFileSync('git', ['show', `${commit}^:knowledge/llm/${f}`], { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] }));
          } catch {
            // Not there yet at that commit.
          }
        }
        const old = (await import(path.join(dir, 'redaction.ts'))) as { Redactor: new (known: string[], o: { names: NameSpans }) => Redactor };
        const oldFinder = (await (
          (await import(path.join(dir, 'name-finder.ts'))) as { NameFinder: { load(): Promise<NameSpans> } }
        ).NameFinder.load()) as NameSpans;
        const union = new Proxy(oldFinder, {
          get(target, prop) {
            if (prop === 'find') return (x: string) => [...target.find(x), ...tagger.find(x, rules.lexicon)];
            const v = Reflect.get(target, prop, target) as unknown;
            return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
          },
        }) as NameSpans;
        const lines = corpus[i]!.lines;
        const a = measureRedaction(lines, () => new old.Redactor([], { names: oldFinder }));
        const b = measureRedaction(lines, () => new old.Redactor([], { names: union }));
        const r = (m: typeof a): string => {
          const v = m.recall.get('NAME') ?? { hit: 0, n: 0 };
          return pct(v.hit, v.n);
        };
        out.push(`${file.padEnd(32)} (${commit}^)  ${r(a)}  ${r(b)}  ${pct(a.strictNames.hit, a.strictNames.n)}  ${pct(b.strictNames.hit, b.strictNames.n)}  ${a.falseNames.count} / ${b.falseNames.count}  (${t})`);
        if (verbose) out.push(...b.falseNames.words.filter((w) => !a.falseNames.words.includes(w)).map((w) => `    false (added): ${w}`));
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
    process.stdout.write(`${out.join('\n')}\n`);
    return;
  }

  if (command === 'train') {
    const stored = trainNameModel([...data.flat(), ...askHalf(0), ...askHalf(1)], Number(numbers[0] ?? THRESHOLD));
    fs.writeFileSync(MODEL_FILE, `${JSON.stringify(stored)}\n`);
    process.stdout.write(`${path.relative(ROOT, MODEL_FILE)}: ${stored.features.length} features, ${data.flat().length} tokens of ${files.length} files, threshold ${stored.threshold}\n`);
    return;
  }

  const thresholds = numbers[0] ? numbers[0].split(',').map(Number) : THRESHOLDS;
  const withTagger = (stored: StoredNameModel, t: number) => (): Redactor => new Redactor([], { names: rules.withTagger(new NameTagger(stored, t)) });
  const totals = new Map<string, number[]>();
  const add = (key: string, values: number[]): void => {
    const t = totals.get(key) ?? values.map(() => 0);
    totals.set(key, t.map((v, i) => v + values[i]!));
  };
  out.push('held-out file                       NAME rules     +tagger        strict rules   +tagger        tagger alone: name tokens  false tokens  false names rules/+tagger (threshold)');
  for (let i = 0; i < corpus.length; i++) {
    const { file, lines } = corpus[i]!;
    const stored = trainNameModel([...data.filter((_, j) => j !== i).flat(), ...askHalf(0), ...askHalf(1)], 0.5);
    const tagger = new NameTagger(stored);
    const base = measureRedaction(lines, () => new Redactor([], { names: rules }));
    const held = data[i]!;
    for (const t of thresholds) {
      const m = measureRedaction(lines, withTagger(stored, t));
      const r0 = base.recall.get('NAME') ?? { hit: 0, n: 0 };
      const r1 = m.recall.get('NAME') ?? { hit: 0, n: 0 };
      let tp = 0;
      let pos = 0;
      let fp = 0;
      for (const d of held) {
        const p = tagger.scoreFeatures(d.features);
        if (d.label === 1) pos++;
        if (p >= t && d.label === 1) tp++;
        else if (p >= t) fp++;
      }
      add(String(t), [r0.hit, r1.hit, r0.n, base.strictNames.hit, m.strictNames.hit, tp, pos, fp, base.falseNames.count, m.falseNames.count]);
      out.push(
        `${file.padEnd(35)} ${pct(r0.hit, r0.n)}  ${pct(r1.hit, r1.n)}  ${pct(base.strictNames.hit, base.strictNames.n)}  ${pct(m.strictNames.hit, m.strictNames.n)}  ${pct(tp, pos)}               ${String(fp).padStart(4)}          ${base.falseNames.count} / ${m.falseNames.count}  (${t})`,
      );
      if (verbose) out.push(...m.falseNames.words.filter((w) => !base.falseNames.words.includes(w)).map((w) => `    false (added): ${w}`));
    }
  }
  out.push('', 'all held-out files');
  for (const [t, v] of totals) out.push(`${'total'.padEnd(35)} ${pct(v[0]!, v[2]!)}  ${pct(v[1]!, v[2]!)}  ${pct(v[3]!, v[2]!)}  ${pct(v[4]!, v[2]!)}  ${pct(v[5]!, v[6]!)}               ${String(v[7]).padStart(4)}          ${v[8]} / ${v[9]}  (${t})`);

  out.push('', `articles' phrasings (${asks.length}; each half measured with a tagger trained on all ${files.length} files and the other half): false NAME placeholders`);
  const baseAsks = falseNamesIn(asks, () => new Redactor([], { names: rules }));
  out.push(`  rules alone: ${baseAsks.count}`);
  const halves = [0, 1].map((h) => ({ texts: asks.filter((_, k) => askData[k]!.half === h), stored: trainNameModel([...data.flat(), ...askHalf(1 - h)], 0.5) }));
  for (const t of thresholds) {
    const f = halves.map((h) => falseNamesIn(h.texts, withTagger(h.stored, t)));
    out.push(`  +tagger (${t}): ${f[0]!.count + f[1]!.count}${verbose ? `  ${[...f[0]!.words, ...f[1]!.words].filter((w) => !baseAsks.words.includes(w)).join(' ')}` : ''}`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
