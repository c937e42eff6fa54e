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

  /** The Japanese calendar date of a due time. */
  const jstDate = (d: Date) => new Date(d.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);

  it.each([
    // awareness (JST)          速報 (day 5)   確報 30 days   確報 60 days
    ['2027-01-31T10:00+09:00', '2027-02-04', '2027-03-01', '2027-03-31'], // February of a common year
    ['2028-01-31T10:00+09:00', '2028-02-04', '2028-02-29', '2028-03-30'], // February of a leap year
    ['2028-02-29T23:59+09:00', '2028-03-04', '2028-03-29', '2028-04-28'], // awareness on 29 February
    ['2026-12-31T23:30+09:00', '2027-01-04', '2027-01-29', '2027-02-28'], // year end, late at night
    ['2027-04-30T00:00+09:00', '2027-05-04', '2027-05-29', '2027-06-28'], // month end at midnight (Golden Week counts)
    ['2026-08-31T09:00+09:00', '2026-09-04', '2026-09-29', '2026-10-29'], // 31-day month into a 30-day one
  ])('aware %s: 速報 %s, 確報 %s (60 days: %s), weekends and holidays counted', (aware, prelim, final, wrongful) => {
    const at = new Date(aware);
    expect(jstDate(ppcDeadlines(at, false).prelim)).toBe(prelim);
    expect(jstDate(ppcDeadlines(at, false).final)).toBe(final);
    expect(jstDate(ppcDeadlines(at, true).final)).toBe(wrongful);
    // Every due time is the last millisecond of its Japanese day.
    for (const d of [ppcDeadlines(at, false).prelim, ppcDeadlines(at, false).final, ppcDeadlines(at, true).final]) {
      expect(new Date(d.getTime() + 1).toISOString().slice(11)).toBe('15:00:00.000Z');
    }
  });

  it('is never later than the Civil Code reading (民法第140条: the first day left out unless the period starts at 00:00)', () => {
    // 10:00 on 1 December: 第140条 counts from 2 December, 30 days end on 31 December; the desk says 30 December.
    expect(jstDate(ppcDeadlines(new Date('2026-12-01T10:00+09:00'), false).final)).toBe('2026-12-30');
    // At 00:00 the first day is a whole day and the two readings agree: 30 December either way.
    expect(jstDate(ppcDeadlines(new Date('2026-12-01T00:00+09:00'), false).final)).toBe('2026-12-30');
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
