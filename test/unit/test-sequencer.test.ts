import path from 'node:path';

// The sequencer is plain CommonJS (jest loads it by path); its constructor needs only a context list.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const LongestFirst = require('../sequencer.cjs') as new (options: { contexts: unknown[] }) => { sort(tests: { path: string }[]): { path: string }[] };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const durations = require('../suite-durations.json') as Record<string, number>;

const root = path.join(__dirname, '..', '..');
const test = (relative: string) => ({ path: path.join(root, relative) });

describe('test sequencer (longest suites first on a clean clone)', () => {
  const sequencer = new LongestFirst({ contexts: [] });

  it('orders measured suites by their committed duration, longest first', () => {
    const measured = Object.entries(durations).sort(([, a], [, b]) => a - b).map(([file]) => file);
    expect(measured.length).toBeGreaterThan(10);
    const shortest = measured[0]!;
    const longest = measured.at(-1)!;
    const middle = measured[Math.floor(measured.length / 2)]!;
    const order = sequencer.sort([test(shortest), test(middle), test(longest)]).map((t) => path.relative(root, t.path));
    expect(order).toEqual([longest, middle, shortest]);
  });

  it('puts a suite it has no figure for before the short ones (a new suite is not left alone at the end)', () => {
    const short = Object.entries(durations).find(([, s]) => s < 10)![0];
    const order = sequencer.sort([test(short), test('test/integration/not-measured-yet.test.ts')]).map((t) => path.relative(root, t.path));
    expect(order).toEqual(['test/integration/not-measured-yet.test.ts', short]);
  });
});
