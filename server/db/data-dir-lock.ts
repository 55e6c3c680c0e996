import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export class DataDirTakenError extends Error {}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A pid reused by some other program after a crash does not hold the folder.
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('node');
  } catch {
    return true;
  }
}

/**
 * Holds `dataDir` for this process: `hub.lock` holds our pid, made with link(2), which fails when
 * the file exists, so two hubs starting at once cannot both take it. A lock left by a hub that
 * died (even by SIGKILL) names a pid that is gone and is taken over.
 */
export function lockDataDir(dataDir: string): { release(): void } {
  mkdirSync(dataDir, { recursive: true });
  const lock = join(dataDir, 'hub.lock');
  const mine = join(dataDir, `hub.lock.${process.pid}`);
  writeFileSync(mine, `${process.pid}\n`);
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        linkSync(mine, lock);
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw err;
        const holder = Number.parseInt(readFileSync(lock, 'utf8'), 10);
        if (alive(holder)) {
          throw new DataDirTakenError(`Another hub (pid ${holder}) is using the data folder ${dataDir}: stop it first, or give this one another DATA_DIR.`);
        }
        unlinkSync(lock);
      }
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new DataDirTakenError(`Another hub took the data folder ${dataDir} at the same moment: give this one another DATA_DIR.`);
    }
    throw err;
  } finally {
    unlinkSync(mine);
  }
  return {
    release() {
      try {
        if (Number.parseInt(readFileSync(lock, 'utf8'), 10) === process.pid) unlinkSync(lock);
      } catch {
        /* already gone */
      }
    },
  };
}
