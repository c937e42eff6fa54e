import holidayJp from '@holiday-jp/holiday_jp';
import type { Lang } from '../../knowledge/text/normalize.js';

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** One opening window in local wall-clock time, `HH:MM`–`HH:MM` (end after start, `24:00` allowed). */
export type OpeningWindow = readonly [start: string, end: string];

/** When a responder group is at its desk. */
export interface OfficeHours {
  /** IANA time zone the windows are written in, e.g. `Asia/Tokyo`. */
  timeZone: string;
  /** Opening windows per weekday; a missing or empty day is closed. */
  weekly: Partial<Record<Weekday, OpeningWindow[]>>;
  /** Whether Japanese public holidays (from @holiday-jp/holiday_jp) close the desk. Default true. */
  observeHolidays: boolean;
}

/** A local calendar date and minute of the day in some zone. */
interface LocalTime {
  date: string;
  weekday: Weekday;
  minute: number;
}

const HHMM = /^([01]\d|2[0-4]):([0-5]\d)$/;

export function minutesOf(hhmm: string): number {
  const m = HHMM.exec(hhmm);
  if (!m) throw new RangeError(`not a HH:MM time: ${hhmm}`);
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  if (minutes > 24 * 60) throw new RangeError(`not a HH:MM time: ${hhmm}`);
  return minutes;
}

/** Whether `zone` is an IANA time zone this runtime knows. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function partsFormatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', weekday: 'short',
    });
    formatters.set(zone, f);
  }
  return f;
}

function zoned(at: Date, zone: string): { y: number; mo: number; d: number; h: number; mi: number; s: number; weekday: Weekday } {
  const parts = Object.fromEntries(partsFormatter(zone).formatToParts(at).map((p) => [p.type, p.value]));
  return {
    y: Number(parts.year), mo: Number(parts.month), d: Number(parts.day), h: Number(parts.hour), mi: Number(parts.minute), s: Number(parts.second),
    weekday: String(parts.weekday).slice(0, 3).toLowerCase() as Weekday,
  };
}

function localTime(at: Date, zone: string): LocalTime {
  const z = zoned(at, zone);
  return { date: isoDate(z.y, z.mo, z.d), weekday: z.weekday, minute: z.h * 60 + z.mi };
}

const isoDate = (y: number, mo: number, d: number) => `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/** The instant at which the wall clock in `zone` shows `date` + `minute` (DST-safe to within the gap). */
export function instantAt(date: string, minute: number, zone: string): Date {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, mo - 1, d, 0, minute);
  // Offset of the zone around that wall time, applied twice to settle across an offset change.
  let guess = wall;
  for (let i = 0; i < 2; i++) {
    const z = zoned(new Date(guess), zone);
    const shown = Date.UTC(z.y, z.mo - 1, z.d, z.h, z.mi, z.s);
    guess += wall - shown;
  }
  return new Date(guess);
}

function addDays(date: string, days: number): { date: string; weekday: Weekday } {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const next = new Date(Date.UTC(y, mo - 1, d + days));
  return { date: isoDate(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate()), weekday: WEEKDAYS[next.getUTCDay()]! };
}

/** The Japanese public holiday on a local date (`YYYY-MM-DD`), or null. */
export function japaneseHoliday(date: string): { name: string; nameEn: string } | null {
  const h = (holidayJp.holidays as Record<string, { name: string; name_en: string } | undefined>)[date];
  return h ? { name: h.name, nameEn: h.name_en } : null;
}

function windowsOn(hours: OfficeHours, date: string, weekday: Weekday): [number, number][] {
  if (hours.observeHolidays && japaneseHoliday(date)) return [];
  return (hours.weekly[weekday] ?? []).map(([s, e]) => [minutesOf(s), minutesOf(e)] as [number, number]).sort((a, b) => a[0] - b[0]);
}

/** Whether the desk is open at `at`. */
export function isOpen(hours: OfficeHours, at: Date): boolean {
  const local = localTime(at, hours.timeZone);
  return windowsOn(hours, local.date, local.weekday).some(([s, e]) => local.minute >= s && local.minute < e);
}

/** How far ahead the next opening is looked for; a desk closed this long is treated as never opening. */
const HORIZON_DAYS = 366;

/**
 * The next instant the desk opens at or after `at` (`at` itself when open now), skipping closed
 * weekdays and, when observed, Japanese public holidays; null when no window opens within a year.
 */
export function nextOpening(hours: OfficeHours, at: Date): Date | null {
  if (isOpen(hours, at)) return at;
  const local = localTime(at, hours.timeZone);
  for (let i = 0; i <= HORIZON_DAYS; i++) {
    const day = i === 0 ? { date: local.date, weekday: local.weekday } : addDays(local.date, i);
    for (const [start] of windowsOn(hours, day.date, day.weekday)) {
      if (i === 0 && start <= local.minute) continue;
      return instantAt(day.date, start, hours.timeZone);
    }
  }
  return null;
}

/** An instant as the reader reads it, in the group's zone: `12月7日(月) 9:00` / `Mon 7 Dec, 09:00 (Asia/Tokyo)`. */
export function formatOpening(lang: Lang, at: Date, zone: string): string {
  if (lang === 'ja') {
    const s = new Intl.DateTimeFormat('ja-JP', { timeZone: zone, month: 'long', day: 'numeric', weekday: 'short', hour: 'numeric', minute: '2-digit' }).format(at);
    return zone === 'Asia/Tokyo' ? s : `${s}(${zone})`;
  }
  const s = new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
  return `${s} (${zone})`;
}

/**
 * Parses a week written as `mon-fri 09:00-18:00; sat 09:00-12:00` (days or day ranges, then one or
 * more windows separated by commas). Throws RangeError with a readable reason.
 */
export function parseWeekly(spec: string): OfficeHours['weekly'] {
  const weekly: Partial<Record<Weekday, OpeningWindow[]>> = {};
  for (const part of spec.split(';').map((p) => p.trim()).filter(Boolean)) {
    const m = /^([a-z,-]+)\s+(.+)$/i.exec(part);
    if (!m) throw new RangeError(`cannot read "${part}": expected e.g. "mon-fri 09:00-18:00"`);
    const days = expandDays(m[1]!.toLowerCase());
    const windows = m[2]!.split(',').map((w) => {
      const [s, e] = w.trim().split('-');
      if (!s || !e || minutesOf(s) >= minutesOf(e)) throw new RangeError(`bad window "${w.trim()}": expected HH:MM-HH:MM with the end after the start`);
      return [s, e] as const;
    });
    for (const d of days) weekly[d] = [...(weekly[d] ?? []), ...windows];
  }
  return weekly;
}

function expandDays(spec: string): Weekday[] {
  const out: Weekday[] = [];
  for (const piece of spec.split(',')) {
    const [a, b] = piece.split('-') as [string, string | undefined];
    const from = WEEKDAYS.indexOf(a as Weekday);
    const to = b === undefined ? from : WEEKDAYS.indexOf(b as Weekday);
    if (from < 0 || to < 0) throw new RangeError(`unknown day in "${piece}": use sun mon tue wed thu fri sat`);
    for (let i = from; ; i = (i + 1) % 7) {
      out.push(WEEKDAYS[i]!);
      if (i === to) break;
    }
  }
  return out;
}

/** The week written back the way parseWeekly reads it. */
export function describeWeekly(weekly: OfficeHours['weekly']): string {
  return WEEKDAYS.filter((d) => (weekly[d] ?? []).length > 0)
    .map((d) => `${d} ${weekly[d]!.map(([s, e]) => `${s}-${e}`).join(',')}`)
    .join('; ');
}
