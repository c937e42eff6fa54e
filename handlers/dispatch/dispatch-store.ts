import type { Database, Queryable } from '../../db/database.js';
import type { Lang } from '../../knowledge/text/normalize.js';

/** Where a company is and whom to meet there (the request form starts from it). */
export interface TenantSite {
  tenantId: string;
  address: string;
  contactName: string;
  contactPhone: string;
}

/** A local IT company's responders that go on site. */
export interface DispatchGroup {
  id: string;
  name: string;
  /** Opaque, platform-prefixed destination of its dispatch posts (e.g. slack:T1:C9, web:responders). */
  destination: string;
  /** The language its posts and reminders are written in. */
  lang: Lang;
  /** Seconds after the post before an unanswered request is reminded (default 900). */
  remindSeconds: number;
  /** Seconds after the post before it goes to the next group (default 1800). */
  escalateSeconds: number;
  /** Yen per hour on site, for the cost when the technician records none; null: no rate on file. */
  hourlyRateYen: number | null;
}

export type DispatchGroupInput = Omit<DispatchGroup, 'lang' | 'remindSeconds' | 'escalateSeconds' | 'hourlyRateYen'> &
  Partial<Pick<DispatchGroup, 'lang' | 'remindSeconds' | 'escalateSeconds' | 'hourlyRateYen'>>;

/** What the responder asked for (the form, after defaults and limits). */
export interface DispatchDetails {
  address: string;
  contact: string;
  slots: string;
  remoteFirst: boolean;
  bring: string;
  notes: string;
}

export type DispatchState = 'requested' | 'accepted' | 'arrived' | 'done' | 'unanswered' | 'cancelled';

export interface DispatchRecord {
  id: number;
  caseId: number;
  tenantId: string;
  requestedBy: string;
  details: DispatchDetails;
  state: DispatchState;
  position: number;
  groupId: string;
  postRef: string | null;
  acceptedBy: string | null;
  eta: Date | null;
  arrivedAt: Date | null;
  doneAt: Date | null;
  hours: number | null;
  costYen: number | null;
  createdAt: Date;
}

interface GroupRow {
  id: string;
  name: string;
  destination: string;
  lang: Lang;
  remind_seconds: number;
  escalate_seconds: number;
  hourly_rate_yen: number | null;
}

interface RequestRow {
  id: string | number;
  case_id: string | number;
  tenant_id: string;
  requested_by: string;
  details: DispatchDetails;
  state: DispatchState;
  position: number;
  group_id: string;
  post_ref: string | null;
  accepted_by: string | null;
  eta: Date | string | null;
  arrived_at: Date | string | null;
  done_at: Date | string | null;
  hours: string | number | null;
  cost_yen: number | null;
  created_at: Date | string;
}

const date = (v: Date | string | null): Date | null => (v === null ? null : new Date(v));

function toGroup(r: GroupRow): DispatchGroup {
  return {
    id: r.id, name: r.name, destination: r.destination, lang: r.lang, remindSeconds: Number(r.remind_seconds), escalateSeconds: Number(r.escalate_seconds),
    hourlyRateYen: r.hourly_rate_yen === null ? null : Number(r.hourly_rate_yen),
  };
}

function toRequest(r: RequestRow): DispatchRecord {
  return {
    id: Number(r.id), caseId: Number(r.case_id), tenantId: r.tenant_id, requestedBy: r.requested_by, details: r.details, state: r.state, position: Number(r.position),
    groupId: r.group_id, postRef: r.post_ref, acceptedBy: r.accepted_by, eta: date(r.eta), arrivedAt: date(r.arrived_at), doneAt: date(r.done_at),
    hours: r.hours === null ? null : Number(r.hours), costYen: r.cost_yen === null ? null : Number(r.cost_yen), createdAt: new Date(r.created_at),
  };
}

const GROUP_COLUMNS = 'id, name, destination, lang, remind_seconds, escalate_seconds, hourly_rate_yen';
const REQUEST_COLUMNS = 'id, case_id, tenant_id, requested_by, details, state, position, group_id, post_ref, accepted_by, eta, arrived_at, done_at, hours, cost_yen, created_at';

