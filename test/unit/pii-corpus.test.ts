import path from 'node:path';
import { NameFinder } from '../../knowledge/llm/name-finder.js';
import { Redactor } from '../../knowledge/llm/redaction.js';
import { measureRedaction, readPiiCorpus, type RedactionMeasure } from '../../knowledge/llm/redaction-eval.js';

const DIR = path.resolve(__dirname, '..', '..', 'knowledge', 'llm');
/** The issue-22 corpus, and the name sets written later (npm run redaction prints all three). */
const lines = readPiiCorpus(path.join(DIR, 'pii-corpus.jsonl'));
const nameSets = ['pii-corpus-names.jsonl', 'pii-corpus-names-holdout.jsonl', 'pii-corpus-names-holdout-2.jsonl'].map((f) => readPiiCorpus(path.join(DIR, f)));

let finder: NameFinder;
beforeAll(async () => {
  finder = await NameFinder.load();
}, 60_000);

const measure = (): RedactionMeasure => measureRedaction(lines, () => new Redactor([], { names: finder }));

describe('the labelled PII corpus', () => {
  it('is well formed: ≥ 200 snippets, ≥ 60 % Japanese, exact spans', () => {
    expect(lines.length).toBeGreaterThanOrEqual(200);
    expect(lines.filter((l) => l.lang === 'ja').length / lines.length).toBeGreaterThanOrEqual(0.6);
    for (const l of lines) for (const s of l.spans) expect(l.text.slice(s.start, s.end)).toBe(s.value);
  });

  it('has name sets of ≥ 30 snippets each, ≥ 60 % Japanese, exact spans and unique ids', () => {
    const ids = new Set([...lines, ...nameSets.flat()].map((l) => l.id));
    expect(ids.size).toBe(lines.length + nameSets.flat().length);
    for (const set of nameSets) {
      expect(set.length).toBeGreaterThanOrEqual(30);
      expect(set.filter((l) => l.lang === 'ja').length / set.length).toBeGreaterThanOrEqual(0.6);
      for (const l of set) for (const s of l.spans) expect(l.text.slice(s.start, s.end)).toBe(s.value);
    }
  });

  it('prints recall per kind and the over-redactions', () => {
    const m = measure();
    const rows = [...m.recall].sort().map(([k, r]) => `${k.padEnd(10)} ${(r.hit / r.n).toFixed(2)} (${r.hit}/${r.n})`);
    // The measured figures, for the README (npm run redaction prints them for every set); the targets are asserted below.
    console.log(`${rows.join('\n')}\nover-redacted snippets: ${m.overRedacted.length}\nleaks:\n${m.leaks.join('\n')}\nover:\n${m.overRedacted.join('\n')}`);
  });

  it('hides every card number, My Number, password and token', () => {
    const { leaks } = measure();
    expect(leaks.filter((l) => /\b(CARD|MYNUMBER|PASSWORD|TOKEN)\b/.test(l))).toEqual([]);
  });

  it('hides ≥ 95 % of the names, whole, and takes no word of a snippet without a name for one', () => {
    const m = measure();
    const names = m.recall.get('NAME')!;
    expect(names.hit / names.n).toBeGreaterThanOrEqual(0.95);
    expect(m.strictNames.hit / m.strictNames.n).toBeGreaterThanOrEqual(0.95);
    expect(m.falseNames.words).toEqual([]);
  });
});
