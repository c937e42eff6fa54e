import type { DirectoryStore } from '../../handlers/directory/directory-store.js';
import type { User } from '../../handlers/directory/directory-types.js';
import { ensureLocalDemo, LOCAL_DEMO } from '../../handlers/directory/local-demo.js';
import type { DispatchStore } from '../../handlers/dispatch/dispatch-store.js';
import { ensureDemoDispatch } from '../../handlers/dispatch/dispatch-demo.js';
import { DISPATCH_DESTINATION, identityFor, PLAYGROUND_ROLES, RESPONDERS_DESTINATION } from './playground-refs.js';

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
  // On-site dispatch: the demo group's posts go to the playground (web:dispatch), shown beside the case card.
  if (dispatch) await ensureDemoDispatch(dispatch, lang, DISPATCH_DESTINATION);
}
