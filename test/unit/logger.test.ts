import { memoryLogger } from '../helpers/logger.js';

describe('the logger', () => {
  it('blanks out tokens, keys and connection strings wherever they appear', () => {
    const { logger, records } = memoryLogger('info');
    logger.info(
      {
        config: { openai: { apiKey: 'sk-secret' }, slack: { botToken: 'xoxb-secret', oauth: { clientSecret: 'cs-secret', stateSecret: 'st-secret' } }, teams: { appPassword: 'ms-secret' }, admin: { password: 'pw-secret' } },
        database: { url: 'postgres://u:pw@h/db' },
      },
      'cfg',
    );
    const line = JSON.stringify(records());
    expect(line).not.toContain('sk-secret');
    expect(line).not.toContain('xoxb-secret');
    expect(line).not.toContain('pw@h');
    for (const secret of ['cs-secret', 'st-secret', 'ms-secret', 'pw-secret']) expect(line).not.toContain(secret);
    expect(line).toContain('[redacted]');
  });
});
