import { Writable } from 'node:stream';
import { createLogger, wantsPrettyLogs } from '../../core/logger.js';

function sink(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, cb) {
      text += String(chunk);
      cb();
    },
  });
  return { stream, text: () => text };
}

describe('log format', () => {
  it('is readable on a terminal outside production, JSON anywhere else', () => {
    expect(wantsPrettyLogs({ isTTY: true }, 'development')).toBe(true);
    expect(wantsPrettyLogs({ isTTY: true }, 'production')).toBe(false);
    expect(wantsPrettyLogs({ isTTY: false }, 'development')).toBe(false);
    expect(wantsPrettyLogs({}, 'test')).toBe(false);
  });

  it('writes one JSON object a line by default', () => {
    const out = sink();
    createLogger({ level: 'info', destination: out.stream }).info({ port: 3000 }, 'started');
    expect(JSON.parse(out.text().trim())).toMatchObject({ level: 30, msg: 'started', port: 3000, app: 'otasuke-bot' });
  });

  it('writes a time, the level and the message, then the fields, when pretty, and still redacts', () => {
    const out = sink();
    createLogger({ level: 'info', destination: out.stream, pretty: true }).warn({ port: 3000, config: { slack: { botToken: 'xoxb-secret' } } }, 'port busy');
    const text = out.text();
    expect(text).toMatch(/^\[\d\d:\d\d:\d\d\] WARN: port busy\n/);
    expect(text).toContain('port: 3000');
    expect(text).not.toContain('xoxb-secret');
    expect(text).not.toContain('{"level"');
  });
});
