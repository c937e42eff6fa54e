import { systemClock } from '../../core/clock.js';
import type { Queryable } from '../../db/database.js';
import type { Severity } from '../../knowledge/taxonomy.js';
import type { Outbound } from '../cards.js';
import type { CaseRecord } from '../cases/case-types.js';
import type { ResponderGroup } from '../directory/directory-types.js';
import type { JobSpec } from '../jobs.js';
import type { HandlerServices, OnCallPolicy } from '../services.js';
import { textCard } from '../ask/answer-card.js';
import { formatOpening, isOpen, nextOpening } from './office-hours.js';
import { OnCallStore } from './oncall-store.js';
import { pageJob } from './oncall-page.js';
import { t } from '../../core/i18n/t.js';

/** Defaults when the services carry no policy (hand-built services in tests); config's defaults are the same. */
export const DEFAULT_ONCALL_POLICY: OnCallPolicy = {
  pageAttempts: 3,
  ackRemindMinutes: { critical: 15, high: 30, medium: 120, low: 240 },
  ackRevertMinutes: { critical: 30, high: 60, medium: 240, low: 480 },
};

export const policyOf = (services: Pick<HandlerServices, 'oncall'>): OnCallPolicy => services.oncall ?? DEFAULT_ONCALL_POLICY;
export const nowOf = (services: Pick<HandlerServices, 'clock'>): Date => (services.clock ?? systemClock)();

/** Severities that page the on-call responder outside office hours; the others wait for the next opening. */
export const PAGING_SEVERITIES: readonly Severity[] = ['critical', 'high'];

/** What an escalation outside office hours does, as recorded on the timeline (`after_hours`). */
export interface AfterHours {
  round: number;
  /** ISO instant of the next opening, or null when the group's hours never open. */
  nextOpen: string | null;
  timeZone: string;
  /** Whether the on-call responder is paged (critical / high). */
  paging: boolean;
}

/**
 * Decides, inside the escalation's transaction, whether the group is outside its office hours;
 * when it is, records `after_hours` on the timeline and, for a critical or high case, returns the
 * first page job, which takes the place of the round's first timer (the page chain records that
 * timer itself once the pages run out). Null inside office hours or for a group without hours.
 */
export async function planAfterHours(
  services: HandlerServices,
  c: CaseRecord,
  group: ResponderGroup | null,
  tx: Queryable,
): Promise<{ record: AfterHours; page: JobSpec<'oncall.page'> | null } | null> {
  if (!group) return null;
  const plan = decideAfterHours(services, c, await new OnCallStore(services.db).hours(group.id, tx));
  if (plan) await services.cases.appendEvent(c.id, 'after_hours', { kind: 'system' }, { ...plan.record }, tx);
  return plan;
}

/**
 * planAfterHours without the reads and writes: for escalated case `c` (its new round) and the
 * group's office hours, what the escalation does outside them (the `after_hours` event's data
 * and the first page), or null inside them or for a group without hours.
 */
export function decideAfterHours(
  services: Pick<HandlerServices, 'clock'>,
  c: CaseRecord,
  hours: Awaited<ReturnType<OnCallStore['hours']>>,
): { record: AfterHours; page: JobSpec<'oncall.page'> | null } | null {
  const now = nowOf(services);
  if (!hours || isOpen(hours, now)) return null;
  const paging = PAGING_SEVERITIES.includes(c.severity ?? 'medium');
  const next = nextOpening(hours, now);
  const record: AfterHours = { round: c.escalationRound, nextOpen: next?.toISOString() ?? null, timeZone: hours.timeZone, paging };
  return { record, page: paging ? pageJob(c.id, c.escalationRound, 0, now) : null };
}

/**
 * What the asker is told when their case reached the responders outside office hours: for a
 * critical or high case that the on-call responder was paged; otherwise, honestly, from when a
 * person will see it (the next opening, in the group's time zone, in the asker's language).
 * Null when the current round was escalated within office hours.
 */
export async function afterHoursNotice(services: HandlerServices, c: CaseRecord): Promise<Outbound | null> {
  if (c.state !== 'escalated') return null;
  const events = await services.cases.events(c.id);
  const e = events.findLast((x) => x.type === 'after_hours' && (x.data as Partial<AfterHours>).round === c.escalationRound);
  if (!e) return null;
  const data = e.data as unknown as AfterHours;
  if (data.paging) return { to: c.threadRef, card: textCard(t(c.lang, 'oncall.afterHours.paged', { number: c.number })) };
  if (!data.nextOpen) return { to: c.threadRef, card: textCard(t(c.lang, 'oncall.afterHours.noOpening', { number: c.number })) };
  const when = formatOpening(c.lang, new Date(data.nextOpen), data.timeZone);
  return { to: c.threadRef, card: textCard(t(c.lang, 'oncall.afterHours.wait', { number: c.number, when })) };
}
