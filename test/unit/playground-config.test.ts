import { isLoopbackHost, loadConfig, runsPlayground } from '../../core/config.js';
import { ConfigError } from '../../core/errors.js';
import { mayWriteTo, staffThreadId, staffThreadRef } from '../../bot/playground/playground-refs.js';

function problemsOf(env: Record<string, string>, channel?: 'console'): string[] {
  try {
    loadConfig(env, '/srv/bot', { channel });
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('choosing the playground', () => {
  it('runs the playground when nothing is configured, and the console only when asked', () => {
    expect(runsPlayground(loadConfig({}))).toBe(true);
    expect(runsPlayground(loadConfig({ CHANNEL: 'console' }))).toBe(false);
    expect(runsPlayground(loadConfig({}, '.', { channel: 'console' }))).toBe(false);
    expect(runsPlayground(loadConfig({ CHANNEL: 'none' }))).toBe(false);
  });

  it('leaves it out when a chat platform is configured, unless asked for', () => {
    const slack = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' };
    expect(runsPlayground(loadConfig(slack))).toBe(false);
    expect(runsPlayground(loadConfig({ ...slack, CHANNEL: 'playground' }))).toBe(true);
  });

  it('lets the command-line flag win over CHANNEL', () => {
    expect(loadConfig({ CHANNEL: 'playground' }, '.', { channel: 'console' }).channel).toBe('console');
  });
});

describe('when the playground would listen on a public address', () => {
  it('refuses to start without an admin password, saying how to fix it', () => {
    const problems = problemsOf({ HTTP_HOST: '0.0.0.0' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^HTTP_HOST: 0\.0\.0\.0 is not a loopback address/);
    expect(problems[0]).toMatch(/ADMIN_PASSWORD/);
    expect(problems[0]).toMatch(/127\.0\.0\.1/);
  });

  it('starts with an admin password (the playground then asks for it)', () => {
    expect(problemsOf({ HTTP_HOST: '0.0.0.0', ADMIN_PASSWORD: 'correct horse battery' })).toEqual([]);
    expect(loadConfig({ HTTP_HOST: '0.0.0.0', ADMIN_PASSWORD: 'correct horse battery' }).admin).toEqual({ user: 'admin', password: 'correct horse battery' });
  });

  it('does not care without the playground (Docker runs CHANNEL=none on 0.0.0.0)', () => {
    expect(problemsOf({ HTTP_HOST: '0.0.0.0', CHANNEL: 'none' })).toEqual([]);
    expect(problemsOf({ HTTP_HOST: '0.0.0.0' }, 'console')).toEqual([]);
  });

  it('knows loopback addresses from public ones', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', 'LOCALHOST']) expect({ host, loopback: isLoopbackHost(host) }).toEqual({ host, loopback: true });
    for (const host of ['0.0.0.0', '::', '192.168.1.10', 'bot.example.com', '127.0.0.1.example.com']) expect({ host, loopback: isLoopbackHost(host) }).toEqual({ host, loopback: false });
  });
});

describe('playground refs', () => {
  it('round-trips staff threads and refuses ids it did not make', () => {
    expect(staffThreadId(staffThreadRef('abc123def'))).toBe('abc123def');
    expect(() => staffThreadRef('../../x')).toThrow(RangeError);
    expect(staffThreadId('slack:T1:C1:1712.0001')).toBeNull();
  });

  it("keeps each role to its own threads", () => {
    expect(mayWriteTo('staff', 'web:staff:abc123def')).toBe(true);
    expect(mayWriteTo('staff', 'web:responders:abc123def')).toBe(false);
    expect(mayWriteTo('responder', 'web:responders')).toBe(true);
    expect(mayWriteTo('responder', 'web:responders:abc123def')).toBe(true);
    expect(mayWriteTo('responder', 'web:staff:abc123def')).toBe(false);
    expect(mayWriteTo('admin', 'web:admin')).toBe(true);
    expect(mayWriteTo('staff', 'local:console:1')).toBe(false);
  });
});
