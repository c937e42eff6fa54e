import { GLOSSARY } from '../../knowledge/search/glossary-data.js';

describe('the search glossary data', () => {
  it('has at least 120 groups', () => {
    expect(GLOSSARY.length).toBeGreaterThanOrEqual(120);
  });

  it('uses unique kebab-case ids', () => {
    const ids = GLOSSARY.map((g) => g.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('gives every group at least two terms', () => {
    const thin = GLOSSARY.filter((g) => g.terms.length < 2).map((g) => g.id);
    expect(thin).toEqual([]);
  });

  it('writes every term already normalised (NFKC, lower-case, trimmed) and at least 2 characters long', () => {
    const bad: string[] = [];
    for (const group of GLOSSARY) {
      for (const term of group.terms) {
        const normal = term.normalize('NFKC').toLowerCase();
        if (term !== normal || term !== term.trim() || /\s{2,}/.test(term) || [...term].length < 2) {
          bad.push(`${group.id}: ${JSON.stringify(term)}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it('puts no term in two groups (nor twice in one)', () => {
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const group of GLOSSARY) {
      for (const term of group.terms) {
        const previous = owner.get(term);
        if (previous !== undefined) clashes.push(`${JSON.stringify(term)}: ${previous} and ${group.id}`);
        else owner.set(term, group.id);
      }
    }
    expect(clashes).toEqual([]);
  });
});
