import fs from 'node:fs';
import path from 'node:path';
import { ROOT, sources } from '../helpers/sources.js';


const read = (f: string) => fs.readFileSync(path.join(ROOT, f), 'utf8');
const TEAMS = path.join('bot', 'teams');

describe('the Teams boundary', () => {
  it('keeps botbuilder inside bot/teams/', () => {
    const offenders = ['bot', 'handlers', 'knowledge', 'workers', 'db']
      .flatMap(sources)
      .filter((f) => !f.startsWith(TEAMS + path.sep))
      .filter((f) => /from '(botbuilder|botframework-)/.test(read(f)));
    expect(offenders).toEqual([]);
  });

  it('uses botbuilder at run time only in teams-connector.ts (the rest imports its types), so a move to the Agents SDK stays in one file', () => {
    const offenders = sources(TEAMS)
      .filter((f) => !f.endsWith('teams-connector.ts'))
      .filter((f) => /^import (?!type )[^;]*from '(botbuilder|botframework-)/m.test(read(f)));
    expect(offenders).toEqual([]);
  });

  it('builds and reads Teams refs only in teams-ids.ts', () => {
    const offenders = sources(TEAMS)
      .filter((f) => !f.endsWith('teams-ids.ts'))
      .filter((f) => /[`'"]teams:|;messageid=/.test(read(f)));
    expect(offenders).toEqual([]);
  });
});
