import type { DirectoryStore } from './directory-store.js';
import { DEFAULT_TIERS, type User } from './directory-types.js';

/** Ids of the demo company the local channel runs as, with nothing configured. */
export const LOCAL_DEMO = {
  tenantId: 'local-demo',
  groupId: 'local-responders',
  destination: 'local:responders',
  staff: { id: 'local-staff', identity: 'local:staff' },
  responder: { id: 'local-responder', identity: 'local:responder' },
  admin: { id: 'local-admin', identity: 'local:admin' },
} as const;

/**
 * Seeds a demo company, one person per role and a responder group, so the
 * local console works on an empty database. Idempotent: runs at every start.
 */
export async function ensureLocalDemo(directory: DirectoryStore, lang: User['lang']): Promise<void> {
  await directory.upsertTenant({ id: LOCAL_DEMO.tenantId, name: lang === 'ja' ? 'デモ株式会社' : 'Demo Ltd.' });
  await directory.upsertUser(
    { id: LOCAL_DEMO.staff.id, tenantId: LOCAL_DEMO.tenantId, displayName: lang === 'ja' ? '佐藤' : 'Sato', roles: ['staff'], lang },
    [LOCAL_DEMO.staff.identity],
  );
  await directory.upsertUser(
    { id: LOCAL_DEMO.admin.id, tenantId: LOCAL_DEMO.tenantId, displayName: lang === 'ja' ? '鈴木' : 'Suzuki', roles: ['staff', 'admin'], lang },
    [LOCAL_DEMO.admin.identity],
  );
  await directory.upsertUser(
    { id: LOCAL_DEMO.responder.id, tenantId: null, displayName: lang === 'ja' ? '山田' : 'Yamada', roles: ['responder'], lang },
    [LOCAL_DEMO.responder.identity],
  );
  await directory.upsertGroup({
    id: LOCAL_DEMO.groupId,
    name: lang === 'ja' ? '対応チーム' : 'Responders',
    destination: LOCAL_DEMO.destination,
    tiers: DEFAULT_TIERS,
    lang,
  });
  await directory.addMember(LOCAL_DEMO.groupId, LOCAL_DEMO.responder.id);
  await directory.routeTenant(LOCAL_DEMO.tenantId, LOCAL_DEMO.groupId);
}
