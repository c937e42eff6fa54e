import type { Queryable } from '../db/database.js';

/**
 * Takes the receipt `key` in `inbound_receipts`, the table every bot process
 * shares to do a thing once (a platform's delivery of a message, the relay of
 * a follow-up). True for the one caller that gets it. With `claim`, the same
 * caller asking again with the same token (a retry after a database outage)
 * gets it again; any other caller still does not.
 */
export async function takeReceipt(db: Queryable, key: string, claim?: string, inbound?: string): Promise<boolean> {
  // `inbound`: the message itself, kept with the receipt (the durable inbox) until its replies are on record.
  const r = claim
    ? await db.query(
        `INSERT INTO inbound_receipts (key, claim, inbound) VALUES ($1, $2, $3::jsonb)
         ON CONFLICT (key) DO UPDATE SET claim = EXCLUDED.claim WHERE inbound_receipts.claim = EXCLUDED.claim
         RETURNING key`,
        [key, claim, inbound ?? null],
      )
    : await db.query('INSERT INTO inbound_receipts (key) VALUES ($1) ON CONFLICT (key) DO NOTHING', [key]);
  return r.rowCount === 1;
}
