/** Opening the companion's database from a CLI command (another process may have it open too: WAL). */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DATABASE_FILE } from '../app.js';
import { openSqliteStore } from '../store/sqlite.js';
import type { Store } from '../store/types.js';

export function databasePath(dataDir: string): string {
  return join(dataDir, DATABASE_FILE);
}

/** Opens and migrates; with create: false, resolves null when there is no database yet. */
export async function openStoreAt(dataDir: string, opts: { create: true }): Promise<Store>;
export async function openStoreAt(dataDir: string, opts: { create: false }): Promise<Store | null>;
export async function openStoreAt(dataDir: string, opts: { create: boolean }): Promise<Store | null> {
  const file = databasePath(dataDir);
  if (!existsSync(file)) {
    if (!opts.create) return null;
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  }
  const store = openSqliteStore({ file });
  try {
    await store.migrate();
  } catch (err) {
    await store.close().catch(() => {});
    throw err;
  }
  return store;
}
