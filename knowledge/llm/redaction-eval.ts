import fs from 'node:fs';
import type { PiiKind, Redactor } from './redaction.js';

/** One labelled snippet of a PII corpus file (knowledge/llm/pii-corpus*.jsonl). */
export interface PiiCorpusLine {
  id: string;
  lang: 'ja' | 'en';
  text: string;
  spans: { start: number; end: number; kind: PiiKind; value: string }[];
}

/** Hidden / labelled values of one kind. */
export interface KindRecall {
  hit: number;
  n: number;
}

/** What one corpus measures. */
export interface RedactionMeasure {
  /**
   * A labelled value counts as hidden when the redacted text (as sent: NFKC) no longer holds
   * it, that is no more often than the text around the labels does (東 of 東さん is hidden
   * though 東口 stays). `[NAME_1]花子` for 鈴木花子 counts as hidden here.
   */
  recall: Map<PiiKind, KindRecall>;
  /**
   * Stricter, names only: no part of the name may stay either. A part is a word of
   * the name (花子 of 鈴木 花子, Smith of John Smith) or, for a Japanese name written
   * without a space, any two or more of its characters, and it counts as left only
   * when the redacted text holds it more often than the text around the labels did.
   */
  strictNames: KindRecall;
  /** Labelled values still in the redacted text, as `id KIND value`. */
  leaks: string[];
  /** Names left whole or in part, as `id value → redacted text`. */
  partialNames: string[];
  /** Distinct placeholders beyond the labelled values (each snippet: made − expected, when positive). */
  extraPlaceholders: number;
  /** NAME placeholders in snippets with no labelled name, and the words they hid. */
  falseNames: { count: number; snippets: number; of: number; words: string[] };
  /** Snippets with more placeholders than labelled values, as `id: redacted`. */
  overRedacted: string[];
}

/** Reads a JSONL corpus file. */
export function readPiiCorpus(file: string): PiiCorpusLine[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as PiiCorpusLine);
}

const CJK = /[\u3040-\u30ff\u3400-\u9fff]/;

function occurrences(haystack: string, needle: string): number {
  let n = 0;
  for (let i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + needle.length)) n++;
  return n;
}

/** The parts of a name whose staying counts as a partial leak (see `strictNames`). */
function nameParts(value: string): string[] {
  const words = value.split(/[\s・]+/).filter(Boolean);
  const parts = new Set<string>(words.length > 1 ? words.filter((w) => (CJK.test(w) ? w.length >= 1 : w.length >= 2)) : []);
  for (const w of words) {
    if (!CJK.test(w) || w.length < 3) continue;
    for (let len = 2; len < w.length; len++) for (let i = 0; i + len <= w.length; i++) parts.add(w.slice(i, i + len));
  }
  return [...parts];
}

/** The NAME values a redactor hid (through restore, which gives NAME values back to their writer). */
export function hiddenNames(redactor: Redactor): string[] {
  const n = redactor.counts().NAME ?? 0;
  return Array.from({ length: n }, (_, i) => redactor.restore(`[NAME_${i + 1}]`, { lang: 'en', toWriter: true }));
}

/** Runs `makeRedactor()` once per snippet over `lines` and measures what stayed and what was hidden. */
export function measureRedaction(lines: readonly PiiCorpusLine[], makeRedactor: () => Redactor): RedactionMeasure {
  const recall = new Map<PiiKind, KindRecall>();
  const strictNames: KindRecall = { hit: 0, n: 0 };
  const leaks: string[] = [];
  const partialNames: string[] = [];
  const overRedacted: string[] = [];
  const falseNames = { count: 0, snippets: 0, of: 0, words: [] as string[] };
  let extraPlaceholders = 0;
  for (const line of lines) {
    const redactor = makeRedactor();
    const redacted = redactor.redact(line.text);
    // The text around the labels: a part that stood there anyway is no leak when it stays.
    let around = line.text;
    for (const s of [...line.spans].sort((a, b) => b.start - a.start)) around = around.slice(0, s.start) + '\u0000' + around.slice(s.end);
    around = around.normalize('NFKC');
    for (const s of line.spans) {
      const value = s.value.normalize('NFKC');
      const r = recall.get(s.kind) ?? { hit: 0, n: 0 };
      r.n++;
      const whole = occurrences(redacted, value) > occurrences(around, value);
      if (whole) leaks.push(`${line.id} ${s.kind} ${s.value}`);
      else r.hit++;
      recall.set(s.kind, r);
      if (s.kind !== 'NAME') continue;
      strictNames.n++;
      const left = whole ? [value] : nameParts(value).filter((p) => occurrences(redacted, p) > occurrences(around, p));
      if (left.length === 0) strictNames.hit++;
      else partialNames.push(`${line.id} ${s.value} → ${redacted.replace(/\n/g, '⏎')}`);
    }
    const made = new Set(redacted.match(/\[[A-Z_]+_\d+\]/g) ?? []).size;
    const expected = new Set(line.spans.map((s) => `${s.kind} ${s.value.normalize('NFKC').toLowerCase()}`)).size;
    if (made > expected) {
      extraPlaceholders += made - expected;
      overRedacted.push(`${line.id}: ${redacted.replace(/\n/g, '⏎')}`);
    }
    if (!line.spans.some((s) => s.kind === 'NAME')) {
      falseNames.of++;
      const words = hiddenNames(redactor);
      if (words.length > 0) {
        falseNames.snippets++;
        falseNames.count += words.length;
        falseNames.words.push(...words.map((w) => `${line.id}:${w}`));
      }
    }
  }
  return { recall, strictNames, leaks, partialNames, extraPlaceholders, falseNames, overRedacted };
}

/** NAME placeholders made on texts that hold no personal name (knowledge-base articles): every one is a false redaction. */
export function falseNamesIn(
  texts: readonly { id: string; text: string }[],
  makeRedactor: () => Redactor,
  /** Redact as published article text (passages), or as a message someone typed (default). */
  published = false,
): { count: number; texts: number; chars: number; words: string[] } {
  let count = 0;
  let hit = 0;
  let chars = 0;
  const words: string[] = [];
  for (const t of texts) {
    const redactor = makeRedactor();
    redactor.redact(t.text, { published });
    chars += t.text.length;
    const names = hiddenNames(redactor);
    if (names.length > 0) hit++;
    count += names.length;
    words.push(...names.map((w) => `${t.id}:${w}`));
  }
  return { count, texts: hit, chars, words };
}

/**
 * Texts that hold no personal data, for counting false redactions: the articles' phrasings (as
 * questions someone typed) and their body paragraphs (as the passages a model is given).
 */
export function articleTexts(articles: readonly { slug: string; asks: readonly string[]; body: string }[]): {
  asks: { id: string; text: string }[];
  passages: { id: string; text: string }[];
} {
  return {
    asks: articles.flatMap((a) => a.asks.map((text, i) => ({ id: `${a.slug}#ask${i + 1}`, text }))),
    passages: articles.flatMap((a) =>
      a.body
        .split(/\n\s*\n/)
        .filter((p) => p.trim().length > 0)
        .map((text, i) => ({ id: `${a.slug}#p${i + 1}`, text })),
    ),
  };
}
