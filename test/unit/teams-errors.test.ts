import { OtasukeError } from '../../bot/errors.js';
import {
  isGoneMessage,
  TeamsAuthError,
  TeamsNotFoundError,
  TeamsRateLimitedError,
  TeamsRequestRejectedError,
  TeamsUnavailableError,
  translateTeamsError,
} from '../../bot/teams/teams-errors.js';
import { UnrecoverableJobError } from '../../workers/errors.js';

/** The shape of @azure/core-rest-pipeline's RestError as the connector client throws it. */
const restError = (statusCode: number) => Object.assign(new Error(`HTTP ${statusCode}`), { name: 'RestError', statusCode, code: 'Failed' });

describe('translateTeamsError', () => {
  it.each([
    [401, TeamsAuthError, true],
    [403, TeamsAuthError, true],
    [404, TeamsNotFoundError, true],
    [400, TeamsRequestRejectedError, true],
    [413, TeamsRequestRejectedError, true],
    [429, TeamsRateLimitedError, false],
    [412, TeamsUnavailableError, false],
    [502, TeamsUnavailableError, false],
    [504, TeamsUnavailableError, false],
  ])('maps HTTP %i to %p (permanent: %p)', (status, cls, permanent) => {
    const e = translateTeamsError(restError(status));
    expect(e).toBeInstanceOf(cls);
    expect(e instanceof UnrecoverableJobError).toBe(permanent);
  });

  it('treats a timeout or a network failure as worth retrying', () => {
    expect(translateTeamsError(Object.assign(new Error('aborted'), { name: 'AbortError' }))).toBeInstanceOf(TeamsUnavailableError);
    expect(translateTeamsError(new Error('ECONNREFUSED'))).toBeInstanceOf(TeamsUnavailableError);
  });

  it('passes project errors through and knows a gone message', () => {
    const own = new OtasukeError('X', 'x');
    expect(translateTeamsError(own)).toBe(own);
    expect(isGoneMessage(translateTeamsError(restError(404)))).toBe(true);
    expect(isGoneMessage(translateTeamsError(restError(500)))).toBe(false);
  });
});
