import type { Database } from '../../db/database.js';
import type { ConversationType } from './teams-activity.js';

/** The parts of a Bot Framework ConversationReference the adapter keeps to post proactively. */
export interface StoredReference {
  channelId: string;
  serviceUrl: string;
  bot: { id: string; name?: string };
  conversation: { id: string; conversationType: ConversationType; tenantId: string; isGroup?: boolean };
}

export interface StoredConversation {
  conversationId: string;
  aadTenantId: string | null;
  conversationType: ConversationType;
  reference: StoredReference;
  teamName: string | null;
  channelName: string | null;
  currentThread: string | null;
  threadTouchedAt: Date | null;
  updatedAt: Date;
}

interface ConversationRow {
  conversation_id: string;
  aad_tenant_id: string | null;
  conversation_type: ConversationType;
  reference: StoredReference;
  team_name: string | null;
  channel_name: string | null;
  current_thread: string | null;
  thread_touched_at: Date | null;
  updated_at: Date;
}

const toConversation = (r: ConversationRow): StoredConversation => ({
  conversationId: r.conversation_id,
  aadTenantId: r.aad_tenant_id,
  conversationType: r.conversation_type,
  reference: r.reference,
  teamName: r.team_name,
  channelName: r.channel_name,
  currentThread: r.current_thread,
  threadTouchedAt: r.thread_touched_at ? new Date(r.thread_touched_at) : null,
  updatedAt: new Date(r.updated_at),
});

const CONVERSATION_COLUMNS = 'conversation_id, aad_tenant_id, conversation_type, reference, team_name, channel_name, current_thread, thread_touched_at, updated_at';

/** A file offered for download. */
export interface StoredFile {
  name: string;
  contentType: string;
  data: Buffer;
  expiresAt: Date;
}

/**
 * The Teams adapter's state in PostgreSQL: which Microsoft 365 organisation
 * is which tenant, the conversation references that proactive messages are
 * sent from (by any process), the case in progress of each chat, the
 * escalation cards to update, and the short-lived download files.
 */
export class TeamsStore {
  /** conversation id → serviceUrl last written, so an unchanged reference is not rewritten on every message. */
  private readonly written = new Map<string, string>();

  constructor(private readonly db: Database) {}

  async mapTenant(aadTenantId: string, tenantId: string): Promise<void> {
    await this.db.query(
      'INSERT INTO teams_tenants (aad_tenant_id, tenant_id) VALUES ($1, $2) ON CONFLICT (aad_tenant_id) DO UPDATE SET tenant_id = EXCLUDED.tenant_id',
      [aadTenantId.toLowerCase(), tenantId],
    );
  }

  async unmapTenant(aadTenantId: string): Promise<boolean> {
    return (await this.db.query('DELETE FROM teams_tenants WHERE aad_tenant_id = $1', [aadTenantId.toLowerCase()])).rowCount > 0;
  }

  /** The project tenant of a Microsoft 365 organisation, or null when it is not registered. */
  async tenantFor(aadTenantId: string): Promise<string | null> {
    const r = await this.db.query<{ tenant_id: string }>('SELECT tenant_id FROM teams_tenants WHERE aad_tenant_id = $1', [aadTenantId.toLowerCase()]);
    return r.rows[0]?.tenant_id ?? null;
  }

  async listTenants(): Promise<{ aadTenantId: string; tenantId: string }[]> {
    const r = await this.db.query<{ aad_tenant_id: string; tenant_id: string }>('SELECT aad_tenant_id, tenant_id FROM teams_tenants ORDER BY tenant_id');
    return r.rows.map((row) => ({ aadTenantId: row.aad_tenant_id, tenantId: row.tenant_id }));
  }

  /** Keeps the reference of a conversation current (the connector's serviceUrl can move). */
  async saveConversation(c: { conversationId: string; aadTenantId: string; reference: StoredReference; teamName?: string; channelName?: string }): Promise<void> {
    const key = `${c.reference.serviceUrl}|${c.teamName ?? ''}|${c.channelName ?? ''}`;
    if (this.written.get(c.conversationId) === key) return;
    await this.db.query(
      `INSERT INTO teams_conversations (conversation_id, aad_tenant_id, conversation_type, reference, team_name, channel_name)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (conversation_id) DO UPDATE SET aad_tenant_id = EXCLUDED.aad_tenant_id, conversation_type = EXCLUDED.conversation_type,
         reference = EXCLUDED.reference, team_name = COALESCE(EXCLUDED.team_name, teams_conversations.team_name),
         channel_name = COALESCE(EXCLUDED.channel_name, teams_conversations.channel_name), updated_at = now()`,
      [c.conversationId, c.aadTenantId, c.reference.conversation.conversationType, JSON.stringify(c.reference), c.teamName ?? null, c.channelName ?? null],
    );
    if (this.written.size > 10_000) this.written.clear();
    this.written.set(c.conversationId, key);
  }