/**
 * Reads and writes the dispatch tables: companies' sites, dispatch groups, their members, each
 * company's route through the groups, and the requests. Every read of a site or a route is by
 * tenant; a request's state only moves by a conditional update (from the state the caller saw),
 * so two presses or a press and a timer never both win.
 */
export class DispatchStore {
  constructor(private readonly db: Database) {}

  async site(tenantId: string): Promise<TenantSite | null> {
    const r = await this.db.query<{ tenant_id: string; address: string; contact_name: string; contact_phone: string }>(
      'SELECT tenant_id, address, contact_name, contact_phone FROM tenant_sites WHERE tenant_id = $1',
      [tenantId],
    );
    const row = r.rows[0];
    return row ? { tenantId: row.tenant_id, address: row.address, contactName: row.contact_name, contactPhone: row.contact_phone } : null;
  }

  async setSite(s: TenantSite): Promise<void> {
    await this.db.query(
      `INSERT INTO tenant_sites (tenant_id, address, contact_name, contact_phone, updated_at) VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (tenant_id) DO UPDATE SET address = EXCLUDED.address, contact_name = EXCLUDED.contact_name, contact_phone = EXCLUDED.contact_phone, updated_at = now()`,
      [s.tenantId, s.address, s.contactName, s.contactPhone],
    );
  }

  async upsertGroup(g: DispatchGroupInput): Promise<DispatchGroup> {
    const r = await this.db.query<GroupRow>(
      `INSERT INTO dispatch_groups (id, name, destination, lang, remind_seconds, escalate_seconds, hourly_rate_yen, updated_at)
       VALUES ($1, $2, $3, COALESCE($4, 'ja'), COALESCE($5, 900), COALESCE($6, 1800), $7, now())
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, destination = EXCLUDED.destination,
         lang = COALESCE($4, dispatch_groups.lang), remind_seconds = COALESCE($5, dispatch_groups.remind_seconds),
         escalate_seconds = COALESCE($6, dispatch_groups.escalate_seconds),
         hourly_rate_yen = CASE WHEN $8 THEN EXCLUDED.hourly_rate_yen ELSE dispatch_groups.hourly_rate_yen END, updated_at = now()
       RETURNING ${GROUP_COLUMNS}`,
      [g.id, g.name, g.destination, g.lang ?? null, g.remindSeconds ?? null, g.escalateSeconds ?? null, g.hourlyRateYen ?? null, g.hourlyRateYen !== undefined],
    );
    return toGroup(r.rows[0]!);
  }

  async group(id: string, q: Queryable = this.db): Promise<DispatchGroup | null> {
    const r = await q.query<GroupRow>(`SELECT ${GROUP_COLUMNS} FROM dispatch_groups WHERE id = $1`, [id]);
    return r.rows[0] ? toGroup(r.rows[0]) : null;
  }

  async listGroups(): Promise<(DispatchGroup & { memberIds: string[] })[]> {
    const r = await this.db.query<GroupRow & { members: string[] | null }>(
      `SELECT ${GROUP_COLUMNS}, (SELECT array_agg(user_id ORDER BY user_id) FROM dispatch_group_members m WHERE m.group_id = g.id) AS members FROM dispatch_groups g ORDER BY id`,
    );
    return r.rows.map((row) => ({ ...toGroup(row), memberIds: row.members ?? [] }));
  }

  async addMember(groupId: string, userId: string): Promise<void> {
    await this.db.query('INSERT INTO dispatch_group_members (group_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [groupId, userId]);
  }

  async removeMember(groupId: string, userId: string): Promise<boolean> {
    return (await this.db.query('DELETE FROM dispatch_group_members WHERE group_id = $1 AND user_id = $2', [groupId, userId])).rowCount > 0;
  }

  async isMember(groupId: string, userId: string): Promise<boolean> {
    const r = await this.db.query('SELECT 1 FROM dispatch_group_members WHERE group_id = $1 AND user_id = $2', [groupId, userId]);
    return r.rows.length > 0;
  }

  /** Replaces the company's route: the groups asked in this order. */
  async setRoute(tenantId: string, groupIds: string[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query('DELETE FROM tenant_dispatch_routes WHERE tenant_id = $1', [tenantId]);
      for (const [i, id] of groupIds.entries()) await tx.query('INSERT INTO tenant_dispatch_routes (tenant_id, position, group_id) VALUES ($1, $2, $3)', [tenantId, i, id]);
    });
  }

