import type { Queryable } from '../../db/database.js';
import type { Outbound } from '../cards.js';
import { takeReceipt } from '../delivery-receipts.js';
import type { CaseEvent, CaseRecord } from '../cases/case-types.js';
import type { ResponderGroup, User } from '../directory/directory-types.js';
import { relayToResponders } from './responder-actions.js';
import type { RichSpan } from '../rich-text.js';

/*
 * An asker's follow-up on an escalated case goes into the responders' card
 * thread. Until the first card is posted and its thread recorded there is no
 * such thread: the follow-up then waits on the timeline and the worker that
 * records the card relays it. Both sides may see it in the instant between,
 * so whoever takes the follow-up event's receipt first relays it, once.
 */

/**
 * The relay of one follow-up (with its formatting when the caller still has it: a follow-up the
 * notify job relays later goes as plain text, the timeline keeps no markup) into the case's responder thread, or null when the card's thread is
 * not recorded yet (the notify job relays it after posting) or another caller relays it.
 */
export async function followUpRelay(
  db: Queryable,
  c: CaseRecord,
  event: CaseEvent,
  asker: User,
  group: Pick<ResponderGroup, 'destination' | 'lang'>,
  rich?: RichSpan[],
): Promise<Outbound | null> {
  if (!c.responderThreadRef) return null;
  // The one caller that takes the event's receipt relays it (shared through PostgreSQL).
  if (!(await takeReceipt(db, `relay:case-event:${event.id}`))) return null;
  return relayToResponders(c, asker, String(event.data.text ?? ''), group, rich);
}
