import { describeWeekly, formatOpening, isOpen, japaneseHoliday, nextOpening, parseWeekly, type OfficeHours } from '../../handlers/oncall/office-hours.js';
import { onCallAt, type Override, type Rotation } from '../../handlers/oncall/rotation.js';

const TOKYO: OfficeHours = { timeZone: 'Asia/Tokyo', weekly: parseWeekly('mon-fri 09:00-18:00'), observeHolidays: true };
const jst = (local: string) => new Date(`${local}+09:00`);

describe('office hours', () => {
  it('reads and writes a week', () => {
    expect(parseWeekly('mon-fri 09:00-12:00,13:00-18:00; sat 10:00-12:00')).toMatchObject({ mon: [['09:00', '12:00'], ['13:00', '18:00']], sat: [['10:00', '12:00']] });
    expect(describeWeekly(parseWeekly('mon-fri 09:00-18:00'))).toBe('mon 09:00-18:00; tue 09:00-18:00; wed 09:00-18:00; thu 09:00-18:00; fri 09:00-18:00');
    expect(() => parseWeekly('mon 18:00-09:00')).toThrow(RangeError);
    expect(() => parseWeekly('someday 09:00-18:00')).toThrow(RangeError);
  });

  it('knows Japanese public holidays from the maintained package', () => {
    expect(japaneseHoliday('2027-01-01')?.name).toBe('元日');
    expect(japaneseHoliday('2027-01-11')?.name).toBe('成人の日');
    expect(japaneseHoliday('2027-01-12')).toBeNull();
  });

  it('is closed at 03:00 and on a weekday holiday, open on a working morning', () => {
    expect(isOpen(TOKYO, jst('2027-01-12T10:00:00'))).toBe(true);
    expect(isOpen(TOKYO, jst('2027-01-12T03:00:00'))).toBe(false);
    expect(isOpen(TOKYO, jst('2027-01-11T10:00:00'))).toBe(false); // 成人の日, a Monday
    expect(isOpen({ ...TOKYO, observeHolidays: false }, jst('2027-01-11T10:00:00'))).toBe(true);
    expect(isOpen(TOKYO, jst('2027-01-12T18:00:00'))).toBe(false); // the end is exclusive
  });

  it('finds the next opening across a weekend and a holiday Monday', () => {
    expect(nextOpening(TOKYO, jst('2027-01-08T22:00:00'))).toEqual(jst('2027-01-12T09:00:00'));
    expect(nextOpening(TOKYO, jst('2027-01-01T03:00:00'))).toEqual(jst('2027-01-04T09:00:00'));
    expect(nextOpening(TOKYO, jst('2027-01-12T07:30:00'))).toEqual(jst('2027-01-12T09:00:00'));
    const now = jst('2027-01-12T10:00:00');
    expect(nextOpening(TOKYO, now)).toBe(now);
    expect(nextOpening({ ...TOKYO, weekly: {} }, now)).toBeNull();
  });

  it('works in another zone, across a daylight-saving change', () => {
    const london: OfficeHours = { timeZone: 'Europe/London', weekly: parseWeekly('mon-fri 09:00-17:00'), observeHolidays: false };
    // Saturday 27 Mar 2027 evening; clocks go forward on Sunday 28 Mar: Monday 09:00 is 08:00 UTC.
    expect(nextOpening(london, new Date('2027-03-27T20:00:00Z'))).toEqual(new Date('2027-03-29T08:00:00Z'));
  });

  it('writes the opening time in the reader\'s language', () => {
    expect(formatOpening('ja', jst('2027-01-12T09:00:00'), 'Asia/Tokyo')).toBe('1月12日(火) 9:00');
    expect(formatOpening('en', jst('2027-01-12T09:00:00'), 'Asia/Tokyo')).toBe('Tue 12 Jan, 09:00 (Asia/Tokyo)');
  });
});

describe('who is on call', () => {
  const rotation: Rotation = { groupId: 'g', kind: 'weekly', memberIds: ['a', 'b', 'c'], startsAt: jst('2026-12-28T00:00:00'), shiftHours: 168 };
  const override = (id: number, userId: string, from: string, to: string, created: string): Override => ({
    id, groupId: 'g', userId, startsAt: jst(from), endsAt: jst(to), reason: '', createdAt: jst(created),
  });

  it('takes weekly turns in order, also before the start', () => {
    expect(onCallAt(rotation, [], jst('2027-01-01T03:00:00'))).toEqual({ userId: 'a', source: 'rotation', until: jst('2027-01-04T00:00:00') });
    expect(onCallAt(rotation, [], jst('2027-01-04T00:00:00'))?.userId).toBe('b');
    expect(onCallAt(rotation, [], jst('2027-01-18T12:00:00'))?.userId).toBe('a');
    expect(onCallAt(rotation, [], jst('2026-12-27T23:59:00'))?.userId).toBe('c');
  });

  it('takes custom shifts in the custom order', () => {
    const daily: Rotation = { ...rotation, kind: 'custom', memberIds: ['c', 'a'], shiftHours: 24 };
    expect(onCallAt(daily, [], jst('2026-12-29T08:00:00'))?.userId).toBe('a');
    expect(onCallAt(daily, [], jst('2026-12-30T08:00:00'))?.userId).toBe('c');
  });

  it('lets the newest override covering the instant win', () => {
    const overrides = [
      override(1, 'b', '2026-12-31T00:00:00', '2027-01-03T00:00:00', '2026-12-01T00:00:00'),
      override(2, 'c', '2027-01-01T00:00:00', '2027-01-02T00:00:00', '2026-12-02T00:00:00'),
    ];
    expect(onCallAt(rotation, overrides, jst('2027-01-01T03:00:00'))).toMatchObject({ userId: 'c', source: 'override', overrideId: 2 });
    expect(onCallAt(rotation, overrides, jst('2027-01-02T03:00:00'))).toMatchObject({ userId: 'b', source: 'override' });
    expect(onCallAt(rotation, overrides, jst('2027-01-03T00:00:00'))).toMatchObject({ userId: 'a', source: 'rotation' });
    expect(onCallAt(null, [], jst('2027-01-03T00:00:00'))).toBeNull();
  });
});
