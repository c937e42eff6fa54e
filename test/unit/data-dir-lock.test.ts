import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataDirLock } from '../../db/data-dir-lock.js';
import { DatabaseBusyError } from '../../db/errors.js';

describe('the embedded database folder lock', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'otasuke-lock-'));
    file = path.join(dir, 'pglite.lock');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is taken with this process id and given back', () => {
    const lock = DataDirLock.acquire(file, dir);
    expect(fs.readFileSync(file, 'utf8')).toBe(String(process.pid));
    lock.release();
    expect(fs.existsSync(file)).toBe(false);
  });

  it('refuses a folder another running process holds, naming it', () => {
    fs.writeFileSync(file, String(process.ppid));
    const err = (() => {
      try {
        DataDirLock.acquire(file, dir);
        return null;
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(DatabaseBusyError);
    expect(err).toMatchObject({ code: 'DB_BUSY', pid: process.ppid, dataDir: dir });
  });

  it('takes over a lock left by a process that no longer runs', () => {
    const gone = spawnSync(process.execPath, ['-e', '0']).pid!;
    fs.writeFileSync(file, String(gone));
    DataDirLock.acquire(file, dir).release();
    expect(fs.existsSync(file)).toBe(false);
  });
});
