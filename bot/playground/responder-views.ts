import { textCard } from '../../handlers/ask/answer-card.js';
import type { Card } from '../../handlers/cards.js';
import type { CaseState } from '../../handlers/cases/case-state-machine.js';
import type { CaseRecord } from '../../handlers/cases/case-types.js';
import type { User } from '../../handlers/directory/directory-types.js';
import { escalationCard } from '../../handlers/escalation/escalation-card.js';
import { t } from '../../core/i18n/t.js';
import { ActorResolver } from '../../handlers/report/case-report.js';
import { describeEvent } from '../../handlers/report/report-events.js';
import type { HandlerServices } from '../../handlers/services.js';
import { neutralize } from '../../knowledge/text/neutralize.js';
import { nameCache, type ThreadEntry } from './asker-thread.js';
import { describeStatus, onCallStatus } from '../../handlers/oncall/oncall-now.js';
import { dispatchFormDefaults } from '../../handlers/dispatch/dispatch-actions.js';
import { buildPostCard } from '../../handlers/dispatch/dispatch-flow.js';
import { DispatchStore } from '../../handlers/dispatch/dispatch-store.js';

type Services = Pick<HandlerServices, 'db' | 'cases' | 'directory'>;

/** One row of the responders' queue. Times are ISO strings; the page counts down from them. */
export interface QueueItem {
  number: string;
  tenant: string;
  question: string;
  state: CaseState;
  severity: string;
  category: string;
  lang: string;
  /** Notification step of the current round, 1-based. */
  tier: number;
  /** When the current escalation round began (escalated, reopened or released). */
  escalatedAt: string | null;
  /** When the next tier is notified if nobody claims (the pending timer job's time). */
  renotifyAt: string | null;
  claimedAt: string | null;
  assignee: string | null;
}

const OPEN: readonly CaseState[] = ['escalated', 'claimed'];
const DONE: readonly CaseState[] = ['resolved', 'closed'];

/**
 * The cases a responder may act on, from PostgreSQL: those of the tenants
 * routed to the responder's groups, in the given states. Nothing from other
 * tenants, the same rule as the actions (assertResponderFor).
 */
async function visibleCases(services: Services, user: User, states: readonly CaseState[], limit: number, order: 'c.id' | 'c.updated_at DESC'): Promise<CaseRecord[]> {
  if (!user.roles.includes('responder')) return [];
  const r = await services.db.query<{ id: number }>(
    `SELECT c.id FROM cases c
       JOIN tenant_routes r ON r.tenant_id = c.tenant_id
       JOIN responder_group_members m ON m.group_id = r.group_id AND m.user_id = $1
     WHERE c.state = ANY($2::text[]) ORDER BY ${order} LIMIT $3`,
    [user.id, states, limit],
  );
  return Promise.all(r.rows.map((row) => services.cases.get(Number(row.id))));
}

/**
 * The queue: cases waiting for a responder or in progress, most severe and
 * oldest first, with the moment the current tier runs out (from the pending
 * timer job, the same row the worker will act on); and the last resolved ones.
 */
