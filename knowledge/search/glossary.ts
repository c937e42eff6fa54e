import { GLOSSARY, type GlossaryGroup } from './glossary-data.js';

/**
 * Query-time synonym expansion: when a question contains any term of a
 * glossary group, the other terms of the group are searched too (at a lower
 * weight), which bridges languages (ransomware ↔ ランサムウェア), spellings
 * (ウィルス/ウイルス) and typos (phising).
 */
export class Glossary {
  private readonly groups: readonly GlossaryGroup[];
  /** Every (group, term), group by group in the glossary's order. */
  private readonly entries: { group: number; term: string; latin: boolean }[] = [];
  /** The entries of group g: [first[g], first[g + 1]). */
  private readonly first: number[] = [];
  /**
   * Entries by their first two UTF-16 units (one for a one-unit term): a search looks up each
   * position of the question and compares the few terms that start there, instead of searching the
   * question for all ~1,000 terms one by one (that was a fifth of a search's time at the bundled
   * knowledge base, and more than the index's own work).
   */
  private readonly byPrefix = new Map<string, number[]>();
  /** Empty terms: contained in every text. */
  private readonly empty: number[] = [];
  /** Per-call scratch, reset after each call: the entries whose term occurs, the groups that match. */
  private readonly occurs: Uint8Array;
  private readonly matched: Uint8Array;

  constructor(groups: readonly GlossaryGroup[] = GLOSSARY) {
    this.groups = groups;
    groups.forEach((group, g) => {
      this.first.push(this.entries.length);
      for (const term of group.terms) {
        const e = this.entries.length;
        this.entries.push({ group: g, term, latin: LATIN_TERM.test(term) });
        if (term.length === 0) {
          this.empty.push(e);
          continue;
        }
        const key = term.slice(0, 2);
        let list = this.byPrefix.get(key);
        if (!list) this.byPrefix.set(key, (list = []));
        list.push(e);
      }
    });
    this.first.push(this.entries.length);
    this.occurs = new Uint8Array(this.entries.length);
    this.matched = new Uint8Array(groups.length);
  }

  /** Ids of the groups whose terms occur in `normalized` (already NFKC + lower-case), in the glossary's order. */
  matchingGroups(normalized: string): GlossaryGroup[] {
    this.scan(normalized);
    const out: GlossaryGroup[] = [];
    for (let g = 0; g < this.groups.length; g++) if (this.matched[g] === 1) out.push(this.groups[g]!);
    this.reset();
    return out;
  }

  /** The extra terms to search for `normalized`: the other members of every matching group. */
  expansions(normalized: string): string[] {
    this.scan(normalized);
    const out = new Set<string>();
    for (let g = 0; g < this.groups.length; g++) {
      if (this.matched[g] !== 1) continue;
      for (let e = this.first[g]!; e < this.first[g + 1]!; e++) if (this.occurs[e] === 0) out.add(this.entries[e]!.term);
    }
    this.reset();
    return [...out];
  }

  /**
   * Marks every term that occurs in `text` (anywhere, as `includes` would say), and every group
   * with a term that matches: a Japanese term anywhere, a Latin one only as a whole word (so "x"
   * in "xlsx" or "pc" in "pcs" do not fire), i.e. not next to a latin letter or digit.
   */
  private scan(text: string): void {
    for (const e of this.empty) this.mark(e);
    for (let i = 0; i < text.length; i++) {
      const one = this.byPrefix.get(text[i]!);
      if (one) this.tryAt(one, text, i);
      if (i + 1 < text.length) {
        const two = this.byPrefix.get(text.slice(i, i + 2));
        if (two) this.tryAt(two, text, i);
      }
    }
  }

  private tryAt(list: readonly number[], text: string, at: number): void {
    for (const e of list) {
      const { term, latin } = this.entries[e]!;
      if (!text.startsWith(term, at)) continue;
      this.occurs[e] = 1;
      if (!latin || (!isWordChar(text, at - 1) && !isWordChar(text, at + term.length))) this.matched[this.entries[e]!.group] = 1;
    }
  }

  private mark(e: number): void {
    this.occurs[e] = 1;
    this.matched[this.entries[e]!.group] = 1;
  }

  private reset(): void {
    this.occurs.fill(0);
    this.matched.fill(0);
  }
}

/** A Latin term (printable ASCII only): matched as a whole word. */
const LATIN_TERM = /^[\x20-\x7e]+$/;

/** Whether the unit at `i` is a latin letter or digit (outside the text: no). */
function isWordChar(text: string, i: number): boolean {
  if (i < 0 || i >= text.length) return false;
  const c = text.charCodeAt(i);
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39);
}
