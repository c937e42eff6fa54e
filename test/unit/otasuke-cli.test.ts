import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { SUBCOMMANDS } from '../../bot/cli/otasuke.js';
import { ROOT } from '../helpers/sources.js';

/** The one front door: `otasuke <command>` runs each program the npm scripts run. */
describe('otasuke, the single command-line program', () => {
  const run = (...args: string[]) => spawnSync(process.execPath, [path.join(ROOT, 'bin', 'otasuke.js'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });

  it('lists every program with what it is for, and is the package’s bin', () => {
    const help = run('--help');
    expect(help.status).toBe(0);
    for (const s of SUBCOMMANDS) expect(help.stdout).toMatch(new RegExp(`^  ${s.name}\\s`, 'm'));
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string>; scripts: Record<string, string> };
    expect(pkg.bin).toEqual({ otasuke: 'bin/otasuke.js' });
  });

  it('keeps an npm script for every program but start, doctor and itself (they stay as aliases)', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    for (const s of SUBCOMMANDS.filter((x) => x.name !== 'doctor')) expect(Object.keys(pkg.scripts)).toContain(s.name);
  });

  it('runs the chosen program with the rest of the arguments', () => {
    const lint = run('kb', 'lint');
    expect(lint.status).toBe(0);
    expect(lint.stdout).toMatch(/\d+ articles, 0 problems/);
  });

  it('refuses an unknown command with the list and exit code 1', () => {
    const r = run('frobnicate');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('Commands:');
  });
});
