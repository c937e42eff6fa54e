import type { Lang } from '../../knowledge/text/normalize.js';
import { neutralize } from '../../knowledge/text/neutralize.js';
import { categoryLabel, severityLabel } from '../ask/answer-card.js';
import type { Card, CardBlock, CardButton } from '../cards.js';
import type { CaseEvent, CaseRecord } from '../cases/case-types.js';
import { jstMinute } from '../legal/legal-rules.js';
import type { DispatchDetails, DispatchRecord, DispatchState } from './dispatch-store.js';
import { t } from '../../core/i18n/t.js';

export const DISPATCH_REQUEST_ACTION = 'dispatch.request';
export const DISPATCH_ACCEPT_ACTION = 'dispatch.accept';
export const DISPATCH_DECLINE_ACTION = 'dispatch.decline';
export const DISPATCH_ETA_ACTION = 'dispatch.eta';
export const DISPATCH_ARRIVED_ACTION = 'dispatch.arrived';
export const DISPATCH_DONE_ACTION = 'dispatch.done';
/** On the case card (value: the request's id): a responder of the case's group calls the request off. */
export const DISPATCH_CANCEL_ACTION = 'dispatch.cancel';

/** The buttons pressed on a dispatch post (value: the request's id), as opposed to the case card's request button. */
export const DISPATCH_POST_ACTIONS: readonly string[] = [DISPATCH_ACCEPT_ACTION, DISPATCH_DECLINE_ACTION, DISPATCH_ETA_ACTION, DISPATCH_ARRIVED_ACTION, DISPATCH_DONE_ACTION];

