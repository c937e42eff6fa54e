import { GLOSSARY, type GlossaryGroup } from './glossary-data.js';

/**
 * Query-time synonym expansion: when a question contains any term of a
 * glossary group, the other terms of the group are searched too (at a lower
 * weight), which bridges languages (ransomware ↔ ランサムウェア), spellings
 * (ウィルス/ウイルス) and typos (phising).
 */
export class Glossary {
  private readonly groups: readonly { group: GlossaryGroup; matchers: ((text: string) => boolean)[] }[];

  constructor(groups: readonly GlossaryGroup[] = GLOSSARY) {
    this.groups = groups.map((group) => ({ group, matchers: group.terms.map(matcherFor) }));
  }

  /** Ids of the groups whose terms occur in `normalized` (already NFKC + lower-case). */
  matchingGroups(normalized: string): GlossaryGroup[] {
    return this.groups.filter((g) => g.matchers.some((m) => m(normalized))).map((g) => g.group);
  }

  /** The extra terms to search for `normalized`: the other members of every matching group. */
  expansions(normalized: string): string[] {
    const out = new Set<string>();
    for (const group of this.matchingGroups(normalized)) {
      for (const term of group.terms) if (!normalized.includes(term)) out.add(term);
    }
    return [...out];
  }
}

function matcherFor(term: string): (text: string) => boolean {
  // Latin terms match whole words (so "x" in "xlsx" or "pc" in "pcs" do not fire); Japanese terms match anywhere.
  if (/^[\x20-\x7e]+$/.test(term)) {
    const re = new RegExp(`(^|[^a-z0-9])${term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^a-z0-9])`);
    // The substring test first: it rules out almost every term at a fraction of a regex's cost.
    return (text) => text.includes(term) && re.test(text);
  }
  return (text) => text.includes(term);
}