  /** The company's dispatch groups, first to last. */
  async route(tenantId: string, q: Queryable = this.db): Promise<DispatchGroup[]> {
    const r = await q.query<GroupRow>(
      `SELECT ${GROUP_COLUMNS.split(', ').map((c) => `g.${c}`).join(', ')} FROM tenant_dispatch_routes t JOIN dispatch_groups g ON g.id = t.group_id
       WHERE t.tenant_id = $1 ORDER BY t.position`,
      [tenantId],
    );
    return r.rows.map(toGroup);
  }

  /** Whether the company has a dispatch route (the case card offers 「駆けつけ依頼」 only then). */
  async hasRoute(tenantId: string): Promise<boolean> {
    return (await this.db.query('SELECT 1 FROM tenant_dispatch_routes WHERE tenant_id = $1 LIMIT 1', [tenantId])).rows.length > 0;
  }

  async get(id: number, q: Queryable = this.db): Promise<DispatchRecord | null> {
    const r = await q.query<RequestRow>(`SELECT ${REQUEST_COLUMNS} FROM dispatch_requests WHERE id = $1`, [id]);
    return r.rows[0] ? toRequest(r.rows[0]) : null;
  }

  /** The case's requests, oldest first. */
  async ofCase(caseId: number): Promise<DispatchRecord[]> {
    const r = await this.db.query<RequestRow>(`SELECT ${REQUEST_COLUMNS} FROM dispatch_requests WHERE case_id = $1 ORDER BY id`, [caseId]);
    return r.rows.map(toRequest);
  }

  /** A new request to the first group of the route; null when the case already has one open. */
  async create(tx: Queryable, input: { caseId: number; tenantId: string; requestedBy: string; details: DispatchDetails; groupId: string }): Promise<DispatchRecord | null> {
    const r = await tx.query<RequestRow>(
      `INSERT INTO dispatch_requests (case_id, tenant_id, requested_by, details, state, position, group_id)
       VALUES ($1, $2, $3, $4::jsonb, 'requested', 0, $5)
       ON CONFLICT (case_id) WHERE state IN ('requested', 'accepted', 'arrived') DO NOTHING
       RETURNING ${REQUEST_COLUMNS}`,
      [input.caseId, input.tenantId, input.requestedBy, JSON.stringify(input.details), input.groupId],
    );
    return r.rows[0] ? toRequest(r.rows[0]) : null;
  }

  /**
   * Moves a request from the state (and group position) the caller saw, setting `patch`; null when
   * it had moved already (another press or a timer won).
   */
  async move(
    tx: Queryable,
    id: number,
    from: { state: DispatchState; position: number },
    patch: Partial<{ state: DispatchState; position: number; groupId: string; postRef: string | null; acceptedBy: string; eta: Date; arrivedAt: Date; doneAt: Date; hours: number; costYen: number | null }>,
  ): Promise<DispatchRecord | null> {
    const columns: Record<string, string> = {
      state: 'state', position: 'position', groupId: 'group_id', postRef: 'post_ref', acceptedBy: 'accepted_by', eta: 'eta', arrivedAt: 'arrived_at', doneAt: 'done_at', hours: 'hours', costYen: 'cost_yen',
    };
    const sets: string[] = [];
    const values: unknown[] = [id, from.state, from.position];
    for (const [k, v] of Object.entries(patch)) {
      values.push(v);
      sets.push(`${columns[k]} = $${values.length}`);
    }
    const r = await tx.query<RequestRow>(
      `UPDATE dispatch_requests SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE id = $1 AND state = $2 AND position = $3 RETURNING ${REQUEST_COLUMNS}`,
      values,
    );
    return r.rows[0] ? toRequest(r.rows[0]) : null;
  }

  /** Where the post to the group at `position` went (its thread), once posted. */
  async setPostRef(id: number, position: number, postRef: string): Promise<void> {
    await this.db.query('UPDATE dispatch_requests SET post_ref = $3 WHERE id = $1 AND position = $2', [id, position, postRef]);
  }
}
