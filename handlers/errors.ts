import { OtasukeError } from '../bot/errors.js';
import type { CaseAction, CaseState } from './cases/case-state-machine.js';

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
    userMessageKey = 'error.forbidden',
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
  constructor(reason: string, userMessageKey = 'error.invalidInput') {
    super('INVALID_INPUT', reason, { userMessageKey });
  }
}
