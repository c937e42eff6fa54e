import { OtasukeError } from '../core/errors.js';
import type { MessageKey } from '../core/i18n/t.js';
import type { CaseAction, CaseState } from './cases/case-state-machine.js';
import type { CaseRecord } from './cases/case-types.js';
import type { DirectoryStore } from './directory/directory-store.js';
import type { User } from './directory/directory-types.js';

/** The state machine does not allow `action` from `from`. */
export class IllegalTransitionError extends OtasukeError {
  constructor(
    readonly caseNumber: string,
    readonly from: CaseState,
    readonly action: CaseAction,
  ) {
    super('CASE_ILLEGAL_TRANSITION', `Case ${caseNumber} cannot ${action} from state ${from}`, {
      userMessageKey: 'error.illegalTransition',
    });
  }
}

export class CaseNotFoundError extends OtasukeError {
  constructor(readonly ref: string) {
    super('CASE_NOT_FOUND', `Case ${ref} not found`, { userMessageKey: 'error.caseNotFound' });
  }
}

/** Someone else claimed the case first (or holds it now). */
export class CaseAlreadyClaimedError extends OtasukeError {
  constructor(
    readonly caseNumber: string,
    readonly holderUserId: string | null,
    readonly holderName: string | null,
  ) {
    super('CASE_ALREADY_CLAIMED', `Case ${caseNumber} is already claimed by ${holderName ?? holderUserId ?? 'someone'}`, {
      userMessageKey: 'error.alreadyClaimed',
    });
  }
}

/** The actor lacks the role (or group membership, or tenant) an action needs. */
export class ForbiddenError extends OtasukeError {
  constructor(
    readonly action: string,
    readonly actorUserId: string | null,
    userMessageKey: MessageKey = 'error.forbidden',
  ) {
    super('FORBIDDEN', `${actorUserId ?? 'anonymous'} may not ${action}`, { userMessageKey });
  }
}

/** The platform identity is not registered to any tenant. */
export class UnknownIdentityError extends OtasukeError {
  constructor(readonly identity: string) {
    super('UNKNOWN_IDENTITY', `No user is registered for ${identity}`, { userMessageKey: 'error.unknownUser' });
  }
}

/** Input is too large or malformed to be taken as a question. */
export class InvalidInputError extends OtasukeError {
  constructor(reason: string, userMessageKey: MessageKey = 'error.invalidInput') {
    super('INVALID_INPUT', reason, { userMessageKey });
  }
}

/**
 * The refusal given to a person who may not know a case exists (someone of
 * another company, a responder of a group that does not serve it): worded
 * exactly as CaseNotFoundError ('error.caseNotFound'), so trying case numbers
 * cannot tell existing cases from missing ones. Still a ForbiddenError (code
 * FORBIDDEN) for the code and the log; the attempt is audited on the case
 * (`access_refused`) by whoever refused it, as before.
 */
export class CaseHiddenError extends ForbiddenError {
  constructor(
    readonly ref: string,
    action: string,
    actorUserId: string | null,
  ) {
    super(action, actorUserId, 'error.caseNotFound');
  }
}

/**
 * Whether a person may know that a case exists: anyone of the case's own
 * company, or a member of the responder group its company is routed to.
 */
export async function mayKnowCase(directory: Pick<DirectoryStore, 'groupForTenant' | 'isMember'>, user: User, c: CaseRecord): Promise<boolean> {
  if (user.tenantId !== null && user.tenantId === c.tenantId) return true;
  const group = await directory.groupForTenant(c.tenantId);
  return !!group && (await directory.isMember(group.id, user.id));
}

/**
 * What to throw when handling `user`'s command or button on case `c` failed
 * with `err`: a refusal that would tell someone who may not know the case that
 * it exists (forbidden, wrong state, already claimed, invalid for this case)
 * becomes CaseHiddenError; anything else (and any refusal to someone who may
 * know the case, or who pressed a button on the case's own card, `pressedIn`)
 * is thrown as it was.
 */
export async function concealCaseFrom(
  directory: Pick<DirectoryStore, 'groupForTenant' | 'isMember'>,
  user: User,
  c: CaseRecord,
  err: unknown,
  pressedIn?: string,
): Promise<unknown> {
  const revealing = err instanceof ForbiddenError || err instanceof IllegalTransitionError || err instanceof CaseAlreadyClaimedError || err instanceof InvalidInputError;
  if (!revealing || err instanceof CaseHiddenError) return err;
  // A button pressed on the case's own card (responders' channel or asker's thread): the person
  // is looking at the case, there is nothing to hide, and the real reason helps them.
  if (pressedIn !== undefined && (pressedIn === c.responderThreadRef || pressedIn === c.threadRef)) return err;
  if (await mayKnowCase(directory, user, c)) return err;
  return new CaseHiddenError(c.number, err instanceof ForbiddenError ? err.action : 'act', user.id);
}
