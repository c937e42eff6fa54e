import type { Contact, ContactRegistry } from '../../knowledge/contacts/contact-registry.js';
import { both, t, type Lang } from '../../core/i18n/t.js';

/**
 * The PPC reporting rule as this desk applies it (README "Legal clocks and insurance"); its wording,
 * in both languages, is the catalogue's legal.rule.* and legal.basis.* (core/i18n).
 *
 * - 速報 (preliminary report): 個人情報保護法 第26条第1項 and 施行規則 第8条第1項 (the reportable
 *   cases: 第7条) ask for it 「速やかに」 after becoming aware; the Commission's guidelines (通則編
 *   3-5-3-3) give 「概ね3〜5日以内」 as the rough measure. The desk records the guidance as written and
 *   shows its outer end, day 5, as the due date (the card says 「表示は5日目」); the first reminder
 *   comes at 09:00 on day 3, where the guidance's range begins.
 * - 確報 (final report): 施行規則 第8条第2項: 「当該事態を知った日から30日以内」, 60 days where the
 *   breach is (or may be) caused by an act done for a wrongful purpose (不正の目的, 第7条第3号).
 *
 * Counting: calendar days in Japan time, weekends and public holidays included (the guidelines,
 * 3-5-3-4, count them for the 確報), the day of awareness being day 1; a due date ends at
 * 23:59:59.999 JST. The Civil Code's rule for periods (民法第140条, applied where a law says no
 * otherwise) leaves out the first day unless the period starts at 00:00, which would give one day
 * more: awareness on 1 December at 10:00 → 確報 by 31 December under 第140条, by 30 December here.
 * Counting the day of awareness as day 1 is never later than either reading (the same day when
 * awareness is at 00:00 JST), so the desk's date is the safe one. Month and year ends fall out of
 * the calendar arithmetic (test/unit/legal-rules.test.ts pins them).
 */
export const PPC_RULES = {
  prelimGuidance: both('legal.rule.prelimGuidance'),
  prelimDays: 5,
  finalDays: 30,
  finalDaysWrongful: 60,
} as const;

/** Where each rule comes from: the law's articles, and the body's entry in the contacts registry. */
export interface RuleSource {
  /** The rule in one line, in the reader's language. */
  rule: Record<Lang, string>;
  /** The article or guideline it rests on. */
  basis: Record<Lang, string>;
  /** The contacts-registry entry of the body that publishes it (its `source` page is cited). */
  contactId: string;
}

export const RULE_SOURCES = {
  prelim: {
    rule: both('legal.rule.prelim'),
    basis: both('legal.basis.prelim'),
    contactId: 'ppc-report',
  },
  final: {
    rule: both('legal.rule.final'),
    basis: both('legal.basis.final'),
    contactId: 'ppc-report',
  },
  notice: {
    rule: both('legal.rule.notice'),
    basis: both('legal.basis.notice'),
    contactId: 'ppc-report',
  },
  ipa: {
    rule: both('legal.rule.ipa'),
    basis: both('legal.basis.ipa'),
    contactId: 'ipa-company-desk',
  },
  police: {
    rule: both('legal.rule.police'),
    basis: both('legal.basis.police'),
    contactId: 'police-prefectural',
  },
} as const satisfies Record<string, RuleSource>;

export type RuleId = keyof typeof RULE_SOURCES;

/** One cited line: the rule, its basis, and the registry entry's source page and check date. */
export function citeRule(lang: Lang, id: RuleId, contacts: ContactRegistry): string {
  const r: RuleSource = RULE_SOURCES[id];
  const c: Contact | undefined = contacts.get(r.contactId);
  const from = c ? t(lang, 'legal.citeFrom', { name: c.name[lang], source: c.source, id: c.id, checked: c.checked }) : r.contactId;
  return t(lang, 'legal.cite', { rule: r.rule[lang], basis: r.basis[lang], from });
}

const DAY = 86_400_000;
const JST = 9 * 3_600_000;

/** The end (23:59:59.999 JST) of the `n`th calendar day in Japan, the day of `from` being day 1. */
export function endOfDayN(from: Date, n: number): Date {
  const jstMidnight = Math.floor((from.getTime() + JST) / DAY) * DAY - JST;
  return new Date(jstMidnight + n * DAY - 1);
}

/** 09:00 JST on the calendar day of `due`, minus `daysBefore` days (when the reminders go out). */
export function morningOf(due: Date, daysBefore = 0): Date {
  const jstMidnight = Math.floor((due.getTime() + JST) / DAY) * DAY - JST;
  return new Date(jstMidnight + 9 * 3_600_000 - daysBefore * DAY);
}

export interface PpcDeadlines {
  /** 速報: shown due date (day 5). */
  prelim: Date;
  /** 確報: day 30, or day 60 where wrongful. */
  final: Date;
  finalDays: number;
}

export function ppcDeadlines(awareAt: Date, wrongful: boolean): PpcDeadlines {
  const finalDays = wrongful ? PPC_RULES.finalDaysWrongful : PPC_RULES.finalDays;
  return { prelim: endOfDayN(awareAt, PPC_RULES.prelimDays), final: endOfDayN(awareAt, finalDays), finalDays };
}

/** Japan date and time, `2026-12-06 09:00 JST`. */
export function jstMinute(d: Date): string {
  const j = new Date(d.getTime() + JST).toISOString();
  return `${j.slice(0, 10)} ${j.slice(11, 16)} JST`;
}

/** Parses an awareness time a person typed: ISO with zone, or `YYYY-MM-DD[ HH:MM]` read as Japan time. */
export function parseJapanTime(text: string): Date | null {
  const s = text.trim();
  const local = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}))?$/.exec(s);
  if (local) {
    const [, y, mo, d, h = '00', mi = '00'] = local;
    const at = new Date(`${y}-${mo}-${d}T${h}:${mi}:00+09:00`);
    return Number.isNaN(at.getTime()) ? null : at;
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(s)) return null;
  const at = new Date(s);
  return Number.isNaN(at.getTime()) ? null : at;
}
