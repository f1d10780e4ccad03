import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { DyocenseError } from '../../errors/index.js';

/** File name of the lock inside a PGlite data directory. */
export const lockFileName = 'dyocense.lock';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function tryCreate(path: string): boolean {
  try {
    const descriptor = openSync(path, 'wx');
    writeSync(descriptor, String(process.pid));
    closeSync(descriptor);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/**
 * Takes an exclusive lock on `directory` by creating `dyocense.lock` with this process id. PGlite is
 * single-user PostgreSQL: a second process opening the same directory silently loses writes or corrupts it.
 * A lock left by a process that no longer runs is taken over.
 *
 * @returns a function that releases the lock.
 * @throws DyocenseError `conflict` when a running process (this one included) holds the lock.
 */
export function lockDirectory(directory: string): () => void {
  mkdirSync(directory, { recursive: true });
  const path = join(directory, lockFileName);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    if (tryCreate(path)) {
      return () => {
        try {
          unlinkSync(path);
        } catch {
          // Already gone: nothing to release.
        }
      };
    }
    let holder = Number.NaN;
    try {
      holder = Number.parseInt(readFileSync(path, 'utf8'), 10);
    } catch {
      // Removed between our attempt and the read: try again.
    }
    if (Number.isInteger(holder) && isAlive(holder)) {
      throw new DyocenseError({
        code: 'conflict',
        message: `The PGlite database in ${directory} is already open in process ${holder}; close it first (PGlite allows one process per data directory).`,
        details: { directory, pid: holder },
      });
    }
    try {
      unlinkSync(path);
    } catch {
      // Another process removed the stale lock first; the next attempt decides.
    }
  }
  throw new DyocenseError({
    code: 'conflict',
    message: `Could not lock the PGlite database in ${directory}: another process keeps taking the lock.`,
    details: { directory },
  });
}
