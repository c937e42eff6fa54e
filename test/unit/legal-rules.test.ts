import { bundledContacts } from '../../knowledge/contacts/contact-registry.js';
import { citeRule, endOfDayN, parseJapanTime, ppcDeadlines, RULE_SOURCES } from '../../handlers/legal/legal-rules.js';

describe('PPC deadlines', () => {
  it('counts the day of awareness as day 1 in Japan time, weekends included', () => {
    // 2026-12-01 00:30 JST is still 11-30 in UTC: the Japanese date decides.
    const aware = new Date('2026-11-30T15:30:00Z');
    const d = ppcDeadlines(aware, false);
    expect(d.prelim.toISOString()).toBe('2026-12-05T14:59:59.999Z');
    expect(d.final.toISOString()).toBe('2026-12-30T14:59:59.999Z');
    expect(d.finalDays).toBe(30);
  });

  it('gives the final report 60 days where the cause is a wrongful act', () => {
    const d = ppcDeadlines(new Date('2026-12-01T01:00:00Z'), true);
    expect(d.finalDays).toBe(60);
    expect(d.final.toISOString()).toBe('2027-01-29T14:59:59.999Z');
  });

  it('ends day 1 at midnight in Tokyo', () => {
    expect(endOfDayN(new Date('2026-12-01T14:59:00Z'), 1).toISOString()).toBe('2026-12-01T14:59:59.999Z');
  });
});

describe('awareness times people type', () => {
  it('reads a date and time without zone as Japan time', () => {
    expect(parseJapanTime('2026-12-01 10:00')!.toISOString()).toBe('2026-12-01T01:00:00.000Z');
    expect(parseJapanTime('2026-12-01')!.toISOString()).toBe('2026-11-30T15:00:00.000Z');
    expect(parseJapanTime('2026-12-01T10:00:00Z')!.toISOString()).toBe('2026-12-01T10:00:00.000Z');
  });

  it('refuses anything else', () => {
    for (const bad of ['yesterday', '2026/12/01', '2026-13-01 10:00', '']) expect(parseJapanTime(bad)).toBeNull();
  });
});

describe('rule sources', () => {
  it('cites every rule from an entry of the contacts registry', () => {
    const contacts = bundledContacts();
    for (const id of Object.keys(RULE_SOURCES) as (keyof typeof RULE_SOURCES)[]) {
      expect(contacts.has(RULE_SOURCES[id].contactId)).toBe(true);
      const ja = citeRule('ja', id, contacts);
      expect(ja).toContain(contacts.get(RULE_SOURCES[id].contactId)!.source);
      expect(citeRule('en', id, contacts)).toContain('contacts registry');
    }
  });
});
