import type { Queryable } from '../../db/database.js';

/**
 * Display names the staff directory knows, for redaction. All tenants' names
 * are used: hiding a name too many costs nothing, and no name ever leaves, so
 * this crosses no tenant boundary. Cached briefly because every model call
 * needs the list and it changes rarely.
 */
export class DirectoryNames {
  private cached: { names: string[]; at: number } | undefined;

  constructor(
    private readonly db: Queryable,
    /** How long a fetched list is reused (default 60 s). */
    private readonly ttlMs = 60_000,
  ) {}

  /** Throws when the directory cannot be read: the caller must then send nothing. */
  async list(): Promise<string[]> {
    const now = Date.now();
    if (this.cached && now - this.cached.at < this.ttlMs) return this.cached.names;
    const r = await this.db.query<{ display_name: string }>('SELECT DISTINCT display_name FROM users');
    const names = r.rows.map((row) => row.display_name).filter((n) => n.trim().length > 0);
    this.cached = { names, at: now };
    return names;
  }
}
