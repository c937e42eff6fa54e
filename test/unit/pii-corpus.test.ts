import fs from 'node:fs';
import path from 'node:path';
import { Redactor, type PiiKind } from '../../knowledge/llm/redaction.js';

interface CorpusLine {
  id: string;
  lang: 'ja' | 'en';
  text: string;
  spans: { start: number; end: number; kind: PiiKind; value: string }[];
}

const CORPUS = path.resolve(__dirname, '..', '..', 'knowledge', 'llm', 'pii-corpus.jsonl');
const lines: CorpusLine[] = fs
  .readFileSync(CORPUS, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as CorpusLine);

/** A labelled value counts as hidden when the redacted text no longer holds it (NFKC, as sent). */
function measure(): { recall: Map<PiiKind, { hit: number; n: number }>; leaks: string[]; overRedacted: string[] } {
  const recall = new Map<PiiKind, { hit: number; n: number }>();
  const leaks: string[] = [];
  const overRedacted: string[] = [];
  for (const line of lines) {
    const redacted = new Redactor().redact(line.text);
    for (const s of line.spans) {
      const r = recall.get(s.kind) ?? { hit: 0, n: 0 };
      r.n++;
      if (redacted.includes(s.value.normalize('NFKC'))) leaks.push(`${line.id} ${s.kind} ${s.value}`);
      else r.hit++;
      recall.set(s.kind, r);
    }
    // Over-redaction: placeholders beyond the labelled values.
    const made = (redacted.match(/\[[A-Z_]+_\d+\]/g) ?? []).length;
    const expected = new Set(line.spans.map((s) => s.value.normalize('NFKC').toLowerCase())).size;
    if (made > expected) overRedacted.push(`${line.id}: ${redacted}`);
  }
  return { recall, leaks, overRedacted };
}

describe('the labelled PII corpus', () => {
  it('is well formed: ≥ 200 snippets, ≥ 60 % Japanese, exact spans', () => {
    expect(lines.length).toBeGreaterThanOrEqual(200);
    expect(lines.filter((l) => l.lang === 'ja').length / lines.length).toBeGreaterThanOrEqual(0.6);
    for (const l of lines) for (const s of l.spans) expect(l.text.slice(s.start, s.end)).toBe(s.value);
  });

  it('prints recall per kind and the over-redactions', () => {
    const { recall, leaks, overRedacted } = measure();
    const rows = [...recall].sort().map(([k, r]) => `${k.padEnd(10)} ${(r.hit / r.n).toFixed(2)} (${r.hit}/${r.n})`);
    // The measured figures, for the README; the targets are asserted below.
    console.log(`${rows.join('\n')}\nover-redacted snippets: ${overRedacted.length}\nleaks:\n${leaks.join('\n')}\nover:\n${overRedacted.join('\n')}`);
  });

  it('hides every card number, My Number, password and token', () => {
    const { leaks } = measure();
    expect(leaks.filter((l) => /\b(CARD|MYNUMBER|PASSWORD|TOKEN)\b/.test(l))).toEqual([]);
  });
});
