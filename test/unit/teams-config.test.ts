import { loadConfig } from '../../core/config.js';
import { ConfigError } from '../../core/errors.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

const APP = { MICROSOFT_APP_ID: '00000000-0000-4000-8000-0000000000b0', MICROSOFT_APP_PASSWORD: 'secret-value' };

describe('Teams configuration', () => {
  it('is off unless an app id is set or TEAMS_ENABLED=true', () => {
    expect(loadConfig({}).teams).toBeUndefined();
    expect(loadConfig(APP).teams).toMatchObject({ appId: APP.MICROSOFT_APP_ID, appType: 'MultiTenant', fileLinkMinutes: 15, httpTimeoutMs: 15000 });
    expect(loadConfig({ TEAMS_ENABLED: 'true' }).teams).toMatchObject({ appId: undefined });
    expect(loadConfig({ ...APP, TEAMS_ENABLED: 'false' }).teams).toBeUndefined();
  });

  it('refuses to run without app credentials in production', () => {
    expect(problemsOf({ NODE_ENV: 'production', TEAMS_ENABLED: 'true' })).toEqual([expect.stringMatching(/^MICROSOFT_APP_ID: required in production/)]);
    expect(problemsOf({ NODE_ENV: 'production', ...APP })).toEqual([]);
  });

  it('names the missing half of an app registration', () => {
    expect(problemsOf({ MICROSOFT_APP_PASSWORD: 'x' })).toEqual([expect.stringMatching(/^MICROSOFT_APP_ID: required when/)]);
    expect(problemsOf({ MICROSOFT_APP_ID: APP.MICROSOFT_APP_ID })).toEqual([expect.stringMatching(/^MICROSOFT_APP_PASSWORD: required for a MultiTenant app/)]);
    expect(problemsOf({ ...APP, MICROSOFT_APP_TYPE: 'SingleTenant' })).toEqual([expect.stringMatching(/^MICROSOFT_APP_TENANT_ID: required for a SingleTenant app/)]);
    expect(problemsOf({ MICROSOFT_APP_ID: APP.MICROSOFT_APP_ID, MICROSOFT_APP_TYPE: 'UserAssignedMSI', MICROSOFT_APP_TENANT_ID: '11111111-2222-4333-8444-555555555555' })).toEqual([]);
    expect(problemsOf({ ...APP, MICROSOFT_APP_TYPE: 'Whatever' })).toEqual([expect.stringMatching(/^MICROSOFT_APP_TYPE/)]);
  });

  it('never prints the app password', () => {
    const problems = problemsOf({ MICROSOFT_APP_PASSWORD: 'hunter2-secret', TEAMS_FILE_LINK_MINUTES: '0' });
    expect(problems.join('\n')).not.toContain('hunter2');
  });

  it('takes a public URL for download links', () => {
    expect(loadConfig({ TEAMS_ENABLED: 'true', TEAMS_PUBLIC_URL: 'https://bot.example.com' }).teams?.publicUrl).toBe('https://bot.example.com');
    expect(problemsOf({ TEAMS_ENABLED: 'true', TEAMS_PUBLIC_URL: 'bot.example.com' })).toEqual([expect.stringMatching(/^TEAMS_PUBLIC_URL/)]);
  });
});

describe('TEAMS_OPENID_METADATA_URL (tests only)', () => {
  const URL_ = 'http://127.0.0.1:4567/v1/.well-known/openidconfiguration';

  it('points the inbound token check at another key set when an app id is configured', () => {
    expect(loadConfig({ ...APP, TEAMS_OPENID_METADATA_URL: URL_ }).teams?.openIdMetadataUrl).toBe(URL_);
    expect(loadConfig(APP).teams).not.toHaveProperty('openIdMetadataUrl');
  });

  it('is refused in production, with the reason and the fix', () => {
    const problems = problemsOf({ NODE_ENV: 'production', ...APP, TEAMS_OPENID_METADATA_URL: URL_ });
    expect(problems).toEqual([expect.stringMatching(/^TEAMS_OPENID_METADATA_URL: not allowed in production: .*tests only.*unset it/)]);
  });

  it('requires an app id (without one no token is checked) and an http(s) URL', () => {
    expect(problemsOf({ TEAMS_ENABLED: 'true', TEAMS_OPENID_METADATA_URL: URL_ })).toEqual([expect.stringMatching(/^TEAMS_OPENID_METADATA_URL: requires MICROSOFT_APP_ID/)]);
    expect(problemsOf({ ...APP, TEAMS_OPENID_METADATA_URL: 'file:///etc/keys.json' })).toEqual([expect.stringMatching(/^TEAMS_OPENID_METADATA_URL/)]);
    expect(problemsOf({ ...APP, TEAMS_OPENID_METADATA_URL: 'not a url' })).toEqual([expect.stringMatching(/^TEAMS_OPENID_METADATA_URL/)]);
  });
});
