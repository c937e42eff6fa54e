import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import type { Database, Queryable } from '../../db/database.js';
import { DatabaseOutageError } from '../../db/errors.js';
import { isDatabaseOutage } from '../../db/outage.js';
import { SlackNotInstalledError } from './slack-errors.js';
import { tenantIdOf } from './slack-ids.js';
import { TokenSealError, type TokenSealer } from './token-sealer.js';

/** What the adapter needs to know about one workspace. */
export interface SlackWorkspace {
  /** The key the installation is stored under: the team id, or the enterprise id of an org-wide install. */
  teamId: string;
  tenantId: string;
  teamName: string | null;
  /** Null in single-workspace mode (the token comes from config) or after an uninstall. */
  botToken: string | null;
  botUserId: string | null;
  botId: string | null;
  installed: boolean;
}

interface Row {
  team_id: string;
  tenant_id: string;
  team_name: string | null;
  bot_user_id: string | null;
  bot_id: string | null;
  installation: Installation | SealedInstallation | null;
  uninstalled_at: Date | null;
}

export interface InstallationStoreOptions {
  /** Responder group a newly created tenant is routed to (ignored when no such group exists). */
  defaultResponderGroup?: string;
  /** How long a looked-up workspace is reused before reading PostgreSQL again. */
  cacheMs?: number;
  /**
   * How long an installation Bolt's authorize fetched is reused for the same team (default 60 s).
   * app_uninstalled, tokens_revoked, a new install and a token Slack refuses forget it at once in
   * this process; other processes behind the same URL see those within this time.
   */
  installationCacheMs?: number;
  /** Seals installations before they are stored (SLACK_TOKEN_KEY); unset → stored in the clear. */
  sealer?: TokenSealer;
}

/** How a sealed installation sits in the jsonb column. */
interface SealedInstallation {
  sealed: string;
}

/**
 * Bolt's installation store, in PostgreSQL (`slack_installations`), and the
 * workspace → tenant mapping. The OAuth install flow stores an installation
 * here; a workspace seen for the first time becomes a tenant of its own
 * (named after the workspace) unless an operator mapped it to an existing one
 * beforehand. Rows survive an uninstall, so reinstalling keeps the tenant.
 */
export class PostgresInstallationStore implements InstallationStore {
  private readonly cache = new Map<string, { at: number; workspace: SlackWorkspace }>();
  /** Installations fetched for Bolt's authorize, per team|enterprise: one PostgreSQL read per team, not per request. */
  private readonly installationCache = new Map<string, { at: number; installation: Installation }>();

  constructor(
    private readonly db: Database,
    private readonly options: InstallationStoreOptions = {},
  ) {}

  async storeInstallation<AuthVersion extends 'v1' | 'v2'>(installation: Installation<AuthVersion, boolean>): Promise<void> {
    const isOrg = installation.isEnterpriseInstall === true;
    const key = isOrg ? installation.enterprise?.id : installation.team?.id;
    if (!key) throw new Error('installation without a team or enterprise id');
    const name = (isOrg ? installation.enterprise?.name : installation.team?.name) ?? key;
    await this.db.transaction(async (tx) => {
      const tenantId = await this.ensureTenant(tx, key, name);
      await tx.query(
        `INSERT INTO slack_installations (team_id, enterprise_id, is_enterprise_install, tenant_id, team_name, bot_user_id, bot_id, installation)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (team_id) DO UPDATE SET enterprise_id = EXCLUDED.enterprise_id, is_enterprise_install = EXCLUDED.is_enterprise_install,
           team_name = EXCLUDED.team_name, bot_user_id = EXCLUDED.bot_user_id, bot_id = EXCLUDED.bot_id,
           installation = EXCLUDED.installation, updated_at = now(), uninstalled_at = NULL`,
        [key, installation.enterprise?.id ?? null, isOrg, tenantId, name, installation.bot?.userId ?? null, installation.bot?.id ?? null, this.stored(installation)],
      );
    });
    this.forget(key);
  }

  async fetchInstallation(query: InstallationQuery<boolean>): Promise<Installation<'v1' | 'v2', boolean>> {
    const teamId = query.isEnterpriseInstall ? undefined : query.teamId;
    const key = `${teamId ?? ''}|${query.enterpriseId ?? ''}`;
    const cached = this.installationCache.get(key);
    // A copy each time: Bolt's token rotation edits the installation it is given before storing it.
    if (cached && Date.now() - cached.at < (this.options.installationCacheMs ?? 60_000)) return structuredClone(cached.installation) as Installation<'v1' | 'v2', boolean>;
    const row = await this.row(teamId, query.enterpriseId).catch((err: unknown) => {
      // Bolt keeps only the message of what authorize throws: the typed error's message carries the kind.
      throw isDatabaseOutage(err) ? new DatabaseOutageError(err) : err;
    });
    const installation = row ? this.opened(row) : null;
    // Misses are not cached: an install done by another process is seen at once.
    if (!installation || row!.uninstalled_at) throw new SlackNotInstalledError(query.teamId ?? query.enterpriseId ?? '?');
    this.installationCache.set(key, { at: Date.now(), installation });
    return structuredClone(installation) as Installation<'v1' | 'v2', boolean>;
  }

  /** Called on app_uninstalled / tokens_revoked: the tokens go, the tenant mapping stays. */
  async deleteInstallation(query: InstallationQuery<boolean>): Promise<void> {
    const key = query.isEnterpriseInstall ? query.enterpriseId : query.teamId;
    if (!key) return;
    await this.db.query('UPDATE slack_installations SET installation = NULL, uninstalled_at = now(), updated_at = now() WHERE team_id = $1', [key]);
    this.forget(key);
  }

