import { OtasukeError } from '../../core/errors.js';
import type { Lang } from '../../knowledge/text/normalize.js';
import { concealCaseFrom } from '../errors.js';
import { t, type KeysOf } from '../../core/i18n/t.js';
import { neutralize } from '../../knowledge/text/neutralize.js';
import { textCard } from '../ask/answer-card.js';
import type { Outbound } from '../cards.js';
import type { CaseRecord } from '../cases/case-types.js';
import type { User } from '../directory/directory-types.js';
import { assertResponderFor } from '../escalation/responder-access.js';
import type { InboundAction } from '../inbound.js';
import { jstMinute, parseJapanTime } from '../legal/legal-rules.js';
import { nowOf } from '../oncall/after-hours.js';
import type { HandlerServices } from '../services.js';
import {
  askerNotice,
  costText,
  DISPATCH_ACCEPT_ACTION,
  DISPATCH_ARRIVED_ACTION,
  DISPATCH_DECLINE_ACTION,
  DISPATCH_DONE_ACTION,
  DISPATCH_ETA_ACTION,
  DISPATCH_POST_ACTIONS,
  hoursText,
} from './dispatch-card.js';
import { cancelDispatchPress } from './dispatch-cancel.js';
import { passOn, postJobs, postUpdate, toResponders } from './dispatch-flow.js';
import { DispatchStore, type DispatchDetails, type DispatchRecord, type DispatchState, type TenantSite } from './dispatch-store.js';

/** Longest text kept per form field. */
const FIELD_LIMIT = 1000;

const refusal = (to: string, lang: Lang, key: KeysOf<'dispatch'>, params: Record<string, string | number> = {}): Outbound[] => [
  { to, card: textCard(t(lang, `dispatch.${key}`, params)), senderOnly: true },
];

const field = (v: string | undefined) => (v ?? '').trim().slice(0, FIELD_LIMIT);

/** The form's values over the company's site profile (a field left out of the form takes the profile's value). */
export function detailsFrom(form: Record<string, string> | undefined, site: TenantSite | null): DispatchDetails {
  const contact = site ? [site.contactName, site.contactPhone].filter(Boolean).join(' ') : '';
  return {
    address: field(form?.address ?? site?.address),
    contact: field(form?.contact ?? contact),
    slots: field(form?.slots),
    remoteFirst: form?.remote === 'remote',
    bring: field(form?.bring),
    notes: field(form?.notes),
  };
}

/** What the request form starts from: the company's address and on-site contact. */
export async function dispatchFormDefaults(services: Pick<HandlerServices, 'db'>, c: Pick<CaseRecord, 'tenantId'>): Promise<{ address: string; contact: string }> {
  const d = detailsFrom(undefined, await new DispatchStore(services.db).site(c.tenantId));
  return { address: d.address, contact: d.contact };
}

/**
 * 「駆けつけ依頼」 from the case card (responders of the case's group only): the request goes to the
 * first dispatch group of the company's route, with its post and timers recorded in the same
 * transaction. One open request per case.
 */
export async function requestDispatch(services: HandlerServices, c: CaseRecord, user: User, form: Record<string, string> | undefined, to: string): Promise<Outbound[]> {
  const group = await assertResponderFor(services, user, c, 'dispatch request');
  const store = new DispatchStore(services.db);
  const route = await store.route(c.tenantId);
  if (route.length === 0) return refusal(to, group.lang, 'refuse.noRoute', { number: c.number });
  const details = detailsFrom(form, await store.site(c.tenantId));
  if (!details.address) return refusal(to, group.lang, 'refuse.noAddress');
  const first = route[0]!;
  const now = nowOf(services);
  let specs: ReturnType<typeof postJobs> = [];
  const created = await services.db.transaction(async (tx) => {
    const record = await store.create(tx, { caseId: c.id, tenantId: c.tenantId, requestedBy: user.id, details, groupId: first.id });
    if (!record) return null;
    await services.cases.appendEvent(c.id, 'dispatch_requested', { kind: 'user', userId: user.id }, { dispatchId: record.id, groupId: first.id, groupName: first.name, ...details }, tx);
    specs = postJobs(record.id, 0, first, now);
    for (const s of specs) await services.jobs.record(s, tx);
    return record;
  });
  if (!created) return refusal(to, group.lang, 'refuse.open', { number: c.number });
  await services.jobs.dispatch(specs);
  return toResponders(services, c, 'responders.requested', () => ({ number: c.number, group: first.name }));
}

/** Reads an ETA: `14:30` (Japan time, today or else tomorrow), `30分` / `30 min` / `30` (minutes from now), or a date and time. */
export function parseEta(text: string, now: Date): Date | null {
  const s = text.trim();
  const minutes = /^\+?(\d{1,3})\s*(分|min|mins|minutes)?$/i.exec(s);
  if (minutes) return new Date(now.getTime() + Number(minutes[1]) * 60_000);
  const hm = /^(\d{1,2})[:：](\d{2})$/.exec(s);
  if (hm) {
    const [h, m] = [Number(hm[1]), Number(hm[2])];
    if (h > 23 || m > 59) return null;
    const jstDay = new Date(now.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);
    let at = new Date(`${jstDay}T${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00+09:00`);
    if (at.getTime() < now.getTime() - 5 * 60_000) at = new Date(at.getTime() + 86_400_000);
    return at;
  }
  return parseJapanTime(s);
}

