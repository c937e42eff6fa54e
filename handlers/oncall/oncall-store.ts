import type { Database, Queryable } from '../../db/database.js';
import type { EscalationTier, ResponderGroup } from '../directory/directory-types.js';
import type { OfficeHours } from './office-hours.js';
import type { Override, Rotation } from './rotation.js';

interface OverrideRow {
  id: number;
  group_id: string;
  user_id: string;
  starts_at: Date;
  ends_at: Date;
  reason: string;
  created_at: Date;
}

const toOverride = (r: OverrideRow): Override => ({
  id: Number(r.id),
  groupId: r.group_id,
  userId: r.user_id,
  startsAt: new Date(r.starts_at),
  endsAt: new Date(r.ends_at),
  reason: r.reason,
  createdAt: new Date(r.created_at),
});

/** Office hours, rotations, overrides and page contacts of responder groups (PostgreSQL, shared by every process). */
export class OnCallStore {
  constructor(private readonly db: Database) {}

  async setHours(groupId: string, hours: OfficeHours): Promise<void> {
    await this.db.query(
      `INSERT INTO responder_group_hours (group_id, time_zone, weekly, observe_holidays) VALUES ($1, $2, $3, $4)
       ON CONFLICT (group_id) DO UPDATE SET time_zone = EXCLUDED.time_zone, weekly = EXCLUDED.weekly,
         observe_holidays = EXCLUDED.observe_holidays, updated_at = now()`,
      [groupId, hours.timeZone, JSON.stringify(hours.weekly), hours.observeHolidays],
    );
  }

  /**
   * The responder group a tenant routes to and that group's office hours, in one read (what an
   * escalation needs before it records its jobs).
   */
  async routeWithHours(tenantId: string): Promise<{ group: ResponderGroup | null; hours: OfficeHours | null }> {
    return (await this.routesWithHours([tenantId])).get(tenantId) ?? { group: null, hours: null };
  }

  /** routeWithHours for several tenants in one read (a burst of escalations); a tenant without a route is absent. */
  async routesWithHours(tenantIds: readonly string[]): Promise<Map<string, { group: ResponderGroup; hours: OfficeHours | null }>> {
    const r = await this.db.query<{
      tenant_id: string;
      id: string;
      name: string;
      destination: string;
      tiers: EscalationTier[];
      lang: ResponderGroup['lang'];
      time_zone: string | null;
      weekly: OfficeHours['weekly'] | null;
      observe_holidays: boolean | null;
    }>(
      `SELECT t.tenant_id, g.id, g.name, g.destination, g.tiers, g.lang, h.time_zone, h.weekly, h.observe_holidays FROM tenant_routes t
       JOIN responder_groups g ON g.id = t.group_id LEFT JOIN responder_group_hours h ON h.group_id = g.id WHERE t.tenant_id = ANY($1::text[])`,
      [[...new Set(tenantIds)]],
    );
    const routes = new Map<string, { group: ResponderGroup; hours: OfficeHours | null }>();
    for (const row of r.rows) {
      const group: ResponderGroup = { id: row.id, name: row.name, destination: row.destination, tiers: row.tiers, lang: row.lang };
      const hours = row.time_zone === null ? null : { timeZone: row.time_zone, weekly: row.weekly!, observeHolidays: row.observe_holidays! };
      routes.set(row.tenant_id, { group, hours });
    }
    return routes;
  }

  /** The group's office hours; null → the group has none set and counts as always open. */
  async hours(groupId: string, q: Queryable = this.db): Promise<OfficeHours | null> {
    const r = await q.query<{ time_zone: string; weekly: OfficeHours['weekly']; observe_holidays: boolean }>(
      'SELECT time_zone, weekly, observe_holidays FROM responder_group_hours WHERE group_id = $1',
      [groupId],
    );
    const row = r.rows[0];
    return row ? { timeZone: row.time_zone, weekly: row.weekly, observeHolidays: row.observe_holidays } : null;
  }

  async clearHours(groupId: string): Promise<boolean> {
    return (await this.db.query('DELETE FROM responder_group_hours WHERE group_id = $1', [groupId])).rowCount > 0;
  }

  async setRotation(rotation: Rotation): Promise<void> {
    await this.db.query(
      `INSERT INTO oncall_rotations (group_id, kind, member_ids, starts_at, shift_hours) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (group_id) DO UPDATE SET kind = EXCLUDED.kind, member_ids = EXCLUDED.member_ids,
         starts_at = EXCLUDED.starts_at, shift_hours = EXCLUDED.shift_hours, updated_at = now()`,
      [rotation.groupId, rotation.kind, rotation.memberIds, rotation.startsAt, rotation.shiftHours],
    );
  }

  async rotation(groupId: string): Promise<Rotation | null> {
    const r = await this.db.query<{ kind: Rotation['kind']; member_ids: string[]; starts_at: Date; shift_hours: number }>(
      'SELECT kind, member_ids, starts_at, shift_hours FROM oncall_rotations WHERE group_id = $1',
      [groupId],
    );
    const row = r.rows[0];
    return row ? { groupId, kind: row.kind, memberIds: row.member_ids, startsAt: new Date(row.starts_at), shiftHours: row.shift_hours } : null;
  }

  async addOverride(o: Omit<Override, 'id' | 'createdAt'>): Promise<Override> {
    const r = await this.db.query<OverrideRow>(
      `INSERT INTO oncall_overrides (group_id, user_id, starts_at, ends_at, reason) VALUES ($1, $2, $3, $4, $5)
       RETURNING id, group_id, user_id, starts_at, ends_at, reason, created_at`,
      [o.groupId, o.userId, o.startsAt, o.endsAt, o.reason],
    );
    return toOverride(r.rows[0]!);
  }

  /** Overrides of a group that end after `from` (all of them without `from`), earliest first. */
  async overrides(groupId: string, from?: Date): Promise<Override[]> {
    const r = await this.db.query<OverrideRow>(
      `SELECT id, group_id, user_id, starts_at, ends_at, reason, created_at FROM oncall_overrides
       WHERE group_id = $1 AND ($2::timestamptz IS NULL OR ends_at > $2) ORDER BY starts_at, id`,
      [groupId, from ?? null],
    );
    return r.rows.map(toOverride);
  }

  async removeOverride(groupId: string, id: number): Promise<boolean> {
    return (await this.db.query('DELETE FROM oncall_overrides WHERE group_id = $1 AND id = $2', [groupId, id])).rowCount > 0;
  }

  async setContact(userId: string, pageTo: string): Promise<void> {
    await this.db.query(
      'INSERT INTO oncall_contacts (user_id, page_to) VALUES ($1, $2) ON CONFLICT (user_id) DO UPDATE SET page_to = EXCLUDED.page_to',
      [userId, pageTo],
    );
  }

  /** Where a page to this person goes: their contact ref, else their first platform identity; null when they have neither. */
  async pageTarget(userId: string): Promise<string | null> {
    const r = await this.db.query<{ page_to: string | null }>(
      `SELECT COALESCE((SELECT page_to FROM oncall_contacts WHERE user_id = $1),
         (SELECT identity FROM user_identities WHERE user_id = $1 ORDER BY identity LIMIT 1)) AS page_to`,
      [userId],
    );
    return r.rows[0]?.page_to ?? null;
  }
}
