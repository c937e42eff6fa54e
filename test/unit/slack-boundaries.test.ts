import fs from 'node:fs';
import path from 'node:path';
import { ROOT, sources } from '../helpers/sources.js';


describe('the Slack boundary', () => {
  it('keeps @slack/* inside bot/slack/', () => {
    const offenders = ['bot', 'handlers', 'knowledge', 'workers', 'db']
      .flatMap(sources)
      .filter((f) => !f.startsWith(path.join('bot', 'slack') + path.sep))
      .filter((f) => /from '@slack\//.test(fs.readFileSync(path.join(ROOT, f), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('builds and reads Slack refs only in slack-ids.ts (the rest of bot/slack goes through it)', () => {
    const offenders = sources(path.join('bot', 'slack'))
      .filter((f) => !f.endsWith('slack-ids.ts'))
      .filter((f) => /[`'"]slack:\$\{|split\(':'\)/.test(fs.readFileSync(path.join(ROOT, f), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