  /**
   * Single-workspace mode: records the workspace the bot token belongs to
   * (from auth.test) so it maps to a tenant like an installed one. The token
   * itself stays in config, never in the database.
   */
  async registerWorkspace(teamId: string, teamName: string, bot: { userId?: string; id?: string }): Promise<SlackWorkspace> {
    await this.db.transaction(async (tx) => {
      const tenantId = await this.ensureTenant(tx, teamId, teamName);
      await tx.query(
        `INSERT INTO slack_installations (team_id, tenant_id, team_name, bot_user_id, bot_id)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (team_id) DO UPDATE SET team_name = EXCLUDED.team_name, bot_user_id = EXCLUDED.bot_user_id,
           bot_id = EXCLUDED.bot_id, updated_at = now(), uninstalled_at = NULL`,
        [teamId, tenantId, teamName, bot.userId ?? null, bot.id ?? null],
      );
    });
    this.forget(teamId);
    return (await this.workspace(teamId))!;
  }

  /**
   * The workspace a team (or, for an org-wide install, its enterprise)
   * belongs to; null when it was never installed.
   */
  async workspace(teamId: string, enterpriseId?: string): Promise<SlackWorkspace | null> {
    const key = `${teamId}|${enterpriseId ?? ''}`;
    const cached = this.cache.get(key);
    if (cached && Date.now() - cached.at < (this.options.cacheMs ?? 10_000)) return cached.workspace;
    const row = await this.row(teamId, enterpriseId);
    const workspace = row
      ? {
          teamId: row.team_id,
          tenantId: row.tenant_id,
          teamName: row.team_name,
          botToken: row.uninstalled_at ? null : (this.opened(row)?.bot?.token ?? null),
          botUserId: row.bot_user_id,
          botId: row.bot_id,
          installed: !row.uninstalled_at,
        }
      : null;
    // Only found workspaces are cached: an install done by another bot process is seen at once.
    if (workspace) this.cache.set(key, { at: Date.now(), workspace });
    return workspace;
  }

  /**
   * With a key configured, seals every installation still stored in the clear (written before the
   * key was set). Returns how many were sealed. Run at start; safe to run from several processes.
   */
  async sealStoredInstallations(): Promise<number> {
    if (!this.options.sealer) return 0;
    const r = await this.db.query<{ team_id: string; installation: Installation }>(
      "SELECT team_id, installation FROM slack_installations WHERE installation IS NOT NULL AND NOT (installation ? 'sealed')",
    );
    for (const row of r.rows) {
      await this.db.query("UPDATE slack_installations SET installation = $2 WHERE team_id = $1 AND NOT (installation ? 'sealed')", [row.team_id, this.stored(row.installation)]);
    }
    return r.rows.length;
  }

  /** The jsonb to store: sealed when a key is configured. */
  private stored(installation: Installation<'v1' | 'v2', boolean>): string {
    const json = JSON.stringify(installation);
    return this.options.sealer ? JSON.stringify({ sealed: this.options.sealer.seal(json) } satisfies SealedInstallation) : json;
  }

  /** The installation of a row, opened if sealed. A sealed row without the key cannot be used. */
  private opened(row: Row): Installation | null {
    const stored = row.installation;
    if (!stored) return null;
    if (!('sealed' in stored)) return stored;
    if (!this.options.sealer) throw new TokenSealError(`the installation of ${row.team_id} is sealed and SLACK_TOKEN_KEY is not set`);
    return JSON.parse(this.options.sealer.open(stored.sealed)) as Installation;
  }

  /** Forgets cached lookups of a team or enterprise id (after an install, an uninstall, a revoked token). */
  forget(id: string): void {
    for (const key of [...this.cache.keys()]) if (key.split('|').includes(id)) this.cache.delete(key);
    for (const key of [...this.installationCache.keys()]) if (key.split('|').includes(id)) this.installationCache.delete(key);
  }

  private async row(teamId: string | undefined, enterpriseId: string | undefined): Promise<Row | null> {
    const r = await this.db.query<Row>(
      `SELECT team_id, tenant_id, team_name, bot_user_id, bot_id, installation, uninstalled_at FROM slack_installations
       WHERE team_id = $1 OR (team_id = $2 AND is_enterprise_install) ORDER BY (team_id = $1) DESC LIMIT 1`,
      [teamId ?? null, enterpriseId ?? null],
    );
    return r.rows[0] ?? null;
  }

  /** The tenant of a workspace: its existing mapping, or a new tenant named after it (routed to the default group). */
  private async ensureTenant(tx: Queryable, teamId: string, name: string): Promise<string> {
    const existing = await tx.query<{ tenant_id: string }>('SELECT tenant_id FROM slack_installations WHERE team_id = $1', [teamId]);
    if (existing.rows[0]) return existing.rows[0].tenant_id;
    const tenantId = tenantIdOf(teamId);
    await tx.query('INSERT INTO tenants (id, name) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING', [tenantId, name]);
    if (this.options.defaultResponderGroup) {
      await tx.query(
        'INSERT INTO tenant_routes (tenant_id, group_id) SELECT $1, id FROM responder_groups WHERE id = $2 ON CONFLICT (tenant_id) DO NOTHING',
        [tenantId, this.options.defaultResponderGroup],
      );
    }
    return tenantId;
  }
}
