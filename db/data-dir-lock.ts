import fs from 'node:fs';
import { DatabaseBusyError } from './errors.js';

/**
 * Keeps a second bot process off an embedded database folder. PGlite is one
 * process's database: two processes writing the same files corrupt them, and
 * the usual way to get there is `npm start -- --console` while the playground
 * runs. The lock is a file holding the owner's process id, created exclusively;
 * one left by a process that no longer runs (a crash, a kill -9) is taken over.
 */
export class DataDirLock {
  private constructor(private readonly file: string) {}

  /** Takes the lock or throws DatabaseBusyError naming the process that holds it. */
  static acquire(file: string, dataDir: string): DataDirLock {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number.parseInt(fs.readFileSync(file, 'utf8').trim(), 10);
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && running(holder)) {
        throw new DatabaseBusyError(dataDir, holder, file);
      }
      fs.writeFileSync(file, String(process.pid));
    }
    return new DataDirLock(file);
  }

  /** Gives the folder back (only if this process still holds it). */
  release(): void {
    try {
      if (fs.readFileSync(this.file, 'utf8').trim() === String(process.pid)) fs.unlinkSync(this.file);
    } catch {
      // Already gone: nothing to give back.
    }
  }
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it runs, as another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
