import fs from 'node:fs';
import path from 'node:path';
import { ROOT, sources } from '../helpers/sources.js';


describe('layer boundaries', () => {
  it.each(['handlers', 'knowledge', 'workers'])('keeps platform SDKs out of %s/', (dir) => {
    for (const file of sources(dir)) {
      const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
      expect({ file, imports: /from '(@slack\/|botbuilder|@microsoft\/)/.test(text) }).toEqual({ file, imports: false });
    }
  });

  it('reads process.env only in bot/config.ts', () => {
    const offenders = ['bot', 'handlers', 'knowledge', 'workers', 'db']
      .flatMap(sources)
      .filter((f) => f !== path.join('bot', 'config.ts'))
      .filter((f) => /process\.env/.test(fs.readFileSync(path.join(ROOT, f), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
