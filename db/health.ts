import type { Queryable } from './database.js';

/** A database that can be probed on a connection of its own (PostgresDatabase.ping). */
export interface Pingable {
  ping(timeoutMs: number): Promise<void>;
}

/**
 * Whether the database answers, as far as this process knows: a probe (`SELECT 1`) every
 * `intervalMs`, and anyone who meets an outage says so at once (markDown). A receiver that must
 * not acknowledge what it cannot keep (Slack events before the durable inbox can take them) asks
 * `up` and answers 503 instead, so the platform delivers again later.
 */
export class DatabaseHealth {
  private ok = true;
  private timer?: NodeJS.Timeout;
  private probing = false;

  /** `db`: probed with its own ping when it has one (a server's own connection), else `SELECT 1` through it. */
  constructor(
    private readonly db: Queryable & Partial<Pingable>,
    private readonly intervalMs = 500,
    private readonly timeoutMs = 1000,
  ) {}

  get up(): boolean {
    return this.ok;
  }

  /** An outage met by someone: down until the next probe succeeds. */
  markDown(): void {
    this.ok = false;
  }

  async probe(): Promise<boolean> {
    if (this.probing) return this.ok;
    this.probing = true;
    let timer: NodeJS.Timeout | undefined;
    try {
      if (this.db.ping) await this.db.ping(this.timeoutMs);
      else await Promise.race([
        this.db.query('SELECT 1'),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('database probe timed out')), this.timeoutMs);
        }),
      ]);
      this.ok = true;
    } catch {
      this.ok = false;
    } finally {
      clearTimeout(timer);
      this.probing = false;
    }
    return this.ok;
  }

  start(): void {
    this.timer = setInterval(() => void this.probe(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
