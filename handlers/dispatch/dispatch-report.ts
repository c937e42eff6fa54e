import type { Lang } from '../../knowledge/text/normalize.js';
import { neutralize } from '../../knowledge/text/neutralize.js';
import type { CaseEvent } from '../cases/case-types.js';
import type { ReportBlock } from '../report/case-report.js';
import { jstMinute } from '../legal/legal-rules.js';
import { costText, dispatchesOf, hoursText } from './dispatch-card.js';
import { t } from '../../core/i18n/t.js';

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** One timeline line for a dispatch_* event, in the reader's language; null for any other event. */
export function describeDispatchEvent(lang: Lang, e: CaseEvent): string | null {
  const d = e.data;
  const why = (v: unknown) => t(lang, v === 'declined' ? 'dispatch.why.declined' : 'dispatch.why.unanswered');
  switch (e.type) {
    case 'dispatch_requested':
      return t(lang, 'dispatch.event.requested', { group: str(d.groupName), address: neutralize(str(d.address)) });
    case 'dispatch_posted':
      return t(lang, 'dispatch.event.posted', { group: str(d.groupName) });
    case 'dispatch_reminded':
      return t(lang, 'dispatch.event.reminded', { group: str(d.groupName) });
    case 'dispatch_accepted':
      return t(lang, 'dispatch.event.accepted', { group: str(d.groupName) });
    case 'dispatch_declined':
      return t(lang, 'dispatch.event.declined', { group: str(d.groupName) });
    case 'dispatch_escalated':
      return t(lang, 'dispatch.event.escalated', { to: str(d.toName), why: why(d.why) });
    case 'dispatch_unanswered':
      return t(lang, 'dispatch.event.unanswered');
    case 'dispatch_eta':
      return t(lang, 'dispatch.event.eta', { eta: jstMinute(new Date(str(d.eta))) });
    case 'dispatch_arrived':
      return t(lang, 'dispatch.event.arrived');
    case 'dispatch_cancelled':
      return t(lang, 'dispatch.event.cancelled', { group: str(d.groupName) });
    case 'dispatch_done':
      return t(lang, 'dispatch.event.done', { hours: hoursText(Number(d.hours)), cost: costText(lang, typeof d.costYen === 'number' ? d.costYen : null) });
  }
  return null;
}

/**
 * The insurer report's 「駆けつけ時間・費用」: each request (when, which group, who, arrival, end,
 * hours on site, cost) and the totals, from the case's timeline.
 */
export function dispatchReportBlocks(lang: Lang, events: readonly CaseEvent[]): ReportBlock[] {
  const all = dispatchesOf(events);
  if (all.length === 0) return [{ kind: 'paragraph', text: t(lang, 'dispatch.report.none') }];
  const unknown = t(lang, 'dispatch.report.unknown');
  const yen = (v: number | null) => (v === null ? unknown : t(lang, 'dispatch.report.yen', { yen: v.toLocaleString('en-US') }));
  const items = all.map((v) =>
    t(lang, 'dispatch.report.row', {
      at: jstMinute(v.requestedAt),
      group: v.groupName,
      name: v.technician ?? unknown,
      arrived: v.arrivedAt ? jstMinute(v.arrivedAt) : unknown,
      done: v.doneAt ? jstMinute(v.doneAt) : unknown,
      hours: v.hours === null ? unknown : hoursText(v.hours),
      cost: yen(v.costYen),
      state: t(lang, `dispatch.state.${v.state}`),
    }),
  );
  const hours = all.reduce((sum, v) => sum + (v.hours ?? 0), 0);
  const costs = all.filter((v) => v.costYen !== null);
  const total = t(lang, 'dispatch.report.total', { hours: hoursText(hours), cost: costs.length ? yen(costs.reduce((sum, v) => sum + v.costYen!, 0)) : unknown });
  return [{ kind: 'list', items }, { kind: 'paragraph', text: total }];
}