  async conversation(conversationId: string): Promise<StoredConversation | null> {
    const r = await this.db.query<ConversationRow>(`SELECT ${CONVERSATION_COLUMNS} FROM teams_conversations WHERE conversation_id = $1`, [conversationId]);
    return r.rows[0] ? toConversation(r.rows[0]) : null;
  }

  /**
   * A conversation through which the bot can reach people of an organisation: the latest of
   * that organisation, else the latest of any (the connector's serviceUrl is the bot's region).
   */
  async gatewayFor(aadTenantId: string): Promise<StoredConversation | null> {
    const r = await this.db.query<ConversationRow>(
      `SELECT ${CONVERSATION_COLUMNS} FROM teams_conversations ORDER BY (aad_tenant_id = $1) DESC NULLS LAST, updated_at DESC LIMIT 1`,
      [aadTenantId],
    );
    return r.rows[0] ? toConversation(r.rows[0]) : null;
  }

  async listConversations(): Promise<StoredConversation[]> {
    const r = await this.db.query<ConversationRow>(`SELECT ${CONVERSATION_COLUMNS} FROM teams_conversations ORDER BY updated_at DESC`);
    return r.rows.map(toConversation);
  }

  /** Makes `thread` the case in progress of a chat (null: the next message starts a new one). */
  async setCurrentThread(conversationId: string, thread: string | null): Promise<void> {
    await this.db.query('UPDATE teams_conversations SET current_thread = $2, thread_touched_at = now() WHERE conversation_id = $1', [conversationId, thread]);
  }

  async recordCaseCard(caseNumber: string, conversationId: string, activityId: string): Promise<void> {
    await this.db.query(
      'INSERT INTO teams_case_cards (case_number, conversation_id, activity_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
      [caseNumber, conversationId, activityId],
    );
  }

  /** Every card posted for a case, oldest first. */
  async caseCards(caseNumber: string): Promise<{ conversationId: string; activityId: string }[]> {
    const r = await this.db.query<{ conversation_id: string; activity_id: string }>(
      'SELECT conversation_id, activity_id FROM teams_case_cards WHERE case_number = $1 ORDER BY posted_at',
      [caseNumber],
    );
    return r.rows.map((row) => ({ conversationId: row.conversation_id, activityId: row.activity_id }));
  }

  async caseOfCard(conversationId: string, activityId: string): Promise<string | null> {
    const r = await this.db.query<{ case_number: string }>(
      'SELECT case_number FROM teams_case_cards WHERE conversation_id = $1 AND activity_id = $2',
      [conversationId, activityId],
    );
    return r.rows[0]?.case_number ?? null;
  }

  /** Stores a download (keyed by the hash of its link token) and forgets expired ones. */
  async saveFile(tokenHash: string, file: StoredFile): Promise<void> {
    await this.db.query('DELETE FROM teams_files WHERE expires_at < now()');
    await this.db.query('INSERT INTO teams_files (token_hash, name, content_type, data, expires_at) VALUES ($1, $2, $3, $4, $5)', [
      tokenHash,
      file.name,
      file.contentType,
      file.data,
      file.expiresAt,
    ]);
  }

  /** A download that has not expired, or null. */
  async file(tokenHash: string): Promise<StoredFile | null> {
    const r = await this.db.query<{ name: string; content_type: string; data: Buffer | Uint8Array; expires_at: Date }>(
      'SELECT name, content_type, data, expires_at FROM teams_files WHERE token_hash = $1 AND expires_at > now()',
      [tokenHash],
    );
    const row = r.rows[0];
    return row ? { name: row.name, contentType: row.content_type, data: Buffer.from(row.data), expiresAt: new Date(row.expires_at) } : null;
  }
}
