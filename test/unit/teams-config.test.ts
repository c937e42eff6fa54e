import { loadConfig } from '../../bot/config.js';
import { ConfigError } from '../../bot/errors.js';

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
