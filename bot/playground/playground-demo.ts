import type { DirectoryStore } from '../../handlers/directory/directory-store.js';
import type { User } from '../../handlers/directory/directory-types.js';
import { ensureLocalDemo, LOCAL_DEMO } from '../../handlers/directory/local-demo.js';
import { DispatchStore } from '../../handlers/dispatch/dispatch-store.js';
import { DISPATCH_DESTINATION, identityFor, PLAYGROUND_ROLES, RESPONDERS_DESTINATION } from './playground-refs.js';

/** The demo dispatch group (README "On-site dispatch"): the demo responder answers its posts too. */
export const DEMO_DISPATCH_GROUP = 'demo-dispatch';

/**
 * The demo company of the local channels, reachable from the playground: the
 * same three people get `web:<role>` identities, and the demo responder group
 * posts its escalation cards to the playground (`web:responders`) instead of
 * the console. Idempotent; runs at every start (the console puts the
 * destination back to `local:responders` when it runs instead).
 */
export async function ensurePlaygroundDemo(directory: DirectoryStore, lang: User['lang'], dispatch?: DispatchStore): Promise<void> {
  await ensureLocalDemo(directory, lang);
  for (const role of PLAYGROUND_ROLES) {
    const user = await directory.getUser(LOCAL_DEMO[role].id);
    if (user) await directory.upsertUser(user, [identityFor(role)]);
  }
  const group = await directory.groupForTenant(LOCAL_DEMO.tenantId);
  if (group) await directory.upsertGroup({ ...group, destination: RESPONDERS_DESTINATION });
  if (dispatch) await ensureDemoDispatch(dispatch, lang);
}

/**
 * A demo dispatch group posting to the playground (`web:dispatch`), the demo responder its only
 * member (so one person can try the whole flow), the demo company's site and its route to the
 * group. What an operator already changed (site, route) is kept.
 */
async function ensureDemoDispatch(dispatch: DispatchStore, lang: User['lang']): Promise<void> {
  await dispatch.upsertGroup({ id: DEMO_DISPATCH_GROUP, name: lang === 'ja' ? 'デモITサービス(駆けつけ)' : 'Demo IT Services (on-site)', destination: DISPATCH_DESTINATION, lang, hourlyRateYen: 8000 });
  await dispatch.addMember(DEMO_DISPATCH_GROUP, LOCAL_DEMO.responder.id);
  if (!(await dispatch.site(LOCAL_DEMO.tenantId))) {
    await dispatch.setSite({
      tenantId: LOCAL_DEMO.tenantId,
      address: lang === 'ja' ? '東京都千代田区丸の内1-1-1 デモビル3F' : 'Demo Bldg. 3F, 1-1-1 Marunouchi, Chiyoda, Tokyo',
      contactName: lang === 'ja' ? '鈴木' : 'Suzuki',
      contactPhone: '03-0000-0000',
    });
  }
  if ((await dispatch.route(LOCAL_DEMO.tenantId)).length === 0) await dispatch.setRoute(LOCAL_DEMO.tenantId, [DEMO_DISPATCH_GROUP]);
}
