/** Shared by the store's tests (and usable by other suites): temp databases and sample items. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CapturedItem } from '../../shared/model.js';
import { manualClock } from '../clock.js';
import { sequentialIds } from '../ids.js';
import { openSqliteStore } from './sqlite.js';
import type { SqliteStore, SqliteStoreOptions } from './sqlite.js';

export interface TempDir {
  path: string;
  file(name?: string): string;
  remove(): void;
}

export function tempDir(prefix = 'inlay-store-'): TempDir {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return {
    path,
    file: (name = 'data/inlay.db') => join(path, name),
    remove: () => rmSync(path, { recursive: true, force: true }),
  };
}

/** A migrated store on a fresh file, with a manual clock and sequential ids unless given. */
export async function openTestStore(
  file: string,
  opts: Partial<Omit<SqliteStoreOptions, 'file'>> = {},
): Promise<SqliteStore> {
  const store = openSqliteStore({ file, clock: manualClock(), ids: sequentialIds(), ...opts });
  await store.migrate();
  return store;
}

export function sampleItem(n: number, over: Partial<CapturedItem> = {}): CapturedItem {
  return {
    platform: 'x',
    nativeId: `18000000000000${String(n).padStart(5, '0')}`,
    kind: 'reply',
    profile: 'acme',
    author: { handle: `user${n}`, name: `User ${n}`, url: `https://x.com/user${n}`, verified: n % 2 === 0 },
    text: `Reply number ${n}: where is my order?`,
    permalink: `https://x.com/user${n}/status/18000000000000${String(n).padStart(5, '0')}`,
    siteTimestamp: '2026-01-01T00:00:00.000Z',
    parentId: '1799999999999999999',
    threadId: '1799999999999999999',
    lang: 'en',
    ...over,
  };
}

/** A valid op id (the protocol's OpId: 8–64 of [A-Za-z0-9_-]). */
export function opId(n: number | string): string {
  return `op_${String(n).padStart(8, '0')}`;
}