/** One request as the case's timeline tells it (the dispatch_* events folded). */
export interface DispatchView {
  id: number;
  state: DispatchState;
  requestedAt: Date;
  groupName: string;
  technician: string | null;
  eta: Date | null;
  arrivedAt: Date | null;
  doneAt: Date | null;
  hours: number | null;
  costYen: number | null;
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** Folds the case's dispatch events into its requests, oldest first. */
export function dispatchesOf(events: readonly CaseEvent[]): DispatchView[] {
  const byId = new Map<number, DispatchView>();
  for (const e of events) {
    if (!e.type.startsWith('dispatch_')) continue;
    const d = e.data;
    const id = Number(d.dispatchId);
    if (e.type === 'dispatch_requested') {
      byId.set(id, { id, state: 'requested', requestedAt: e.at, groupName: str(d.groupName), technician: null, eta: null, arrivedAt: null, doneAt: null, hours: null, costYen: null });
      continue;
    }
    const v = byId.get(id);
    if (!v) continue;
    if (e.type === 'dispatch_escalated') v.groupName = str(d.toName);
    else if (e.type === 'dispatch_unanswered') v.state = 'unanswered';
    else if (e.type === 'dispatch_cancelled') v.state = 'cancelled';
    else if (e.type === 'dispatch_accepted') Object.assign(v, { state: 'accepted', groupName: str(d.groupName), technician: str(d.byName) });
    else if (e.type === 'dispatch_eta') v.eta = new Date(str(d.eta));
    else if (e.type === 'dispatch_arrived') Object.assign(v, { state: 'arrived', arrivedAt: new Date(str(d.arrivedAt)) });
    else if (e.type === 'dispatch_done') {
      Object.assign(v, { state: 'done', doneAt: new Date(str(d.doneAt)), hours: Number(d.hours), costYen: typeof d.costYen === 'number' ? d.costYen : null });
    }
  }
  return [...byId.values()];
}

export const OPEN_STATES: readonly DispatchState[] = ['requested', 'accepted', 'arrived'];

/** `1.5`, `2` — hours as people write them. */
export function hoursText(h: number): string {
  return String(Math.round(h * 100) / 100);
}

/** `、費用 12,000 円` / `, cost ¥12,000`, or nothing without a cost. */
export function costText(lang: Lang, yen: number | null): string {
  return yen === null ? '' : t(lang, 'dispatch.post.cost', { yen: yen.toLocaleString('en-US') });
}

/** The latest request on the case card (state, group, technician, ETA, hours), for the responders. */
export function dispatchBlocks(lang: Lang, events: readonly CaseEvent[]): CardBlock[] {
  const v = dispatchesOf(events).at(-1);
  if (!v) return [];
  const fields = [
    { label: t(lang, 'dispatch.card.state'), value: t(lang, `dispatch.state.${v.state}`) },
    { label: t(lang, 'dispatch.card.group'), value: v.groupName },
    ...(v.technician ? [{ label: t(lang, 'dispatch.card.who'), value: v.technician }] : []),
    ...(v.eta ? [{ label: t(lang, 'dispatch.card.eta'), value: jstMinute(v.eta) }] : []),
    ...(v.hours !== null ? [{ label: t(lang, 'dispatch.card.hours'), value: `${hoursText(v.hours)} h${costText(lang, v.costYen)}` }] : []),
  ];
  return [{ kind: 'text', text: t(lang, 'dispatch.card.title') }, { kind: 'fields', fields }];
}

/**
 * 「駆けつけ依頼」 while the holder works the case and no request is open, and only when the
 * company has a dispatch route (`routed`): without one a request could only be refused.
 * 「駆けつけを取り消す」 instead while a request waits for an answer or is accepted (not once the
 * technician is on site).
 */
export function dispatchButtons(lang: Lang, c: Pick<CaseRecord, 'number' | 'state'>, events: readonly CaseEvent[], routed: boolean): CardButton[] {
  if (c.state !== 'claimed') return [];
  const open = dispatchesOf(events).find((v) => OPEN_STATES.includes(v.state));
  // A request open before the route was removed can still be called off.
  if (open) return open.state === 'arrived' ? [] : [{ actionId: DISPATCH_CANCEL_ACTION, label: t(lang, 'dispatch.button.cancel'), value: String(open.id), style: 'danger' }];
  if (!routed) return [];
  return [{ actionId: DISPATCH_REQUEST_ACTION, label: t(lang, 'dispatch.button.request'), value: c.number }];
}

/** What the dispatch group's post shows besides the request itself. */
export interface PostStatus {
  /** Who accepted, once someone did. */
  acceptedBy?: string;
  /** The request left this group (declined by someone, or unanswered), was closed, or was cancelled by the responder who asked. */
  gone?: { key: 'post.declined' | 'post.movedOn' | 'post.closed' | 'post.cancelled'; name?: string };
}

/**
 * The post in the dispatch group's channel: what, where, whom to meet, when, and the buttons
 * that make sense in the request's state. The asker's question is not in it (the technician
 * gets what the responder wrote); the case's category and severity are.
 */
export function dispatchPostCard(
  lang: Lang,
  input: { c: Pick<CaseRecord, 'number' | 'category' | 'severity'>; tenantName: string; record: Pick<DispatchRecord, 'id' | 'state' | 'eta' | 'arrivedAt' | 'doneAt' | 'hours' | 'costYen'>; details: DispatchDetails; requester: string; status: PostStatus },
): Card {
  const { c, record, details, status } = input;
  const none = t(lang, 'dispatch.post.none');
  const blocks: CardBlock[] = [
    { kind: 'text', text: t(lang, 'dispatch.post.title', { number: c.number, tenant: input.tenantName }) },
    {
      kind: 'fields',
      fields: [
        { label: t(lang, 'dispatch.post.address'), value: neutralize(details.address) || none },
        { label: t(lang, 'dispatch.post.contact'), value: neutralize(details.contact) || none },
        { label: t(lang, 'dispatch.post.slots'), value: neutralize(details.slots) || none },
        { label: t(lang, 'dispatch.post.remote'), value: t(lang, details.remoteFirst ? 'dispatch.post.remoteFirst' : 'dispatch.post.onsite') },
        { label: t(lang, 'dispatch.post.bring'), value: neutralize(details.bring) || none },
        { label: t(lang, 'dispatch.post.notes'), value: neutralize(details.notes) || none },
        { label: t(lang, 'dispatch.post.case'), value: `${severityLabel(lang, c.severity ?? 'medium')} / ${categoryLabel(lang, c.category ?? 'general')}` },
        { label: t(lang, 'dispatch.post.requestedBy'), value: input.requester },
      ],
    },
  ];
  const value = String(record.id);
  let buttons: CardButton[] = [];
  if (status.gone) {
    blocks.push({ kind: 'notice', text: t(lang, `dispatch.${status.gone.key}`, { name: status.gone.name ?? '' }) });
  } else if (record.state === 'requested') {
    blocks.push({ kind: 'text', text: t(lang, 'dispatch.post.askPress') });
    buttons = [
      { actionId: DISPATCH_ACCEPT_ACTION, label: t(lang, 'dispatch.button.accept'), value, style: 'primary' },
      { actionId: DISPATCH_DECLINE_ACTION, label: t(lang, 'dispatch.button.decline'), value, style: 'danger' },
    ];
  } else {
    const lines = [t(lang, 'dispatch.post.accepted', { name: status.acceptedBy ?? '' })];
    if (record.eta) lines.push(t(lang, 'dispatch.post.eta', { eta: jstMinute(record.eta) }));
    if (record.arrivedAt) lines.push(t(lang, 'dispatch.post.arrived', { time: jstMinute(record.arrivedAt) }));
    if (record.doneAt) lines.push(t(lang, 'dispatch.post.done', { time: jstMinute(record.doneAt), hours: hoursText(record.hours ?? 0), cost: costText(lang, record.costYen) }));
    blocks.push({ kind: 'notice', text: lines.join('\n') });
    if (record.state === 'accepted') {
      buttons = [
        { actionId: DISPATCH_ETA_ACTION, label: t(lang, 'dispatch.button.eta'), value },
        { actionId: DISPATCH_ARRIVED_ACTION, label: t(lang, 'dispatch.button.arrived'), value, style: 'primary' },
      ];
    } else if (record.state === 'arrived') {
      buttons = [{ actionId: DISPATCH_DONE_ACTION, label: t(lang, 'dispatch.button.done'), value, style: 'primary' }];
    }
  }
  return { blocks, ...(buttons.length ? { buttons } : {}) };
}

/**
 * What the asker is told of a dispatch event, in their language (null for the events they are not
 * told of): who comes and the preferred times once accepted, the ETA, the arrival, the end. The
 * live message and the playground's rebuilt thread both come from here. `slots`: the request's.
 */
export function askerNotice(lang: Lang, type: string, data: Record<string, unknown>, slots: string): string | null {
  const name = neutralize(str(data.byName));
  switch (type) {
    case 'dispatch_accepted': {
      const when = slots ? t(lang, 'dispatch.asker.whenSlots', { slots: neutralize(slots) }) : t(lang, 'dispatch.asker.whenLater');
      return t(lang, 'dispatch.asker.accepted', { group: str(data.groupName), name, when });
    }
    case 'dispatch_eta':
      return t(lang, 'dispatch.asker.eta', { name, eta: jstMinute(new Date(str(data.eta))) });
    case 'dispatch_arrived':
      return t(lang, 'dispatch.asker.arrived', { name });
    case 'dispatch_done':
      return t(lang, 'dispatch.asker.done', { name });
    case 'dispatch_cancelled':
      // Only an asker told that someone comes is told that nobody will (before that they knew of no request).
      return data.fromState === 'accepted' ? t(lang, 'dispatch.asker.cancelled', { group: str(data.groupName), name: neutralize(str(data.technician)) }) : null;
  }
  return null;
}

/** The preferred times of request `dispatchId`, from its dispatch_requested event. */
export function slotsOf(events: readonly CaseEvent[], dispatchId: unknown): string {
  return str(events.find((e) => e.type === 'dispatch_requested' && e.data.dispatchId === dispatchId)?.data.slots);
}
