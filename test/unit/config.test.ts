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

describe('configuration', () => {
  describe('when nothing is configured', () => {
    it('runs embedded: PGlite in .data, in-process jobs, the console channel', () => {
      const config = loadConfig({}, '/srv/bot');
      expect(config.database.url).toBeUndefined();
      expect(config.database.dataDir).toBe('/srv/bot/.data');
      expect(config.queue.redisUrl).toBeUndefined();
      expect(config.channel).toBe('auto');
      expect(config.slack).toBeUndefined();
      expect(config.openai).toBeUndefined();
    });
  });

  it('admits two questions at a time offline, sixteen with a language model, or what QUESTION_CONCURRENCY says', () => {
    expect(loadConfig({}).cases.questionConcurrency).toBe(2);
    expect(loadConfig({ OPENAI_API_KEY: 'sk-test' }).cases.questionConcurrency).toBe(16);
    expect(loadConfig({ QUESTION_CONCURRENCY: '5', OPENAI_API_KEY: 'sk-test' }).cases.questionConcurrency).toBe(5);
    expect(() => loadConfig({ QUESTION_CONCURRENCY: '0' })).toThrow(/QUESTION_CONCURRENCY/);
  });

  it('treats empty variables as unset', () => {
    const config = loadConfig({ DATABASE_URL: '', REDIS_URL: '', OPENAI_API_KEY: '' });
    expect(config.database.url).toBeUndefined();
    expect(config.queue.redisUrl).toBeUndefined();
    expect(config.openai).toBeUndefined();
  });

  it('names every bad variable in one error', () => {
    const problems = problemsOf({ LOG_LEVEL: 'loud', HTTP_PORT: '99999', DATABASE_URL: 'mysql://x', REDIS_URL: 'localhost:6379' });
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/LOG_LEVEL/);
    expect(problems.join('\n')).toMatch(/HTTP_PORT/);
    expect(problems.join('\n')).toMatch(/DATABASE_URL: must be a postgres/);
    expect(problems.join('\n')).toMatch(/REDIS_URL: must be a redis/);
  });

  it('never prints a secret value in its message', () => {
    const problems = problemsOf({ DATABASE_URL: 'mysql://user:hunter2@db/x' });
    expect(problems.join('\n')).not.toContain('hunter2');
    expect(problems.join('\n')).toContain('set (hidden)');
  });

  it('requires a signing secret or app token with a Slack bot token', () => {
    expect(problemsOf({ SLACK_BOT_TOKEN: 'xoxb-1' })).toEqual([expect.stringMatching(/SLACK_BOT_TOKEN: requires SLACK_SIGNING_SECRET/)]);
    expect(problemsOf({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' })).toEqual([]);
  });

  it('requires an API key with an OpenAI base URL', () => {
    expect(problemsOf({ OPENAI_BASE_URL: 'http://127.0.0.1:9999/v1' })).toEqual([expect.stringMatching(/OPENAI_BASE_URL: requires OPENAI_API_KEY/)]);
  });

  it('rejects an unknown channel and queue prefix with a colon', () => {
    const problems = problemsOf({ CHANNEL: 'irc', QUEUE_PREFIX: 'a:b' });
    expect(problems.join('\n')).toMatch(/CHANNEL/);
    expect(problems.join('\n')).toMatch(/QUEUE_PREFIX/);
  });
});
