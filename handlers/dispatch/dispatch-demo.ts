import { LOCAL_DEMO } from '../directory/local-demo.js';
import type { User } from '../directory/directory-types.js';
import type { DispatchStore } from './dispatch-store.js';

/** The demo dispatch group (README "On-site dispatch"): the demo responder answers its posts too. */
export const DEMO_DISPATCH_GROUP = 'demo-dispatch';

/**
 * A demo dispatch group posting to `destination` (the playground's `web:dispatch`, the console's
 * responders), the demo responder its only member (so one person can try the whole flow), the
 * demo company's site and its route to the group. Idempotent; what an operator already changed
 * (site, route) is kept.
 */
export async function ensureDemoDispatch(dispatch: DispatchStore, lang: User['lang'], destination: string): Promise<void> {
  await dispatch.upsertGroup({ id: DEMO_DISPATCH_GROUP, name: lang === 'ja' ? 'デモITサービス(駆けつけ)' : 'Demo IT Services (on-site)', destination, lang, hourlyRateYen: 8000 });
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
