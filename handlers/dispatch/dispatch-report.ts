import type { Lang } from '../../knowledge/text/normalize.js';
import { neutralize } from '../../knowledge/text/neutralize.js';
import type { CaseEvent } from '../cases/case-types.js';
import type { ReportBlock } from '../report/case-report.js';
import { jstMinute } from '../legal/legal-rules.js';
import { costText, dispatchesOf, hoursText } from './dispatch-card.js';
import { dt } from './dispatch-messages.js';

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** One timeline line for a dispatch_* event, in the reader's language; null for any other event. */
export function describeDispatchEvent(lang: Lang, e: CaseEvent): string | null {
  const d = e.data;
  const why = (v: unknown) => dt(lang, v === 'declined' ? 'why.declined' : 'why.unanswered');
  switch (e.type) {
    case 'dispatch_requested':
      return dt(lang, 'event.requested', { group: str(d.groupName), address: neutralize(str(d.address)) });
    case 'dispatch_posted':
      return dt(lang, 'event.posted', { group: str(d.groupName) });
    case 'dispatch_reminded':
      return dt(lang, 'event.reminded', { group: str(d.groupName) });
    case 'dispatch_accepted':
      return dt(lang, 'event.accepted', { group: str(d.groupName) });
    case 'dispatch_declined':
      return dt(lang, 'event.declined', { group: str(d.groupName) });
    case 'dispatch_escalated':
      return dt(lang, 'event.escalated', { to: str(d.toName), why: why(d.why) });
    case 'dispatch_unanswered':
      return dt(lang, 'event.unanswered');
    case 'dispatch_eta':
      return dt(lang, 'event.eta', { eta: jstMinute(new Date(str(d.eta))) });
    case 'dispatch_arrived':
      return dt(lang, 'event.arrived');
    case 'dispatch_done':
      return dt(lang, 'event.done', { hours: hoursText(Number(d.hours)), cost: costText(lang, typeof d.costYen === 'number' ? d.costYen : null) });
  }
  return null;
}

/**
 * The insurer report's 「駆けつけ時間・費用」: each request (when, which group, who, arrival, end,
 * hours on site, cost) and the totals, from the case's timeline.
 */
export function dispatchReportBlocks(lang: Lang, events: readonly CaseEvent[]): ReportBlock[] {
  const all = dispatchesOf(events);
  if (all.length === 0) return [{ kind: 'paragraph', text: dt(lang, 'report.none') }];
  const unknown = dt(lang, 'report.unknown');
  const yen = (v: number | null) => (v === null ? unknown : dt(lang, 'report.yen', { yen: v.toLocaleString('en-US') }));
  const items = all.map((v) =>
    dt(lang, 'report.row', {
      at: jstMinute(v.requestedAt),
      group: v.groupName,
      name: v.technician ?? unknown,
      arrived: v.arrivedAt ? jstMinute(v.arrivedAt) : unknown,
      done: v.doneAt ? jstMinute(v.doneAt) : unknown,
      hours: v.hours === null ? unknown : hoursText(v.hours),
      cost: yen(v.costYen),
      state: dt(lang, `state.${v.state}`),
    }),
  );
  const hours = all.reduce((sum, v) => sum + (v.hours ?? 0), 0);
  const costs = all.filter((v) => v.costYen !== null);
  const total = dt(lang, 'report.total', { hours: hoursText(hours), cost: costs.length ? yen(costs.reduce((sum, v) => sum + v.costYen!, 0)) : unknown });
  return [{ kind: 'list', items }, { kind: 'paragraph', text: total }];
}
