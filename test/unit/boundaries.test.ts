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

  it('reads process.env only in core/config.ts', () => {
    const offenders = ['core', 'bot', 'handlers', 'knowledge', 'workers', 'db']
      .flatMap(sources)
      .filter((f) => f !== path.join('core', 'config.ts'))
      .filter((f) => /process\.env/.test(fs.readFileSync(path.join(ROOT, f), 'utf8')));
    expect(offenders).toEqual([]);
  });

  // core ← db ← knowledge ← handlers ← workers, bot (the lint enforces the same; this says which file).
  const LAYERS = ['core', 'db', 'knowledge', 'handlers', 'workers', 'bot'];
  it.each(LAYERS.slice(0, -1))('imports nothing above %s/', (layer) => {
    const above = new Set(layer === 'workers' ? ['bot'] : LAYERS.slice(LAYERS.indexOf(layer) + 1));
    const upward = sources(layer).flatMap((file) =>
      [...fs.readFileSync(path.join(ROOT, file), 'utf8').matchAll(/from '(\.{1,2}\/[^']+)'/g)]
        .map((m) => path.normalize(path.join(path.dirname(file), m[1]!)).split(path.sep)[0]!)
        .filter((top) => above.has(top))
        .map((top) => `${file} → ${top}/`),
    );
    expect(upward).toEqual([]);
  });

  it('keeps core/ free of the project: it imports only packages and itself', () => {
    const outside = sources('core').flatMap((file) =>
      [...fs.readFileSync(path.join(ROOT, file), 'utf8').matchAll(/from '(\.{1,2}\/[^']+)'/g)]
        .filter((m) => path.normalize(path.join(path.dirname(file), m[1]!)).split(path.sep)[0] !== 'core')
        .map((m) => `${file} → ${m[1]}`),
    );
    expect(outside).toEqual([]);
  });
});
