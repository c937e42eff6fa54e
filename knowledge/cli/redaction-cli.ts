import path from 'node:path';
import { Command } from 'commander';
import { readArticleFolder } from '../kb/article-files.js';
import { NameFinder } from '../llm/name-finder.js';
import { Redactor } from '../llm/redaction.js';
import { articleTexts, falseNamesIn, measureRedaction, readPiiCorpus } from '../llm/redaction-eval.js';

const ROOT = path.resolve(__dirname, '..', '..');
const DEFAULT_FILES = ['knowledge/llm/pii-corpus.jsonl', 'knowledge/llm/pii-corpus-names.jsonl', 'knowledge/llm/pii-corpus-names-holdout.jsonl', 'knowledge/llm/pii-corpus-names-holdout-2.jsonl'];

/**
 * `npm run --silent redaction [-- FILE… --patterns-only --verbose]`: recall per kind on labelled
 * PII snippets (default: the issue-22 corpus and the names set), the stricter name recall (no
 * part of a name left), and false name redactions on text that names nobody: the snippets without
 * a name, and the knowledge-base articles (the staff phrasings in `asks`, and the body paragraphs
 * that go to the model as passages). `--patterns-only` measures without the name finder
 * (dictionary and NLP package), as before it existed.
 */
async function main(): Promise<void> {
  const program = new Command()
    .name('redaction')
    .argument('[files...]', 'labelled snippets, one JSON object per line')
    .option('--patterns-only', 'without the name finder (kuromoji IPADIC, compromise)')
    .option('--articles <dir>', 'articles for false name redactions', 'knowledge/articles')
    .option('--verbose', 'list the leaks, partial names and false redactions')
    .parse();
  const files = program.args.length > 0 ? program.args : DEFAULT_FILES.map((f) => path.join(ROOT, f));
  const { patternsOnly, articles: articleDir, verbose } = program.opts<{ patternsOnly?: boolean; articles: string; verbose?: boolean }>();
  const names = patternsOnly ? undefined : await NameFinder.load();
  const make = (): Redactor => new Redactor([], { names });
  const out: string[] = [`name finder: ${names ? 'kuromoji IPADIC + compromise' : 'none (patterns only)'}`];

  for (const file of files) {
    const lines = readPiiCorpus(file);
    const m = measureRedaction(lines, make);
    const ja = lines.filter((l) => l.lang === 'ja').length;
    out.push('', `${path.relative(process.cwd(), file)}: ${lines.length} snippets (${ja} ja, ${lines.length - ja} en)`);
    for (const [kind, r] of [...m.recall].sort(([a], [b]) => a.localeCompare(b))) out.push(`  ${kind.padEnd(10)} ${(r.hit / r.n).toFixed(2)} (${r.hit}/${r.n})`);
    const s = m.strictNames;
    if (s.n > 0) out.push(`  NAME strict (no part left) ${(s.hit / s.n).toFixed(2)} (${s.hit}/${s.n})`);
    out.push(`  false NAME redactions in the ${m.falseNames.of} snippets without a name: ${m.falseNames.count} (in ${m.falseNames.snippets})`);
    out.push(`  placeholders beyond the labels: ${m.extraPlaceholders} (in ${m.overRedacted.length} snippets)`);
    if (verbose) {
      out.push('  leaks:', ...m.leaks.map((l) => `    ${l}`), '  names left in part:', ...m.partialNames.map((l) => `    ${l}`));
      out.push('  false names:', ...m.falseNames.words.map((l) => `    ${l}`), '  over-redacted:', ...m.overRedacted.map((l) => `    ${l}`));
    }
  }

  const articles = await readArticleFolder(path.resolve(articleDir));
  const { asks, passages } = articleTexts(articles);
  // The phrasings as questions someone typed; the paragraphs as the passages the model is given.
  for (const [label, texts, published] of [
    ['staff phrasings (asks) of the articles, as questions', asks, false],
    ['article body paragraphs, as passages', passages, true],
  ] as const) {
    const f = falseNamesIn(texts, make, published);
    out.push('', `${label}: ${texts.length} texts, ${f.chars} characters, no personal names`);
    out.push(`  false NAME redactions: ${f.count} in ${f.texts} texts (${((1000 * f.count) / f.chars).toFixed(3)} per 1,000 characters)`);
    if (verbose) out.push(...f.words.map((w) => `    ${w}`));
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
