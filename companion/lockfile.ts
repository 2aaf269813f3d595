/**
 * `<dataDir>/companion.json` — {pid, port, startedAt} of the companion using
 * this data dir. Created exclusively (temp file + link, which fails if the
 * file exists) so two companions cannot share a data dir; later updates are
 * atomic (temp file + rename). `inlay status` and `doctor` read it.
 */
import { existsSync, linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export const LOCK_FILE = 'companion.json';

export const LockInfo = z.object({
  pid: z.number().int().positive(),
  port: z.number().int().nonnegative(),
  startedAt: z.string(),
});
export type LockInfo = z.infer<typeof LockInfo>;

export function lockPath(dataDir: string): string {
  return join(dataDir, LOCK_FILE);
}

export function readLock(dataDir: string): LockInfo | null {
  try {
    const parsed = LockInfo.safeParse(JSON.parse(readFileSync(lockPath(dataDir), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function tempFor(file: string): string {
  return `${file}.${process.pid}.${Date.now()}.tmp`;
}

export class DataDirBusyError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockInfo,
  ) {
    super(
      `Another Inlay companion (pid ${holder.pid}, port ${holder.port}) is already using ${dataDir}. ` +
        'Stop it first (`npx inlay status` shows it), or use --data-dir for a separate one.',
    );
    this.name = 'DataDirBusyError';
  }
}

/** Takes the data dir for this process; a stale file (its process is gone) is replaced. */
export function acquireLock(dataDir: string, info: LockInfo): void {
  const file = lockPath(dataDir);
  for (let attempt = 0; attempt < 2; attempt++) {
    const tmp = tempFor(file);
    writeFileSync(tmp, JSON.stringify(info) + '\n', { mode: 0o600 });
    try {
      linkSync(tmp, file);
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readLock(dataDir);
      if (holder && isProcessAlive(holder.pid)) throw new DataDirBusyError(dataDir, holder);
      rmQuiet(file); // stale: its companion is gone
    } finally {
      rmQuiet(tmp);
    }
  }
  throw new Error(`Could not take ${file}; remove it if no companion is running.`);
}

/** Rewrites our lock atomically (e.g. with the real port after listen). */
export function updateLock(dataDir: string, info: LockInfo): void {
  const file = lockPath(dataDir);
  const tmp = tempFor(file);
  writeFileSync(tmp, JSON.stringify(info) + '\n', { mode: 0o600 });
  renameSync(tmp, file);
}

/** Removes the lock if it is still ours. */
export function releaseLock(dataDir: string, info: LockInfo): void {
  const held = readLock(dataDir);
  if (held && held.pid === info.pid && held.startedAt === info.startedAt) rmQuiet(lockPath(dataDir));
}

function rmQuiet(file: string): void {
  try {
    if (existsSync(file)) unlinkSync(file);
  } catch {
    // already gone
  }
}
