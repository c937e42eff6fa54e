import type { CaseRecord } from '../cases/case-types.js';
import type { ResponderGroup, User } from '../directory/directory-types.js';
import { ForbiddenError } from '../errors.js';
import type { HandlerServices } from '../services.js';

/**
 * Only responders in the group the case's tenant routes to may act on it. A
 * refusal is audited on the case timeline (who tried what), then thrown.
 */
export async function assertResponderFor(services: Pick<HandlerServices, 'directory' | 'cases'>, user: User, c: CaseRecord, action: string): Promise<ResponderGroup> {
  const group = await services.directory.groupForTenant(c.tenantId);
  const allowed = !!group && user.roles.includes('responder') && (await services.directory.isMember(group.id, user.id));
  if (!allowed || !group) {
    await services.cases.appendEvent(c.id, 'access_refused', { kind: 'user', userId: user.id }, { action });
    throw new ForbiddenError(action, user.id, 'error.responderOnly');
  }
  return group;
}