export async function responderQueue(services: Services, user: User): Promise<{ waiting: QueueItem[]; recent: QueueItem[] }> {
  const [open, done] = await Promise.all([
    visibleCases(services, user, OPEN, 100, 'c.id'),
    visibleCases(services, user, DONE, 10, 'c.updated_at DESC'),
  ]);
  const all = [...open, ...done];
  const ids = all.map((c) => c.id);
  const times = new Map<number, { round_at: Date | null; claimed_at: Date | null }>();
  const timers = new Map<number, Date>();
  if (ids.length) {
    const ev = await services.db.query<{ case_id: number; round_at: Date | null; claimed_at: Date | null }>(
      `SELECT case_id,
         max(at) FILTER (WHERE type IN ('escalated', 'reopened', 'released')) AS round_at,
         max(at) FILTER (WHERE type = 'claimed') AS claimed_at
       FROM case_events WHERE case_id = ANY($1::bigint[]) GROUP BY case_id`,
      [ids],
    );
    for (const row of ev.rows) times.set(Number(row.case_id), row);
    const jobs = await services.db.query<{ case_id: number; run_at: Date }>(
      `SELECT (payload->>'caseId')::bigint AS case_id, min(run_at) AS run_at FROM jobs
       WHERE name = 'escalation.timer' AND status IN ('pending', 'running') AND (payload->>'caseId')::bigint = ANY($1::bigint[])
       GROUP BY 1`,
      [ids],
    );
    for (const row of jobs.rows) timers.set(Number(row.case_id), new Date(row.run_at));
  }
  const tenants = new Map<string, Promise<string>>();
  const tenantName = (id: string) => {
    if (!tenants.has(id)) tenants.set(id, services.directory.getTenant(id).then((x) => x?.name ?? id));
    return tenants.get(id)!;
  };
  const names = nameCache(services);
  const item = async (c: CaseRecord): Promise<QueueItem> => {
    const tm = times.get(c.id);
    // The asker's words, shown to the responders: no pings (the escalation card quotes them the same way).
    const question = neutralize(c.question);
    return {
      number: c.number,
      tenant: await tenantName(c.tenantId),
      question: question.length > 140 ? `${question.slice(0, 140)}…` : question,
      state: c.state,
      severity: c.severity ?? 'medium',
      category: c.category ?? 'general',
      lang: c.lang,
      tier: c.escalationTier + 1,
      escalatedAt: iso(tm?.round_at),
      renotifyAt: c.state === 'escalated' ? iso(timers.get(c.id)) : null,
      claimedAt: c.state === 'claimed' ? iso(tm?.claimed_at) : null,
      assignee: c.assigneeUserId ? await names(c.assigneeUserId) : null,
    };
  };
  const rank: Record<string, number> = { critical: 4, high: 3, medium: 2, low: 1 };
  const waiting = await Promise.all(open.map(item));
  // Unclaimed first, then by severity, then oldest first: what needs a person soonest is on top.
  waiting.sort(
    (a, b) =>
      Number(a.state !== 'escalated') - Number(b.state !== 'escalated') ||
      (rank[b.severity] ?? 0) - (rank[a.severity] ?? 0) ||
      (a.escalatedAt ?? '').localeCompare(b.escalatedAt ?? ''),
  );
  return { waiting, recent: await Promise.all(done.map(item)) };
}

/** Whether a responder may see a case: a member of the group its tenant routes to. */
export async function responderMaySee(services: Services, user: User, c: CaseRecord): Promise<boolean> {
  if (!user.roles.includes('responder')) return false;
  const group = await services.directory.groupForTenant(c.tenantId);
  return !!group && (await services.directory.isMember(group.id, user.id));
}

export interface ResponderCaseView {
  number: string;
  state: CaseState;
  lang: string;
  /** The current verdict (what the triage-correction form starts from). */
  severity: string;
  category: string;
  /** Where the page writes to reach the asker: the card's thread, when it is one of the playground's. */
  responderThreadRef: string | null;
  /** The escalation card as it stands now (claim, resolve, release, save-draft buttons by state). */
  card: Card;
  /** The asker's messages since the escalation and the responders' replies. */
  conversation: ThreadEntry[];
  /** Every event, worded as the incident report words it. */
  timeline: { id: string; at: string; actor: string; role: string; text: string }[];
  /** What the on-site request form starts from: the company's address and on-site contact. */
  dispatchForm: { address: string; contact: string };
  /**
   * The case's latest on-site request as its dispatch group's post shows it (with the buttons its
   * state allows), or null: in the playground the demo responder is also the demo dispatch
   * group's technician, so the post is shown beside the card.
   */
  dispatchPost: Card | null;
}

/**
 * A case as the responders' thread shows it, rebuilt from PostgreSQL. What the
 * asker and the responders wrote is neutralised exactly as the live relay
 * neutralised it (relayToResponders, relayToAsker): the words stay, mention
 * tokens become plain words; the timeline is worded by describeEvent, which
 * does the same.
 */