/** Hours on site: the technician's figure (0.25 to 24), else arrival to now rounded up to a quarter hour. */
function hoursFrom(text: string | undefined, arrivedAt: Date | null, now: Date): number | null {
  if (text !== undefined && text.trim() !== '') {
    const h = Number(text.trim().replace(/[hH時間]+$/, ''));
    return Number.isFinite(h) && h >= 0.25 && h <= 24 ? Math.round(h * 100) / 100 : null;
  }
  const spent = arrivedAt ? (now.getTime() - arrivedAt.getTime()) / 3_600_000 : 0;
  return Math.min(24, Math.max(0.25, Math.ceil(spent * 4) / 4));
}

function costFrom(text: string | undefined, hours: number, rate: number | null): number | null | undefined {
  if (text !== undefined && text.trim() !== '') {
    const yen = Number(text.trim().replace(/[,円¥\s]/g, ''));
    return Number.isInteger(yen) && yen >= 0 && yen <= 100_000_000 ? yen : undefined;
  }
  return rate === null ? null : Math.round(hours * rate);
}

/**
 * A press on a dispatch post (accept, decline, ETA, arrived, done). The value names the request
 * and is not believed: the request is looked up, the presser must be a member of the dispatch
 * group it is with now, and its state must allow the press; otherwise the presser alone is told
 * why and nothing changes (a refusal by membership is audited on the case).
 */
export async function handleDispatchPress(services: HandlerServices, action: InboundAction, user: User): Promise<Outbound[]> {
  const to = action.threadRef;
  const store = new DispatchStore(services.db);
  const record = /^\d{1,12}$/.test(action.value) ? await store.get(Number(action.value)) : null;
  if (!record) return refusal(to, user.lang, 'refuse.notFound');
  if (!(await store.isMember(record.groupId, user.id))) {
    await services.cases.appendEvent(record.caseId, 'access_refused', { kind: 'user', userId: user.id }, { action: action.actionId, dispatchId: record.id });
    return refusal(to, user.lang, 'refuse.membersOnly');
  }
  const c = await services.cases.get(record.caseId);
  const now = nowOf(services);
  const actor = { kind: 'user' as const, userId: user.id };
  const name = neutralize(user.displayName);
  const notNow = async () => {
    const current = (await store.get(record.id)) ?? record;
    return refusal(to, user.lang, 'refuse.notNow', { state: t(user.lang, `dispatch.state.${current.state}`) });
  };
  /** Moves the request from `from` with `patch` and appends `type` in one transaction; null when it had moved. */
  const step = async (from: DispatchState, patch: Parameters<DispatchStore['move']>[3], type: string, data: Record<string, unknown>): Promise<DispatchRecord | null> =>
    services.db.transaction(async (tx) => {
      const moved = await store.move(tx, record.id, { state: from, position: record.position }, patch);
      if (moved) await services.cases.appendEvent(c.id, type, actor, { dispatchId: record.id, groupId: record.groupId, byName: name, ...data }, tx);
      return moved;
    });
  const group = await store.group(record.groupId);
  /** The asker's line for the event just recorded (the same words the playground rebuilds from the timeline). */
  const toAsker = (type: string, data: Record<string, unknown>): Outbound => ({
    to: c.threadRef,
    card: textCard(askerNotice(c.lang, type, { byName: name, ...data }, record.details.slots) ?? ''),
  });
  const withPost = async (moved: DispatchRecord, rest: Outbound[]): Promise<Outbound[]> => {
    const post = await postUpdate(services, moved, { acceptedBy: (await services.directory.getUser(moved.acceptedBy ?? ''))?.displayName ?? name });
    return [...(post ? [post] : []), ...rest];
  };

  switch (action.actionId) {
    case DISPATCH_ACCEPT_ACTION: {
      const moved = await step('requested', { state: 'accepted', acceptedBy: user.id }, 'dispatch_accepted', { groupName: group?.name ?? record.groupId });
      if (!moved) return notNow();
      const groupName = group?.name ?? record.groupId;
      return withPost(moved, [
        ...(await toResponders(services, c, 'responders.accepted', () => ({ number: c.number, group: groupName, name }))),
        toAsker('dispatch_accepted', { groupName }),
      ]);
    }
    case DISPATCH_DECLINE_ACTION: {
      if (record.state !== 'requested') return notNow();
      return (await passOn(services, record, 'declined', actor, now, name)) ?? notNow();
    }
    case DISPATCH_ETA_ACTION: {
      if (record.state !== 'accepted') return notNow();
      const eta = parseEta(action.form?.eta ?? '', now);
      if (!eta) return refusal(to, user.lang, 'refuse.eta');
      const moved = await step('accepted', { eta }, 'dispatch_eta', { eta: eta.toISOString() });
      if (!moved) return notNow();
      return withPost(moved, [
        ...(await toResponders(services, c, 'responders.eta', () => ({ number: c.number, name, eta: jstMinute(eta) }))),
        toAsker('dispatch_eta', { eta: eta.toISOString() }),
      ]);
    }
    case DISPATCH_ARRIVED_ACTION: {
      const moved = await step('accepted', { state: 'arrived', arrivedAt: now }, 'dispatch_arrived', { arrivedAt: now.toISOString() });
      if (!moved) return notNow();
      return withPost(moved, [...(await toResponders(services, c, 'responders.arrived', () => ({ number: c.number, name, time: jstMinute(now) }))), toAsker('dispatch_arrived', {})]);
    }
    case DISPATCH_DONE_ACTION: {
      if (record.state !== 'arrived') return notNow();
      const hours = hoursFrom(action.form?.hours, record.arrivedAt, now);
      const cost = hours === null ? undefined : costFrom(action.form?.cost, hours, group?.hourlyRateYen ?? null);
      if (hours === null || cost === undefined) return refusal(to, user.lang, 'refuse.hours');
      const note = field(action.form?.note);
      const moved = await step('arrived', { state: 'done', doneAt: now, hours, costYen: cost }, 'dispatch_done', {
        hours, costYen: cost, note, arrivedAt: record.arrivedAt?.toISOString() ?? null, doneAt: now.toISOString(),
      });
      if (!moved) return notNow();
      return withPost(moved, [
        ...(await toResponders(services, c, 'responders.done', (lang) => ({ number: c.number, hours: hoursText(hours), cost: costText(lang, cost) }))),
        toAsker('dispatch_done', {}),
      ]);
    }
  }
  return refusal(to, user.lang, 'refuse.notFound');
}

