import type { Database } from '../../db/database.js';
import type { EscalationTier, ResponderGroup, ResponderGroupInput, Role, Tenant, User } from './directory-types.js';

interface UserRow {
  id: string;
  tenant_id: string | null;
  display_name: string;
  roles: Role[];
  lang: User['lang'];
}

const toUser = (r: UserRow): User => ({
  id: r.id,
  tenantId: r.tenant_id,
  displayName: r.display_name,
  roles: r.roles,
  lang: r.lang,
});

/** Tenants, people, their platform identities, responder groups and routing. */
export class DirectoryStore {
  constructor(private readonly db: Database) {}

  async upsertTenant(tenant: Tenant): Promise<Tenant> {
    await this.db.query(
      'INSERT INTO tenants (id, name) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name',
      [tenant.id, tenant.name],
    );
    return tenant;
  }

  async getTenant(id: string): Promise<Tenant | null> {
    const r = await this.db.query<Tenant>('SELECT id, name FROM tenants WHERE id = $1', [id]);
    return r.rows[0] ?? null;
  }

  /** Creates or updates a user and links the given platform identities to it. */
  async upsertUser(user: User, identities: string[] = []): Promise<User> {
    await this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO users (id, tenant_id, display_name, roles, lang) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (id) DO UPDATE SET tenant_id = EXCLUDED.tenant_id, display_name = EXCLUDED.display_name,
           roles = EXCLUDED.roles, lang = EXCLUDED.lang`,
        [user.id, user.tenantId, user.displayName, user.roles, user.lang],
      );
      for (const identity of identities) {
        await tx.query(
          'INSERT INTO user_identities (identity, user_id) VALUES ($1, $2) ON CONFLICT (identity) DO UPDATE SET user_id = EXCLUDED.user_id',
          [identity, user.id],
        );
      }
    });
    return user;
  }

  async getUser(id: string): Promise<User | null> {
    const r = await this.db.query<UserRow>('SELECT id, tenant_id, display_name, roles, lang FROM users WHERE id = $1', [id]);
    return r.rows[0] ? toUser(r.rows[0]) : null;
  }

  /** The user behind a platform identity, or null when nobody registered it. */
  async findByIdentity(identity: string): Promise<User | null> {
    const r = await this.db.query<UserRow>(
      `SELECT u.id, u.tenant_id, u.display_name, u.roles, u.lang
       FROM user_identities i JOIN users u ON u.id = i.user_id WHERE i.identity = $1`,
      [identity],
    );
    return r.rows[0] ? toUser(r.rows[0]) : null;
  }

  /** Creates or changes a group; without `lang` a new group reads Japanese and an existing one keeps its language. */
  async upsertGroup(group: ResponderGroupInput): Promise<ResponderGroup> {
    const r = await this.db.query<{ lang: ResponderGroup['lang'] }>(
      `INSERT INTO responder_groups (id, name, destination, tiers, lang) VALUES ($1, $2, $3, $4, COALESCE($5, 'ja'))
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, destination = EXCLUDED.destination, tiers = EXCLUDED.tiers,
         lang = COALESCE($5, responder_groups.lang)
       RETURNING lang`,
      [group.id, group.name, group.destination, JSON.stringify(group.tiers), group.lang ?? null],
    );
    return { ...group, lang: r.rows[0]?.lang ?? group.lang ?? 'ja' };
  }

  async addMember(groupId: string, userId: string): Promise<void> {
    await this.db.query(
      'INSERT INTO responder_group_members (group_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING',
      [groupId, userId],
    );
  }

  async routeTenant(tenantId: string, groupId: string): Promise<void> {
    await this.db.query(
      'INSERT INTO tenant_routes (tenant_id, group_id) VALUES ($1, $2) ON CONFLICT (tenant_id) DO UPDATE SET group_id = EXCLUDED.group_id',
      [tenantId, groupId],
    );
  }

  /** The responder group a tenant's escalations go to, or null when unrouted. */
  /** The tenant and the responder group it routes to, in one read (an escalation card needs both). */
  async routeForTenant(tenantId: string): Promise<{ tenant: Tenant | null; group: ResponderGroup | null }> {
    const r = await this.db.query<{ tenant_name: string; id: string | null; name: string; destination: string; tiers: EscalationTier[]; lang: ResponderGroup['lang'] }>(
      `SELECT t.name AS tenant_name, g.id, g.name, g.destination, g.tiers, g.lang FROM tenants t
       LEFT JOIN tenant_routes r ON r.tenant_id = t.id LEFT JOIN responder_groups g ON g.id = r.group_id WHERE t.id = $1 LIMIT 1`,
      [tenantId],
    );
    const row = r.rows[0];
    if (!row) return { tenant: null, group: await this.groupForTenant(tenantId) };
    const group = row.id === null ? null : { id: row.id, name: row.name, destination: row.destination, tiers: row.tiers, lang: row.lang };
    return { tenant: { id: tenantId, name: row.tenant_name }, group };
  }

  async groupForTenant(tenantId: string): Promise<ResponderGroup | null> {
    const r = await this.db.query<{ id: string; name: string; destination: string; tiers: EscalationTier[]; lang: ResponderGroup['lang'] }>(
      `SELECT g.id, g.name, g.destination, g.tiers, g.lang FROM tenant_routes t
       JOIN responder_groups g ON g.id = t.group_id WHERE t.tenant_id = $1`,
      [tenantId],
    );
    return r.rows[0] ?? null;
  }

  async isMember(groupId: string, userId: string): Promise<boolean> {
    const r = await this.db.query('SELECT 1 FROM responder_group_members WHERE group_id = $1 AND user_id = $2', [
      groupId,
      userId,
    ]);
    return r.rows.length > 0;
  }

  async listTenants(): Promise<(Tenant & { groupId: string | null })[]> {
    const r = await this.db.query<{ id: string; name: string; group_id: string | null }>(
      'SELECT t.id, t.name, r.group_id FROM tenants t LEFT JOIN tenant_routes r ON r.tenant_id = t.id ORDER BY t.id',
    );
    return r.rows.map((t) => ({ id: t.id, name: t.name, groupId: t.group_id }));
  }

  async getGroup(id: string): Promise<ResponderGroup | null> {
    const r = await this.db.query<ResponderGroup>('SELECT id, name, destination, tiers, lang FROM responder_groups WHERE id = $1', [id]);
    return r.rows[0] ?? null;
  }

  /** Every responder group with its member ids (and how many of them hold the responder role). */
  async listGroups(): Promise<(ResponderGroup & { memberIds: string[]; responderCount: number })[]> {
    const r = await this.db.query<ResponderGroup & { member_ids: string[] | null; responder_count: string }>(
      `SELECT g.id, g.name, g.destination, g.tiers, g.lang,
         array_remove(array_agg(m.user_id ORDER BY m.user_id), NULL) AS member_ids,
         count(u.id) FILTER (WHERE 'responder' = ANY(u.roles)) AS responder_count
       FROM responder_groups g
       LEFT JOIN responder_group_members m ON m.group_id = g.id
       LEFT JOIN users u ON u.id = m.user_id
       GROUP BY g.id ORDER BY g.id`,
    );
    return r.rows.map(({ member_ids, responder_count, ...g }) => ({ ...g, memberIds: member_ids ?? [], responderCount: Number(responder_count) }));
  }

  /** The groups a user is a member of (their cards, queue and App Home are in the group's language). */
  async groupsOfMember(userId: string): Promise<ResponderGroup[]> {
    const r = await this.db.query<ResponderGroup>(
      `SELECT g.id, g.name, g.destination, g.tiers, g.lang FROM responder_group_members m
       JOIN responder_groups g ON g.id = m.group_id WHERE m.user_id = $1 ORDER BY g.id`,
      [userId],
    );
    return r.rows;
  }

  /** Removes a member; false when the user was not in the group. */
  async removeMember(groupId: string, userId: string): Promise<boolean> {
    const r = await this.db.query('DELETE FROM responder_group_members WHERE group_id = $1 AND user_id = $2', [groupId, userId]);
    return r.rowCount > 0;
  }
}
