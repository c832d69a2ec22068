import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** One run at a time per machine: two runs would share the cluster name, the ports and the leftovers cleanup. */
export const LOCK_FILE = path.join(os.tmpdir(), 'dask-cdktf-e2e.lock');

/** The lock of this run, or the pid of the run that holds it. */
export type LockResult = { readonly release: () => void } | { readonly heldBy: number };

/** Takes the machine-wide lock of the suite; a lock left by a process that no longer runs is taken over. */
export function acquireLock(file = LOCK_FILE): LockResult {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o644);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return { release: () => releaseIfOurs(file) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && isRunning(holder)) return { heldBy: holder };
      unlinkSync(file); // stale: its run ended without releasing it
    }
  }
  throw new Error(`cannot take the lock ${file}`);
}

function releaseIfOurs(file: string): void {
  try {
    if (readFileSync(file, 'utf8').trim() === String(process.pid)) unlinkSync(file);
  } catch {
    // already gone
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
