import { OtasukeError } from '../../core/errors.js';
import {
  isGoneMessage,
  TeamsAuthError,
  TeamsNotFoundError,
  TeamsRateLimitedError,
  TeamsRequestRejectedError,
  TeamsSigningKeysUnavailableError,
  TeamsUnauthenticatedError,
  TeamsUnavailableError,
  translateTeamsAuthFailure,
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

describe('translateTeamsAuthFailure (what authenticating an inbound request throws)', () => {
  /** botframework-connector's AuthenticationError: a message and a status. */
  const authError = (statusCode: number, message: string) => Object.assign(new Error(message), { statusCode });
  const named = (name: string, message: string) => Object.assign(new Error(message), { name });

  it.each([
    ['the key set answering an error (AuthenticationError 500)', authError(500, 'Failed to load Keys: 500')],
    ['the metadata document answering an error', authError(500, 'Failed to load openID config: 503')],
    ['the key host unreachable (node-fetch FetchError)', named('FetchError', 'request to https://login.botframework.com/ failed, reason: getaddrinfo ENOTFOUND')],
    ['the key fetch aborted', named('AbortError', 'The user aborted a request.')],
  ])('reads %s as the signing keys being unavailable (503)', (_name, err) => {
    const e = translateTeamsAuthFailure(err);
    expect(e).toBeInstanceOf(TeamsSigningKeysUnavailableError);
    expect(e).toMatchObject({ code: 'TEAMS_SIGNING_KEYS_UNAVAILABLE', reason: expect.stringMatching(/^signing keys unavailable: /) });
  });

  it.each([
    ['a refused token (AuthenticationError 401)', authError(401, 'Unauthorized. Invalid AppId passed on token: x')],
    ['an unknown key id', authError(401, 'Signing Key could not be retrieved.')],
    ['a bad signature (jsonwebtoken)', named('JsonWebTokenError', 'invalid signature')],
    ['an expired token', named('TokenExpiredError', 'jwt expired')],
    ['a token not valid yet', named('NotBeforeError', 'jwt not active')],
  ])('reads %s as a refusal of the token (401)', (_name, err) => {
    const e = translateTeamsAuthFailure(err);
    expect(e).toBeInstanceOf(TeamsUnauthenticatedError);
    expect(e).toMatchObject({ code: 'TEAMS_UNAUTHENTICATED', reason: expect.stringMatching(/^invalid token: /) });
  });

  it('leaves anything else to the caller (a failure of the bot: 500)', () => {
    expect(translateTeamsAuthFailure(new TypeError('x is not a function'))).toBeNull();
    expect(translateTeamsAuthFailure('boom')).toBeNull();
  });
});
