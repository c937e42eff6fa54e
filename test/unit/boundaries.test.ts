import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

function sources(dir: string): string[] {
  return fs
    .readdirSync(path.join(ROOT, dir), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(dir, f));
}

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
