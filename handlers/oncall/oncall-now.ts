import type { Database } from '../../db/database.js';
import type { DirectoryStore } from '../directory/directory-store.js';
import type { Lang } from '../../knowledge/text/normalize.js';
import { formatOpening, isOpen, nextOpening } from './office-hours.js';
import { OnCallStore } from './oncall-store.js';
import { onCallAt, type OnCall } from './rotation.js';
import { t } from '../../core/i18n/t.js';

/** A group's desk at one instant: open or not, the next opening, and who is on call. */
export interface OnCallStatus {
  groupId: string;
  /** null → the group has no office hours set (always open). */
  open: boolean | null;
  nextOpen: Date | null;
  timeZone: string | null;
  onCall: (OnCall & { name: string }) | null;
}

export async function onCallStatus(db: Database, directory: DirectoryStore, groupId: string, now: Date): Promise<OnCallStatus> {
  const store = new OnCallStore(db);
  const hours = await store.hours(groupId);
  const who = onCallAt(await store.rotation(groupId), await store.overrides(groupId, now), now);
  const name = who ? ((await directory.getUser(who.userId))?.displayName ?? who.userId) : null;
  return {
    groupId,
    open: hours ? isOpen(hours, now) : null,
    nextOpen: hours ? nextOpening(hours, now) : null,
    timeZone: hours?.timeZone ?? null,
    onCall: who && name ? { ...who, name } : null,
  };
}

/** The status as two short lines in the reader's language (CLI, playground). */
export function describeStatus(lang: Lang, s: OnCallStatus): string[] {
  const zone = s.timeZone ?? 'Asia/Tokyo';
  const desk =
    s.open === null ? t(lang, 'oncall.now.alwaysOpen')
    : s.open ? t(lang, 'oncall.now.open')
    : t(lang, 'oncall.now.closed', { when: s.nextOpen ? formatOpening(lang, s.nextOpen, zone) : '—' });
  const who = s.onCall ? t(lang, 'oncall.now.onCall', { name: s.onCall.name, until: formatOpening(lang, s.onCall.until, zone) }) : t(lang, 'oncall.now.nobody');
  return [desk, who];
}
