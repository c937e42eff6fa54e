import { normalizeText } from '../text/normalize.js';
import { classifyEn, classifyJa, enPaymentPolarity, jaPaymentPolarity } from './negation.js';
import { splitSentences } from './sentences.js';
import { EN_FACTS } from './signals-en.js';
import { JA_FACTS } from './signals-ja.js';
import type { FactPattern, FactReading, Polarity } from './types.js';

/** The latest reading of every fact across a thread, plus which facts were mentioned at all. */
export class FactView {
  private readonly latest = new Map<string, FactReading>();
  private readonly seen = new Set<string>();

  add(reading: FactReading): void {
    this.seen.add(reading.fact);
    const prev = this.latest.get(reading.fact);
    if (!prev || reading.order >= prev.order) this.latest.set(reading.fact, reading);
  }

  /** The latest statement about the fact is that it happened (or is the case). */
  on(fact: string): boolean {
    return this.latest.get(fact)?.polarity === 'affirmed';
  }

  reading(fact: string): FactReading | undefined {
    return this.latest.get(fact);
  }

  polarity(fact: string): Polarity | undefined {
    return this.latest.get(fact)?.polarity;
  }

  mentioned(fact: string): boolean {
    return this.seen.has(fact);
  }

  /** Mentioned only as a what-if or as prevention: shapes the topic, never the severity. */
  onlyHypothetical(fact: string): boolean {
    const p = this.polarity(fact);
    return p === 'hypothetical' || p === 'preventive';
  }

  /** The later of two facts wins (e.g. "still connected" then "now disconnected"). */
  laterThan(a: string, b: string): boolean {
    const ra = this.latest.get(a);
    const rb = this.latest.get(b);
    if (!ra) return false;
    return !rb || ra.order > rb.order;
  }

  facts(): string[] {
    return [...this.seen];
  }
}

/**
 * Japanese drops the object once it is known ("リンクが届きました。押してません"): a bare
 * click/open verb at the start of a sentence is about the link if one was mentioned,
 * otherwise about the attachment.
 */
function resolveBareClicks(view: FactView): void {
  const reading = view.reading('bare-click');
  if (!reading) return;
  const target = view.mentioned('link-mention') ? 'link-clicked' : view.mentioned('attachment-context') ? 'attachment-opened' : null;
  if (target) view.add({ ...reading, fact: target });
}

function readPattern(view: FactView, sentence: string, base: number, pattern: FactPattern, isJa: boolean): void {
  const re = new RegExp(pattern.re.source, pattern.re.flags.includes('g') ? pattern.re.flags : `${pattern.re.flags}g`);
  for (const m of sentence.matchAll(re)) {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    let polarity: Polarity | null;
    if (pattern.fact === 'payment') {
      polarity = isJa ? jaPaymentPolarity(sentence, start, end) : enPaymentPolarity(sentence, start, end);
    } else {
      polarity = isJa ? classifyJa(sentence, start, end, pattern.kind) : classifyEn(sentence, start, end, pattern.kind);
    }
    if (polarity) view.add({ fact: pattern.fact, polarity, order: base + start });
  }
}

/** Reads every fact in each sentence, oldest message first, so that later statements win. */
export function detectFacts(sentencesByMessage: string[][]): FactView {
  const view = new FactView();
  sentencesByMessage.forEach((sentences, mi) => {
    sentences.forEach((sentence, si) => {
      const base = mi * 1_000_000 + si * 10_000;
      for (const p of JA_FACTS) readPattern(view, sentence, base, p, true);
      for (const p of EN_FACTS) readPattern(view, sentence, base, p, false);
    });
  });
  resolveBareClicks(view);
  return view;
}

export function toSentences(message: string): string[] {
  return splitSentences(normalizeText(message));
}