export async function responderCaseView(services: Services, c: CaseRecord): Promise<ResponderCaseView> {
  const [events, tenant, group, dispatchRoute] = await Promise.all([
    services.cases.events(c.id),
    services.directory.getTenant(c.tenantId),
    services.directory.groupForTenant(c.tenantId),
    new DispatchStore(services.db).hasRoute(c.tenantId),
  ]);
  const names = nameCache(services);
  const claimed = [...events].reverse().find((e) => e.type === 'claimed');
  const holder = c.state === 'claimed' && c.assigneeUserId ? { name: await names(c.assigneeUserId), at: claimed?.at ?? c.updatedAt } : null;
  const card = escalationCard(c, tenant, events, c.escalationTier, group, holder, { dispatchRoute });
  // The responders read this view: its words in their group's language, the people's words as written.
  const lang = group?.lang ?? c.lang;

  const conversation: ThreadEntry[] = [];
  const firstEscalation = events.findIndex((e) => e.type === 'escalated' || e.type === 'reopened');
  const asker = await names(c.askerUserId);
  for (const e of firstEscalation < 0 ? [] : events.slice(firstEscalation)) {
    const text = typeof e.data.text === 'string' ? neutralize(e.data.text) : '';
    if (e.type === 'asker_message') {
      // One sender label, in the bubble's header; the bubble holds the person's words.
      conversation.push({ id: `e${e.id}`, at: e.at.toISOString(), side: 'asker', author: t(lang, 'relay.askerName', { name: asker }), card: textCard(text) });
    }
    if (e.type === 'relayed_to_asker') {
      const name = await names(e.actorUserId);
      conversation.push({ id: `e${e.id}`, at: e.at.toISOString(), side: 'responder', author: t(lang, 'relay.responderName', { name }), card: textCard(text) });
    }
  }

  const actors = new ActorResolver(services, c);
  const timeline = [];
  for (const e of events) {
    const who = await actors.forEvent(e);
    timeline.push({ id: `e${e.id}`, at: e.at.toISOString(), actor: who.name, role: who.role, text: await describeEvent(lang, e, actors) });
  }
  return {
    number: c.number,
    state: c.state,
    lang: c.lang,
    severity: c.severity ?? 'medium',
    category: c.category ?? 'general',
    responderThreadRef: c.responderThreadRef,
    card,
    conversation,
    timeline,
    dispatchForm: await dispatchFormDefaults(services, c),
    dispatchPost: await latestDispatchPost(services, c),
  };
}

async function latestDispatchPost(services: Services, c: CaseRecord): Promise<Card | null> {
  const latest = (await new DispatchStore(services.db).ofCase(c.id)).at(-1);
  if (!latest) return null;
  const acceptedBy = latest.acceptedBy ? (await services.directory.getUser(latest.acceptedBy))?.displayName : undefined;
  const cancelledBy = latest.state === 'cancelled'
    ? (await services.cases.events(c.id)).find((e) => e.type === 'dispatch_cancelled' && e.data.dispatchId === latest.id)?.data.byName
    : undefined;
  const gone = latest.state === 'unanswered'
    ? { key: 'post.closed' as const }
    : latest.state === 'cancelled' ? { key: 'post.cancelled' as const, name: typeof cancelledBy === 'string' ? cancelledBy : '' } : undefined;
  return buildPostCard(services, latest, { ...(acceptedBy ? { acceptedBy } : {}), ...(gone ? { gone } : {}) });
}

function iso(d: Date | null | undefined): string | null {
  return d ? new Date(d).toISOString() : null;
}

/**
 * Who is on call now and whether the desk is open, for each group the responder belongs to, in
 * both languages (the page shows the one it is in).
 */
export async function responderOnCall(services: Services & Pick<HandlerServices, 'clock'>, user: User): Promise<Record<'ja' | 'en', string[]>> {
  const now = services.clock?.() ?? new Date();
  const out: Record<'ja' | 'en', string[]> = { ja: [], en: [] };
  for (const group of await services.directory.groupsOfMember(user.id)) {
    const status = await onCallStatus(services.db, services.directory, group.id, now);
    for (const lang of ['ja', 'en'] as const) out[lang].push(`${group.name}: ${describeStatus(lang, status).join(' / ')}`);
  }
  return out;
}
