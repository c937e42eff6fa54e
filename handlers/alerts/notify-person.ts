import type { Card } from '../cards.js';
import type { ChatRegistry } from '../chat-adapter.js';
import type { CaseRecord } from '../cases/case-types.js';
import { intakeCard } from '../intake/intake-card.js';
import type { HandlerServices } from '../services.js';
import { firstAidKind, firstAidSteps } from './alert-first-aid.js';
import { t, type MessageKey } from '../../core/i18n/t.js';

/** What the first alert of a case said (for the message to the person). */
interface FirstAlert {
  title: string;
  host: string | null;
  user_name: string | null;
  kind: 'generic' | 'defender' | 'fortigate';
}

/** The first-aid message for the person at the machine (or the contact person), in their language. */
export function personAlertCard(c: CaseRecord, alert: FirstAlert, asContact: boolean): Card {
  const lang = c.lang;
  const device = t(lang, `alert.device.${alert.kind}` as MessageKey);
  const headline = alert.host
    ? t(lang, 'alert.detected.host', { device, host: alert.host, title: alert.title })
    : alert.user_name
      ? t(lang, 'alert.detected.user', { device, user: alert.user_name, title: alert.title })
      : t(lang, 'alert.detected.plain', { device, title: alert.title });
  return {
    blocks: [
      { kind: 'notice', text: headline },
      ...(asContact ? [{ kind: 'text' as const, text: t(lang, 'alert.asContact') }] : []),
      { kind: 'steps', title: t(lang, 'alert.firstAid.title'), items: firstAidSteps(lang, firstAidKind(c.category, alert.host !== null)) },
      { kind: 'text', text: t(lang, 'alert.caseOpened', { number: c.number }) },
    ],
  };
}

/**
 * Messages the asker of an alert case (the person the directory maps the alert's user or host
 * to, else the tenant's contact person) in a chat they have with the bot: the first aid, then
 * the intake questions; the case's thread becomes that conversation, so their answers and
 * follow-ups land on the case. Done once: a case whose thread is no longer the alert's is left alone.
 */
export async function notifyPersonAtMachine(services: HandlerServices, chat: ChatRegistry, caseId: number): Promise<'sent' | 'done' | 'unreachable'> {
  const c = await services.cases.get(caseId);
  if (!c.threadRef.startsWith('alert:')) return 'done';
  const first = await services.db.query<FirstAlert & { contact_user_id: string }>(
    `SELECT a.title, a.host, a.user_name, s.kind, s.contact_user_id FROM alerts a JOIN alert_sources s ON s.id = a.source_id
     WHERE a.case_id = $1 ORDER BY a.id LIMIT 1`,
    [caseId],
  );
  const alert = first.rows[0];
  if (!alert) return 'done';
  const identities = await services.db.query<{ identity: string }>('SELECT identity FROM user_identities WHERE user_id = $1 ORDER BY identity', [c.askerUserId]);
  const asContact = alert.contact_user_id === c.askerUserId && !(await isNamedPerson(services, caseId));
  for (const { identity } of identities.rows) {
    const adapter = chat.forRef(identity);
    if (!adapter) continue;
    try {
      const { threadRef } = await adapter.post(identity, personAlertCard(c, alert, asContact));
      await adapter.post(threadRef, intakeCard(c));
      await services.db.transaction(async (tx) => {
        await tx.query('UPDATE cases SET thread_ref = $2, channel = $3, updated_at = now() WHERE id = $1 AND thread_ref = $4', [
          c.id,
          threadRef,
          adapter.platform,
          c.threadRef,
        ]);
        await services.cases.appendEvent(c.id, 'alert_person_notified', { kind: 'system' }, { userId: c.askerUserId, platform: adapter.platform, asContact }, tx);
      });
      return 'sent';
    } catch (err) {
      services.logger.warn({ case: c.number, platform: adapter.platform, err: (err as Error).message }, 'could not message the person at the machine on this platform');
    }
  }
  await services.cases.appendEvent(c.id, 'alert_person_unreachable', { kind: 'system' }, { userId: c.askerUserId });
  return 'unreachable';
}

async function isNamedPerson(services: HandlerServices, caseId: number): Promise<boolean> {
  const r = await services.db.query<{ data: { person?: { via?: string } } }>(
    "SELECT data FROM case_events WHERE case_id = $1 AND type = 'alert_received' ORDER BY id LIMIT 1",
    [caseId],
  );
  return r.rows[0]?.data.person?.via !== undefined && r.rows[0]?.data.person?.via !== 'contact';
}
