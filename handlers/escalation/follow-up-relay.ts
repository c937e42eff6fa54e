import type { Queryable } from '../../db/database.js';
import type { Outbound } from '../cards.js';
import { takeReceipt } from '../delivery-receipts.js';
import type { CaseEvent, CaseRecord } from '../cases/case-types.js';
import type { User } from '../directory/directory-types.js';
import { relayToResponders } from './responder-actions.js';

/*
 * An asker's follow-up on an escalated case goes into the responders' card
 * thread. Until the first card is posted and its thread recorded there is no
 * such thread: the follow-up then waits on the timeline and the worker that
 * records the card relays it. Both sides may see it in the instant between,
 * so whoever claims the follow-up's event first relays it, once.
 */

/** True for the one caller that may relay this follow-up (shared through PostgreSQL, like inbound receipts). */
export function claimFollowUpRelay(db: Queryable, event: Pick<CaseEvent, 'id'>): Promise<boolean> {
  return takeReceipt(db, `relay:case-event:${event.id}`);
}

/**
 * The relay of one follow-up into the case's responder thread, or null when the card's thread is
 * not recorded yet (the notify job relays it after posting) or another caller relays it.
 */
export async function followUpRelay(db: Queryable, c: CaseRecord, event: CaseEvent, asker: User, destination: string): Promise<Outbound | null> {
  if (!c.responderThreadRef) return null;
  if (!(await claimFollowUpRelay(db, event))) return null;
  return relayToResponders(c, asker, String(event.data.text ?? ''), destination);
}