/**
 * `dispatch <id> accept | decline | eta <time> | arrived | done [hours] [cost]`: the post's
 * buttons as text, for the console and anyone without forms; the same checks apply. `dispatch
 * <id> cancel` is the case card's 「駆けつけを取り消す」 (responders of the case's group). (`dispatch
 * OT-000123 request | cancel` are case commands: handleInbound sends them to requestDispatch and
 * cancelCaseDispatch.)
 */
export async function dispatchCommand(services: HandlerServices, user: User, args: string[], base: Omit<InboundAction, 'actionId' | 'value' | 'form' | 'kind'>): Promise<Outbound[]> {
  const [ref = '', verb = '', ...rest] = args;
  const forms: Record<string, Record<string, string> | undefined> = {
    eta: { eta: rest.join(' ') },
    done: { ...(rest[0] ? { hours: rest[0] } : {}), ...(rest[1] ? { cost: rest[1] } : {}) },
  };
  if (verb.toLowerCase() === 'cancel') return cancelDispatchPress(services, ref, user, base.threadRef);
  const actionId = `dispatch.${verb.toLowerCase()}`;
  if (!(DISPATCH_POST_ACTIONS as readonly string[]).includes(actionId)) return refusal(base.threadRef, user.lang, 'refuse.usage');
  const form = forms[verb.toLowerCase()];
  return handleDispatchPress(services, { ...base, kind: 'action', actionId, value: ref.replace(/^D-?/i, ''), ...(form ? { form } : {}) }, user);
}

/** Whether a form for a dispatch post's button should open for this person (the core checks the submission again). */
export async function mayAnswerDispatch(services: Pick<HandlerServices, 'db'>, value: string, userId: string): Promise<boolean> {
  if (!/^\d{1,12}$/.test(value)) return false;
  const store = new DispatchStore(services.db);
  const record = await store.get(Number(value));
  return !!record && (await store.isMember(record.groupId, userId));
}

/**
 * Whether the request form of case `c` (preset with the company's address and on-site contact)
 * may open for this person: a responder of the case's group. Not audited: a press refused here
 * goes on to the core, which refuses it again and records the refusal.
 */
export async function mayRequestDispatch(services: Pick<HandlerServices, 'directory'>, c: CaseRecord, user: User): Promise<boolean> {
  const group = await services.directory.groupForTenant(c.tenantId);
  return !!group && user.roles.includes('responder') && (await services.directory.isMember(group.id, user.id));
}

/**
 * Why this person may not open the request form of case `c` (in their language), or null when
 * they may: a responder of the case's group. A refusal is audited on the case, as for the press.
 */
export async function dispatchRequestRefusal(services: Pick<HandlerServices, 'directory' | 'cases'>, c: CaseRecord, user: User): Promise<string | null> {
  try {
    await assertResponderFor(services, user, c, 'dispatch request');
    return null;
  } catch (err) {
    const hidden = await concealCaseFrom(services.directory, user, c, err);
    if (hidden instanceof OtasukeError) return t(user.lang, hidden.userMessageKey);
    throw hidden;
  }
}
